"""Copied text: title, date and author read from the lines around the headline."""
from __future__ import annotations

import subprocess
import sys

from cleaner.meta.scorer import load_model
from cleaner.meta.text import choose_text
from cleaner.meta.text_author import author_candidates
from cleaner.meta.text_date import date_candidates
from cleaner.meta.text_lines import Line, Snapshot
from cleaner.meta.text_title import title_candidates
from cleaner.packs.ruleset import load_ruleset
from cleaner.io.sources import source_from_text
from cleaner.pipeline import Options, clean_source

PROSE = ("The first paragraph of the story goes on for a while, long enough to be prose, with "
         "more than twenty-five words in it so that the step sees where the article starts.")


def _snap(*texts: str) -> Snapshot:
    return Snapshot([Line(i, t) for i, t in enumerate(texts)], None, None)


def test_headline_byline_and_date_lines_are_candidates_and_chosen():
    snap = _snap("Home", "News", "A Headline Written Like A Headline", "By Jane Roe | 12 Nov 2025", PROSE)
    assert "A Headline Written Like A Headline" in [t for t, _, _ in title_candidates(snap)]
    assert [d for d, _, _ in date_candidates(snap, 2)] == ["2025-11-12"]
    assert [a for a, _, _ in author_candidates(snap, 2)] == [["Jane Roe"]]
    chosen = choose_text(snap, load_model()["text"])
    assert chosen["title"][0] == "A Headline Written Like A Headline"
    assert chosen["date"][0] == "2025-11-12"
    assert chosen["author"][0] == ["Jane Roe"]


def test_a_headline_in_capitals_is_given_as_the_page_also_writes_it():
    snap = _snap("Home", "Tips for Online Success", "Exam Tips", "TIPS FOR ONLINE SUCCESS", PROSE)
    chosen = choose_text(snap, load_model()["text"])
    assert chosen["title"][0] == "Tips for Online Success"


def test_a_name_under_an_author_label_and_a_glued_byline_are_author_candidates():
    snap = _snap("A Headline Written Like A Headline", "Written by:", "Jane Roe", PROSE)
    assert ["Jane Roe"] in [a for a, _, _ in author_candidates(snap, 0)]
    snap = _snap("A Headline Written Like A Headline", "ByJane RoeMar 5, 2025 | 6 comments", PROSE)
    assert [a for a, _, _ in author_candidates(snap, 0)] == [["Jane Roe"]]
    snap = _snap("A Headline Written Like A Headline", "by Jane Roe—10 min read", PROSE)
    assert [a for a, _, _ in author_candidates(snap, 0)][0] == ["Jane Roe"]


def test_a_single_name_before_a_date_is_an_author_but_a_status_word_is_not():
    snap = _snap("A Headline Written Like A Headline", "Susan December 9, 2024 0 Comments",
                 "Updated December 9, 2024", PROSE)
    assert [a for a, _, _ in author_candidates(snap, 0)] == [["Susan"]]
    snap = _snap("A Headline Written Like A Headline", "Tokyo, April 8 (AFP) Apr 08, 2025", PROSE)
    assert author_candidates(snap, 0) == []  # a dateline's place


def test_breadcrumb_trails_and_dated_lines_are_not_titles():
    snap = _snap("Home > News > World", "12 Nov 2025", "A Headline Written Like A Headline", PROSE)
    titles = [t for t, _, _ in title_candidates(snap)]
    assert "Home > News > World" not in titles and "12 Nov 2025" not in titles


def test_clean_copied_text_gives_title_date_and_author_with_their_signals():
    text = "\n".join(["Menu", "Search", "World", "River Rises Above Flood Mark In Valley Town",
                      "By Ann Lee", "12 Nov 2025", PROSE, PROSE.replace("first", "second")]) + "\n"
    result = clean_source(source_from_text(text, "copy.txt"), load_ruleset(), Options(input_type="text"))
    meta = result.metadata
    assert meta.fields["title"] == "River Rises Above Flood Mark In Valley Town"
    assert meta.fields["date"] == "2025-11-12"
    assert meta.fields["author"] == ["Ann Lee"]
    assert all(meta.sources[f] for f in ("title", "date", "author"))


def test_no_page_metadata_asked_no_metadata_step():
    text = "River Rises Above Flood Mark In Valley Town\nBy Ann Lee\n12 Nov 2025\n" + PROSE + "\n"
    result = clean_source(source_from_text(text, "copy.txt"), load_ruleset(),
                          Options(input_type="text", page_metadata=False))
    assert not any(s.startswith("text:") for s in result.metadata.sources.values())


def test_a_huge_line_costs_no_more_than_a_paragraph():
    import time

    text = "A Headline Written Like A Headline\n" + "word " * 2_000_000 + "\n"
    started = time.monotonic()
    clean_source(source_from_text(text, "big.txt"), load_ruleset(), Options(input_type="text", time_limit=60))
    assert time.monotonic() - started < 30


