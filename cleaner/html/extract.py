"""HTML pages: parse once, extract the article with trafilatura.

The module that imports trafilatura (lxml is also imported by the selector
engine and the HTML kinds, which only HTML pages reach); kept apart so the
text path never pays for importing them.

Steps, all on one parsed tree (no second parse, no serialise round trip); the
pipeline runs them in order and, between 3 and 4, the HTML rules of the packs
the page's URL selects (through the engine: this module runs no rule):

1. ``load_page``: parse as trafilatura's own loader does (so the tree is the one it expects),
   without libxml2's depth and text-size limits when a page hits them;
2. the page's URL: ``--url``, else its canonical link, else ``og:url`` (site packs are
   chosen by it);
3. page metadata with trafilatura (when the caller wants metadata), before
   any rule touches the tree;
4. ``extract_body``: trafilatura in its fast mode; if that finds little of the page's
   text, its full cascade (external extractors, baseline, recall retry), kept if it
   finds more (see docs/html.md); then, on pages where it found a small share of the text,
   the dropped blocks that look like its kept ones (``add_rescued``, ``html/rescue.py``);
   if both find nothing, the page's visible text, which the text rules then clean.
   ``extractor`` says which won;
6. the extracted body as lines (one paragraph, list item or table row a line)
   for the text rules, and the same blocks as Markdown when asked.
"""
from __future__ import annotations

import math

import re
import threading
from dataclasses import dataclass, field
from typing import Any

from ..errors import InputError
from ..metadata import Metadata
from ..model import Removal
from .blocks import BLOCK_TAGS, INVISIBLE
from .fitted import Choice, Number, load_fitted
from .page import PAGE_TYPES, Page

# Pages larger than this are refused with a clear error instead of taking minutes
# (trafilatura's own loader refuses them silently).
MAX_HTML_CHARS = 20_000_000
# How trafilatura's two modes are used: rules/fitted/html-extraction.toml (see ``strategy``).
STRATEGIES = ("fast", "cascade", "fast-then-cascade")
# Under this many characters, the visible text of the page is used instead.
EMPTY_TEXT = 25


@dataclass
class Extracted:
    """An extracted article body, its page metadata, and what the HTML rules did."""

    lines: list[str]  # one paragraph, list item or table row a line
    metadata: dict[str, Any] = field(default_factory=dict)
    extractor: str = "trafilatura"  # which extraction produced the lines
    url: str | None = None  # the page's URL (given, canonical link or og:url)
    removed: list[Removal] = field(default_factory=list)
    headlines: dict[str, list[str]] = field(default_factory=dict)  # from headline rules
    captured: Metadata = field(default_factory=Metadata)  # metadata set by HTML rules
    blocks: list[int] = field(default_factory=list)  # for each line, its block's index
    markdown: list[str] | None = None  # each block as Markdown, when asked for
    page_type: str | None = None  # article, forum, product... (html/pagetype.py)
    rescued: frozenset[int] = frozenset()  # indexes of the lines the block rescue added

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


def load_page(html: str, *, url: str | None, name: str, deadline: float,
              with_metadata: bool = True) -> Page | None:
    """Parse a page, find its URL and (when asked) its metadata; None if nothing parses.

    Raises ``InputError`` for a page too large to take on.
    """
    if len(html) > MAX_HTML_CHARS:
        raise InputError(name, f"page too large ({len(html) / 1e6:.1f} million characters; "
                               f"the limit is {MAX_HTML_CHARS / 1e6:.0f} million)")
    root = parse_tree(html)
    lost = _lost_text(root, html)
    if lost:
        # libxml2 stops at 2048 nested elements even without its other limits: parse once more
        # without the layout containers (the usual cause), and fail loudly if text is still lost.
        root = parse_tree(_WRAPPER_TAGS.sub(" ", html))
        lost = _lost_text(root, html)
        if lost:
            raise InputError(name, f"the HTML parser lost the page's text ({lost} characters outside tags, "
                                   f"{0 if root is None else _text_size(root, lost)} parsed)")
    if root is None:
        return None
    page_url = url or page_url_of(root)
    metadata = page_metadata(root, page_url) if with_metadata else {}
    _drop_scripts(root)
    return Page(root, name=name, url=page_url, deadline=deadline, extractor_metadata=metadata,
                page_chars=body_chars(root))  # before the rules: they take chrome out, not the page's size


