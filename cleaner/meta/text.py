"""Copied text: title, date and author from the lines around the headline.

A copied page has no tags: the headline is a line near the top, usually
followed by a byline and a date and then by the first paragraph; menus,
breadcrumbs, share labels and product options are lines too. Each line near
the top (and each date and byline in it) is a candidate described by a few
features: where it stands, what stands next to it, how it is written, what
the rules made of it. A linear score per field (weights fitted on training
pages, ``rules/models/metadata.json``) picks the best candidate.

Standard library only: this runs on the copied-text path.
"""
from __future__ import annotations

import re
from itertools import repeat
from operator import mul
from typing import Any

from ..metadata import Metadata
from ..text.document import Document
from .authors import is_role, looks_like_name, split_authors
from ..dates import find_dates
from .title import key as title_key, norm as title_norm

TOP = 300  # non-blank lines read from the top
# Characters of a line read: enough for any paragraph, so a pathological 50 MB line costs no
# more than a long paragraph does.
LINE_CHARS = 20_000
PROSE_WORDS = 10  # a kept line of this many words ending like a sentence starts the article
_BY = re.compile(r"^\s*(?:(?:written|posted|reviewed|words|story|article|published)\s+)?"
                 r"(?:(?:by|von|par|por|door|av|af)[\s\u00a0:]+(?=\S)|(?-i:By)(?=[A-Z][a-z]))", re.I)
_INNER_BY = re.compile(r"(?:^|[\s|•·⋅,])(?:[Bb]y|[Vv]on|[Pp]ar|[Pp]or|[Dd]oor)[\s\u00a0:]+(?=[A-ZÀ-ÖØ-Þ])")
_AUTHOR_LABEL = re.compile(r"^\s*(?:authors?|autor(?:in)?|auteur|written by|posted by)\s*[:\-–]\s*(?=\S)", re.I)
_PUBLISHED = re.compile(r"\b(?:published|posted|publi[ée]|ver[öo]ffentlicht|publicado|pubblicato|"
                        r"gepubliceerd|first published|released|on)\b", re.I)
_UPDATED = re.compile(r"\b(?:updated|modified|last updated|edited|aktualisiert|mis à jour|actualizado|"
                      r"aggiornato|bijgewerkt|reviewed)\b", re.I)
_COMMENT = re.compile(r"\b(?:reply|replies|says|said|comment|comments|wrote|likes?|posted in|ago)\b", re.I)
_COPYRIGHT = re.compile(r"©|\bcopyright\b|all rights reserved", re.I)
_WORD = re.compile(r"\w+")
_DIGIT = re.compile(r"\d")
_BIO = re.compile(r"^((?:[A-ZÀ-ÖØ-Þ][\w'’.-]+ ){1,2}[A-ZÀ-ÖØ-Þ][\w'’-]+) (?:is|was|has|writes|covers|joined)\b")
_BREADCRUMB = re.compile(r"\s[>›»]\s")
_SENTENCE_END = (".", "!", ";", ",", ":")
# A date glued to the name before it, as copies of bylines often are: "Jane RoeMar 5, 2025".
_GLUED_MONTH = re.compile(r"(?<=[a-z])(?=(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?\s+\d)")
# Words that stand before a date without naming anyone ("Updated December 9, 2024").
_NOT_NAMES = frozenset("updated published posted modified date dated on last reviewed created released "
                       "issued edited written revised as of since from to by asked answered started joined commented "
                       "replied submitted".split())
# A line that only announces the author's name on the next line.
_AUTHOR_ALONE = re.compile(r"^(?:(?:article\s+)?(?:written|posted|published)\s+by|by|authors?|author\s+bio|"
                           r"about\s+the\s+authors?|autor(?:in)?|auteur)\s*:?$", re.I)
_SEPARATORS = re.compile(r"\s[-–—|•·⋅/]\s|\s{2,}|,\s")


def _words(line: str) -> int:
    return len(line.split())


def _title_like(line: str) -> bool:
    n = _words(line)
    return 1 <= n <= 30 and len(line) <= 250


def _caps_share(line: str) -> float:
    words = [w for w in line.split() if w[:1].isalpha()]
    return sum(w[0].isupper() for w in words) / len(words) if words else 0.0


