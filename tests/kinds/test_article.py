"""The article kind: the densest run of prose and what belongs to it (lists, title)."""
from __future__ import annotations

import textwrap

import pytest

from cleaner.engine import run_rules
from cleaner.errors import RuleFileError
from cleaner.metadata import Metadata
from cleaner.text.parse import body_text, parse_text

from .helper import PROSE, clean, rule_from

DATES = ["June 9 -- Coral Sky Amphitheatre, West Palm Beach, FL", "June 10 -- The Forum, Tampa, FL",
         "June 14 -- Ameris Bank Amphitheatre, Alpharetta, GA", "June 17 -- Bridgestone Arena, Nashville, TN"]
FOOTER = ["", "Facebook", "Twitter", "Customer Service", "Subscribe", "Newsletter"]
NUMBERED = ["1) Lego Star Wars Bomber", "http://example.com/a", "", "2) Electric Race Track",
            "http://example.com/b", "", "", "3) Blade Runner Final Cut", "", "http://example.com/c", "",
            "4) Ghostbusters Collection", "http://example.com/d"]


def test_article_drops_chrome_before_and_after_the_densest_run_of_prose(tmp_path):
    rule = rule_from(tmp_path, "article")
    text = "\n".join(["Home", "News", "Sport", "A Headline About The Council", ""]
                     + [p + "\n" for p in PROSE[:2]] + ["Budget in numbers", ""]
                     + [p + "\n" for p in PROSE[2:]] + ["Most read", "Other story", "Contact"])
    doc = clean([rule], text)
    assert body_text(doc) == "\n\n".join(PROSE[:2] + ["Budget in numbers"] + PROSE[2:]) + "\n"
    assert doc.metadata.fields["title"] == "A Headline About The Council"
    assert {doc.dropped[i] for i in doc.dropped} == {"test/article"}


def test_article_does_nothing_without_enough_prose(tmp_path):
    rule = rule_from(tmp_path, "article", "min_words = 100")
    text = "Home\n" + "\n\n".join(PROSE) + "\nContact\n"
    assert body_text(clean([rule], text)) == body_text(parse_text(text))


def test_an_end_line_closes_the_article_before_the_comments(tmp_path):
    rule = rule_from(tmp_path, "article", "end = '(?i)^\\d+ comments$'\nend_after_words = 20")
    comments = ["Great article, I agree with every word of what the council decided on Tuesday.",
                "I do not agree at all, and I think the pool should have been closed years ago."]
    text = "\n\n".join(PROSE + ["12 comments"] + comments) + "\n"
    assert body_text(clean([rule], text)) == "\n\n".join(PROSE) + "\n"


def test_packed_teasers_do_not_pull_the_article_on_a_page_of_separated_paragraphs(tmp_path):
    rule = rule_from(tmp_path, "article")
    teasers = [f"Teaser headline number {n}Another story that people read today, with a summary of it."
               for n in range(6)]
    menu = ["Home", "News", "Latest", "World", "Business", "Weather", "Sport", "Video", "Travel"]
    text = "\n".join(menu + teasers + menu + [""]) + "\n" + "\n\n".join(PROSE) + "\n"
    assert body_text(clean([rule], text)) == "\n\n".join(PROSE) + "\n"


@pytest.mark.parametrize("intro, items, kept", [
    ("The band's tour dates for next year:", DATES, True),  # introduced: part of the article
    ("The band's tour dates for next year", DATES, False),  # not introduced
    ("Dates:", DATES, False),  # too few words to introduce anything
    ("The band's tour dates for next year:", DATES[:2] + ["x " * 30] + DATES[2:], False),  # an item too long
])
def test_a_list_the_article_introduces_after_it_is_kept(tmp_path, intro, items, kept):
    rule = rule_from(tmp_path, "article", 'list_introducers = ":"')
    text = "\n\n".join(PROSE + [intro + "\n" + "\n".join(items)]) + "\n" + "\n".join(FOOTER) + "\n"
    expected = PROSE + ([intro, *items] if kept else [])  # each kept line is a paragraph
    assert body_text(clean([rule], text)) == "\n\n".join(expected) + "\n"