def extract_body(page: Page, markdown: bool = False) -> Extracted:
    """The article of a page its HTML rules have run on: trafilatura, then the fallbacks."""
    page.check_time()
    root, metadata, page_url = page.root, page.extractor_metadata, page.url
    body, extractor = _extract_body(root, page_url, markdown, page)
    if body is not None:
        lines, blocks, md = render_blocks(body, markdown)
    else:
        lines, blocks, md = [], [], None
    backup = _backstop(page, sum(len(line) for line in lines), markdown)
    if backup is not None:
        lines, blocks, md, extractor = backup
    rescued: frozenset[int] = frozenset()
    if lines and extractor.startswith("trafilatura") and "failed" not in extractor:
        lines, blocks, md, extractor, rescued = add_rescued(page, lines, blocks, md, extractor)
    if sum(len(line) for line in lines) < EMPTY_TEXT:
        visible = visible_lines(root)
        if sum(len(line) for line in visible) > sum(len(line) for line in lines):
            lines, blocks, md = visible, list(range(len(visible))), (visible if markdown else None)
            extractor, rescued = "visible-text", frozenset()
    return Extracted(lines, metadata, extractor, page_url, page.removed, page.headlines, page.metadata,
                     blocks, md, page.page_type, rescued)


def add_rescued(page: Page, lines: list[str], blocks: list[int], md: list[str] | None, extractor: str):
    """The extracted lines with the page's dropped blocks that look like its kept ones added back
    (``html/rescue.py``), ``extractor`` with ``+rescue`` when any were, and the indexes of the
    added lines (``cleaner explain`` marks them). Only pages whose extraction found under the
    fitted share of their text walk their blocks; the rest pay nothing."""
    from . import rescue

    found = sum(len(line) for line in lines) / max(page.page_chars, 1.0)
    if not rescue.wanted(page.page_type, found, page.signals):
        return lines, blocks, md, extractor, frozenset()
    from .blocks import mark_kept, page_blocks

    page.check_time()
    candidates = page_blocks(page.root)
    mark_kept(candidates, lines)
    picked = rescue.rescued(candidates, page.page_type, found)
    if not picked:
        return lines, blocks, md, extractor, frozenset()
    lines, blocks, md, added = rescue.merge(lines, blocks, md, candidates, picked)
    return lines, blocks, md, extractor + "+rescue", added


def _backstop(page: Page, length: int, markdown: bool):
    """Back off the HTML rules that took a large share of the article, in the spirit of
    trafilatura's pruning with backup.

    A rule whose removals add up to more than ``suspect`` times the text
    extracted (``length`` characters) is a suspect. The suspects' removals are
    put back and the page extracted again: if the extractor now returns more,
    and the gain is over ``share`` of what it returns, the rules took content,
    not chrome, so that extraction is kept and each backed-off rule is
    reported in ``removed`` (rule ``backstop``). Otherwise the removals are
    made again and nothing changes. Only suspect pages pay a second
    extraction; ``suspect`` keeps them few (a second extraction on one page in
    nine cost a fifth of the whole path's speed).
    Returns ``(lines, blocks, markdown, extractor)`` of the backup, or None.
    """
    share, suspect = backstop_share(), backstop_suspect()
    suspects = [rule for rule, chars in page.removed_chars.items()
                if rule in page.undo and chars > suspect * max(length, 1)]
    if share >= 1.0 or not suspects:
        return None
    page.check_time()
    restored = {rule: page.put_back(rule) for rule in suspects}
    body, extractor = _extract_body(page.root, page.url, markdown, page)
    lines, blocks, md = render_blocks(body, markdown) if body is not None else ([], [], None)
    backup = sum(len(line) for line in lines)
    if backup - length <= share * backup:
        for rule, entries in restored.items():
            page.redo(rule, entries)
        return None
    page.removed[:] = [r for r in page.removed if r.rule not in restored]
    for rule in suspects:
        page.removed.append(Removal("backstop", 0, f"{rule} backed off: its removals ({page.removed_chars[rule]} "
                                                   f"characters) took {backup - length} of the {backup} the "
                                                   f"extractor returns without it"))
    return lines, blocks, md, extractor