def _byline_names(line: str) -> list[str]:
    """People named in a byline-like line: after By / Author:, cut at a date or a separator."""
    m = _BY.match(line) or _AUTHOR_LABEL.match(line) or _INNER_BY.search(line)
    rest = line[m.end():] if m else line
    dates = find_dates(rest)
    if dates:
        rest = rest[: dates[0][0]]
    rest = _GLUED_MONTH.split(rest, 1)[0]
    parts = re.split(r"\s[-–—|•·⋅/]\s|[–—]|\s{2,}|\s+(?:on|am|le|el|il|op|at)\s+(?=\S)|\bupdated\b|\bpublished\b|"
                     r"\bposted\b|(?-i:UPDATED|PUBLISHED|POSTED)\b", rest, flags=re.I)
    if not parts:
        return []
    # a role ends the names: what follows it is the role's place ("Jane Roe, Senior Director,
    # Content & Marketing, Example Institute")
    kept = []
    for part in parts[0].split(","):
        if kept and is_role(part.strip()):
            break
        kept.append(part)
    return split_authors(",".join(kept))


# A date glued to the text around it, as copies of bylines and post headers often are: a name
# before it ("Jane RoeMar 5, 2025") or a post's age after its year ("April 2, 20241 yr").
_GLUED_AGE = re.compile(r"(?<=\d{4})(?=\d{1,2}\s?(?:yrs?|years?|mos?|months?|wks?|weeks?|days?|d|hrs?|hours?|h)\b)")


# Month first with dots or dashes ("06.18.2025"): read so only when day first cannot be a date.
_MONTH_DOT = re.compile(r"(?<![\d.])(\d{1,2})([.-])(1[3-9]|2\d|3[01])\2((?:199|20[0-3])\d)(?!\d)")


def _line_dates(text: str) -> list[tuple[int, str]]:
    """The dates written in a line, as ``find_dates`` reads them once glued ones are set apart
    (offsets are the line's own)."""
    found = _spaced_dates(text)
    if "." in text or "-" in text:
        for m in _MONTH_DOT.finditer(text):
            valid = find_dates(f"{m[4]}-{m[1]}-{m[3]}")  # the calendar's check: no 30 February
            if valid and all(offset != m.start() for offset, _ in found):
                found.append((m.start(), valid[0][1]))
        found.sort()
    return found


def _spaced_dates(text: str) -> list[tuple[int, str]]:
    spaced = _GLUED_AGE.sub(" ", _GLUED_MONTH.sub(" ", text))
    if len(spaced) == len(text):
        return find_dates(text)
    # map each offset of the spaced text back to the line's own
    back, n = [], 0
    for ch in spaced:
        back.append(n)
        if n < len(text) and ch == text[n]:
            n += 1
    return [(back[offset], value) for offset, value in find_dates(spaced)]


class Line:
    """One line near the top: its text, the dates in it, and whether it is a byline."""

    __slots__ = ("index", "text", "n", "dates", "byline", "inner_by", "names", "dropped", "moved")

    def __init__(self, index: int, text: str, dropped: bool = False, moved: bool = False):
        self.index = index
        self.text = text
        self.dates = _line_dates(text) if _DIGIT.search(text) else []
        self.n = n = _words(text)  # its words, counted once: every feature asks
        # not a sentence ("By signing up, you agree to ..."), unless dated ("Posted by Jane Roe on
        # 2025-12-18 in news. Tags: ...")
        short = n <= 25 and not (n > 8 and text.endswith(".") and not self.dates)
        m = _BY.match(text) or _AUTHOR_LABEL.match(text)
        self.byline = bool(m) and short and text[m.end():m.end() + 1].isupper()
        self.inner_by = not self.byline and short and bool(_INNER_BY.search(text))
        self.names = _byline_names(text) if self.byline or self.inner_by else []
        self.dropped = dropped
        self.moved = moved


