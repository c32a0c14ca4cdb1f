"""Per-line features: the page's language from stop words, and what the text path imports."""
from __future__ import annotations

import subprocess
import sys

import pytest

from cleaner.text.features import line_features
from cleaner.kinds.prose import DEFAULT_LANGUAGES
from cleaner.text.parse import parse_text

SENTENCES = {
    "en": "The mayor said that the bridge would be closed for the whole of the summer.",
    "de": "Der Bürgermeister sagte, dass die Brücke den ganzen Sommer über gesperrt sein werde.",
    "fr": "Le maire a dit que le pont serait fermé pendant tout l’été et pour une année.",
    "es": "El alcalde dijo que el puente estaría cerrado durante todo el verano y que no habrá.",
    "it": "Il sindaco ha detto che il ponte sarà chiuso per tutta l’estate e che non ci sono.",
    "pt": "O prefeito disse que a ponte ficará fechada durante todo o verão e que não há.",
    "nl": "De burgemeester zei dat de brug de hele zomer gesloten zal zijn en dat het niet kan.",
}


@pytest.mark.parametrize("language", sorted(SENTENCES))
def test_the_page_language_is_the_best_covered_one(language):
    doc = parse_text("Menu\nFacebook\n" + SENTENCES[language] + "\n")
    features = line_features(doc, DEFAULT_LANGUAGES)
    assert features.language == language
    assert features.density(2) >= 0.3 > features.density(0)


def test_features_are_computed_once_per_document():
    doc = parse_text(SENTENCES["en"])
    assert line_features(doc, ("en",)) is line_features(doc, ("en",))


def test_sentence_ends_skip_closing_quotes_and_spaces():
    doc = parse_text("He said “no.”\u00a0\nA teaser that stops…\nMenu")
    features = line_features(doc, ("en",))
    assert features.last == [".", "…", "u"]
    assert features.tails[1].endswith("…")


def test_cleaning_text_imports_neither_lxml_nor_justext_nor_trafilatura():
    code = ("import sys; from cleaner import clean; clean('Home\\n' + 'The mayor said so. ' * 20 + '\\n'); "
            "print(sorted(m for m in ('lxml', 'justext', 'trafilatura') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
