"""Golden tests: every ``fixtures/<case>/`` cleaned, compared whole with its expected outputs.

A case holds ``input.<ext>``, ``expected.txt`` (text format) and ``expected.json``
(JSON format), and optionally ``rules.toml`` (user rules added to the shipped
packs) and ``options.toml`` (``url``, ``no_builtin``). To regenerate on purpose
after a deliberate change, run ``CLEANER_REGEN=1 pytest tests/golden/test_golden.py``
and review the diff.
"""
from __future__ import annotations

import os
import tomllib

import pytest

from cleaner.pipeline import Options, clean_source
from cleaner.formats import render
from cleaner.packs.ruleset import load_ruleset
from cleaner.io.sources import source_from_bytes

from ..conftest import FIXTURES

CASES = sorted(p for p in FIXTURES.iterdir() if p.is_dir() and any(p.glob("input.*")))
REGEN = os.environ.get("CLEANER_REGEN") == "1"


def _clean(case):
    options = tomllib.loads((case / "options.toml").read_text()) if (case / "options.toml").exists() else {}
    rules = [case / "rules.toml"] if (case / "rules.toml").exists() else []
    ruleset = load_ruleset(rules, builtin=not options.get("no_builtin", False))
    source_path = next(case.glob("input.*"))
    source = source_from_bytes(source_path.read_bytes(), source_path.name)
    return clean_source(source, ruleset, Options(url=options.get("url")))


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_golden(case):
    result = _clean(case)
    for fmt, name in (("text", "expected.txt"), ("json", "expected.json")):
        out = render(result, fmt)
        path = case / name
        if REGEN:
            path.write_text(out, encoding="utf-8")
        assert path.exists(), f"{path} missing: run with CLEANER_REGEN=1 and review it"
        assert out == path.read_text(encoding="utf-8"), f"{case.name}: {fmt} output differs from {name}"


def test_every_case_has_expectations():
    assert len(CASES) >= 14
    for case in CASES:
        assert (case / "expected.txt").exists() and (case / "expected.json").exists(), case.name
