"""Clear errors and the right exit codes: one line each, never a traceback, never a silent skip."""
from __future__ import annotations

import os
import sqlite3
import time

import pytest
from click.testing import CliRunner

from cleaner.cli.app import main

from ..batch.batch_trees import TEXT

ARTICLE = TEXT.format(title="Council approves the new bus schedule", body="The vote was close.")
CHROME_PAGE = "Home\nNews\nSport\n" + ARTICLE
RUNAWAY_EXAMPLE = """[pack]
name = "slow"
[[rule]]
id = "slow/x"
kind = "line"
message = "m"
pattern = '^(?=(a|aa)+$)'
  [[rule.example]]
  input = "{evil}\\naa\\n"
  expect = "{evil}\\n"
"""
FINGERPRINT_PACK = """[pack]
name = "site"
fingerprints = ['^(?=(a|aa)+$)']
[[rule]]
id = "site/x"
kind = "line"
message = "m"
phrases = ["subscribe now"]
  [[rule.example]]
  input = "subscribe now\\nbody\\n"
  expect = "body\\n"
"""


def _invoke(*args):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


class _FullDisk:
    """A manifest connection whose writes of finished files fail as on a full disk."""

    def __init__(self, db):
        self._db = db

    def execute(self, sql, *args):
        if sql.startswith(("INSERT OR REPLACE INTO files", "UPDATE files", "DELETE FROM files")):
            raise sqlite3.OperationalError("database or disk is full")
        return self._db.execute(sql, *args)

    def close(self):
        self._db.close()


def test_13_full_disk_in_the_manifest_is_one_line_and_exit_3(tmp_path, monkeypatch):
    from cleaner.batch import manifest

    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    (src / "a.txt").write_text(ARTICLE)
    real = sqlite3.connect
    monkeypatch.setattr(manifest.sqlite3, "connect", lambda *a, **k: _FullDisk(real(*a, **k)))
    result = CliRunner().invoke(main, ["batch", "-j", "1", str(src), str(out)])
    assert result.exit_code == 3, result.output
    assert not isinstance(result.exception, sqlite3.Error)
    lines = [line for line in result.output.splitlines() if line.startswith("cleaner:")]
    assert len(lines) == 1 and "manifest" in lines[0] and "run the same command again" in lines[0]
    monkeypatch.setattr(manifest.sqlite3, "connect", real)
    assert CliRunner().invoke(main, ["batch", "-j", "1", str(src), str(out)]).exit_code == 0  # resumes


def test_14_rules_test_reports_an_example_over_the_time_limit(tmp_path):
    path = tmp_path / "slow.toml"
    path.write_text(RUNAWAY_EXAMPLE.format(evil="a" * 60 + "!"))
    result = CliRunner().invoke(main, ["rules", "test", str(path), "--time-limit", "0.3"])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert result.exit_code == 1
    assert "time limit exceeded" in result.output or "took too long" in result.output


def test_15_fingerprint_timeout_names_the_file(tmp_path):
    from cleaner.errors import DocumentTimeout
    from cleaner.io.sources import source_from_text
    from cleaner.packs.ruleset import load_ruleset
    from cleaner.pipeline import Options, clean_source

    path = tmp_path / "site.toml"
    path.write_text(FINGERPRINT_PACK)
    ruleset = load_ruleset([path], builtin=False)
    with pytest.raises(DocumentTimeout) as info:
        clean_source(source_from_text("a" * 60 + "!\nBody.\n", "page.txt"), ruleset, Options(time_limit=0.3))
    assert str(info.value).startswith("page.txt: ")


def _unreadable(monkeypatch, folder):
    real = os.scandir

    def scandir(path="."):
        if os.path.abspath(os.fspath(path)) == os.path.abspath(folder):
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)


def test_15_batch_unreadable_folder_is_an_error(tmp_path, monkeypatch):
    src, out = tmp_path / "in", tmp_path / "out"
    (src / "locked").mkdir(parents=True)
    (src / "a.txt").write_text(ARTICLE)
    (src / "locked" / "b.txt").write_text(ARTICLE)
    _unreadable(monkeypatch, src / "locked")
    result = CliRunner().invoke(main, ["batch", "-j", "1", str(src), str(out)])
    assert result.exit_code == 3, result.output
    assert "locked: cannot read folder" in result.output


@pytest.mark.parametrize("command", ["check", "fix"])
def test_15_check_and_fix_report_an_unreadable_folder(tmp_path, monkeypatch, command):
    docs = tmp_path / "docs"
    (docs / "locked").mkdir(parents=True)
    (docs / "a.txt").write_text(ARTICLE)
    (docs / "locked" / "b.txt").write_text(CHROME_PAGE)
    _unreadable(monkeypatch, docs / "locked")
    result = CliRunner().invoke(main, [command, "--no-config", str(docs)])
    assert result.exit_code == 3, result.output
    assert "cannot read folder" in result.output


@pytest.mark.parametrize("command", ["clean", "check"])
def test_15_names_with_a_newline_are_escaped(tmp_path, command):
    from ..conftest import run_cli

    bad = tmp_path / "two\nlines.txt"
    bad.write_bytes(b"\x00\x01binary\x00")
    args = [command] + (["--no-config"] if command == "check" else []) + [str(bad)]
    proc = run_cli(*args)
    assert proc.returncode == 3
    errors = [line for line in proc.stderr.decode().splitlines() if line.startswith("cleaner:")]
    assert "two\\nlines.txt" in errors[0]
    assert not any(line.startswith("lines.txt") for line in proc.stderr.decode().splitlines())


def test_15_fix_summary_does_not_count_failed_writes_as_fixed(tmp_path, monkeypatch):
    page = tmp_path / "page.txt"
    page.write_text(CHROME_PAGE)

    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("cleaner.io.sinks.write_atomic", refuse)
    result = CliRunner().invoke(main, ["fix", "--no-config", str(page)])
    assert result.exit_code == 3
    assert "0 fixed" in result.output and "1 could not be written" in result.output


def test_15_fix_sweeps_temporaries_a_killed_fix_left(tmp_path):
    page = tmp_path / "page.txt"
    page.write_text(CHROME_PAGE)
    leftover = tmp_path / ".page.txt.ab12cd34.tmp"
    leftover.write_text("half a file")
    old = time.time() - 3600
    os.utime(leftover, (old, old))
    CliRunner().invoke(main, ["fix", "--no-config", str(page)])
    assert page.read_text() != CHROME_PAGE
    assert not leftover.exists()


def test_15_utf16_without_a_bom_is_read_not_called_binary(builtin_ruleset):
    from cleaner import clean

    result = clean(ARTICLE.encode("utf-16-le"), name="page.txt", ruleset=builtin_ruleset)
    assert "Council approves" in result.text or "committee published" in result.text
