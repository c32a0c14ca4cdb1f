"""Copied text: author candidates (bylines, names beside dates, handles, names above their
labels or bios) and their features.

Standard library only: this runs on the copied-text path.
"""
from __future__ import annotations

import re

from .authors import is_role, looks_like_name, split_authors
from ..dates import find_dates
from .text_lines import TOP, Line, Snapshot, caps_share, count_words, prose_relation


_BIO = re.compile(r"^((?:[A-ZÀ-ÖØ-Þ][\w'’.-]+ ){1,2}[A-ZÀ-ÖØ-Þ][\w'’-]+) (?:is|was|has|writes|covers|joined)\b")


# Words that stand before a date without naming anyone ("Updated December 9, 2024").
_NOT_NAMES = frozenset("updated published posted modified date dated on last reviewed created released "
                       "issued edited written revised as of since from to by asked answered started joined commented "
                       "replied submitted".split())


# A line that only announces the author's name on the next line.
_AUTHOR_ALONE = re.compile(r"^(?:(?:article\s+)?(?:written|posted|published)\s+by|by|authors?|author\s+bio|"
                           r"about\s+the\s+authors?|autor(?:in)?|auteur)\s*:?$", re.I)


_SEPARATORS = re.compile(r"\s[-–—|•·⋅/]\s|\s{2,}|,\s")


# Labels that name a thread's or a question's author on the same line: "Thread starter jroe".
_LABEL_INLINE = re.compile(r"^(?:thread\s+starter|started\s+by|original\s+poster|asked\s+by|submitted\s+by|"
                           r"op)\s*:?\s+(\S.*)$", re.I)


# A question's or a post's header line, with the author's handle on the next line.
_ASKED = re.compile(r"^(?:asked|posted|started|created|submitted)\b", re.I)


# A name, then its role after a separator: "Jane Roe and John Doe  |  Guest Columnists".
_NAME_ROLE = re.compile(r"^(.+?)(?:\s*\|\s*|\s[-–—•·⋅]\s)(.+)$")


def _name_before_date(line: Line) -> list[str]:
    """The name in front of a line's first date: "Jane Roe March 3, 2025", "jroe (Jane Roe) May 2,
    2025" (a forum post's handle and display name), "Susan December 9, 2024"."""
    lead = _DISPLAY_NAME.sub("", line.text[: line.dates[0][0]])
    head = re.split(r"\s[-–—|•·⋅/]\s|\s{2,}|,\s|\bon\b", lead)[0].strip()
    # one word only right before the date ("Susan December 9, 2024"), not a dateline's place
    # ("Tokyo, April 8 (AFP) Apr 08, 2025"); or one word and a separator ("jroe | Posted in ...")
    before = [w for w in lead.split() if any(c.isalnum() for c in w)]
    one = ((len(before) == 1 or (count_words(head) == 1 and bool(_SEP_AFTER.match(lead.strip()[len(head):]))))
           and head.casefold() not in _NOT_NAMES
           and (head[:1].isupper() or bool(_HANDLE.match(head))))
    if one and (caps_share(head) == 1.0 or _HANDLE.match(head)):
        return split_authors(head)
    if 2 <= count_words(head) <= 4 and caps_share(head) == 1.0:
        return split_authors(head)
    return []


def _role(part: str) -> bool:
    """A role, in the singular or the plural ("Guest Columnists")."""
    return is_role(part) or is_role(" ".join(w[:-1] if w.endswith("s") else w for w in part.split()))


_SEP_AFTER = re.compile(r"^\s*(?:[|•·⋅]|[-–—]\s)")


_DISPLAY_NAME = re.compile(r"\s*\([^()]{1,60}\)\s*$")


_HANDLE = re.compile(r"^[a-z][\w.-]{2,30}$")


# A line under a name that says the name was the author's: "Author's Profile", "Author".
_AUTHOR_NEXT = re.compile(r"^(?:author(?:['’]s)?(?:\s+(?:profile|bio|page))?|(?:staff\s+)?writer|contributor|"
                          r"editor)\s*:?$", re.I)


# A personal site names its author: "Jane Roe's blog".
_OWN_SITE = re.compile(r"^((?:[A-ZÀ-ÖØ-Þ][\w'-]+\s){1,2}[A-ZÀ-ÖØ-Þ][\w-]+)['’]s\s+(?:\w+\s+)?"
                       r"(?:blog|website|site|homepage|home page|notes|journal|weblog)$")


