"""``article``: the article is the densest run of prose; chrome before and after it goes.

Every non-blank line scores: a kept line of prose gains its word count, any
other line costs ``line_cost`` plus ``word_cost`` per word (a line an earlier
rule dropped, an ad label or a share bar, is chrome and costs too). The article is the
run of lines with the highest total (the maximum-sum run, found in one pass),
so menus, teasers and footers around it cost more than they could add, while
a subheading or a short list inside it is outweighed by the prose around it.

Pages that put blank lines between paragraphs (a browser's copy does, for
``<p>``) but not between the entries of menus and teaser lists: there a line of
prose that is not blank-separated counts only ``packed_weight`` of its words,
unless most of its block (the lines between two blank lines) is prose too
(``block_share``): a paragraph under its subheading or above a caption still
counts, a teaser in a menu does not.
A page is taken to separate its paragraphs so when ``separated_run`` prose
lines in a row stand between blank lines (one blank-separated tweet or notice
on a page of packed paragraphs does not make it so).

A list the article introduces right after its last paragraph ("The tour
dates:", then the dates; or items numbered 1, 2, 3 ...) is part of it,
though its items are not prose.

Before the head goes, the title is taken, unless a rule found one (a guess
from the first line does not count): the longest heading-like line (no
sentence end, no date) among the few above the article.
"""
from __future__ import annotations

import re
from itertools import chain

from ..dates import normalize_date
from .base import STRUCTURE, RuleKind
from .fields import Field
from .prose import PROSE_FIELDS, ProseMixin, check_languages


# "1)", "2." at the start of a list item (the number it counts).
_ITEM_NUMBER = re.compile(r"\s*(\d{1,3})[.)]\s")


