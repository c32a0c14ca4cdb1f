"""Block rescue: add back the blocks the extraction dropped that look like the ones it kept.

Where trafilatura keeps the first post of a thread, the question of a Q&A page
or the introduction of a sectioned guide, the rest usually sits in the same
repeated markup (siblings with the kept block's tag and class) or the same
container. ``block_features`` describes each block of the page
(``html/blocks.py``) by that structure, its text and link share, the class
and id words around it and the landmark elements (``<nav>``, ``<main>``...) above it; a logistic model over those features, fitted on
wcxb-dev's training folds by ``bench/html_blocks.py``
(``rules/fitted/html-rescue.toml``), decides which dropped blocks come back.
The added lines then go through the text rules like every other line.
"""
from __future__ import annotations

import functools
import math
import operator
import re
from typing import Any

from .blocks import Block
from .fitted import Choice, Number, load_fitted
from .page import PAGE_TYPES

# How many blocks either side make a block's neighbourhood.
WINDOW = 3
# How many levels up a block's ancestors are compared with the kept blocks'.
MAX_UP = 8
FAR = 1 << 30  # a level no ancestor is at
_CONTENT = re.compile(r"post|comment|reply|answer|message|content|article|entry|body|text|thread|"
                      r"section|question|review|story|prose|markdown")
_CHROME = re.compile(r"nav|menu|footer|header|sidebar|widget|related|share|social|breadcrumb|\bads?\b|promo|"
                     r"newsletter|cookie|banner|login|signup|subscribe|tags?\b|pagination|meta|author|"
                     r"recommend|popular|trending|toolbar|modal|popup")
# The page's own signals (``html/pagetype.py``) the model also reads, as ``page_<name>``.
PAGE_SIGNALS = frozenset({"schema_product", "log_prices", "log_carts", "path_product", "log_price_text",
                          "log_posts", "schema_forum", "log_forms", "link_share"})
_ENDS = re.compile(r"[.!?:;)\"'”’]$")
_TAGS = {"p": "tag_p", "li": "tag_li", "td": "tag_cell", "th": "tag_cell", "pre": "tag_pre",
         "blockquote": "tag_quote", "div": "tag_div", "dd": "tag_dd", "dt": "tag_dd",
         **{f"h{n}": "tag_h" for n in range(1, 7)}}


# Per-block features, in this order, for every dropped block (``_rows``); a block also has one
# ``tag_*`` feature, and on a page with a known type the structure features again per type.
BLOCK_FEATURES = ("log_len", "link_share", "ends_sentence", "depth", "before", "after", "prev_kept",
                  "next_kept", "near_kept", "position", "links_around", "log_len_around", "sibling_kept",
                  "container_kept", "hint_content", "hint_chrome", "in_content_tag", "in_chrome_tag")
# Elements whose tag says what they hold, whatever their class.
_CONTENT_TAGS = frozenset({"article", "main"})
_CHROME_TAGS = frozenset({"nav", "header", "footer", "aside", "form"})
_TYPED = ("sibling_kept", "container_kept")  # also weighed per page type, as ``<name>_<type>``


def block_features(blocks: list[Block], page_type: str | None, found_share: float
                   ) -> list[dict[str, float] | None]:
    """Features of each dropped block for the rescue model (None for a kept one), by name, as
    ``bench/html_blocks.py`` records and fits them; ``kept`` must be set. ``found_share``: the
    extracted text's length over the page body's before the rules."""
    base, kind, rows = _rows(blocks, page_type, found_share)
    out: list[dict[str, float] | None] = [None] * len(blocks)
    for i, values, tag in rows:
        feats = dict(base)
        feats.update(zip(BLOCK_FEATURES, values))
        feats[tag] = 1.0
        if kind:
            for name in _TYPED:
                feats[f"{name}_{kind}"] = feats[name]
        out[i] = feats
    return out


