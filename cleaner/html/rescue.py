"""Block rescue: add back the blocks the extraction dropped that look like the ones it kept.

Where trafilatura keeps the first post of a thread, the question of a Q&A page
or the introduction of a sectioned guide, the rest usually sits in the same
repeated markup (siblings with the kept block's tag and class) or the same
container. ``block_features`` describes each block of the page
(``html/blocks.py``) by that structure, its text and link share, and the class
and id words around it; a logistic model over those features, fitted on
wcxb-dev's training folds by ``bench/html_blocks.py``
(``rules/fitted/html-rescue.toml``), decides which dropped blocks come back.
The added lines then go through the text rules like every other line.
"""
from __future__ import annotations

import math
import re
from typing import Any

from .blocks import Block
from .fitted import Choice, Number, load_fitted
from .page import PAGE_TYPES

# How many blocks either side make a block's neighbourhood.
WINDOW = 3
# How many levels up a block's ancestors are compared with the kept blocks'.
MAX_UP = 8
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


def block_features(blocks: list[Block], page_type: str | None, found_share: float
                   ) -> list[dict[str, float] | None]:
    """Features of each dropped block for the rescue model (None for a kept one); ``kept`` must
    be set. ``found_share``: the extracted text's length over the page body's before the rules."""
    kept_sigs: dict[tuple[Any, tuple], int] = {}  # (parent, (tag, class)) of kept blocks' ancestors -> level
    kept_anc: dict[Any, int] = {}  # ancestors of kept blocks -> level
    hints: dict[Any, tuple[bool, bool]] = {}
    chains: dict[Any, list] = {}
    places: dict[Any, tuple] = {}  # element -> what _place says of it (lines of one element share it)
    total = sum(len(b.text) for b in blocks) or 1
    kept_chars = sum(len(b.text) for b in blocks if b.kept)
    kept_index = [i for i, b in enumerate(blocks) if b.kept]
    first = kept_index[0] if kept_index else len(blocks)
    last = kept_index[-1] if kept_index else -1
    for i in kept_index:
        el = blocks[i].element
        if el in chains:
            continue
        chain = chains[el] = _chain(el)
        for level, (anc, parent, sig) in enumerate(chain):
            key = (parent, sig)
            if kept_sigs.get(key, MAX_UP + 1) > level:
                kept_sigs[key] = level
            if kept_anc.get(anc, MAX_UP + 1) > level:
                kept_anc[anc] = level
    base = {"kept_share": kept_chars / total, "found_share": min(found_share, 2.0),
            "no_kept": float(not kept_index)}
    kind = page_type if page_type in PAGE_TYPES else None
    if kind:
        base[f"type_{kind}"] = 1.0
    gaps = _gaps(blocks)
    out: list[dict[str, float] | None] = []
    n_blocks = len(blocks)
    chars, links = [0], [0]  # running sums, for the text and link share of each block's neighbourhood
    for b in blocks:
        chars.append(chars[-1] + len(b.text))
        links.append(links[-1] + b.link_chars)
    for i, b in enumerate(blocks):
        if b.kept:
            out.append(None)
            continue
        feats = dict(base)
        n = len(b.text)
        feats["log_len"] = math.log1p(n) / 5
        feats["link_share"] = b.link_chars / n
        feats["ends_sentence"] = float(bool(_ENDS.search(b.text)))
        feats["depth"] = min(b.depth, 30) / 30
        tag = b.element.tag
        feats[_TAGS.get(tag, "tag_other") if isinstance(tag, str) else "tag_other"] = 1.0
        feats["before"] = float(i < first)
        feats["after"] = float(i > last)
        feats["prev_kept"] = float(i > 0 and blocks[i - 1].kept)
        feats["next_kept"] = float(i + 1 < n_blocks and blocks[i + 1].kept)
        feats["near_kept"] = 1.0 / (1 + gaps[i])
        feats["position"] = i / n_blocks
        low, high = max(i - WINDOW, 0), min(i + WINDOW + 1, n_blocks)
        around = chars[high] - chars[low] - n
        feats["links_around"] = (links[high] - links[low] - b.link_chars) / around if around else 1.0
        feats["log_len_around"] = math.log1p(around / max(high - low - 1, 1)) / 5
        where = places.get(b.element)
        if where is None:
            where = places[b.element] = _place(_chain(b.element), kept_sigs, kept_anc, hints)
        sib, cont, content, chrome = where
        feats["sibling_kept"] = 0.0 if sib is None else 1.0 / (1 + sib)
        feats["container_kept"] = 0.0 if cont is None else 1.0 / (1 + cont)
        feats["hint_content"] = float(content)
        feats["hint_chrome"] = float(chrome)
        if kind:
            feats[f"sibling_kept_{kind}"] = feats["sibling_kept"]
            feats[f"container_kept_{kind}"] = feats["container_kept"]
        out.append(feats)
    return out


def _place(chain, kept_sigs: dict, kept_anc: dict, hints: dict) -> tuple[int | None, int | None, bool, bool]:
    """Where a dropped block's element sits: the first level at which an ancestor has a sibling
    of the same tag and class holding a kept block, the first at which an ancestor holds a kept
    block, and whether any ancestor's class or id reads as content or as chrome."""
    sib = cont = None
    content = chrome = False
    for level, (el, parent, sig) in enumerate(chain):
        if sib is None and (parent, sig) in kept_sigs:
            sib = level
        if cont is None and el in kept_anc:
            cont = level
        hint = hints.get(el)
        if hint is None:
            words = f"{sig[1]} {el.get('id') or ''}".lower()
            hint = hints[el] = (bool(_CONTENT.search(words)), bool(_CHROME.search(words)))
        content, chrome = content or hint[0], chrome or hint[1]
    return sib, cont, content, chrome


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
    """Indexes of the dropped blocks the fitted model adds back, in document order."""
    data = _fitted()
    threshold = data["rescue_thresholds"].get(page_type or "", OFF)
    if threshold > 1.0 or not any(b.kept for b in blocks):
        return []
    weights = data["rescue_weights"]
    return [i for i, feats in enumerate(block_features(blocks, page_type, found_share))
            if feats is not None and probability(feats, weights) >= threshold]


def merge(lines: list[str], line_blocks: list[int], markdown: list[str] | None, blocks: list[Block],
          picked: list[int]) -> tuple[list[str], list[int], list[str] | None]:
    """The extracted lines with the picked blocks added, each after the line holding the nearest
    kept block before it (before the first line when none is). Blocks are numbered again in
    the new order, so the Markdown of each (the added ones as plain text) follows it."""
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
    for n, (_, text, old) in enumerate(items):
        key = ("old", old) if old is not None else ("added", n)
        if key not in numbers:
            numbers[key] = len(numbers)
            if out_md is not None:
                out_md.append(text if old is None else markdown[old])
        out_lines.append(text)
        out_blocks.append(numbers[key])
    return out_lines, out_blocks, out_md


def probability(feats: dict[str, float], weights: dict[str, float]) -> float:
    """The logistic model's probability that a dropped block is content."""
    margin = weights.get("bias", 0.0) + sum(weights.get(k, 0.0) * v for k, v in feats.items())
    return 1.0 / (1.0 + math.exp(-max(min(margin, 50.0), -50.0)))
