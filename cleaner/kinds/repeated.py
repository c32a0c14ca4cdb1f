"""``repeated``: lines the page repeats (a menu rendered twice, the headline three times).

Lines are compared by their words alone (case, bullets and punctuation
ignored). A repeated line of at most ``max_words`` words that does not end
like a sentence is chrome: every copy goes. A longer repeated line (a pull
quote, a caption shown twice) keeps its first copy that is still in the text
(a copy in a dropped teaser does not count); the later ones go.
"""
from __future__ import annotations

from .base import STRUCTURE, RuleKind
from .fields import Field
from .prose import LANGUAGES, SENTENCE_END, ProseMixin, check_languages


class RepeatedRule(ProseMixin, RuleKind):
    name = "repeated"
    stage = STRUCTURE
    summary = "drop lines the page repeats: short ones entirely, longer ones after the first copy"
    schema = {
        "languages": LANGUAGES,
        "sentence_end": SENTENCE_END,
        "min_count": Field("int", "how often a line must occur to count as repeated", default=2, minimum=2),
        "max_words": Field("int", "repeated lines up to this many words (without a sentence end) "
                                  "go entirely", default=12, minimum=0),
        "keep_first": Field("bool", "keep the first copy of longer repeated lines", default=True),
    }

    def check(self) -> None:
        check_languages(self.languages)

    def apply(self, doc) -> None:
        if not self.paragraph_lines(doc):
            return
        f = self.features(doc)
        seen: set[str] = set()
        for index, key in enumerate(f.keys):
            if not key or f.counts[key] < self.min_count:
                continue
            short = f.words[index] <= self.max_words and not self.ends_sentence(f, index)
            if short or not self.keep_first or key in seen:
                doc.drop(index, self.id)
            elif doc.kept(index):
                seen.add(key)
