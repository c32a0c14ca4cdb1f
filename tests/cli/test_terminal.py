"""Quiet and friendly terminal use: --quiet, --no-progress, TERM=dumb, help with exit codes."""
from __future__ import annotations

import io

import pytest

from cleaner.progress import Reporter, can_draw
from cleaner.batch.task import Outcome, Started, Summary

from ..conftest import run_cli


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_no_bar_on_a_dumb_terminal(monkeypatch):
    monkeypatch.setenv("TERM", "xterm")
    assert can_draw(FakeTerminal())
    monkeypatch.setenv("TERM", "dumb")
    assert not can_draw(FakeTerminal())
    assert not can_draw(io.StringIO())  # a pipe or a file


def test_quiet_reporter_prints_failures_but_no_bar_and_no_summary():
    stream = FakeTerminal()
    reporter = Reporter(stream, show_bar=True, quiet=True)
    reporter.handle(Started(2, 1))
    reporter.handle(Outcome("a.txt", "cleaned"))
    reporter.handle(Outcome("b.txt", "failed", error="no such file"))
    reporter.handle(Summary(cleaned=1, failed=1, failures=["b.txt: no such file"], errors_path="e.jsonl"))
    assert stream.getvalue() == "cleaner: b.txt: no such file\n"


def test_batch_quiet_prints_nothing_on_success(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text("The story of the day, told in one sentence.\n")
    proc = run_cli("batch", "in", "out", "-q", "-j", "1", cwd=tmp_path)
    assert proc.returncode == 0 and proc.stderr == b"" and proc.stdout == b""
    proc = run_cli("batch", "in", "out2", "--no-progress", "-j", "1", cwd=tmp_path)
    assert b"\x1b" not in proc.stderr and proc.stderr.decode().startswith("cleaner: batch: 1 processed")


@pytest.mark.parametrize("command", [("clean",), ("explain",), ("batch",), ("check",), ("fix",),
                                     ("rules", "list"), ("rules", "validate"), ("rules", "test"),
                                     ("rules", "schema"), ()])
def test_every_help_names_its_exit_codes_and_shows_an_example(command):
    proc = run_cli(*command, "--help")
    assert proc.returncode == 0
    text = proc.stdout.decode()
    assert "Exit status" in text and "Example" in text
