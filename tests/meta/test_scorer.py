"""The choice among candidates, and the fitted model file it reads (validated, refused when wrong)."""
from __future__ import annotations

import json

import pytest

from cleaner.errors import ConfigError
from cleaner.meta.scorer import choose, gate_features, group, load_model, model_path, validate_model


def test_values_that_agree_add_up_and_the_most_trusted_signal_is_named():
    cands = [("h1", "A Headline"), ("og:title", "A headline"), ("title-tag", "A Headline | Site")]
    assert len(group("title", cands)) == 2
    entry = {"weights": {"support": 1.0, "sig:title-tag": 0.2, "sig:h1": 0.5}, "threshold": 0.0}
    assert choose("title", cands, entry) == ("A Headline", "h1")


def test_below_the_threshold_nothing_is_given():
    entry = {"weights": {"bias": 1.0}, "threshold": 5.0}
    assert choose("date", [("meta:modified", "2024-01-02")], entry) == (None, None)


def test_the_gate_reads_the_page_and_can_withhold_a_strong_value():
    cands = [("meta:published", "2024-01-02")]
    entry = {"weights": {"sig:meta:published": 2.0}, "threshold": 0.0,
             "gate": {"top": 1.0, "page:ld:product": -5.0}}
    assert choose("date", cands, entry, ("og:article",)) == ("2024-01-02", "meta:published")
    assert choose("date", cands, entry, ("ld:product",)) == (None, None)
    feats = gate_features([2.0, 0.5], ("og:article",))
    assert feats["top"] == 2.0 and feats["margin"] == 1.5 and feats["page:og:article"] == 1.0


def test_dates_are_read_by_their_signals_in_pairs_and_titles_by_their_starts():
    dates = {v: f for v, f, _ in group("date", [("meta:published", "2024-01-02"), ("time:first", "2024-01-02"),
                                                ("meta:modified", "2024-03-01")])}
    assert dates["2024-01-02"]["pair:meta:published+time:first"] == 1.0
    assert not any(k.startswith("pair:") for k in dates["2024-03-01"])
    titles = {v: f for v, f, _ in group("title", [("h1", "River Rises"), ("title-tag", "River Rises Above Mark")])}
    assert titles["River Rises"]["start_of_other"] == 1.0
    assert titles["River Rises Above Mark"]["other_is_start"] == 1.0


def test_shipped_model_is_valid_and_covers_both_inputs():
    data = json.loads(model_path().read_text(encoding="utf-8"))
    assert validate_model(data) == []
    assert data["trained_on"]["set"] == "wcxb-dev"
    model = load_model()
    for name in ("html", "text"):
        assert set(model[name]) == {"title", "date", "author"}


@pytest.mark.parametrize("change, problem", [
    (lambda m: m.pop("text"), "text: missing"),
    (lambda m: m["html"]["date"].update(threshold="high"), "html.date.threshold"),
    (lambda m: m["html"]["title"]["weights"].update({"sig:h1": float("nan")}), "html.title.weights.sig:h1"),
    (lambda m: m.update(version=2), "version"),
    (lambda m: m["html"]["date"].update(gate={"top": "x"}), "html.date.gate.top"),
])
def test_a_damaged_model_is_refused_with_what_is_wrong(tmp_path, change, problem):
    data = json.loads(model_path().read_text(encoding="utf-8"))
    change(data)
    path = tmp_path / "metadata.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(ConfigError, match=problem.replace(".", r"\.")) as info:
        load_model(str(path))
    assert str(path) in str(info.value)


def test_a_model_that_is_not_json_is_refused(tmp_path):
    path = tmp_path / "metadata.json"
    path.write_text("{", encoding="utf-8")
    with pytest.raises(ConfigError, match="not JSON"):
        load_model(str(path))


def test_title_signals_are_paired_but_not_their_context_copies():
    titles = {v: f for v, f, _ in group("title", [("h1", "River Rises"), ("og:title", "River Rises"),
                                                 ("h1@article", "River Rises")])}
    feats = titles["River Rises"]
    assert feats["pair:h1+og:title"] == 1.0
    assert not any("@" in k for k in feats if k.startswith("pair:"))


def test_the_gate_reads_the_signal_credited_with_the_best_value():
    cands = [("trafilatura", "2024-01-02")]
    entry = {"weights": {"sig:trafilatura": 1.0}, "threshold": 0.0,
             "gate": {"top": 1.0, "by:trafilatura": -2.0}}
    assert choose("date", cands, entry) == (None, None)
    assert gate_features([1.0], (), "trafilatura")["by:trafilatura"] == 1.0


def test_a_title_is_measured_by_the_words_it_shares_with_the_other_titles():
    titles = {v: f for v, f, _ in group("title", [
        ("h1", "Book a harbour tour today"), ("title-tag", "Harbour Tours and Boat Trips | Coast Club"),
        ("title-tag:stripped", "Harbour Tours and Boat Trips")])}
    slogan, headline = titles["Book a harbour tour today"], titles["Harbour Tours and Boat Trips"]
    assert slogan["overlap_low"] == 1.0 and headline["overlap_low"] == 0.0
    assert headline["overlap:title-tag"] > 0.8 and headline["overlap:h1"] < 0.3
    assert "overlap:h1" not in slogan  # a value is not compared with itself
