"""The small values that flow through the pipeline.

Everything here is plain data: no I/O, no rule logic. ``Document`` is the one
mutable piece: the engine marks lines of it as dropped while rules run.
"""
from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from itertools import accumulate
from collections.abc import Callable, Iterable
from typing import Any

# Metadata fields a rule may set, and which of them hold lists.
SCALAR_FIELDS = ("title", "site", "url", "date", "dateline", "agency", "category",
                 "summary", "rights", "language", "description")
LIST_FIELDS = ("author", "breadcrumbs", "tags")
METADATA_FIELDS = SCALAR_FIELDS + LIST_FIELDS
# Fields whose source line is part of the article itself (headline, byline, dateline,
# standfirst): a rule that takes such a line into metadata moves content, it does not
# remove chrome, so ``cleaner fix`` leaves the line in the file.
CONTENT_FIELDS = ("title", "author", "date", "dateline", "agency", "summary", "description")


@dataclass(frozen=True)
class Source:
    """One decoded input: its name (path or ``-``), its text and the kind it claims."""

    name: str
    text: str
    suffix: str = ""
    encoding: str = "utf-8"


@dataclass(frozen=True)
class Removal:
    """A line the rules took out: which rule, which input line (1-based), what it said.

    ``chrome`` is false for a line that left the body without being chrome: article
    content moved into metadata (headline, dateline, standfirst) or a keep-block
    marker. ``cleaner check`` reports and ``cleaner fix`` deletes chrome lines only.
    """

    rule: str
    line: int
    text: str
    chrome: bool = True


@dataclass
class Metadata:
    """Metadata fields plus, for each, the rule or step that set it."""

    fields: dict[str, Any] = field(default_factory=dict)
    sources: dict[str, str] = field(default_factory=dict)
    priority: dict[str, int] = field(default_factory=dict)

    def set(self, name: str, value: Any, source: str, priority: int = 0) -> bool:
        """Set ``name`` unless a source of the same or higher priority set it already.

        Priorities: extractor metadata -1, generic rules 0, site rules 1, user
        rules 2, a Markdown file's own front matter 3. Empty values are ignored.
        """
        if value in (None, "", []) or self.priority.get(name, -10) >= priority:
            return False
        self.fields[name] = value
        self.sources[name] = source
        self.priority[name] = priority
        return True

    def add(self, name: str, items: list[str], source: str) -> None:
        """Append to a list field, skipping duplicates, keeping first-seen order."""
        current = self.fields.setdefault(name, [])
        for item in items:
            if item and item not in current:
                current.append(item)
        if current:
            self.sources.setdefault(name, source)
        else:
            del self.fields[name]

    def as_dict(self) -> dict[str, Any]:
        out = {k: self.fields[k] for k in METADATA_FIELDS if k in self.fields}
        out.update({k: v for k, v in self.fields.items() if k not in out})
        if self.sources:
            # fields' sources, then those of what is not a field (the body: "text")
            sources = {k: self.sources[k] for k in out if k in self.sources}
            sources.update({k: v for k, v in self.sources.items() if k not in self.fields})
            out["sources"] = sources
        return out


@dataclass(frozen=True)
class LineDecision:
    """One input line and what became of it: kept (``rule`` is None) or dropped by ``rule``."""

    line: int  # 1-based input line (for HTML: line of the extracted text)
    text: str
    rule: str | None = None

    @property
    def kept(self) -> bool:
        return self.rule is None


class Result:
    """What cleaning one document gives: the body, its metadata, and what was removed.

    ``removed`` may be given as a function that builds the trail: a plain-text
    run never reads it, and building one entry per dropped line is a real
    share of the cost of a small page. It is built on first access.
    """

    __slots__ = ("text", "metadata", "_removed", "kind", "front_matter", "decisions")

    def __init__(self, text: str, metadata: Metadata,
                 removed: "tuple[Removal, ...] | Callable[[], tuple[Removal, ...]]" = (),
                 kind: str = "text", front_matter: str = "",
                 decisions: tuple[LineDecision, ...] = ()):
        self.text = text
        self.metadata = metadata
        self._removed = removed
        self.kind = kind
        self.front_matter = front_matter  # a Markdown input's front matter, kept verbatim
        self.decisions = decisions  # every line's fate, when asked for (Options.explain)

    @property
    def removed(self) -> tuple[Removal, ...]:
        if callable(self._removed):
            self._removed = self._removed()
        return self._removed

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Result):
            return NotImplemented
        return all(getattr(self, name) == getattr(other, name) for name in _RESULT_FIELDS)

    def __repr__(self) -> str:
        fields = ", ".join(f"{name}={getattr(self, name)!r}" for name in _RESULT_FIELDS)
        return f"Result({fields})"


