"""Regular expressions for rules: compiled once, matched line by line, under a time limit.

A rule pattern is written for one line (``^`` and ``$`` are the line's ends).
Calling the regex engine once per line per rule would cost far too much, so
``LinePattern`` finds candidate lines in one pass over the document's text,
then confirms each candidate on its own line with ``regex``. That keeps the
per-line meaning (``\\s`` never reaches into the next line).

The pass is RE2's (``finder``): the pattern translated into an RE2 pattern
that matches at least the same lines, run in linear time (see
``prefilter``). A pattern RE2 cannot take scans with ``regex`` itself, kept
fast two ways. A pattern anchored at the line start (``^...``, the common
case) is scanned as ``\\n...`` over the text with a newline in front, so the
engine jumps from newline to newline instead of trying every character. And
a rule may look only at lines of at most ``max_chars`` characters (chrome is
short); the scan then runs over a view of the document in which longer lines
are blanked out.

Every ``regex`` call takes the document's deadline: a runaway pattern raises
``DocumentTimeout`` for that document instead of hanging the run.
"""
from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import regex

from .. import deadline
from ..deadline import DEFAULT_MATCH_SECONDS
from ..errors import DocumentTimeout

if TYPE_CHECKING:
    from ..text.document import Document

# A pattern searches line by line for its first few documents, then compiles its scan form.
SCAN_AFTER_USES = 4

_GROUP_NAME = regex.compile(r"(?<!\\)\(\?P?<([A-Za-z_]\w*)>")
_LEADING_FLAGS = regex.compile(r"(?:\(\?[a-zA-Z]+\))+")


def remaining(doc: "Document | None") -> float:
    """Seconds left for this document's regex work; raises once the budget is gone."""
    if doc is None:
        return deadline.remaining(None, "<input>")
    return deadline.remaining(doc.deadline, doc.name)


def _has_top_level_alternation(body: str) -> bool:
    depth, i, in_class = 0, 0, False
    while i < len(body):
        c = body[i]
        if c == "\\":
            i += 2
            continue
        if in_class:
            in_class = c != "]"
        elif c == "[":
            in_class = True
            if body[i + 1:i + 2] == "]":
                i += 1
        elif c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
        elif c == "|" and depth == 0:
            return True
        i += 1
    return False


def _single_line_spaces(body: str) -> str:
    """``\\s`` outside character classes rewritten as ``[^\\S\\n]`` for the whole-text scan.

    A per-line match never contains a newline, so the scan loses nothing; but
    it no longer wanders across blank lines, which made some scans slow.
    """
    out, i, in_class = [], 0, False
    while i < len(body):
        c = body[i]
        if c == "\\":
            pair = body[i:i + 2]
            out.append("[^\\S\\n]" if pair == "\\s" and not in_class else pair)
            i += 2
            continue
        if in_class and c == "]":
            in_class = False
        elif not in_class and c == "[":
            in_class = True
            if body[i + 1:i + 2] == "^":
                out.append("[^")
                i += 2
            else:
                out.append("[")
                i += 1
            if body[i:i + 1] == "]":  # a literal ] first in the class
                out.append("]")
                i += 1
            continue
        out.append(c)
        i += 1
    return "".join(out)


def _newline_anchored(source: str) -> str | None:
    """``^rest`` rewritten as ``\\nrest`` when that is the same search, else None."""
    m = _LEADING_FLAGS.match(source)
    flags, body = (m.group(), source[m.end():]) if m else ("", source)
    if not body.startswith("^") or _has_top_level_alternation(body):
        return None
    rest = body[1:]
    if rest.startswith((".", "(?=", "(?!")):  # these start anywhere in the line: a plain scan is faster
        return None
    return f"{flags}\\n(?:{rest})"


