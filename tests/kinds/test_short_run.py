"""The short-run kind: runs of short lines between paragraphs (menus, teasers)."""
from __future__ import annotations

from cleaner.text.parse import body_text, parse_text

from .helper import PROSE, clean, rule_from


def test_short_runs_respect_their_thresholds(tmp_path):
    rule = rule_from(tmp_path, "short-run", "max_words = 3\nmin_lines = 3\nmax_gap = 0")
    text = "\n".join([PROSE[0], "World", "Business", "", PROSE[1], "World", "Business", "Sport",
                      PROSE[2], "One", "", "Two", "", "Three", PROSE[3]])
    kept = body_text(clean([rule], text)).split("\n\n")
    assert "Sport" not in "".join(kept) and "World" in kept and "Three" in "\n".join(kept)


def test_short_runs_spare_tables_and_introduced_lists(tmp_path):
    rule = rule_from(tmp_path, "short-run")
    text = "\n".join([PROSE[0], "Team\tWon\tLost", "Lions\t3\t1", "Tigers\t2\t2", PROSE[1],
                      "What to pack:", "Water", "A map", "Warm socks"])
    assert body_text(clean([rule], text)) == body_text(parse_text(text))


def test_short_runs_stay_on_a_page_with_little_prose(tmp_path):
    """A listing: its items are the runs of short lines, and its few sentences a small share."""
    items = []
    for k in range(1, 9):
        items += [f"Team {k} is hiring", f"{k} days ago"]
    text = "\n".join([PROSE[0], "World", "Business", "Sport"] + items)
    menu_gone = body_text(clean([rule_from(tmp_path, "short-run")], text))
    assert "Team 3 is hiring" not in menu_gone
    rule = rule_from(tmp_path, "short-run", "min_sentence_share = 0.5")
    assert body_text(clean([rule], text)) == body_text(parse_text(text))
    prose_page = "\n".join([PROSE[0], "World", "Business", "Sport", PROSE[1], PROSE[2]])
    assert "Sport" not in body_text(clean([rule], prose_page))  # enough prose: the menu goes
