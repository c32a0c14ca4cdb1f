"""How fast check/fix plan files, against trafilatura in the same run, and how the fixes behave.

    python bench/hooks_speed.py [--repeat N]

Uses the development corpus at ../shared/corpus (relative to the repository).
Prints per-file times for planning a fix (what both ``cleaner check`` and
``cleaner fix`` do) on copied text, hard-wrapped text and HTML, next to
``trafilatura.extract`` on the same HTML pages, plus what the fixes did:
files changed, findings, files refused by the removal limit, and whether
fixing a fixed file changes nothing. Timings on a shared machine are noisy:
read the ratios.
"""
from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
CORPUS = ROOT.parent / "shared" / "corpus"

from cleaner.repo.fixer import Fixer  # noqa: E402
from cleaner.packs.ruleset import load_ruleset  # noqa: E402


def _plan_all(fixer: Fixer, files: list[tuple[str, bytes]], repeat: int):
    best = float("inf")
    plans = []
    for _ in range(repeat):
        started = time.perf_counter()
        plans = [fixer.plan(data, name) for name, data in files]
        best = min(best, time.perf_counter() - started)
    return best, plans


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    fixer = Fixer(load_ruleset())
    rows = []
    sets = {}
    for kind, pattern in (("text", "text/*.txt"), ("text-wrapped", "text-wrapped/*.txt"), ("html", "html/*.html")):
        files = [(p.name, p.read_bytes()) for p in sorted(CORPUS.glob(pattern))]
        if not files:
            sys.exit(f"no corpus at {CORPUS}")
        sets[kind] = files
        seconds, plans = _plan_all(fixer, files, args.repeat)
        changed = [p for p in plans if p.changed]
        stable = sum(1 for p in changed if not fixer.plan(p.fixed, p.path).changed)
        rows.append((f"check/fix plan, {kind}", seconds / len(files) * 1000, len(files),
                     f"{len(changed)} changed, {sum(len(p.findings) for p in plans)} findings, "
                     f"{sum(1 for p in plans if p.refused)} refused, "
                     f"{sum(len(p.unfixable) for p in plans)} not fixable, "
                     f"{stable}/{len(changed)} fixed files unchanged by a second fix"))
    import trafilatura

    best = float("inf")
    for _ in range(args.repeat):
        started = time.perf_counter()
        for _, data in sets["html"]:
            trafilatura.extract(data.decode("utf-8", "replace"))
        best = min(best, time.perf_counter() - started)
    rows.append(("trafilatura.extract, html (same run)", best / len(sets["html"]) * 1000, len(sets["html"]), ""))
    walls = []
    seed = CORPUS.parent / "seeds" / "000_0c1a0ff22d8527e9.txt"
    for _ in range(5):
        started = time.perf_counter()
        subprocess.run([sys.executable, "-m", "cleaner", "check", str(seed)], cwd=ROOT, capture_output=True)
        walls.append(time.perf_counter() - started)
    traf = rows[-1][1]
    print(f"{'what':42} {'ms/file':>8} {'vs traf':>8} {'files':>6}  notes")
    for what, ms, n, note in rows:
        print(f"{what:42} {ms:8.1f} {ms / traf:8.2f} {n:6d}  {note}")
    print(f"{'cleaner check on one seed, process wall':42} {statistics.median(walls) * 1000:8.0f} "
          f"{'':8} {1:6d}  median of 5 (start-up included)")


if __name__ == "__main__":
    main()
