"""The page's visible blocks, and which of them the extracted lines hold."""
from __future__ import annotations

from cleaner.html.blocks import mark_kept, page_blocks
from cleaner.html.extract import parse_tree

PAGE = """<html><head><title>T</title><style>p {}</style></head><body>
<nav><a href="/">Home</a> <a href="/b">Blog</a></nav>
<div class="post"><p>First paragraph of the post, long enough to count.</p>
<p>Second line<br>after a break with <a href="/x">a link</a> inside</p></div>
<script>var x = 1;</script>
<div>Loose text in a div</div>
</body></html>"""


def test_page_blocks_one_line_a_block_in_document_order():
    blocks = page_blocks(parse_tree(PAGE))
    assert [b.text for b in blocks] == ["Home Blog", "First paragraph of the post, long enough to count.",
                                        "Second line", "after a break with a link inside", "Loose text in a div"]
    assert [b.element.tag for b in blocks] == ["nav", "p", "p", "p", "div"]


def test_page_blocks_count_link_text():
    blocks = page_blocks(parse_tree(PAGE))
    assert blocks[0].link_chars == len("HomeBlog")
    assert blocks[1].link_chars == 0
    assert blocks[3].link_chars == len("a link")


def test_mark_kept_whole_lines_and_long_parts_of_lines():
    blocks = page_blocks(parse_tree(PAGE))
    mark_kept(blocks, ["Intro", "First paragraph of the post,  long enough to count. And more.", "Second line"])
    assert [b.kept for b in blocks] == [False, True, True, False, False]
    assert [b.line for b in blocks] == [-1, 1, 2, -1, -1]


def test_short_blocks_are_kept_only_as_whole_lines():
    blocks = page_blocks(parse_tree(PAGE))
    mark_kept(blocks, ["Go Home Blog now"])
    assert not blocks[0].kept
