"""``remove`` (HTML): take elements matching CSS selectors out of the page before extraction.

For chrome that pages mark up as such: newsletter boxes, share bars, related
and most-read widgets, cookie banners, comment sections, author boxes. The
extractor never sees what a rule removed. ``max_words`` keeps a rule from
taking a container that holds the article itself (a class name such as
``subscriber-content`` on the article's wrapper matches ``[class*=subscribe]``
too): an element with more words than that is left alone. ``min_link_share``
limits a rule to elements that are (mostly) link text: teaser lists of other
articles, unlike the article's own paragraphs.
"""
from __future__ import annotations

from ..html.page import PROTECTED_TAGS
from .base import REMOVE, RuleKind
from .fields import Field


class RemoveRule(RuleKind):
    name = "remove"
    target = "html"
    stage = REMOVE
    summary = "remove page elements matching CSS selectors before extraction (HTML)"
    schema = {
        "selector": Field("selectors", "CSS selector (or list of them) of the elements to remove",
                          required=True),
        "max_words": Field("int", "leave an element alone if its text has more words than this "
                                  "(0: no limit)", default=0, minimum=0),
        "min_link_share": Field("float", "remove an element only if at least this share of its text "
                                         "is link text (0: any element; 1: only links)",
                                default=0.0, minimum=0.0, maximum=1.0),
    }

    def tree_selectors(self) -> list:
        return self.selector

    def apply_tree(self, page) -> None:
        for el in page.matched(self):
            if el.tag in PROTECTED_TAGS:
                continue
            if self.min_link_share and el.tag != "a" and el.find(".//a") is None:
                continue  # no link inside: cheaper to know than its text
            if page.removed and not page.attached(el):
                continue
            text = page.text_of(el)
            if not text and self.min_link_share:
                continue
            if self.max_words and text.count(" ") + 1 > self.max_words:
                continue
            if self.min_link_share and _link_chars(el) < self.min_link_share * _chars(text):
                continue
            page.remove(el, self.id, text)


def _chars(text: str) -> int:
    return len(text) - text.count(" ")


def _link_chars(el) -> int:
    """Characters of ``el``'s text inside links (white space not counted)."""
    if el.tag == "a":
        return _chars(" ".join("".join(el.itertext()).split()))
    return sum(_chars(" ".join("".join(a.itertext()).split())) for a in el.iter("a")
               if not any(p.tag == "a" for p in a.iterancestors("a")))