class Snapshot:
    """The top of a cleaned document as the metadata step reads it (no reference to the Document)."""

    def __init__(self, lines: list[Line], rule_title: str | None, rule_author: list[str] | None,
                 rule_site: str | None = None):
        self.lines = lines
        self.rule_title = rule_title
        self.rule_author = rule_author
        self.rule_site = rule_site
        # each line's key and its words of more than three letters, read once for every feature
        self.keys = [title_key(x.text) for x in lines]
        self.wordsets = [{w for w in k.split() if len(w) > 3} for k in self.keys]
        self.counts: dict[str, int] = {}
        for k in self.keys:
            if k:
                self.counts[k] = self.counts.get(k, 0) + 1
        self.words: dict[str, int] = {}
        for own in self.wordsets:
            for w in own:
                self.words[w] = self.words.get(w, 0) + 1
        first_kept = next((p for p, x in enumerate(lines) if not x.dropped and _title_like(x.text)), -1)
        self.first_kept = first_kept
        self.first_prose = next((p for p, x in enumerate(lines) if not x.dropped and x.n >= PROSE_WORDS
                                 and x.text.endswith((".", "!", "?", "\"", "”"))), -1)

    def as_json(self) -> dict:
        return {"lines": [[x.index, x.text, x.dropped, x.moved] for x in self.lines],
                "rule_title": self.rule_title, "rule_author": self.rule_author, "rule_site": self.rule_site}

    @classmethod
    def from_json(cls, data: dict) -> "Snapshot":
        return cls([Line(*row) for row in data["lines"][:TOP]], data["rule_title"], data["rule_author"],
                   data.get("rule_site"))


def snapshot(doc: Document, meta: Metadata) -> Snapshot:
    """The first ``TOP`` non-blank lines, what the rules did to them, and what they captured."""
    lines = []
    for index, text in enumerate(doc.lines):
        text = " ".join(text[:LINE_CHARS].replace("\u00a0", " ").split())
        if text:
            lines.append(Line(index, text, index in doc.dropped, index in doc.moved))
            if len(lines) >= TOP:
                break
    title = meta.fields.get("title")
    author = meta.fields.get("author")
    site = meta.fields.get("site")
    return Snapshot(lines, title if isinstance(title, str) else None,
                    list(author) if isinstance(author, list) else None, site if isinstance(site, str) else None)


# Lines that stand between a headline and its article: a reading time, a photo credit.
_READ_TIME = re.compile(r"^\W*\d+\s*(?:min(?:ute)?s?|m)\.?\s+(?:read|de lecture|lesezeit|lectura)\b|"
                        r"\b(?:min(?:ute)?s?)\s+read$", re.I)
_CREDIT = re.compile(r"^(?:photo|image|credit|credits|source|illustration|foto|bild)s?\s*(?:credit)?\s*:", re.I)


def _meta_line(line: Line) -> bool:
    """A line that reads like what follows a headline: a byline, a date, a reading time, a
    credit, or a name on its own."""
    text = line.text
    return bool(line.byline or line.inner_by or (line.dates and line.n <= 12)
                or _READ_TIME.search(text) or _CREDIT.match(text)
                or (2 <= line.n <= 3 and looks_like_name(text) and _caps_share(text) == 1.0))


def _prose_relation(snap: Snapshot, pos: int) -> tuple[float, float]:
    fp = snap.first_prose
    return float(fp >= 0 and 0 < fp - pos <= 8), float(fp >= 0 and pos < fp)


