"""Apply a document's rules in order and keep the trail of what each removed.

The engine knows nothing of kinds: each rule drops lines or sets metadata on
the ``Document``; the engine only sequences them under the document's deadline.
"""
from __future__ import annotations

import time
from collections.abc import Iterable
from typing import TYPE_CHECKING

from . import deadline as budget
from .deadline import DEFAULT_TIME_LIMIT
from .kinds.base import RuleKind
from .text.document import Document

if TYPE_CHECKING:
    from .html.page import Page
    from .match.prefilter import Prefilter


def run_rules(doc: Document, rules: Iterable[RuleKind], time_limit: float = DEFAULT_TIME_LIMIT) -> Document:
    """Apply ``rules`` to ``doc`` in the given order; returns ``doc`` for chaining.

    First one RE2 pass over the text rules out the patterns that occur nowhere
    in it (see ``prefilter``), so each rule scans only for the others.
    """
    doc.deadline = min(time.monotonic() + time_limit, budget.current() or float("inf"))
    rules = list(rules)
    prefilter = _prefilter(rules)
    if prefilter is not None:
        doc.absent = prefilter.absent(doc.utf8()[0])
        doc._phrase_index = prefilter.phrase_lines(doc)
    for rule in rules:
        if budget.expired(doc.deadline):
            raise budget.DocumentTimeout(f"{doc.name}: time limit exceeded while applying rules "
                                         f"(before {rule.id})")
        rule.apply(doc)
    return doc


# Prefilters by rule list, like the selector indexes below.
_PREFILTERS: dict[tuple[int, ...], tuple["Prefilter | None", list[RuleKind]]] = {}


def _prefilter(rules: list[RuleKind]) -> "Prefilter | None":
    key = tuple(id(rule) for rule in rules)
    cached = _PREFILTERS.get(key)
    if cached is None:
        from .match.prefilter import build_prefilter

        if len(_PREFILTERS) >= 64:
            _PREFILTERS.clear()
        cached = _PREFILTERS[key] = (build_prefilter((p for rule in rules for p in rule.line_patterns()),
                                                     (k for rule in rules for k in rule.line_phrases())),
                                     rules)
    return cached[0]


# Selector indexes by rule list; each entry keeps its rules alive so their ids stay unique.
_INDEXES: dict[tuple[int, ...], tuple[object, list[RuleKind]]] = {}


def run_tree_rules(page: "Page", rules: list[RuleKind], time_limit: float = DEFAULT_TIME_LIMIT) -> "Page":
    """Apply HTML rules to ``page``: match all their selectors in one walk, then run them in order."""
    from .html.selectors import SelectorIndex

    if page.deadline is None:
        page.deadline = min(time.monotonic() + time_limit, budget.current() or float("inf"))
    key = tuple(id(rule) for rule in rules)
    cached = _INDEXES.get(key)
    if cached is None:
        if len(_INDEXES) >= 64:  # a long batch over many site packs: keep the cache small
            _INDEXES.clear()
        cached = _INDEXES[key] = (SelectorIndex((rule.id, sel) for rule in rules
                                                for sel in rule.tree_selectors()), list(rules))
    page.matches = cached[0].match(page.root, check=page.check_time)
    for rule in rules:
        page.check_time()
        rule.apply_tree(page)
    return page
