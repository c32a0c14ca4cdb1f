"""HTML pages through the pipeline: URL scoping, metadata merging, fallbacks, Markdown, the CLI."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from cleaner.html import extract
from cleaner.cli.app import main
from cleaner.pipeline import Options, clean_source
from cleaner.packs.ruleset import load_ruleset
from cleaner.io.sources import source_from_text

ROOT = Path(__file__).resolve().parents[2]
ARTICLE = " ".join(["The river rose two metres overnight and the old bridge was closed to traffic."] * 3)
PAGE = f"""<html lang="en"><head><title>River Rises | Valley News</title>
<link rel="canonical" href="https://www.valley.example/news/river-rises">
<meta property="og:title" content="River Rises"><meta name="author" content="Ann Lee; Bo Chen">
</head><body><article><h1>River Rises</h1>
<div class="promo-box">Buy a valley mug today</div>
<h2>Closures</h2><p>{ARTICLE}</p>
<ul><li>Bridge Street is closed until Friday, the council said.</li><li>The ferry runs every hour instead.</li></ul>
<p>More at <a href="https://www.valley.example/roads">the roads page</a>, updated hourly by the council.</p>
</article></body></html>"""

SITE_PACK = """[pack]
name = "valley"
domains = ["valley.example"]

[[rule]]
id = "valley/promo"
kind = "remove"
message = "mug promotion"
selector = ".promo-box"
  [[rule.example]]
  input = "<p>a</p><div class='promo-box'>mug</div>"
  expect = "a\\n"

[[rule]]
id = "valley/headline"
kind = "headline"
message = "headline, captured"
selector = "h1"
capture = true
  [[rule.example]]
  input = "<h1>Big news</h1><p>a</p>"
  expect = "a\\n"
  metadata = { title = "Big news" }