def _extract_body(root, url: str | None, markdown: bool, page: Page):
    """trafilatura's fast mode, then its full cascade when fast mode found little of the page.

    Fast mode skips the comparison with readability and jusText; that costs recall
    where the page is not a plain article (forums, product, service and listing
    pages), and there fast mode finds a small share of the page's text. So the
    cascade runs when the fast result is under ``cascade_share(page.page_type)`` of
    ``page.page_chars``, the text of the page's body before the HTML rules (or under
    ``short_text`` characters), and wins if it finds more. The strategy and both
    thresholds are chosen on wcxb-dev's training folds (``strategy()``). A page whose
    signals say fast mode will find little (``cascade_first``) goes to the cascade
    straight away: on those pages fast mode's run was pure cost. (Measured after the rules, the
    yardstick shrinks with the link lists the rules take out, and forum threads
    whose fast result is a few posts no longer look small.) Returns ``(body,
    extractor)``: ``extractor`` is ``trafilatura`` for fast mode, ``trafilatura:fallback``
    when the cascade's result was taken after it, ``trafilatura:cascade`` when the cascade
    ran first.
    """
    import trafilatura

    options = dict(url=url, include_comments=False, with_metadata=False, output_format="txt",
                   include_formatting=markdown, include_links=markdown, include_tables=True)
    chosen = strategy()
    body, length, extractor = None, 0, "trafilatura"
    first = chosen["strategy"] == "fast-then-cascade" and cascade_first(page.signals)
    if chosen["strategy"] != "cascade" and not first:
        try:
            doc = trafilatura.bare_extraction(root, fast=True, **options)
        except (RecursionError, ValueError, TypeError, AttributeError, IndexError) as exc:
            doc, extractor = None, f"trafilatura failed ({exc.__class__.__name__})"
        if doc is not None and doc.body is not None:
            body, length = doc.body, len(doc.raw_text or "")
    if chosen["strategy"] == "cascade" or first or (
            chosen["strategy"] == "fast-then-cascade"
            and (length < chosen["short_text"] or length < cascade_share(page.page_type) * page.page_chars)):
        page.check_time()
        try:
            full = trafilatura.bare_extraction(root, fast=False, **options)
        except (RecursionError, ValueError, TypeError, AttributeError, IndexError) as exc:
            full, extractor = None, f"trafilatura failed ({exc.__class__.__name__})"
        if full is not None and full.body is not None and len(full.raw_text or "") > length:
            body, extractor = full.body, "trafilatura:cascade" if first else "trafilatura:fallback"
    return body, extractor


def _fitted() -> dict:
    return load_fitted("html-extraction", _SPEC, free_tables=("cascade_first_weights",))


def cascade_first(signals: dict[str, float]) -> bool:
    """Whether the page's signals (``html/pagetype.py``) say fast mode would find under the
    cascade's share: a logistic model whose probability must reach ``[cascade_first] threshold``
    (over 1: never). Fitted on wcxb-dev's training folds by ``bench/wcxb_html.py --strategies``."""
    data = _fitted()
    threshold = data["cascade_first"]["threshold"]
    if threshold > 1.0 or not signals:
        return False
    return first_probability(signals, data["cascade_first_weights"]) >= threshold


def first_probability(signals: dict[str, float], weights: dict[str, float]) -> float:
    """The cascade-first model's probability that fast mode will come up short on the page."""
    margin = weights.get("bias", 0.0) + sum(weights.get(name, 0.0) * value for name, value in signals.items())
    return 1.0 / (1.0 + math.exp(-max(min(margin, 50.0), -50.0)))


def strategy() -> dict:
    """The extraction strategy and its thresholds, from ``rules/fitted/html-extraction.toml``:
    ``strategy`` (fast, cascade or fast-then-cascade), ``short_text``, ``cascade_share``."""
    return _fitted()["extraction"]


