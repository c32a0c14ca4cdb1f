"""Title, date and author of an HTML page: candidates from every signal, the scorer's choice.

Gives the fields to put in place of the extractor's, and under ``sources``
the signal each chosen value came from. A field no signal supports well
enough is left out (``None``): no value is better than a likely wrong one.
"""
from __future__ import annotations

from typing import Any

from .. import deadline
from .html import html_candidates
from .scorer import confidence, load_model, ranked

FIELDS = ("title", "date", "author")
RUNNERS_UP = 4  # candidates kept per field for explain, the winner included


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
        if ranking and confidence([r[0] for r in ranking], entry, page) >= entry["threshold"]:
            out[field] = ranking[0][1]
            sources[field] = ranking[0][2]
    out["sources"] = sources
    out["candidates"] = candidates
    return out