def _rows(blocks: list[Block], page_type: str | None, found_share: float
          ) -> tuple[dict[str, float], str | None, list[tuple[int, tuple[float, ...], str]]]:
    """The page's features (shared by its blocks), its type when known, and for each dropped
    block its index, its ``BLOCK_FEATURES`` values and its tag feature: computed once, read by
    ``block_features`` (named, for fitting) and ``rescued`` (weighed, without naming each)."""
    kept_index = [i for i, b in enumerate(blocks) if b.kept]
    total = sum(len(b.text) for b in blocks) or 1
    base = {"kept_share": sum(len(blocks[i].text) for i in kept_index) / total,
            "found_share": min(found_share, 2.0), "no_kept": float(not kept_index)}
    kind = page_type if page_type in PAGE_TYPES else None
    if kind:
        base[f"type_{kind}"] = 1.0
    first = kept_index[0] if kept_index else len(blocks)
    last = kept_index[-1] if kept_index else -1
    where = _Places([blocks[i].element for i in kept_index])
    gaps = _gaps(blocks)
    n_blocks = len(blocks)
    chars, links = [0], [0]  # running sums, for the text and link share of each block's neighbourhood
    for b in blocks:
        chars.append(chars[-1] + len(b.text))
        links.append(links[-1] + b.link_chars)
    rows = []
    for i, b in enumerate(blocks):
        if b.kept:
            continue
        n = len(b.text)
        low, high = max(i - WINDOW, 0), min(i + WINDOW + 1, n_blocks)
        around = chars[high] - chars[low] - n
        sib, cont, content, chrome, content_tag, chrome_tag = where.place(b.element)
        tag = b.element.tag
        rows.append((i, (
            math.log1p(n) / 5,
            b.link_chars / n,
            float(bool(_ENDS.search(b.text))),
            min(b.depth, 30) / 30,
            float(i < first),
            float(i > last),
            float(i > 0 and blocks[i - 1].kept),
            float(i + 1 < n_blocks and blocks[i + 1].kept),
            1.0 / (1 + gaps[i]),
            i / n_blocks,
            (links[high] - links[low] - b.link_chars) / around if around else 1.0,
            math.log1p(around / max(high - low - 1, 1)) / 5,
            0.0 if sib is None else 1.0 / (1 + sib),
            0.0 if cont is None else 1.0 / (1 + cont),
            float(content),
            float(chrome),
            float(content_tag),
            float(chrome_tag),
        ), _TAGS.get(tag, "tag_other") if isinstance(tag, str) else "tag_other"))
    return base, kind, rows


class _Places:
    """Where dropped blocks sit relative to the kept ones, each element worked out once from its
    parent's answer (lines of one element, and siblings, share their ancestors' walk).

    For an element, up to ``MAX_UP`` levels up (below ``<body>``): the first level at which an
    ancestor (or the element) has the tag and class of a kept block's ancestor under the same
    parent (a repeated post, answer or section), the first at which it holds a kept block,
    whether any of them has a class or id that reads as content or as chrome, and whether any
    is an ``<article>``/``<main>``, or a ``<nav>``, ``<header>``, ``<footer>``, ``<aside>`` or
    ``<form>`` (menus whose class says nothing)."""

    def __init__(self, kept_elements: list) -> None:
        self.kept_sigs: dict[tuple[Any, tuple[str, str]], int] = {}  # (parent, (tag, class)) -> level
        self.kept_anc: dict[Any, int] = {}  # ancestor of a kept block -> level
        for el in kept_elements:
            for level, (anc, parent, sig) in enumerate(_chain(el)):
                if self.kept_anc.get(anc, MAX_UP + 1) <= level:
                    break  # this ancestor, and the ones above it, were reached as close already
                self.kept_anc[anc] = level
                key = (parent, sig)
                if self.kept_sigs.get(key, MAX_UP + 1) > level:
                    self.kept_sigs[key] = level
        # element -> (levels up to a sibling-of-kept, to a kept holder, to a content hint, to a chrome hint)
        self.memo: dict[Any, tuple[int, int, int, int]] = {}

    def place(self, el) -> tuple[int | None, int | None, bool, bool, bool, bool]:
        sib, cont, content, chrome, content_tag, chrome_tag = self._levels(el)
        return (sib if sib <= MAX_UP else None, cont if cont <= MAX_UP else None,
                content <= MAX_UP, chrome <= MAX_UP, content_tag <= MAX_UP, chrome_tag <= MAX_UP)

    def _levels(self, el) -> tuple[int, ...]:
        """Levels (``FAR`` for none) from ``el`` up to each of the six; its parent's, one level on."""
        path = []
        while el not in self.memo:
            parent = el.getparent()
            if parent is None or el.tag == "body":
                self.memo[el] = (FAR,) * 6
                break
            path.append((el, parent))
            el = parent
        above = self.memo[el]
        kept_sigs, kept_anc, memo = self.kept_sigs, self.kept_anc, self.memo
        for el, parent in reversed(path):
            css, name, tag = el.get("class") or "", el.get("id"), el.tag
            content, chrome = above[2] + 1, above[3] + 1
            if css or name:  # most elements have neither: no words to read
                hint = _hints(f"{css} {name or ''}")
                content = 0 if hint[0] else content
                chrome = 0 if hint[1] else chrome
            above = memo[el] = (0 if (parent, (tag, css)) in kept_sigs else above[0] + 1,
                                0 if el in kept_anc else above[1] + 1, content, chrome,
                                0 if tag in _CONTENT_TAGS else above[4] + 1,
                                0 if tag in _CHROME_TAGS else above[5] + 1)
        return above


@functools.lru_cache(maxsize=4096)
def _hints(words: str) -> tuple[bool, bool]:
    """Whether class and id words read as content, and as chrome (menus' classes repeat: cached)."""
    words = words.lower()
    return bool(_CONTENT.search(words)), bool(_CHROME.search(words))


def _gaps(blocks: list[Block]) -> list[int]:
    """For each block, how many blocks away the nearest kept one is (0 for a kept block)."""
    far = len(blocks) + 1
    gaps = [far] * len(blocks)
    last = -far
    for i, b in enumerate(blocks):
        if b.kept:
            last = i
        gaps[i] = i - last
    last = 2 * far
    for i in range(len(blocks) - 1, -1, -1):
        if blocks[i].kept:
            last = i
        gaps[i] = min(gaps[i], last - i)
    return gaps