def test_cleaning_copied_text_with_its_metadata_imports_no_html_library():
    code = ("import sys\n"
            "from cleaner.io.sources import source_from_text\n"
            "from cleaner.packs.ruleset import load_ruleset\n"
            "from cleaner.pipeline import Options, clean_source\n"
            "text = 'A Headline Written Like A Headline\\nBy Ann Lee\\n12 Nov 2025\\n' + 'Some words here. ' * 20\n"
            "meta = clean_source(source_from_text(text), load_ruleset(), Options(input_type='text')).metadata\n"
            "assert meta.fields['author'] == ['Ann Lee'], meta.fields\n"
            "found = sorted(m for m in ('lxml', 'trafilatura', 'numpy', 'dateparser') if m in sys.modules)\n"
            "sys.exit(f'imported {found}' if found else 0)\n")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert run.returncode == 0, run.stdout + run.stderr



def test_headline_parts_are_candidates_beside_the_whole_line():
    snap = _snap("Home", "Best Kayaks of the Year – Tested on Three Rivers", PROSE)
    titles = {t: f for t, f, _ in title_candidates(snap)}
    assert "Best Kayaks of the Year – Tested on Three Rivers" in titles
    assert titles["Best Kayaks of the Year"].get("variant:head") == 1.0
    assert titles["Tested on Three Rivers"].get("variant:tail") == 1.0
    snap = _snap("Title:A Study of Rivers", PROSE)
    assert "A Study of Rivers" in [t for t, _, _ in title_candidates(snap)]
    snap = _snap("WHAT IS CHANGING IN THE RIVER CODES?", PROSE)
    assert "What Is Changing in the River Codes?" in [t for t, _, _ in title_candidates(snap)]


def test_a_line_the_article_names_and_furniture_labels_are_marked():
    snap = _snap("Skip to content", "Iris Hemp Dress", "We love the Iris Hemp Dress and its three layers of fabric "
                 "that move with every step you take in it.")
    feats = {t: f for t, f, _ in title_candidates(snap)}
    assert feats["Iris Hemp Dress"].get("in_prose") == 1.0
    assert feats["Skip to content"].get("ui_label") == 1.0


def test_dates_glued_to_a_name_or_a_post_age_and_month_first_with_dots_are_read():
    snap = _snap("A Headline Written Like A Headline", "ByJane RoeMar 5, 2025", "April 2, 20241 yr",
                 "06.18.2025", "12.06.2025", "02.30.2025", PROSE)
    assert [d for d, _, _ in date_candidates(snap, 0)] == ["2025-03-05", "2024-04-02", "2025-06-18", "2025-06-12"]


def test_more_author_lines_are_candidates():
    def authors(*texts: str) -> list[list[str]]:
        return [a for a, _, _ in author_candidates(_snap("A Headline Written Like A Headline", *texts, PROSE), 0)]

    assert authors("by Jane Roe, Senior Director, Content & Marketing, Example Institute") == [["Jane Roe"]]
    assert authors("jroe42 February 20, 2026, 4:55pm 1") == [["jroe42"]]
    assert authors("Jroe (Jane Roe) July 30, 2024, 3:22pm 1") == [["Jroe"]]
    assert authors("December 15, 2025 · 30 min · 6279 words · Jane Roe") == [["Jane Roe"]]
    assert authors("Jane Roe", "Author’s Profile") == [["Jane Roe"]]
    assert authors("Jane Roe and John Doe | Guest Columnists") == [["Jane Roe", "John Doe"]]
    assert authors("Thread starter jroe", "Start date Jan 2, 2024") == [["jroe"]]
    assert authors("asked Feb 4, 2014 at 13:02", "Jroe") == [["Jroe"]]
    assert authors("Jane Roe", "Jane Roe is a reporter who covers rivers.") == [["Jane Roe"]]
    assert authors("Posted by Jane Roe on 2025-12-18 in news. Tags: rivers, boats, and more words here.") == [
        ["Jane Roe"]]
    assert authors("Updated December 9, 2024") == []


def test_a_line_above_the_body_that_repeats_its_words_is_told_from_a_menu():
    body = ("Kayaking the river delta takes three days, and the delta rewards every "
            "paddler who plans the tides with care.")
    snap = _snap("Home", "Shop", "Guides", "About", "Contact", "Free shipping on orders of two boats",
                 "Kayaking the River Delta",
                 "By Jane Roe", body, "Gear for the trip", body.replace("three", "four"))
    feats = {t: f for t, f, _ in title_candidates(snap)}
    headline, menu, section = feats["Kayaking the River Delta"], feats["Guides"], feats["Gear for the trip"]
    assert menu.get("in_short_run") == 1.0 and not headline.get("in_short_run")
    assert headline.get("nearest_before_body") == 1.0 and headline.get("before_body") == 1.0
    assert headline.get("long_in_3") == 1.0 and not menu.get("long_in_3")
    assert headline["body_echo"] == 1.0 and headline.get("top_body_echo") == 1.0
    assert not headline.get("long_before") and section["long_before"] == 0.1
    assert headline["kept_echo"] == 1.0 and not menu.get("kept_echo")


def test_a_soft_hyphen_and_a_leading_arrow_are_not_part_of_the_headline():
    snap = _snap("» Kayaking the River Del\u00adta", PROSE)
    assert "Kayaking the River Delta" in [t for t, _, _ in title_candidates(snap)]
