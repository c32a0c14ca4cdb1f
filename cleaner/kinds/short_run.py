"""``short-run``: drop runs of short lines without sentence punctuation.

Menus, tag lists, related headlines and footer links come as runs of short
lines, none of which ends like a sentence; an article's subheading is one
such line between paragraphs, not a run. A run is at least ``min_lines`` kept
lines of at most ``max_words`` words each, with at most ``max_gap`` blank lines
between two of them. Lines earlier rules dropped are skipped over: they neither
extend nor break a run. A table row (cells separated by tabs, as a browser
copies them) is not a menu entry and breaks a run.

A list the text introduces ("The tour dates:") is content: with
``keep_introduced``, a run right after a line that ends with ``introducers``
stays.

On a page with little prose (a listing, search results, a table of events),
the runs of short lines are the items themselves: with ``min_sentence_share``,
the rule does nothing where lines ending like a sentence hold less than that
share of the page's words.
"""
from __future__ import annotations

from .base import STRUCTURE, RuleKind
from .fields import Field
from .prose import LANGUAGES, SENTENCE_END, ProseMixin, check_languages


class ShortRunRule(ProseMixin, RuleKind):
    name = "short-run"
    stage = STRUCTURE
    summary = "drop runs of short lines without sentence punctuation (menus, link lists)"
    schema = {
        "languages": LANGUAGES,
        "sentence_end": SENTENCE_END,
        "max_words": Field("int", "most words of a line in a run", default=6, minimum=0),
        "min_lines": Field("int", "fewest lines of a run", default=3, minimum=2),
        "max_gap": Field("int", "most blank lines between two lines of a run", default=1, minimum=0),
        "keep_introduced": Field("bool", "keep a run that follows a line ending with an introducer",
                                 default=True),
        "introducers": Field("str", "characters that end a line introducing a list", default=":"),
        "min_sentence_share": Field("float", "do nothing on a page where lines ending like a sentence "
                                             "hold less than this share of the words (a listing or a "
                                             "results page: its runs of short lines are the items; 0: "
                                             "every page)", default=0.0, minimum=0, maximum=1),

    }

    def check(self) -> None:
        check_languages(self.languages)

    def _short(self, doc, f, index: int) -> bool:
        last = f.last[index]
        return (f.words[index] <= self.max_words and not self.ends_sentence(f, index)
                and not (self.keep_introduced and last != "" and last in self.introducers)
                and "\t" not in doc.lines[index].strip())

    def apply(self, doc) -> None:
        if not self.paragraph_lines(doc):
            return
        f = self.features(doc)
        if self.min_sentence_share and self._sentence_share(f) < self.min_sentence_share:
            return
        run: list[int] = []
        introduced = False
        gap = 0
        previous_last = ""  # how the kept line before the current one ends
        for index in range(len(doc.lines)):
            if f.blank[index]:
                gap += 1
                continue
            if not doc.kept(index):
                continue
            short = self._short(doc, f, index)
            if run and (not short or gap > self.max_gap):
                self._close(doc, run, introduced)
                run = []
            if short:
                if not run:
                    introduced = self.keep_introduced and previous_last != "" \
                        and previous_last in self.introducers
                run.append(index)
            previous_last = f.last[index]
            gap = 0
        self._close(doc, run, introduced)

    def _sentence_share(self, f) -> float:
        """The share of the page's words on lines that end like a sentence."""
        words = f.words
        total = sum(words)
        ended = sum(words[i] for i in range(len(words)) if words[i] and self.ends_sentence(f, i))
        return ended / total if total else 0.0

    def _close(self, doc, run: list[int], introduced: bool) -> None:
        if len(run) < self.min_lines or introduced:
            return
        for index in run:
            doc.drop(index, self.id)
