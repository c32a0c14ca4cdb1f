"""Golden tests: each fixtures/<case>/input.txt cleans to expected.txt and expected.json.

The cases are the two seed pages (which must always clean exactly) and small
multilingual pages with menus, cookie banners and footers, written for these
tests so the structural rules are checked beyond the English development corpus.
Set CLEANER_REGENERATE=1 to rewrite the expected files on purpose.
"""
from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from cleaner.pipeline import Options, clean_source
from cleaner.sources import read_source

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
CASES = sorted(p.parent.name for p in FIXTURES.glob("*/input.txt"))


@pytest.mark.parametrize("case", CASES)
def test_golden(case, ruleset):
    folder = FIXTURES / case
    result = clean_source(read_source(str(folder / "input.txt")), ruleset, Options())
    metadata = {k: v for k, v in result.metadata.as_dict().items() if k != "sources"}
    if os.environ.get("CLEANER_REGENERATE"):
        (folder / "expected.txt").write_text(result.text, encoding="utf-8")
        (folder / "expected.json").write_text(json.dumps(metadata, ensure_ascii=False, indent=2) + "\n",
                                              encoding="utf-8")
    assert result.text == (folder / "expected.txt").read_text(encoding="utf-8")
    assert metadata == json.loads((folder / "expected.json").read_text(encoding="utf-8"))
