"""What kind of page this is (article, forum, product...), decided once, before any rule runs.

Rules that only make sense on some page types say so (``page_types`` in a rule
file): on a forum thread or a Q&A page the posts and answers are the content,
so a rule that strips reader comments must not run there. The decision is a
small linear classifier over cheap signals of the parsed page: schema.org and
Open Graph types, words of the URL's path, and counts of telling markup (posts,
prices, code blocks, link-heavy text). Its weights are data
(``rules/fitted/page-types.toml``), fitted on wcxb-dev's training folds by
``bench/page_types.py``, which reports the held-out accuracy beside them.
"""
from __future__ import annotations

import math
import re
from typing import Any
from urllib.parse import urlsplit

from .fitted import Choice, Number, load_fitted
from .page import PAGE_TYPES

# schema.org / Open Graph types, lower-cased, by the page type they point to
_SCHEMA = {
    "article": ("article", "newsarticle", "blogposting", "reportagenewsarticle", "opinionnewsarticle",
                "analysisnewsarticle", "review", "recipe", "liveblogposting", "scholarlyarticle"),
    "forum": ("discussionforumposting", "qapage", "question", "answer", "socialmediaposting", "comment"),
    "product": ("product", "offer", "aggregateoffer", "productgroup", "individualproduct", "car",
                "softwareapplication", "book"),
    "collection": ("collectionpage", "itemlist", "offercatalog", "searchresultspage", "listitem"),
    "documentation": ("techarticle", "apireference", "howto", "faqpage"),
    "service": ("service", "localbusiness", "organization", "professionalservice", "corporation",
                "aboutpage", "contactpage", "medicalbusiness", "legalservice", "financialservice"),
}
# words of a URL's path, by the page type they point to
_PATH = {
    "article": ("news", "blog", "blogs", "article", "articles", "story", "stories", "post", "posts",
                "opinion", "press", "insights"),
    "forum": ("forum", "forums", "thread", "threads", "topic", "topics", "t", "community", "discussion",
              "discussions", "questions", "question", "q", "answers", "viewtopic", "showthread", "board",
              "boards", "r", "comments"),
    "product": ("product", "products", "p", "dp", "item", "items", "shop", "store", "buy", "sku"),
    "collection": ("collections", "collection", "category", "categories", "c", "catalog", "catalogue",
                   "department", "brands", "brand"),
    "listing": ("tag", "tags", "search", "archive", "archives", "list", "listing", "listings", "page",
                "author", "authors", "events", "jobs", "results", "directory"),
    "documentation": ("docs", "doc", "documentation", "reference", "api", "manual", "guide", "guides",
                      "learn", "tutorial", "tutorials", "wiki", "help", "kb", "support", "developer",
                      "developers", "sdk", "en-us"),
    "service": ("services", "service", "solutions", "solution", "about", "about-us", "contact", "pricing",
                "plans", "features", "industries", "company", "careers", "locations", "treatments"),
}
_WORD = re.compile(r"[a-z][a-z0-9-]*")
_YEAR = re.compile(r"/(?:19|20)\d\d/")
_TYPE = re.compile(r'"@type"\s*:\s*(\[[^\]]*\]|"[^"]*")')
_QUOTED = re.compile(r'"([^"]+)"')
_PRICE = re.compile(r"(?:[$€£¥₹]\s?\d|\d[\d.,]*\s?(?:€|EUR|USD|GBP|kr)\b)")

_XPATHS: dict[str, Any] = {}
_XPATH_SOURCES = {
    "classes": "//@class", "itemprops": "//@itemprop", "names": "//@name", "itemtypes": "//*[@itemtype]",
    "text": "/html/body//text()",
}
# elements counted by tag, by the signal they feed (one pass over the tree for all of them:
# an XPath count a signal walked the whole tree once each)
_TAG_COUNTS = {"pre": "code", "code": "code", "article": "articles", "h2": "headings", "h3": "headings",
               "li": "items", "input": "forms", "select": "forms", "textarea": "forms", "table": "tables"}
# markup of posts, replies and answers (forum threads, Q&A); of prices; of shopping carts
_POSTS = ("post", "reply", "answer", "message", "comment")
_POSTS_IN = re.compile("|".join(_POSTS))
_CARTS_IN = re.compile("cart|add-to")


