"""Copied text: date candidates (every date written near the top) and their features.

Standard library only: this runs on the copied-text path.
"""
from __future__ import annotations

import re

from .text_lines import TOP, Snapshot, prose_relation


_PUBLISHED = re.compile(r"\b(?:published|posted|publi[ée]|ver[öo]ffentlicht|publicado|pubblicato|"
                        r"gepubliceerd|first published|released|on)\b", re.I)


_UPDATED = re.compile(r"\b(?:updated|modified|last updated|edited|aktualisiert|mis à jour|actualizado|"
                      r"aggiornato|bijgewerkt|reviewed)\b", re.I)


_COMMENT = re.compile(r"\b(?:reply|replies|says|said|comment|comments|wrote|likes?|posted in|ago)\b", re.I)


_COPYRIGHT = re.compile(r"©|\bcopyright\b|all rights reserved", re.I)


def date_candidates(snap: Snapshot, title_pos: int) -> list[tuple[str, dict[str, float], int]]:
    """Every date written near the top: (ISO date, features, position)."""
    out = []
    first = True
    values = [v for x in snap.lines for _, v in x.dates]
    times = {v: values.count(v) for v in set(values)}
    latest, earliest = (max(values), min(values)) if values else ("", "")
    lines = snap.lines
    for pos, line in enumerate(lines):
        for offset, value in line.dates:
            text = line.text
            lead = text[:offset]
            distance = pos - title_pos if title_pos >= 0 else 99
            prose_after, before_prose = prose_relation(snap, pos)
            out.append((value, {
                "bias": 1.0,
                "first_date": float(first),
                "date_only": float(line.n <= 6),
                "byline_line": float(line.byline),
                "published_word": float(bool(_PUBLISHED.search(lead))),
                "updated_word": float(bool(_UPDATED.search(lead))),
                "comment_words": float(bool(_COMMENT.search(text))),
                "copyright": float(bool(_COPYRIGHT.search(text))),
                "title_line": float(distance == 0),
                "near_title_after": float(0 < distance <= 6),
                "near_title_before": float(-4 <= distance < 0),
                "far_title": float(abs(distance) > 15),
                "no_title": float(title_pos < 0),
                "position": pos / TOP,
                "before_prose": before_prose,
                "long_line": float(line.n > 40),
                "second_in_line": float(offset > line.dates[0][0]),
                "dropped": float(line.dropped and not line.moved),
                "next_to_title": float(0 < distance <= 2),
                "said_again": float(times[value] > 1),
                "latest": float(value == latest),
                "earliest": float(value == earliest),
                "in_sentence": float(12 < line.n <= 40),
                "names_on_line": float(bool(line.names)),
                "after_byline": float(pos > 0 and lines[pos - 1].byline),
            }, pos))
            first = False
    return out
