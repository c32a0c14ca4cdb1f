"""Copied text: title candidates (the lines near the top that may be the headline) and their features.

Standard library only: this runs on the copied-text path.
"""
from __future__ import annotations

import re
from bisect import bisect_right

from .authors import looks_like_name
from .title import key as title_key, norm as title_norm
from .text_lines import TOP, Line, Snapshot, caps_share, count_words


_BREADCRUMB = re.compile(r"\s[>›»]\s")


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
                or (2 <= line.n <= 3 and looks_like_name(text) and caps_share(text) == 1.0))


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
    nearest = _last_title_like(lines, first_prose, 3, kept_only=True)
    meta = [_meta_line(x) for x in lines]
    # the article's running text, as keys: a headline is often named again in it
    prose = " " + " ".join(snap.keys[p] for p, x in enumerate(lines) if x.n >= 12) + " "
    # for each line, whether a byline, a date or a meta line stands within a few lines after or
    # before it: read once here, not sliced out again for every candidate
    byline_after, meta_next, date_after = _ahead(byline, 4), _ahead(meta, 2), _ahead(has_date, 4)
    byline_before, date_before = _behind(byline, 3), _behind(has_date, 3)
    short_run = _short_runs(words)
    # the article's body as the rules kept it: its first long line, and the words of the lines
    # that follow each candidate (a headline's words come back in its first paragraphs)
    first_body = next((p for p, x in enumerate(lines) if not x.dropped and x.n >= BODY_WORDS), -1)
    nearest_body = _last_title_like(lines, first_body, 2, kept_only=False)
    long_lines = [p for p, x in enumerate(lines) if x.n >= BODY_WORDS]
    kept_words: dict[str, int] = {}
    for p, x in enumerate(lines):
        if not x.dropped:
            for w in snap.wordsets[p]:
                kept_words[w] = kept_words.get(w, 0) + 1
    following: dict[int, set[str]] = {}  # index in long_lines -> the words of the lines from it on
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
             "caps_share": caps_share(text)}
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
        if pos == nearest_body:
            f["nearest_before_body"] = 1.0
        if first_body >= 0 and pos < first_body:
            f["before_body"] = 1.0
        if short_run[pos] >= SHORT_RUN:
            f["in_short_run"] = 1.0  # a menu: many short lines in a row
        after_long = bisect_right(long_lines, pos)  # the first long line after this one
        if after_long < len(long_lines) and long_lines[after_long] - pos <= 3:
            f["long_in_3"] = 1.0
        if after_long:
            f["long_before"] = min(after_long, LONG_BEFORE) / LONG_BEFORE  # a section heading has body above it
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
            body = following.get(after_long)
            if body is None:  # candidates above the same long line share its words
                body = following[after_long] = _following_words(snap, long_lines[after_long:after_long + FOLLOWING])
            if body:
                f["body_echo"] = sum(w in body for w in own) / len(own)
            others = [w for w in own if kept_words.get(w, 0) > (0 if line.dropped else 1)]
            f["kept_echo"] = len(others) / len(own)
        if n >= 2 and k and f" {k} " in prose:
            f["in_prose"] = 1.0  # the article names it ("We love the Iris Dress. ...")
        if _UI_LABEL.search(text):
            f["ui_label"] = 1.0  # "Skip to content", "In Stock", "Share on X", "View All ..."
        if any(snap.keys[near] == k for near in range(max(0, pos - 3), min(count, pos + 4)) if near != pos):
            f["twin_near"] = 1.0  # a breadcrumb's last step and the headline, a tab and its page
        _cross(f, _PAIRED)
        value = title_norm(text.replace(_SOFT_HYPHEN, "")).strip(_LEAD_MARKS)
        out.append((value, f, pos))
        for variant, part in _variants(value):
            g = dict(f)
            g[variant] = 1.0
            left = n - count_words(part)  # words the part leaves out: a site or section name is short
            g[variant + (":left_1_3" if left <= 3 else ":left_4_6" if left <= 6 else ":left_7")] = 1.0
            part_key = title_key(part)
            if part_key and (snap.counts.get(part_key, 0) or f" {part_key} " in prose):
                g[variant + ":said"] = 1.0  # the part is also a line of its own, or the article says it
            if part_key and site_key and site_key in part_key:
                g[variant + ":site"] = 1.0
            out.append((part, g, pos))
    _mark_best(out)
    return out


