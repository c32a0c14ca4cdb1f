"""``headline`` (HTML): the page's headline element; its text leaves the extracted body.

Extractors often keep the ``<h1>`` as the first line of the article text,
where it is chrome: the headline belongs in the ``title`` field. The element
stays in the tree (extractors use it to find where the article starts). The
first match is the headline; a later match only if the page's ``<title>`` or
``og:title`` contains it (a logo may come first, and some sites mark section
headings inside the article with ``<h1>`` too). After
extraction, lines that read the same as a headline are dropped (case,
punctuation and spacing ignored). Only the matched elements count, not a title
from metadata, so the text is the same whether or not metadata was read. With
``capture = true`` the first headline also becomes the ``title`` field.
"""
from __future__ import annotations

from ..text.keys import word_key
from .base import TITLE, RuleKind
from .fields import Field

_MAX_HEADLINES = 5


def _page_titles(root) -> list[str]:
    """The page's <title> and og:title, from its head."""
    head = root.find("head")
    if head is None:
        return []
    out = []
    for el in head.iter("title", "meta"):
        if el.tag == "title" and el.text:
            out.append(el.text)
        elif el.tag == "meta" and (el.get("property") or el.get("name") or "").lower() == "og:title":
            out.append(el.get("content") or "")
    return out


class HeadlineRule(RuleKind):
    name = "headline"
    target = "html"
    after_extraction = True
    stage = TITLE
    summary = "note the headline element(s); drop their text from the extracted body (HTML)"
    schema = {
        "selector": Field("selectors", "CSS selector of the headline element(s)", required=True),
        "max_words": Field("int", "longest headline, in words (longer matches are not headlines)",
                           default=40, minimum=1),
        "capture": Field("bool", "set the title field from the first headline", default=False),
    }

    def tree_selectors(self) -> list:
        return self.selector

    def apply_tree(self, page) -> None:
        # The first match is the headline; later ones only when the page's <title> or
        # og:title repeats them (a site's logo may come first; some sites use <h1> for
        # the article's own section headings).
        found, titles = [], None
        for el in page.matched(self):
            text = page.text_of(el)
            if not text or text.count(" ") + 1 > self.max_words:
                continue
            if found:
                if titles is None:
                    titles = [word_key(t) for t in _page_titles(page.root)]
                key = word_key(text)
                if not key or not any(key in t for t in titles):
                    continue
            found.append(text)
            if len(found) == _MAX_HEADLINES:
                break
        page.headlines[self.id] = found
        if self.capture and found:
            page.metadata.set("title", found[0], self.id, self.info.level)

    def apply(self, doc) -> None:
        keys = {word_key(t) for t in doc.headlines.get(self.id, ())}
        keys.discard("")
        if not keys:
            return
        first = True
        for index, line in enumerate(doc.lines):
            if line and index not in doc.dropped and word_key(line) in keys:
                # The first copy is the headline itself, moved into metadata: content, which
                # `fix` keeps; later copies are repeats, which are chrome.
                doc.drop(index, self.id, chrome=not first)
                first = False
