"""What ``--learn`` and ``--near-duplicates`` add to a batch's time: the same inputs, the same run.

    python bench/learn_speed.py                 # wcxb-dev pages of the sites with 3+ pages, HTML and text
    python bench/learn_speed.py --input html --repeat 5

The inputs are the wcxb-dev pages of the sites with three or more pages (the
pages ``bench/learn_quality.py`` learns from), copied into one folder per
site, as HTML (each page's canonical link names its site) or as copied text
(no URL: one group, scoped by a fingerprint line). Each configuration runs
``cleaner batch`` as its own process into a fresh OUT_DIR, ``--repeat`` times,
the configurations interleaved so load from other processes falls on all of
them alike; the median is kept. Timings on a shared machine are noisy:
the figures that matter are the ratios to the plain batch of the same run.

The target (docs/learn.md): ``--learn`` adds at most 30% to the batch's time.
"""
from __future__ import annotations

import argparse
import gzip
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from wcxb import WCXB, load_pages  # noqa: E402

CONFIGS = {"plain": [], "--learn": ["--learn"], "--near-duplicates": ["--near-duplicates"],
           "--learn --near-duplicates": ["--learn", "--near-duplicates"]}


def build_inputs(dest: Path, kind: str) -> int:
    """The pages of the sites with 3+ pages under ``dest/SITE/``; returns how many."""
    by_site: dict[str, list] = defaultdict(list)
    for page in load_pages():
        by_site[page.truth["site"]].append(page)
    count = 0
    for number, group in enumerate(g for g in by_site.values() if len(g) >= 3):
        folder = dest / f"site-{number:02d}"
        folder.mkdir(parents=True)
        for page in group:
            if kind == "html":
                (folder / f"{page.id}.html").write_bytes(gzip.decompress((WCXB / "html" / f"{page.id}.html.gz")
                                                                         .read_bytes()))
            else:
                (folder / f"{page.id}.txt").write_bytes(page.text())
            count += 1
    return count


def run_once(src: Path, out: Path, args: list[str], jobs: int) -> float:
    shutil.rmtree(out, ignore_errors=True)
    env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "cleaner", "batch", str(src), str(out), "-j", str(jobs),
                           "--no-progress", *args], env=env, capture_output=True)
    seconds = time.perf_counter() - started
    if done.returncode not in (0, 3):
        sys.exit(f"cleaner batch {' '.join(args)} failed: {done.stderr.decode()[-2000:]}")
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--input", choices=("html", "text", "both"), default="both")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("-j", "--jobs", type=int, default=2)
    args = parser.parse_args()
    kinds = ("html", "text") if args.input == "both" else (args.input,)
    with tempfile.TemporaryDirectory() as tmp:
        for kind in kinds:
            src = Path(tmp) / kind
            count = build_inputs(src, kind)
            times: dict[str, list[float]] = defaultdict(list)
            for _ in range(args.repeat):
                for name, extra in CONFIGS.items():
                    times[name].append(run_once(src, Path(tmp) / "out", extra, args.jobs))
            plain = statistics.median(times["plain"])
            print(f"{kind}: {count} pages, -j {args.jobs}, median of {args.repeat} runs")
            print(f"  {'configuration':<28}{'seconds':>9}{'pages/s':>9}{'ratio':>8}")
            for name in CONFIGS:
                median = statistics.median(times[name])
                print(f"  {name:<28}{median:>9.2f}{count / median:>9.1f}{median / plain:>8.2f}")
            print()


if __name__ == "__main__":
    main()
