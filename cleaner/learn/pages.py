"""A site's pages as lines to learn from: what the builtin rules leave of each page, and its URL.

Learning starts from each page's cleaned text (``pipeline.clean_source`` with
the rules given, normally the shipped ones): the lines left are the ones the
rules did not recognise as chrome, so the pack only holds what they miss, and
HTML pages and copied text are read the same way (for HTML: the lines the
extractor keeps). The page's URL (its canonical link for HTML) names its site.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from ..packs.ruleset import RuleSet
from ..pipeline import Options, clean_source
from ..model import Source

SUFFIXES = (".html", ".htm", ".txt", ".md", ".markdown")


@dataclass(frozen=True)
class Page:
    """One page's lines after the rules, with its URL (``None`` when unknown) and input kind."""

    name: str
    lines: list[str]
    url: str | None
    input_type: str


def page_of(source: Source, ruleset: RuleSet, url: str | None = None) -> Page:
    """Clean one source and keep its lines and URL."""
    result = clean_source(source, ruleset, Options(url=url, page_metadata=False))
    found = url or result.metadata.fields.get("url")
    return Page(source.name, result.text.split("\n"), found if isinstance(found, str) else None,
                result.input_type)


def site_of(url: str | None) -> str:
    """The host a URL names, without ``www.``: the site a page belongs to ("" when unknown)."""
    if not url:
        return ""
    host = (urlsplit(url if "//" in url else f"//{url}").hostname or "").lower()
    return host[4:] if host.startswith("www.") else host


def page_files(folder: str | Path) -> list[Path]:
    """The pages under ``folder`` (sorted, hidden files skipped)."""
    root = Path(folder)
    return sorted(p for p in root.rglob("*") if p.is_file() and p.name.lower().endswith(SUFFIXES)
                  and not any(part.startswith(".") for part in p.relative_to(root).parts))


def read_pages(paths: Iterable[Path], ruleset: RuleSet, url: str | None = None) -> Iterator[Page]:
    """Each file as a ``Page``; raises the reader's ``CleanerError`` for a file that cannot be read."""
    from ..io.sources import read_source

    for path in paths:
        yield page_of(read_source(str(path)), ruleset, url)
