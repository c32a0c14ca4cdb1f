"""``between``: drop what lies between two marker lines (the markers too, by default)."""
from __future__ import annotations

from .base import CONTAINS, MAX_CHARS, REGION, REMOVE, Field, RuleKind


class BetweenRule(RuleKind):
    name = "between"
    stage = REMOVE
    summary = "drop what lies between two marker lines"
    schema = {
        "start": Field("patterns", "regex of the opening marker line", required=True),
        "end": Field("patterns", "regex of the closing marker line", required=True),
        "inclusive": Field("bool", "drop the marker lines too", default=True),
        "region": REGION,
        "max_chars": MAX_CHARS,
        "contains": CONTAINS,
    }

    def apply(self, doc) -> None:
        start, stop = self.region_span(doc, self.region)
        n = len(doc.lines)
        resume = 0
        for first, _ in self.pattern_lines(doc, self.start, start, stop, self.max_chars, self.contains):
            if first < resume or not doc.kept(first):
                continue
            last = next((i for i, _ in self.pattern_lines(doc, self.end, first + 1, n)), None)
            if last is None:
                break  # an unclosed marker removes nothing
            lo, hi = (first, last) if self.inclusive else (first + 1, last - 1)
            for index in range(lo, hi + 1):
                doc.drop(index, self.id)
            resume = last + 1
