"""``repeated-title``: find the headline, keep it as metadata, drop it and its repeats.

Copied pages print the headline several times: as the last breadcrumb, as the
heading, again after an ad or in a share bar. The headline is the first
heading-like line near the top that occurs more than once (bullets and spacing
ignored); failing that, a title already known (from HTML or front matter), or
a heading-like first line (a guess, which a later rule of the same level may
replace). With ``summary = true``, a prose paragraph standing
between the first and the last copy of the headline is the standfirst: it
becomes ``summary`` and leaves the body.
"""
from __future__ import annotations

from collections import Counter

from .base import REGION, TITLE, Field, RuleKind

_END_OF_SENTENCE = (".", ":", ";", ",")
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
        "strip": Field("pattern", "prefix ignored when lines are compared (bullets, markers)",
                       default=None),
        "first_line_within": Field("int", "take a one-off heading-like line as the title only "
                                          "among the first N kept lines (0: never)", default=2, minimum=0),
        "summary": Field("bool", "take a prose paragraph between the first and last copy as summary",
                         default=False),
        "summary_min_words": Field("int", "fewest words of a summary paragraph", default=8, minimum=1),
    }

    def _plain(self, line: str) -> str:
        """The line without its bullet or marker prefix, white space folded."""
        if self.strip is not None:
            m = self.strip.single.match(line)
            if m:
                line = line[m.end():]
        return " ".join(line.split())

    def _key(self, line: str) -> str:
        return self._plain(line).casefold()

    def _heading_like(self, line: str) -> bool:
        words = line.split()
        return (self.min_words <= len(words) <= self.max_words
                and not line.rstrip().endswith(_END_OF_SENTENCE))

    def apply(self, doc) -> None:
        start, stop = self.region_span(doc, self.region or (60, None))
        keys = {i: self._key(doc.lines[i]) for i in range(start, stop)
                if doc.kept(i) and doc.lines[i].strip()}
        counts = Counter(keys.values())
        title_key, title_line = None, None
        for index, key in keys.items():
            if counts[key] > 1 and self._heading_like(doc.lines[index].strip()):
                title_key, title_line = key, index
                break
        known = doc.metadata.fields.get("title")
        if title_key is None and known:
            title_key = self._key(known)
        guessed = False
        if title_key is None and self.first_line_within:
            for index in list(keys)[: self.first_line_within]:
                if self._heading_like(doc.lines[index].strip()):
                    title_key, title_line, guessed = keys[index], index, True
                    break
        if title_key is None:
            return
        copies = [i for i in range(len(doc.lines)) if doc.kept(i) and doc.lines[i].strip()
                  and self._key(doc.lines[i]) == title_key]
        if title_line is None and copies:
            title_line = copies[0]
        if title_line is not None:
            # A first line taken for want of better is a guess: a rule of the same level
            # that finds the headline (the article kind, above the first paragraph) wins.
            priority = self.info.level - GUESS if guessed else self.info.level
            doc.metadata.set("title", self._plain(doc.lines[title_line]), self.id, priority)
        if self.summary and len(copies) > 1 and copies[-1] < stop:
            self._take_summary(doc, copies[0], copies[-1])
        for index in copies:
            doc.drop(index, self.id)

    def _take_summary(self, doc, first: int, last: int) -> None:
        prose = [i for i in range(first + 1, last) if doc.kept(i)
                 and len(doc.lines[i].split()) >= self.summary_min_words
                 and self._key(doc.lines[i]) != self._key(doc.lines[first])]
        if len(prose) == 1:  # more than one paragraph here is body text, not a standfirst
            index = prose[0]
            if doc.metadata.set("summary", " ".join(doc.lines[index].split()), self.id, self.info.level):
                doc.drop(index, self.id)
