"""Every shipped rule's inline examples pass; HTML rules' examples run on HTML input."""
from __future__ import annotations

import pytest

from cleaner.packs.examples import run_example
from cleaner.packs.ruleset import load_ruleset

RULES = load_ruleset().rules
CASES = [(rule, n, example) for rule in RULES for n, example in enumerate(rule.info.examples)]


@pytest.mark.parametrize("rule, n, example", CASES, ids=[f"{r.id}#{n + 1}" for r, n, _ in CASES])
def test_example(rule, n, example):
    outcome = run_example(rule, example)
    assert outcome.ok, outcome.problems


def test_every_html_rule_has_examples():
    html_rules = [r for r in RULES if r.target == "html"]
    assert html_rules
    assert all(r.info.examples for r in html_rules)
