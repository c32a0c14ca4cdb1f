"""One document through every step: detect, parse, apply rules, collect metadata.

``clean_source`` is the single path through the engine; the CLI, batch runs,
hooks and the Dask workers all call it. It returns values and never prints.
"""
from __future__ import annotations

import time
from dataclasses import dataclass
from typing import TYPE_CHECKING

from . import deadline
from .deadline import DEFAULT_TIME_LIMIT, HARD_LIMIT_GRACE
from .errors import ConfigError, InputError
from .io.detect import detect_input_type
from .engine import run_rules
from .text.keep import protect
from .metadata import Metadata, Priority, derive, merge_external
from .model import Result, Source
from .text.document import Document
from .text.mojibake import repair_lines, repair_text
from .text.parse import (body_text, front_matter_fields, normalize_newlines, parse_plain, parse_text,
                    split_front_matter)
from .packs.ruleset import RuleSet, Selection


if TYPE_CHECKING:
    from .html.extract import Extracted


@dataclass(frozen=True)
class Options:
    """Per-run choices that change how a document is read (not which rules apply)."""

    url: str | None = None
    input_type: str | None = None  # force "html", "markdown" or "text"
    time_limit: float = DEFAULT_TIME_LIMIT
    # Read the page's metadata (HTML: trafilatura's and the metadata step's; copied text: the
    # metadata step's). The CLI skips it for --format text, which shows none; the body is the
    # same either way.
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


def refuse_empty(result: Result, name: str) -> Result:
    """``result``, unless cleaning left nothing of an input that had content.

    An empty output that exits 0 looks like success and loses the page without a
    word: in a pipe or a batch, nobody reads the empty file until it is too late.
    So when every line went (a page that is all chrome to the rules, or a rule that
    is too broad), the CLI and batch runs report the input as failed instead, naming
    the rule that took the first line; ``cleaner explain`` shows the rest. An HTML
    page with no text at all (a page its scripts fill in) fails the same way. The
    library's ``clean`` still returns the empty result: a caller may want the metadata.
    """
    if result.text.strip():
        return result
    removed = result.removed or result.page_removed
    if removed:
        first = removed[0]
        which = (f"its only line (line {first.line}, by {first.rule})" if len(removed) == 1 else
                 f"all {len(removed)} lines of its text (the first, line {first.line}, by {first.rule})")
        raise InputError(name, f"nothing left after cleaning: the rules took {which}; "
                               f"cleaner explain shows why")
    if result.input_type == "html":  # markup without a word of text: what a script fills in later
        raise InputError(name, "no text in the page, only markup and scripts (a page its scripts "
                               "fill in, saved before they ran?)")
    return result


