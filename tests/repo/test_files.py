"""File selection for check and fix: gitignore patterns, .gitignore in a repository, --show-files."""
from __future__ import annotations

from pathlib import Path

from cleaner.config import Config
from tests.conftest import run_cli


def _tree(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def _rel(root: Path, names: list[str]) -> list[str]:
    return [Path(n).relative_to(root).as_posix() for n in names]


def test_a_folder_in_a_git_repository_skips_what_git_ignores(tmp_path):
    root = _tree(tmp_path, {".git/HEAD": "ref\n", ".gitignore": "build/\n*.log.txt\n!keep.log.txt\n",
                            "a.md": "x\n", "build/b.md": "x\n", "c.log.txt": "x\n", "keep.log.txt": "x\n",
                            "sub/.gitignore": "local.md\n", "sub/local.md": "x\n", "sub/d.md": "x\n",
                            "other/local.md": "x\n"})
    chosen = Config(root=root).files([str(root)])
    assert _rel(root, chosen) == ["a.md", "keep.log.txt", "other/local.md", "sub/d.md"]


def test_a_deeper_gitignore_overrides_a_higher_one(tmp_path):
    root = _tree(tmp_path, {".git/HEAD": "ref\n", ".gitignore": "*.md\n", "sub/.gitignore": "!wanted.md\n",
                            "sub/wanted.md": "x\n", "sub/other.md": "x\n"})
    assert _rel(root, Config(root=root).files([str(root)])) == ["sub/wanted.md"]


def test_outside_a_repository_or_when_switched_off_gitignore_is_not_read(tmp_path):
    root = _tree(tmp_path, {".gitignore": "*.md\n", "a.md": "x\n"})
    assert _rel(root, Config(root=root).files([str(root)])) == ["a.md"]
    (root / ".git").mkdir()
    assert Config(root=root).files([str(root)]) == []
    assert _rel(root, Config(root=root, respect_gitignore=False).files([str(root)])) == ["a.md"]


def test_a_file_named_on_the_command_line_is_taken_even_if_git_ignores_it(tmp_path):
    root = _tree(tmp_path, {".git/HEAD": "ref\n", ".gitignore": "*.md\n", "a.md": "x\n"})
    assert Config(root=root).files([str(root / "a.md")]) == [str(root / "a.md")]


def test_include_and_exclude_follow_gitignore_rules(tmp_path):
    root = _tree(tmp_path, {"news/a.md": "x\n", "news/drafts/b.md": "x\n", "blog/c.md": "x\n",
                            "blog/keep.raw.txt": "x\n", "blog/d.raw.txt": "x\n"})
    config = Config(root=root, include=("news/", "blog/"), exclude=("drafts/", "*.raw.txt", "!keep.raw.txt"))
    assert _rel(root, config.files([str(root)])) == ["blog/c.md", "blog/keep.raw.txt", "news/a.md"]
    anchored = Config(root=root, include=("/news/*.md",))
    assert _rel(root, anchored.files([str(root)])) == ["news/a.md"]


def test_show_files_lists_the_selection_and_checks_nothing(tmp_path):
    root = _tree(tmp_path, {".git/HEAD": "ref\n", ".gitignore": "ignored/\n", "a.md": "Share on Facebook\n",
                            "ignored/b.md": "x\n", "notes.md": "x\n"})
    shown = run_cli("check", str(root), "--show-files", "--exclude", "notes.md", cwd=root)
    assert shown.returncode == 0, shown.stderr
    assert _rel(root, shown.stdout.decode().splitlines()) == ["a.md"]
    everything = run_cli("check", str(root), "--show-files", "--no-respect-gitignore", cwd=root)
    assert _rel(root, everything.stdout.decode().splitlines()) == ["a.md", "notes.md", "ignored/b.md"]
