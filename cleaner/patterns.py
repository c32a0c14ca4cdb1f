"""Regular expressions for rules: compiled once, matched line by line, under a time limit.

A rule pattern is written for one line (``^`` and ``$`` are the line's ends).
Scanning a document line by line from Python would cost a call per line per
rule, so ``LinePattern`` scans the whole text once in MULTILINE mode to find
candidate lines, then confirms each candidate on its own line. That keeps the
per-line meaning (``\\s`` never reaches into the next line) at the cost of one
C-level scan per pattern.

Most rule patterns are anchored at the start of a line (``^\\s*(?:a|b|c)``).
The regex engine would still try such a pattern at every character of the
text; compiled instead as ``\\n(?:...)`` and run over the text with a newline
in front, it is tried only where a line starts (the engine finds the literal
newline fast), which makes the scan many times cheaper.

Every call takes the document's deadline: a runaway pattern raises
``DocumentTimeout`` for that document instead of hanging the run.
"""
from __future__ import annotations

import time
from collections.abc import Iterator
from typing import TYPE_CHECKING

import regex

from .errors import DocumentTimeout

if TYPE_CHECKING:
    from .model import Document

# Per-call ceiling when a document has no deadline of its own.
DEFAULT_MATCH_SECONDS = 1.0


def remaining(doc: "Document | None") -> float:
    """Seconds left for this document's regex work; raises once the budget is gone."""
    if doc is None or doc.deadline is None:
        return DEFAULT_MATCH_SECONDS
    left = doc.deadline - time.monotonic()
    if left <= 0:
        raise DocumentTimeout(f"{doc.name}: time limit exceeded while applying rules")
    return left


class LinePattern:
    """One rule pattern, compiled for whole-text scanning and for single lines."""

    __slots__ = ("source", "whole", "single", "rule_id", "anchored")

    def __init__(self, source: str, rule_id: str = ""):
        self.source = source
        self.rule_id = rule_id
        self.single = regex.compile(source)
        at_line_start = line_start_form(source)
        self.anchored = at_line_start is not None
        self.whole = regex.compile(at_line_start if self.anchored else source, regex.MULTILINE)

    @property
    def groupnames(self) -> set[str]:
        return set(self.single.groupindex)

    def search(self, line: str, doc: "Document | None" = None):
        """Search one line (or any string) under the time limit."""
        try:
            return self.single.search(line, timeout=remaining(doc))
        except TimeoutError:
            raise self._timeout(doc) from None

    def lines(self, doc: "Document", start: int = 0, stop: int | None = None
              ) -> Iterator[tuple[int, "regex.Match"]]:
        """Yield ``(line_index, match)`` for each line in ``[start, stop)`` that matches."""
        stop = len(doc.lines) if stop is None else stop
        if start >= stop:
            return
        pos = doc.offsets[start]
        endpos = doc.offsets[stop - 1] + len(doc.lines[stop - 1])
        candidates: list[int] = []
        # An anchored pattern scans the text with a newline in front: position p of
        # that text is the newline before the line that starts at p in doc.text.
        text, shift = (_newline_text(doc), 1) if self.anchored else (doc.text, 0)
        try:
            for m in self.whole.finditer(text, pos, endpos + shift, timeout=remaining(doc)):
                begin = m.start()
                first = doc.line_at(begin)
                last = doc.line_at(max(begin, m.end() - shift - 1))
                candidates.extend(range(first, last + 1))
        except TimeoutError:
            raise self._timeout(doc) from None
        seen = -1
        for index in candidates:
            if index <= seen:
                continue
            seen = index
            if index < start or index >= stop:
                continue
            m = self.search(doc.lines[index], doc)
            if m is not None:
                yield index, m

    def _timeout(self, doc: "Document | None") -> DocumentTimeout:
        name = doc.name if doc is not None else "<input>"
        return DocumentTimeout(f"{name}: rule {self.rule_id}: pattern took too long ({self.source!r})")


def _newline_text(doc: "Document") -> str:
    text = doc.notes.get("\n+text")
    if text is None:
        text = doc.notes["\n+text"] = "\n" + doc.text
    return text


_FLAGS = regex.compile(r"\(\?[a-zA-Z]+\)")


def line_start_form(source: str) -> str | None:
    """``source`` as a pattern that starts with a literal newline, if it is anchored at ``^``.

    ``(?i)^\\s*(?:a|b)`` becomes ``(?i)\\n(?:\\s*(?:a|b))``. Patterns that are not
    anchored, or whose ``^`` covers only one branch of a top-level ``|``, are
    left as they are (None).
    """
    pos = 0
    while m := _FLAGS.match(source, pos):
        pos = m.end()
    if not source.startswith("^", pos) or _top_level_bar(source, pos + 1):
        return None
    return f"{source[:pos]}\\n(?:{source[pos + 1:]})"


def _top_level_bar(source: str, pos: int) -> bool:
    """Whether ``source[pos:]`` has a ``|`` outside any group or character class."""
    depth, in_class, i = 0, False, pos
    while i < len(source):
        c = source[i]
        if c == "\\":
            i += 2
            continue
        if in_class:
            if c == "]":
                in_class = False
        elif c == "[":
            in_class = True
            if source.startswith("]", i + 1) or source.startswith("^]", i + 1):
                i += 2 if source[i + 1] == "]" else 3
                continue
        elif c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
        elif c == "|" and depth == 0:
            return True
        i += 1
    return False


def compile_pattern(source: str, rule_id: str = "") -> LinePattern:
    """Compile a rule pattern; raises ``regex.error`` with the module's message."""
    return LinePattern(source, rule_id)
