"""Copied text: title, date and author from the lines around the headline.

Each line near the top (and each date and byline in it) is a candidate
described by a few features (``text_lines``, ``text_title``, ``text_date``,
``text_author``): where it stands, what stands next to it, how it is written,
what the rules made of it. A linear score per field (weights fitted on
training pages, ``rules/models/metadata.json``) picks the best candidate.

Standard library only: this runs on the copied-text path.
"""
from __future__ import annotations

from itertools import repeat
from operator import mul
from typing import Any

from ..metadata import Metadata
from ..text.document import Document
from .title import norm as title_norm
from .text_author import author_candidates
from .text_date import date_candidates
from .text_lines import Snapshot, snapshot
from .text_title import title_candidates


def score(feats: dict[str, float], weights: dict[str, float]) -> float:
    # the same products summed in the same order as a generator would, without its frame per feature
    return sum(map(mul, map(weights.get, feats.keys(), repeat(0.0)), feats.values()))


def best(cands: list, entry: dict) -> tuple[Any, int, float]:
    """The highest-scoring candidate (value, position, score), or (None, -1, -inf)."""
    weights = entry.get("weights", {})
    top: tuple[Any, int, float] = (None, -1, float("-inf"))
    for value, feats, pos in cands:
        s = score(feats, weights)
        if s > top[2]:
            top = (value, pos, s)
    return top


def _author_signal(feats: dict[str, float]) -> str:
    """The kind of line an author candidate came from, as its signal name."""
    for name, signal in (("after_label", "name-after-label"), ("by_line", "byline"), ("inner_by", "by-in-line"), ("name_date", "name-before-date"),
                         ("name_by_date", "name-beside-date"), ("name_line", "name-beside-headline"),
                         ("rule", "byline-rule"), ("date_name", "name-after-date"), ("before_label", "name-before-label"),
                         ("own_site", "site-owner"), ("name_role", "name-and-role"), ("names_by_date", "names-beside-date"),
                         ("label_inline", "author-label"), ("after_asked", "name-under-post-header"),
                         ("bio_name", "name-above-bio")):
        if feats.get(name):
            return "text:" + signal
    return "text:byline"


_SIGNAL = {"title": lambda f: "text:headline-line", "date": lambda f: "text:date-line", "author": _author_signal}


def _top(field: str, cands: list, entry: dict, snap: Snapshot, runners: dict | None) -> tuple[Any, int, float, str]:
    """The best candidate of ``field`` (value, position, score, signal); with ``runners``, also
    record the best few distinct values there as ``(value, "signal, line N", score)``."""
    weights = entry.get("weights", {})
    scored = sorted(((score(feats, weights), n) for n, (_, feats, _) in enumerate(cands)), reverse=True)
    if not scored:
        return None, -1, float("-inf"), ""
    if runners is not None:
        shown: list = []
        for value_score, n in scored:
            value, feats, pos = cands[n]
            if all(value != v for v, _, _ in shown):
                where = f"{_SIGNAL[field](feats)}, line {snap.lines[pos].index + 1}"
                shown.append((value, where, round(value_score, 3)))
            if len(shown) >= RUNNERS_UP:
                break
        runners[field] = shown
    value, feats, pos = cands[scored[0][1]]
    return value, pos, scored[0][0], _SIGNAL[field](feats)


RUNNERS_UP = 4  # candidates kept per field for explain, the winner included


_NEAR_TITLE = 8  # lines either side of the headline where it may be written again


def _as_written(snap: Snapshot, title: str, pos: int) -> str:
    """A headline in capitals as the page also writes it in mixed case nearby (a styled
    headline is often copied in capitals and repeated as written in a breadcrumb or a tab)."""
    if not title.isupper() or pos < 0:
        return title
    k = snap.keys[pos]
    for near in sorted(range(max(0, pos - _NEAR_TITLE), min(len(snap.lines), pos + _NEAR_TITLE + 1)),
                       key=lambda n: abs(n - pos)):
        text = snap.lines[near].text
        if near != pos and snap.keys[near] == k and not text.isupper():
            return title_norm(text).strip(" •·*>|")
    return title


def choose_text(snap: Snapshot, model: dict, runners: dict | None = None) -> dict[str, tuple[Any, str]]:
    """Title, date and author for one copied page: field -> (value, signal).

    With ``runners`` (a dict), the best few candidates of each field are put
    there too, for ``cleaner explain``.
    """
    out: dict[str, tuple[Any, str]] = {}
    entry = model["title"]
    title, title_pos, s, signal = _top("title", title_candidates(snap), entry, snap, runners)
    if title is not None and s >= entry["threshold"]:
        out["title"] = (_as_written(snap, title, title_pos), signal)
    else:
        title_pos = -1
    entry = model["date"]
    date, _, s, signal = _top("date", date_candidates(snap, title_pos), entry, snap, runners)
    if date is not None and s >= entry["threshold"]:
        out["date"] = (date, signal)
    entry = model["author"]
    author, _, s, signal = _top("author", author_candidates(snap, title_pos), entry, snap, runners)
    if author and s >= entry["threshold"]:
        out["author"] = (author, signal)
    return out


# Above generic rules (0), below site and user rules (1, 2) and front matter (3).
PRIORITY = 0.75


def apply_text(doc: Document, meta: Metadata) -> None:
    """Set title, date and author of a copied page from its lines (after the rules ran)."""
    from .scorer import load_model, value_key

    snap = snapshot(doc, meta)
    runners: dict[str, list] = {}
    chosen = choose_text(snap, load_model()["text"], runners)
    meta.candidates.update(runners)
    for field, (value, signal) in chosen.items():
        current = meta.fields.get(field)
        if current is not None and value_key(field, current) == value_key(field, value):
            continue  # a rule found the same value: its capture (and its name as source) stays
        meta.set(field, value, signal, PRIORITY)
