"""HTML: one candidate per signal of the page, and the pipeline naming the signal that won."""
from __future__ import annotations

from cleaner.html.extract import parse_tree
from cleaner.io.sources import source_from_text
from cleaner.meta.choose_html import FULL_SEARCH, choose_fields, confirms
from cleaner.meta.full_date import full_date
from cleaner.meta.html import headline_text, html_candidates
from cleaner.meta.scorer import load_model
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



def test_a_headline_that_names_the_site_also_gives_a_stripped_candidate():
    page = ("<html><head><meta property='og:site_name' content='Valley Courier'></head><body>"
            "<h1>River Rises Above Flood Mark \u2013 Valley Courier</h1><p>x</p></body></html>")
    titles = dict(html_candidates(parse_tree(page), "https://valleycourier.example/a", None)["title"])
    assert titles["h1:stripped"] == "River Rises Above Flood Mark"
    plain = page.replace(" \u2013 Valley Courier", "")
    assert "h1:stripped" not in dict(html_candidates(parse_tree(plain), None, None)["title"])


def _h1(markup: str) -> str:
    return headline_text(next(parse_tree(f"<html><body>{markup}<p>text</p></body></html>").iter("h1")))


def test_headline_text_is_the_text_readers_see():
    assert _h1("<h1>Harbour Walks<br>for Beginners</h1>") == "Harbour Walks for Beginners"
    assert _h1("<h1><span>Harbour</span><div>Walks</div></h1>") == "Harbour Walks"
    assert _h1("<h1>Har<b>bour</b> Walks</h1>") == "Harbour Walks"  # inline markup joins, as it reads
    assert _h1("<h1><style>.x{color:red}</style>Harbour Walks<button>Copy link</button></h1>") == "Harbour Walks"
    assert _h1("<h1>Harbour Wal\u00adks<a class='headerlink' href='#x'>\u00b6</a></h1>") == "Harbour Walks"


def test_headline_candidates_use_the_visible_text():
    page = ("<html><head><title>Harbour Walks for Beginners | Coast Club</title></head>"
            "<body><h1>Harbour Walks<br>for Beginners</h1><p>Some text about walks.</p></body></html>")
    cands = dict(html_candidates(parse_tree(page), None, {})["title"])
    assert cands["h1"] == cands["title-tag:stripped"] == "Harbour Walks for Beginners"


DATED_IN_TEXT = """<html><head><title>Harbour notes</title></head><body><h1>Harbour notes</h1>
<div class="entry"><p>Posted on March 3, 2024 by the harbour master.</p>
<p>The tide tables for the spring are out, and the slipway reopens after repairs.</p></div>
<footer>Copyright 2025</footer></body></html>"""


def test_the_fuller_date_search_reads_dates_written_in_the_text_and_leaves_the_tree_alone():
    from lxml import etree

    root = parse_tree(DATED_IN_TEXT)
    before = etree.tostring(root)
    assert full_date(root, None) == "2024-03-03"
    assert etree.tostring(root) == before


def test_the_fuller_date_search_is_taken_only_when_it_confirms_a_date_of_the_page():
    assert confirms("2024-03-03", [("visible:after-h1", "2024-03-03")])
    assert not confirms("2024-03-03", [("visible:after-h1", "2024-03-09")])
    assert not confirms(None, [("visible:after-h1", "2024-03-03")])


def test_a_date_no_signal_is_sure_of_is_given_when_the_fuller_search_confirms_it(monkeypatch):
    import cleaner.meta.choose_html as choose_html

    model = load_model()
    unsure = {**model, "html": {**model["html"], "date": {"weights": {}, "threshold": 1e9}}}
    monkeypatch.setattr(choose_html, "load_model", lambda: unsure)
    chosen = choose_fields(parse_tree(DATED_IN_TEXT), None, {})
    assert chosen["date"] == "2024-03-03" and chosen["sources"]["date"] == FULL_SEARCH
    # the fast pass had a date: no fuller search, the unsure step gives none
    assert choose_fields(parse_tree(DATED_IN_TEXT), None, {"date": "2024-03-03"})["date"] is None


THREAD = """<html><head><title>Slipway repairs? - Harbour Forum</title></head><body><h1>Slipway repairs?</h1>
<div class="post"><time itemprop="dateCreated" datetime="2024-05-02T10:00:00">2 May</time><p>When does it reopen?</p></div>
<div class="post"><time datetime="2024-05-03T09:00:00">3 May</time><p>Next week, I heard.</p></div>
<div class="post"><time datetime="2024-05-09T18:00:00">9 May</time><p>It is open now.</p></div>
</body></html>"""


def test_a_thread_gives_its_first_post_date_and_is_marked_as_many_times():
    cands = html_candidates(parse_tree(THREAD), None, {})
    dates = dict(cands["date"])
    assert dates["itemprop:created"] == "2024-05-02"
    assert dates["time:first@many-times"] == dates["itemprop:created@many-times"] == "2024-05-02"
    assert "time:many" in [v for _, v in cands["page"]]
