"""What ``cleaner check`` reports and what ``cleaner fix`` writes, for files kept in a repository.

Both come from one value, a ``FixPlan``, so check reports exactly what fix
removes. The plan runs the file through ``pipeline.clean_source`` (the single
path) and takes the chrome lines it removed; it never re-renders the body.
Instead it deletes exactly those lines from the original text:

- content lines that left the body only because they became metadata (the
  headline, the dateline, the standfirst: ``Removal.chrome`` is false) stay;
- Markdown front matter is never touched; every kept line keeps its bytes,
  line ending (CRLF, CR) and place; the file is encoded back with the encoding
  it was read in, and a file that would not come back byte for byte is refused;
- blank lines that end up side by side where chrome was cut are folded into
  the widest run that was there, and dropped at the start and end of the file.

Removing lines can bring other chrome into a rule's region, so the plan repeats
until the rules find nothing: a fixed file checks
clean and fixes to itself. A plan that would remove more than ``max_removal`` of
a file's words (each character counting as a word in scripts written without
spaces, so a Chinese page is measured as finely as an English one) is refused: the file is reported and left alone (a page that is
all navigation is not an article to clean, it is a mistake to look at).

HTML files go through ``htmlfix``: same findings, and a limited, safe fix.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ..config import DEFAULT_MAX_REMOVAL
from .findings import MAX_PASSES, Finding
from ..io.detect import detect_input_type
from ..model import Source
from ..text.keys import squash
from ..text.parse import split_front_matter
from ..text.scripts import word_count
from ..pipeline import Options, clean_source
from ..text.mojibake import repair
from ..packs.ruleset import RuleSet
from ..io.sources import decode, encode

_LINES = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+\Z")
_LINE_BREAK = re.compile(r"\r\n|\r|\n")


@dataclass(frozen=True)
class FixPlan:
    """A file's findings and the bytes fix would write (``fixed == original``: nothing to do)."""

    path: str
    kind: str
    encoding: str
    original: bytes
    fixed: bytes
    findings: tuple[Finding, ...]
    words: int  # words of the file's text (its body, for Markdown)
    removed_words: int  # words fix removes (or would, when refused)
    refused: str = ""  # why fix leaves the file alone, when it does

    @property
    def changed(self) -> bool:
        return self.fixed != self.original

    @property
    def unfixable(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if not f.fixable)

    def texts(self) -> tuple[str, str]:
        """The file's text before and after the fix, decoded the same way (for diffs)."""
        return decode(self.original, self.path)[0], decode(self.fixed, self.path)[0]


