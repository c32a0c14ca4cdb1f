"""Hard-wrapped text back into one paragraph a line, before any rule runs.

Text browsers (lynx, w3m) and mail programs wrap paragraphs at a fixed width,
70 to 100 columns; a paragraph then spans lines and every rule that reads a
line as a paragraph misjudges it. This module finds the wrap width and joins
the lines a paragraph was broken into.

A break was made by the wrapper when the next line's first word would not
have fitted on the line: ``len(line) + 1 + len(next word) > width``. A line
that ends well short of the width ended on purpose (a heading, a menu entry,
the last line of a paragraph). List items start a new paragraph; their
continuation lines, indented under the item's text, join it. An empty bullet
("  •  ") takes the indented line after it as its text.

Text that is not wrapped (one paragraph a line, as a browser's copy gives) is
left exactly as it is: ``reflow`` returns None.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .. import deadline
from .features import BULLET
from .scripts import unspaced

# Widths text is wrapped at: below, lines are just short; above, they are paragraphs.
MIN_WIDTH, MAX_WIDTH = 30, 160
# Evidence of wrapping: at least this many wrapped breaks, and this share of
# the lines that reach the width (a list of headlines near the width has few).
MIN_BREAKS = 3
MIN_SHARE = 0.3
# A wrapped line goes on mid-sentence, so most continuations start with a small
# letter (even in German); list items and headlines start with a capital.
MAX_CAPITALISED = 0.6
# Lines this close to the width (as a share of it) count as reaching it.
FULL = 0.8
# The wrap width is the length below which this share of the lines falls
# (a few lines exceed it: long URLs, table rows, words that cannot break).
WIDTH_QUANTILE = 0.99


@dataclass(frozen=True)
class Reflowed:
    """Paragraph lines and, for each, the 0-based index of the input line it starts on."""

    lines: list[str]
    starts: list[int]
    width: int


# Characters a terminal shows two columns wide (CJK, Hangul, full-width forms).
_WIDE_CLASS = ("[\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff"
               "\ua000-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60"
               "\uffe0-\uffe6\U00020000-\U0003fffd]")


@lru_cache(maxsize=1)
def _wide():
    """The wide-character class, compiled when a non-ASCII line is first measured (it takes
    several ms to compile, and most runs never need it)."""
    return re.compile(_WIDE_CLASS)


_WORDLIKE = re.compile(r"\w")
_LETTER = re.compile(r"[^\W\d_]")


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip())


def columns(text: str) -> int:
    """How many terminal columns ``text`` takes (wide characters count twice)."""
    return len(text) if text.isascii() else len(text) + len(_wide().findall(text))


def _first_word(line: str) -> str:
    parts = line.split(None, 1)
    return parts[0] if parts else ""


def wrap_width(lines: list[str]) -> int | None:
    """The width ``lines`` were hard-wrapped at, or None when they were not wrapped.

    Lines without a letter or digit (rules drawn with "━━━") say nothing about
    wrapping and are left out.
    """
    if _too_wide(lines):
        return None
    widths = [columns(line.rstrip()) if _WORDLIKE.search(line) else 0 for line in lines]
    deadline.check("measuring line widths")
    lengths = sorted(w for w in widths if w)
    if len(lengths) < MIN_BREAKS + 1:
        return None
    width = lengths[min(len(lengths) - 1, int(len(lengths) * WIDTH_QUANTILE))]
    if not MIN_WIDTH <= width <= MAX_WIDTH:
        return None
    breaks = full = capitalised = 0
    for i in range(len(lines) - 1):
        length = widths[i]
        if length >= width * FULL:
            full += 1
            nxt = lines[i + 1]
            if widths[i + 1] and not BULLET.match(nxt) and _fits_not(length, nxt, width):
                breaks += 1
                first = _LETTER.search(nxt)
                capitalised += bool(first and first.group().isupper())
    if breaks >= MIN_BREAKS and breaks >= full * MIN_SHARE and capitalised <= breaks * MAX_CAPITALISED:
        return width
    return None


def _too_wide(lines: list[str]) -> bool:
    """Whether so many lines exceed ``MAX_WIDTH`` that the wrap width would too.

    A copied page (one paragraph a line) answers yes after a cheap pass over
    line lengths, before any line is measured in columns. The answer is
    exact: the width quantile over the (at most ``nonblank``) measured lines
    lies above ``MAX_WIDTH`` as soon as ``nonblank - int(nonblank * q)``
    lines do, and that bound only grows with the number of lines.
    """
    nonblank = long = 0
    for line in lines:
        if line:
            nonblank += 1
            if len(line) > MAX_WIDTH and len(line.rstrip()) > MAX_WIDTH and _WORDLIKE.search(line):
                long += 1
    return long > 0 and long >= nonblank - int(nonblank * WIDTH_QUANTILE)


def _fits_not(length: int, nxt: str, width: int) -> bool:
    """Whether the next line's first word would have overflowed a line ``length`` columns wide."""
    return length + 1 + columns(_first_word(nxt)) > width


