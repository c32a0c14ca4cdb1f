"""One pass over a document tells which rule patterns cannot match it at all.

Most chrome patterns do not occur on a given page, yet scanning the page once
per pattern (about a hundred scans of 8 KB, each in the ``regex`` module) was
the larger part of the cost of the line rules. RE2's ``Set`` matches all
patterns of a rule list in one DFA pass and answers which of them occur
anywhere in the text; the rules then look only for those, and find their
candidate lines with each pattern's own RE2 form (``finder``).

Each pattern runs in RE2 as its widened translation (see ``re2translate``),
which may call a pattern present when it is not, never the reverse; a
pattern without a translation is simply never ruled out. Only presence and
candidate lines are taken from RE2: every match a rule acts on is still
found by ``regex``, under the document's time limit.
"""
from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from .finder import Finder, candidate_lines, re2_options
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
        # The phrase alternation is one large pattern: with a single pattern's budget its DFA
        # runs out of memory on every page and RE2 falls back to its NFA (4-7x slower, same lines).
        self._phrases = Finder(re2.compile(source, re2_options(re2, SET_MAX_MEM))) if source else None

        self._set = re2.Set.SearchSet(re2_options(re2, SET_MAX_MEM))
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


# Memory RE2 may take for the set of all patterns (mostly its DFA's states): below ~32 MB
# its DFA rebuilds states all the time and runs ten times slower; it settles near 20 MB
# on the corpus.
SET_MAX_MEM = 64 << 20


def build_prefilter(patterns: Iterable["LinePattern"], phrases: Iterable[str] = ()) -> Prefilter | None:
    """A prefilter for ``patterns`` and ``phrases``, or None when RE2 is not installed (every
    pattern then scans, and phrases are looked up in an index of every line)."""
    try:
        return Prefilter(patterns, phrases)
    except ImportError:
        return None
