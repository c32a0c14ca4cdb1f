"""Shared test helpers: where the repository, fixtures and shared material are."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
SHARED = ROOT.parent / "shared"

# The suite keeps the shipped-pack cache in a folder of its own (child processes inherit
# it), never in the user's cache folder; tests of the cache itself choose their own.
if "CLEANER_CACHE_DIR" not in os.environ:
    import tempfile

    os.environ["CLEANER_CACHE_DIR"] = tempfile.mkdtemp(prefix="cleaner-test-cache-")


@pytest.fixture(scope="session")
def builtin_ruleset():
    from cleaner.packs.ruleset import load_ruleset

    return load_ruleset()


def run_cli(*args: str, stdin: bytes | None = None, cwd: Path | None = None,
            env: dict | None = None) -> subprocess.CompletedProcess:
    """Run ``python -m cleaner`` as a real process (pipes, exit codes, stderr)."""
    full_env = dict(os.environ)
    full_env["PYTHONPATH"] = str(ROOT) + os.pathsep + full_env.get("PYTHONPATH", "")
    full_env.update(env or {})
    return subprocess.run([sys.executable, "-m", "cleaner", *args], input=stdin,
                          capture_output=True, cwd=cwd or ROOT, env=full_env, timeout=120)


@pytest.fixture(scope="session")
def ruleset(builtin_ruleset):
    return builtin_ruleset
