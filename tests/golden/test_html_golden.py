"""Golden tests for HTML pages: fixtures/html-*/input.html -> expected.txt and expected.json.

Each case is cleaned twice, as the CLI does: ``--format text`` (no page metadata)
must give expected.txt, ``--format json`` the whole of expected.json, and both
bodies must agree. Regenerate on purpose with ``CLEANER_REGEN=1 pytest
tests/test_html_golden.py`` and review the diff.
"""
from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from cleaner.pipeline import Options, clean_source
from cleaner.formats import render_json
from cleaner.packs.ruleset import load_ruleset
from cleaner.io.sources import read_source

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
CASES = sorted(p.name for p in FIXTURES.glob("html-*") if (p / "input.html").is_file())
REGEN = os.environ.get("CLEANER_REGEN") == "1"


@pytest.fixture(scope="module")
def ruleset():
    return load_ruleset()


@pytest.mark.parametrize("case", CASES)
def test_html_golden(case, ruleset):
    folder = FIXTURES / case
    source = read_source(str(folder / "input.html"))
    text = clean_source(source, ruleset, Options(page_metadata=False)).text
    full = clean_source(source, ruleset, Options(page_metadata=True))
    record = json.loads(render_json(full))
    if REGEN:
        (folder / "expected.txt").write_text(text, encoding="utf-8")
        (folder / "expected.json").write_text(json.dumps(record, ensure_ascii=False, indent=2) + "\n",
                                              encoding="utf-8")
    assert text == (folder / "expected.txt").read_text(encoding="utf-8")
    assert record == json.loads((folder / "expected.json").read_text(encoding="utf-8"))
    assert full.text == text, "the body must not depend on whether metadata was read"


def test_there_are_html_cases():
    assert len(CASES) >= 3
