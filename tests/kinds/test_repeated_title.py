from cleaner.metadata import Metadata

from .helper import apply

RULE = 'kind = "repeated-title"\nmin_words = 3\nsummary = true'


def test_repeated_heading_is_title_and_all_copies_go():
    text = "• Big News Happens Today\nBig News Happens Today\nAd\nBig News Happens Today\nBody text here.\n"
    out, meta, dropped = apply(RULE, text)
    assert meta["title"] == "Big News Happens Today" and dropped == [1, 2, 4]
    assert out == "Ad\n\nBody text here.\n"


def test_standfirst_between_copies_becomes_summary():
    text = ("A Headline For The Test\nThis standfirst sentence sums the story up in a few words.\n"
            "A Headline For The Test\nThe body.\n")
    out, meta, _ = apply(RULE, text)
    assert meta["summary"].startswith("This standfirst") and out == "The body.\n"


def test_two_paragraphs_between_copies_are_body_not_summary():
    text = ("A Headline For The Test\nFirst paragraph of the body, long enough to count.\n"
            "Second paragraph of the body, long enough to count.\nA Headline For The Test\n")
    out, meta, _ = apply(RULE, text)
    assert "summary" not in meta and out.count("paragraph of the body") == 2


def test_known_title_is_removed_from_body():
    meta = Metadata()
    meta.set("title", "Known title of the page", "trafilatura", -1)
    out, _, dropped = apply(RULE, "Known title of the page\nBody.\n", meta)
    assert dropped == [1] and out == "Body.\n"


def test_sentence_is_not_taken_as_title():
    out, meta, _ = apply(RULE, "This first line is a sentence.\nBody.\n")
    assert "title" not in meta and out.startswith("This first line")
