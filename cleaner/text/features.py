"""Per-line features the structural kinds share, computed once per document.

Structural rules ask the same questions of every line: how many words, how
many of them stop words, does it end like a sentence, is it a list item, is
it blank-separated, does it occur elsewhere on the page. Answering them once
and caching the answers in ``doc.features`` keeps each kind a cheap pass over
plain lists, whatever the number of structural rules.

The page's language is the one whose stop words cover most of its words, from
the languages a rule names; the per-line stop-word counts use that list.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from itertools import chain
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING

from .. import deadline
from .stopwords import stopwords

if TYPE_CHECKING:
    from .document import Document

_WORD = re.compile(r"\w+")
# The union of all stop-word lists (a few ms to build) is built once this many pages
# have asked for the same languages: a one-off clean (a pipe, a hook) never pays for it.
UNION_AFTER_USES = 4
_language_uses: Counter = Counter()
# List markers: bullets of copied pages and text browsers, "-", "*", "+", numbers ("1.", "2)").
BULLET = re.compile(r"^\s*(?:[•◦▪▫‣∙●○■□☐☆★◆◇►▸▹▶*+·-]|\d{1,3}[.)])(?:\s+|$)")
# The same test for every line of a text at once (white space that stays within the line).
_BULLET_LINES = re.compile(r"\n[^\S\n]*(?:[•◦▪▫‣∙●○■□☐☆★◆◇►▸▹▶*+·-]|\d{1,3}[.)])(?:[^\S\n]+|$)", re.MULTILINE)
# Characters that may close a sentence after its final punctuation (and white space).
_CLOSERS = "\"'”’»«“)]*_ \t\u00a0\u2009\u200b"


@dataclass(frozen=True)
class LineFeatures:
    """Parallel lists, one entry per line of the document."""

    language: str  # the chosen language, as the rule named it ("en", "German", ...)
    words: list[int]  # \\w+ tokens on the line
    stops: list[int]  # how many of them are stop words of ``language``
    last: list[str]  # the last character, closing quotes and brackets skipped ("" if blank)
    tails: list[str]  # the last three characters, likewise (to tell "..." from ".")
    bullet: list[bool]  # starts with a list marker
    blank: list[bool]
    keys: list[str]  # lower-cased tokens joined by spaces: the line for comparisons
    counts: Counter  # how often each key occurs among non-blank lines
    memo: dict = field(default_factory=dict, compare=False)  # what kinds derive from these lists

    def density(self, index: int) -> float:
        """Share of stop words among the line's words (0 for a line without words)."""
        words = self.words[index]
        return self.stops[index] / words if words else 0.0

    def blank_around(self, index: int, dropped: dict[int, str] | None = None) -> bool:
        """Whether the line stands between blank lines (or the document's ends), like a paragraph.

        Lines in ``dropped`` (a document's dropped lines) count as blank: they
        are gone from the text the rule sees.
        """
        n = len(self.blank)
        dropped = dropped or {}
        before, after = index - 1, index + 1
        return ((before < 0 or self.blank[before] or before in dropped)
                and (after >= n or self.blank[after] or after in dropped))


def line_features(doc: "Document", languages: tuple[str, ...]) -> LineFeatures:
    """The features of ``doc``'s lines, with stop words from the best of ``languages``."""
    cached = doc.features.get(languages)
    if cached is not None:
        return cached
    lines = doc.lines
    # Lowering the whole text at once gives the same lines as lowering each (no newline changes).
    lowered = [_WORD.findall(line) for line in doc.text.lower().split("\n")]
    deadline.check("reading line features")
    language = _best_language(lowered, languages)
    is_stop = (stopwords(language) if language else frozenset()).__contains__
    keys = [" ".join(low) for low in lowered]
    tails = [line.rstrip(_CLOSERS)[-3:] for line in lines]
    bullet = [False] * len(lines)
    for m in _BULLET_LINES.finditer("\n" + doc.text):  # jumps from newline to newline
        bullet[bisect_right(doc.offsets, m.start()) - 1] = True
    counts = Counter(keys)
    del counts[""]  # lines without words (blank ones among them) count for nothing
    features = LineFeatures(
        language=language,
        words=list(map(len, lowered)),
        stops=[sum(map(is_stop, low)) for low in lowered],
        tails=tails,
        last=[tail[-1:] for tail in tails],
        bullet=bullet,
        blank=[not line.strip() for line in lines],
        keys=keys,
        counts=counts,
    )
    doc.features[languages] = features
    return features


def _best_language(lowered: list[list[str]], languages: tuple[str, ...]) -> str:
    """The language whose stop words the page uses most (distinct words, which suffices)."""
    if not languages:
        return ""
    if len(languages) == 1:
        return languages[0]
    words = set(chain.from_iterable(lowered))
    if _language_uses[languages] >= UNION_AFTER_USES:
        # Only words on some list can count: one intersection with the union of the lists
        # leaves a couple of hundred words, and each names the lists holding it (looked up
        # once per word per process), so the counts take one C-level pass instead of an
        # intersection per language. The counts are the same.
        union, lists_of = _language_index(languages)
        counted = Counter(chain.from_iterable(map(lists_of.__getitem__, words & union)))
        hits = [counted[k] for k in range(len(languages))]
    else:
        _language_uses[languages] += 1
        hits = [len(words & stopwords(language)) for language in languages]  # C-level set work
    return languages[max(range(len(languages)), key=hits.__getitem__)]  # ties: the first named


class _ListsOf(dict):
    """Stop word -> the positions (in the language list) of the lists that hold it.

    Filled on first sight of each word: building it for all 50,000 words of
    25 lists up front would cost far more than a run uses.
    """

    def __init__(self, languages: tuple[str, ...]):
        super().__init__()
        self.lists = [stopwords(language) for language in languages]

    def __missing__(self, word: str) -> tuple[int, ...]:
        found = self[word] = tuple(k for k, words in enumerate(self.lists) if word in words)
        return found


@lru_cache(maxsize=None)
def _language_index(languages: tuple[str, ...]) -> tuple[frozenset[str], _ListsOf]:
    """Every stop word of ``languages``, and the lists each word is on (built once per list of languages)."""
    return frozenset().union(*map(stopwords, languages)), _ListsOf(languages)