def _clean(source: Source, ruleset: RuleSet, options: Options) -> Result:
    input_type = options.input_type or detect_input_type(source.text, source.suffix)
    started = time.monotonic()
    meta = Metadata()
    front = ""
    selection = None
    extracted = None
    if input_type == "html":
        extracted, selection = _html_step(source, ruleset, options)
        _repair_extracted(extracted)
        meta = extracted.captured  # what the HTML rules captured outranks the extractor
        signals = extracted.metadata.pop("sources", {})  # the signal each chosen field came from
        meta.candidates.update(extracted.metadata.pop("candidates", {}))
        merge_external(meta, extracted.metadata, "trafilatura", Priority.EXTRACTOR)
        meta.sources.update({k: f"html:{v}" for k, v in signals.items() if meta.sources.get(k) == "trafilatura"})
        meta.sources["text"] = extracted.extractor
        meta.set("page_type", extracted.page_type, "page-type", Priority.EXTRACTOR)
        if extracted.url and not options.url:
            meta.set("url", extracted.url, meta.sources.get("url", "page"), Priority.EXTRACTOR)
        url = options.url or extracted.url
        doc = Document(extracted.lines, name=source.name, metadata=meta, input_type="html")
        doc.headlines.update(extracted.headlines)
        paragraph_per_line = True
    elif input_type == "markdown":
        front, body, first_line = split_front_matter(repair_text(source.text))
        merge_external(meta, front_matter_fields(front), "front-matter", Priority.FRONT_MATTER)
        url = options.url or meta.fields.get("url")
        doc = parse_text(body, name=source.name, first_line=first_line, metadata=meta, input_type="markdown")
        paragraph_per_line = False
    else:
        url = options.url
        doc = parse_plain(repair_text(source.text), name=source.name, metadata=meta)
        paragraph_per_line = True
    deadline.check("reading the input")
    protect(doc)
    if url:
        meta.set("url", url, "option:--url" if options.url else meta.sources.get("url", "input"), Priority.OPTION)
    left = options.time_limit - (time.monotonic() - started)
    if selection is None:
        selection = ruleset.select(url, doc.text, input_type)
    text_rules = selection.text_rules
    if extracted is not None and extracted.page_type:
        text_rules = [r for r in text_rules if r.info.runs_on(extracted.page_type)]
    run_rules(doc, text_rules, time_limit=max(left, 0.001))
    if input_type == "text" and options.page_metadata:  # title, date, author from the lines near the top
        from .meta.text import apply_text

        deadline.check("reading the metadata")
        apply_text(doc, meta)
    derive(meta)
    deadline.check("collecting metadata")
    removed = doc.removals  # built only if a caller reads Result.removed
    decisions = ()
    if options.explain:
        from .text.explain import line_decisions

        decisions = line_decisions(doc, normalize_newlines(source.text).split("\n")
                                   if doc.starts is not None else doc.lines,
                                   rescued=extracted.rescued if extracted is not None else frozenset())
    text = None
    if extracted is not None:
        removed = tuple(extracted.removed) + doc.removals()
        if options.markdown_body and extracted.markdown is not None:
            from .html.extract import markdown_text

            text = markdown_text(doc, extracted)
    if text is None:
        text = body_text(doc, paragraph_per_line=paragraph_per_line)
    deadline.check("writing the result")
    return Result(text=text, metadata=meta, removed=removed, input_type=input_type, front_matter=front,
                  decisions=decisions, page_removed=tuple(extracted.removed) if extracted else ())


def _repair_extracted(extracted: "Extracted") -> None:
    """The body and metadata of a page shown through the wrong character set, repaired
    (text/mojibake.py): the lines are what the text rules and the reader see."""
    extracted.lines = repair_lines(extracted.lines)
    if extracted.markdown is not None:
        extracted.markdown = repair_lines(extracted.markdown)
    for key, value in extracted.metadata.items():
        if isinstance(value, str):
            extracted.metadata[key] = repair_text(value)
        elif isinstance(value, list) and all(isinstance(v, str) for v in value):
            extracted.metadata[key] = repair_lines(value)


def _html_step(source: Source, ruleset: RuleSet, options: Options) -> "tuple[Extracted, Selection]":
    """Parse the page, select its rules once (by its URL), run the HTML rules, extract the body."""
    from .engine import run_tree_rules
    from .html.extract import Extracted, extract_body, load_page
    from .html.pagetype import classify, page_features

    ends = time.monotonic() + options.time_limit
    with deadline.hard_limit(options.time_limit, f"{source.name}: time limit exceeded while extracting the HTML page"):
        page = load_page(source.text, url=options.url, name=source.name, deadline=ends,
                         with_metadata=options.page_metadata)
        if page is None:
            return Extracted([], extractor="none", url=options.url), ruleset.select(options.url, source.text, "html")
        selection = ruleset.select(page.url, source.text, "html")
        page.signals = page_features(page.root, page.url, page.page_chars)  # once, before any rule
        page.page_type = classify(page.signals)
        tree_rules = [r for r in selection.tree_rules if r.info.runs_on(page.page_type)]
        if tree_rules:
            run_tree_rules(page, tree_rules)
        return extract_body(page, markdown=options.markdown_body), selection
