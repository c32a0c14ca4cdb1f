"""``line``: drop every line that matches (ad labels, share prompts, lone bylines of chrome)."""
from __future__ import annotations

from .base import REGION, REMOVE, Field, RuleKind


class LineRule(RuleKind):
    name = "line"
    stage = REMOVE
    summary = "drop lines that match, optionally only in the first or last N lines"
    schema = {
        "pattern": Field("patterns", "regex (or list of regexes) matched against each line", required=True),
        "region": REGION,
    }

    def apply(self, doc) -> None:
        start, stop = self.region_span(doc, self.region)
        for index, _ in self.pattern_lines(doc, self.pattern, start, stop):
            doc.drop(index, self.id)