_RESULT_FIELDS = ("text", "metadata", "removed", "kind", "front_matter", "decisions")


class Document:
    """The lines of one text body, and which of them the rules have dropped.

    Rules scan ``text`` (the lines joined by newlines; ``utf8()`` for RE2) in
    one pass each and map match offsets back to line indexes, which is what
    keeps the engine fast; ``dropped`` maps a 0-based line index to the id of the rule that
    dropped it. ``first_line`` is the 1-based input line of ``lines[0]``
    (a Markdown body starts after its front matter). When lines were joined
    (hard-wrapped text reflowed into paragraphs), ``starts`` holds the 0-based
    input line each line starts on, so reports still name input lines.
    """

    __slots__ = ("lines", "text", "offsets", "dropped", "metadata", "first_line", "name",
                 "deadline", "notes", "kind", "_views", "moved", "protected", "starts", "absent")

    def __init__(self, lines: list[str], *, first_line: int = 1, name: str = "<input>",
                 metadata: Metadata | None = None, kind: str = "text", text: str | None = None,
                 starts: list[int] | None = None):
        self.lines = lines
        self.text = "\n".join(lines) if text is None else text  # callers that split a text pass it
        self.offsets = _line_offsets(lines, 0)
        self.dropped: dict[int, str] = {}
        self.metadata = metadata or Metadata()
        self.first_line = first_line
        self.name = name
        self.deadline: float | None = None
        self.notes: dict[str, Any] = {}  # scratch space kinds share (e.g. the title line)
        self.kind = kind  # the input's kind: "text", "markdown", or "html" (text extracted from a page)
        self._views: dict[tuple[int | None, bool], tuple[str, list[int]]] = {}
        self.moved: set[int] = set()  # dropped lines that are not chrome (see Removal.chrome)
        self.protected: set[int] = set()  # lines inside keep blocks: no rule drops them
        self.starts = starts  # reflowed text: the 0-based input line each line starts on
        self.absent: frozenset = frozenset()  # patterns known not to match anywhere (engine prefilter)

    def line_at(self, offset: int) -> int:
        """The index of the line holding character ``offset`` of ``text``."""
        return bisect_right(self.offsets, offset) - 1

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
        cached = self.notes.get("utf8")
        if cached is None:
            data = self.text.encode("utf-8", "surrogatepass")
            if len(data) == len(self.text):  # ASCII: byte and character offsets agree
                offsets = self.offsets
            else:  # the lines of the encoded text are the encoded lines
                offsets = _line_offsets(data.split(b"\n"), 0)
            cached = self.notes["utf8"] = (data, offsets)
        return cached

    def phrase_index(self) -> dict[str, list[int]]:
        """Lines by key (see ``patterns.line_key``) for the phrase rules, built once per document.

        Phrase rules look their phrases up here: one dictionary probe per
        phrase instead of a regex attempt per line. The engine's prefilter puts
        here only the lines that may be phrases; without it every short line
        is indexed.
        """
        index = self.notes.get("phrase_index")
        if index is None:
            index = self.notes["phrase_index"] = self.key_index()
        return index

    def key_index(self, start: int = 0, stop: int | None = None) -> dict[str, list[int]]:
        """Lines in ``[start, stop)`` of at most ``INDEX_MAX_CHARS`` characters, by key."""
        from .match.patterns import INDEX_MAX_CHARS, line_key

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
        from .match.patterns import INDEX_MAX_CHARS, line_key

        folded = self.notes.get("folded", False)
        if folded is False:
            folded = self.text.casefold()
            if len(folded) != len(self.text):  # a letter folded to several: offsets differ
                folded = None
            self.notes["folded"] = folded
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
        lowered = self.notes.get("lowered")
        if lowered is None:
            lowered = self.text.lower()
            if len(lowered) != len(self.text):  # a few letters change length when lowered
                lowered = "\n".join(line.lower() for line in self.lines)
                self.notes["lowered_offsets"] = _line_offsets([l.lower() for l in self.lines], 0)
            self.notes["lowered"] = lowered
        offsets = self.notes.get("lowered_offsets", self.offsets)
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

    def kept_indexes(self) -> list[int]:
        return [i for i in range(len(self.lines)) if i not in self.dropped]

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
