"""HTML: one candidate per signal of the page, and the pipeline naming the signal that won."""
from __future__ import annotations

from cleaner.html.extract import parse_tree
from cleaner.io.sources import source_from_text
from cleaner.meta.choose_html import choose_fields
from cleaner.meta.html import html_candidates
from cleaner.packs.ruleset import load_ruleset
from cleaner.pipeline import Options, clean_source

PAGE = """<!doctype html><html lang="en"><head>
<title>River Rises Above Flood Mark | The Valley Courier</title>
<meta property="og:site_name" content="The Valley Courier">
<meta property="og:title" content="River Rises Above Flood Mark - The Valley Courier">
<meta property="article:published_time" content="2025-11-12T23:30:00-05:00">
<meta property="article:modified_time" content="2025-11-20T08:00:00Z">
<script type="application/ld+json">{"@type": "NewsArticle", "headline": "River Rises Above Flood Mark",
 "author": [{"@type": "Person", "name": "Ann Lee"}, {"@type": "Organization", "name": "Valley Courier"}],
 "datePublished": "2025-11-12T23:30:00-05:00"}</script>
</head><body><header><nav><a href="/">Home</a> <span class="date">Today: 7 Dec 2026</span></nav></header>
<article><h1>River Rises Above Flood Mark</h1><p class="byline">By\u00a0Ann Lee, Staff Writer</p>
<p>The river rose above its flood mark on Wednesday night, the first time in a decade that the valley
town has seen water in its main street, and the council opened the school gym to families.</p>
<p>Volunteers filled sandbags through the night while the fire service pumped out cellars.</p>
</article></body></html>"""


def test_every_signal_gives_a_candidate():
    cands = html_candidates(parse_tree(PAGE), "https://valley.example/news/river", None)
    signals = {field: dict(found) for field, found in cands.items()}
    assert signals["title"]["h1"] == "River Rises Above Flood Mark"
    assert signals["title"]["title-tag:stripped"] == "River Rises Above Flood Mark"
    assert signals["date"]["meta:published"] == "2025-11-12"  # local date, not shifted to UTC
    assert signals["date"]["meta:modified"] == "2025-11-20"
    assert signals["author"]["jsonld:author"] == ["Ann Lee"]  # the organisation kept apart
    assert signals["author"]["jsonld:author-org"] == ["Valley Courier"]
    assert signals["author"]["visible:by-line"] == ["Ann Lee"]  # "By" and a no-break space, role cut


def test_published_date_and_visible_headline_win():
    chosen = choose_fields(parse_tree(PAGE), None, {})
    assert chosen["title"] == "River Rises Above Flood Mark"
    assert chosen["date"] == "2025-11-12"
    assert chosen["author"] == ["Ann Lee"]


def test_pipeline_names_the_winning_signal():
    meta = clean_source(source_from_text(PAGE, "page.html"), load_ruleset(), Options(input_type="html")).metadata
    assert meta.fields["date"] == "2025-11-12" and meta.fields["author"] == ["Ann Lee"]
    assert meta.sources["date"].startswith("html:") and meta.sources["author"].startswith(("html:", "generic/"))
    assert meta.fields["title"] == "River Rises Above Flood Mark"


def test_page_flags_and_the_site_name_are_read():
    cands = html_candidates(parse_tree(PAGE), "https://valley.example/news/river", None)
    flags = [v for _, v in cands["page"]]
    assert "ld:article" in flags and "h1:one" in flags and "og:none" in flags
    assert dict(cands["title"])["site-name"] == "The Valley Courier"


def test_a_title_whose_first_part_is_the_site_gives_no_cut_candidate():
    page = ("<html><head><title>Valley Courier - River Rises Above Flood Mark</title>"
            "<meta property='og:site_name' content='Valley Courier'></head><body><p>x</p></body></html>")
    titles = dict(html_candidates(parse_tree(page), "https://valleycourier.example/a", None)["title"])
    assert "title-tag:first" not in titles and "title-tag:cut" not in titles  # both are the site
    assert titles["title-tag:stripped"] == "River Rises Above Flood Mark"
