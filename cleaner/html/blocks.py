"""The visible blocks of a page after its HTML rules, and which of them the extraction kept.

trafilatura keeps what its heuristics call the article; on a forum thread it
often keeps the first post, on a Q&A page the question, on a sectioned guide
the introduction. The posts, answers and sections it dropped usually sit in
the same repeated markup as the ones it kept. This module lists the page's
blocks (one line of visible text each, with the innermost block element that
holds it) and says, for each, whether the extracted text holds it, so that a
fitted model (``html/rescue.py``) can add back the dropped blocks that look
like the kept ones. One pass over the tree, no second parse.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

# Elements that start a new line of visible text (here and in ``extract.visible_lines``).
BLOCK_TAGS = frozenset("""address article aside blockquote br dd details dialog div dl dt fieldset figcaption
figure footer form h1 h2 h3 h4 h5 h6 header hr li main nav ol p pre section summary table td th tr ul
""".split())
# Elements whose text a reader never sees as text.
INVISIBLE = frozenset({"script", "style", "noscript", "template", "head", "title", "svg", "iframe"})
# A block's text also leaves out form controls' labels and options (never content to add back).
_NOT_BLOCK_TEXT = INVISIBLE | {"button", "select", "option", "textarea"}
# Shorter blocks are only taken as kept when the extraction has them as a line of their own.
SUBSTRING_MIN = 25


@dataclass
class Block:
    """One line of visible text and where it sits."""

    text: str
    element: Any  # the innermost block element holding the text (lxml element)
    link_chars: int  # characters of the text inside links
    depth: int  # nesting depth of ``element`` below ``<body>``
    kept: bool = False  # whether the extracted text holds it
    line: int = -1  # when kept: the index of the extracted line that holds it


def page_blocks(root) -> list[Block]:
    """The page body's visible text, one block a line, in document order."""
    from lxml import etree

    body = root.find("body")
    if body is None:
        body = root
    blocks: list[Block] = []
    parts: list[str] = []
    link_chars = 0  # characters inside links in ``parts``
    stack: list[Any] = [body]
    in_link = 0
    blocks_tags, invisible = BLOCK_TAGS, _NOT_BLOCK_TEXT
    walk = etree.iterwalk(body, events=("start", "end"))
    for event, el in walk:
        tag = el.tag
        if event == "start":
            if tag in invisible:
                walk.skip_subtree()  # its "end" still comes, for its tail
                continue
            if tag in blocks_tags and el is not body:
                if parts:
                    link_chars = _flush(blocks, parts, link_chars, stack)
                stack.append(el)
            elif tag == "a":
                in_link += 1
            text = el.text
            if text:
                parts.append(text)
                if in_link:
                    link_chars += len(text.strip())
            continue
        if el is body:
            continue
        if tag in blocks_tags:
            if parts:
                link_chars = _flush(blocks, parts, link_chars, stack)
            stack.pop()
        elif tag == "a":
            in_link -= 1
        if el.tail:  # the parent's text, outside this element (and its link)
            parts.append(el.tail)
            if in_link:
                link_chars += len(el.tail.strip())
    if parts:
        _flush(blocks, parts, link_chars, stack)
    return blocks


def _flush(blocks: list[Block], parts: list[str], link_chars: int, stack: list[Any]) -> int:
    """End the current line: append it as a block of the innermost open block element (when it
    holds any text), empty ``parts``, and return the new count of link characters (0)."""
    text = " ".join("".join(parts).split())
    if text:
        blocks.append(Block(text, stack[-1], min(link_chars, len(text)), len(stack) - 1))
    parts.clear()
    return 0


def mark_kept(blocks: list[Block], lines: list[str]) -> None:
    """Set ``kept`` (and ``line``) on each block the extracted ``lines`` hold: the same line, or
    (for a block of ``SUBSTRING_MIN`` characters or more) part of one, white space folded."""
    folded = [" ".join(line.split()) for line in lines]
    own = {text: i for i, text in reversed(list(enumerate(folded)))}
    joined = "\n".join(folded)
    for block in blocks:
        index = own.get(block.text)
        if index is None and len(block.text) >= SUBSTRING_MIN and block.text in joined:
            index = next((i for i, text in enumerate(folded) if block.text in text), -1)
        if index is not None:
            block.kept, block.line = True, index