def _chain(el) -> list[tuple[Any, Any, tuple[str, str]]]:
    """``(element, parent, (tag, class))`` for the block's element and up to ``MAX_UP`` ancestors,
    below ``<body>``."""
    chain = []
    for _ in range(MAX_UP + 1):
        parent = el.getparent()
        if parent is None or el.tag == "body":
            break
        chain.append((el, parent, (el.tag, el.get("class") or "")))
        el = parent
    return chain


def _fitted() -> dict:
    return load_fitted("html-rescue", _SPEC, free_tables=("rescue_weights", "rescue_vetoes"))


_SPEC = {"rescue": {"state": Choice(("on", "off")), "gate": Number(0.0, 2.0)},
         "rescue_thresholds": {kind: Number(0.0, 1.01) for kind in PAGE_TYPES}}
OFF = 1.01  # a threshold no probability reaches


def gate() -> float:
    """Rescue runs only on pages whose extracted text is under this share of the body's text
    (measured before the rules, as ``html/extract.py``'s cascade share), and only when the
    file's ``state`` is ``on``: 0 when it is off."""
    data = _fitted()["rescue"]
    return float(data["gate"]) if data["state"] == "on" else 0.0


def wanted(page_type: str | None, found_share: float, signals: dict[str, float] | None = None) -> bool:
    """Whether the page gets a rescue at all: cheap, so that most pages pay nothing. A page whose
    signals (``html/pagetype.py``) exceed one of ``[rescue_vetoes]`` gets none."""
    data = _fitted()
    return (found_share < gate() and data["rescue_thresholds"].get(page_type or "", OFF) <= 1.0
            and not any((signals or {}).get(name, 0.0) > limit for name, limit in data["rescue_vetoes"].items()))


def rescued(blocks: list[Block], page_type: str | None, found_share: float) -> list[int]:
    """Indexes of the dropped blocks the fitted model adds back, in document order. Weighs each
    block's feature values with the weights merged for the page (its type's and the shared
    ones), which gives ``probability(block_features(...))`` without a dictionary a block."""
    data = _fitted()
    threshold = data["rescue_thresholds"].get(page_type or "", OFF)
    if threshold > 1.0 or not any(b.kept for b in blocks):
        return []
    weights = data["rescue_weights"]
    base, kind, rows = _rows(blocks, page_type, found_share)
    start = weights.get("bias", 0.0) + sum(weights.get(k, 0.0) * v for k, v in base.items())
    coefs = [weights.get(name, 0.0) + (weights.get(f"{name}_{kind}", 0.0) if kind and name in _TYPED else 0.0)
             for name in BLOCK_FEATURES]
    # the margin at the threshold: comparing margins spares an exp() a block
    limit = math.log(threshold / (1.0 - threshold)) if 0.0 < threshold < 1.0 else (-math.inf if threshold <= 0 else math.inf)
    return [i for i, values, tag in rows
            if start + weights.get(tag, 0.0) + sum(map(operator.mul, coefs, values)) >= limit]


def merge(lines: list[str], line_blocks: list[int], markdown: list[str] | None, blocks: list[Block],
          picked: list[int]) -> tuple[list[str], list[int], list[str] | None, frozenset[int]]:
    """The extracted lines with the picked blocks added, each after the line holding the nearest
    kept block before it (before the first line when none is), and the indexes of the added
    lines. Blocks are numbered again in the new order, so the Markdown of each (the added
    ones as plain text) follows it."""
    items: list[tuple[tuple[int, int, int], str, int | None]] = [
        ((n, 0, 0), line, block) for n, (line, block) in enumerate(zip(lines, line_blocks))]
    anchor = -1
    chosen = set(picked)
    for i, b in enumerate(blocks):
        if b.kept and b.line >= 0:
            anchor = b.line
        elif i in chosen:
            items.append(((anchor, 1, i), b.text, None))
    items.sort(key=lambda item: item[0])
    numbers: dict[tuple[str, int], int] = {}  # old block (or added line) -> its new number
    out_lines: list[str] = []
    out_blocks: list[int] = []
    out_md: list[str] | None = [] if markdown is not None else None
    added = frozenset(n for n, item in enumerate(items) if item[2] is None)
    for n, (_, text, old) in enumerate(items):
        key = ("old", old) if old is not None else ("added", n)
        if key not in numbers:
            numbers[key] = len(numbers)
            if out_md is not None:
                out_md.append(text if old is None else markdown[old])
        out_lines.append(text)
        out_blocks.append(numbers[key])
    return out_lines, out_blocks, out_md, added


def probability(feats: dict[str, float], weights: dict[str, float]) -> float:
    """The logistic model's probability that a dropped block is content."""
    margin = weights.get("bias", 0.0) + sum(weights.get(k, 0.0) * v for k, v in feats.items())
    return 1.0 / (1.0 + math.exp(-max(min(margin, 50.0), -50.0)))
