"""``capture``: named groups of a matching line become metadata (and the line may go).

``(?P<dateline>...)``, ``(?P<date>...)``, ``(?P<agency>...)``, ``(?P<rights>...)``,
``(?P<breadcrumbs>...)``: a group's name is the field it sets. List fields
(author, breadcrumbs, tags) collect every match; ``split`` cuts one match into
several items ("Home > World > Asia").

A dropped line is either chrome (a breadcrumb trail, a masthead, a copyright
footer) or article content that moved into metadata (a dateline, a byline).
``content`` says which; ``cleaner fix`` deletes chrome only. Left out, it is
true when the pattern captures a content field (see ``CONTENT_FIELDS``).
"""
from __future__ import annotations

from ..metadata import CONTENT_FIELDS, LIST_FIELDS, METADATA_FIELDS
from .base import CONTAINS, CAPTURE, MAX_CHARS, REGION, RuleKind
from .fields import Field, SchemaError


class CaptureRule(RuleKind):
    name = "capture"
    stage = CAPTURE
    summary = "named groups become metadata fields; the line may be dropped"
    schema = {
        "pattern": Field("patterns", "regex with named groups named after metadata fields", required=True),
        "drop": Field("bool", "drop the matched line as well", default=False),
        "split": Field("pattern", "regex that splits a list field's match into items"),
        "content": Field("bool", "the dropped line is article content moved into metadata (a dateline, "
                                 "a byline), not chrome: cleaner fix keeps it in the file. Default: true "
                                 "when a group is " + ", ".join(CONTENT_FIELDS)),
        "max_matches": Field("int", "use only the first N matching lines (0: all); the byline of "
                                    "the article, not those of teasers further down", default=0,
                             minimum=0),
        "region": REGION,
        "max_chars": MAX_CHARS,
        "contains": CONTAINS,
    }

    def check(self) -> None:
        for pattern in self.pattern:
            unknown = sorted(pattern.groupnames - set(METADATA_FIELDS))
            if unknown:
                raise SchemaError("pattern", f'group "{unknown[0]}" is not a metadata field '
                                             f'({", ".join(METADATA_FIELDS)})')
            if not pattern.groupnames:
                raise SchemaError("pattern", "a capture pattern needs at least one named group")
        if self.content is None:
            self.content = any(p.groupnames & set(CONTENT_FIELDS) for p in self.pattern)

    def apply(self, doc) -> None:
        start, stop = self.region_span(doc, self.region)
        taken = 0
        for index, match in self.pattern_lines(doc, self.pattern, start, stop, self.max_chars, self.contains):
            if not doc.kept(index):
                continue
            if self.max_matches and taken >= self.max_matches:
                break
            taken += 1
            for name, value in match.groupdict().items():
                if value is None:
                    continue
                value = value.strip()
                if name in LIST_FIELDS and self.split is not None:
                    items = [part.strip() for part in self.split.split(value, doc)]
                    doc.metadata.add(name, [i for i in items if i], self.id)
                elif name in LIST_FIELDS:
                    doc.metadata.add(name, [value], self.id)
                else:
                    doc.metadata.set(name, value, self.id, self.info.level)
            if self.drop:
                doc.drop(index, self.id, chrome=not self.content)