@pytest.mark.parametrize("items, kept_lines", [
    (NUMBERED, NUMBERED),  # items counting up, with blank lines and a link each
    (NUMBERED + ["", "Share", "Tweet"], NUMBERED),  # what follows the list after a blank line is not it
    ([line.replace("1)", "5)", 1) for line in NUMBERED], []),  # not counting from 1
    (NUMBERED[:5], []),  # two items are not a list
])
def test_a_numbered_list_the_article_introduces_is_kept(tmp_path, items, kept_lines):
    rule = rule_from(tmp_path, "article", 'list_introducers = ":"')
    intro = "Here are the offers you should not miss this year:"
    text = "\n\n".join(PROSE + [intro]) + "\n\n" + "\n".join(items) + "\n" + "\n".join(FOOTER) + "\n"
    expected = PROSE + ([intro, *[line for line in kept_lines if line]] if kept_lines else [])
    assert body_text(clean([rule], text)) == "\n\n".join(expected) + "\n"


def test_a_line_an_earlier_rule_dropped_does_not_end_a_numbered_list(tmp_path):
    rule = rule_from(tmp_path, "article", 'list_introducers = ":"')
    intro = "Here are the offers you should not miss this year:"
    items = NUMBERED[:3] + ["[image-300x200]"] + NUMBERED[3:]
    doc = parse_text("\n\n".join(PROSE + [intro]) + "\n\n" + "\n".join(items) + "\n")
    doc.drop(doc.lines.index("[image-300x200]"), "test/placeholder")
    run_rules(doc, [rule])
    assert body_text(doc) == "\n\n".join(PROSE + [intro] + [line for line in NUMBERED if line]) + "\n"


def test_introduced_lists_are_off_unless_a_pack_names_introducers(tmp_path):
    rule = rule_from(tmp_path, "article")
    text = "\n\n".join(PROSE + ["The band's tour dates for next year:\n" + "\n".join(DATES)]) + "\n"
    assert body_text(clean([rule], text)) == "\n\n".join(PROSE) + "\n"


def test_a_title_above_byline_fragments_is_still_found(tmp_path):
    rule = rule_from(tmp_path, "article")
    fragments = ["3.409", "views", "No comments", "00", "Film", "Share"]  # one-word or no title
    doc = clean([rule], "Menu\nA Headline About The Council Budget\n" + "\n".join(fragments) + "\n\n"
                + "\n\n".join(PROSE) + "\n")
    assert doc.metadata.fields["title"] == "A Headline About The Council Budget"


def test_the_wider_title_search_does_not_replace_a_guess(tmp_path):
    rule = rule_from(tmp_path, "article")
    meta = Metadata()
    meta.set("title", "A Guessed Title", "generic/title/repeated", -0.5)
    fragments = ["3.409", "views", "No comments", "00", "Film", "Share"]
    doc = clean([rule], "A Headline About The Council Budget\n" + "\n".join(fragments) + "\n\n"
                + "\n\n".join(PROSE) + "\n", meta)
    assert doc.metadata.fields["title"] == "A Guessed Title"


def test_article_keeps_a_title_a_rule_found(tmp_path):
    rule = rule_from(tmp_path, "article")
    meta = Metadata()
    meta.set("title", "The Real Title", "site/title", 1)
    doc = clean([rule], "A Heading Line Above\n" + "\n\n".join(PROSE) + "\n", meta)
    assert doc.metadata.fields["title"] == "The Real Title"


def test_unknown_language_is_a_rule_file_error(tmp_path):
    with pytest.raises(RuleFileError, match=r'pack\.toml:\d+: test/article: no stop-word list for language "xx"'):
        rule_from(tmp_path, "article", 'languages = ["en", "xx"]')


def test_hard_wrapped_markdown_is_left_to_the_line_rules(tmp_path):
    rule = rule_from(tmp_path, "article")
    paragraphs = [" ".join(PROSE) + " " + p for p in PROSE]
    wrapped = "Home\nNews\nSport\n\n" + "\n\n".join(textwrap.fill(p, 72) for p in paragraphs) + "\n"
    doc = parse_text(wrapped, metadata=Metadata(), input_type="markdown")
    run_rules(doc, [rule])
    assert doc.dropped == {}
    unwrapped = "Home\nNews\nSport\n\n" + "\n\n".join(paragraphs) + "\n"
    doc = parse_text(unwrapped, metadata=Metadata(), input_type="markdown")
    run_rules(doc, [rule])
    assert sorted(doc.dropped) == [0, 1, 2, 3]
