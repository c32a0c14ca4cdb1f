#!/usr/bin/env python3
"""Speed of the text path: docs/s and MB/s over ../shared/corpus/text, and start-up time.

Usage: python bench/text_speed.py [--repeat N] [--corpus DIR] [--no-trafilatura]

Rules are loaded once; every file is cleaned N times in this one process (one
core). For scale, trafilatura is timed on the same pages' HTML in the same run
(it cannot take copied text), and the ratio is printed. Start-up is the wall
time of a seed through a real pipe (``cleaner clean -``), median of several
runs, beside a bare ``python -c pass`` and ``python -c "import trafilatura"``,
with the package's bytecode compiled as an install leaves it.
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
sys.path.insert(0, str(ROOT))


def docs_per_second(files: list[Path], repeat: int) -> tuple[float, float, float]:
    """(median, best) docs/s over ``repeat`` rounds of every file, and the median MB/s.

    Each round is timed on its own: on a shared machine a neighbour's burst
    spoils a round, not the figure (the median is the one to quote).
    """
    from cleaner.pipeline import Options, clean_source
    from cleaner.packs.ruleset import load_ruleset
    from cleaner.io.sources import source_from_bytes

    ruleset = load_ruleset()
    datas = [(p.name, p.read_bytes()) for p in files]
    total_bytes = sum(len(d) for _, d in datas)
    options = Options(input_type="text")
    for name, data in datas:  # warm-up: pattern caches, scope cache, RE2's DFA states
        clean_source(source_from_bytes(data, name), ruleset, options)
    rounds = []
    for _ in range(repeat):
        started = time.perf_counter()
        for name, data in datas:
            clean_source(source_from_bytes(data, name), ruleset, options)
        rounds.append(time.perf_counter() - started)
    median = statistics.median(rounds)
    return len(datas) / median, len(datas) / min(rounds), total_bytes / median / 1e6


def trafilatura_docs_per_second(files: list[Path], repeat: int) -> float:
    import trafilatura

    pages = [p.read_text(encoding="utf-8") for p in files]
    trafilatura.extract(pages[0])
    started = time.perf_counter()
    for _ in range(repeat):
        for page in pages:
            trafilatura.extract(page)
    return len(pages) * repeat / (time.perf_counter() - started)


def wall(cmd: list[str], stdin: bytes, runs: int = 11, env: dict | None = None) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(cmd, input=stdin, capture_output=True, check=True, env=env)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def installed_env() -> dict:
    """The environment of an installed package: its bytecode compiled (pip does that on
    install), and Python free to use it. Without this a source checkout run under
    PYTHONDONTWRITEBYTECODE recompiles every module on every start."""
    import cleaner

    subprocess.run([sys.executable, "-m", "compileall", "-q", str(Path(cleaner.__file__).parent)],
                   check=True, capture_output=True, env={**os.environ, "PYTHONDONTWRITEBYTECODE": ""})
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--repeat", type=int, default=9)
    ap.add_argument("--corpus", type=Path, default=SHARED / "corpus")
    ap.add_argument("--no-trafilatura", action="store_true")
    a = ap.parse_args()
    texts = sorted((a.corpus / "text").glob("*.txt"))
    rate, best, mbps = docs_per_second(texts, a.repeat)
    print(f"cleaner text path: {len(texts)} docs x {a.repeat} rounds: {rate:,.0f} docs/s, {mbps:.1f} MB/s "
          f"(median round; best round {best:,.0f} docs/s; one core)")
    if not a.no_trafilatura:
        htmls = sorted((a.corpus / "html").glob("*.html"))
        t_rate = trafilatura_docs_per_second(htmls, 1)
        print(f"trafilatura.extract on the same pages' HTML: {t_rate:,.1f} docs/s; "
              f"cleaner text path is {rate / t_rate:,.0f}x that")
    seed = (ROOT / "fixtures" / "seed-spacedaily" / "input.txt").read_bytes()
    env = installed_env()
    script = Path(sys.executable).with_name("cleaner")
    env_cmd = [str(script), "clean", "-"] if script.exists() else [sys.executable, "-m", "cleaner", "clean", "-"]
    pipe = wall(env_cmd, seed, env=env)
    bare = wall([sys.executable, "-c", "pass"], b"", env=env)
    print(f"start-up, seed through a pipe ({' '.join(env_cmd[-2:])}, median of 11): {pipe * 1000:.0f} ms wall "
          f"(bare python: {bare * 1000:.0f} ms)")
    if not a.no_trafilatura:
        heavy = wall([sys.executable, "-c", "import trafilatura"], b"", runs=5, env=env)
        print(f"for scale, python -c 'import trafilatura': {heavy * 1000:.0f} ms wall")
    return 0


if __name__ == "__main__":
    sys.exit(main())
