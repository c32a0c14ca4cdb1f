import tomllib

from cleaner.learn.packwriter import PackSpec, failing_rules, pack_name, toml_string
from cleaner.learn.select import select
from cleaner.learn.stats import SiteStats


def test_toml_strings_round_trip_quotes_backslashes_and_controls():
    for text in ['a "quoted" \\d+ line', "tab\tand\x7fdel", "naïve ‘curly’ — dash"]:
        assert tomllib.loads(f"x = {toml_string(text)}")["x"] == text


def test_pack_names_are_rule_id_safe():
    assert pack_name("www.Example.com") == "example.com"
    assert pack_name("My Site!") == "my-site"


def test_a_stable_line_is_a_phrase_and_a_varying_one_a_pattern():
    from cleaner.learn.packwriter import render_pack

    stats = SiteStats()
    for n, word in enumerate(["alpha", "beta", "gamma"]):
        stats.add_page([f"A long {word} paragraph about the {word} and what it did for the town today.",
                        "Weekend magazine", f"Comments ({n + 2})",
                        f"Another {word} paragraph with more about the {word} and the people there."])
    text = render_pack(PackSpec("t", ("t.example",)), stats, select(stats))
    rules = tomllib.loads(text)["rule"]
    assert {tuple(r.get("phrases", ())) for r in rules} >= {("Weekend magazine",)}
    assert any("pattern" in r and "\\d+" in r["pattern"][0] for r in rules)
    assert failing_rules(text) == ([], set())
