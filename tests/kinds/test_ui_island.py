"""The ui-island kind: lines made of interface words."""
from __future__ import annotations

from cleaner.text.parse import body_text

from .helper import PROSE, clean, rule_from


def test_ui_islands_match_words_and_phrases_but_spare_prose(tmp_path):
    rule = rule_from(tmp_path, "ui-island", 'words = ["photo", "getty", "images", "sign up", "watch"]')
    text = "\n".join([PROSE[0], "Photo: Getty Images", "Sign up now", "Watch the skies",
                      "Watch: photo of the new pool, taken on Sunday by a resident who lives nearby."])
    assert body_text(clean([rule], text)).rstrip("\n").split("\n\n") == [
        PROSE[0], "Watch the skies", "Watch: photo of the new pool, taken on Sunday by a resident who lives nearby."]
