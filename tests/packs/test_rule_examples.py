"""The shipped packs tested as data: every rule's inline examples pass, ids are well formed."""
from __future__ import annotations

import pytest

from cleaner.packs.examples import run_example
from cleaner.packs.ruleset import load_ruleset

RULESET = load_ruleset()
CASES = [(rule, ex) for rule in RULESET.rules for ex in rule.info.examples]


@pytest.mark.parametrize("rule,example", CASES,
                         ids=[f"{r.id}#{i}" for r in RULESET.rules for i, _ in enumerate(r.info.examples)])
def test_example(rule, example):
    outcome = run_example(rule, example)
    assert outcome.ok, f"{rule.info.path}:{example.line}: {rule.id}: " + "; ".join(outcome.problems)


def test_every_rule_has_an_example_and_a_namespaced_id():
    for pack in RULESET.packs:
        for rule in pack.rules:
            assert rule.info.examples, rule.id
            assert "/" in rule.id, f"{rule.id}: ids are pack/name"


def test_generic_packs_are_unscoped_and_site_packs_scoped():
    for pack in RULESET.packs:
        if "/generic/" in pack.path.replace("\\", "/"):
            assert not pack.scoped, pack.path
        else:
            assert pack.scoped, pack.path
