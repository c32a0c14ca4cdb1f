"""Copied text for the metadata step: the lines near the top, each with what it holds.

A copied page has no tags: the headline is a line near the top, usually
followed by a byline and a date and then by the first paragraph; menus,
breadcrumbs, share labels and product options are lines too. ``snapshot``
reads the lines once (their words, the bylines and dates written in them,
what the rules made of them); each field's candidates (``text_title``,
``text_date``, ``text_author``) are described from it.

Standard library only: this runs on the copied-text path.
"""
from __future__ import annotations

import re

from ..metadata import Metadata
from ..text.document import Document
from .authors import is_role, split_authors
from ..dates import find_dates
from .title import key as title_key


TOP = 300  # non-blank lines read from the top


# Characters of a line read: enough for any paragraph, so a pathological 50 MB line costs no
# more than a long paragraph does.
LINE_CHARS = 20_000


PROSE_WORDS = 10  # a kept line of this many words ending like a sentence starts the article


_BY = re.compile(r"^\s*(?:(?:written|posted|reviewed|words|story|article|published)\s+)?"
                 r"(?:(?:by|von|par|por|door|av|af)[\s\u00a0:]+(?=\S)|(?-i:By)(?=[A-Z][a-z]))", re.I)


_INNER_BY = re.compile(r"(?:^|[\s|•·⋅,])(?:[Bb]y|[Vv]on|[Pp]ar|[Pp]or|[Dd]oor)[\s\u00a0:]+(?=[A-ZÀ-ÖØ-Þ])")


_AUTHOR_LABEL = re.compile(r"^\s*(?:authors?|autor(?:in)?|auteur|written by|posted by)\s*[:\-–]\s*(?=\S)", re.I)


_WORD = re.compile(r"\w+")


_DIGIT = re.compile(r"\d")


_SENTENCE_END = (".", "!", ";", ",", ":")


# A date glued to the name before it, as copies of bylines often are: "Jane RoeMar 5, 2025".
_GLUED_MONTH = re.compile(r"(?<=[a-z])(?=(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?\s+\d)")


def count_words(line: str) -> int:
    return len(line.split())


def _title_like(line: str) -> bool:
    n = count_words(line)
    return 1 <= n <= 30 and len(line) <= 250


def caps_share(line: str) -> float:
    words = [w for w in line.split() if w[:1].isalpha()]
    return sum(w[0].isupper() for w in words) / len(words) if words else 0.0


def _byline_names(line: str) -> list[str]:
    """People named in a byline-like line: after By / Author:, cut at a date or a separator."""
    m = _BY.match(line) or _AUTHOR_LABEL.match(line) or _INNER_BY.search(line)
    rest = line[m.end():] if m else line
    dates = find_dates(rest)
    if dates:
        rest = rest[: dates[0][0]]
    rest = _GLUED_MONTH.split(rest, 1)[0]
    parts = re.split(r"\s[-–—|•·⋅/]\s|[–—]|\s{2,}|\s+(?:on|am|le|el|il|op|at)\s+(?=\S)|\bupdated\b|\bpublished\b|"
                     r"\bposted\b|(?-i:UPDATED|PUBLISHED|POSTED)\b", rest, flags=re.I)
    if not parts:
        return []
    # a role ends the names: what follows it is the role's place ("Jane Roe, Senior Director,
    # Content & Marketing, Example Institute")
    kept = []
    for part in parts[0].split(","):
        if kept and is_role(part.strip()):
            break
        kept.append(part)
    return split_authors(",".join(kept))


# A date glued to the text around it, as copies of bylines and post headers often are: a name
# before it ("Jane RoeMar 5, 2025") or a post's age after its year ("April 2, 20241 yr").
_GLUED_AGE = re.compile(r"(?<=\d{4})(?=\d{1,2}\s?(?:yrs?|years?|mos?|months?|wks?|weeks?|days?|d|hrs?|hours?|h)\b)")


# Month first with dots or dashes ("06.18.2025"): read so only when day first cannot be a date.
_MONTH_DOT = re.compile(r"(?<![\d.])(\d{1,2})([.-])(1[3-9]|2\d|3[01])\2((?:199|20[0-3])\d)(?!\d)")


