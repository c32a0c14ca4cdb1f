"""An HTML page while its rules run: the lxml tree, what the rules removed, the headlines they found.

HTML rules work on the tree trafilatura is given, before extraction. The page
knows nothing of lxml's API beyond element methods, so this module imports
nothing heavy; ``extract.py`` builds pages from parsed trees.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..deadline import expired
from ..errors import DocumentTimeout
from ..metadata import Metadata
from ..model import Removal

# The page types a page is classified as (``html/pagetype.py``) and a rule may be limited to
# (``page_types`` in a rule file): wcxb-dev's seven.
PAGE_TYPES = ("article", "forum", "product", "collection", "listing", "documentation", "service")
# Elements no rule removes: without them there is no page left to extract from.
PROTECTED_TAGS = frozenset({"html", "head", "body"})
_SNIPPET = 200


@dataclass
class Page:
    """One parsed page and the state its HTML rules share."""

    root: Any  # the lxml root element (``<html>``)
    name: str = "<input>"
    url: str | None = None
    metadata: Metadata = field(default_factory=Metadata)
    headlines: dict[str, list[str]] = field(default_factory=dict)  # headline rule id -> headlines (for the text pass)
    removed: list[Removal] = field(default_factory=list)
    deadline: float | None = None
    matches: dict[str, list] = field(default_factory=dict)  # rule id -> matched elements
    extractor_metadata: dict[str, Any] = field(default_factory=dict)  # read before any rule ran
    # characters of text in the body before any rule ran: how much of the page an extraction found
    page_chars: float = 0.0
    page_type: str | None = None  # one of PAGE_TYPES, decided once before any rule runs
    signals: dict[str, float] = field(default_factory=dict)  # what page_type was decided on (pagetype.py)
    # rule id -> how to put each of its removals back (the extraction's backstop may need to)
    undo: dict[str, list] = field(default_factory=dict)
    removed_chars: dict[str, int] = field(default_factory=dict)  # rule id -> characters it removed

    def check_time(self) -> None:
        """Raise ``DocumentTimeout`` once the page has used up its time."""
        if expired(self.deadline):
            raise DocumentTimeout(f"{self.name}: time limit exceeded while applying HTML rules")

    def matched(self, rule) -> list:
        """Elements matching any of ``rule``'s selectors, in document order, each once."""
        return self.matches.get(rule.id, [])

    def attached(self, el) -> bool:
        """Whether ``el`` is still in the page (no rule removed it or an ancestor)."""
        top = el
        for top in el.iterancestors():
            pass
        return top is self.root

    @staticmethod
    def text_of(el) -> str:
        """The element's text, white space folded (text nodes joined by a space, so that
        "<h3>Most read</h3><a>Storm</a>" reads "Most read Storm")."""
        return " ".join(" ".join(el.itertext()).split())

    def remove(self, el, rule_id: str, text: str | None = None) -> None:
        """Take ``el`` out of the tree, keeping the text that follows it, and log the removal."""
        parent = el.getparent()
        if parent is None:
            return
        text = self.text_of(el) if text is None else text
        prev = el.getprevious()
        self.undo.setdefault(rule_id, []).append((el, parent, parent.index(el), prev,
                                                  None if prev is None else prev.tail, parent.text))
        self.removed_chars[rule_id] = self.removed_chars.get(rule_id, 0) + len(text)
        _detach(el, parent, prev, el.tail)
        if text:
            snippet = text if len(text) <= _SNIPPET else text[:_SNIPPET - 1] + "…"
            self.removed.append(Removal(rule_id, el.sourceline or 0, snippet))

    def put_back(self, rule_id: str) -> list:
        """Undo every removal of ``rule_id`` (latest first); returns what was put back, for ``redo``."""
        entries = self.undo.pop(rule_id, [])
        for el, parent, index, prev, prev_tail, parent_text in reversed(entries):
            if prev is not None and prev.getparent() is parent:
                prev.tail = prev_tail
                prev.addnext(el)
            else:
                if prev is None:
                    parent.text = parent_text
                parent.insert(min(index, len(parent)), el)
        return entries

    def redo(self, rule_id: str, entries: list) -> None:
        """Remove again what ``put_back`` restored (the backstop found the rule harmless)."""
        for el, parent, *_ in entries:
            if el.getparent() is parent:
                _detach(el, parent, el.getprevious(), el.tail)
        self.undo[rule_id] = entries


def _detach(el, parent, prev, tail: str | None) -> None:
    """Take ``el`` out of ``parent``, its tail text joining what came before it."""
    if tail:
        if prev is not None:
            prev.tail = (prev.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
    parent.remove(el)
