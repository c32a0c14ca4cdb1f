"""The ``article-model`` kind: its decode, its model file (checked as data), its place in the packs."""
from __future__ import annotations

import json
import math

import pytest

from cleaner.kinds import KINDS
from cleaner.kinds.article_model import FEATURES, ArticleModelRule, decode, fall_back, line_columns
from cleaner.kinds.fields import SchemaError
from cleaner.kinds.line_model import FORMAT, VERSION, parse_model
from cleaner.pipeline import Options, clean_source
from cleaner.packs.ruleset import builtin_rules_dir, load_ruleset
from cleaner.io.sources import source_from_bytes

MODEL = builtin_rules_dir() / "models" / "article-lines.json"
RULE_ID = "generic/structure/article"


def _shipped_rule() -> ArticleModelRule:
    found = [r for r in load_ruleset().rules if r.id == RULE_ID]
    assert len(found) == 1
    return found[0]


def _model(**changes) -> dict:
    data = {"format": FORMAT, "version": VERSION, "model": "logistic", "features": ["in_run", "log_words"],
            "weights": [1.0, 0.5], "bias": -1.0, "switch_cost": 1.0, "training": {"digest": "x"}}
    data.update(changes)
    return data


# The decode.
@pytest.mark.parametrize("scores, cost, expect", [
    ([], 1.0, []),
    ([-1.0, -2.0], 1.0, [False, False]),
    ([3.0, -0.5, 3.0], 1.0, [True, True, True]),  # a weak line inside the article stays with it
    ([3.0, -3.0, 3.0], 1.0, [True, False, True]),  # a clear chrome line between two parts goes
    ([-2.0, 0.5, -2.0, 4.0, 4.0], 1.0, [False, False, False, True, True]),  # a lone weak teaser goes
    ([-2.0, 0.5, -2.0, 4.0, 4.0], 0.0, [False, True, False, True, True]),  # without a cost, it stays
])
def test_decode_keeps_content_contiguous(scores, cost, expect):
    assert decode(scores, cost) == expect


def test_decode_maximises_content_scores_minus_switches():
    scores = [0.4, -1.0, 2.0, -0.2, -0.3, 1.5, -4.0, 0.9]
    cost = 0.8

    def value(labels):
        switches = sum(a != b for a, b in zip([False] + labels, labels))  # the page starts in chrome
        return sum(s for s, k in zip(scores, labels) if k) - cost * switches

    best = max(value([bool(m >> k & 1) for k in range(len(scores))]) for m in range(2 ** len(scores)))
    assert math.isclose(value(decode(scores, cost)), best)


# The shipped model file, as data.
def test_the_shipped_model_file_is_valid_and_names_its_training_set():
    data = json.loads(MODEL.read_text(encoding="utf-8"))
    model = parse_model(data, FEATURES)
    assert {factor for name in model.features for factor in name.split("*")} <= FEATURES
    assert len(model.weights) == len(model.features)
    assert all(math.isfinite(w) for w in model.weights)
    assert model.switch_cost >= 0
    training = data["training"]
    assert len(training["digest"]) == 64 and int(training["digest"], 16) >= 0  # sha256 of the set
    assert training["script"] == "bench/train_article_model.py"
    assert training["pages"] > 0


@pytest.mark.parametrize("change, problem", [
    ({"format": "other"}, "not a line model"),
    ({"version": 99}, "unsupported version"),
    ({"model": "trees"}, "unsupported model"),
    ({"weights": [1.0]}, "one per feature"),
    ({"weights": [1.0, float("nan")]}, "one per feature"),
    ({"features": ["in_run", "in_run"], "weights": [1.0, 1.0]}, "twice"),
    ({"features": ["in_run", "no_such_feature"]}, "unknown features: no_such_feature"),
    ({"switch_cost": -1}, "at least 0"),
    ({"training": {}}, "digest"),
    ({"means": [0.5]}, "one per feature"),
    ({"features": ["in_run", "log_words*no_such_feature"]}, "unknown features: no_such_feature"),
    ({"features": ["in_run", "log_words*in_run*in_run"]}, "product of two"),
    ({"fallback": {"page_prose_below": 0.4}}, "fallback"),
    ({"fallback": {"page_prose_below": 0.4, "kept_share_below": 1.5}}, "fallback"),
])
def test_a_malformed_model_file_is_refused(change, problem):
    with pytest.raises(SchemaError, match=problem):
        parse_model(_model(**change), FEATURES)