def _line_dates(text: str) -> list[tuple[int, str]]:
    """The dates written in a line, as ``find_dates`` reads them once glued ones are set apart
    (offsets are the line's own)."""
    found = _spaced_dates(text)
    if "." in text or "-" in text:
        for m in _MONTH_DOT.finditer(text):
            valid = find_dates(f"{m[4]}-{m[1]}-{m[3]}")  # the calendar's check: no 30 February
            if valid and all(offset != m.start() for offset, _ in found):
                found.append((m.start(), valid[0][1]))
        found.sort()
    return found


def _spaced_dates(text: str) -> list[tuple[int, str]]:
    spaced = _GLUED_AGE.sub(" ", _GLUED_MONTH.sub(" ", text))
    if len(spaced) == len(text):
        return find_dates(text)
    # map each offset of the spaced text back to the line's own
    back, n = [], 0
    for ch in spaced:
        back.append(n)
        if n < len(text) and ch == text[n]:
            n += 1
    return [(back[offset], value) for offset, value in find_dates(spaced)]


class Line:
    """One line near the top: its text, the dates in it, and whether it is a byline."""

    __slots__ = ("index", "text", "n", "dates", "byline", "inner_by", "names", "dropped", "moved")

    def __init__(self, index: int, text: str, dropped: bool = False, moved: bool = False):
        self.index = index
        self.text = text
        self.dates = _line_dates(text) if _DIGIT.search(text) else []
        self.n = n = count_words(text)  # its words, counted once: every feature asks
        # not a sentence ("By signing up, you agree to ..."), unless dated ("Posted by Jane Roe on
        # 2025-12-18 in news. Tags: ...")
        short = n <= 25 and not (n > 8 and text.endswith(".") and not self.dates)
        m = _BY.match(text) or _AUTHOR_LABEL.match(text)
        self.byline = bool(m) and short and text[m.end():m.end() + 1].isupper()
        self.inner_by = not self.byline and short and bool(_INNER_BY.search(text))
        self.names = _byline_names(text) if self.byline or self.inner_by else []
        self.dropped = dropped
        self.moved = moved


class Snapshot:
    """The top of a cleaned document as the metadata step reads it (no reference to the Document)."""

    def __init__(self, lines: list[Line], rule_title: str | None, rule_author: list[str] | None,
                 rule_site: str | None = None):
        self.lines = lines
        self.rule_title = rule_title
        self.rule_author = rule_author
        self.rule_site = rule_site
        # each line's key and its words of more than three letters, read once for every feature
        self.keys = [title_key(x.text) for x in lines]
        self.wordsets = [{w for w in k.split() if len(w) > 3} for k in self.keys]
        self.counts: dict[str, int] = {}
        for k in self.keys:
            if k:
                self.counts[k] = self.counts.get(k, 0) + 1
        self.words: dict[str, int] = {}
        for own in self.wordsets:
            for w in own:
                self.words[w] = self.words.get(w, 0) + 1
        first_kept = next((p for p, x in enumerate(lines) if not x.dropped and _title_like(x.text)), -1)
        self.first_kept = first_kept
        self.first_prose = next((p for p, x in enumerate(lines) if not x.dropped and x.n >= PROSE_WORDS
                                 and x.text.endswith((".", "!", "?", "\"", "”"))), -1)

    def as_json(self) -> dict:
        return {"lines": [[x.index, x.text, x.dropped, x.moved] for x in self.lines],
                "rule_title": self.rule_title, "rule_author": self.rule_author, "rule_site": self.rule_site}

    @classmethod
    def from_json(cls, data: dict) -> "Snapshot":
        return cls([Line(*row) for row in data["lines"][:TOP]], data["rule_title"], data["rule_author"],
                   data.get("rule_site"))


def snapshot(doc: Document, meta: Metadata) -> Snapshot:
    """The first ``TOP`` non-blank lines, what the rules did to them, and what they captured."""
    lines = []
    for index, text in enumerate(doc.lines):
        text = " ".join(text[:LINE_CHARS].replace("\u00a0", " ").split())
        if text:
            lines.append(Line(index, text, index in doc.dropped, index in doc.moved))
            if len(lines) >= TOP:
                break
    title = meta.fields.get("title")
    author = meta.fields.get("author")
    site = meta.fields.get("site")
    return Snapshot(lines, title if isinstance(title, str) else None,
                    list(author) if isinstance(author, list) else None, site if isinstance(site, str) else None)


def prose_relation(snap: Snapshot, pos: int) -> tuple[float, float]:
    fp = snap.first_prose
    return float(fp >= 0 and 0 < fp - pos <= 8), float(fp >= 0 and pos < fp)