def title_candidates(snap: Snapshot) -> list[tuple[str, dict[str, float], int]]:
    """Every title-like line near the top: (title, features, position).

    Features are kept sparse (only those that are not zero), and what
    neighbouring lines say is computed once per line, not once per candidate.
    """
    lines = snap.lines
    count = len(lines)
    words = [x.n for x in lines]
    has_date = [bool(x.dates) for x in lines]
    byline = [x.byline for x in lines]
    rule_key = title_key(snap.rule_title) if snap.rule_title else None
    site_key = title_key(snap.rule_site) if snap.rule_site else None
    first_prose = snap.first_prose
    # the headline is usually the last title-like line above the first paragraph (a byline,
    # a date or a short label may stand between them)
    nearest = -1
    for back in range(first_prose - 1, -1, -1):
        if 3 <= words[back] <= 25 and not has_date[back] and not byline[back] and not lines[back].dropped:
            nearest = back
            break
    meta = [_meta_line(x) for x in lines]
    # the article's running text, as keys: a headline is often named again in it
    prose = " " + " ".join(snap.keys[p] for p, x in enumerate(lines) if x.n >= 12) + " "
    # for each line, whether a byline, a date or a meta line stands within a few lines after or
    # before it: read once here, not sliced out again for every candidate
    byline_after, meta_next, date_after = _ahead(byline, 4), _ahead(meta, 2), _ahead(has_date, 4)
    byline_before, date_before = _behind(byline, 3), _behind(has_date, 3)
    out = []
    seen_long = False
    for pos, line in enumerate(lines):
        text = line.text
        n = words[pos]
        if n > 30 or len(text) > 250 or has_date[pos] or _BREADCRUMB.search(text):
            continue  # a dated line or a breadcrumb trail is not a headline
        if n >= 8 and text.endswith("."):
            continue  # nor is a sentence
        k = snap.keys[pos]
        if (line.moved and k != rule_key) or (site_key and (k == site_key or k.startswith(site_key + " "))):
            continue  # a rule made this line another field (a byline), or it names the site
        f = {"bias": 1.0, "words_log": min(n, 30) / 30, "position": pos / TOP,
             "caps_share": _caps_share(text)}
        if 4 <= n <= 25:
            f["words_4_25"] = 1.0
            if not seen_long:
                f["first_4_25"] = 1.0
            seen_long = True
        elif n == 1:
            f["words_1"] = 1.0
        elif n <= 3:
            f["words_2_3"] = 1.0
        last = text[-1]
        if last in ".!;,:":
            f["ends_sentence"] = 1.0
        elif last == "?":
            f["question"] = 1.0
        if text.isupper():
            f["all_caps"] = 1.0
        if byline_after[pos]:
            f["byline_after"] = 1.0
        if meta_next[pos]:
            f["meta_next"] = 1.0  # a headline is followed by its byline, date or reading time
        if meta[pos]:
            f["meta_self"] = 1.0
        if date_after[pos]:
            f["date_after"] = 1.0
        if byline_before[pos]:
            f["byline_before"] = 1.0
        if date_before[pos]:
            f["date_before"] = 1.0
        if snap.counts.get(k, 0) > 1:
            f["repeated"] = 1.0
        if first_prose >= 0 and pos < first_prose:
            f["before_prose"] = 1.0
            gap = first_prose - pos
            if gap <= 2:
                f["prose_in_1_2"] = 1.0
            elif gap <= 5:
                f["prose_in_3_5"] = 1.0
            elif gap <= 8:
                f["prose_in_6_8"] = 1.0
            if not line.dropped:
                f["kept_before_prose"] = 1.0
        if rule_key is not None and rule_key == k:
            f["rule_title"] = 1.0
        if line.dropped and not line.moved:
            f["dropped"] = 1.0
        if " | " in text or " » " in text or " / " in text:
            f["has_separator"] = 1.0
        if has_date[pos]:
            f["has_date"] = 1.0
        if byline[pos]:
            f["byline_self"] = 1.0
        if pos > 0 and words[pos - 1] <= 3:
            f["prev_short"] = 1.0
        if pos + 1 < count and words[pos + 1] <= 3:
            f["next_short"] = 1.0
        if pos == snap.first_kept:
            f["first_kept"] = 1.0
        if pos == nearest:
            f["nearest_before_prose"] = 1.0
        if pos + 1 < count:
            after = lines[pos + 1]
            if words[pos + 1] >= 12:
                f["next_long"] = 1.0
            if after.dropped and not after.moved:
                f["next_dropped"] = 1.0
        if pos > 0 and lines[pos - 1].dropped and not lines[pos - 1].moved:
            f["prev_dropped"] = 1.0
        # a breadcrumb trail ends with the headline: the trail is not the title, its last part may be
        for near in range(max(0, pos - 3), min(count, pos + 4)):
            other = lines[near].text
            if near != pos and len(other) > len(text) + 2:
                if other.endswith(text):
                    f["end_of_other"] = 1.0
            elif near != pos and len(text) > len(other) + 2 and text.endswith(other) and words[near] >= 2:
                f["ends_with_other"] = 1.0
        own = snap.wordsets[pos]
        if own:
            f["echoed"] = sum(snap.words.get(w, 0) > 2 for w in own) / len(own)
            f["echoed_once"] = sum(snap.words.get(w, 0) > 1 for w in own) / len(own)
        if n >= 2 and k and f" {k} " in prose:
            f["in_prose"] = 1.0  # the article names it ("We love the Iris Dress. ...")
        if _UI_LABEL.search(text):
            f["ui_label"] = 1.0  # "Skip to content", "In Stock", "Share on X", "View All ..."
        if any(snap.keys[near] == k for near in range(max(0, pos - 3), min(count, pos + 4)) if near != pos):
            f["twin_near"] = 1.0  # a breadcrumb's last step and the headline, a tab and its page
        _cross(f, _PAIRED)
        value = title_norm(text).strip(" •·*>|")
        out.append((value, f, pos))
        for variant, part in _variants(value):
            g = dict(f)
            g[variant] = 1.0
            left = n - _words(part)  # words the part leaves out: a site or section name is short
            g[variant + (":left_1_3" if left <= 3 else ":left_4_6" if left <= 6 else ":left_7")] = 1.0
            part_key = title_key(part)
            if part_key and (snap.counts.get(part_key, 0) or f" {part_key} " in prose):
                g[variant + ":said"] = 1.0  # the part is also a line of its own, or the article says it
            if part_key and site_key and site_key in part_key:
                g[variant + ":site"] = 1.0
            out.append((part, g, pos))
    _mark_best(out)
    return out


