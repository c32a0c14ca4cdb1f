"""Which recurring lines become rules, and which are only reported because they read like prose.

The thresholds are constants here, documented in docs/learn.md and checked by
``bench/learn_quality.py`` (leave one page out, on sites with several pages):

- ``MIN_PAGES`` / ``MIN_SHARE``: a line is chrome when it recurs on at least
  two pages and on at least half the site's pages. Two is the least that can
  show recurrence; half keeps a line shared by two stories of a large batch
  (a quote, a place name used as a subheading) from becoming a rule.
- ``POSITION_SHARE``: and when it sat in the head or the tail of at least
  half the pages it recurred on. Chrome frames an article; a line that
  recurs mid-page is more often the article template's own label (a "Note:"
  box, a "Pros" list, a line of a code sample repeated across a manual).
- A line whose shape has no letters (a bare count or price, "4.9", "$9.95")
  is never learnt: its pattern would drop every number on a line of its own.
- HTML pages (``HTML``): their lines are what the extractor kept, which has
  already left out the page's structural chrome, so what recurs there is
  mostly the template's labels, part of the content. A line is learnt from
  HTML only when it is on at least three pages and on every page counted,
  always in the head or tail. On wcxb-dev (``bench/learn_quality.py --html``)
  the text thresholds made nine HTML pages worse by more than 0.01; these
  make none worse.
- ``PROSE_WORDS`` / ``PROSE_STOP_SHARE``: a recurring line of at least
  ``PROSE_WORDS`` words whose words are at least ``PROSE_STOP_SHARE`` stop
  words reads like article text (a standard disclaimer paragraph, an author's
  bio); it is reported, never made a rule. ``MAX_WORDS`` caps any rule line.
  Menus joined on one line are long but have few stop words, so they stay.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass

from ..text.stopwords import CODES, stopwords
from .stats import ShapeStats, SiteStats

MIN_PAGES = 2
MIN_SHARE = 0.5
POSITION_SHARE = 0.5
# The thresholds for a site whose pages are mostly HTML.
HTML = {"min_pages": 3, "min_share": 1.0, "position_share": 1.0}
PROSE_WORDS = 10
PROSE_STOP_SHARE = 0.4
MAX_WORDS = 40

_WORD = re.compile(r"\w+")
_LETTER = re.compile(r"[^\W\d_]")


@dataclass(frozen=True)
class Learnt:
    """One recurring line shape with its verdict."""

    key: str
    stats: ShapeStats
    prose: bool  # reads like article text: reported, not a rule


def site_language(stats: SiteStats) -> str:
    """The language whose stop words cover most of the site's distinct words ("" if none do)."""
    best, hits = "", 0
    for code in sorted(set(CODES)):
        found = len(stats.words & stopwords(code))
        if found > hits:
            best, hits = code, found
    return best


def reads_like_prose(line: str, stops: frozenset[str], stop_share: float = PROSE_STOP_SHARE) -> bool:
    """Long and rich in stop words, like a sentence of an article; or longer than any chrome line."""
    words = _WORD.findall(line.lower())
    if len(words) > MAX_WORDS:
        return True
    if len(words) < PROSE_WORDS:
        return False
    return sum(w in stops for w in words) / len(words) >= stop_share


def thresholds(stats: SiteStats) -> dict[str, float]:
    """The defaults for this site: ``HTML`` when most of its pages are HTML, else the text ones."""
    if stats.html_pages * 2 > stats.pages:
        return dict(HTML)
    return {"min_pages": MIN_PAGES, "min_share": MIN_SHARE, "position_share": POSITION_SHARE}


def select(stats: SiteStats, *, min_pages: int | None = None, min_share: float | None = None,
           position_share: float | None = None, prose_stop_share: float = PROSE_STOP_SHARE) -> list[Learnt]:
    """The site's recurring lines, most frequent first, each marked prose or chrome.

    Thresholds not given are the site's defaults (``thresholds``).
    """
    chosen = thresholds(stats)
    min_pages = chosen["min_pages"] if min_pages is None else min_pages
    min_share = chosen["min_share"] if min_share is None else min_share
    position_share = chosen["position_share"] if position_share is None else position_share
    needed = max(min_pages, math.ceil(min_share * stats.pages - 1e-9))
    language = site_language(stats)
    stops = stopwords(language) if language else frozenset()
    return [Learnt(key, s, any(reads_like_prose(v, stops, prose_stop_share) for v in s.variants))
            for key, s in stats.recurring(needed)
            if _LETTER.search(key.replace("@", "")) and s.head + s.tail >= position_share * s.pages - 1e-9]


def fingerprint(learnt: list[Learnt], pages: int) -> str | None:
    """A pattern for a text-scoped pack: the longest chrome line found on every page, head first.

    Copied text rarely carries its URL, so a line only this site prints (a
    masthead, a site-named footer) scopes the pack; None when no line is on
    every page.
    """
    from .shapes import line_pattern

    found = [item for item in learnt if not item.prose and item.stats.pages == pages and len(item.key) >= 8]
    if not found:
        return None
    best = max(found, key=lambda item: (item.stats.head > 0, len(item.key)))
    return line_pattern(best.stats.variants[0])
