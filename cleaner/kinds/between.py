"""``between``: drop what lies between two marker lines (the markers too, by default)."""
from __future__ import annotations

from .base import CONTAINS, MAX_CHARS, REGION, REMOVE, RuleKind
from .fields import Field


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
        # A marker pair is unambiguous, so a marker another rule already dropped still opens a span.
        self.drop_spans(doc, self._span, kept_starts_only=False)

    def _span(self, doc, first: int):
        last = next((i for i, _ in self.pattern_lines(doc, self.end, first + 1, len(doc.lines))), None)
        if last is None:
            return None  # an unclosed marker removes nothing
        lo, hi = (first, last) if self.inclusive else (first + 1, last - 1)
        return lo, hi, last