_SPEC = {"extraction": {"strategy": Choice(STRATEGIES), "short_text": Number(0, 100_000, integer=True),
                        "cascade_share": Number(0.0, 1.0)},
         "by_type": {kind: Number(0.0, 1.5) for kind in PAGE_TYPES},
         "backstop": {"share": Number(0.0, 1.0), "suspect": Number(0.0, 100.0)},
         "cascade_first": {"threshold": Number(0.0, 1.01)}}


def cascade_share(page_type: str | None) -> float:
    """The share of the body's text under which fast mode's result gets the cascade: one per page
    type (``[by_type]``), else ``cascade_share``."""
    data = _fitted()
    return data["by_type"].get(page_type, data["extraction"]["cascade_share"])


def backstop_share() -> float:
    """The share of the extracted text an HTML rule may take before the backstop backs it off
    (``rules/fitted/html-extraction.toml``, ``[backstop] share``; 1 turns the backstop off)."""
    return float(_fitted()["backstop"]["share"])


def backstop_suspect() -> float:
    """How many times the extracted text a rule must remove to be a suspect (``[backstop] suspect``)."""
    return float(_fitted()["backstop"]["suspect"])


def body_chars(root) -> float:
    """Characters of text in the page's body, spaces collapsed (scripts and styles already
    dropped): the yardstick for how much of the page an extraction found. One XPath call:
    about a third of the cost of walking the text nodes in Python."""
    global _BODY_CHARS
    if _BODY_CHARS is None:
        from lxml.etree import XPath

        _BODY_CHARS = XPath("string-length(normalize-space(/html/body))")
    return _BODY_CHARS(root)


_BODY_CHARS = None


def page_url_of(root) -> str | None:
    """The page's own URL: its canonical link, else its ``og:url``."""
    head = root.find("head")
    scope = head if head is not None else root
    canonical = og = None
    for el in scope.iter("link", "meta"):
        if el.tag == "link" and canonical is None and "canonical" in (el.get("rel") or "").lower().split():
            canonical = (el.get("href") or "").strip() or None
        elif el.tag == "meta" and og is None and (el.get("property") or el.get("name") or "").lower() == "og:url":
            og = (el.get("content") or "").strip() or None
    found = canonical or og
    return found if found and found.lower().startswith(("http://", "https://", "//")) else None


def page_metadata(root, url: str | None) -> dict[str, Any]:
    """Title, author, date, site, description, categories, tags, URL and language.

    trafilatura reads them all; the metadata step (``meta.choose_html``) then
    chooses title, date and author among every signal of the page, trafilatura's
    included, and names the signal that won under ``sources``.
    """
    from trafilatura.metadata import extract_metadata

    try:
        data = extract_metadata(root, default_url=url, extensive=False)
    except (RecursionError, ValueError, TypeError, AttributeError, IndexError):
        return {}
    language = root.get("lang") or None
    meta = {
        "title": data.title, "author": _authors(data.author), "date": data.date,
        "site": data.sitename, "description": data.description, "url": data.url,
        "language": data.language or (language.split("-")[0].lower() if language else None),
        "category": (data.categories or [None])[0] if isinstance(data.categories, list) else None,
        "tags": data.tags if isinstance(data.tags, list) else None,
    }
    # title, date and author: every signal of the page weighed (trafilatura's is one of them)
    from ..meta.choose_html import choose_fields

    meta.update(choose_fields(root, url, meta))
    return {k: v for k, v in meta.items() if v}


def _authors(value: Any) -> list[str] | None:
    if not value:
        return None
    if isinstance(value, list):
        return [str(v) for v in value]
    return [part.strip() for part in str(value).split(";") if part.strip()]


def _drop_scripts(root) -> None:
    """Remove scripts (JSON-LD stays: the extractor's baseline reads it) and style sheets.

    trafilatura deletes them anyway; doing it first keeps them out of the
    rules' word counts and shrinks the tree every later step walks.
    """
    for el in list(root.iter("script", "style")):
        if el.tag == "script" and (el.get("type") or "").lower() == "application/ld+json":
            continue
        parent = el.getparent()
        if parent is None:
            continue
        if el.tail:
            prev = el.getprevious()
            if prev is not None:
                prev.tail = (prev.tail or "") + el.tail
            else:
                parent.text = (parent.text or "") + el.tail
        parent.remove(el)


