"""cleaner: strip site chrome from web articles, keep the article and its metadata.

The public API is small on purpose::

    from cleaner import clean, load_ruleset
    result = clean(open("page.txt", "rb").read(), name="page.txt")
    print(result.text, result.metadata.fields)

Heavy modules (trafilatura, lxml) are imported only when an HTML page is cleaned,
so importing this package stays cheap.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from ._version import __version__
from .errors import (BatchError, CleanerError, ConfigError, DocumentTimeout, ExitCode, InputError,
                     RuleFileError)

if TYPE_CHECKING:  # pragma: no cover
    from .model import Result
    from .packs.ruleset import RuleSet

__all__ = ["clean", "load_ruleset", "render", "__version__", "CleanerError", "RuleFileError", "ConfigError",
           "InputError", "DocumentTimeout", "BatchError", "ExitCode"]

InputType = Literal["html", "markdown", "text"]
_INPUT_TYPES = ("html", "markdown", "text")


def load_ruleset(paths=(), *, builtin: bool = True) -> "RuleSet":
    """Load and validate the shipped packs (unless ``builtin`` is false) and ``paths``.

    Load once and pass the result to every ``clean`` call: that is the fast
    path (checking the rule files costs far more than cleaning one page).
    Raises ``RuleFileError`` naming the file, line and rule of the first problem.
    """
    from .packs.ruleset import load_ruleset as _load

    return _load(paths, builtin=builtin)


def clean(data: bytes | str, *, name: str = "<input>", url: str | None = None,
          kind: InputType | None = None, ruleset: "RuleSet | None" = None,
          time_limit: float | None = None) -> "Result":
    """Clean one document given as bytes or text; returns a :class:`cleaner.model.Result`.

    ``kind`` forces the input type (else it comes from ``name``'s suffix, then
    the content); ``time_limit`` is in seconds (default 10). Without
    ``ruleset`` the shipped packs are loaded on every call: pass one from
    ``load_ruleset()``. Raises ``ValueError`` for a wrong ``kind`` or
    ``time_limit``, and ``CleanerError`` subclasses for inputs that cannot
    be cleaned (``InputError``, ``DocumentTimeout``).
    """
    from .deadline import parse_time_limit

    from .pipeline import Options, clean_source
    from .io.sources import source_from_bytes, source_from_text

    if kind is not None and kind not in _INPUT_TYPES:
        raise ValueError(f"kind must be one of {', '.join(_INPUT_TYPES)} or None, not {kind!r}")
    options = Options(url=url, input_type=kind)
    if time_limit is not None:
        try:
            if isinstance(time_limit, (bool, str)):
                raise ValueError("not a number")
            seconds = parse_time_limit(time_limit)
        except ValueError as exc:
            raise ValueError(f"time_limit must be a finite number of seconds, at least 0.01, "
                             f"not {time_limit!r} ({exc})") from None
        options = Options(url=url, input_type=kind, time_limit=seconds)
    source = source_from_text(data, name) if isinstance(data, str) else source_from_bytes(data, name)
    return clean_source(source, ruleset or load_ruleset(), options)


def render(result: "Result", fmt: str = "text") -> str:
    """A result as ``text``, ``markdown``, ``json`` or ``jsonl`` (what the CLI prints)."""
    from .formats import RENDERERS

    if fmt not in RENDERERS:
        raise ValueError(f"fmt must be one of {', '.join(RENDERERS)}, not {fmt!r}")
    return RENDERERS[fmt](result)
