"""The pre-commit hooks end to end, with the real pre-commit framework.

pre-commit installs cleaner from a snapshot of this working tree into an
environment of its own (``language: python``: pip, from the package index) and
runs ``cleaner-check`` and ``cleaner-fix`` on a small content repository: both
seeds, a clean article and a navigation-only page. The snapshot is committed
once per test session. ``try-repo`` always builds its environment in a
temporary store; the ``git commit`` test uses ``PRE_COMMIT_HOME`` in a session
folder, as a real repository's hooks do.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest

from ..conftest import FIXTURES, ROOT

pytest.importorskip("pre_commit")  # a dev dependency

CASES = FIXTURES / "fix"
GIT_ENV = {"GIT_AUTHOR_NAME": "test", "GIT_AUTHOR_EMAIL": "test@example.invalid",
           "GIT_COMMITTER_NAME": "test", "GIT_COMMITTER_EMAIL": "test@example.invalid"}


def _env(home) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "GIT_DIR", "GIT_WORK_TREE")}
    env.update(GIT_ENV, PRE_COMMIT_HOME=str(home), PRE_COMMIT_COLOR="never")
    return env


def _git(*args, cwd, env=None) -> str:
    return subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True, text=True).stdout


def _tree_files() -> list[str]:
    """The files of this working tree as a commit would have them (tracked and new, not ignored)."""
    try:
        listed = _git("ls-files", "-co", "--exclude-standard", "-z", cwd=ROOT)
        return [f for f in listed.split("\0") if f and (ROOT / f).is_file()]
    except (subprocess.CalledProcessError, FileNotFoundError):
        skip = {".git", ".venv", "build", "dist", "__pycache__", ".pytest_cache"}
        return [str(p.relative_to(ROOT)) for p in ROOT.rglob("*")
                if p.is_file() and not skip & set(p.relative_to(ROOT).parts)]


@pytest.fixture(scope="session")
def hooks_repo(tmp_path_factory):
    """``(path, commit)`` of a git repository holding this working tree, hooks manifest included."""
    snapshot = tmp_path_factory.mktemp("cleaner-snapshot")
    for name in _tree_files():
        (snapshot / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, snapshot / name)
    if not (snapshot / "README.md").exists():  # pyproject.toml names it as the long description
        (snapshot / "README.md").write_text("# cleaner\n")
    env = {**os.environ, **GIT_ENV}
    _git("init", "-q", cwd=snapshot, env=env)
    _git("add", "-A", cwd=snapshot, env=env)
    _git("commit", "-q", "-m", "snapshot", cwd=snapshot, env=env)
    return snapshot, _git("rev-parse", "HEAD", cwd=snapshot).strip()


@pytest.fixture(scope="session")
def pre_commit_home(tmp_path_factory):
    return tmp_path_factory.mktemp("pre-commit-home")


@pytest.fixture
def content(tmp_path):
    """A content repository: the two seeds, a clean article, a page that is all navigation."""
    shutil.copy(CASES / "seed-spacedaily" / "input.txt", tmp_path / "spacedaily.txt")
    shutil.copy(CASES / "seed-breadcrumbs" / "input.txt", tmp_path / "breadcrumbs.txt")
    shutil.copy(CASES / "navigation-only" / "input.txt", tmp_path / "nav.txt")
    (tmp_path / "clean.md").write_text("---\ntitle: A clean article\n---\n\nNothing here but prose, "
                                       "written by a person.\n")
    _git("init", "-q", cwd=tmp_path)
    _git("add", "-A", cwd=tmp_path)
    return tmp_path


def _pre_commit(*args, home, cwd, timeout=900) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pre_commit", *args], cwd=cwd, env=_env(home),
                          capture_output=True, text=True, timeout=timeout)


def test_manifest_is_valid(pre_commit_home):
    proc = _pre_commit("validate-manifest", str(ROOT / ".pre-commit-hooks.yaml"), home=pre_commit_home, cwd=ROOT)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_try_repo_check_reports_and_fix_fixes(hooks_repo, pre_commit_home, content):
    """``pre-commit try-repo`` runs both hooks in one go (it builds a fresh environment each time)."""
    path, commit = hooks_repo
    nav = (content / "nav.txt").read_bytes()
    proc = _pre_commit("try-repo", str(path), "--ref", commit, "--all-files", "--verbose",
                       home=pre_commit_home, cwd=content)
    out = proc.stdout
    assert proc.returncode == 1, out + proc.stderr
    check, fix = out.split("cleaner fix (remove site chrome from articles)")
    assert "spacedaily.txt:1:1: spacedaily/masthead site masthead" in check
    assert "breadcrumbs.txt:1:1: generic/breadcrumbs/bullets" in check
    assert "nav.txt: fix would remove 100% of its words (limit 50%)" in check
    assert "clean.md" not in check
    assert "spacedaily.txt:6:" not in check  # the dateline is content: not reported
    assert "files were modified by this hook" in fix
    assert (content / "spacedaily.txt").read_bytes() == (CASES / "seed-spacedaily" / "fixed.txt").read_bytes()
    assert (content / "breadcrumbs.txt").read_bytes() == (CASES / "seed-breadcrumbs" / "fixed.txt").read_bytes()
    assert (content / "nav.txt").read_bytes() == nav


def test_commit_is_stopped_until_the_chrome_is_gone(hooks_repo, pre_commit_home, content):
    """As a content repository uses the hooks: installed in git, run by ``git commit``."""
    path, commit = hooks_repo
    (content / ".pre-commit-config.yaml").write_text(
        f"repos:\n- repo: {path}\n  rev: {commit}\n  hooks:\n  - id: cleaner-check\n  - id: cleaner-fix\n")
    _git("add", "-A", cwd=content)
    installed = _pre_commit("install", home=pre_commit_home, cwd=content)
    assert installed.returncode == 0, installed.stdout + installed.stderr
    env = _env(pre_commit_home)
    first = subprocess.run(["git", "commit", "-m", "articles"], cwd=content, env=env, capture_output=True,
                           text=True, timeout=900)
    assert first.returncode != 0, first.stdout + first.stderr
    assert "nav.txt: fix would remove 100%" in first.stdout + first.stderr  # git shows hooks on stderr
    assert (content / "spacedaily.txt").read_bytes() == (CASES / "seed-spacedaily" / "fixed.txt").read_bytes()
    (content / "nav.txt").unlink()  # the flagged page is not an article: its author takes it out
    _git("add", "-A", cwd=content)
    second = subprocess.run(["git", "commit", "-m", "articles"], cwd=content, env=env, capture_output=True,
                            text=True, timeout=900)
    assert second.returncode == 0, second.stdout + second.stderr
    shown = second.stdout + second.stderr
    assert "cleaner check (site chrome in articles)" in shown and "Passed" in shown
    assert sorted(_git("ls-files", cwd=content).split()) == [".pre-commit-config.yaml", "breadcrumbs.txt",
                                                             "clean.md", "spacedaily.txt"]