def render_blocks(body, markdown: bool) -> tuple[list[str], list[int], list[str] | None]:
    """The extracted body's top-level blocks as plain lines, and as Markdown when asked.

    Text rules read plain lines (no list markers or link syntax to trip over);
    the Markdown of a block is kept when its lines are.
    """
    from lxml.etree import strip_tags
    from trafilatura.xml import xmltotxt

    lines: list[str] = []
    blocks: list[int] = []
    md: list[str] | None = [] if markdown else None
    plain_body = body
    if markdown:
        from copy import deepcopy

        plain_body = deepcopy(body)
        strip_tags(plain_body, "ref", "hi")
    for n, block in enumerate(plain_body):
        text = xmltotxt(block, False)
        for line in text.split("\n"):
            if line.strip():
                lines.append(line.strip())
                blocks.append(n)
    if md is not None:
        md.extend(xmltotxt(block, True).strip("\n") for block in body)
    return lines, blocks, md


def visible_lines(root) -> list[str]:
    """The text a reader sees, one block element a line (the last-resort body)."""
    from lxml import etree

    lines: list[str] = []
    current: list[str] = []
    skip = 0

    def flush():
        text = " ".join("".join(current).split())
        if text:
            lines.append(text)
        current.clear()

    for event, el in etree.iterwalk(root, events=("start", "end", "comment", "pi")):
        if event in ("comment", "pi") or not isinstance(el.tag, str):  # only the tail shows
            if event != "end" and not skip and el.tail:
                current.append(el.tail)
            continue
        tag = el.tag
        if event == "start":
            if tag in INVISIBLE:
                skip += 1
                continue
            if skip:
                continue
            if tag in BLOCK_TAGS:
                flush()
            if el.text:
                current.append(el.text)
        else:
            if tag in INVISIBLE:
                skip -= 1
            elif not skip and tag in BLOCK_TAGS:
                flush()
            if not skip and el.tail:
                current.append(el.tail)
    flush()
    return lines


def markdown_text(doc, extracted: Extracted) -> str:
    """The body as Markdown: each block whose lines the text rules kept, in its Markdown form.

    A block whose Markdown has one line per plain line (paragraphs, headings,
    most lists) keeps exactly the kept lines; any other block (a table) is kept
    whole if any of its lines is.
    """
    by_block: dict[int, list[int]] = {}
    for index, block in enumerate(extracted.blocks):
        by_block.setdefault(block, []).append(index)
    parts = []
    for block, markdown in enumerate(extracted.markdown or ()):
        indexes = by_block.get(block)
        if not indexes or not markdown.strip():
            continue
        kept = [i for i in indexes if i not in doc.dropped]
        if not kept:
            continue
        md_lines = [line for line in markdown.split("\n") if line.strip()]
        if len(kept) < len(indexes) and len(md_lines) == len(indexes):
            markdown = "\n".join(line for line, i in zip(md_lines, indexes) if i not in doc.dropped)
        parts.append(markdown.strip("\n"))
    return "\n\n".join(parts) + "\n" if parts else ""


# Markup with at least this much text outside its tags whose tree holds under a tenth of it
# lost its text in the parser.
LOST_TEXT = 200
_TAG = re.compile(r"<!--.*?-->|<[^>]*>", re.DOTALL)
_WRAPPER_TAGS = re.compile(r"</?(?:div|span|section|font|center)\b[^>]*>", re.IGNORECASE)


