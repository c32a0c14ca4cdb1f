"""cleaner: strip site chrome from web articles, keep the article and its metadata.

The public API is small on purpose::

    from cleaner import clean, load_ruleset
    result = clean(open("page.txt", "rb").read(), name="page.txt")
    print(result.text, result.metadata.fields)

Heavy modules (trafilatura, lxml) are imported only when an HTML page is cleaned,
so importing this package stays cheap.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from ._version import __version__

if TYPE_CHECKING:  # pragma: no cover
    from .model import Result
    from .packs.ruleset import RuleSet

__all__ = ["clean", "load_ruleset", "__version__"]


def load_ruleset(paths=(), *, builtin: bool = True) -> "RuleSet":
    """Load and validate the shipped packs (unless ``builtin`` is false) and ``paths``."""
    from .packs.ruleset import load_ruleset as _load

    return _load(paths, builtin=builtin)


def clean(data: bytes | str, *, name: str = "<input>", url: str | None = None,
          kind: str | None = None, ruleset: "RuleSet | None" = None,
          time_limit: float | None = None) -> "Result":
    """Clean one document given as bytes or text; returns a :class:`cleaner.model.Result`.

    Raises only ``cleaner.errors.CleanerError`` subclasses (``InputError``,
    ``DocumentTimeout`` past ``time_limit`` seconds, default 10, ...).
    """
    from .deadline import DEFAULT_TIME_LIMIT
    from .pipeline import Options, clean_source
    from .io.sources import source_from_bytes, source_from_text

    source = source_from_text(data, name) if isinstance(data, str) else source_from_bytes(data, name)
    limit = DEFAULT_TIME_LIMIT if time_limit is None else time_limit
    return clean_source(source, ruleset or load_ruleset(), Options(url=url, kind=kind, time_limit=limit))