def author_candidates(snap: Snapshot, title_pos: int) -> list[tuple[list[str], dict[str, float], int]]:
    """Bylines near the top, short name lines beside the headline, and the rules' capture."""
    out = []
    lines = snap.lines
    # people the page introduces ("Jane Roe is a reporter who ..."): an author bio
    bios = {m[1].casefold() for x in lines if (m := _BIO.match(x.text))}

    def feats(pos: int, kind: str, names: list[str] | None = None) -> dict[str, float]:
        line = lines[pos]
        distance = pos - title_pos if title_pos >= 0 else 99
        return {
            "bio": float(any(n.casefold() in bios for n in names or ())),
            "name_anywhere": float(kind == "name-anywhere"),
            "bias": 1.0,
            "by_line": float(kind == "by"),
            "inner_by": float(kind == "inner-by"),
            "name_date": float(kind == "name-date"),
            "name_by_date": float(kind == "name-by-date"),
            "name_line": float(kind == "name"),
            "rule": float(kind == "rule"),
            "near_title_after": float(0 < distance <= 6),
            "near_title_before": float(-4 <= distance < 0),
            "far_title": float(abs(distance) > 15),
            "has_date": float(bool(line.dates)) if kind != "rule" else 0.0,
            "position": pos / TOP,
            "before_prose": prose_relation(snap, pos)[1],
            "date_neighbour": float(any(x.dates for x in lines[max(0, pos - 1): pos + 2])),
            "several": float(len(line.names) > 1) if kind == "by" else 0.0,
            "after_label": float(kind == "after-label"),
            "upper": float(kind != "rule" and line.text.isupper()),
            "date_name": float(kind == "date-name"),
            "before_label": float(kind == "before-label"),
            "own_site": float(kind == "own-site"),
            "lower": float(kind != "rule" and bool(names) and all(n[:1].islower() for n in names or ())),
            "name_role": float(kind == "name-role"),
            "names_by_date": float(kind == "names-by-date"),
            "label_inline": float(kind == "label-inline"),
            "after_asked": float(kind == "after-asked"),
            "bio_name": float(kind == "bio-name"),
            # the page names the person again (a bio, "More from ...", a comment's reply)
            "said_again": float(bool(names) and blob.count(names[0].casefold()) > 1),
            "alone": float(alone),
        }

    blob = "\n".join(x.text for x in lines).casefold()
    alone = False  # set once all candidates are known: whether the page has a single one
    for pos, line in enumerate(lines):
        if (m := _LABEL_INLINE.match(line.text)) and line.n <= 8 and (names := split_authors(m[1])):
            out.append((names, feats(pos, "label-inline", names), pos))
            continue
        if (pos > 0 and line.n == 1 and lines[pos - 1].dates and _ASKED.match(lines[pos - 1].text)
                and (names := split_authors(line.text))):
            out.append((names, feats(pos, "after-asked", names), pos))
            continue
        if (pos + 1 < len(lines) and 2 <= line.n <= 3 and lines[pos + 1].text.startswith(line.text + " ")
                and _BIO.match(lines[pos + 1].text) and (names := split_authors(line.text))):
            out.append((names, feats(pos, "bio-name", names), pos))
            continue
        if pos > 0 and _AUTHOR_ALONE.match(lines[pos - 1].text) and 1 <= line.n <= 4:
            names = split_authors(line.text)
            if names:
                out.append((names, feats(pos, "after-label", names), pos))
                continue
        if line.byline and line.names:
            out.append((line.names, feats(pos, "by", line.names), pos))
        elif line.inner_by and line.names:
            out.append((line.names, feats(pos, "inner-by", line.names), pos))
        elif line.dates and line.n <= 12:
            names = _name_before_date(line) if line.dates[0][0] > 0 else []
            if names:
                out.append((names, feats(pos, "name-date", names), pos))
                continue
            # a name after the date and a separator: "December 15, 2025 · 30 min · Jane Roe"
            parts = _SEPARATORS.split(line.text)
            tail = re.sub(r"\s+in\s+.*$", "", parts[-1].strip())
            if (len(parts) > 1 and 2 <= count_words(tail) <= 4 and caps_share(tail) == 1.0 and not find_dates(tail)
                    and (names := split_authors(tail))):
                out.append((names, feats(pos, "date-name", names), pos))
        elif (pos + 1 < len(lines) and _AUTHOR_NEXT.match(lines[pos + 1].text) and 1 <= line.n <= 4
              and (names := split_authors(line.text))):
            out.append((names, feats(pos, "before-label", names), pos))
        elif pos < 10 and (m := _OWN_SITE.match(line.text)) and (names := split_authors(m[1])):
            out.append((names, feats(pos, "own-site", names), pos))
        elif (line.n <= 12 and (m := _NAME_ROLE.match(line.text)) and _role(m[2].strip())
              and caps_share(re.sub(r"\band\b", "", m[1])) == 1.0 and (names := split_authors(m[1]))):
            out.append((names, feats(pos, "name-role", names), pos))
        elif (0 < pos < len(lines) - 1 and 4 <= line.n <= 20 and ("," in line.text or "&" in line.text)
              and (lines[pos - 1].dates or lines[pos + 1].dates) and caps_share(line.text) >= 0.8
              and all(looks_like_name(x.strip()) and 2 <= count_words(x) <= 4
                      for x in re.split(r",\s*(?:and\s+)?|\s&\s|\sand\s", line.text) if x.strip())
              and len(names := split_authors(line.text)) >= 2):
            out.append((names, feats(pos, "names-by-date", names), pos))
        elif (0 < pos < len(lines) - 1 and 2 <= line.n <= 3 and looks_like_name(line.text)
              and caps_share(line.text) == 1.0
              and (lines[pos - 1].dates or lines[pos + 1].dates)
              and not (title_pos >= 0 and 0 < abs(pos - title_pos) <= 6)):
            out.append(([line.text], feats(pos, "name-by-date", [line.text]), pos))
        elif (title_pos >= 0 and 0 < abs(pos - title_pos) <= 6 and 2 <= line.n <= 3
              and looks_like_name(line.text) and caps_share(line.text) == 1.0):
            out.append(([line.text], feats(pos, "name", [line.text]), pos))
    if snap.rule_author and lines:
        names = [n for a in snap.rule_author for n in split_authors(a)]
        if names:
            out.append((names, feats(0, "rule", names), 0))
    out = [c for c in out if not any(_AUTHOR_NEXT.match(n) or _AUTHOR_ALONE.match(n) for n in c[0])]
    if len({tuple(v) for v, _, _ in out}) == 1:
        for _, f, _ in out:
            f["alone"] = 1.0
    return out
