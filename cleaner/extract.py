"""HTML main-content extraction: the only module that imports trafilatura (and lxml).

Kept apart so the text path never pays for importing them.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .errors import InputError
from .ruleset import RuleSet


@dataclass
class Extracted:
    """What extraction found: the article text (one paragraph a line) and page metadata."""

    text: str
    metadata: dict[str, Any] = field(default_factory=dict)
    source: str = "trafilatura"


def extract_html(html: str, *, url: str | None, name: str, ruleset: RuleSet,
                 time_limit: float = 10.0) -> Extracted:
    """Extract the main text and metadata of an HTML page with trafilatura."""
    import trafilatura

    try:
        doc = trafilatura.bare_extraction(html, url=url, with_metadata=True, include_comments=False)
    except Exception as exc:  # trafilatura raises many kinds on broken pages
        raise InputError(name, f"HTML extraction failed ({exc.__class__.__name__}: {exc})") from None
    if doc is None:
        return Extracted("", {}, "trafilatura")
    data = doc.as_dict() if hasattr(doc, "as_dict") else dict(doc)
    meta = {
        "title": data.get("title"), "author": _authors(data.get("author")), "date": data.get("date"),
        "site": data.get("sitename"), "description": data.get("description"),
        "url": data.get("url"), "language": data.get("language"),
        "category": (data.get("categories") or [None])[0] if isinstance(data.get("categories"), list) else None,
        "tags": data.get("tags") if isinstance(data.get("tags"), list) else None,
    }
    text = data.get("text") or ""
    return Extracted(text, {k: v for k, v in meta.items() if v}, "trafilatura")


def _authors(value: Any) -> list[str] | None:
    if not value:
        return None
    if isinstance(value, list):
        return [str(v) for v in value]
    return [part.strip() for part in str(value).split(";") if part.strip()]
