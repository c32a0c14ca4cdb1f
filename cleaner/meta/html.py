"""HTML signals for title, date and author, read from a parsed (lxml) page.

Each signal is one place a page may state a field: the ``<title>``, the
visible headline (H1), Open Graph and other ``<meta>`` tags, JSON-LD,
microdata, ``<time>`` elements, bylines, the URL. Each becomes a candidate
``(signal, value)``; ``scorer.choose`` weighs them. Only the HTML path
imports this module.
"""
from __future__ import annotations

import json
import re
from html import unescape
from typing import Any
from urllib.parse import urlparse

from .authors import split_authors
from ..dates import parse_date
from .title import drop_last_part, first_part, names_site, norm, strip_site

Candidates = dict[str, list[tuple[str, Any]]]

_PUBLISHED_META = {
    "article:published_time": "meta:published", "og:published_time": "meta:published",
    "datepublished": "meta:published", "pubdate": "meta:published", "publishdate": "meta:published",
    "publish-date": "meta:published", "publish_date": "meta:published", "date": "meta:date",
    "dc.date": "meta:date", "dc.date.issued": "meta:date", "dcterms.date": "meta:date",
    "dcterms.created": "meta:date", "parsely-pub-date": "meta:published",
    "sailthru.date": "meta:published", "citation_publication_date": "meta:published",
    "citation_date": "meta:published", "article.published": "meta:published",
    "originalpublicationdate": "meta:published", "cxenseparse:recs:publishtime": "meta:published",
}
_MODIFIED_META = {"article:modified_time", "og:updated_time", "datemodified", "last-modified",
                  "dcterms.modified", "article.updated", "lastmod"}
_AUTHOR_META = {"author": "meta:author", "article:author": "meta:article-author",
                "parsely-author": "meta:author", "sailthru.author": "meta:author",
                "citation_author": "meta:author", "dc.creator": "meta:author",
                "byl": "meta:author", "dcterms.creator": "meta:author"}
_URL_DATE = re.compile(r"/((?:19|20)\d\d)[/-](\d{1,2})[/-](\d{1,2})(?:/|-|$)")
_BYLINE_CLASS = re.compile(r"(?:^|[\s_-])(?:author|byline|writer|autor|auteur)(?:$|[\s_-])", re.I)
_DATE_CLASS = re.compile(r"date|time|posted|published|byline|meta", re.I)
_ARTICLE_TYPES = ("article", "posting", "report", "review", "recipe", "howto", "creativework",
                  "webpage", "newsarticle", "qapage", "question", "videoobject")
_TEXT_CAP = 300
_VISIBLE_BY = re.compile(r"^\s*(?:(?:written|posted|published|reviewed|words|story)\s+)?(?:by|von|par|por|door)"
                         r"[\s\u00a0:]+(?=\S)|^\s*(?:author|autor|auteur)\s*:\s*(?=\S)", re.I)
_TEXT_NODES = 1500  # text nodes of the body read for a byline or a date near the headline
_DIGIT = re.compile(r"\d")
_SKIP_TEXT = frozenset({"script", "style", "noscript", "template", "option", "button"})


def _xpath(expr: str):
    from lxml.etree import XPath

    return XPath(expr)


def _marked(region, pattern: re.Pattern, limit: int = 20, visit: int = 1500) -> list:
    """Elements of ``region`` whose class or id matches ``pattern`` (at most ``limit``)."""
    out = []
    if region is None:
        return out
    for n, el in enumerate(region.iter()):
        if n > visit:
            break
        cls = el.get("class")
        ident = el.get("id")
        if (cls or ident) and pattern.search(f"{cls} {ident}"):
            out.append(el)
            if len(out) >= limit:
                break
    return out


def _headline_region(root):
    """The part of the page around the headline: the H1's ancestor a few levels up, or <article>."""
    h1 = next(root.iter("h1"), None)
    if h1 is None:
        return next(root.iter("article"), None)
    region = h1
    for _ in range(4):
        parent = region.getparent()
        if parent is None or parent.tag in ("body", "html"):
            break
        region = parent
    return region


_XP_ITEMPROP = _xpath(".//*[@itemprop=$name]")
_XP_REL_AUTHOR = _xpath(".//a[@rel='author']")


def _text(el) -> str:
    return norm("".join(el.itertext()))[:_TEXT_CAP]


