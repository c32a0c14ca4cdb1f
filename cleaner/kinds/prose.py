"""What the structural kinds share: the languages field and the test for a line of prose.

A line of prose has enough words, enough of them stop words of the page's
language, and ends like a sentence (or is long enough not to need to). The
thresholds are fields of each rule, so a pack tunes them in TOML.
"""
from __future__ import annotations

from ..text.features import LineFeatures, line_features
from ..text.reflow import wrap_width
from ..text.stopwords import StopwordsUnavailable, check_language
from .fields import Field, SchemaError

# The languages whose stop words measure prose unless a rule names others. Rules that
# share this list share one computation of the line features.
DEFAULT_LANGUAGES = ("en", "de", "fr", "es", "it", "pt", "nl", "pl", "cs", "sk", "sl", "hr", "sv", "da",
                     "nb", "fi", "ru", "uk", "tr", "ro", "hu", "el", "ca", "id", "ko")

LANGUAGES = Field("strings", "languages whose stop words measure prose (ISO codes or jusText "
                             "list names); the page's language is the best-covered one",
                  default=DEFAULT_LANGUAGES)
SENTENCE_END = Field("str", "characters that end a sentence (closing quotes and brackets after "
                            "them are skipped)", default=".!?…。！？")
PROSE_FIELDS = {
    "languages": LANGUAGES,
    "sentence_end": SENTENCE_END,
    "prose_min_words": Field("int", "fewest words of a line of prose", default=8, minimum=1),
    "prose_min_density": Field("float", "smallest share of stop words in a line of prose",
                               default=0.2, minimum=0, maximum=1),
    "prose_long_words": Field("int", "a line with this many words is prose without a sentence end",
                              default=40, minimum=1),
    "truncated": Field("strings", "endings of a cut-off teaser (\"...\"): such a line is not prose",
                       default=("...", "…")),
}


def check_languages(languages: tuple[str, ...]) -> None:
    """Raise ``SchemaError`` for a language without a stop-word list."""
    for language in languages:
        try:
            check_language(language)
        except StopwordsUnavailable as exc:
            raise SchemaError("languages", str(exc)) from None


class ProseMixin:
    """For kinds with ``PROSE_FIELDS`` in their schema."""

    languages: tuple[str, ...]
    sentence_end: str
    prose_min_words: int
    prose_min_density: float
    prose_long_words: int
    truncated: tuple[str, ...]

    def features(self, doc) -> LineFeatures:
        return line_features(doc, tuple(self.languages))

    @staticmethod
    def paragraph_lines(doc) -> bool:
        """Whether each line of ``doc`` is a paragraph, which the structural kinds assume.

        Plain text is reflowed before rules run; a Markdown body whose paragraphs
        are hard-wrapped (as html2text writes them) is not, so the structural
        kinds leave it to the line rules rather than judge fragments of lines.
        """
        known = doc.paragraph_lines
        if known is None:
            known = doc.paragraph_lines = doc.input_type != "markdown" or wrap_width(doc.lines) is None
        return known

    def ends_sentence(self, f: LineFeatures, index: int) -> bool:
        return f.last[index] != "" and f.last[index] in self.sentence_end

    def is_prose(self, f: LineFeatures, index: int) -> bool:
        return self.prose_flags(f)[index]

    def prose_flags(self, f: LineFeatures) -> list[bool]:
        """Whether each line is prose by this rule's thresholds, for all lines at once.

        Computed in one pass and kept with the features, so rules with the same
        thresholds (the shipped structural rules) share it.
        """
        key = ("prose", self.prose_min_words, self.prose_min_density, self.prose_long_words,
               self.truncated, self.sentence_end)
        flags = f.memo.get(key)
        if flags is None:
            min_words, min_density, long_words = self.prose_min_words, self.prose_min_density, \
                self.prose_long_words
            truncated, ends = self.truncated, self.sentence_end
            flags = f.memo[key] = [
                words >= min_words and stops / words >= min_density
                and not (truncated and tail.endswith(truncated))
                and (words >= long_words or (last != "" and last in ends))
                for words, stops, tail, last in zip(f.words, f.stops, f.tails, f.last)]
        return flags
