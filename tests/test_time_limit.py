"""A catastrophic pattern fails its document with a clear error instead of hanging."""
from __future__ import annotations

import time

import pytest

from cleaner.errors import DocumentTimeout
from cleaner.pipeline import Options, clean_source
from cleaner.ruleset import load_ruleset
from cleaner.sources import source_from_text

from .conftest import run_cli

RUNAWAY = ('[pack]\nname = "slow"\n[[rule]]\nid = "slow/x"\nkind = "line"\nmessage = "m"\n'
           'pattern = \'^(a|aa)+$\'\n  [[rule.example]]\n  input = "b\\n"\n  expect = "b\\n"\n')


def test_runaway_pattern_times_out(tmp_path):
    path = tmp_path / "slow.toml"
    path.write_text(RUNAWAY)
    ruleset = load_ruleset([path], builtin=False)
    started = time.monotonic()
    with pytest.raises(DocumentTimeout) as info:
        clean_source(source_from_text("a" * 60 + "!\n", "page.txt"), ruleset, Options(time_limit=0.5))
    assert time.monotonic() - started < 5
    assert str(info.value).startswith("page.txt: rule slow/x: pattern took too long")


def test_runaway_pattern_exit_code_3(tmp_path):
    path = tmp_path / "slow.toml"
    path.write_text(RUNAWAY)
    page = tmp_path / "page.txt"
    page.write_text("a" * 60 + "!\n")
    proc = run_cli("clean", str(page), "--rules", str(path), "--no-builtin",
                   env={"CLEANER_TIME_LIMIT": "0.5"})
    assert proc.returncode == 3
    assert proc.stderr.decode().startswith(f"cleaner: {page}: rule slow/x: pattern took too long")