def test_the_fallback_keeps_every_line_of_a_page_with_little_prose_the_decode_emptied():
    model = parse_model(_model(fallback={"page_prose_below": 0.4, "kept_share_below": 0.2}), FEATURES)
    kept_little = [True, False, False, False]
    words = [2, 10, 10, 10]  # the decode kept 2 of 32 words
    assert fall_back(model, 0.1, words, kept_little) == [True] * 4
    assert fall_back(model, 0.6, words, kept_little) == kept_little  # a page of prose: the decode stands
    assert fall_back(model, 0.1, [20, 10, 10, 10], kept_little) == kept_little  # it kept enough
    assert fall_back(parse_model(_model(), FEATURES), 0.1, words, kept_little) == kept_little  # no fallback


def test_the_rule_falls_back_to_every_line_on_a_page_the_decode_emptied():
    """A listing: short items with a date under each and no prose. With a model that keeps only
    the first few lines, the fallback keeps them all."""
    items = "".join(f"Team {k} of the company is hiring engineers (example.com)\n{k} days ago\n"
                    for k in range(1, 25))
    text = ("Home | News | Jobs | Ask | Login\n\nThese are the open jobs at the companies we work with, and "
            "you can see more of them on our careers page.\n\n" + items
            + "\nGuidelines | FAQ | Lists | API | Contact\n")
    ruleset = load_ruleset()
    rule = next(r for r in ruleset.rules if r.id == RULE_ID)
    outputs = {}
    for bounds in (None, {"page_prose_below": 0.4, "kept_share_below": 0.2}):
        # a model that keeps the first lines only (the menu and two items)
        model = _model(features=["position"], weights=[-100.0], bias=12.0, switch_cost=0.0)
        if bounds is not None:
            model["fallback"] = bounds
        rule.override = parse_model(model, FEATURES)
        try:
            outputs[bounds is None] = clean_source(source_from_bytes(text.encode(), "jobs.txt"), ruleset,
                                                   Options(input_type="text")).text
        finally:
            del rule.override
    assert "Team 7 of the company" not in outputs[True]
    # (the first item may be taken for the title, which another rule does)
    assert all(f"Team {k} of the company is hiring" in outputs[False] for k in range(2, 25))


def test_a_product_feature_is_the_product_of_two_computed_features():
    model = parse_model(_model(features=["in_run", "in_run*log_words"], weights=[1.0, 2.0], bias=0.5), FEATURES)
    columns = {"in_run": [1.0, 0.0, 1.0], "log_words": [3.0, 4.0, 0.5]}
    assert model.scores(columns) == [0.5 + 1.0 + 6.0, 0.5, 0.5 + 1.0 + 1.0]
    assert model.scores(columns, [1]) == [0.5]


def test_page_wide_features_folded_into_the_weights_give_the_same_scores():
    model = parse_model(_model(features=["in_run", "page_prose", "page_prose*log_words", "log_words*page_prose"],
                               weights=[1.0, 0.5, 2.0, -0.25], bias=0.1), FEATURES)
    columns = {"in_run": [1.0, 0.0, 1.0], "log_words": [3.0, 4.0, 0.5], "page_prose": [0.4] * 3}
    plain = model.scores(dict(columns))
    folded = model.scores(dict(columns), None, {"page_prose": 0.4})
    assert all(math.isclose(a, b) for a, b in zip(plain, folded))
    assert model.fold({"page_prose": 0.4}) == pytest.approx({"": 0.2, "in_run": 1.0, "log_words": 0.7})


