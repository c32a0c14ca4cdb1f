"""Authors: turn a byline or an author field into a list of people's names.

Bylines carry more than names: a ``By``/``Von``/``Par``/``Por`` in front, a
role glued behind (``Jane Roe Senior Autos Reporter``, ``Jane Roe, Staff
Writer``), credentials (``Jane Roe; MS; RDN``), affiliation marks
(``Jane Roe 1,✉``), dates and labels (``View all posts by``). This module
strips them and splits co-authors. Standard library only.
"""
from __future__ import annotations

import re

_BY = re.compile(r"^\s*(?:written\s+|posted\s+|reviewed\s+|edited\s+|words\s+|story\s+|article\s+)?"
                 r"(?:by|von|par|por|door|av|af|przez|autor(?:in)?:?|author:?|authors:?)"
                 r"[\s\u00a0:]+", re.I)
_LABELS = re.compile(r"^(?:view|see|read|more)\s+(?:all\s+)?(?:posts|articles|stories)\s+(?:by|from)\b|"
                     r"^about\s+the\s+authors?\b|^(?:written|posted|published)\s+by$|^by$", re.I)
# Words that make a role, not a name: a byline part made only of these (and small words) goes.
_ROLE_WORDS = frozenset("""
staff writer writers reporter correspondent editor editors editorial contributor contributing
contributors senior junior chief associate assistant deputy managing executive news desk team
columnist freelance freelancer guest author authors journalist producer analyst expert specialist
director manager founder ceo cto cmo head lead content marketing digital social media
photographer photography photos video reviewer reviews review autos tech technology science
health business sports politics culture travel food style features opinion national
international global local correspondent researcher writer copywriter strategist consultant
officer president vice vp coordinator intern fellow professor dr doctor medically reviewed
updated published posted by on at in of the and for our
""".split())
_CREDENTIALS = frozenset("""
phd ph.d ph.d. md m.d. mph rdn rd ms m.s. ma mba bsc msc dds do rn np pa cpa cfa cfp jd esq
ldn cdces cscs nasm cpt mpt dpt lcsw lpc lmft psyd cnm facs facp faap ibclc ryt e-ryt fnp
frcp mrcp mbbs bs ba ii iii iv jr sr
""".split())
_SPLIT = re.compile(r"\s*(?:,|;|\||/|•|·|⋅|\band\b|&|\bund\b|\bet\b|\by\b|\be\b|\ben\b|\bmit\b|\bwith\b)\s*"
                    r"|\s[-–—]\s")
# Affiliation marks: digits after a space ("Jane Roe 1"), symbols and superscripts even glued
# ("Jane Roe¹"); digits glued to a word belong to a handle ("paulb203") and stay.
_MARKS = re.compile(r"(?:\s[\d*†‡§✉✝¹²³⁴⁵⁶⁷⁸⁹⁰,]+|[*†‡§✉✝¹²³⁴⁵⁶⁷⁸⁹⁰]+)+$")
# Where a byline's name ends and its date or status begins: "Jane Roe Last Updated August 2",
# "Jane Roe Former Editor", "Jane Roe December 3".
_AFTER_NAME = re.compile(r"\s(?:(?:Last\s+)?(?:Updated|Published|Posted|Modified|Reviewed)|Former|Last)\b.*$"
                         r"|\s(?:Jan|Feb|Mar|Apr|Aug|Sep|Sept|Oct|Nov|Dec)\.?$"
                         r"|\s(?:January|February|March|April|August|September|October|November|December)$")
_CALENDAR = frozenset("""
jan feb mar apr may jun jul aug sep sept oct nov dec january february march april june july august
september october november december mon tue wed thu fri sat sun monday tuesday wednesday thursday
friday saturday sunday today yesterday
""".split())
# A name ending so is a team or a desk, kept whole ("The Example Team", "News Desk").
_GROUP_WORDS = frozenset({"team", "desk", "staff"})
_NAME_CHARS = re.compile(r"^[\w.'’\- ]+$")
_HANDLE = re.compile(r"^@?[\w.-]{2,40}$")


def is_role(part: str) -> bool:
    """Whether a byline part is only a role or credentials ("Senior Staff Writer", "PhD")."""
    words = [w.strip(".,()") for w in part.lower().split()]
    if len(words) >= 2 and words[-1] in _GROUP_WORDS:
        return False  # "News Desk", "Editorial Team": a byline of its own
    return bool(words) and all(w in _ROLE_WORDS or w in _CREDENTIALS for w in words if w)


def _trim_role(name: str) -> str:
    """Drop role words glued after a name: 'Jane Roe Senior Autos Reporter' -> 'Jane Roe'."""
    words = name.split()
    if words and words[-1].lower() in _GROUP_WORDS:
        return name
    while len(words) > 2 and words[-1].lower().strip(".,") in _ROLE_WORDS:
        words.pop()
    while len(words) > 1 and words[-1].lower().strip(",") in _CREDENTIALS:
        words.pop()
    return " ".join(words)


def looks_like_name(part: str) -> bool:
    """One to five words made of letters (or a handle), not a sentence, not a URL, not a date."""
    if not part or len(part) > 60 or "http" in part or "@" in part[1:] or "www." in part:
        return False
    if not _NAME_CHARS.match(part):
        return False
    words = part.split()
    if not 1 <= len(words) <= 5:
        return False
    if any(ch.isdigit() for ch in part):  # a handle may have digits ("paulb203"), a name has none
        return len(words) == 1 and bool(_DIGIT_HANDLE.match(part))
    return part.casefold().strip(".") not in _CALENDAR and not part.lower().endswith(" says")


_DIGIT_HANDLE = re.compile(r"^[A-Za-z][A-Za-z._-]*\d{1,6}[A-Za-z]*$")


def _drop_initials(part: str) -> str:
    """An avatar's initials before the name: "CM Craig Roe" -> "Craig Roe", "L lulu" -> "lulu"."""
    words = part.split()
    if len(words) >= 2 and words[0].isupper() and words[0].isalpha() and len(words[0]) <= 3:
        rest = words[1:]
        initials = "".join(w[0] for w in rest[: len(words[0])]).upper()
        if initials == words[0]:
            return " ".join(rest)
    return part


def split_authors(value: str) -> list[str]:
    """The people named in one byline or author field, cleaned, in order, without repeats."""
    value = " ".join(value.replace("\u00a0", " ").split())
    if not value or _LABELS.search(value):
        return []
    value = _BY.sub("", value)
    out: list[str] = []
    for part in _SPLIT.split(value):
        part = _MARKS.sub("", part.strip(" .:-–—()[]\"'")).strip()
        part = _BY.sub("", part)
        part = _drop_initials(_AFTER_NAME.sub("", part).strip())
        if not part or is_role(part) or part.lower().strip(".") in _CREDENTIALS:
            continue
        part = _trim_role(part)
        if looks_like_name(part) and part.casefold() not in (o.casefold() for o in out):
            out.append(part)
    return out
