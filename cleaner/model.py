"""The small values that flow out of the pipeline: an input, a removal, a line's fate, a result.

Everything here is plain data: no I/O, no rule logic.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from .metadata import Metadata


@dataclass(frozen=True)
class Source:
    """One decoded input: its name (path or ``-``), its text and the kind it claims."""

    name: str
    text: str
    suffix: str = ""
    encoding: str = "utf-8"


@dataclass(frozen=True)
class Removal:
    """A line the rules took out: which rule, which input line (1-based), what it said.

    ``chrome`` is false for a line that left the body without being chrome: article
    content moved into metadata (headline, dateline, standfirst) or a keep-block
    marker. ``cleaner check`` reports and ``cleaner fix`` deletes chrome lines only.
    """

    rule: str
    line: int
    text: str
    chrome: bool = True


@dataclass(frozen=True)
class LineDecision:
    """One input line and what became of it: kept (``rule`` is None) or dropped by ``rule``.

    When a fitted line model weighed the line, ``score`` is its log-odds of being
    content (above 0: content) and ``why`` the features that weighed most. ``added_by``
    names what put a line into an HTML page's extracted text besides the extractor
    (``rescue``: the block rescue), so a user sees which lines to steer.
    """

    line: int  # 1-based input line (for HTML: line of the extracted text)
    text: str
    rule: str | None = None
    score: float | None = None
    why: str = ""
    added_by: str | None = None

    @property
    def kept(self) -> bool:
        return self.rule is None


class Result:
    """What cleaning one document gives: the body, its metadata, and what was removed.

    ``removed`` may be given as a function that builds the trail: a plain-text
    run never reads it, and building one entry per dropped line is a real
    share of the cost of a small page. It is built on first access.
    """

    __slots__ = ("text", "metadata", "_removed", "input_type", "front_matter", "decisions", "page_removed")

    def __init__(self, text: str, metadata: Metadata,
                 removed: "tuple[Removal, ...] | Callable[[], tuple[Removal, ...]]" = (),
                 input_type: str = "text", front_matter: str = "",
                 decisions: tuple[LineDecision, ...] = (), page_removed: tuple[Removal, ...] = ()):
        self.text = text
        self.metadata = metadata
        self._removed = removed
        self.input_type = input_type  # html, markdown or text
        self.front_matter = front_matter  # a Markdown input's front matter, kept verbatim
        self.decisions = decisions  # every line's fate, when asked for (Options.explain)
        # HTML: what the page's HTML rules took out of the tree before extraction (also in
        # ``removed``; apart here so ``explain`` can show it, by source line)
        self.page_removed = page_removed

    @property
    def removed(self) -> tuple[Removal, ...]:
        if callable(self._removed):
            self._removed = self._removed()
        return self._removed

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Result):
            return NotImplemented
        return all(getattr(self, name) == getattr(other, name) for name in _RESULT_FIELDS)

    def __repr__(self) -> str:
        fields = ", ".join(f"{name}={getattr(self, name)!r}" for name in _RESULT_FIELDS)
        return f"Result({fields})"


_RESULT_FIELDS = ("text", "metadata", "removed", "input_type", "front_matter", "decisions", "page_removed")
