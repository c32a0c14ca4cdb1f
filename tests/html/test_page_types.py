"""Page types: decided once per page, shown as metadata, and rules limited to the types they fit."""
from __future__ import annotations

import pytest
from click.testing import CliRunner

from cleaner.cli.app import main
from cleaner.errors import RuleFileError
from cleaner.html import fitted, pagetype
from cleaner.html.page import PAGE_TYPES
from cleaner.io.sources import source_from_text
from cleaner.packs.ruleset import load_ruleset
from cleaner.pipeline import Options, clean_source

POSTS = "".join(f"""<div class="post"><p class="author">user{n}</p>
<p>Post number {n}: the tomatoes went in by the shed, with compost, and they did well all summer.</p></div>"""
                for n in range(6))
THREAD = f"""<html><head><title>Tomatoes by the shed</title>
<link rel="canonical" href="https://garden.example/forum/thread/tomatoes-by-the-shed">
<script type="application/ld+json">{{"@type": "DiscussionForumPosting", "headline": "Tomatoes"}}</script>
</head><body><h1>Tomatoes by the shed</h1><div class="thread">{POSTS}</div></body></html>"""
ARTICLE = """<html><head><title>The city plants trees</title>
<link rel="canonical" href="https://news.example/news/2024/05/city-plants-trees">
<meta property="og:type" content="article">
</head><body><article><h1>The city plants trees</h1>
<p>The city will plant ten thousand trees along its streets this spring, the mayor said on Monday.</p>
<p>Work starts in the north of the city and moves south through the summer months.</p>
<div class="post-footer"><p>Filed under trees.</p></div></article></body></html>"""

SCOPED_PACK = """[pack]
name = "scoped"

[[rule]]
id = "scoped/post-footer"
kind = "remove"
message = "post footers, on articles only"
selector = [".post-footer", ".author"]
page_types = ["article"]
  [[rule.example]]
  input = "<p>Text.</p><div class='post-footer'>Filed under trees.</div>"
  expect = "Text.\\n"
"""


def _clean(html: str, ruleset) -> object:
    return clean_source(source_from_text(html, "page.html"), ruleset, Options(input_type="html"))


def test_page_type_is_decided_once_and_shown_as_metadata():
    ruleset = load_ruleset()
    thread, article = _clean(THREAD, ruleset), _clean(ARTICLE, ruleset)
    assert thread.metadata.fields["page_type"] == "forum"
    assert article.metadata.fields["page_type"] == "article"
    assert article.metadata.sources["page_type"] == "page-type"


def test_a_rule_runs_only_on_the_page_types_it_names(tmp_path):
    path = tmp_path / "scoped.toml"
    path.write_text(SCOPED_PACK, encoding="utf-8")
    ruleset = load_ruleset([path])
    article = _clean(ARTICLE, ruleset)
    assert "Filed under trees" not in article.text
    assert any(r.rule == "scoped/post-footer" for r in article.removed)
    thread = _clean(THREAD, ruleset)
    assert not any(r.rule == "scoped/post-footer" for r in thread.removed)


def test_page_types_must_be_known_types(tmp_path):
    path = tmp_path / "bad.toml"
    path.write_text(SCOPED_PACK.replace('["article"]', '["articles"]'), encoding="utf-8")
    with pytest.raises(Exception) as caught:
        load_ruleset([path])
    assert '"page_types" must be a non-empty array of ' + ", ".join(PAGE_TYPES) in str(caught.value)


def test_explain_shows_the_page_type(tmp_path):
    page = tmp_path / "thread.html"
    page.write_text(THREAD, encoding="utf-8")
    out = CliRunner().invoke(main, ["explain", str(page), "--no-config"])
    assert out.exit_code == 0, out.output
    assert "page_type: forum  [page-type]" in out.output


def test_classifier_picks_the_highest_score():
    weights = {"article": {"bias": 0.5}, "forum": {"bias": 0.0, "path_forum": 2.0}}
    assert pagetype.classify({"path_forum": 1.0}, weights) == "forum"
    assert pagetype.classify({"path_forum": 0.0}, weights) == "article"


def test_shipped_weights_cover_every_type_and_known_features():
    weights = pagetype.load_weights()
    names = set(pagetype.page_features(*_parsed(ARTICLE)))
    assert set(weights) == set(PAGE_TYPES)
    assert all(set(table) - {"bias"} <= names for table in weights.values())


def _parsed(html: str):
    from cleaner.html.extract import load_page

    page = load_page(html, url=None, name="page.html", deadline=None, with_metadata=False)
    return page.root, page.url, page.page_chars


@pytest.mark.parametrize("data, problem", [
    ({"extraction": {"strategy": "fast", "short_text": 250}}, 'missing key "cascade_share"'),
    ({"extraction": {"strategy": "slow", "short_text": 250, "cascade_share": 0.2}}, "expected one of"),
    ({"extraction": {"strategy": "fast", "short_text": 250, "cascade_share": 2}}, "outside"),
    ({"extraction": {"strategy": "fast", "short_text": 2.5, "cascade_share": 0.2}}, "expected an integer"),
    ({"extraction": {"strategy": "fast", "short_text": 250, "cascade_share": 0.2, "x": 1}}, 'unknown key "x"'),
    ({"extra": {}}, "unknown table"),
])
def test_fitted_parameters_are_checked_when_read(data, problem):
    spec = {"extraction": {"strategy": fitted.Choice(("fast", "cascade")),
                           "short_text": fitted.Number(0, 1000, integer=True),
                           "cascade_share": fitted.Number(0.0, 1.0)}}
    with pytest.raises(RuleFileError, match=problem):
        fitted.check_fitted("x.toml", data, spec)


