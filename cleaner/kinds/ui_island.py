"""``ui-island``: interface text inside the body (image credits, "Sign up", "Watch the video").

A short line that is not prose and is made mostly of interface words (from
``words``, a multilingual list in the rule) is a control or a label, not part
of the article: "Photo: Getty Images", "Sign in to comment", "Watch Video".
Phrases of several words in the list match as a whole. A line of prose, or a
line with few interface words, stays.
"""
from __future__ import annotations

from .base import STRUCTURE, RuleKind
from .fields import Field
from .prose import PROSE_FIELDS, ProseMixin, check_languages


class UiIslandRule(ProseMixin, RuleKind):
    name = "ui-island"
    stage = STRUCTURE
    summary = "drop short non-prose lines made mostly of interface words"
    schema = {
        **PROSE_FIELDS,
        "words": Field("strings", "interface words and phrases (lower case)", required=True),
        "max_words": Field("int", "most words of an interface line", default=10, minimum=1),
        "min_share": Field("float", "smallest share of the line's words that are interface words",
                           default=0.5, minimum=0, maximum=1),
    }

    def check(self) -> None:
        check_languages(self.languages)
        self._single = frozenset(w for w in self.words if " " not in w)
        self._phrases = tuple(w for w in self.words if " " in w)

    def _interface_words(self, key: str) -> int:
        tokens = key.split()
        hits = sum(1 for t in tokens if t in self._single)
        if self._phrases:
            padded = f" {key} "
            hits += sum(phrase.count(" ") + 1 for phrase in self._phrases if f" {phrase} " in padded)
        return hits

    def apply(self, doc) -> None:
        if not self.paragraph_lines(doc):
            return
        f = self.features(doc)
        for index, key in enumerate(f.keys):
            words = f.words[index]
            if not words or words > self.max_words or not doc.kept(index) or self.is_prose(f, index):
                continue
            if self._interface_words(key) >= self.min_share * words:
                doc.drop(index, self.id)
