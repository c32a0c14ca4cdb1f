"""Title, date and author of an HTML page: candidates from every signal, the scorer's choice.

Gives the fields to put in place of the extractor's, and under ``sources``
the signal each chosen value came from. A field no signal supports well
enough is left out (``None``): no value is better than a likely wrong one.
"""
from __future__ import annotations

from typing import Any

from .. import deadline
from .html import html_candidates
from .scorer import choose, load_model

FIELDS = ("title", "date", "author")


def choose_fields(root, url: str | None, extractor: dict[str, Any]) -> dict[str, Any]:
    """``{field: value or None, ..., "sources": {field: signal}}`` for title, date and author."""
    model = load_model()["html"]
    cands = html_candidates(root, url, extractor)
    deadline.check("reading the page's metadata")
    out: dict[str, Any] = {}
    sources: dict[str, str] = {}
    for field in FIELDS:
        value, signal = choose(field, cands.get(field, []), model.get(field, {}))
        out[field] = value
        if signal:
            sources[field] = signal
    out["sources"] = sources
    return out
