"""``line``: drop every line that matches (ad labels, share prompts, cookie buttons).

Two ways to say what matches: ``phrases``, whole lines compared ignoring case,
punctuation and spacing ("ADVERTISEMENT", "- Advertisement -", "[Ad]" are all
the phrase "advertisement"), looked up in a per-document index at almost no
cost; and ``pattern``, regexes for what a list cannot say. Prefer phrases.
"""
from __future__ import annotations

from .base import CONTAINS, MAX_CHARS, REGION, REMOVE, RuleKind
from .fields import Field, SchemaError


class LineRule(RuleKind):
    name = "line"
    stage = REMOVE
    summary = "drop lines that match, optionally only in the first or last N lines"
    schema = {
        "phrases": Field("phrases", "whole lines to drop, compared ignoring case, punctuation and spacing"),
        "pattern": Field("patterns", "regex (or list of regexes) matched against each line"),
        "region": REGION,
        "max_chars": MAX_CHARS,
        "contains": CONTAINS,
    }

    def check(self) -> None:
        if not self.phrases and not self.pattern:
            raise SchemaError("pattern", 'a line rule needs "phrases" or "pattern" (or both)')

    def apply(self, doc) -> None:
        start, stop = self.region_span(doc, self.region)
        if self.phrases:
            for index in self.phrase_lines(doc, self.phrases, start, stop):
                doc.drop(index, self.id)
        if self.pattern:
            for index, _ in self.pattern_lines(doc, self.pattern, start, stop, self.max_chars, self.contains):
                doc.drop(index, self.id)