def _lost_text(root, html: str) -> int:
    """How much text the parser lost (the markup's text outside tags), or 0 when it lost none."""
    enough = max(LOST_TEXT, len(html) // 50)
    parsed = 0 if root is None else _text_size(root, enough)
    if parsed >= enough:  # the common case: plenty of text, found without a pass over the markup
        return 0
    markup = sum(len(part.strip()) for part in _TAG.split(html))
    return markup if markup >= LOST_TEXT and parsed * 10 < markup else 0


def _text_size(root, enough: int) -> int:
    """Characters of text in the tree, counted up to ``enough``."""
    size = 0
    for text in root.itertext():
        size += len(text.strip())
        if size >= enough:
            break
    return size


_PARSERS = threading.local()  # per thread: a parser's error log tells what its last parse hit


def _parser(huge: bool):
    """trafilatura's HTML parser settings, with ``huge_tree`` when asked: libxml2 otherwise stops
    at 256 nested elements or a 10 MB text node and returns an empty or cut tree without an error.

    Every element is a plain ``HtmlElement``: lxml.html's own lookup calls a Python
    function each time an element is touched (to give forms and inputs their
    classes, which nothing here uses), and that was about a tenth of the whole
    HTML path, trafilatura's walks included. Outputs are identical.
    """
    parser = getattr(_PARSERS, "huge" if huge else "plain", None)
    if parser is None:
        from lxml.etree import ElementDefaultClassLookup
        from lxml.html import HtmlComment, HtmlElement, HtmlEntity, HTMLParser, HtmlProcessingInstruction

        parser = HTMLParser(collect_ids=False, default_doctype=False, encoding="utf-8", remove_comments=True,
                            remove_pis=True, huge_tree=huge)
        parser.set_element_class_lookup(ElementDefaultClassLookup(
            element=HtmlElement, comment=HtmlComment, pi=HtmlProcessingInstruction, entity=HtmlEntity))
        setattr(_PARSERS, "huge" if huge else "plain", parser)
    return parser


def parse_tree(html: str):
    """The page's tree as trafilatura's ``load_html`` builds it (same parser settings, repairs and
    checks); None when it is not HTML.

    A page that hits one of libxml2's limits (nesting, text size) is parsed
    again with the limits lifted, and nesting past ``MAX_DEPTH`` flattened;
    other pages cost nothing more.
    """
    from trafilatura.utils import decode_file, is_dubious_html, repair_faulty_html

    text = decode_file(html)
    beginning = text[:50].lower()
    dubious = is_dubious_html(beginning)
    text = repair_faulty_html(text, beginning)
    tree, limited = _parse(text, huge=False)
    if limited:
        tree, _ = _parse(text, huge=True)
        if tree is not None:
            _flatten_deep(tree)
    if tree is not None and dubious and len(tree) < 2:
        return None
    return tree


def _parse(text: str, *, huge: bool):
    """``(tree or None, whether the parse hit a libxml2 resource limit)``, as trafilatura parses:
    the string first, its UTF-8 bytes when that fails or gives an empty tree."""
    from lxml.html import fromstring

    parser = _parser(huge)
    tree, limited = None, False
    for attempt in (text, None):
        if attempt is None:
            if tree is not None and len(tree) >= 1:
                break
            attempt = text.encode("utf8", "surrogatepass")
        try:
            tree = fromstring(attempt, parser=parser)
        except Exception:  # ValueError: a string with an encoding declaration; or lxml gives up
            tree = None
        limited = limited or any(e.type_name == "ERR_RESOURCE_LIMIT" for e in parser.error_log)
    return tree, limited


# Elements deeper than this are unwrapped (their children and text move up to their parent):
# trafilatura and lxml's serialiser recurse, and lose or slow down on deeper trees.
MAX_DEPTH = 200


def _flatten_deep(root, limit: int = MAX_DEPTH) -> int:
    """Unwrap elements nested deeper than ``limit``; returns how many (0 for a normal page).

    Layout containers (``div``, ``span``...) go first, so the paragraphs and
    headings they wrapped keep their own elements; only if that is not enough
    is everything past the limit unwrapped.
    """
    removed = _unwrap_deeper(root, limit, _WRAPPERS)
    if removed:
        removed += _unwrap_deeper(root, limit, None)
    return removed


_WRAPPERS = frozenset({"div", "span", "section", "font", "center", "main", "header", "footer", "nav", "aside"})


def _unwrap_deeper(root, limit: int, tags: frozenset[str] | None) -> int:
    from lxml import etree

    deep = []
    depth = 0
    for event, el in etree.iterwalk(root, events=("start", "end")):
        if event == "start":
            depth += 1
            if depth > limit and isinstance(el.tag, str) and (tags is None or el.tag in tags):
                deep.append(el)
        else:
            depth -= 1
    for el in reversed(deep):  # innermost first: each unwrap leaves its ancestors' lists intact
        if el.getparent() is not None:
            el.drop_tag()
    return len(deep)
