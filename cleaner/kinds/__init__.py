"""The registry of rule kinds: the one place a new kind is added.

``KINDS`` maps the ``kind = "..."`` of a rule file to the class that checks
and applies it. Kinds run by stage (captures, removals, title, structure), and
within a stage in pack order.
"""
from __future__ import annotations

from .article import ArticleRule
from .article_model import ArticleModelRule
from .base import RuleKind
from .between import BetweenRule
from .block import BlockRule
from .capture import CaptureRule
from .headline import HeadlineRule
from .line import LineRule
from .remove import RemoveRule
from .repeated import RepeatedRule
from .repeated_title import RepeatedTitleRule
from .short_run import ShortRunRule
from .ui_island import UiIslandRule

KINDS: dict[str, type[RuleKind]] = {
    kind.name: kind for kind in (
        LineRule,
        BlockRule,
        BetweenRule,
        CaptureRule,
        RepeatedTitleRule,
        RemoveRule,
        HeadlineRule,
        ArticleRule,
        ArticleModelRule,
        ShortRunRule,
        UiIslandRule,
        RepeatedRule,
    )
}

__all__ = ["KINDS", "RuleKind"]
