"""Every shipped rule's inline examples pass when the rule runs alone."""
from __future__ import annotations

import pytest

from cleaner.packs.examples import run_example
from cleaner.packs.ruleset import load_ruleset

RULES = [rule for rule in load_ruleset().rules for _ in rule.info.examples[:1]]


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_examples(rule):
    for example in rule.info.examples:
        outcome = run_example(rule, example)
        assert outcome.ok, f"{rule.id} (line {example.line}): {outcome.problems}"
