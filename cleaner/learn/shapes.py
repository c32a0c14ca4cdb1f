"""A line's shape: what stays the same when a site prints the same chrome on another page.

Chrome lines recur with small differences: a count ("Comments (3)",
"Comments (12)"), a date ("Updated Apr 8, 2025"), a year in a copyright
line. The shape is the line's comparison key (``text.keys.line_key``) with
every run of digits folded to ``#`` and every month name to ``@``, so those
lines count as one. ``line_pattern`` turns the lines of one shape back into an
anchored regex that matches all of them (and other counts and dates).
"""
from __future__ import annotations

import re

import regex

from ..dates import MONTH_NAMES
from ..text.keys import line_key

_DIGITS = re.compile(r"\d+")
_WORDS = regex.compile(r"[^\W\d_]+")
# Pieces of a raw line, for the pattern: digit runs, letter runs, white space, anything else.
_PIECES = regex.compile(r"(\d+)|([^\W\d_]+)|(\s+)|(.)", regex.DOTALL)


def shape(line: str) -> str:
    """The line's key with counts and dates folded: "Comments (12)" -> "comments #"."""
    key = _DIGITS.sub("#", line_key(line))
    if MONTH_NAMES.isdisjoint(_WORDS.findall(key)):  # most lines: no month, no call per word
        return key
    return _WORDS.sub(lambda m: "@" if m[0] in MONTH_NAMES else m[0], key)


def varies(lines: list[str]) -> bool:
    """Whether the lines of one shape differ in more than case, spacing and punctuation."""
    return len({line_key(line) for line in lines}) > 1


def line_pattern(line: str) -> str:
    """An anchored regex for ``line`` where digits and month names may be any others.

    Letters are matched ignoring case, spacing loosely (one or more blanks),
    punctuation as written; the ends allow white space.
    """
    out = []
    for digits, word, space, other in _PIECES.findall(line.strip()):
        if digits:
            out.append(r"\d+")
        elif word:
            out.append(r"[^\W\d_]+" if word.casefold() in MONTH_NAMES else regex.escape(word))
        elif space:
            out.append(r"\s+")
        else:
            out.append(regex.escape(other))
    return r"(?i)^\s*" + "".join(out) + r"\s*$"
