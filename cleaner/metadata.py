"""Metadata: the fields, who may set them, and how values from several places merge.

Every field records its source (a rule id, ``trafilatura``, ``front-matter``,
``derived:...``), so a user can see why a field holds what it holds, and its
priority, so the most trusted source wins whatever the order things run in.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from enum import IntEnum
from typing import Any

from .dates import normalize_date

# Metadata fields a rule may set, and which of them hold lists.
SCALAR_FIELDS = ("title", "site", "url", "date", "dateline", "agency", "category",
                 "summary", "rights", "language", "description")
LIST_FIELDS = ("author", "breadcrumbs", "tags")
METADATA_FIELDS = SCALAR_FIELDS + LIST_FIELDS
# Fields whose source line is part of the article itself (headline, byline, dateline,
# standfirst): a rule that takes such a line into metadata moves content, it does not
# remove chrome, so ``cleaner fix`` leaves the line in the file.
CONTENT_FIELDS = ("title", "author", "date", "dateline", "agency", "summary", "description")




class Priority(IntEnum):
    """Who wins a metadata field: a higher level replaces a lower one, never the reverse."""

    DERIVED = -2  # computed from other fields (the category from breadcrumbs)
    EXTRACTOR = -1  # what the HTML extractor read from the page
    GENERIC = 0  # a shipped generic rule
    SITE = 1  # a shipped site pack
    USER = 2  # the user's own rule files
    FRONT_MATTER = 3  # a Markdown file's own front matter
    OPTION = 4  # given on the command line (--url)


UNSET = -10  # the priority of a field nobody set: anything wins over it


@dataclass
class Metadata:
    """Metadata fields plus, for each, the rule or step that set it."""

    fields: dict[str, Any] = field(default_factory=dict)
    sources: dict[str, str] = field(default_factory=dict)
    priority: dict[str, int] = field(default_factory=dict)
    # The metadata step's best candidates per field, ``(value, signal, score)``, best first:
    # what ``cleaner explain`` shows beside the value chosen. Not part of ``as_dict``.
    candidates: dict[str, list[tuple[Any, str, float]]] = field(default_factory=dict)

    def set(self, name: str, value: Any, source: str, priority: int = Priority.GENERIC) -> bool:
        """Set ``name`` unless a source of the same or higher priority set it already.

        The one way a scalar field is set, so every value is normalised the same
        way: white space folded, dates in ISO form (a date that cannot be read is
        no date). Empty values are ignored. See ``Priority`` for who wins.
        """
        if isinstance(value, str):
            value = " ".join(value.split())
            if name == "date":
                value = normalize_date(value)
        if value in (None, "", []) or self.priority.get(name, UNSET) >= priority:
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


def derive(meta: Metadata) -> None:
    """Fill fields that follow from others: the category is the last breadcrumb."""
    crumbs = [c for c in meta.fields.get("breadcrumbs", []) if c.lower() not in ("home", "start")]
    if crumbs:
        meta.set("category", crumbs[-1], "derived:breadcrumbs", Priority.DERIVED)


def merge_external(meta: Metadata, values: dict[str, Any], source: str, priority: int) -> None:
    """Merge fields from an extractor or front matter; rule captures of higher priority win."""
    for name, value in values.items():
        if isinstance(value, list):
            if name not in meta.fields or meta.priority.get(name, UNSET) < priority:
                items = [" ".join(str(v).split()) for v in value if str(v).strip()]
                if items:
                    meta.fields[name] = items
                    meta.sources[name] = source
                    meta.priority[name] = priority
        elif value not in (None, ""):
            meta.set(name, str(value), source, priority)
