"""Text shown through the wrong character set, repaired: "donâ€™t" becomes "don’t".

Some pages are encoded twice (UTF-8 bytes read as Windows-1252 and saved again
as UTF-8). The browser then shows every curly quote, dash and accented letter
as two or three Latin characters, a copy of the page keeps them, and the
extractor passes them on. Readers, search and word counts all see garbage.

ftfy undoes exactly this, and only where the repaired text is the more likely
one, so text that merely contains an "Ã" is left alone. It is used here for
that one job (its other fixes, such as straightening quotes, stay off: they
would change text that is not broken). A cheap pattern finds the lines that
may need it, so the almost every line that does not costs nothing, and ftfy
is imported only when one does (the text path's start-up stays small).
"""
from __future__ import annotations

import re
from functools import lru_cache

# What a UTF-8 continuation byte (0x80-0xBF) looks like when read as Windows-1252 or Latin-1.
_CONTINUATION = ("[\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc"
                 "\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]")
# A UTF-8 lead byte read the same way, then its continuation(s): "Ã©" (é), "â€™" (’),
# "Â " (no-break space), "Ð¿" (Cyrillic), "æ—¥" (CJK).
_SUSPECT = re.compile(f"[ÂÃÄÅÆÇÐÑØÙ]{_CONTINUATION}|[àáâãäåæçèéêëìí]{_CONTINUATION}{_CONTINUATION}")


def suspect(text: str) -> bool:
    """Whether ``text`` may hold characters shown through the wrong character set."""
    return _SUSPECT.search(text) is not None


@lru_cache(maxsize=1)
def _config():
    from ftfy import TextFixerConfig

    return TextFixerConfig(unescape_html=False, remove_terminal_escapes=False, fix_latin_ligatures=False,
                           fix_character_width=False, uncurl_quotes=False, fix_line_breaks=False,
                           fix_surrogates=False, remove_control_chars=False, normalization=None,
                           replace_lossy_sequences=False, explain=False)


def repair(text: str) -> str:
    """``text`` with its wrongly decoded characters repaired; itself when there are none."""
    if not suspect(text):
        return text
    from ftfy import fix_text

    return fix_text(text, _config())


def repair_lines(lines: list[str]) -> list[str]:
    """Each line repaired as ``repair`` does; the same list when no line needs it."""
    if not suspect("\n".join(lines)):  # one search over the whole text, not one call a line
        return lines
    return [repair(line) for line in lines]


def repair_text(text: str) -> str:
    """A whole input repaired line by line (only its suspect lines go through ftfy)."""
    if not suspect(text):
        return text
    return "\n".join(repair_lines(text.split("\n")))