# Inside a headline: markup whose text readers do not see as part of it (a style sheet, a
# "copy link" button, a screen-reader-only note), and elements that break a line.
_HEADLINE_SKIP = frozenset({"script", "style", "noscript", "template", "button", "svg", "select"})
_HEADLINE_BREAK = frozenset({"br", "div", "p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "hr"})
# soft hyphen, zero-width characters, direction marks and embeddings
_INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e"
                                    "\u2060\u2066\u2067\u2068\u2069\ufeff"))
_ANCHOR_MARK = re.compile(r"\s*[¶§#]$")  # a heading's permalink mark ("Middleware¶")


def headline_text(el) -> str:
    """A headline element's text as readers see it.

    Plain ``itertext`` glues the words on either side of a ``<br>`` or a
    block ("Product<br>Management" read as "ProductManagement"), keeps a
    style sheet or a button's label written inside the heading, soft hyphens
    and the pilcrow of a permalink: each makes the headline differ from the
    same title said elsewhere on the page.
    """
    parts: list[str] = []

    def walk(node) -> None:
        if node.text:
            parts.append(node.text)
        for child in node:
            tag = child.tag if isinstance(child.tag, str) else ""
            if tag not in _HEADLINE_SKIP and tag:
                if tag in _HEADLINE_BREAK:
                    parts.append(" ")
                walk(child)
                if tag in _HEADLINE_BREAK:
                    parts.append(" ")
            if child.tail:
                parts.append(child.tail)

    walk(el)
    text = norm("".join(parts).translate(_INVISIBLE))
    return _ANCHOR_MARK.sub("", text)[:_TEXT_CAP]


def _jsonld_objects(root) -> list[dict]:
    """Every object of the page's JSON-LD blocks, @graph members included."""
    out: list[dict] = []

    def walk(node: Any, depth: int = 0) -> None:
        if depth > 4:
            return
        if isinstance(node, list):
            for item in node:
                walk(item, depth + 1)
        elif isinstance(node, dict):
            out.append(node)
            if "@graph" in node:
                walk(node["@graph"], depth + 1)
            main = node.get("mainEntity")
            if isinstance(main, (dict, list)):
                walk(main, depth + 1)

    for script in root.iter("script"):
        if (script.get("type") or "").lower() != "application/ld+json" or not script.text:
            continue
        try:
            walk(json.loads(script.text.strip().rstrip(";")))
        except (ValueError, RecursionError):
            continue
    return out


def _types(obj: dict) -> str:
    t = obj.get("@type", "")
    return " ".join(t).lower() if isinstance(t, list) else str(t).lower()


