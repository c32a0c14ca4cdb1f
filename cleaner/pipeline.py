"""One document through every step: detect, parse, apply rules, collect metadata.

``clean_source`` is the single path through the engine; the CLI, batch runs,
hooks and the Dask workers all call it. It returns values and never prints.
"""
from __future__ import annotations

import time
from dataclasses import dataclass

from . import deadline
from .deadline import DEFAULT_TIME_LIMIT, HARD_LIMIT_GRACE
from .errors import ConfigError
from .io.detect import detect_kind
from .engine import run_rules
from .text.keep import protect
from .metadata import derive, merge_external, set_field
from .model import Document, Metadata, Result, Source
from .text.parse import (body_text, front_matter_fields, normalize_newlines, parse_plain, parse_text,
                    split_front_matter)
from .packs.ruleset import RuleSet

FRONT_MATTER_PRIORITY = 3
EXTRACTOR_PRIORITY = -1


@dataclass(frozen=True)
class Options:
    """Per-run choices that change how a document is read (not which rules apply)."""

    url: str | None = None
    kind: str | None = None  # force "html", "markdown" or "text"
    time_limit: float = DEFAULT_TIME_LIMIT
    # HTML: read the page's metadata with trafilatura (the CLI skips it for --format text,
    # which shows none; the body is the same either way).
    page_metadata: bool = True
    # HTML: give the body as Markdown (headings, lists, links) instead of plain paragraphs.
    markdown_body: bool = False
    explain: bool = False  # fill Result.decisions: every input line, kept or dropped by which rule

    @classmethod
    def for_format(cls, fmt: str, **kwargs) -> "Options":
        """Options for output in ``fmt``: page metadata only where the format shows it, a
        Markdown body for Markdown. The CLI and batch runs share this, so they agree."""
        return cls(page_metadata=fmt != "text", markdown_body=fmt == "markdown", **kwargs)


def clean_source(source: Source, ruleset: RuleSet, options: Options = Options()) -> Result:
    """Clean one decoded source with ``ruleset``; raises ``CleanerError`` subclasses on failure.

    The whole document, every stage, runs under one time budget (see ``deadline``).
    """
    try:
        limit = deadline.parse_time_limit(options.time_limit)
    except ValueError as exc:
        raise ConfigError("time limit", None, str(exc)) from None
    with deadline.budget(limit, source.name), \
            deadline.hard_limit(limit + HARD_LIMIT_GRACE, f"{source.name}: time limit exceeded"):
        return _clean(source, ruleset, options)


def _clean(source: Source, ruleset: RuleSet, options: Options) -> Result:
    kind = options.kind or detect_kind(source.text, source.suffix)
    started = time.monotonic()
    meta = Metadata()
    front = ""
    extra_rules: list = []
    extracted = None
    if kind == "html":
        from .html.extract import extract_html

        extracted = extract_html(source.text, url=options.url, name=source.name, ruleset=ruleset,
                                 time_limit_s=options.time_limit, with_metadata=options.page_metadata,
                                 markdown=options.markdown_body)
        meta = extracted.captured  # what the HTML rules captured outranks the extractor
        merge_external(meta, extracted.metadata, "trafilatura", EXTRACTOR_PRIORITY)
        meta.sources["text"] = extracted.source
        if extracted.url and not options.url:
            set_field(meta, "url", extracted.url, meta.sources.get("url", "page"), EXTRACTOR_PRIORITY)
        url = options.url or extracted.url
        doc = Document(extracted.lines, name=source.name, metadata=meta, kind="html")
        doc.notes.update(extracted.notes)
        extra_rules = [r for r in ruleset.for_source(url, source.text, target="html", inputs="html")
                       if r.after_extraction]
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
    deadline.check("reading the input")
    protect(doc)
    if url:
        set_field(meta, "url", url, "option:--url" if options.url else meta.sources.get("url", "input"), 4)
    left = options.time_limit - (time.monotonic() - started)
    rules = ruleset.for_source(url, doc.text, inputs=kind)
    if extra_rules:
        rules = sorted(rules + extra_rules, key=lambda r: r.stage)
    run_rules(doc, rules, time_limit=max(left, 0.001))
    derive(meta)
    deadline.check("collecting metadata")
    removed = doc.removals  # built only if a caller reads Result.removed
    decisions = ()
    if options.explain:
        from .text.explain import line_decisions

        decisions = line_decisions(doc, normalize_newlines(source.text).split("\n")
                                   if doc.starts is not None else doc.lines)
    text = None
    if extracted is not None:
        removed = tuple(extracted.removed) + doc.removals()
        if options.markdown_body and extracted.markdown is not None:
            from .html.extract import markdown_text

            text = markdown_text(doc, extracted)
    if text is None:
        text = body_text(doc, paragraph_per_line=paragraph_per_line)
    deadline.check("writing the result")
    return Result(text=text, metadata=meta, removed=removed, kind=kind, front_matter=front,
                  decisions=decisions)