def reflow(lines: list[str]) -> Reflowed | None:
    """Join hard-wrapped ``lines`` into paragraphs; None when the text is not wrapped.

    Blank lines stay (one for one), so paragraphs keep their separation; each
    paragraph reports the input line it starts on.
    """
    width = wrap_width(lines)
    if width is None:
        return None
    out: list[str] = []
    starts: list[int] = []
    n = len(lines)
    i = 0
    while i < n:
        if not len(out) & 0xFFF:
            deadline.check("joining wrapped lines")
        line = lines[i]
        if not line.strip():
            out.append("")
            starts.append(i)
            i += 1
            continue
        start = i
        marker = BULLET.match(line)
        parts: list[str] = []
        glue: list[bool] = []  # for each part after the first: joins the one before without a space
        if marker:
            bullet = line[marker.start():marker.end()].strip()
            rest = line[marker.end():]
            text_col = marker.end() if rest.strip() else None
            if not rest.strip():
                # An empty bullet: its text is the next non-blank line, indented deeper.
                j = i + 1
                while j < n and not lines[j].strip():
                    j += 1
                if j < n and _indent(lines[j]) > _indent(line) and not BULLET.match(lines[j]):
                    i = j
                    rest = lines[j]
                    text_col = _indent(lines[j])
            parts.append(bullet)
            if rest.strip():
                parts.append(rest.strip())
                glue.append(False)
            indent = text_col if text_col is not None else _indent(line)
        else:
            parts.append(line.strip())
            indent = _indent(line)
        previous = lines[i]
        i += 1
        while i < n:
            nxt = lines[i]
            if (not nxt.strip() or BULLET.match(nxt) or abs(_indent(nxt) - indent) > 1
                    or not _fits_not(columns(previous.rstrip()), nxt, width)):
                break
            glued = (columns(previous.rstrip()) >= width - 1 and unspaced(previous.rstrip()[-1:])
                     and unspaced(nxt.lstrip()[:1]))
            parts.append(nxt.strip())
            glue.append(glued)
            previous = nxt
            i += 1
        out.append(_join(parts, glue))
        starts.append(start)
    return Reflowed(out, starts, width)


def _join(parts: list[str], glue: list[bool]) -> str:
    """The parts of a paragraph as one line.

    A part whose ``glue`` is true continues text of a script written without
    spaces (Chinese, Japanese, Thai) that the wrapper cut anywhere; it joins
    without a space. Everything else, Korean included, is joined with one.
    """
    text = parts[0]
    for part, glued in zip(parts[1:], glue):
        if glued:
            text += part
        elif text.endswith("-") and len(text) > 1 and text[-2].isalpha() and part[:1].islower():
            text += part  # a word broken at its hyphen ("well-" / "known")
        else:
            text += " " + part
    return text
