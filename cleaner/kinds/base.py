"""What every rule kind shares: a typed schema for its TOML fields, and the rule base class.

A kind is a small class with a ``name``, a ``stage``, a ``schema`` of its own
fields and an ``apply(doc)`` method. The loader checks a rule's table against
the common fields plus the kind's schema, converts the values (patterns are
compiled here, once) and builds the kind with them. Nothing is checked later.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar


from ..match.patterns import LinePattern
from .fields import FIELD_TYPES, Field

if TYPE_CHECKING:
    from ..text.document import Document
    from ..html.page import Page

# Stages run in this order; within a stage, rules run in pack order.
CAPTURE, REMOVE, TITLE, STRUCTURE = 10, 20, 30, 40


@dataclass(frozen=True)
class Example:
    """An inline example: the rule alone turns ``input`` into ``expect`` (and sets ``metadata``)."""

    input: str
    expect: str
    metadata: dict[str, Any] = field(default_factory=dict)
    line: int | None = None


@dataclass(frozen=True)
class RuleInfo:
    """Where a rule came from, for messages, listings and the removal trail."""

    id: str
    kind: str
    message: str
    pack: str
    path: str
    line: int | None
    examples: tuple[Example, ...] = ()
    level: int = 0  # 0 generic pack, 1 site pack, 2 user pack: who wins a metadata field
    inputs: tuple[str, ...] = ("text", "markdown", "html")  # input kinds the rule applies to
    page_types: tuple[str, ...] = ()  # HTML page types the rule runs on (empty: every page)

    def runs_on(self, page_type: str | None) -> bool:
        """Whether the rule runs on a page of ``page_type`` (None: not an HTML page, or not known)."""
        return not self.page_types or page_type is None or page_type in self.page_types


class RuleKind:
    """Base class of every kind. Subclasses set ``name``, ``stage``, ``schema``, ``apply``."""

    name: ClassVar[str] = ""
    target: ClassVar[str] = "text"  # "text" rules run on lines; "html" rules on the page tree
    # An HTML rule whose ``apply(doc)`` also runs on the extracted text, with the text rules.
    after_extraction: ClassVar[bool] = False
    stage: ClassVar[int] = REMOVE
    summary: ClassVar[str] = ""
    schema: ClassVar[dict[str, Field]] = {}

    def __init__(self, info: RuleInfo, params: dict[str, Any]):
        self.info = info
        self.id = info.id
        for key, spec in self.schema.items():
            setattr(self, key, params.get(key, spec.default))
        self.check()

    def check(self) -> None:
        """Cross-field checks a kind needs beyond its schema; raise ``SchemaError``."""

    def apply(self, doc: "Document") -> None:
        """Drop lines of ``doc`` and/or set its metadata."""
        raise NotImplementedError

    # HTML rules (target = "html") implement these two instead of (or besides) ``apply``.
    def tree_selectors(self) -> list:
        """The CSS selectors whose matches ``apply_tree`` reads from ``page.matched(self)``.

        The engine matches the selectors of all HTML rules of a page in one
        walk over the tree, before any rule runs.
        """
        return []

    def apply_tree(self, page: "Page") -> None:
        """Change the page tree before extraction (remove elements) and/or set metadata."""
        raise NotImplementedError

    def line_patterns(self) -> list[LinePattern]:
        """Every regex of this rule's fields (the engine's prefilter rules out absent ones)."""
        found: list[LinePattern] = []
        for key, spec in self.schema.items():
            value = getattr(self, key, None)
            if value and FIELD_TYPES[spec.type].patterns:
                found.extend(value if isinstance(value, list) else [value])
        return found

    def line_phrases(self) -> list[str]:
        """Every phrase key of this rule's fields (the engine finds their lines in one scan)."""
        return [key for name, spec in self.schema.items() if FIELD_TYPES[spec.type].phrases
                for key in getattr(self, name, None) or ()]

    # Helpers most kinds use.
    def region_span(self, doc: "Document", region: tuple[int | None, int | None] | None):
        first, last = region or (None, None)
        return doc.span(first, last)

    @staticmethod
    def pattern_lines(doc: "Document", patterns: list[LinePattern], start: int, stop: int,
                      max_chars: int | None = None, contains: tuple[str, ...] | None = None):
        """Matching lines of any of ``patterns``, in line order, each once.

        Patterns the engine's prefilter found absent from the document are
        skipped; the others find their candidate lines with RE2 (see
        ``prefilter``). With ``contains``, only lines holding one of those
        strings (ignoring case) are tried; where RE2 cannot take a pattern,
        a fast ``str.find`` for them replaces the regex scan.
        """
        if doc.absent:
            patterns = [p for p in patterns if p not in doc.absent]
            if not patterns:
                return
        if contains and not all(p.finder is not None for p in patterns):
            for index in sorted(doc.lines_containing(contains, start, stop)):
                line = doc.lines[index]
                if index < start or index >= stop or (max_chars is not None and len(line) > max_chars):
                    continue
                for pattern in patterns:
                    m = pattern.search(line, doc)
                    if m is not None:
                        yield index, m
                        break
            return
        if len(patterns) == 1:
            yield from patterns[0].lines(doc, start, stop, max_chars, contains)
            return
        hits: dict[int, Any] = {}
        for pattern in patterns:
            for index, m in pattern.lines(doc, start, stop, max_chars, contains):
                hits.setdefault(index, m)
        yield from sorted(hits.items(), key=lambda item: item[0])

    def drop_spans(self, doc: "Document", find_span, kept_starts_only: bool = True) -> None:
        """Drop the span ``find_span(doc, first)`` returns for each kept start line.

        The start lines are those of ``self.start`` within ``self.region``;
        ``find_span`` returns ``(lo, hi)`` (inclusive) to drop and where the
        span ends, or None to drop nothing. Spans do not overlap: a start line
        inside a dropped span is skipped. Used by ``block`` and ``between``.
        """
        start, stop = self.region_span(doc, self.region)
        firsts = set(self.phrase_lines(doc, getattr(self, "start_phrases", None) or frozenset(), start, stop))
        if self.start:
            firsts.update(i for i, _ in self.pattern_lines(doc, self.start, start, stop,
                                                             self.max_chars, self.contains))
        resume = 0
        for first in sorted(firsts):
            if first < resume or (kept_starts_only and not doc.kept(first)):
                continue
            span = find_span(doc, first)
            if span is None:
                continue
            lo, hi, end = span
            doc.drop_all(range(lo, hi + 1), self.id)
            resume = end + 1

    @staticmethod
    def phrase_lines(doc: "Document", phrases: frozenset[str], start: int, stop: int) -> list[int]:
        """Indexes of lines in ``[start, stop)`` that are one of ``phrases`` as a whole."""
        index = doc.phrase_index()  # the engine's prefilter indexes only lines that may be phrases
        if len(phrases) < len(index):
            found = [i for p in phrases for i in index.get(p, ())]
        else:
            found = [i for key, lines in index.items() if key in phrases for i in lines]
        return sorted(i for i in found if start <= i < stop)


REGION = Field("region", 'where the rule looks: "anywhere", { first = N } or { last = N } lines',
               default=None)
CONTAINS = Field("needles", "look only at lines containing one of these strings (ignoring case); "
                             "makes a rule with a pattern much cheaper", default=None)
MAX_CHARS = Field("int", "look only at lines of at most this many characters (chrome is short; "
                         "a limit also makes the rule much cheaper)", default=None, minimum=1)
