"""Check and fix for HTML files: chrome found in the extracted text, pinned to elements of the source.

An HTML page goes through ``pipeline.clean_source`` like any input: extraction
gives the article's text, and the text rules say which of its lines are chrome.
This module finds, in the page's own source, the elements those lines came
from, and it touches nothing else. It relies only on the pipeline's result and
on the source text, never on how extraction works inside.

An element is pinned when its whole text, compared word by word (case, spacing
and punctuation ignored), is the chrome line's text. Fix is limited on purpose:

- it deletes whole elements, cut out of the source text, which is otherwise
  kept byte for byte (no re-serialising of the tree); an element alone on its
  lines takes those lines with it;
- only elements with an explicit end tag, in the page body, outside keep
  blocks (``<!-- cleaner: keep -->`` ... ``<!-- cleaner: end -->``), and never
  ``html``, ``body``, ``main`` or ``article``; of nested elements with the same
  text the outermost goes, unless it also holds media (an image, a video, a
  table, a form);
- when the same text is also a kept paragraph or content taken into metadata
  (a headline that a breadcrumb repeats), or no element holds exactly that
  text, the finding is reported with ``fixable = False`` and left in place.

Every element holding a chrome text is removed, not only the copy extraction
kept: a "Share" button in the menu is chrome as much as one under the article.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import TYPE_CHECKING

from ..text.keep import keep_spans
from ..text.scripts import WORD
from ..model import Removal, Source
from ..pipeline import Options, clean_source

if TYPE_CHECKING:
    from .fixer import Finding, Fixer

_WORDS = WORD  # script-aware: a Chinese sentence is many words, not one
_LINE_START = re.compile(r"\r\n|\r|\n")
_EOL = re.compile(r"[ \t]*(?:\r\n|\r|\n)")
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
         "source", "track", "wbr"}
_NO_TEXT = {"head", "title", "script", "style", "template", "noscript"}  # text no reader sees
_NEVER = {"html", "head", "body", "main", "article"}  # never removed whole
_MEDIA = {"img", "picture", "video", "audio", "iframe", "object", "embed", "table", "form", "canvas"}


def words(text: str) -> tuple[str, ...]:
    """The words of a text, case folded: how a line and an element's text are compared."""
    return tuple(_WORDS.findall(text.casefold()))


@dataclass(eq=False)
class _Element:
    tag: str
    start: int
    first_chunk: int
    eligible: bool
    end: int | None = None  # offset after the end tag; None when closed implicitly
    last_chunk: int = -1
    media: bool = False


class _Page(HTMLParser):
    """Elements of an HTML source with their character spans and the words they hold."""

    def __init__(self, source: str):
        super().__init__(convert_charrefs=True)
        self.source = source
        self.elements: list[_Element] = []
        self.chunk_words: list[tuple[str, ...]] = []  # the words of each run of visible text
        self.chunk_offsets: list[int] = []  # where each run starts in the source
        self._newlines = [0] + [m.end() for m in re.finditer("\n", self.source)]
        self._stack: list[_Element] = []
        self._hidden = 0
        self.feed(self.source)
        self.close()
        for element in self._stack:
            element.last_chunk = len(self.chunk_words)
        self.word_prefix = [0]
        for chunk in self.chunk_words:
            self.word_prefix.append(self.word_prefix[-1] + len(chunk))

    def _offset(self) -> int:
        line, col = self.getpos()
        return self._newlines[line - 1] + col

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag in _MEDIA:
            for open_element in self._stack:
                open_element.media = True
        if tag in _VOID:
            return
        eligible = self._hidden == 0 and tag not in _NEVER and tag not in _NO_TEXT
        element = _Element(tag, self._offset(), len(self.chunk_words), eligible)
        self._stack.append(element)
        self.elements.append(element)
        if tag in _NO_TEXT:
            self._hidden += 1

    def handle_startendtag(self, tag: str, attrs) -> None:
        if tag in _MEDIA:
            for open_element in self._stack:
                open_element.media = True

    def handle_endtag(self, tag: str) -> None:
        depth = next((k for k in range(len(self._stack) - 1, -1, -1) if self._stack[k].tag == tag), None)
        if depth is None:
            return
        at = self._offset()
        close = self.source.find(">", at)
        end = close + 1 if close >= 0 else len(self.source)
        while len(self._stack) > depth:
            element = self._stack.pop()
            element.last_chunk = len(self.chunk_words)
            if element.tag in _NO_TEXT:
                self._hidden -= 1
            if len(self._stack) == depth:
                element.end = end

    def handle_data(self, data: str) -> None:
        if self._hidden:
            return
        found = words(data)
        if found:
            self.chunk_words.append(found)
            self.chunk_offsets.append(self._offset())

    # Queries.
    @property
    def word_count(self) -> int:
        return self.word_prefix[-1]

    def size(self, element: _Element) -> int:
        return self.word_prefix[element.last_chunk] - self.word_prefix[element.first_chunk]

    def words_of(self, element: _Element) -> tuple[str, ...]:
        return tuple(w for chunk in self.chunk_words[element.first_chunk:element.last_chunk] for w in chunk)

    def offset_of(self, target: tuple[str, ...]) -> int | None:
        """Where the text of ``target`` starts in the source (the chunk its first word is in)."""
        flat = [(w, c) for c, chunk in enumerate(self.chunk_words) for w in chunk]
        n = len(target)
        for i in range(len(flat) - n + 1):
            if flat[i][0] == target[0] and tuple(w for w, _ in flat[i:i + n]) == target:
                return self.chunk_offsets[flat[i][1]]
        return None


