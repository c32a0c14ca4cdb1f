"""What check reports: one piece of chrome in a file, and how many passes a fix may take.

Shared by the line planner (``fixer``) and the HTML planner (``htmlfix``), which
otherwise know nothing of each other.
"""
from __future__ import annotations

from dataclasses import dataclass

# Every pass but the last removes at least one line, so this only bounds pathological
# files; on the corpus most files settle in one pass and the slowest in about twenty
# (a headline heuristic peeling a repeated menu one item at a time).
MAX_PASSES = 50


@dataclass(frozen=True)
class Finding:
    """One piece of chrome: where it is in the file (1-based line and column) and which rule saw it."""

    path: str
    line: int
    column: int
    rule: str
    message: str
    text: str
    fixable: bool = True  # false: reported, but fix cannot remove it safely (HTML only)