"""


@pytest.fixture(scope="module")
def ruleset(tmp_path_factory):
    folder = tmp_path_factory.mktemp("packs")
    (folder / "valley.toml").write_text(SITE_PACK, encoding="utf-8")
    return load_ruleset([folder])


def clean(text, ruleset, **options):
    return clean_source(source_from_text(text, "page.html"), ruleset, Options(**options))


def test_site_pack_scoped_by_the_canonical_link(ruleset):
    result = clean(PAGE, ruleset)
    assert "mug" not in result.text
    assert result.metadata.fields["url"] == "https://www.valley.example/news/river-rises"
    assert any(r.rule == "valley/promo" for r in result.removed)


def test_site_pack_scoped_by_url_option_and_not_without_it(ruleset):
    page = PAGE.replace('<link rel="canonical" href="https://www.valley.example/news/river-rises">', "")
    assert "Buy a valley mug" in clean(page, ruleset).text
    result = clean(page, ruleset, url="https://valley.example/x")
    assert "mug" not in result.text
    assert result.metadata.sources["url"] == "option:--url"


def test_og_url_when_there_is_no_canonical_link(ruleset):
    page = PAGE.replace('<link rel="canonical" href="https://www.valley.example/news/river-rises">',
                        '<meta property="og:url" content="https://valley.example/og">')
    assert "mug" not in clean(page, ruleset).text


def test_metadata_merged_captures_win_and_each_field_has_a_source(ruleset):
    meta = clean(PAGE, ruleset).metadata
    assert meta.fields["title"] == "River Rises"
    assert meta.sources["title"] == "valley/headline"  # the rule's capture beats trafilatura's title
    assert meta.fields["author"] == ["Ann Lee", "Bo Chen"]  # a list, split
    assert meta.sources["author"] == "html:meta:author"  # the metadata step names the signal that won
    assert meta.fields["language"] == "en"
    assert meta.sources["text"] == "trafilatura"
    assert "sources" in meta.as_dict() and meta.as_dict()["sources"]["text"] == "trafilatura"


def test_body_is_the_same_with_or_without_metadata(ruleset):
    assert clean(PAGE, ruleset, page_metadata=False).text == clean(PAGE, ruleset).text
    assert "author" not in clean(PAGE, ruleset, page_metadata=False).metadata.fields


def test_headline_leaves_the_body(ruleset):
    lines = clean(PAGE, load_ruleset()).text.split("\n")
    assert "River Rises" not in lines
    assert "Closures" in lines


def test_markdown_body_keeps_headings_lists_and_links(ruleset):
    text = clean(PAGE, ruleset, markdown_body=True).text
    assert "## Closures" in text
    assert "- Bridge Street is closed until Friday, the council said." in text
    assert "[the roads page](https://www.valley.example/roads)" in text
    assert "mug" not in text and "# River Rises" not in text


def test_text_rules_still_drop_lines_of_the_markdown_body():
    page = PAGE.replace("<li>The ferry runs every hour instead.</li>", "<li>Advertisement</li>")
    text = clean(page, load_ruleset(), markdown_body=True).text
    assert "- Bridge Street is closed until Friday, the council said." in text
    assert "Advertisement" not in text


def test_fallback_to_the_full_cascade_is_recorded(monkeypatch):
    import trafilatura

    real = trafilatura.bare_extraction
    monkeypatch.setattr(trafilatura, "bare_extraction",
                        lambda tree, fast=False, **kw: None if fast else real(tree, fast=False, **kw))
    result = clean(PAGE, load_ruleset())
    assert "The river rose two metres" in result.text
    assert result.metadata.sources["text"] == "trafilatura:fallback"


def _counting_extraction(monkeypatch, fast_text: str | None):
    """bare_extraction that records its modes; in fast mode it finds only ``fast_text``, if given."""
    import trafilatura
    from lxml import etree

    real = trafilatura.bare_extraction
    modes: list[bool] = []

    def fake(tree, fast=False, **kw):
        modes.append(fast)
        doc = real(tree, fast=fast, **kw)
        if fast and fast_text is not None and doc is not None:
            doc.body = etree.Element("body")
            etree.SubElement(doc.body, "p").text = fast_text
            doc.raw_text = fast_text
        return doc
    monkeypatch.setattr(trafilatura, "bare_extraction", fake)
    return modes


def test_cascade_runs_when_fast_mode_finds_a_small_share_of_the_page(monkeypatch):
    # Fast mode finding 300 characters clears SHORT_TEXT, but is a small share of the body.
    page = PAGE.replace("<p>More at", "<p>" + " ".join([ARTICLE] * 8) + "</p><p>More at")
    modes = _counting_extraction(monkeypatch, "The river rose. " * 19)
    result = clean(page, load_ruleset())
    assert modes == [True, False]
    assert result.metadata.sources["text"] == "trafilatura:fallback"
    assert "Bridge Street is closed" in result.text


def test_no_cascade_when_fast_mode_finds_most_of_the_page(monkeypatch):
    modes = _counting_extraction(monkeypatch, None)
    result = clean(PAGE, load_ruleset())
    assert modes == [True]
    assert result.metadata.sources["text"] == "trafilatura"


def test_fallback_to_visible_text_when_extraction_finds_nothing():
    page = "<html><body><footer><p>The shop is closed on Monday for the holiday.</p></footer></body></html>"
    result = clean(page, load_ruleset())
    assert result.text == "The shop is closed on Monday for the holiday.\n"
    assert result.metadata.sources["text"] == "visible-text"


def test_cli_stdin_with_url_and_markdown(tmp_path):
    runner = CliRunner()
    out = runner.invoke(main, ["clean", "-", "--url", "https://valley.example/a", "--format", "markdown"],
                        input=PAGE.encode())
    assert out.exit_code == 0, out.output
    assert out.output.startswith("---\n")
    assert "## Closures" in out.output


def test_cli_json_has_text_and_merged_metadata(tmp_path):
    path = tmp_path / "page.html"
    path.write_text(PAGE, encoding="utf-8")
    out = CliRunner().invoke(main, ["clean", str(path), "--format", "json"])
    record = json.loads(out.output)
    assert record["metadata"]["url"] == "https://www.valley.example/news/river-rises"
    assert record["metadata"]["sources"]["text"] == "trafilatura"
    assert "River Rises" not in record["text"].split("\n")
    assert "The river rose two metres" in record["text"]


def test_text_path_does_not_import_trafilatura_or_lxml():
    code = ("import sys; from cleaner import clean; clean(b'Some text.\\nAdvertisement\\n'); "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('trafilatura', 'lxml', 'cssselect')))")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_visible_lines_one_block_a_line():
    from lxml import html

    root = html.document_fromstring("<html><body><div>One <b>two</b><p>Three</p>four<script>x()</script></div>"
                                    "<!-- note -->five</body></html>")
    assert extract.visible_lines(root) == ["One two", "Three", "four", "five"]
