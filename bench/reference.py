"""The shipped rules of another revision (``main`` by default), for same-run reference figures.

A change to the rules is judged against the rules it replaces, measured in the
same process on the same pages: ``reference_ruleset("main")`` takes ``rules/``
as it is at that revision (``git archive``) and loads it with this checkout's
code. The code must still read those rules (new kinds are added, old ones kept),
which is what lets the old text path run beside the new one.
"""
from __future__ import annotations

import io
import subprocess
import tarfile
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
_KEEP: list[tempfile.TemporaryDirectory] = []  # the extracted trees live as long as the process


def reference_ruleset(rev: str = "main"):
    """The rule set shipped at ``rev``, loaded with this checkout's code."""
    from cleaner.packs.ruleset import FITTED_DIR, load_ruleset

    archive = subprocess.run(["git", "-C", str(ROOT), "archive", "--format=tar", rev, "rules"],
                             check=True, capture_output=True).stdout
    tmp = tempfile.TemporaryDirectory(prefix="rules-")
    _KEEP.append(tmp)
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(tmp.name, filter="data")
    rules = Path(tmp.name) / "rules"
    # each folder of packs, not the fitted parameters (rules/fitted holds no packs)
    return load_ruleset([p for p in sorted(rules.iterdir()) if p.is_dir() and p.name != FITTED_DIR],
                        builtin=False)


def describe(rev: str) -> str:
    """``rev`` and the short commit it names, for a report's heading."""
    out = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", rev],
                         capture_output=True, text=True)
    return f"{rev} ({out.stdout.strip()})" if out.returncode == 0 else rev
