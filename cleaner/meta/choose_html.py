"""Title, date and author of an HTML page: candidates from every signal, the scorer's choice.

Gives the fields to put in place of the extractor's, and under ``sources``
the signal each chosen value came from. A field no signal supports well
enough is left out (``None``): no value is better than a likely wrong one.
"""
from __future__ import annotations

from typing import Any

from .. import deadline
from .full_date import full_date
from .html import html_candidates
from .scorer import confidence, load_model, ranked

FIELDS = ("title", "date", "author")
RUNNERS_UP = 4  # candidates kept per field for explain, the winner included


FULL_SEARCH = "full-search"  # the source named when the fuller date search decided


def confirms(found: str | None, candidates: list[tuple[str, Any]]) -> bool:
    """Whether the fuller search's date is one of the dates the page's signals give.

    Alone, that search finds a date on most pages that have none to give (a
    copyright line, a listing's newest entry); agreeing with a signal of the
    page, it was right as often as it was spurious on the training folds.
    """
    return bool(found) and any(value == found for _, value in candidates)


def choose_fields(root, url: str | None, extractor: dict[str, Any]) -> dict[str, Any]:
    """``{field: value or None, ..., "sources": {field: signal}, "candidates": {field: ranked}}``
    for title, date and author; ``ranked`` is ``[(value, signal, score), ...]``, best first
    (``cleaner explain`` shows it)."""
    model = load_model()["html"]
    cands = html_candidates(root, url, extractor)
    deadline.check("reading the page's metadata")
    out: dict[str, Any] = {}
    sources: dict[str, str] = {}
    candidates: dict[str, list] = {}
    page = tuple(v for _, v in cands.get("page", []))
    for field in FIELDS:
        entry = model[field]
        ranking = ranked(field, cands.get(field, []), entry)
        candidates[field] = [(value, "html:" + signal, round(score, 3)) for score, value, signal in ranking[:RUNNERS_UP]]
        out[field] = None
        if ranking and confidence([r[0] for r in ranking], entry, page, ranking[0][2]) >= entry["threshold"]:
            out[field] = ranking[0][1]
            sources[field] = ranking[0][2]
    if out["date"] is None and not extractor.get("date") and cands.get("date"):
        # the fast pass found no date and no candidate was sure enough: the fuller search,
        # taken when it confirms one of the page's own dates
        found = full_date(root, url)
        if confirms(found, cands["date"]):
            out["date"] = found
            sources["date"] = FULL_SEARCH
    out["sources"] = sources
    out["candidates"] = candidates
    return out
