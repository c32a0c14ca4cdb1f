"""Titles: the page's headline without the site's name or section glued to it.

A ``<title>`` (and often ``og:title``) reads ``Headline - Site`` or ``Site |
Headline``; the visible headline (H1) usually has no such part. A part is cut
when it names the site (the site name, the host, another signal's site part)
or when what is left equals another title signal. Standard library only.
"""
from __future__ import annotations

import re

_SEPARATORS = re.compile(r"\s+(?:\||-|–|—|:{1,2}|·|•|»|«|/|~|\\)\s+")
_WORD = re.compile(r"\w+")


def norm(text: str) -> str:
    """Title as compared: white space folded, curly quotes straightened, case kept."""
    text = text.replace("\u00a0", " ").replace("’", "'").replace("‘", "'")
    text = text.replace("“", '"').replace("”", '"').replace("„", '"')
    return " ".join(text.split())


def key(text: str) -> str:
    """A loose key: lower-case words only (to tell two signals say the same)."""
    return " ".join(_WORD.findall(text.lower()))


def _site_keys(site: str | None, host: str | None) -> set[str]:
    keys = set()
    if site:
        keys.add(key(site))
        initials = "".join(w[0] for w in key(site).split())
        if len(initials) >= 3:  # "World Future Awards" is also written "WFA"
            keys.add(initials)
    if host:
        host = host.lower().removeprefix("www.")
        keys.add(key(host))
        keys.add(key(host.split(".")[0]))
    return {k for k in keys if k}


def _is_site(part: str, sites: set[str]) -> bool:
    k = key(part)
    if not k:
        return True
    flat = k.replace(" ", "")
    return any(k == s or flat == s.replace(" ", "") or (len(s) > 3 and flat.startswith(s.replace(" ", "")))
               for s in sites)


def names_site(part: str, site: str | None = None, host: str | None = None) -> bool:
    """Whether ``part`` is the site's name (``og:site_name`` or the host, loosely compared)."""
    sites = _site_keys(site, host)
    return bool(sites) and bool(key(part)) and _is_site(part, sites)


def strip_site(title: str, site: str | None = None, host: str | None = None,
               others: tuple[str, ...] = ()) -> str:
    """``title`` without a leading or trailing part that names the site.

    ``others`` are other title signals (H1, og:title): when a side of the
    title equals one of them, that side is the headline.
    """
    title = norm(title)
    parts = _SEPARATORS.split(title)
    if len(parts) < 2:
        return title
    seps = _SEPARATORS.findall(title)
    other_keys = {key(o) for o in others if o}
    # a side that equals another signal is the headline
    for n in range(1, len(parts)):
        head = title[: sum(len(p) for p in parts[:n]) + sum(len(s) for s in seps[: n - 1])]
        tail = title[len(head) + len(seps[n - 1]):]
        if key(head) in other_keys:
            return head.strip()
        if key(tail) in other_keys:
            return tail.strip()
    sites = _site_keys(site, host)
    changed = True
    while changed and len(parts) > 1:
        changed = False
        if _is_site(parts[-1], sites):
            parts.pop()
            seps.pop()
            changed = True
        elif _is_site(parts[0], sites):
            parts.pop(0)
            seps.pop(0)
            changed = True
    out = parts[0]
    for sep, part in zip(seps, parts[1:]):
        out += sep + part
    return out.strip()


def drop_last_part(title: str) -> str:
    """``title`` without its last separated part (the usual place of a site name)."""
    title = norm(title)
    parts = list(_SEPARATORS.finditer(title))
    if not parts:
        return title
    head = title[: parts[-1].start()].strip()
    return head if len(key(head).split()) >= 2 else title


def first_part(title: str) -> str:
    """``title`` up to its first separator (the headline, when the site and section follow)."""
    title = norm(title)
    m = _SEPARATORS.search(title)
    return title[: m.start()].strip() if m else title


def token_f1(a: str, b: str) -> float:
    """Word-overlap F1 of two titles (lower-cased words)."""
    from collections import Counter

    x, y = Counter(_WORD.findall(a.lower())), Counter(_WORD.findall(b.lower()))
    overlap = sum((x & y).values())
    if not overlap:
        return 0.0
    p, r = overlap / sum(x.values()), overlap / sum(y.values())
    return 2 * p * r / (p + r)