def _xpath(name: str):
    compiled = _XPATHS.get(name)
    if compiled is None:
        from lxml.etree import XPath

        # plain strings: lxml's "smart" results (which know their element) cost more to make
        compiled = _XPATHS[name] = XPath(_XPATH_SOURCES[name], smart_strings=False)
    return compiled


def _markup_counts(root) -> dict[str, int]:
    """Elements whose class (or itemprop, or name) marks posts, prices or carts: attribute
    values fetched in one XPath call each, then substring tests (XPath's contains() per
    element and keyword costs several times more)."""
    classes = _xpath("classes")(root)
    posts, carts = _POSTS_IN.search, _CARTS_IN.search  # one C call a value, not a Python test a keyword
    return {
        "posts": sum(1 for c in classes if posts(c)),
        "prices": sum(1 for c in classes if "price" in c) + sum(1 for c in _xpath("itemprops")(root) if "price" in c),
        "carts": sum(1 for c in classes if carts(c))
                 + sum(1 for c in _xpath("names")(root) if "add-to-cart" in c),
    }


def _schema_types(root) -> set[str]:
    """schema.org types named in JSON-LD, microdata and ``og:type``, lower-cased."""
    found: set[str] = set()
    for script in root.iter("script"):
        if (script.get("type") or "").lower() == "application/ld+json" and script.text:
            for match in _TYPE.finditer(script.text[:200_000]):
                found.update(t.lower() for t in _QUOTED.findall(match.group(1)))
    for el in _xpath("itemtypes")(root):
        found.update(part.rstrip("/").rsplit("/", 1)[-1].lower() for part in (el.get("itemtype") or "").split())
    for el in root.iter("meta"):
        if (el.get("property") or el.get("name") or "").lower() == "og:type":
            found.add((el.get("content") or "").strip().lower().rsplit(".", 1)[-1])
    return found


def page_features(root, url: str | None, page_chars: float) -> dict[str, float]:
    """The signals the classifier weighs, each a number; ``page_chars`` is the body's text size."""
    features: dict[str, float] = {}
    types = _schema_types(root)
    for kind, names in _SCHEMA.items():
        features[f"schema_{kind}"] = float(any(name in types for name in names))
    path = urlsplit(url or "").path.lower()
    words = set(_WORD.findall(path))
    for kind, names in _PATH.items():
        features[f"path_{kind}"] = float(any(name in words for name in names))
    features["path_year"] = float(bool(_YEAR.search(path)))
    features["path_depth"] = min(path.strip("/").count("/") + (1 if path.strip("/") else 0), 6) / 6
    body = root.find("body")
    links = sum(len(" ".join(a.text_content().split())) for a in (body if body is not None else root).iter("a"))
    chars = max(page_chars, 1.0)
    features["link_share"] = min(links / chars, 1.0)
    features["log_chars"] = math.log10(chars) / 6
    counts = _markup_counts(root)
    for name in set(_TAG_COUNTS.values()):
        counts[name] = 0
    # the document's top level, as XPath's "//" reads it: markup after </html> lands beside the root
    for top in (*root.itersiblings(preceding=True), root, *root.itersiblings()):
        for el in top.iter(*_TAG_COUNTS):
            counts[_TAG_COUNTS[el.tag]] += 1
    for name in ("posts", "prices", "carts", "code", "articles", "headings", "items", "forms", "tables"):
        features[f"log_{name}"] = math.log10(1 + counts[name]) / 3
    text = " ".join(_xpath("text")(root))[:100_000] if page_chars < 400_000 else ""
    features["log_price_text"] = math.log10(1 + len(_PRICE.findall(text))) / 3
    return features


def classify(features: dict[str, float], weights: dict[str, Any] | None = None) -> str:
    """The page type whose linear score is highest (weights from ``rules/fitted/page-types.toml``)."""
    weights = weights if weights is not None else load_weights()
    best, best_score = "article", -math.inf
    for kind in PAGE_TYPES:
        table = weights.get(kind)
        if not table:
            continue
        score = table.get("bias", 0.0) + sum(w * features.get(name, 0.0) for name, w in table.items()
                                             if name != "bias")
        if score > best_score:
            best, best_score = kind, score
    return best


def load_weights() -> dict[str, Any]:
    data = load_fitted("page-types", {"classifier": {"model": Choice(("linear",)),
                                                      "features": Number(1, 200, integer=True)}},
                       free_tables=("weights",))
    return data["weights"]
