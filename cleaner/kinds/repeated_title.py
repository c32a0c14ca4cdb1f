"""``repeated-title``: find the headline, keep it as metadata, drop it and its repeats.

Copied pages print the headline several times: as the last breadcrumb, as the
heading, again after an ad or in a share bar. The headline is the first
heading-like line near the top that occurs more than once there (case, bullets
and punctuation at the ends ignored); failing that, a title already known
(from HTML or front matter), or a heading-like line among the first few (a guess, which a
later rule of the same level may replace). With
``summary = true``, the one prose paragraph standing between the first and the
last copy is the standfirst: it becomes ``summary`` and leaves the body.

Copies are found through the document's line index, so the rule costs a few
dictionary probes, not a pass over every line.

The headline and the standfirst are content moved into metadata; only the
repeats are chrome. The copy that stays in a file under ``cleaner fix`` is the
first one written plainly (not behind a bullet, which is how a breadcrumb
trail repeats it).
"""
from __future__ import annotations

from ..text.keys import line_key
from .base import REGION, TITLE, RuleKind
from .fields import Field

_END_OF_SENTENCE = (".", ":", ";", ",")
_BULLETS = "•·*>|–—-"


def _display(line: str) -> str:
    """The title as shown: no bullet in front, white space folded."""
    return " ".join(line.strip().lstrip(_BULLETS).split())
# How far below its rule's level a guessed title ranks (see Metadata.set priorities).
GUESS = 0.5


class RepeatedTitleRule(RuleKind):
    name = "repeated-title"
    stage = TITLE
    summary = "find the headline near the top; drop it and its repeats; optionally take the standfirst"
    schema = {
        "region": REGION,
        "min_words": Field("int", "fewest words a headline has", default=2, minimum=1),
        "max_words": Field("int", "most words a headline has", default=30, minimum=1),
        "first_line_within": Field("int", "take a one-off heading-like line as the title only "
                                          "among the first N kept lines (0: never)", default=2, minimum=0),
        "summary": Field("bool", "take a prose paragraph between the first and last copy as summary",
                         default=False),
        "summary_min_words": Field("int", "fewest words of a summary paragraph", default=8, minimum=1),
    }

    def _heading_like(self, line: str) -> bool:
        return (self.min_words <= len(line.split()) <= self.max_words
                and not line.rstrip().endswith(_END_OF_SENTENCE))

    def apply(self, doc) -> None:
        start, stop = self.region_span(doc, self.region or (60, None))
        # A repeated headline has two copies in the region: only its lines need keys.
        title_key, title_line = self._repeated(doc, doc.key_index(0, stop), start, stop)
        known = doc.metadata.fields.get("title")
        if title_key is None and known:
            title_key = line_key(known)
        guessed = False
        if title_key is None:
            title_key, title_line = self._first_heading(doc, start, stop)
            guessed = title_key is not None
        if title_key is None:
            return
        copies = [i for i in doc.lines_with_key(title_key) if doc.kept(i)]
        if title_line is None and copies:
            title_line = copies[0]
        if title_line is not None:
            # A first line taken for want of better is a guess: a rule of the same level
            # that finds the headline (the article kind, above the first paragraph) wins.
            priority = self.info.level - GUESS if guessed else self.info.level
            doc.metadata.set("title", _display(doc.lines[title_line]), self.id, priority)
        if self.summary and len(copies) > 1 and copies[-1] < stop:
            self._take_summary(doc, copies[0], copies[-1], title_key)
        headline = next((i for i in copies if doc.lines[i].strip() == doc.lines[i].strip().lstrip(_BULLETS)),
                        copies[0] if copies else None)
        for i in copies:
            doc.drop(i, self.id, chrome=i != headline)

    def _repeated(self, doc, index, start: int, stop: int):
        best = None
        for key, lines in index.items():
            if len(lines) < 2 or lines[0] >= stop or lines[1] >= stop:
                continue
            kept = [i for i in lines if start <= i < stop and doc.kept(i)]
            if len(kept) > 1 and (best is None or kept[0] < best[1]) and self._heading_like(doc.lines[kept[0]]):
                best = (key, kept[0])
        return best if best else (None, None)

    def _first_heading(self, doc, start: int, stop: int):
        seen = 0
        for i in range(start, stop):
            line = doc.lines[i]
            if not line.strip() or not doc.kept(i):
                continue
            if self._heading_like(line.strip()):
                return line_key(line), i
            seen += 1
            if seen >= self.first_line_within:
                break
        return None, None

    def _take_summary(self, doc, first: int, last: int, title_key: str) -> None:
        prose = [i for i in range(first + 1, last) if doc.kept(i)
                 and len(doc.lines[i].split()) >= self.summary_min_words
                 and line_key(doc.lines[i]) != title_key]
        if len(prose) == 1:  # more than one paragraph here is body text, not a standfirst
            i = prose[0]
            if doc.metadata.set("summary", " ".join(doc.lines[i].split()), self.id, self.info.level):
                doc.drop(i, self.id, chrome=False)