def _mark_best(cands: list[tuple[str, dict[str, float], int]]) -> None:
    """Mark the page's first line the article names and its line of most echoed words: what
    sets the headline apart is often how it compares with the page's other lines."""
    named = next((f for v, f, _ in cands if f.get("in_prose") and _words(v) >= 3), None)
    if named is not None:
        named["first_in_prose"] = 1.0
    echoes = [(f.get("echoed_once", 0.0), n) for n, (v, f, _) in enumerate(cands) if _words(v) >= 3]
    if echoes:
        top = max(echoes)[0]
        if top > 0:
            for e, n in echoes:
                if e == top:
                    cands[n][1]["top_echo"] = 1.0


# A label of the page's furniture, not a headline: skip links, account and cart buttons, stock
# and share labels, "view all" links, cookie notices.
_UI_LABEL = re.compile(
    r"^(?:skip\b|log ?in\b|sign ?(?:in|up)\b|subscribe\b|add to\b|buy now\b|shop now\b|in stock\b|"
    r"out of stock\b|sold out\b|share\b|tweet\b|pin it\b|email\b|print\b|view (?:all|more)\b|"
    r"see (?:all|more)\b|read more\b|load more\b|show more\b|back to\b|go to\b|open\b|close\b|toggle\b|"
    r"menu\b|search\b|home\b|next\b|previous\b|prev\b|reply\b|follow\b|download\b|"
    r"official websites? use\b|this (?:website|site) uses cookies|we use cookies|accept\b|"
    r"free shipping\b|related\b|recommended\b|popular\b|trending\b|latest\b|categories\b|"
    r"table of contents\b|contents\b|on this page\b|in this article\b|share (?:this|on)\b)", re.I)
_CUT = re.compile(r"\s[-–—|]\s")
_TITLE_LABEL = re.compile(r"^(?:title|headline|subject|topic)\s*:\s*(?=\S)", re.I)


# Small words a headline in title case writes in lower case (unless they begin it or a clause).
_SMALL = frozenset("a an the and but or nor for so yet as at by in of on to up via vs vs. per".split())


def _title_case(text: str) -> str:
    """A headline copied in capitals, as a title-case headline is usually written."""
    out, start = [], True
    for word in text.split():
        low = word.lower()
        out.append(low if (low in _SMALL and not start) else low[:1].upper() + low[1:])
        start = word.endswith((":", "?", "!", "."))
    return " ".join(out)


def _variants(title: str) -> list[tuple[str, str]]:
    """Parts of a line that may be the headline alone: before its last separator and after its
    first ("Headline - Tagline", "Section - Headline"), without a "Title:" label."""
    out = []
    m = _TITLE_LABEL.match(title)
    if m:
        out.append(("variant:label", title[m.end():]))
    if title.isupper() and _words(title) >= 2:
        out.append(("variant:title_case", _title_case(title)))
    parts = _CUT.split(title)
    if len(parts) >= 2:
        head = title[: [x.start() for x in _CUT.finditer(title)][-1]].strip()
        tail = title[_CUT.search(title).end():].strip()
        if _words(head) >= 2:
            out.append(("variant:head", head))
        if _words(tail) >= 2:
            out.append(("variant:tail", tail))
    return out


def _ahead(flags: list[bool], span: int) -> list[bool]:
    """For each line, whether any of the ``span`` lines after it is flagged."""
    out, last = [False] * len(flags), -1  # last: the nearest flagged line seen so far, from the end
    for pos in range(len(flags) - 1, -1, -1):
        out[pos] = last >= 0 and last - pos <= span
        if flags[pos]:
            last = pos
    return out