class LinePattern:
    """One rule pattern, compiled for scanning a whole text and for single lines."""

    __slots__ = ("source", "_scan", "anchored", "_single", "rule_id", "_uses", "_finder", "_re2_source")

    def __init__(self, source: str, rule_id: str = "", *, lazy: bool = False):
        self.source = source
        self.rule_id = rule_id
        # Compiling is what validates a pattern, so user rules compile here. The
        # shipped packs are validated by their own test suite; compiling them on
        # first use keeps start-up short (a rule that never meets a candidate
        # line never compiles).
        self._single = None if lazy else regex.compile(source)
        self.anchored = _newline_anchored(source) is not None
        self._scan = None
        self._uses = 0
        self._finder = None  # None: not looked for yet; False: RE2 cannot take this pattern
        self._re2_source: str | bool | None = None  # likewise for the translation

    @property
    def single(self):
        """The pattern for one line."""
        if self._single is None:
            self._single = regex.compile(self.source)
        return self._single

    @property
    def scan(self):
        """The whole-text form, compiled on first use (rules with ``contains`` never need it)."""
        if self._scan is None:
            self._scan = regex.compile(_single_line_spaces(_newline_anchored(self.source) or self.source),
                                       regex.MULTILINE)
        return self._scan

    @property
    def finder(self):
        """The RE2 form that finds candidate lines (see ``prefilter``), or None without one."""
        if self._finder is None:
            from .finder import locator

            source = self.re2_source
            self._finder = (locator(source) if source else None) or False
        return self._finder or None

    @property
    def re2_source(self) -> str | None:
        """The pattern translated for RE2 (see ``re2translate.to_re2``), or None."""
        if self._re2_source is None:
            from .re2translate import to_re2

            self._re2_source = to_re2(self.source) or False
        return self._re2_source or None

    def __getstate__(self):
        # Compiled forms are caches (RE2's cannot be pickled): a copy sent to another
        # process (a Dask worker) compiles its own on first use. The translation is
        # plain text and travels (the shipped-pack cache keeps it).
        return {"source": self.source, "rule_id": self.rule_id, "anchored": self.anchored,
                "re2_source": self._re2_source}

    def __setstate__(self, state) -> None:
        self.source, self.rule_id, self.anchored = state["source"], state["rule_id"], state["anchored"]
        self._re2_source = state.get("re2_source")
        self._single = self._scan = self._finder = None
        self._uses = 0

    @property
    def groupnames(self) -> set[str]:
        if self._single is None:  # read from the source, so checking a capture rule needs no compile
            return set(_GROUP_NAME.findall(self.source))
        return set(self._single.groupindex)

    def search(self, line: str, doc: "Document | None" = None):
        """Search one line (or any string) under the time limit."""
        try:
            return self.single.search(line, timeout=remaining(doc))
        except (TimeoutError, deadline.Overtime):  # the regex timeout, or the hard guard inside regex
            raise self._timeout(doc) from None

    def occurs_in(self, text: str, seconds: float = DEFAULT_MATCH_SECONDS) -> bool:
        """Whether any line of ``text`` matches (used for site fingerprints).

        Within a document's budget the search gets what is left of it; a
        timeout names the document.
        """
        name = deadline.current_name() or "<input>"
        try:
            seconds = min(seconds, deadline.remaining(None, name, "checking site fingerprints"))
            return self.scan.search("\n" + text if self.anchored else text, timeout=seconds) is not None
        except (TimeoutError, deadline.Overtime):
            raise DocumentTimeout(f"{name}: fingerprint {self.source!r} took too long") from None

    def split(self, text: str, doc: "Document | None" = None) -> list[str]:
        """``text`` cut at every match (a capture rule's ``split``), under the time limit."""
        try:
            return self.single.split(text, timeout=remaining(doc))
        except (TimeoutError, deadline.Overtime):
            raise self._timeout(doc) from None

    def lines(self, doc: "Document", start: int = 0, stop: int | None = None,
              max_chars: int | None = None,
              contains: tuple[str, ...] | None = None) -> Iterator[tuple[int, "regex.Match"]]:
        """Yield ``(line_index, match)`` for each line in ``[start, stop)`` that matches.

        With ``max_chars``, lines longer than that are not looked at; with
        ``contains``, only lines holding one of those (lower-case) strings.
        """
        stop = len(doc.lines) if stop is None else stop
        if start >= stop:
            return
        if self.finder is not None:
            # RE2 finds the candidate lines in linear time; regex confirms each one.
            from .finder import candidate_lines

            for index in candidate_lines(doc, self.finder, start, stop):
                line = doc.lines[index]
                if max_chars is not None and len(line) > max_chars:
                    continue
                if contains:
                    lowered = line.lower()
                    if not any(needle in lowered for needle in contains):
                        continue
                m = self.search(line, doc)
                if m is not None:
                    yield index, m
            return
        if self._scan is None and self._uses < SCAN_AFTER_USES:
            # Compiling the scan form costs about as much as searching a few
            # documents line by line: a one-off clean (a pipe, a hook) never pays it.
            self._uses += 1
            for index in range(start, stop):
                line = doc.lines[index]
                if max_chars is None or len(line) <= max_chars:
                    m = self.search(line, doc)
                    if m is not None:
                        yield index, m
            return
        text, offsets = doc.view(max_chars, self.anchored)
        pos = offsets[start] - (1 if self.anchored else 0)  # the newline before the first line
        endpos = offsets[stop - 1] + len(doc.lines[stop - 1])
        candidates: list[int] = []
        try:
            for m in self.scan.finditer(text, pos, endpos, timeout=remaining(doc)):
                first = doc.line_in_view(m.start() + (1 if self.anchored else 0), offsets)
                last = max(first, doc.line_in_view(m.end() - 1, offsets))
                candidates.extend(range(first, last + 1))
        except (TimeoutError, deadline.Overtime):  # the regex timeout, or the hard guard inside regex
            raise self._timeout(doc) from None
        seen = -1
        for index in candidates:
            if index <= seen or index < start or index >= stop:
                continue
            seen = index
            line = doc.lines[index]
            if max_chars is not None and len(line) > max_chars:
                continue
            m = self.search(line, doc)
            if m is not None:
                yield index, m

    def _timeout(self, doc: "Document | None") -> DocumentTimeout:
        name = doc.name if doc is not None else "<input>"
        return DocumentTimeout(f"{name}: rule {self.rule_id}: pattern took too long ({self.source!r})")


def compile_pattern(source: str, rule_id: str = "", *, lazy: bool = False) -> LinePattern:
    """Compile a rule pattern; raises ``regex.error`` with the module's message (unless lazy)."""
    return LinePattern(source, rule_id, lazy=lazy)
