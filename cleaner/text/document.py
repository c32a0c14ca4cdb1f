"""The lines of one text body while rules run, and which of them the rules have dropped."""
from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Iterable
from itertools import accumulate

from ..metadata import Metadata
from ..model import Removal
from .keys import INDEX_MAX_CHARS, line_key


class Document:
    """The lines of one text body, and which of them the rules have dropped.

    Rules scan ``text`` (the lines joined by newlines; ``utf8()`` for RE2) in
    one pass each and map match offsets back to line indexes, which is what
    keeps the engine fast; ``dropped`` maps a 0-based line index to the id of the rule that
    dropped it. ``first_line`` is the 1-based input line of ``lines[0]``
    (a Markdown body starts after its front matter). When lines were joined
    (hard-wrapped text reflowed into paragraphs), ``starts`` holds the 0-based
    input line each line starts on, so reports still name input lines.

    What kinds hand on to each other is typed here, not kept in a scratch
    dict: ``headlines`` (the HTML headline rules' finds, by rule id, for their
    text pass), ``paragraph_lines`` (whether each line is a paragraph) and the
    caches the line views and features are built into once per document.
    A fitted line model leaves ``line_scores`` (each line's log-odds of being
    content) and ``score_reasons`` (the features that weighed most for a
    line, computed only when asked) for ``cleaner explain``.
    """

    __slots__ = ("lines", "text", "offsets", "dropped", "metadata", "first_line", "name",
                 "deadline", "input_type", "_views", "moved", "protected", "starts", "absent",
                 "headlines", "paragraph_lines", "features", "_phrase_index", "_utf8", "_folded",
                 "_lowered", "_lowered_offsets", "line_scores", "score_reasons")

    def __init__(self, lines: list[str], *, first_line: int = 1, name: str = "<input>",
                 metadata: Metadata | None = None, input_type: str = "text", text: str | None = None,
                 starts: list[int] | None = None):
        self.lines = lines
        self.text = "\n".join(lines) if text is None else text  # callers that split a text pass it
        self.offsets = _line_offsets(lines, 0)
        self.dropped: dict[int, str] = {}
        self.metadata = metadata or Metadata()
        self.first_line = first_line
        self.name = name
        self.deadline: float | None = None
        self.input_type = input_type  # "text", "markdown", or "html" (text extracted from a page)
        self._views: dict[tuple[int | None, bool], tuple[str, list[int]]] = {}
        self.moved: set[int] = set()  # dropped lines that are not chrome (see Removal.chrome)
        self.protected: set[int] = set()  # lines inside keep blocks: no rule drops them
        self.starts = starts  # reflowed text: the 0-based input line each line starts on
        self.absent: frozenset = frozenset()  # patterns known not to match anywhere (engine prefilter)
        self.headlines: dict[str, list[str]] = {}  # HTML headline rule id -> the headlines it found
        self.paragraph_lines: bool | None = None  # each line a paragraph? (see ProseMixin.paragraph_lines)
        self.features: dict[tuple[str, ...], object] = {}  # LineFeatures by the languages asked for
        self.line_scores: dict[int, float] = {}  # a fitted line model's log-odds, by line index
        self.score_reasons: Callable[[int], str] | None = None  # a line -> its weightiest features
        self._phrase_index: dict[str, list[int]] | None = None
        self._utf8: tuple[bytes, list[int]] | None = None
        self._folded: str | None | bool = False  # False: not computed; None: unusable (lengths differ)
        self._lowered: str | None = None
        self._lowered_offsets: list[int] | None = None

    def view(self, max_chars: int | None = None, leading_newline: bool = False) -> tuple[str, list[int]]:
        """The text as patterns scan it, and each line's offset in it.

        ``max_chars`` blanks out longer lines (a rule that only looks at short
        lines scans far less); ``leading_newline`` puts a newline before the
        first line so line-start patterns can be scanned as ``\n...``. Line
        indexes are the same in every view. Views are built once per document.
        """
        key = (max_chars, leading_newline)
        cached = self._views.get(key)
        if cached is not None:
            return cached
        lines = self.lines if max_chars is None else [l if len(l) <= max_chars else "" for l in self.lines]
        text = ("\n" if leading_newline else "") + "\n".join(lines)
        offsets = _line_offsets(lines, 1 if leading_newline else 0)
        self._views[key] = (text, offsets)
        return text, offsets

    def utf8(self) -> tuple[bytes, list[int]]:
        """The text in UTF-8 and each line's byte offset in it, for RE2 (built once per document)."""
        cached = self._utf8
        if cached is None:
            data = self.text.encode("utf-8", "surrogatepass")
            if len(data) == len(self.text):  # ASCII: byte and character offsets agree
                offsets = self.offsets
            else:  # the lines of the encoded text are the encoded lines
                offsets = _line_offsets(data.split(b"\n"), 0)
            cached = self._utf8 = (data, offsets)
        return cached

    def phrase_index(self) -> dict[str, list[int]]:
        """Lines by key (see ``keys.line_key``) for the phrase rules, built once per document.

        Phrase rules look their phrases up here: one dictionary probe per
        phrase instead of a regex attempt per line. The engine's prefilter puts
        here only the lines that may be phrases; without it every short line
        is indexed.
        """
        index = self._phrase_index
        if index is None:
            index = self._phrase_index = self.key_index()
        return index

    def key_index(self, start: int = 0, stop: int | None = None) -> dict[str, list[int]]:
        """Lines in ``[start, stop)`` of at most ``INDEX_MAX_CHARS`` characters, by key."""
        index: dict[str, list[int]] = {}
        for i in range(start, len(self.lines) if stop is None else min(stop, len(self.lines))):
            line = self.lines[i]
            if 0 < len(line) <= INDEX_MAX_CHARS:
                key = line_key(line)
                if key in index:
                    index[key].append(i)
                elif key:
                    index[key] = [i]
        return index

    def lines_with_key(self, key: str) -> list[int]:
        """Indexes of the lines (of at most ``INDEX_MAX_CHARS``) whose key is ``key``.

        Only lines holding the key's longest word (case folded) can have that
        key, so a search of the folded text for it leaves a few lines to key.
        """
        folded = self._folded
        if folded is False:
            folded = self.text.casefold()
            if len(folded) != len(self.text):  # a letter folded to several: offsets differ
                folded = None
            self._folded = folded
        if folded is None or not key:
            candidates = range(len(self.lines))
        else:
            word = max(key.split(" "), key=len)
            candidates = []
            pos = folded.find(word)
            while pos != -1:
                line = bisect_right(self.offsets, pos) - 1
                candidates.append(line)
                nxt = self.offsets[line + 1] if line + 1 < len(self.offsets) else len(folded)
                pos = folded.find(word, nxt)
        return [i for i in candidates
                if 0 < len(self.lines[i]) <= INDEX_MAX_CHARS and line_key(self.lines[i]) == key]

    def lines_containing(self, needles: tuple[str, ...], start: int = 0, stop: int | None = None) -> set[int]:
        """Indexes of lines in ``[start, stop)`` that contain any of ``needles`` (lower case).

        Found with ``str.find`` over the lower-cased text, limited to the
        characters of those lines: a rule that looks at the first 40 lines of a
        long page searches those lines only.
        """
        lowered = self._lowered
        if lowered is None:
            lowered = self.text.lower()
            if len(lowered) != len(self.text):  # a few letters change length when lowered
                lowered = "\n".join(line.lower() for line in self.lines)
                self._lowered_offsets = _line_offsets([l.lower() for l in self.lines], 0)
            self._lowered = lowered
        offsets = self._lowered_offsets or self.offsets
        found: set[int] = set()
        n = len(offsets)
        stop = n if stop is None else min(stop, n)
        if start >= stop:
            return found
        lo = offsets[start]
        # A needle found must start before the newline that ends line stop - 1.
        last_start = offsets[stop] - 1 if stop < n else len(lowered)
        for needle in needles:
            end = min(len(lowered), last_start + len(needle))
            pos = lowered.find(needle, lo, end)
            while pos != -1:
                line = bisect_right(offsets, pos) - 1
                found.add(line)
                nxt = offsets[line + 1] if line + 1 < n else len(lowered)
                pos = lowered.find(needle, nxt, end)
        return found

    @staticmethod
    def line_in_view(offset: int, offsets: list[int]) -> int:
        return max(0, bisect_right(offsets, offset) - 1)

    def span(self, first: int | None = None, last: int | None = None) -> tuple[int, int]:
        """Line index range ``[start, stop)`` of a region: the first N or the last N lines."""
        n = len(self.lines)
        if first is not None:
            return 0, min(first, n)
        if last is not None:
            return max(0, n - last), n
        return 0, n

    def kept(self, index: int) -> bool:
        return index not in self.dropped

    def drop(self, index: int, rule_id: str, *, chrome: bool = True) -> None:
        """Mark a line dropped; the first rule to drop a line gets the credit.

        ``chrome=False`` says the line is content moved into metadata, not chrome.
        Lines of a keep block are never dropped.
        """
        if index in self.dropped or index in self.protected:
            return
        self.dropped[index] = rule_id
        if not chrome:
            self.moved.add(index)

    def drop_all(self, indexes: "Iterable[int]", rule_id: str) -> None:
        """``drop`` for many chrome lines at once (the article kind drops most of a page)."""
        dropped, protected = self.dropped, self.protected
        for index in indexes:
            if index not in dropped and index not in protected:
                dropped[index] = rule_id

    def input_line(self, index: int) -> int:
        """The 1-based input line that line ``index`` starts on."""
        return (self.starts[index] if self.starts is not None else index) + self.first_line

    def removals(self) -> tuple[Removal, ...]:
        return tuple(Removal(rule, self.input_line(i), self.lines[i], i not in self.moved)
                     for i, rule in sorted(self.dropped.items()) if self.lines[i].strip())


def _line_offsets(lines: "list[str] | list[bytes]", start: int) -> list[int]:
    """Where each line starts in ``"\\n".join(lines)`` (plus ``start``), computed in C loops."""
    if not lines:
        return []
    return list(accumulate(map((1).__add__, map(len, lines[:-1])), initial=start))
