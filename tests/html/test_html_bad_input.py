"""Bad HTML input gets a best-effort result or one clear error: never a crash or a hang."""
from __future__ import annotations

import pytest

from cleaner.errors import DocumentTimeout, InputError
from cleaner.pipeline import Options, clean_source
from cleaner.packs.ruleset import load_ruleset
from cleaner.io.sources import source_from_bytes, source_from_text

ARTICLE = "<p>" + "The committee met on Tuesday and agreed the plan for the new library. " * 4 + "</p>"
PAGE = f"<!DOCTYPE html><html><head><title>Library plan</title></head><body><article><h1>Library plan</h1>{ARTICLE}{ARTICLE}</article></body></html>"


@pytest.fixture(scope="module")
def ruleset():
    return load_ruleset()


def test_binary_bytes_are_refused_with_one_clear_error(ruleset):
    data = bytes(range(256)) * 64
    with pytest.raises(InputError, match=r"^page\.html: not text \(binary data\)$"):
        clean_source(source_from_bytes(data, "page.html"), ruleset)


def test_binary_without_zero_bytes_gives_a_result_or_a_clear_error(ruleset):
    data = bytes(range(128, 256)) * 400
    try:
        result = clean_source(source_from_bytes(data, "page.html"), ruleset)
    except InputError as exc:
        assert str(exc).startswith("page.html: ")
    else:
        assert isinstance(result.text, str)


def test_truncated_html_keeps_what_is_there(ruleset):
    cut = PAGE[: PAGE.index("</p>") - 20]
    result = clean_source(source_from_text(cut, "cut.html"), ruleset)
    assert "The committee met on Tuesday" in result.text


def test_ten_thousand_deep_nesting_does_not_crash(ruleset):
    deep = "<html><body>" + "<div>" * 10_000 + ARTICLE + "</div>" * 10_000 + "</body></html>"
    result = clean_source(source_from_text(deep, "deep.html"), ruleset)
    assert isinstance(result.text, str)  # the parser caps depth; what it kept is extracted


def test_fifty_megabyte_page_is_refused_clearly(ruleset):
    huge = "<html><body>" + "<p>word word word word</p>" * 2_100_000 + "</body></html>"
    assert len(huge) > 50_000_000
    with pytest.raises(InputError, match=r"^huge\.html: page too large \(5\d\.\d million characters; "
                                         r"the limit is 20 million\)$"):
        clean_source(source_from_text(huge, "huge.html"), ruleset)


def test_wrong_declared_charset_latin1_bytes_declared_utf8(ruleset):
    # Not UTF-8 whatever the page says: the encoding is guessed from the bytes (best effort:
    # a guess can pick a sibling code page for a few accented letters), the text is kept.
    page = PAGE.replace("<head>", '<head><meta charset="utf-8">').replace("library", "bibliothèque café")
    result = clean_source(source_from_bytes(page.encode("latin-1"), "latin.html"), ruleset)
    assert "The committee met on Tuesday" in result.text
    assert "caf" in result.text and "\ufffd" not in result.text


def test_wrong_declared_charset_utf8_bytes_declared_latin1(ruleset):
    page = PAGE.replace("<head>", '<head><meta charset="iso-8859-1">').replace("library", "bibliothèque café")
    result = clean_source(source_from_bytes(page.encode("utf-8"), "utf8.html"), ruleset)
    assert "bibliothèque café" in result.text


def test_xml_declaration_with_encoding_in_decoded_text(ruleset):
    page = '<?xml version="1.0" encoding="iso-8859-1"?>' + PAGE
    assert "The committee met" in clean_source(source_from_text(page, "decl.html"), ruleset).text


def test_per_document_time_limit(ruleset):
    big = "<html><body>" + ("<div class='x'>" + ARTICLE + "</div>") * 3000 + "</body></html>"
    with pytest.raises(DocumentTimeout, match=r"^big\.html: time limit exceeded"):
        clean_source(source_from_text(big, "big.html"), ruleset, Options(time_limit=0.05))


def test_empty_page_gives_an_empty_result(ruleset):
    for text in ("", "<html></html>", "   "):
        result = clean_source(source_from_text(text, "empty.html"), ruleset, Options(input_type="html"))
        assert result.text == ""