class Fixer:
    """Plans fixes with one rule set; builds the rule id -> message table once."""

    def __init__(self, ruleset: RuleSet, *, max_removal: float = DEFAULT_MAX_REMOVAL,
                 url: str | None = None, kind: str | None = None):
        self.ruleset = ruleset
        self.max_removal = max_removal
        self.url = url
        self.input_type = kind
        self.messages = {r.id: r.info.message for p in ruleset.packs for r in p.rules}

    def plan(self, data: bytes, name: str) -> FixPlan:
        """The plan for one file's bytes; raises ``InputError`` for binary or undecodable data."""
        text, encoding = decode(data, name)
        kind = self.input_type or detect_input_type(text, Path(name).suffix)
        if kind == "html":
            from .htmlfix import plan_html

            findings, new_text, words, removed_words = plan_html(self.ruleset, text, name, encoding,
                                                                 url=self.url, messages=self.messages)
        else:
            findings, new_text, words, removed_words = self._plan_lines(text, name, encoding, kind)
        refused = ""
        fixed = data
        if new_text != text:
            if removed_words > self.max_removal * words:
                refused = (f"fix would remove {_percent(removed_words, words)} of its words "
                           f"(limit {_percent(self.max_removal, 1)}): left alone, look at it by hand")
            elif encode(text, encoding, data) != data:
                refused = f"cannot write it back byte for byte as {encoding}: left alone"
            else:
                fixed = encode(new_text, encoding, data)
        return FixPlan(name, kind, encoding, data, fixed, tuple(findings), words, removed_words, refused)

    def _source(self, name: str, text: str, encoding: str) -> Source:
        return Source(name=name, text=text, suffix=Path(name).suffix, encoding=encoding)

    def _plan_lines(self, text: str, name: str, encoding: str, kind: str):
        lines = _LINES.findall(text)
        body_start = split_front_matter(text)[2] - 1 if kind == "markdown" else 0
        current = list(range(len(lines)))  # indexes into ``lines`` of what the file holds now
        removed: dict[int, str] = {}  # first line of each removal -> rule
        gone_lines: set[int] = set()  # every line removed
        stuck: list[tuple[int, str, str]] = []  # (line, rule, text) of chrome that is not removable
        options = Options(url=self.url, input_type=kind)
        for _ in range(MAX_PASSES):
            source = self._source(name, "".join(lines[i] for i in current), encoding)
            gone: set[int] = set()
            stuck = []
            for r in clean_source(source, self.ruleset, options).removed:
                pos = r.line - 1
                if not r.chrome or not 0 <= pos < len(current) or current[pos] < body_start:
                    continue
                extent = _extent(lines, current, pos, r.text)
                if extent is None:
                    stuck.append((current[pos], r.rule, r.text))
                    continue
                removed.setdefault(current[pos], r.rule)
                gone.update(range(pos, pos + extent))
            if not gone:
                break
            gone_lines.update(current[k] for k in gone)
            current = _tidy(lines, current, gone, body_start)
        findings = []
        for index, rule in sorted(removed.items()):
            line = _LINE_BREAK.sub("", lines[index])
            findings.append(Finding(name, index + 1, len(line) - len(line.lstrip()) + 1, rule,
                                    self.messages.get(rule, ""), line.strip()))
        for index, rule, said in stuck:
            line = _LINE_BREAK.sub("", lines[index])
            findings.append(Finding(name, index + 1, len(line) - len(line.lstrip()) + 1, rule,
                                    self.messages.get(rule, ""), " ".join(said.split()), fixable=False))
        findings.sort(key=lambda f: (f.line, f.column))
        words = sum(word_count(lines[i]) for i in range(body_start, len(lines)))
        removed_words = sum(word_count(lines[i]) for i in gone_lines)
        return findings, "".join(lines[i] for i in current), words, removed_words


def _extent(lines: list[str], current: list[int], pos: int, said: str) -> int | None:
    """How many file lines, from ``pos``, hold the removed text ``said``; None if they do not.

    One, unless the pipeline joined a paragraph written over several lines (hard-wrapped
    text) into one: then every line of it goes. Nothing is removed on a mismatch. The
    pipeline reads lines repaired (text/mojibake.py), so a file line is compared repaired too.
    """
    want = squash(said)
    have = ""
    for k in range(pos, min(len(current), pos + 200)):
        have += squash(repair(lines[current[k]]))
        if have == want:
            return k - pos + 1
        if not want.startswith(have):
            return None
    return None


def _blank(line: str) -> bool:
    return not line.strip()


def _tidy(lines: list[str], current: list[int], gone: set[int], body_start: int) -> list[int]:
    """``current`` without the positions in ``gone``, with the blank lines around them folded.

    A gap is a run of removed and blank lines. Where chrome was cut from a gap,
    its blank lines are folded into the widest run of them (kept byte for byte),
    or dropped when the gap opens or closes the file. Gaps without removals and
    front matter lines are never touched.
    """
    out: list[int] = []
    n = len(current)
    i = 0

    def in_gap(k: int) -> bool:
        return k in gone or (current[k] >= body_start and _blank(lines[current[k]]))

    while i < n:
        if not in_gap(i):
            out.append(current[i])
            i += 1
            continue
        j = i
        while j < n and in_gap(j):
            j += 1
        run = range(i, j)
        if not any(k in gone for k in run):
            out.extend(current[k] for k in run)
        elif i > 0 and j < n:
            best: list[int] = []
            stretch: list[int] = []
            for k in run:
                if k in gone:
                    stretch = []
                else:
                    stretch.append(current[k])
                    if len(stretch) > len(best):
                        best = list(stretch)
            out.extend(best)
        i = j
    return out


def _percent(part: float, whole: float) -> str:
    return f"{round(100 * part / whole) if whole else 0}%"