def test_reasons_name_what_sets_a_line_apart_from_the_training_mean():
    model = parse_model(_model(weights=[2.0, 1.0], means=[1.0, 0.0]), FEATURES)
    columns = {"in_run": [1.0, 0.0], "log_words": [3.0, 0.5]}
    rows = {10: 0, 11: 1}
    assert model.reasons(columns, rows, 10) == "log_words +3.0"  # in_run at its mean weighs nothing
    assert model.reasons(columns, rows, 11) == "in_run -2.0, log_words +0.5"
    assert model.reasons(columns, rows, 12) == ""  # a line the model did not score


def test_a_rule_naming_a_missing_model_file_is_a_rule_file_error(tmp_path):
    from cleaner.errors import RuleFileError
    from cleaner.packs.rulefile import load_pack

    path = tmp_path / "r.toml"
    path.write_text('[pack]\nname = "t"\n\n[[rule]]\nid = "t/a"\nmessage = "m"\nkind = "article-model"\n'
                    'model = "missing.json"\n\n  [[rule.example]]\n  input = "a\\n"\n  expect = "a\\n"\n',
                    encoding="utf-8")
    with pytest.raises(RuleFileError, match="missing.json"):
        load_pack(path, 2)


def test_every_feature_is_computed():
    rule = _shipped_rule()
    source = source_from_bytes((builtin_rules_dir().parent / "fixtures" / "text-de-news" / "input.txt")
                               .read_bytes(), "input.txt") if (builtin_rules_dir().parent / "fixtures").is_dir() \
        else None
    if source is None:
        pytest.skip("fixtures are not installed")
    from cleaner.text.parse import parse_plain

    doc = parse_plain(source.text)
    lines, columns = line_columns(rule, doc, rule.features(doc))
    assert set(columns) == FEATURES
    assert all(len(col) == len(lines) for col in columns.values())


# In the packs.
def test_the_kind_is_registered_and_the_shipped_article_rule_uses_it():
    assert KINDS["article-model"] is ArticleModelRule
    assert isinstance(_shipped_rule(), ArticleModelRule)


PAGE = """Home
News
Sport
Weather
A Storm Is Coming To The Coast

The storm will reach the coast on Friday night, forecasters said on Wednesday, and it is expected to stay for the weekend.

Residents have been told to prepare for power cuts and for flooding in the low areas near the river, the council said.

The last storm of this size reached the town eleven years ago, and many of the houses near the harbour were damaged.

Most read
Ten things to do this weekend
About us
Contact
"""


def test_explain_names_the_model_rule_and_its_scores_are_kept():
    result = clean_source(source_from_bytes(PAGE.encode(), "page.txt"), load_ruleset(),
                          Options(input_type="text", explain=True))
    rules = {d.text: d.rule for d in result.decisions if d.text.strip()}
    assert rules["Sport"] == RULE_ID
    assert rules["Most read"] != RULE_ID  # the related-links rule ran first and keeps its line
    storm = ("The storm will reach the coast on Friday night, forecasters said on Wednesday, and it is "
             "expected to stay for the weekend.")
    assert rules[storm] is None
    by_text = {d.text: d for d in result.decisions}
    assert by_text[storm].score > 0 > by_text["Sport"].score  # the model's log-odds, shown by explain
    assert by_text["Most read"].score is None  # dropped before the model ran: never scored
    names = [part.split()[0] for part in by_text["Sport"].why.split(", ")]
    assert 1 <= len(names) <= 3 and {f for name in names for f in name.split("*")} <= FEATURES


def test_a_user_can_switch_the_model_rule_off(tmp_path):
    user = tmp_path / "mine.toml"
    user.write_text(f'[pack]\nname = "mine"\ndisable = ["{RULE_ID}"]\n', encoding="utf-8")
    result = clean_source(source_from_bytes(PAGE.encode(), "page.txt"), load_ruleset([user]),
                          Options(input_type="text"))
    assert "A Storm Is Coming To The Coast" in result.text
