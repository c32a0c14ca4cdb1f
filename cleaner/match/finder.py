"""Candidate lines of one pattern: its RE2 form finds the lines a rule then confirms.

A rule's pattern, translated into RE2 syntax (``re2translate``), is compiled by
RE2 once (``locator``) and asked only for the spans of its matches in the
page's UTF-8 bytes (``Finder``); ``candidate_lines`` turns those spans into
line numbers. The rule confirms each candidate with ``regex`` under the
document's time limit, so RE2 only narrows the search and never decides.
"""
from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterator
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..text.document import Document


@lru_cache(maxsize=4096)
def locator(translated: str) -> "Finder | None":
    """A pattern translated by ``re2translate.to_re2``, compiled by RE2 to find candidate
    lines, or None (no RE2, or one it refuses: the rule then scans with ``regex`` alone)."""
    try:
        import re2
    except ImportError:
        return None
    try:
        return Finder(re2.compile(translated, re2_options(re2)))
    except re2.error:
        return None


class Finder:
    """An RE2 pattern asked only for the spans of its matches in UTF-8 bytes.

    The binding's ``finditer`` builds a match object per match in Python;
    its compiled pattern's ``Match`` call gives the span directly, which is
    all a candidate search needs. Should a future binding lack it, the
    public ``finditer`` is used.
    """

    __slots__ = ("pattern", "_match", "_unanchored")

    def __init__(self, pattern):
        import re2

        self.pattern = pattern
        self._match = getattr(getattr(pattern, "_regexp", None), "Match", None)
        self._unanchored = getattr(getattr(re2, "_Anchor", None), "UNANCHORED", None)
        if self._unanchored is None:
            self._match = None

    def spans(self, data: bytes, pos: int, endpos: int) -> Iterator[tuple[int, int]]:
        """``(start, end)`` of each match in ``data[pos:endpos]``, left to right, not overlapping."""
        if self._match is None:
            for m in self.pattern.finditer(data, pos, endpos):
                yield m.start(), m.end()
            return
        match, anchor = self._match, self._unanchored
        while pos <= endpos:
            start, end = match(anchor, data, pos, endpos)[0]
            if start < 0:
                return
            yield start, end
            pos = end if end > start else end + 1


# Memory RE2 may take for one compiled pattern (mostly its DFA's states): a single
# pattern needs little (the set of all patterns needs more: prefilter.SET_MAX_MEM).
PATTERN_MAX_MEM = 8 << 20


def re2_options(re2, max_mem: int = PATTERN_MAX_MEM):
    """RE2 options: a memory budget, and no log lines on stderr (a DFA that runs out of
    memory falls back to a slower search, which is not an error here)."""
    options = re2.Options()
    options.max_mem = max_mem
    options.log_errors = False
    return options


def candidate_lines(doc: "Document", finder: Finder, start: int, stop: int) -> list[int]:
    """Indexes of lines in ``[start, stop)`` that an RE2 ``finder`` match touches, in order.

    The translation matches at least every line the pattern does, and a match
    that runs over several lines makes each of them a candidate, so no line
    the pattern matches is missed; the caller confirms each with ``regex``.
    """
    if start >= stop:
        return []
    data, offsets = doc.utf8()
    pos = offsets[start]
    endpos = offsets[stop] - 1 if stop < len(offsets) else len(data)
    found: list[int] = []
    last = -1
    for m_start, m_end in finder.spans(data, pos, endpos):
        first = bisect_right(offsets, m_start) - 1
        end = bisect_right(offsets, max(m_start, m_end - 1)) - 1
        for index in range(max(first, last + 1), end + 1):
            found.append(index)
        last = max(last, end)
    return found