class ArticleRule(ProseMixin, RuleKind):
    name = "article"
    stage = STRUCTURE
    summary = "keep the densest run of prose; drop what lies before and after it"
    schema = {
        **PROSE_FIELDS,
        "line_cost": Field("float", "what a line that is not prose costs", default=4.0, minimum=0),
        "word_cost": Field("float", "what each word of a line that is not prose costs", default=0.5,
                           minimum=0),
        "packed_weight": Field("float", "weight of a prose line without blank lines around it, on a "
                                        "page whose paragraphs are blank-separated (1: as prose, "
                                        "0: neutral, below 0: a cost)", default=0.0,
                               minimum=-1, maximum=1),
        "block_share": Field("float", "a prose line without blank lines around it counts fully when "
                                      "this share of its block (the lines between two blank lines) "
                                      "is prose", default=0.6, minimum=0, maximum=1),
        "separated_run": Field("int", "the page separates paragraphs with blank lines when this many "
                                      "prose lines in a row stand between blank lines (0: never)",
                               default=2, minimum=0),
        "min_words": Field("int", "do nothing unless the article has at least this many words of prose",
                           default=30, minimum=0),
        "end": Field("patterns", "regex of a line that ends the article when prose comes before it "
                                 "(a comment section's heading)"),
        "end_contains": Field("needles", "look for ``end`` lines only among lines containing one of "
                                         "these strings (ignoring case): a cheap str.find instead of "
                                         "a regex scan of the rest of the page", default=None),
        "end_after_words": Field("int", "an end line counts only after this many words of prose",
                                 default=50, minimum=0),
        "end_max_words": Field("int", "most words of an end line", default=20, minimum=1),
        "list_introducers": Field("str", "characters that end a line introducing a list (\":\"): a "
                                         "list right after the article, introduced by such a line, "
                                         "belongs to it (empty: never)", default=""),
        "list_intro_min_words": Field("int", "fewest words of the line introducing such a list",
                                      default=5, minimum=1),
        "list_max_lines": Field("int", "most lines of such a list (a block up to a blank line; a list "
                                       "numbered 1, 2, 3 ... may spread over four times as many lines, "
                                       "blank ones included)", default=60, minimum=1),
        "list_item_max_words": Field("int", "most words of any of its items", default=25, minimum=1),
        "title_within": Field("int", "look this many lines above the article for a title (0: never)",
                              default=6, minimum=0),
        "title_min_words": Field("int", "fewest words of a title", default=3, minimum=1),
        "title_max_words": Field("int", "most words of a title", default=30, minimum=1),
    }

    def check(self) -> None:
        check_languages(self.languages)

    def scores(self, doc, f) -> tuple[list[int], list[float]]:
        """The non-blank lines and what each adds to (or costs) the article."""
        dropped, words = doc.dropped, f.words
        flags = self.prose_flags(f)
        lines = [i for i, blank in enumerate(f.blank) if not blank]
        prose = [flags[i] and i not in dropped for i in lines]
        # A line stands alone when the lines around it are blank or gone (dropped).
        gone = [blank or i in dropped for i, blank in enumerate(f.blank)] + [True]
        alone = [(i == 0 or gone[i - 1]) and gone[i + 1] for i in range(len(f.blank))]
        separated = self._separated(lines, prose, alone)
        shares = self._block_shares(f, lines, prose) if separated else {}
        line_cost, word_cost, packed, block_share = self.line_cost, self.word_cost, self.packed_weight, \
            self.block_share
        scores = []
        for i, p in zip(lines, prose):
            if p:
                full = not separated or alone[i] or shares.get(i, 0.0) >= block_share
                scores.append(words[i] * (1.0 if full else packed))
            else:
                scores.append(-(line_cost + word_cost * words[i]))
        return lines, scores

    @staticmethod
    def _block_shares(f, lines: list[int], prose: list[bool]) -> dict[int, float]:
        """For each line, the share of prose lines in its block (lines between blank lines)."""
        shares: dict[int, float] = {}
        block: list[int] = []
        count = 0
        for k, (i, p) in enumerate(zip(lines, prose)):
            block.append(i)
            count += p
            if k + 1 == len(lines) or lines[k + 1] != i + 1:  # a blank line follows
                share = count / len(block)
                for j in block:
                    shares[j] = share
                block, count = [], 0
        return shares

    def _separated(self, lines: list[int], prose: list[bool], alone: list[bool]) -> bool:
        if not self.separated_run:
            return False
        run = 0
        for i, p in zip(lines, prose):
            run = run + 1 if p and alone[i] else 0
            if run >= self.separated_run:
                return True
        return False

    def _end_line(self, doc, f, lines: list[int], scores: list[float]) -> int | None:
        """The first ``end`` line with enough prose before it (None: the article may run on)."""
        if not self.end:
            return None
        total, start = 0.0, None
        for i, score in zip(lines, scores):
            if total >= self.end_after_words:
                start = i
                break
            total += max(score, 0.0)
        if start is None:
            return None
        for index, _ in self.pattern_lines(doc, self.end, start, len(doc.lines), contains=self.end_contains):
            if f.words[index] <= self.end_max_words and doc.kept(index):
                return index
        return None

    def apply(self, doc) -> None:
        if not self.paragraph_lines(doc):
            return
        f = self.features(doc)
        lines, scores = self.scores(doc, f)
        end = self._end_line(doc, f, lines, scores)
        if end is not None:
            cut = next(k for k, i in enumerate(lines) if i >= end)
            lines, scores = lines[:cut], scores[:cut]
        if not lines:
            return
        first, last, best = _best_run(scores)
        if best < self.min_words:
            return
        start, stop = lines[first], lines[last]
        stop = self._introduced_list(doc, f, stop)
        if self.title_within and doc.metadata.priority.get("title", -10) < self.info.level:
            self._take_title(doc, f, lines[:first])
        doc.drop_all(chain(range(start), range(stop + 1, len(doc.lines))), self.id)

    def _introduced_list(self, doc, f, stop: int) -> int:
        """The article's last line, taking in a list the article introduces right after it.

        "The tour dates:" then one line a date, or "Ingredients:" then the
        list: the items are short and not prose, so they cost more than they
        add, yet they are the article. Only a kept line of enough words that
        ends with an introducer, right after the article (blank lines
        between), is an introduction; a menu after the article is not
        introduced so, and a related-links block's heading ("More from ...:")
        went to earlier rules. What follows it is taken in when it is one block
        of short kept lines up to a blank line, or a numbered list ("1)",
        "2." ...) counting up from 1, whose items may stand between blank lines
        and carry a short line or two each (a link, a price).
        """
        if not self.list_introducers:
            return stop
        n = len(doc.lines)
        intro = stop + 1
        while intro < n and f.blank[intro]:
            intro += 1
        if (intro >= n or not doc.kept(intro) or f.words[intro] < self.list_intro_min_words
                or f.last[intro] == "" or f.last[intro] not in self.list_introducers):
            return stop
        numbered = self._numbered_list(doc, f, intro)
        if numbered is not None:
            return numbered
        end = intro + 1
        while end < n and not f.blank[end]:
            if (end - intro > self.list_max_lines or not doc.kept(end)
                    or f.words[end] > self.list_item_max_words):
                return stop
            end += 1
        return end - 1 if end - 1 > intro else stop

    def _numbered_list(self, doc, f, intro: int) -> int | None:
        """The last line of a list numbered 1, 2, 3 ... after ``intro``, or None.

        Up to two short lines may follow an item (a link, a price); after the
        last item only those right below it belong to the list. Lines earlier
        rules dropped (an image placeholder, an ad label) are passed over.
        """
        expected, last, items = 1, None, 0
        pending: list[int] = []  # lines after the latest item
        for i in range(intro + 1, min(len(doc.lines), intro + 1 + self.list_max_lines * 4)):
            if f.blank[i] or not doc.kept(i):  # an ad or image placeholder an earlier rule took
                continue
            if f.words[i] > self.list_item_max_words:
                break
            m = _ITEM_NUMBER.match(doc.lines[i])
            if m and int(m.group(1)) == expected:
                expected, last, items, pending = expected + 1, i, items + 1, []
            elif m or last is None or len(pending) >= 2:
                break
            else:
                pending.append(i)
        if items < 3:
            return None
        for i in pending:
            if i != last + 1:
                break
            last = i
        return last

    def _take_title(self, doc, f, above: list[int]) -> None:
        """The longest heading-like line just above the article (bylines, dates, credits are shorter).

        It is looked for among the ``title_within`` lines above the article;
        if none there will do and no rule guessed one, among the ``title_within`` nearest that an
        earlier rule left and that have more than one word, so a byline, a
        date, a view count or a section name cannot push the headline out of
        reach; there a line also needs a stop word, as a headline has and a
        share bar ("Facebook Twitter Email") or a menu does not. (Widening the
        first search instead let long menu lines win.)
        """
        best = self._heading_among(doc, f, above[-self.title_within:])
        if best is None and "title" not in doc.metadata.fields:  # never over a guess
            nearest = [i for i in above if doc.kept(i) and f.words[i] > 1][-self.title_within:]
            best = self._heading_among(doc, f, [i for i in nearest if f.stops[i]])
        if best is not None:
            doc.metadata.set("title", " ".join(doc.lines[best].split()), self.id, self.info.level)

    def _heading_among(self, doc, f, lines: list[int]) -> int | None:
        best = None
        for i in reversed(lines):
            if (doc.kept(i) and self.title_min_words <= f.words[i] <= self.title_max_words
                    and not f.bullet[i] and (not self.ends_sentence(f, i) or f.last[i] in "?!")
                    and normalize_date(doc.lines[i]) is None
                    and (best is None or f.words[i] > f.words[best])):
                best = i
        return best


def _best_run(scores: list[float]) -> tuple[int, int, float]:
    """``(first, last, total)`` of the run of ``scores`` with the highest sum (Kadane)."""
    best, best_first, best_last = float("-inf"), 0, -1
    total, first = 0.0, 0
    for index, score in enumerate(scores):
        if total <= 0:
            total, first = score, index
        else:
            total += score
        if total > best:
            best, best_first, best_last = total, first, index
    return best_first, best_last, best
