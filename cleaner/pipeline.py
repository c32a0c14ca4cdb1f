"""One document through every step: detect, parse, apply rules, collect metadata.

``clean_source`` is the single path through the engine; the CLI, batch runs,
hooks and the Dask workers all call it. It returns values and never prints.
"""
from __future__ import annotations

import time
from dataclasses import dataclass

from .detect import detect_kind
from .engine import DEFAULT_TIME_LIMIT, run_rules
from .metadata import derive, merge_external, set_field
from .model import Metadata, Result, Source
from .parse import (body_text, front_matter_fields, normalize_newlines, parse_plain, parse_text,
                    split_front_matter)
from .ruleset import RuleSet

FRONT_MATTER_PRIORITY = 3
EXTRACTOR_PRIORITY = -1


@dataclass(frozen=True)
class Options:
    """Per-run choices that change how a document is read (not which rules apply)."""

    url: str | None = None
    kind: str | None = None  # force "html", "markdown" or "text"
    time_limit: float = DEFAULT_TIME_LIMIT
    explain: bool = False  # fill Result.decisions: every input line, kept or dropped by which rule


def clean_source(source: Source, ruleset: RuleSet, options: Options = Options()) -> Result:
    """Clean one decoded source with ``ruleset``; raises ``CleanerError`` subclasses on failure."""
    kind = options.kind or detect_kind(source.text, source.suffix)
    started = time.monotonic()
    meta = Metadata()
    front = ""
    if kind == "html":
        from .extract import extract_html

        extracted = extract_html(source.text, url=options.url, name=source.name,
                                 ruleset=ruleset, time_limit=options.time_limit)
        merge_external(meta, extracted.metadata, extracted.source, EXTRACTOR_PRIORITY)
        url = options.url or extracted.metadata.get("url")
        doc = parse_text(extracted.text, name=source.name, metadata=meta, kind="html")
        paragraph_per_line = True
    elif kind == "markdown":
        front, body, first_line = split_front_matter(source.text)
        merge_external(meta, front_matter_fields(front), "front-matter", FRONT_MATTER_PRIORITY)
        url = options.url or meta.fields.get("url")
        doc = parse_text(body, name=source.name, first_line=first_line, metadata=meta, kind="markdown")
        paragraph_per_line = False
    else:
        url = options.url
        doc = parse_plain(source.text, name=source.name, metadata=meta)
        paragraph_per_line = True
    if url:
        set_field(meta, "url", url, "option:--url" if options.url else meta.sources.get("url", "input"), 4)
    left = options.time_limit - (time.monotonic() - started)
    run_rules(doc, ruleset.for_source(url, doc.text, inputs=kind), time_limit=max(left, 0.001))
    derive(meta)
    decisions = ()
    if options.explain:
        from .explain import line_decisions

        decisions = line_decisions(doc, normalize_newlines(source.text).split("\n")
                                   if doc.starts is not None else doc.lines)
    return Result(text=body_text(doc, paragraph_per_line=paragraph_per_line), metadata=meta,
                  removed=doc.removals(), kind=kind, front_matter=front, decisions=decisions)
