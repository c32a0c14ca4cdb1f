"""Scripts that do not put spaces between words (Chinese, Japanese, Thai, Lao, Khmer, Myanmar).

Two things depend on it: joining the lines of a hard-wrapped paragraph (no
space is added between two such characters, one is everywhere else: Korean
spaces its words like English) and counting words (in these scripts each
character counts as one, since a space-separated "word" may be a paragraph).
"""
from __future__ import annotations

import re

UNSPACED_CLASS = ("[\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u2e80-\u2fdf\u3001-\u303f\u3040-\u30ff"
                  "\u3100-\u312f\u31a0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff01-\uff60"
                  "\U00020000-\U0003fffd]")
_UNSPACED = re.compile(UNSPACED_CLASS)
# A word: one character of an unspaced script, or a run of other word characters.
WORD = re.compile(rf"{UNSPACED_CLASS}|(?:(?!{UNSPACED_CLASS})\w)+")


def unspaced(char: str) -> bool:
    """Whether ``char`` belongs to a script written without spaces between words."""
    return bool(char) and _UNSPACED.match(char) is not None


def word_count(text: str) -> int:
    """Words of ``text``, each character of an unspaced script counting as one."""
    if text.isascii():
        return len(text.split())
    return len(WORD.findall(text))