def _behind(flags: list[bool], span: int) -> list[bool]:
    """For each line, whether any of the ``span`` lines before it is flagged."""
    out, last = [False] * len(flags), -1
    for pos, flag in enumerate(flags):
        out[pos] = last >= 0 and pos - last <= span
        if flag:
            last = pos
    return out


# Title features also taken in pairs: what a line's place says depends on what stands near it
# (a line just before the article is the headline unless it is itself a byline or a credit).
_PAIRED = ("before_prose", "kept_before_prose", "nearest_before_prose", "first_kept", "byline_after",
           "date_after", "meta_next", "meta_self", "dropped", "rule_title", "words_4_25", "next_long",
           "prose_in_1_2", "prose_in_3_5", "repeated", "end_of_other", "prev_dropped", "next_dropped",
           "first_4_25", "all_caps", "question", "ends_sentence", "in_prose", "twin_near", "ui_label")


def _cross(f: dict[str, float], names: tuple[str, ...]) -> dict[str, float]:
    """``f`` with the product of every pair of ``names`` (in their order) that are both set."""
    present = [k for k in names if f.get(k)]
    pair = _PAIR_NAMES.get(names)
    if pair is None:
        pair = _PAIR_NAMES[names] = {(a, b): a + "*" + b for a in names for b in names}
    for n, a in enumerate(present):
        for b in present[n + 1:]:
            f[pair[a, b]] = f[a] * f[b]
    return f


_PAIR_NAMES: dict[tuple[str, ...], dict[tuple[str, str], str]] = {}  # the pairs' feature names, made once


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
            prose_after, before_prose = _prose_relation(snap, pos)
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
    one = ((len(before) == 1 or (_words(head) == 1 and bool(_SEP_AFTER.match(lead.strip()[len(head):]))))
           and head.casefold() not in _NOT_NAMES
           and (head[:1].isupper() or bool(_HANDLE.match(head))))
    if one and (_caps_share(head) == 1.0 or _HANDLE.match(head)):
        return split_authors(head)
    if 2 <= _words(head) <= 4 and _caps_share(head) == 1.0:
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
            "before_prose": _prose_relation(snap, pos)[1],
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
            if (len(parts) > 1 and 2 <= _words(tail) <= 4 and _caps_share(tail) == 1.0 and not find_dates(tail)
                    and (names := split_authors(tail))):
                out.append((names, feats(pos, "date-name", names), pos))
        elif (pos + 1 < len(lines) and _AUTHOR_NEXT.match(lines[pos + 1].text) and 1 <= line.n <= 4
              and (names := split_authors(line.text))):
            out.append((names, feats(pos, "before-label", names), pos))
        elif pos < 10 and (m := _OWN_SITE.match(line.text)) and (names := split_authors(m[1])):
            out.append((names, feats(pos, "own-site", names), pos))
        elif (line.n <= 12 and (m := _NAME_ROLE.match(line.text)) and _role(m[2].strip())
              and _caps_share(re.sub(r"\band\b", "", m[1])) == 1.0 and (names := split_authors(m[1]))):
            out.append((names, feats(pos, "name-role", names), pos))
        elif (0 < pos < len(lines) - 1 and 4 <= line.n <= 20 and ("," in line.text or "&" in line.text)
              and (lines[pos - 1].dates or lines[pos + 1].dates) and _caps_share(line.text) >= 0.8
              and all(looks_like_name(x.strip()) and 2 <= _words(x) <= 4
                      for x in re.split(r",\s*(?:and\s+)?|\s&\s|\sand\s", line.text) if x.strip())
              and len(names := split_authors(line.text)) >= 2):
            out.append((names, feats(pos, "names-by-date", names), pos))
        elif (0 < pos < len(lines) - 1 and 2 <= line.n <= 3 and looks_like_name(line.text)
              and _caps_share(line.text) == 1.0
              and (lines[pos - 1].dates or lines[pos + 1].dates)
              and not (title_pos >= 0 and 0 < abs(pos - title_pos) <= 6)):
            out.append(([line.text], feats(pos, "name-by-date", [line.text]), pos))
        elif (title_pos >= 0 and 0 < abs(pos - title_pos) <= 6 and 2 <= line.n <= 3
              and looks_like_name(line.text) and _caps_share(line.text) == 1.0):
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
