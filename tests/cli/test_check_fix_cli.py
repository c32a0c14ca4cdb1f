"""cleaner check and cleaner fix as a user (or a hook) runs them: real processes, files, exit codes."""
from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import sys

import pytest

from ..conftest import FIXTURES, run_cli

CASES = FIXTURES / "fix"
CLEAN = "A clean article: nothing but a sentence of prose.\n"


@pytest.fixture
def repo(tmp_path):
    """A small content repository: both seeds, a clean article and a navigation-only page."""
    shutil.copy(CASES / "seed-spacedaily" / "input.txt", tmp_path / "spacedaily.txt")
    shutil.copy(CASES / "seed-breadcrumbs" / "input.txt", tmp_path / "breadcrumbs.txt")
    shutil.copy(CASES / "navigation-only" / "input.txt", tmp_path / "nav.txt")
    (tmp_path / "clean.md").write_text(CLEAN)
    return tmp_path


def test_check_clean_file_exits_0_silently(repo):
    proc = run_cli("check", "clean.md", cwd=repo)
    assert (proc.returncode, proc.stdout, proc.stderr) == (0, b"", b"")


def test_check_reports_path_line_col_rule_message(repo):
    proc = run_cli("check", "breadcrumbs.txt", "clean.md", cwd=repo)
    assert proc.returncode == 1
    lines = proc.stdout.decode().splitlines()
    assert lines == (CASES / "seed-breadcrumbs" / "check.txt").read_text().replace(
        "input.txt", "breadcrumbs.txt").splitlines()
    assert proc.stderr.decode() == "cleaner: 6 findings in 1 of 2 files\n"


def test_check_json_and_github_formats(repo):
    data = json.loads(run_cli("check", "--format", "json", "spacedaily.txt", "nav.txt", cwd=repo).stdout)
    assert data["files"] == 2 and len(data["findings"]) == 30
    assert data["findings"][0] == {"path": "spacedaily.txt", "line": 1, "column": 1, "rule": "spacedaily/masthead",
                                   "message": "site masthead", "text": "Space News from SpaceDaily.com",
                                   "fixable": True}
    assert data["refused"][0]["path"] == "nav.txt"
    proc = run_cli("check", "--format", "github", "spacedaily.txt", cwd=repo)
    first = proc.stdout.decode().splitlines()[0]
    assert first == ("::error file=spacedaily.txt,line=1,col=1,title=spacedaily/masthead::"
                     "site masthead: Space News from SpaceDaily.com")
    assert proc.returncode == 1


def test_fix_rewrites_in_place_and_a_second_run_is_clean(repo):
    os.chmod(repo / "spacedaily.txt", 0o640)
    proc = run_cli("fix", "spacedaily.txt", "breadcrumbs.txt", "clean.md", cwd=repo)
    assert proc.returncode == 1, proc.stderr
    assert (repo / "spacedaily.txt").read_bytes() == (CASES / "seed-spacedaily" / "fixed.txt").read_bytes()
    assert (repo / "breadcrumbs.txt").read_bytes() == (CASES / "seed-breadcrumbs" / "fixed.txt").read_bytes()
    assert (repo / "clean.md").read_text() == CLEAN
    assert stat.S_IMODE((repo / "spacedaily.txt").stat().st_mode) == 0o640
    assert not [p for p in repo.iterdir() if p.name.endswith(".tmp")]
    assert "26 findings in 2 of 3 files; 2 fixed" in proc.stderr.decode()
    again = run_cli("fix", "spacedaily.txt", "breadcrumbs.txt", cwd=repo)
    assert (again.returncode, again.stdout) == (0, b"")
    assert run_cli("check", "spacedaily.txt", "breadcrumbs.txt", cwd=repo).returncode == 0


def test_fix_leaves_a_navigation_page_alone_and_fails(repo):
    before = (repo / "nav.txt").read_bytes()
    proc = run_cli("fix", "nav.txt", cwd=repo)
    assert proc.returncode == 1
    assert (repo / "nav.txt").read_bytes() == before
    assert "nav.txt: fix would remove 100% of its words (limit 50%): left alone" in proc.stdout.decode()
    assert run_cli("fix", "--max-removal", "1", "nav.txt", cwd=repo).returncode == 1
    assert (repo / "nav.txt").read_bytes() == b""


