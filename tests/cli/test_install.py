"""A normal (non-editable) install finds its shipped rule packs inside the package."""
from __future__ import annotations

import os
import subprocess
import sys

from ..conftest import FIXTURES, ROOT


def test_wheel_ships_rules_and_installed_package_uses_them(tmp_path):
    wheels, site = tmp_path / "wheels", tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
                    "-w", str(wheels), str(ROOT)], check=True, capture_output=True, timeout=300)
    wheel = next(wheels.glob("sitecleaner-*.whl"))
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(site),
                    str(wheel)], check=True, capture_output=True, timeout=300)
    assert (site / "cleaner" / "rules" / "generic" / "ads.toml").is_file()
    assert (site / "cleaner" / "py.typed").is_file()  # type checkers read the package's hints
    licence = next(site.glob("sitecleaner-*.dist-info")) / "licenses" / "LICENSE"
    assert licence.read_text(encoding="utf-8").startswith("MIT License")
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    env["PYTHONPATH"] = str(site)
    where = subprocess.run(
        [sys.executable, "-c", "import cleaner.packs.ruleset as r; print(r.builtin_rules_dir())"],
        cwd=tmp_path, env=env, capture_output=True, text=True, check=True).stdout.strip()
    assert where == str(site / "cleaner" / "rules")
    seed = FIXTURES / "seed-spacedaily"
    out = subprocess.run([sys.executable, "-m", "cleaner", "clean", str(seed / "input.txt")],
                         cwd=tmp_path, env=env, capture_output=True, text=True, check=True).stdout
    assert out == (seed / "expected.txt").read_text(encoding="utf-8")
