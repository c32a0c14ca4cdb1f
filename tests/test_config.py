"""cleaner.config: finding, reading and checking [tool.cleaner] / .cleaner.toml."""
from __future__ import annotations

from pathlib import Path

import pytest

from cleaner.config import Config, discover, find_config, load_config
from cleaner.errors import ConfigError, ExitCode


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_nearest_pyproject_with_a_tool_section_wins(tmp_path):
    _write(tmp_path / "pyproject.toml", "[tool.cleaner]\nmax-removal = 0.8\n")
    _write(tmp_path / "site" / "pyproject.toml", "[project]\nname = 'not-ours'\n")  # no section: skipped
    deep = tmp_path / "site" / "articles"
    deep.mkdir()
    assert find_config(deep) == tmp_path / "pyproject.toml"
    config = discover(deep)
    assert config.max_removal == 0.8 and config.root == tmp_path


def test_cleaner_toml_beats_pyproject_in_the_same_folder(tmp_path):
    _write(tmp_path / "pyproject.toml", "[tool.cleaner]\nmax-removal = 0.8\n")
    _write(tmp_path / ".cleaner.toml", "max-removal = 0.3\n")
    assert discover(tmp_path).max_removal == 0.3


def test_no_file_gives_the_defaults(tmp_path):
    config = discover(tmp_path)
    assert config.path is None and config.max_removal == 0.5 and config.builtin and not config.rules


def test_every_key_is_read(tmp_path):
    path = _write(tmp_path / ".cleaner.toml",
                  'rules = ["house"]\nbuiltin = false\ndisable = ["a/b"]\ninclude = ["articles/**"]\n'
                  'exclude = ["drafts/"]\nmax-removal = 1\n')
    config = load_config(path)
    assert config.rules == (str(tmp_path / "house"),)  # relative to the file, not the working directory
    assert (config.builtin, config.disable, config.include, config.exclude, config.max_removal) == \
        (False, ("a/b",), ("articles/**",), ("drafts/",), 1.0)


@pytest.mark.parametrize("text, line, message", [
    ("[tool.cleaner]\nrules = []\nmax_removal = 0.2\n", 3, 'unknown key "max_removal"'),
    ("[tool.cleaner]\n\nmax-removal = 2\n", 3, '"max-removal" must be a number above 0 and at most 1'),
    ("[tool.cleaner]\ndisable = \"a/b\"\n", 2, '"disable" must be an array of strings'),
    ("[tool.cleaner]\nbuiltin = 1\n", 2, '"builtin" must be true or false'),
    ("[tool.cleaner\n", 1, "invalid TOML"),
])
def test_errors_name_the_file_and_line(tmp_path, text, line, message):
    path = _write(tmp_path / "pyproject.toml", text)
    with pytest.raises(ConfigError) as info:
        load_config(path)
    assert str(info.value).startswith(f"{path}:{line}: {message}")
    assert info.value.exit_code == ExitCode.USAGE


def test_a_disabled_id_that_no_rule_has_is_an_error(tmp_path):
    path = _write(tmp_path / ".cleaner.toml", 'disable = [\n  "generic/ads/label",\n  "generic/ads/nope",\n]\n')
    with pytest.raises(ConfigError, match=rf'^{path}:3: disable: no rule "generic/ads/nope" is loaded'):
        load_config(path).load_ruleset()
    with pytest.raises(ConfigError, match=r'^--disable: no rule "x/y" is loaded'):
        Config().override(disable=["x/y"]).load_ruleset()


def test_disable_switches_a_rule_off(tmp_path):
    ruleset = Config().override(disable=["generic/ads/label"]).load_ruleset()
    assert "generic/ads/label" in ruleset.disabled
    assert "generic/ads/label" not in {r.id for r in ruleset.rules}


def test_flags_win_over_the_file(tmp_path):
    path = _write(tmp_path / ".cleaner.toml", 'max-removal = 0.8\nexclude = ["*.md"]\n')
    config = load_config(path).override(max_removal=0.4, exclude=(), include=None, rules=("x.toml",))
    assert config.max_removal == 0.4
    assert config.exclude == ("*.md",)  # a flag not given leaves the file's value
    assert config.rules == ("x.toml",)
    with pytest.raises(ConfigError, match="--max-removal must be a number above 0"):
        config.override(max_removal=0)


@pytest.mark.parametrize("include, exclude, selected", [
    ((), (), ["a.md", "drafts/b.md", "articles/2025/c.txt", "articles/d.raw.txt"]),
    (("*.md",), (), ["a.md", "drafts/b.md"]),
    (("articles/**",), (), ["articles/2025/c.txt", "articles/d.raw.txt"]),
    ((), ("drafts/", "*.raw.txt"), ["a.md", "articles/2025/c.txt"]),
    (("articles",), ("2025",), ["articles/d.raw.txt"]),  # a name without / matches a folder on the path
    (("articles/*.txt",), (), ["articles/d.raw.txt"]),  # * stays within one folder
])
def test_include_and_exclude_globs(tmp_path, monkeypatch, include, exclude, selected):
    names = ["a.md", "drafts/b.md", "articles/2025/c.txt", "articles/d.raw.txt"]
    for name in names:
        _write(tmp_path / name, "x\n")
    monkeypatch.chdir(tmp_path)
    config = Config(root=tmp_path, include=include, exclude=exclude)
    assert [n for n in names if config.selects(n)] == selected


def test_folders_are_searched_for_content_files(tmp_path, monkeypatch):
    for name in ("a.md", "b/c.txt", "b/d.html", "b/e.py", ".git/f.txt", "b/.hidden/g.md"):
        _write(tmp_path / name, "x\n")
    monkeypatch.chdir(tmp_path)
    assert Config(root=tmp_path).files(["."]) == ["a.md", "b/c.txt", "b/d.html"]
    assert Config(root=tmp_path, exclude=("*.html",)).files(["b", "b/e.py"]) == ["b/c.txt", "b/e.py"]
