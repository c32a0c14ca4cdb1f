"""One pass over a document tells which rule patterns cannot match it at all.

Most chrome patterns do not occur on a given page, yet scanning the page once
per pattern (about a hundred scans of 8 KB, each in the ``regex`` module) was
the larger part of the cost of the line rules. RE2's ``Set`` matches all
patterns of a rule list in one DFA pass and answers which of them occur
anywhere in the text; the rules then look only for those, and find their
candidate lines with each pattern's own RE2 form (``Finder``).

Each pattern runs in RE2 as its widened translation (see ``re2translate``),
which may call a pattern present when it is not, never the reverse; a
pattern without a translation is simply never ruled out. Only presence and
candidate lines are taken from RE2: every match a rule acts on is still
found by ``regex``, under the document's time limit.
"""
from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import TYPE_CHECKING

from .re2translate import literal

if TYPE_CHECKING:
    from ..text.document import Document
    from .patterns import LinePattern

# What ``text.keys.line_key`` folds away between and around the words of a phrase, and
# more: any character but an ASCII letter or digit (a small automaton, unlike [^\pL\pN]).
_NOT_WORD = r"[^a-zA-Z0-9\n]"


def phrase_regex(keys: Iterable[str]) -> str | None:
    """An RE2 pattern for the lines whose key is one of ``keys`` (and perhaps a few more).

    A key is words separated by single spaces; a line has that key when it
    is those words (in any case) with any run of non-word characters between
    them and around them. ``casefold`` turns "ß" into "ss", which RE2's case
    folding does not, so "ss" also accepts "ß".
    """
    alternatives = sorted({(_NOT_WORD + "+").join(_phrase_word(word) for word in key.split(" "))
                           for key in keys})
    if not alternatives:
        return None
    return f"(?m)^{_NOT_WORD}*(?i:{'|'.join(alternatives)}){_NOT_WORD}*$"


def _phrase_word(word: str) -> str:
    return "(?:ss|ß)".join("".join(literal(c) for c in part) for part in word.split("ss"))


class Prefilter:
    """The RE2 set of a rule list's patterns; ``absent(text)`` names those that cannot match.

    It also finds the lines that may be one of the rules' whole-line phrases
    (``phrase_lines``), so no key is computed for the other lines of a page.
    """

    def __init__(self, patterns: Iterable["LinePattern"], phrases: Iterable[str] = ()):
        import re2

        source = phrase_regex(phrases)
        self._phrases = Finder(re2.compile(source, _options(re2))) if source else None

        self._set = re2.Set.SearchSet(_options(re2, SET_MAX_MEM))
        # Entry 0 matches every text: a result without it means the DFA gave up (its
        # memory budget ran out on some odd page), and then nothing is ruled out.
        self._set.Add("")
        self.patterns: list["LinePattern"] = []
        for pattern in dict.fromkeys(patterns):
            translated = pattern.re2_source
            if translated is None:
                continue
            try:
                self._set.Add(translated)
            except re2.error:
                continue
            self.patterns.append(pattern)
        self._set.Compile()
        self._all = frozenset(self.patterns)
        self._by_entry = [None, *self.patterns]

    def absent(self, text: bytes) -> frozenset["LinePattern"]:
        """The patterns that match nowhere in ``text`` (UTF-8; each line of it taken alone)."""
        found = self._set.Match(text) or ()
        if 0 not in found:
            return frozenset()
        return self._all.difference(map(self._by_entry.__getitem__, found))

    def phrase_lines(self, doc: "Document") -> dict[str, list[int]]:
        """Key -> indexes of the lines that may be a phrase: the phrase rules' index."""
        from ..text.keys import line_key

        index: dict[str, list[int]] = {}
        if self._phrases is None:
            return index
        for i in candidate_lines(doc, self._phrases, 0, len(doc.lines)):
            key = line_key(doc.lines[i])
            if key in index:
                index[key].append(i)
            elif key:
                index[key] = [i]
        return index


@lru_cache(maxsize=4096)
def locator(translated: str) -> "Finder | None":
    """A pattern translated by ``re2translate.to_re2``, compiled by RE2 to find candidate
    lines, or None (no RE2, or one it refuses: the rule then scans with ``regex`` alone)."""
    try:
        import re2
    except ImportError:
        return None
    try:
        return Finder(re2.compile(translated, _options(re2)))
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


# Memory RE2 may take for one compiled pattern (mostly its DFA's states). The set of
# all patterns needs room (below ~32 MB its DFA rebuilds states all the time and runs
# ten times slower; it settles near 20 MB on the corpus); a single pattern needs little.
SET_MAX_MEM = 64 << 20
PATTERN_MAX_MEM = 8 << 20


def _options(re2, max_mem: int = PATTERN_MAX_MEM):
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


def build_prefilter(patterns: Iterable["LinePattern"], phrases: Iterable[str] = ()) -> Prefilter | None:
    """A prefilter for ``patterns`` and ``phrases``, or None when RE2 is not installed (every
    pattern then scans, and phrases are looked up in an index of every line)."""
    try:
        return Prefilter(patterns, phrases)
    except ImportError:
        return None