def _inside(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(s < end and start < e for s, e in spans)


def _outermost(elements: list[_Element]) -> list[_Element]:
    chosen: list[_Element] = []
    for element in sorted(elements, key=lambda e: (e.start, -(e.end or 0))):
        if chosen and element.start < (chosen[-1].end or 0):
            continue
        chosen.append(element)
    return chosen


def _pin(page: _Page, result, keep: list[tuple[int, int]]):
    """``(removable, unfixable)``: ``(element, removal)`` pairs, and ``(offset, removal)`` pairs."""
    content = {words(p) for p in result.text.split("\n\n")}
    content |= {words(r.text) for r in result.removed if not r.chrome}
    wanted: dict[tuple[str, ...], Removal] = {}
    for removal in result.removed:
        key = words(removal.text)
        if removal.chrome and key:
            wanted.setdefault(key, removal)
    sizes = {len(k) for k in wanted}
    found: dict[tuple[str, ...], list[_Element]] = {}
    for element in page.elements:
        if element.eligible and element.end is not None and page.size(element) in sizes:
            key = page.words_of(element)
            if key in wanted:
                found.setdefault(key, []).append(element)
    removable, unfixable = [], []
    for key, removal in wanted.items():
        candidates = [e for e in found.get(key, ()) if not e.media]
        chosen = [e for e in _outermost(candidates) if not _inside(keep, e.start, e.end)]
        if chosen and key not in content:
            removable.extend((e, removal) for e in chosen)
            continue
        offset = chosen[0].start if chosen else page.offset_of(key)
        if offset is None or not _inside(keep, offset, offset + 1):
            unfixable.append((offset, removal))
    return removable, unfixable


def _spans(source: str, elements: list[_Element]) -> tuple[list[tuple[int, int]], list[_Element]]:
    """Source ranges to cut, and the elements they cut (one inside another goes with it).

    An element standing alone on its lines takes those lines with it.
    """
    spans: list[tuple[int, int]] = []
    cut: list[_Element] = []
    for element in sorted(elements, key=lambda e: (e.start, -(e.end or 0))):
        start, end = element.start, element.end
        line_start = max(source.rfind("\n", 0, start), source.rfind("\r", 0, start)) + 1
        eol = _EOL.match(source, end)
        if not source[line_start:start].strip() and eol:
            start, end = line_start, eol.end()
        if spans and start < spans[-1][1]:
            continue
        spans.append((start, end))
        cut.append(element)
    return spans, cut


def _cut(source: str, spans: list[tuple[int, int]]) -> str:
    out, pos = [], 0
    for start, end in spans:
        out.append(source[pos:start])
        pos = end
    out.append(source[pos:])
    return "".join(out)


def _map_back(offset: int, history: list[list[tuple[int, int]]]) -> int:
    """An offset in the text after every pass of cuts, as an offset in the original text."""
    for spans in reversed(history):
        for start, end in spans:
            if start <= offset:
                offset += end - start
            else:
                break
    return offset


def plan_html(fixer: "Fixer", text: str, name: str, encoding: str) -> tuple[list["Finding"], str, int, int]:
    """``(findings, fixed_text, words, removed_words)`` for one HTML source."""
    from .fixer import MAX_PASSES, Finding

    line_starts = [0] + [m.end() for m in _LINE_START.finditer(text)]

    def finding(offset: int | None, removal: Removal, fixable: bool) -> Finding:
        if offset is None:
            line, column = 1, 1
        else:
            line = bisect_right(line_starts, offset)
            column = offset - line_starts[line - 1] + 1
        return Finding(name, line, column, removal.rule, fixer.messages.get(removal.rule, ""),
                       " ".join(removal.text.split()), fixable)

    current = text
    history: list[list[tuple[int, int]]] = []
    removed: list[tuple[int, Removal]] = []
    unfixable: list[tuple[int | None, Removal]] = []
    total = removed_words = 0
    options = Options(url=fixer.url, kind="html")
    for number in range(MAX_PASSES):
        result = clean_source(Source(name, current, ".html", encoding), fixer.ruleset, options)
        page = _Page(current)
        if number == 0:
            total = page.word_count
        removable, unfixable_now = _pin(page, result, keep_spans(current))
        unfixable = [(None if o is None else _map_back(o, history), r) for o, r in unfixable_now]
        if not removable:
            break
        spans, cut = _spans(current, [e for e, _ in removable])
        removed.extend((_map_back(e.start, history), r) for e, r in removable)
        removed_words += sum(page.size(e) for e in cut)
        history.append(spans)
        current = _cut(current, spans)
    findings = [finding(o, r, True) for o, r in removed] + [finding(o, r, False) for o, r in unfixable]
    findings.sort(key=lambda f: (f.line, f.column))
    return findings, current, total, removed_words
