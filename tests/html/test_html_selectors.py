"""The CSS selector engine HTML rules use: syntax, matching, and the one-pass index."""
from __future__ import annotations

import pytest
from lxml import html

from cleaner.html.selectors import SelectorError, SelectorIndex, parse_selectors

PAGE = """<html><body><div id="main" class="Article body">
<h1>Title</h1><p class="lead x">Lead</p><p>Second</p>
<div class="share-bar"><a href="#">fb</a></div>
<aside data-kind="promo"><form><input type="email"></form></aside>
<div class="NewsLetter-box" hidden></div>
<ul><li>one</li><li>two</li></ul><span></span></div></body></html>"""


def names(elements):
    return [el.tag + ("." + el.get("class").split()[0] if el.get("class") else "") for el in elements]


def match(selector: str):
    root = html.document_fromstring(PAGE)
    index = SelectorIndex(("k", sel) for sel in parse_selectors(selector))
    return names(index.match(root)["k"])


@pytest.mark.parametrize("selector, expected", [
    ("h1", ["h1"]),
    ("#main", ["div.Article"]),
    (".body", ["div.Article"]),
    (".Body", []),  # class names are case-sensitive
    ('[class*="share"]', ["div.share-bar"]),
    ('[class*="newsletter"]', []),
    ('[class*="newsletter" i]', ["div.NewsLetter-box"]),
    ("div > p", ["p.lead", "p"]),
    ("div p.x", ["p.lead"]),
    ("h1 + p", ["p.lead"]),
    ("h1 ~ p", ["p.lead", "p"]),
    ("li:first-child", ["li"]),
    ("li:last-child", ["li"]),
    ("span:empty", ["span"]),
    ("aside:has(input[type=email])", ["aside"]),
    ("div:has(> h1)", ["div.Article"]),
    ("p:not(.x)", ["p"]),
    (":is(ul, aside)", ["aside", "ul"]),
    ("[hidden]", ["div.NewsLetter-box"]),
    ("[data-kind=promo]", ["aside"]),
    ("[class~=body]", ["div.Article"]),
    ("[class|=share]", ["div.share-bar"]),  # "share" or "share-..."
    ("[class|=bar]", []),
    ('[id^="ma"], [id$="in"]', ["div.Article"]),
    ("ul li, h1", ["h1", "li", "li"]),
])
def test_matching(selector, expected):
    assert match(selector) == expected


@pytest.mark.parametrize("selector, message", [
    ("a:hover", '":hover" is not supported'),
    (":nth-child(2)", '":nth-child()" is not supported'),
    ("div::before", "cannot read selector at '::before'"),
    ("a\\b", "escapes are not supported"),
    ("div[", "cannot read selector at '['"),
    ("", "empty selector"),
    (",a", "unexpected ','"),
    (":has(a b)", ":has() takes one compound selector"),
])
def test_errors_say_why(selector, message):
    with pytest.raises(SelectorError, match=message.replace("(", r"\(").replace(")", r"\)").replace("[", r"\[")):
        parse_selectors(selector)


def test_one_walk_gives_each_key_its_elements_once_in_document_order():
    root = html.document_fromstring(PAGE)
    index = SelectorIndex([("a", s) for s in parse_selectors("p, .lead, p.x")] +
                          [("b", s) for s in parse_selectors("li")])
    found = index.match(root)
    assert names(found["a"]) == ["p.lead", "p"]
    assert names(found["b"]) == ["li", "li"]


def test_check_is_called_on_long_pages():
    root = html.document_fromstring("<html><body>" + "<p>x</p>" * 10_000 + "</body></html>")
    calls = []
    SelectorIndex(("k", s) for s in parse_selectors("p")).match(root, check=lambda: calls.append(1))
    assert len(calls) >= 2


# Class and id values that move offsets in the narrowing pass: non-ASCII letters, a letter whose
# lower case is longer (U+0130), line breaks inside a value, and values on elements without text.
AWKWARD = """<html><body>
<div class="Größe İİ menü" id="kopf"><p class="x
  share-links">a</p></div>
<section class="İnfo promo-box"><span id="Related-Posts">b</span></section>
<div class="plain"><p>c</p><div class="ad-slot"></div></div>
<footer class="site-footer"><div id="newsletter">d</div></footer>
</body></html>"""


@pytest.mark.parametrize("selectors", [
    "[class*=share], [id*=related i], .ad-slot, #newsletter, [class*=footer] div",
    "[class*=promo] span, .menü, [class*=größe i], #kopf > p",
    "p, [class*=box], [id*=letter]",
])
def test_the_one_walk_finds_what_each_selector_alone_finds(selectors):
    root = html.document_fromstring(AWKWARD)
    sels = parse_selectors(selectors)
    found = SelectorIndex((i, sel) for i, sel in enumerate(sels)).match(root)
    for i, sel in enumerate(sels):
        alone = [el for el in root.iter() if isinstance(el.tag, str) and sel.matches(el)]
        assert found[i] == alone, sel.text
        assert alone, f"{sel.text} matches nothing: the test would prove nothing"
