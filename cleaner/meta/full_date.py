"""A fuller date search for pages whose fast metadata pass found no date.

The fast pass (trafilatura's, which runs htmldate without its extensive
search) stops at markup it knows: on a page whose date is only written in
the text ("Posted on 3 March 2024 by ...") it finds nothing. htmldate's
extensive search reads such text too (with dateparser for the languages its
own patterns miss), asked for the original (published) date rather than the
latest. It costs more, so it runs only where the fast pass gave no date and no
candidate was sure enough, and its date is taken only when it confirms one of the
page's own date signals (``choose_html.confirms``): alone it finds a date on most
pages that have none to give.
"""
from __future__ import annotations

from ..dates import parse_date


def full_date(root, url: str | None) -> str | None:
    """The page's published date from htmldate's extensive search (ISO), or None.

    htmldate works on a copy of the tree it is given, so ``root`` is left as it was.
    """
    try:
        import htmldate
    except ImportError:  # pragma: no cover - installed with trafilatura
        return None
    try:
        found = htmldate.find_date(root, extensive_search=True, original_date=True, url=url)
    except Exception:  # noqa: BLE001 - a search that fails gives no candidate, as one that finds nothing
        return None
    return parse_date(found) if found else None
