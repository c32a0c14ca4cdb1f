"""Recurrence counts of a site's lines: on how many pages each line shape occurs, and where.

A site's chrome is what repeats from page to page; its articles do not.
``SiteStats`` takes the lines of one page at a time (what the builtin rules
left, so only chrome they miss is learnt) and keeps, per shape, the number
of pages it was seen on, whether it sat in the head or tail of each, a few of
its spellings, and one page's surroundings for a rule example. Memory grows
with the number of distinct lines of the site, not with the text of its
pages: nothing but a few prose lines per page is kept.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from .shapes import shape

_WORD = re.compile(r"\w+")
# Distinct words kept for the language guess: enough for any page set to tell its language.
MAX_WORDS_KEPT = 20_000

# A line among the first (last) HEAD_LINES non-blank lines of a page sits in its head (tail).
HEAD_LINES = 15
# Spellings of one shape kept (for the rule and its comment); more add nothing.
MAX_VARIANTS = 5
# Lines longer than this are never counted: no chrome line is a page long.
MAX_CHARS = 500


@dataclass
class ShapeStats:
    """What the site's pages say about one line shape."""

    pages: int = 0
    head: int = 0  # pages where it sat in the head
    tail: int = 0  # pages where it sat in the tail
    variants: list[str] = field(default_factory=list)
    page: int = -1  # the first page it was seen on (an index into SiteStats.prose)


@dataclass
class SiteStats:
    """Line-shape counts over the pages of one site."""

    pages: int = 0
    html_pages: int = 0  # pages read from HTML (their lines are what the extractor kept)
    shapes: dict[str, ShapeStats] = field(default_factory=dict)
    # Per page, its two longest lines in page order: article prose for rule examples.
    prose: list[tuple[str, ...]] = field(default_factory=list)
    words: set[str] = field(default_factory=set)  # words of the pages, for the language guess (capped)

    def add_page(self, lines: list[str], input_type: str = "text") -> None:
        """Count one page's lines (blank ones are skipped); a shape counts once per page."""
        self.html_pages += input_type == "html"
        lines = [line.strip() for line in lines if line.strip()]
        n = len(lines)
        seen: set[str] = set()
        for index, line in enumerate(lines):
            if len(line) > MAX_CHARS:
                continue
            key = shape(line)
            if not key or key in seen:
                continue
            seen.add(key)
            stats = self.shapes.get(key)
            if stats is None:
                stats = self.shapes[key] = ShapeStats(page=self.pages)
            stats.pages += 1
            head = index < HEAD_LINES and index < n / 2  # a short page's middle is not both
            stats.head += head
            stats.tail += not head and n - index <= HEAD_LINES
            if line not in stats.variants and len(stats.variants) < MAX_VARIANTS:
                stats.variants.append(line)
        longest = sorted(sorted(range(n), key=lambda i: -len(lines[i]))[:2])
        self.prose.append(tuple(lines[i] for i in longest))
        if len(self.words) < MAX_WORDS_KEPT:
            self.words.update(_WORD.findall(" ".join(lines).lower()))
        self.pages += 1

    def merge(self, other: "SiteStats") -> None:
        """Add the counts of pages counted elsewhere (a worker's pages), as if added here in order.

        Merging the one-page stats of each page in input order gives the same
        counts, spellings and examples as adding the pages here one by one, so
        a batch learns the same pack wherever its pages were read.
        """
        for key, theirs in other.shapes.items():
            ours = self.shapes.get(key)
            if ours is None:
                ours = self.shapes[key] = ShapeStats(page=self.pages + theirs.page)
            ours.pages += theirs.pages
            ours.head += theirs.head
            ours.tail += theirs.tail
            for line in theirs.variants:
                if line not in ours.variants and len(ours.variants) < MAX_VARIANTS:
                    ours.variants.append(line)
        self.prose.extend(other.prose)
        if len(self.words) < MAX_WORDS_KEPT:
            self.words.update(other.words)
        self.pages += other.pages
        self.html_pages += other.html_pages

    def recurring(self, min_pages: int) -> list[tuple[str, ShapeStats]]:
        """Shapes seen on at least ``min_pages`` pages, most frequent first."""
        found = [(key, s) for key, s in self.shapes.items() if s.pages >= min_pages]
        return sorted(found, key=lambda item: (-item[1].pages, item[0]))