# A line of at least this many words is read as the article's body (paragraphs, not labels).
BODY_WORDS = 12

# This many short lines (of at most three words) in a row are a menu, not a headline's block.
SHORT_RUN = 4

# Long lines above a candidate counted (beyond them a line is deep in the body anyway).
LONG_BEFORE = 10

# Long lines after a candidate whose words are compared with its own.
FOLLOWING = 3


def _last_title_like(lines: list[Line], before: int, min_words: int, kept_only: bool) -> int:
    """The last line above ``before`` of ``min_words`` to 25 words that is not a date or a
    byline (nor, with ``kept_only``, a line the rules dropped): where a headline stands above
    its article, with perhaps a byline, a date or a short label between them. -1 if none."""
    for back in range(before - 1, -1, -1):
        line = lines[back]
        if (min_words <= line.n <= 25 and not line.dates and not line.byline
                and not (kept_only and line.dropped)):
            return back
    return -1


def _short_runs(words: list[int]) -> list[int]:
    """For each line, the length of the run of short lines (at most three words) around it,
    itself counted as short."""
    count = len(words)
    up = [0] * count  # short lines just above
    for p in range(1, count):
        up[p] = up[p - 1] + 1 if words[p - 1] <= 3 else 0
    down = [0] * count
    for p in range(count - 2, -1, -1):
        down[p] = down[p + 1] + 1 if words[p + 1] <= 3 else 0
    return [up[p] + down[p] + 1 for p in range(count)]


def _following_words(snap: Snapshot, positions: list[int]) -> set[str]:
    """The words (of more than three letters) of the lines at ``positions``."""
    out: set[str] = set()
    for q in positions:
        out |= snap.wordsets[q]
    return out


def _mark_best(cands: list[tuple[str, dict[str, float], int]]) -> None:
    """Mark the page's first line the article names, its line whose words the next paragraphs
    repeat most and its line of most echoed words: what sets the headline apart is often how
    it compares with the page's other lines."""
    named = next((f for v, f, _ in cands if f.get("in_prose") and count_words(v) >= 3), None)
    if named is not None:
        named["first_in_prose"] = 1.0
    _mark_top(cands, "body_echo", "top_body_echo", 2)
    _mark_top(cands, "echoed_once", "top_echo", 3)


def _mark_top(cands: list[tuple[str, dict[str, float], int]], feature: str, mark: str, words: int) -> None:
    """Set ``mark`` on the candidates of at least ``words`` words with the page's highest
    ``feature`` (when it is above zero)."""
    values = [(f.get(feature, 0.0), n) for n, (v, f, _) in enumerate(cands) if count_words(v) >= words]
    top = max(values)[0] if values else 0.0
    if top > 0:
        for value, n in values:
            if value == top:
                cands[n][1][mark] = 1.0


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


# Characters a copied headline may carry that are not its own: a soft hyphen left by the page's
# hyphenation, a bullet or an arrow before a post's subject.
_SOFT_HYPHEN = "\u00ad"
_LEAD_MARKS = " •·*>|»›"


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
    if title.isupper() and count_words(title) >= 2:
        out.append(("variant:title_case", _title_case(title)))
    parts = _CUT.split(title)
    if len(parts) >= 2:
        head = title[: [x.start() for x in _CUT.finditer(title)][-1]].strip()
        tail = title[_CUT.search(title).end():].strip()
        if count_words(head) >= 2:
            out.append(("variant:head", head))
        if count_words(tail) >= 2:
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
           "first_4_25", "all_caps", "question", "ends_sentence", "in_prose", "twin_near", "ui_label",
           "in_short_run", "before_body", "nearest_before_body", "long_in_3")


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