def test_shipped_fitted_files_load():
    from cleaner.html.extract import strategy

    assert strategy()["strategy"] in ("fast", "cascade", "fast-then-cascade")
    assert 0 < strategy()["cascade_share"] < 1


def test_forum_posts_in_a_comments_container_survive():
    thread = THREAD.replace('<div class="thread">', '<div class="comments-area">')
    result = _clean(thread, load_ruleset())
    assert result.metadata.fields["page_type"] == "forum"
    assert "Post number 4" in result.text
    assert not any(r.rule == "generic/html-comments/section" for r in result.removed)
    article = ARTICLE.replace("</article>", '</article><div class="comments-area"><p>Great idea, about time '
                                            'the city did this for all of us.</p></div>')
    assert "Great idea" not in _clean(article, load_ruleset()).text


GREEDY_PACK = """[pack]
name = "greedy"

[[rule]]
id = "greedy/story"
kind = "remove"
message = "a rule written too wide: it takes the story itself"
selector = ".story"
  [[rule.example]]
  input = "<p>Text.</p><div class='story'>Gone.</div>"
  expect = "Text.\\n"
"""


@pytest.fixture
def backstop_on(monkeypatch):
    """The backstop as a page sees it once switched on (shipped off: see rules/fitted/html-extraction.toml)."""
    from cleaner.html import extract

    monkeypatch.setattr(extract, "backstop_share", lambda: 0.7)


def test_backstop_backs_off_a_rule_that_takes_the_article(tmp_path, backstop_on):
    paragraphs = "".join(f"<p>Paragraph {n} of the story: the council met on Monday and voted to rebuild the "
                         f"harbour wall before the winter storms arrive.</p>" for n in range(8))
    page = f"""<html><body><nav><a href="/">Home</a></nav><article><h1>Harbour wall</h1>
<p>The vote was close.</p><div class="story">{paragraphs}</div></article></body></html>"""
    path = tmp_path / "greedy.toml"
    path.write_text(GREEDY_PACK, encoding="utf-8")
    result = _clean(page, load_ruleset([path]))
    assert "Paragraph 7 of the story" in result.text
    backed = [r for r in result.removed if r.rule == "backstop"]
    assert len(backed) == 1 and backed[0].text.startswith("greedy/story backed off")
    assert not any(r.rule == "greedy/story" for r in result.removed)


def test_backstop_keeps_a_rule_whose_removals_the_extractor_would_not_return(tmp_path, backstop_on):
    from cleaner.html.extract import extract_body, load_page
    from cleaner.engine import run_tree_rules

    story = " ".join(["The council voted to rebuild the harbour wall before the winter storms."] * 6)
    links = "".join(f'<li><a href="/s{n}">Other story number {n} about the town and its people</a></li>'
                    for n in range(40))
    html = f"""<html><body><article><h1>Harbour wall</h1><p>{story}</p></article>
<div class="story"><ul>{links}</ul></div></body></html>"""
    path = tmp_path / "greedy.toml"
    path.write_text(GREEDY_PACK, encoding="utf-8")
    page = load_page(html, url=None, name="p.html", deadline=None, with_metadata=False)
    run_tree_rules(page, [r for r in load_ruleset([path], builtin=False).rules])
    assert page.removed_chars["greedy/story"] > 2 * len(story)  # a suspect: over twice the article
    extracted = extract_body(page)
    assert "Other story number" not in extracted.text
    assert [r.rule for r in extracted.removed] == ["greedy/story"]  # made again, not backed off
    assert page.root.find(".//ul") is None


def test_cascade_first_skips_the_fast_run_only_when_its_model_says_so(monkeypatch):
    import trafilatura

    from cleaner.html import extract

    modes = []
    real = trafilatura.bare_extraction

    def spy(*args, **kwargs):
        modes.append("fast" if kwargs.get("fast") else "cascade")
        return real(*args, **kwargs)

    monkeypatch.setattr(trafilatura, "bare_extraction", spy)
    shipped = extract._fitted()

    def fitted_with(threshold, weights):
        return lambda: {**shipped, "cascade_first": {"threshold": threshold}, "cascade_first_weights": weights}

    # a model that calls every page with any forum markup "fast finds little"
    monkeypatch.setattr(extract, "_fitted", fitted_with(0.5, {"bias": -5.0, "schema_forum": 10.0}))
    result = _clean(THREAD, load_ruleset())
    assert modes == ["cascade"] and "Post number 4" in result.text
    assert result.metadata.sources["text"] == "trafilatura:cascade"
    modes.clear()
    result = _clean(ARTICLE, load_ruleset())
    assert modes[0] == "fast" and "ten thousand trees" in result.text
    modes.clear()
    monkeypatch.setattr(extract, "_fitted", fitted_with(1.01, {"bias": 50.0}))  # over 1: never
    _clean(THREAD, load_ruleset())
    assert modes[0] == "fast"


def test_cascade_first_weights_name_only_signals_the_page_type_reader_makes():
    from cleaner.html.extract import _fitted, cascade_first

    assert cascade_first({}) is False  # no signals (a page that did not parse): the usual order
    signals = pagetype.page_features(*_parsed(ARTICLE))
    unknown = set(_fitted()["cascade_first_weights"]) - set(signals) - {"bias"}
    assert not unknown, f"weights for signals pagetype.py does not make: {sorted(unknown)}"