def _names(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        name = value.get("name")
        if isinstance(name, str):
            return [name]
        if isinstance(value.get("givenName"), str):
            return [f"{value.get('givenName', '')} {value.get('familyName', '')}".strip()]
        return []
    if isinstance(value, list):
        return [n for v in value for n in _names(v)]
    return []


def _people_and_orgs(value: Any) -> tuple[list, list]:
    """A JSON-LD ``author`` value as (people, organisations)."""
    items = value if isinstance(value, list) else [value]
    orgs = [a for a in items if isinstance(a, dict) and "organization" in _types(a)]
    return [a for a in items if a not in orgs], orgs


def _add(cands: Candidates, field: str, signal: str, value: Any) -> None:
    if value in (None, "", []):
        return
    cands.setdefault(field, [])
    if all(s != signal for s, _ in cands[field]):
        cands[field].append((signal, value))


def _add_author(cands: Candidates, signal: str, names: list[str]) -> None:
    people: list[str] = []
    for name in names:
        for person in split_authors(name):
            if person not in people:
                people.append(person)
    _add(cands, "author", signal, people)


def _add_title(cands: Candidates, signal: str, value: str | None) -> None:
    if value:
        value = norm((unescape(value) if "&" in value else value).translate(_INVISIBLE))
        if 0 < len(value) <= 300:
            _add(cands, "title", signal, value)


def _visible_signals(cands: Candidates, scope) -> None:
    """A "By ..." byline in the visible text, and the first date written after the H1."""
    h1 = next((v for s, v in cands.get("title", []) if s == "h1"), "")
    h1_seen = False
    after_h1 = 0
    by_done = date_done = False
    for n, node in enumerate(scope.itertext()):
        if n > _TEXT_NODES or (by_done and date_done):
            break
        text = node.strip()
        if not text or len(text) > 200:
            continue
        if not by_done and (m := _VISIBLE_BY.match(text)):
            rest = text[m.end():]
            if not rest.strip():
                continue
            names = split_authors(re.split(r"\s[-–—|•·⋅/]\s|\s(?:on|at|am|le)\s|\d", rest)[0])
            if names:
                _add(cands, "author", "visible:by-line", names)
                by_done = True
        if h1_seen and not date_done:
            after_h1 += 1
            if after_h1 <= 60 and _DIGIT.search(text):
                found = parse_date(text)
                if found:
                    _add(cands, "date", "visible:after-h1", found)
                    date_done = True
        elif not h1_seen and h1 and (norm(text) == h1 or (len(text) > 15 and norm(text) in h1)):
            h1_seen = True


_ON_ARTICLE = "@article"  # a signal's name said again on an article page (scorer.CONTEXT)
_BY_KIND = ("h1", "title-tag:stripped", "title-tag:first", "og:title:stripped")
_ON_MANY_TIMES = "@many-times"  # a date signal said again on a page with three <time> elements or more
_BY_TIMES = ("time:first", "visible:after-h1", "visible:date-class", "itemprop:published", "itemprop:created",
             "trafilatura")
_LD_KINDS = (("forum", ("discussionforumposting", "qapage", "question", "socialmediaposting")),
             ("product", ("product", "offer", "productgroup")),
             ("collection", ("collectionpage", "itemlist", "searchresultspage")),
             ("article", ("article", "posting", "report", "review", "recipe")))


def page_flags(metas: dict[str, str], objects: list[dict], root, url_date: bool, h1s: int) -> list[str]:
    """Cheap facts about the page the scorer's gate reads (is it an article, a product, a forum?).

    A product page has dates too (a review's, a copyright year's) and a
    listing names authors; whether to give a value at all depends on the kind of page.
    """
    flags = []
    og_type = metas.get("og:type", "").lower()
    for kind in ("article", "product", "website", "profile", "video"):
        if kind in og_type:
            flags.append("og:" + kind)
            break
    else:
        flags.append("og:other" if og_type else "og:none")
    types = " ".join(_types(o) for o in objects)
    for kind, words in _LD_KINDS:
        if any(w in types for w in words):
            flags.append("ld:" + kind)
    if not objects:
        flags.append("ld:none")
    times = sum(1 for _ in zip(range(3), root.iter("time")))
    if times:
        flags.append("time")
    if times >= 3:  # a thread's posts or a listing's entries, each dated
        flags.append("time:many")
    if next(root.iter("article"), None) is not None:
        flags.append("article")
    if url_date:
        flags.append("url-date")
    flags.append("h1:none" if h1s == 0 else "h1:one" if h1s == 1 else "h1:many")
    return flags


def html_candidates(root, url: str | None, extractor: dict[str, Any] | None = None) -> Candidates:
    """Candidates for title, date and author from every signal of the page."""
    cands: Candidates = {}
    head = root.find("head")
    metas: dict[str, str] = {}
    for el in (head if head is not None else root).iter("meta"):
        name = (el.get("property") or el.get("name") or el.get("itemprop") or "").strip().lower()
        content = el.get("content")
        if name and content and name not in metas:
            metas[name] = content.strip()
    title_el = root.find(".//title")
    page_title = _text(title_el) if title_el is not None else ""
    h1s = [t for t in (headline_text(h) for h in root.iter("h1")) if t]
    h1 = h1s[0] if h1s else ""
    objects = _jsonld_objects(root)
    site = metas.get("og:site_name")
    host = urlparse(url).hostname if url else None

    # title
    ld_headline = next((o["headline"] for o in objects if isinstance(o.get("headline"), str)), None)
    others = tuple(x for x in (h1, metas.get("og:title"), ld_headline) if x)
    _add_title(cands, "title-tag", page_title)
    if page_title:
        _add_title(cands, "title-tag:stripped", strip_site(page_title, site, host, others))
        for signal, part in (("title-tag:cut", drop_last_part(page_title)),
                             ("title-tag:first", first_part(page_title))):
            if not names_site(part, site, host):  # "Site | Headline": the first part is no headline
                _add_title(cands, signal, part)
    _add_title(cands, "h1", h1)
    if len(h1s) == 1:
        _add_title(cands, "h1:only", h1)
    if h1:  # a headline that carries the site's name ("Headline – Site") as the <title> does
        stripped = strip_site(h1, site, host)
        if stripped != norm(h1):
            _add_title(cands, "h1:stripped", stripped)
    og = metas.get("og:title")
    _add_title(cands, "og:title", og)
    if og:
        _add_title(cands, "og:title:stripped", strip_site(og, site, host, (h1,) if h1 else ()))
    _add_title(cands, "twitter:title", metas.get("twitter:title"))
    _add_title(cands, "jsonld:headline", ld_headline)
    for el in _XP_ITEMPROP(root, name="headline"):
        _add_title(cands, "itemprop:headline", headline_text(el))
        break
    # the site's own name: a value equal to it is marked (a home page's title, or a headline
    # taken from the site's banner)
    _add_title(cands, "site-name", site)

    # date
    for obj in objects:
        for key, signal in (("datePublished", "jsonld:published"), ("dateCreated", "jsonld:created"),
                            ("dateModified", "jsonld:modified"), ("uploadDate", "jsonld:published")):
            if isinstance(obj.get(key), str):
                _add(cands, "date", signal, parse_date(obj[key]))
    for name, value in metas.items():
        if name in _PUBLISHED_META:
            _add(cands, "date", _PUBLISHED_META[name], parse_date(value))
        elif name in _MODIFIED_META:
            _add(cands, "date", "meta:modified", parse_date(value))
    for el in _XP_ITEMPROP(root, name="datePublished"):
        _add(cands, "date", "itemprop:published",
             parse_date(el.get("content") or el.get("datetime") or _text(el)))
        break
    for el in _XP_ITEMPROP(root, name="dateCreated"):  # a thread's first post, a Q&A's question
        _add(cands, "date", "itemprop:created", parse_date(el.get("content") or el.get("datetime") or _text(el)))
        break
    body = root.find("body")
    scope = body if body is not None else root
    region = _headline_region(scope)
    for el in scope.iter("time"):
        _add(cands, "date", "time:first", parse_date(el.get("datetime") or _text(el)))
        break
    for el in _marked(region, _DATE_CLASS):
        if el.tag not in ("script", "style", "a", "time") and len(el) < 8:
            found = parse_date(_text(el)[:120])
            if found:
                _add(cands, "date", "visible:date-class", found)
                break
    m = _URL_DATE.search(url) if url else None
    url_date = m is not None
    if m is not None:
        _add(cands, "date", "url", parse_date(f"{m[1]}-{m[2]}-{m[3]}"))

    # author
    for obj in objects:
        if "author" in obj and any(t in _types(obj) for t in _ARTICLE_TYPES):
            persons, orgs = _people_and_orgs(obj["author"])
            # an organisation is an author only when no person is named
            _add_author(cands, "jsonld:author", _names(persons))
            _add_author(cands, "jsonld:author-org", _names(orgs))
            break
    for obj in objects:
        if "author" in obj:
            persons, orgs = _people_and_orgs(obj["author"])
            _add_author(cands, "jsonld:any-author", _names(persons or orgs))
            break
    for name, signal in _AUTHOR_META.items():
        value = metas.get(name)
        if value and not value.lower().startswith(("http", "/")):
            _add_author(cands, signal, [value])
    for el in _XP_REL_AUTHOR(scope):
        _add_author(cands, "rel:author", [_text(el)])
        break
    for el in _XP_ITEMPROP(scope, name="author"):
        inner = next(iter(_XP_ITEMPROP(el, name="name")), None)
        text = (inner.get("content") or _text(inner)) if inner is not None else (el.get("content") or _text(el))
        _add_author(cands, "itemprop:author", [text])
        break
    for el in _marked(region, _BYLINE_CLASS):
        if el.tag in ("script", "style", "meta", "link"):
            continue
        cls = (el.get("class") or "") + " " + (el.get("id") or "")
        if _BYLINE_CLASS.search(cls):
            text = _text(el)
            if 2 < len(text) <= 80:
                _add_author(cands, "visible:author-class", [text])
                break

    _visible_signals(cands, scope)

    if extractor:
        _add_title(cands, "trafilatura", extractor.get("title"))
        _add(cands, "date", "trafilatura", extractor.get("date") and parse_date(extractor["date"]))
        if extractor.get("author"):
            _add_author(cands, "trafilatura", list(extractor["author"]))
    flags = page_flags(metas, objects, root, url_date, len(h1s))
    cands["page"] = [("page", flag) for flag in flags]

    if "time:many" in flags:
        # on a page of many dated entries (a thread's posts) the first <time> or the first date
        # after the headline may be a reply's: those signals are said again, marked as such
        cands["date"] = cands.get("date", []) + [(signal + _ON_MANY_TIMES, value) for signal, value in
                                                 cands.get("date", []) if signal in _BY_TIMES]
    if "og:article" in flags or "ld:article" in flags:
        # whether the visible headline or the <title> is the article's title depends on the
        # kind of page: the main title signals say it again, marked as on an article
        cands["title"] = cands.get("title", []) + [(signal + _ON_ARTICLE, value) for signal, value in
                                                   cands.get("title", []) if signal in _BY_KIND]
    return cands

