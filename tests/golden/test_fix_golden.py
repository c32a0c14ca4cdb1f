"""Golden tests for check and fix: every ``fixtures/fix/<case>/`` compared whole.

A case holds ``input.<ext>``, ``fixed.<ext>`` (the file after ``cleaner fix``,
byte for byte) and ``check.txt`` (the ``cleaner check`` report, paths relative
to the case). To regenerate on purpose after a deliberate change, run
``CLEANER_REGEN=1 pytest tests/golden/test_fix_golden.py`` and review the diff.
"""
from __future__ import annotations

import os

import pytest

from cleaner.repo.fixer import Fixer
from cleaner.repo.report import report_text

from ..conftest import FIXTURES

CASES = sorted(p for p in (FIXTURES / "fix").iterdir() if p.is_dir())
REGEN = os.environ.get("CLEANER_REGEN") == "1"


@pytest.fixture(scope="module")
def fixer(builtin_ruleset):
    return Fixer(builtin_ruleset)


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_fix_golden(case, fixer, monkeypatch):
    monkeypatch.chdir(case)
    source = next(case.glob("input.*"))
    plan = fixer.plan(source.read_bytes(), source.name)
    fixed, report = case / f"fixed{source.suffix}", case / "check.txt"
    if REGEN:
        fixed.write_bytes(plan.fixed)
        report.write_text(report_text([plan]), encoding="utf-8")
    assert plan.fixed == fixed.read_bytes(), f"{case.name}: fix output differs from {fixed.name}"
    assert report_text([plan]) == report.read_text(encoding="utf-8"), f"{case.name}: check report differs"
    again = fixer.plan(plan.fixed, source.name)
    assert not again.changed and not again.findings or plan.refused, "a fixed file must check clean"


def test_cases_cover_every_input_kind():
    assert {next(c.glob("input.*")).suffix for c in CASES} >= {".txt", ".md", ".html"}
