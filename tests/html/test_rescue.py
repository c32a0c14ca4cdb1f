"""Block rescue: the dropped blocks that sit in the kept blocks' markup come back, in place."""
from __future__ import annotations

import pytest

from cleaner.errors import RuleFileError
from cleaner.html import rescue
from cleaner.html.blocks import mark_kept, page_blocks
from cleaner.html.extract import parse_tree
from cleaner.html.fitted import check_fitted

POSTS = "".join(f'<div class="post"><p>Reply {n}: the tomatoes did well by the shed all summer long.</p></div>'
                for n in range(4))
THREAD = f"""<html><body><ul class="menu"><li><a href="/">Home</a></li><li><a href="/f">Forums</a></li></ul>
<div class="thread">{POSTS}</div><div class="footer"><p>Copyright the garden club</p></div></body></html>"""


def _thread_blocks():
    blocks = page_blocks(parse_tree(THREAD))
    mark_kept(blocks, ["Reply 0: the tomatoes did well by the shed all summer long."])
    return blocks


def test_features_see_the_kept_blocks_repeated_markup():
    blocks = _thread_blocks()
    feats = rescue.block_features(blocks, "forum", 0.2)
    by_text = {b.text: f for b, f in zip(blocks, feats)}
    assert by_text["Reply 0: the tomatoes did well by the shed all summer long."] is None  # kept
    reply = by_text["Reply 2: the tomatoes did well by the shed all summer long."]
    assert reply["sibling_kept"] == pytest.approx(0.5)  # its div is a sibling of the kept one's
    assert reply["sibling_kept_forum"] == reply["sibling_kept"]
    assert reply["hint_content"] == 1.0 and reply["link_share"] == 0.0
    home = by_text["Home"]
    assert home["sibling_kept"] == 0.0 and home["link_share"] == 1.0 and home["hint_chrome"] == 1.0
    assert by_text["Copyright the garden club"]["after"] == 1.0


DEEP = "<div>" * 12 + '<p>Deep inside twelve unmarked boxes, far below the kept line.</p>' + "</div>" * 12
NESTED = f"""<html><body><div class="post"><p>Kept: the first answer names the variety.</p></div>
<div class="post"><section><p>A second answer, one level deeper in the same markup.</p></section></div>
<div id="main-content">{DEEP}</div><div class="site-nav"><div><p>Menu text two boxes inside a nav.</p></div></div></body></html>"""


def test_ancestor_levels_are_counted_and_cut_at_max_up():
    blocks = page_blocks(parse_tree(NESTED))
    mark_kept(blocks, ["Kept: the first answer names the variety."])
    by_text = {b.text[:8]: f for b, f in zip(blocks, rescue.block_features(blocks, "forum", 0.2))}
    assert by_text["A second"]["sibling_kept"] == pytest.approx(1 / 3)  # two levels up: the post div
    assert by_text["A second"]["container_kept"] == 0.0  # no ancestor below <body> holds the kept line
    deep = by_text["Deep ins"]  # its content hint is 13 levels up, past MAX_UP
    assert deep["hint_content"] == 0.0 and deep["sibling_kept"] == 0.0
    assert by_text["Menu tex"]["hint_chrome"] == 1.0
    assert by_text["Menu tex"]["in_chrome_tag"] == 0.0  # a div, whatever its class says


def test_landmark_tags_above_a_block_are_features():
    page = """<html><body><header><div><p>Sign in to keep your garden notes.</p></div></header>
    <main><div><p>Kept: the first answer names the variety.</p></div><div><p>More on the variety.</p></div></main>
    <footer><p>Garden club, since 1962.</p></footer></body></html>"""
    blocks = page_blocks(parse_tree(page))
    mark_kept(blocks, ["Kept: the first answer names the variety."])
    by_text = {b.text[:7]: f for b, f in zip(blocks, rescue.block_features(blocks, "forum", 0.2))}
    assert by_text["Sign in"]["in_chrome_tag"] == 1.0 and by_text["Sign in"]["in_content_tag"] == 0.0
    assert by_text["More on"]["in_content_tag"] == 1.0 and by_text["More on"]["in_chrome_tag"] == 0.0
    assert by_text["Garden "]["in_chrome_tag"] == 1.0


def test_rescued_picks_what_the_named_features_give_at_the_threshold(monkeypatch):
    """``rescued`` weighs feature values without naming them; it must agree with
    ``probability(block_features(...))``, which the fitting script reads."""
    weights = {"bias": -1.0, "sibling_kept": 3.0, "sibling_kept_forum": 1.0, "hint_chrome": -2.0, "tag_p": 0.5,
               "log_len": 1.5, "type_forum": 0.25, "kept_share": -0.5, "links_around": -1.0}
    for threshold in (0.2, 0.5, 0.8):
        monkeypatch.setattr(rescue, "_fitted", lambda t=threshold: {
            "rescue": {"state": "on", "gate": 1.0}, "rescue_thresholds": {"forum": t}, "rescue_vetoes": {},
            "rescue_weights": weights})
        for html in (THREAD, NESTED):
            blocks = page_blocks(parse_tree(html))
            mark_kept(blocks, [blocks[1].text])
            named = [i for i, f in enumerate(rescue.block_features(blocks, "forum", 0.2))
                     if f is not None and rescue.probability(f, weights) >= threshold]
            assert rescue.rescued(blocks, "forum", 0.2) == named


