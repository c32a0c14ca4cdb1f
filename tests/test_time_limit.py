"""A catastrophic pattern fails its document with a clear error instead of hanging."""
from __future__ import annotations

import time

import pytest

from cleaner.errors import DocumentTimeout
from cleaner.pipeline import Options, clean_source
from cleaner.packs.ruleset import load_ruleset
from cleaner.io.sources import source_from_text

from .conftest import run_cli

# RE2 finds the lines a pattern may match in linear time and regex only confirms them,
# so a runaway needs a part RE2 cannot check: the lookahead (dropped by the translation,
# which then takes every line as a candidate). The "aa" line makes the pattern occur.
EVIL_PAGE = "a" * 60 + "!\naa\n"
RULE = ('[pack]\nname = "slow"\n[[rule]]\nid = "slow/x"\nkind = "line"\nmessage = "m"\n'
        'pattern = \'{pattern}\'\n  [[rule.example]]\n  input = "b\\n"\n  expect = "b\\n"\n')
RUNAWAY = RULE.format(pattern="^(?=(a|aa)+$)")


def test_runaway_pattern_times_out(tmp_path):
    path = tmp_path / "slow.toml"
    path.write_text(RUNAWAY)
    ruleset = load_ruleset([path], builtin=False)
    started = time.monotonic()
    with pytest.raises(DocumentTimeout) as info:
        clean_source(source_from_text(EVIL_PAGE, "page.txt"), ruleset, Options(time_limit=0.5))
    assert time.monotonic() - started < 5
    assert str(info.value).startswith("page.txt: rule slow/x: pattern took too long")


def test_runaway_pattern_exit_code_3(tmp_path):
    path = tmp_path / "slow.toml"
    path.write_text(RUNAWAY)
    page = tmp_path / "page.txt"
    page.write_text(EVIL_PAGE)
    proc = run_cli("clean", str(page), "--rules", str(path), "--no-builtin",
                   env={"CLEANER_TIME_LIMIT": "0.5"})
    assert proc.returncode == 3
    assert proc.stderr.decode().startswith(f"cleaner: {page}: rule slow/x: pattern took too long")


def test_runaway_pattern_that_matches_no_line_costs_nothing(tmp_path):
    """RE2 finds in linear time that no line matches; the backtracking search never runs."""
    path = tmp_path / "slow.toml"
    path.write_text(RULE.format(pattern="^(a|aa)+$"))
    ruleset = load_ruleset([path], builtin=False)
    started = time.monotonic()
    result = clean_source(source_from_text(EVIL_PAGE, "page.txt"), ruleset, Options(time_limit=60))
    assert result.text == "a" * 60 + "!\n"  # the "aa" line matched and went
    assert time.monotonic() - started < 5
