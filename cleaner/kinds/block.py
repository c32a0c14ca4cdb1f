"""``block``: drop from a start line until a blank line, an end line, or the end of the text.

For chrome that comes in runs: related-headline lists, footers, "More from" boxes.
"""
from __future__ import annotations

from .base import CONTAINS, MAX_CHARS, REGION, REMOVE, RuleKind
from .fields import Field, SchemaError


class BlockRule(RuleKind):
    name = "block"
    stage = REMOVE
    summary = "drop from a start pattern until a blank line, an end pattern or the end"
    schema = {
        "start": Field("patterns", "regex of the block's first line"),
        "start_phrases": Field("phrases", "the block's first line as a whole phrase (ignoring case, "
                                          "punctuation and spacing); cheaper than a pattern"),
        "until": Field("choice", "where the block stops: blank (line), end (pattern), document",
                       choices=("blank", "end", "document")),
        "end": Field("patterns", 'regex of the block\'s last line (with until = "end")'),
        "include_end": Field("bool", "drop the end line too", default=True),
        "max_lines": Field("int", "never drop more lines than this in one block", default=200, minimum=1),
        "stop_before": Field("patterns", "regex of a line that ends the block and is kept "
                                         "(for example a line of prose)"),
        "region": REGION,
        "max_chars": MAX_CHARS,
        "contains": CONTAINS,
    }

    def check(self) -> None:
        if not self.start and not self.start_phrases:
            raise SchemaError("start", 'a block rule needs "start" or "start_phrases" (or both)')
        if self.until is None:
            self.until = "end" if self.end else "blank"
        if self.until == "end" and not self.end:
            raise SchemaError("until", 'until = "end" needs an "end" pattern')
        if self.until != "end" and self.end:
            raise SchemaError("end", f'"end" is only used with until = "end", not "{self.until}"')

    def apply(self, doc) -> None:
        self.drop_spans(doc, self._span)

    def _span(self, doc, first: int):
        last = self._last_line(doc, first, len(doc.lines))
        return None if last is None else (first, last, last)

    def _last_line(self, doc, first: int, n: int) -> int | None:
        limit = min(n, first + self.max_lines)
        if self.stop_before:
            limit = next((i for i, _ in self.pattern_lines(doc, self.stop_before, first + 1, limit)), limit)
        if self.until == "document":
            return limit - 1
        if self.until == "blank":
            index = first + 1
            while index < limit and doc.lines[index].strip():
                index += 1
            return index - 1
        for index, _ in self.pattern_lines(doc, self.end, first + 1, limit):
            return index if self.include_end else index - 1
        return None  # no end line: leave the text alone rather than guess