def test_fix_diff_shows_changes_and_writes_nothing(repo):
    before = (repo / "breadcrumbs.txt").read_bytes()
    proc = run_cli("fix", "--diff", "breadcrumbs.txt", "clean.md", "nav.txt", cwd=repo)
    assert proc.returncode == 1
    assert (repo / "breadcrumbs.txt").read_bytes() == before
    out = proc.stdout.decode()
    assert out.startswith("--- a/breadcrumbs.txt\n+++ b/breadcrumbs.txt\n")
    assert "-• Home/\n" in out and "-Advertisement · Scroll to continue\n" in out
    assert "nav.txt: fix would remove 100%" in proc.stderr.decode()
    assert run_cli("fix", "--diff", "clean.md", cwd=repo).returncode == 0


def test_fix_writes_through_a_symbolic_link(repo):
    os.symlink("spacedaily.txt", repo / "link.txt")
    assert run_cli("fix", "link.txt", cwd=repo).returncode == 1
    assert (repo / "link.txt").is_symlink()
    assert (repo / "spacedaily.txt").read_bytes() == (CASES / "seed-spacedaily" / "fixed.txt").read_bytes()


def test_configuration_is_discovered_and_flags_win(repo):
    (repo / "pyproject.toml").write_text('[tool.cleaner]\nexclude = ["nav.txt"]\ndisable = ["generic/ads/label"]\n')
    sub = repo / "articles"
    sub.mkdir()
    proc = run_cli("check", "../nav.txt", "../spacedaily.txt", cwd=sub)
    assert "nav.txt" not in proc.stdout.decode()
    assert "generic/ads/label" not in proc.stdout.decode() and proc.returncode == 1
    proc = run_cli("check", "--exclude", "spacedaily.txt", "../nav.txt", "../spacedaily.txt", cwd=sub)
    assert "nav.txt:1:1:" in proc.stdout.decode() and "spacedaily" not in proc.stdout.decode()
    assert run_cli("check", "--no-config", "../spacedaily.txt", cwd=sub).stdout.count(b"generic/ads/label") == 2


def test_bad_configuration_or_rule_file_exits_2(repo):
    (repo / ".cleaner.toml").write_text("max-removal = 0.5\nexlude = []\n")
    proc = run_cli("check", "clean.md", cwd=repo)
    assert proc.returncode == 2
    assert proc.stderr.decode() == f'cleaner: {repo / ".cleaner.toml"}:2: unknown key "exlude" ' \
                                   "(known: rules, builtin, disable, include, exclude, respect-gitignore, max-removal)\n"
    (repo / ".cleaner.toml").write_text('rules = ["bad.toml"]\n')
    (repo / "bad.toml").write_text('[pack]\nname = "bad"\n[[rule]]\nid = "bad/x"\nkind = "lne"\nmessage = "m"\n')
    proc = run_cli("fix", "clean.md", cwd=repo)
    assert proc.returncode == 2 and 'bad.toml:5: bad/x: unknown kind "lne"' in proc.stderr.decode()


def test_unreadable_input_exits_3_after_the_others(repo):
    (repo / "binary.txt").write_bytes(b"\x00\x01binary")
    proc = run_cli("check", "binary.txt", "breadcrumbs.txt", cwd=repo)
    assert proc.returncode == 3
    assert "cleaner: binary.txt: not text (binary data)" in proc.stderr.decode()
    assert b"breadcrumbs.txt:1:1:" in proc.stdout


def test_files_are_required(repo):
    assert run_cli("check", cwd=repo).returncode == 2


def test_checking_text_files_never_imports_the_html_stack(repo):
    code = ("import sys; from click.testing import CliRunner; from cleaner.cli.app import main; "
            "r = CliRunner().invoke(main, ['check', 'spacedaily.txt', 'clean.md']); assert r.exit_code == 1, r.output; "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('trafilatura', 'lxml', 'bs4')))")
    env = {**os.environ, "PYTHONPATH": str(FIXTURES.parent)}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=repo, env=env)
    assert out.stdout.strip() == "[]", out.stderr
