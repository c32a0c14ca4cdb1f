"""Text shown through the wrong character set is repaired; text that is only unusual is not."""
from __future__ import annotations

import subprocess
import sys

import pytest

import cleaner
from cleaner.text.mojibake import repair, repair_lines, repair_text, suspect


@pytest.mark.parametrize("broken, fixed", [
    ("It isnâ€™t just a trend", "It isn’t just a trend"),
    ("empowering â€¦There is", "empowering …There is"),
    ("cafÃ© olÃ©", "café olé"),
    ("Ã‰cole", "École"),
    ("5 Ã— 3", "5 × 3"),
    ("Â£100", "£100"),
    ("Ð¿Ñ€Ð¸Ð²ÐµÑ‚", "привет"),
    ("æ—¥æœ¬èªž", "日本語"),
])
def test_text_encoded_twice_is_repaired(broken, fixed):
    assert suspect(broken)
    assert repair(broken) == fixed


@pytest.mark.parametrize("text", [
    "Café crème, naïve façade",
    "SÃO PAULO — São Paulo, Ñandú",
    "\"Straight\" and “curly” quotes stay as written",
    "Ligatures like ﬁ and full-width ＡＢＣ stay",
])
def test_correct_text_is_left_alone(text):
    assert repair(text) == text
    assert repair_text(text) == text


def test_only_broken_lines_change_and_the_line_count_is_kept():
    lines = ["A fine line.", "It donâ€™t matter.", "Another “fine” line."]
    assert repair_lines(lines) == ["A fine line.", "It don’t matter.", "Another “fine” line."]
    clean = ["Nothing here.", "Nor here."]
    assert repair_lines(clean) is clean
    assert repair_text("one\nIt donâ€™t\nthree").split("\n") == ["one", "It don’t", "three"]


def test_copied_text_is_repaired_before_cleaning():
    text = "The storyâ€™s first paragraph is long enough to be kept as the article body here.\n"
    assert cleaner.clean(text, kind="text").text == (
        "The story’s first paragraph is long enough to be kept as the article body here.\n")


def test_an_html_page_encoded_twice_gives_repaired_body_and_title():
    body = "".join(f"<p>Paragraph {n}: the teamâ€™s plan didnâ€™t change, and the cafÃ© stayed open "
                   f"all winter long for everyone in town.</p>" for n in range(6))
    page = (f"<html><head><title>The cafÃ©â€™s winter</title></head><body><article><h1>The cafÃ©â€™s winter"
            f"</h1>{body}</article></body></html>")
    result = cleaner.clean(page, kind="html")
    assert "â€" not in result.text and "Ã©" not in result.text
    assert "the team’s plan didn’t change, and the café stayed open" in result.text
    assert result.metadata.fields["title"] == "The café’s winter"


def test_the_text_path_does_not_import_ftfy_for_ordinary_text():
    code = ("import sys, cleaner; cleaner.clean('A plain line of text that needs nothing.\\n', kind='text'); "
            "print('ftfy' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
