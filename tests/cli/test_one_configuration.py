"""Every command reads the same configuration ([tool.cleaner] or .cleaner.toml); flags win."""
from __future__ import annotations

import json

from ..conftest import run_cli

PAGE = "The council agreed on Tuesday to spend more on schools and roads next year.\nADVERTISEMENT\n"


def _project(tmp_path, config: str, name: str = ".cleaner.toml"):
    (tmp_path / name).write_text(config, encoding="utf-8")
    page = tmp_path / "page.txt"
    page.write_text(PAGE, encoding="utf-8")
    return page


def _dropped_by(proc) -> set[str]:
    return {line.split()[2] for line in proc.stdout.decode().splitlines()
            if len(line.split()) > 2 and line.split()[1] == "drop"}


def test_clean_and_explain_follow_the_configurations_disable(tmp_path):
    page = _project(tmp_path, 'disable = ["generic/ads/label"]\n')
    assert "generic/ads/label" in _dropped_by(run_cli("explain", str(page), "--no-config", cwd=tmp_path))
    assert "generic/ads/label" not in _dropped_by(run_cli("explain", str(page), cwd=tmp_path))
    data = json.loads(run_cli("clean", str(page), "--format", "json", cwd=tmp_path).stdout)
    assert "generic/ads/label" not in {r["rule"] for r in data["removed"]}


def test_pyproject_section_counts_for_clean(tmp_path):
    page = _project(tmp_path, '[tool.cleaner]\ndisable = ["generic/ads/label"]\n', "pyproject.toml")
    data = json.loads(run_cli("clean", str(page), "--format", "json", cwd=tmp_path).stdout)
    assert "generic/ads/label" not in {r["rule"] for r in data["removed"]}


def test_clean_has_disable_and_it_is_checked(tmp_path):
    page = _project(tmp_path, "")
    data = json.loads(run_cli("clean", str(page), "--format", "json", "--disable", "generic/ads/label",
                              cwd=tmp_path).stdout)
    assert "generic/ads/label" not in {r["rule"] for r in data["removed"]}
    proc = run_cli("clean", str(page), "--disable", "generic/ads/nope", cwd=tmp_path)
    assert proc.returncode == 2
    assert proc.stderr.decode().strip() == 'cleaner: --disable: no rule "generic/ads/nope" is loaded'


def test_batch_follows_the_configuration(tmp_path):
    page = _project(tmp_path, 'disable = ["generic/ads/label"]\n')
    (tmp_path / "in").mkdir()
    page.rename(tmp_path / "in" / "page.txt")
    proc = run_cli("batch", "in", "out", "--format", "json", "-j", "1", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    data = json.loads((tmp_path / "out" / "page.json").read_text())
    assert "generic/ads/label" not in {r["rule"] for r in data["removed"]}


def test_an_unparsable_configuration_stops_every_command_with_its_line(tmp_path):
    page = _project(tmp_path, "[tool.cleaner]\ndisable = [\n", "pyproject.toml")
    for args in (("clean", str(page)), ("explain", str(page)), ("check", str(page)),
                 ("batch", str(tmp_path), str(tmp_path.parent / "out-broken"))):
        proc = run_cli(*args, cwd=tmp_path)
        assert proc.returncode == 2, args
        message = proc.stderr.decode().strip()
        assert message.startswith(f"cleaner: {tmp_path / 'pyproject.toml'}:") and "invalid TOML" in message, args