def test_merge_puts_added_blocks_after_the_kept_block_before_them():
    blocks = page_blocks(parse_tree(THREAD))
    extracted = ["Title", "Reply 0: the tomatoes did well by the shed all summer long."]
    mark_kept(blocks, extracted)
    picked = [i for i, b in enumerate(blocks) if b.text.startswith(("Reply 1", "Reply 3"))]
    lines, line_blocks, md, added = rescue.merge(extracted, [0, 1], ["# Title", "Reply 0 as *Markdown*"], blocks, picked)
    assert added == {2, 3}
    assert [line[:7] for line in lines] == ["Title", "Reply 0", "Reply 1", "Reply 3"]
    assert line_blocks == [0, 1, 2, 3]
    assert md[:2] == ["# Title", "Reply 0 as *Markdown*"] and md[2].startswith("Reply 1")


def test_rescue_off_for_a_page_type_adds_nothing(monkeypatch):
    monkeypatch.setattr(rescue, "_fitted", lambda: {"rescue": {"state": "on", "gate": 1.0},
                                                   "rescue_thresholds": {"forum": 1.01}, "rescue_vetoes": {},
                                                   "rescue_weights": {"bias": 10.0}})
    assert not rescue.wanted("forum", 0.2)
    assert rescue.rescued(_thread_blocks(), "forum", 0.2) == []


def test_rescue_on_adds_what_the_model_picks(monkeypatch):
    monkeypatch.setattr(rescue, "_fitted", lambda: {"rescue": {"state": "on", "gate": 0.5},
                                                   "rescue_thresholds": {"forum": 0.5}, "rescue_vetoes": {"schema_product": 0.0},
                                                   "rescue_weights": {"bias": -5.0, "sibling_kept": 20.0}})
    assert rescue.wanted("forum", 0.2) and not rescue.wanted("forum", 0.6)
    assert rescue.wanted("forum", 0.2, {"schema_product": 0.0}) and not rescue.wanted("forum", 0.2, {"schema_product": 1.0})
    picked = [b.text[:7] for i, b in enumerate(_thread_blocks()) if i in rescue.rescued(_thread_blocks(), "forum", 0.2)]
    assert picked == ["Reply 1", "Reply 2", "Reply 3"]


def test_the_shipped_file_is_valid_and_a_bad_value_is_refused():
    data = rescue._fitted()
    assert 0.0 <= rescue.gate() <= data["rescue"]["gate"] <= 2.0 and set(data["rescue_thresholds"]) <= set(rescue.PAGE_TYPES)
    bad = {**data, "rescue": {"state": "on", "gate": 3.0}}
    with pytest.raises(RuleFileError, match="gate"):
        check_fitted("html-rescue.toml", bad, rescue._SPEC, ("rescue_weights", "rescue_vetoes"))


def test_state_off_turns_rescue_off_whatever_the_gate(monkeypatch):
    monkeypatch.setattr(rescue, "_fitted", lambda: {"rescue": {"state": "off", "gate": 0.5},
                                                   "rescue_thresholds": {"forum": 0.5}, "rescue_vetoes": {},
                                                   "rescue_weights": {"bias": 10.0}})
    assert rescue.gate() == 0.0 and not rescue.wanted("forum", 0.1)


PAGE = """<html><head><title>Tomatoes</title></head><body><nav><a href="/">Home</a> <a href="/f">Forum</a></nav>
<main><h1>Tomatoes by the shed</h1>
<div class="post"><p>The tomatoes went in by the shed this spring, with plenty of compost dug into the bed first.</p>
<p>They did well all summer and the last of them came in at the start of October.</p></div>
<div class="comments"><div class="post"><p>Mine did the same by the south wall, and the compost made all the
difference to them.</p></div></div></main><footer><p>Copyright the garden club</p></footer></body></html>"""


def _clean(markdown: bool = False, explain: bool = False):
    from cleaner.io.sources import source_from_text
    from cleaner.packs.ruleset import load_ruleset
    from cleaner.pipeline import Options, clean_source

    return clean_source(source_from_text(PAGE, "thread.html"), load_ruleset(),
                        Options(input_type="html", markdown_body=markdown, explain=explain))


def test_the_pipeline_adds_rescued_blocks_in_place_and_says_so(monkeypatch):
    before = _clean()
    assert before.metadata.sources["text"] == "trafilatura" and "south wall" not in before.text
    monkeypatch.setattr(rescue, "_fitted", lambda: {"rescue": {"state": "on", "gate": 1.0},
                                                   "rescue_thresholds": dict.fromkeys(rescue.PAGE_TYPES, 0.5),
                                                   "rescue_vetoes": {},
                                                   "rescue_weights": {"bias": -4.0, "container_kept": 20.0}})
    for markdown in (False, True):  # the heading trafilatura left out comes back...
        after = _clean(markdown)
        assert after.metadata.sources["text"] == "trafilatura+rescue"
        assert after.text == before.text  # ...and the text rules judge it like any other line:
    decisions = _clean(explain=True).decisions
    first = decisions[0]  # a headline, before the first kept line, added back and then dropped
    assert (first.text, first.kept, first.rule, first.added_by) == (
        "Tomatoes by the shed", False, "generic/html-headline/h1", "rescue")
    assert [(d.text[:12], d.added_by) for d in decisions[1:]] == [("The tomatoes", None), ("They did wel", None)]


def test_shipped_rescue_leaves_articles_and_product_pages_alone():
    """Set by hand in bench/html_blocks.py (PRIOR_OFF_TYPES, PRIOR_VETOES): on news pages rescue
    brought back teaser lists, on product pages menus; a refit must keep both limits."""
    assert not rescue.wanted("article", 0.1) and not rescue.wanted("product", 0.1)
    assert not rescue.wanted("service", 0.1, {"schema_product": 1.0})
    assert not rescue.wanted("service", 0.1, {"path_product": 1.0})
