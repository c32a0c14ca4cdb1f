"""The one place lines are normalised for comparison.

Rules, kinds and the repository tools compare lines that differ in case,
spacing and punctuation. Each comparison has its own key, and every key is
defined here, so two parts of cleaner that must agree (a phrase in a rule
file and a line of a page; a headline in the tree and its copy in the text;
a removed line and the file line it came from) cannot drift apart.

- ``line_key`` / ``phrase_key``: whole lines against rule phrases ("[ ADVERTISEMENT ]"
  is "advertisement").
- ``words`` / ``word_key``: the words of a text, case folded (headlines, HTML elements).
- ``squash``: text without white space and hyphens (a removal found in a hard-wrapped file).
"""
from __future__ import annotations

import re

import regex

from .scripts import WORD as SCRIPT_WORD

# Phrase keys: case folded, punctuation at the ends dropped, inner punctuation and
# spacing folded to one space. Most short lines are plain words, so the key is
# usually one strip and one casefold; only short lines with inner punctuation
# take the regex. Lines longer than PHRASE_MAX_CHARS keep the cheap key: no
# phrase is that long, and titles are only compared with each other.
_EDGE = " \t\u00a0\u200b•·*|>»›<«‹-–—:;,.!?()[]{}\"'“”‘’…/\\#+=~_©®™"
_INNER = regex.compile(r"[\W_]+")
PHRASE_MAX_CHARS = 60
INDEX_MAX_CHARS = 200  # lines looked up by key at all (phrases, and copies of a title)
WORD = re.compile(r"\w+")
_SQUASH = re.compile(r"[\s\-\u00ad\u2010\u2011]+")


def line_key(text: str) -> str:
    """The form lines and phrases are compared in: "[ ADVERTISEMENT ]" -> "advertisement",
    "Advertisement · Scroll to continue" -> "advertisement scroll to continue"."""
    key = text.strip(_EDGE).casefold()
    if len(key) > PHRASE_MAX_CHARS or (key.replace(" ", "").isalnum() and "  " not in key):
        return key
    return _INNER.sub(" ", key).strip()


def phrase_key(text: str) -> str:
    """A phrase from a rule file in line-key form; raises ValueError if it is too long or empty."""
    key = _INNER.sub(" ", text.casefold()).strip()
    if not key or len(key) > PHRASE_MAX_CHARS:
        raise ValueError(f"a phrase must have a letter or digit and at most {PHRASE_MAX_CHARS} characters")
    return key


def words(text: str) -> tuple[str, ...]:
    """The words of a text, case folded: how a line and an element's text are compared.

    Script-aware: each character of Chinese, Japanese or Thai is a word, so a
    sentence in those scripts is many words, not one.
    """
    return tuple(SCRIPT_WORD.findall(text.casefold()))


def word_key(text: str) -> str:
    """What two spellings of one headline share: its words, case folded, as one string."""
    return " ".join(WORD.findall(text.casefold()))


def squash(text: str) -> str:
    """Text with white space and hyphens taken out: how a removal is matched to file lines."""
    return _SQUASH.sub("", text)
