"""Apply a document's rules in order and keep the trail of what each removed.

The engine knows nothing of kinds: each rule drops lines or sets metadata on
the ``Document``; the engine only sequences them under the document's deadline.
"""
from __future__ import annotations

import time
from collections.abc import Iterable

from .kinds.base import RuleKind
from .model import Document

# Seconds one document may spend in the rules before it fails (runaway patterns).
DEFAULT_TIME_LIMIT = 10.0


def run_rules(doc: Document, rules: Iterable[RuleKind], time_limit: float = DEFAULT_TIME_LIMIT) -> Document:
    """Apply ``rules`` to ``doc`` in the given order; returns ``doc`` for chaining."""
    doc.deadline = time.monotonic() + time_limit
    for rule in rules:
        rule.apply(doc)
    return doc
