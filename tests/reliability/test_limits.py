"""Every time limit is enforced, in every stage, for every pattern, whatever the value given."""
from __future__ import annotations

import time

import pytest

from cleaner.errors import DocumentTimeout
from cleaner.io.sources import source_from_text
from cleaner.packs.ruleset import load_ruleset
from cleaner.pipeline import Options, clean_source

from ..conftest import run_cli

CAPTURE_RULE = """[pack]
name = "slow"
[[rule]]
id = "slow/tags"
kind = "capture"
message = "m"
pattern = '^Tags: (?P<tags>.+)$'
split = '{split}'
  [[rule.example]]
  input = "b\\n"
  expect = "b\\n"
"""


def test_9_one_huge_line_stops_at_the_time_limit(tmp_path):
    page = tmp_path / "huge.txt"
    page.write_text("word " * 2_000_000)  # one 10 MB line: seconds of work in reflow and features
    started = time.monotonic()
    proc = run_cli("clean", str(page), "--time-limit", "0.3")
    assert proc.returncode == 3, proc.stderr
    assert "time limit exceeded" in proc.stderr.decode()
    assert time.monotonic() - started < 15


def test_9_many_short_lines_stop_at_the_time_limit(builtin_ruleset):
    text = "\n".join(f"word{i % 97}" for i in range(300_000))
    started = time.monotonic()
    with pytest.raises(DocumentTimeout):
        clean_source(source_from_text(text, "many.txt"), builtin_ruleset, Options(time_limit=0.2))
    assert time.monotonic() - started < 5  # generous for a loaded machine; unguarded, it ran to the end


def test_9_one_time_budget_module():
    """The default, the bounds and the guards live in cleaner.deadline and nowhere else."""
    from cleaner import deadline, engine, pipeline
    from cleaner.batch import task
    from cleaner.html import extract
    from cleaner.match import patterns

    assert engine.DEFAULT_TIME_LIMIT is deadline.DEFAULT_TIME_LIMIT
    assert pipeline.Options().time_limit == deadline.DEFAULT_TIME_LIMIT
    assert task.BatchSettings("a", "b").time_limit == deadline.DEFAULT_TIME_LIMIT
    assert patterns.DEFAULT_MATCH_SECONDS is deadline.DEFAULT_MATCH_SECONDS
    for module, name in ((task, "_arm"), (task, "_Overtime"), (task, "_on_alarm"), (extract, "time_limit")):
        assert not hasattr(module, name), f"{module.__name__}.{name} should come from cleaner.deadline"


def test_10_catastrophic_split_pattern_runs_under_the_limit(tmp_path):
    path = tmp_path / "slow.toml"
    path.write_text(CAPTURE_RULE.format(split="(?=(a|aa)+$)"))
    ruleset = load_ruleset([path], builtin=False)
    started = time.monotonic()
    with pytest.raises(DocumentTimeout) as info:
        clean_source(source_from_text("Tags: " + "a" * 40 + "!\nBody.\n", "page.txt"), ruleset,
                     Options(time_limit=0.5))
    assert time.monotonic() - started < 3  # unguarded, this split ran for minutes
    assert str(info.value).startswith("page.txt: rule slow/tags: pattern took too long")


def test_10_line_pattern_kept_within_a_second_of_the_limit(tmp_path):
    path = tmp_path / "slow.toml"
    path.write_text(CAPTURE_RULE.replace('kind = "capture"', 'kind = "line"')
                    .replace("pattern = '^Tags: (?P<tags>.+)$'\nsplit = '{split}'\n", "pattern = '^(?=(a|aa)+$)'\n"))
    ruleset = load_ruleset([path], builtin=False)
    started = time.monotonic()
    with pytest.raises(DocumentTimeout):
        clean_source(source_from_text("a" * 60 + "!\naa\n", "page.txt"), ruleset, Options(time_limit=0.3))
    assert time.monotonic() - started < 2.5


@pytest.mark.parametrize("value", ["nan", "inf", "-1", "1e300", "0"])
def test_12_time_limit_must_be_finite_and_positive(tmp_path, value):
    page = tmp_path / "page.html"
    page.write_text("<html><body><p>Some text for the page.</p></body></html>")
    proc = run_cli("clean", str(page), "--time-limit", value)
    assert proc.returncode == 2, (proc.returncode, proc.stderr)
    assert b"Traceback" not in proc.stderr
    proc = run_cli("clean", str(page), env={"CLEANER_TIME_LIMIT": value})
    assert proc.returncode == 2, (proc.returncode, proc.stderr)


def test_12_batch_time_limit_refuses_nan(tmp_path):
    (tmp_path / "in").mkdir()
    proc = run_cli("batch", str(tmp_path / "in"), str(tmp_path / "out"), "--time-limit", "nan")
    assert proc.returncode == 2
    proc = run_cli("batch", str(tmp_path / "in"), str(tmp_path / "out"), env={"CLEANER_TIME_LIMIT": "inf"})
    assert proc.returncode == 2


def test_12_library_refuses_a_limit_that_is_not_finite(builtin_ruleset):
    from cleaner.errors import CleanerError

    for value in (float("nan"), float("inf")):
        with pytest.raises(CleanerError):
            clean_source(source_from_text("Text.\n", "a.txt"), builtin_ruleset, Options(time_limit=value))
