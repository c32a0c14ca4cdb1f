"""Regular expressions for rules: compiled once, matched line by line, under a time limit.

A rule pattern is written for one line (``^`` and ``$`` are the line's ends).
Scanning a document line by line from Python would cost a call per line per
rule, so ``LinePattern`` scans the whole text once in MULTILINE mode to find
candidate lines, then confirms each candidate on its own line. That keeps the
per-line meaning (``\\s`` never reaches into the next line) at the cost of one
C-level scan per pattern.

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

    __slots__ = ("source", "whole", "single", "rule_id")

    def __init__(self, source: str, rule_id: str = ""):
        self.source = source
        self.rule_id = rule_id
        self.whole = regex.compile(source, regex.MULTILINE)
        self.single = regex.compile(source)

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
        for index in self.candidate_lines(doc, start, stop):
            m = self.search(doc.lines[index], doc)
            if m is not None:
                yield index, m

    def candidate_lines(self, doc: "Document", start: int = 0, stop: int | None = None) -> list[int]:
        """Indexes of the lines in ``[start, stop)`` a whole-text match touches, in order, once each."""
        stop = len(doc.lines) if stop is None else stop
        if start >= stop:
            return []
        pos = doc.offsets[start]
        endpos = doc.offsets[stop - 1] + len(doc.lines[stop - 1])
        candidates: list[int] = []
        try:
            for m in self.whole.finditer(doc.text, pos, endpos, timeout=remaining(doc)):
                first, last = doc.line_at(m.start()), doc.line_at(max(m.start(), m.end() - 1))
                candidates.extend(range(first, last + 1))
        except TimeoutError:
            raise self._timeout(doc) from None
        out, seen = [], -1
        for index in candidates:
            if index > seen and start <= index < stop:
                out.append(index)
            seen = max(seen, index)
        return out

    def _timeout(self, doc: "Document | None") -> DocumentTimeout:
        name = doc.name if doc is not None else "<input>"
        return DocumentTimeout(f"{name}: rule {self.rule_id}: pattern took too long ({self.source!r})")


def compile_pattern(source: str, rule_id: str = "") -> LinePattern:
    """Compile a rule pattern; raises ``regex.error`` with the module's message."""
    return LinePattern(source, rule_id)


_COMBINED: dict[tuple[int, ...], tuple["LinePattern | None", list[LinePattern]]] = {}


def combined(patterns: list[LinePattern]) -> "LinePattern | None":
    """One pattern matching wherever any of ``patterns`` does (or more): a rule with several
    patterns scans the text once to find candidate lines, then confirms each line with
    its own patterns. None if the sources do not combine (the caller scans one by one)."""
    key = tuple(id(p) for p in patterns)
    cached = _COMBINED.get(key)
    if cached is None:
        parts = []
        for p in patterns:
            source = p.source
            if source.startswith("(?i)"):  # a leading global flag, scoped to its own alternative
                source = f"(?i:{source[4:]})"
            parts.append(f"(?:{source})")
        try:
            scanner = LinePattern("|".join(parts), patterns[0].rule_id)
        except regex.error:
            scanner = None
        cached = _COMBINED[key] = (scanner, list(patterns))  # keeps the ids in use
    return cached[0]
