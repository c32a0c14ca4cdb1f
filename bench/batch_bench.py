"""Benchmark of ``cleaner batch``: docs/s with -j 1 and -j 2, HTML speed per worker against
trafilatura alone on the same pages, and peak memory (flat as the number of files grows).

    python bench/batch_bench.py                 # about 3 minutes on 2 cores
    python bench/batch_bench.py --copies 4      # quicker, fewer pages

Pages are built from ../shared/corpus (HTML, copied text, wrapped text), copied
into a tree of folders until there are at least --min-docs of them. Each
batch runs in its own process (``--run``), so its memory is its own; a sampler
reads /proc for the peak resident memory of the batch process and its workers
(Linux). Timings on a shared machine are noisy: every figure that matters is a
ratio measured in the same run, and each configuration is run --repeat times
(best kept).
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"
sys.path.insert(0, str(ROOT))


# ---------------------------------------------------------------- building the batch

def build_tree(dest: Path, kinds: tuple[str, ...], min_docs: int) -> int:
    """Copy corpus pages into ``dest/copyNN/KIND/`` until there are ``min_docs``; returns the count."""
    sources = [p for kind in kinds for p in sorted((CORPUS / kind).iterdir()) if p.is_file()]
    if not sources:
        sys.exit(f"no pages under {CORPUS}")
    count, copy = 0, 0
    while count < min_docs:
        for path in sources:
            target = dest / f"copy{copy:02d}" / path.parent.name / path.name
            target.parent.mkdir(parents=True, exist_ok=True)
            data = path.read_bytes()
            if path.suffix == ".html":  # distinct bytes per copy, same article
                data += f"\n<!-- copy {copy} -->\n".encode()
            target.write_bytes(data)
            count += 1
        copy += 1
    return count


# ---------------------------------------------------------------- memory sampling (Linux /proc)

def _rss_kb(pid: int, field: str = "VmRSS") -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def _descendants(root: int) -> list[int]:
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
                parents[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                pass
    found, frontier = [], [root]
    while frontier:
        pid = frontier.pop()
        kids = [p for p, pp in parents.items() if pp == pid]
        found.extend(kids)
        frontier.extend(kids)
    return found


class Sampler(threading.Thread):
    """Peak RSS of this process's descendants (the pool workers), summed and per process."""

    def __init__(self, every: float = 0.05):
        super().__init__(daemon=True)
        self.every, self.stop, self.total_peak, self.worker_peak = every, threading.Event(), 0, 0

    def run(self) -> None:
        me = os.getpid()
        while not self.stop.is_set():
            kids = [_rss_kb(pid) for pid in _descendants(me)]
            self.worker_peak = max([self.worker_peak, *kids])
            self.total_peak = max(self.total_peak, _rss_kb(me) + sum(kids))
            self.stop.wait(self.every)


def run_one(in_dir: str, out_dir: str, jobs: int, fmt: str) -> dict:
    """One batch in this process (the --run mode): seconds, counts, memory."""
    from cleaner.batch.run import run_batch
    from cleaner.batch.task import Summary
    from cleaner.packs.ruleset import load_ruleset

    ruleset = load_ruleset()
    sampler = Sampler()
    sampler.start()
    started = time.perf_counter()
    summary = None
    for event in run_batch(in_dir, out_dir, ruleset, fmt=fmt, jobs=jobs):
        if isinstance(event, Summary):
            summary = event
    seconds = time.perf_counter() - started
    usage = resource.getrusage(resource.RUSAGE_SELF)
    sampler.stop.set()
    sampler.join()
    return {"jobs": jobs, "docs": summary.cleaned, "failed": summary.failed, "seconds": seconds,
            "docs_per_s": summary.cleaned / seconds,
            "parent_cpu_s": usage.ru_utime + usage.ru_stime, "parent_peak_kb": _rss_kb(os.getpid(), "VmHWM"),
            "worker_peak_kb": sampler.worker_peak, "total_peak_kb": sampler.total_peak}


def _busy_seconds() -> float:
    """CPU seconds the whole machine has spent busy (all processes, all cores)."""
    fields = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = fields[3] + fields[4]
    return (sum(fields[:8]) - idle) / os.sysconf("SC_CLK_TCK")


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def batch(in_dir: Path, out_dir: Path, jobs: int, fmt: str = "text") -> dict:
    """One batch in a fresh process; ``others`` is how many cores other programs kept busy meanwhile."""
    shutil.rmtree(out_dir, ignore_errors=True)
    busy, ours, started = _busy_seconds(), _children_cpu(), time.perf_counter()
    proc = subprocess.run([sys.executable, __file__, "--run", str(in_dir), str(out_dir), str(jobs), fmt],
                          capture_output=True, text=True, check=True)
    wall = time.perf_counter() - started
    result = json.loads(proc.stdout)
    result["others"] = max(0.0, (_busy_seconds() - busy) - (_children_cpu() - ours)) / wall
    return result


# ---------------------------------------------------------------- in-process baselines

def html_pages(in_dir: Path) -> list[tuple[str, bytes]]:
    return [(str(p), p.read_bytes()) for p in sorted(in_dir.rglob("*.html"))]


def trafilatura_alone(pages: list[tuple[str, bytes]]) -> float:
    """docs/s of trafilatura by itself: plain-text extraction without comments, as the reference
    figures of the corpus were made (bench/html_quality.py uses the same call)."""
    import trafilatura

    started = time.perf_counter()
    for _, data in pages:
        trafilatura.extract(data.decode("utf-8"), include_comments=False)
    return len(pages) / (time.perf_counter() - started)


def pipeline_alone(pages: list[tuple[str, bytes]]) -> float:
    """docs/s of pipeline.clean_source by itself, with the options a text-format batch uses:
    no files written, no pool, no manifest."""
    from cleaner.pipeline import Options, clean_source
    from cleaner.packs.ruleset import load_ruleset
    from cleaner.io.sources import source_from_bytes

    ruleset = load_ruleset()
    started = time.perf_counter()
    for name, data in pages:
        clean_source(source_from_bytes(data, name), ruleset, Options.for_format("text"))
    return len(pages) / (time.perf_counter() - started)


def best(runs: list[dict]) -> dict:
    return max(runs, key=lambda r: r["docs_per_s"])


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--run":
        in_dir, out_dir, jobs, fmt = sys.argv[2:6]
        print(json.dumps(run_one(in_dir, out_dir, int(jobs), fmt)))
        return
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--min-docs", type=int, default=2000, help="pages in the mixed batch (default 2000)")
    parser.add_argument("--html-docs", type=int, default=400, help="pages in the HTML-only batch")
    parser.add_argument("--memory-docs", type=int, default=1200,
                        help="text pages in the small memory batch (the large one has 4 times as many)")
    parser.add_argument("--repeat", type=int, default=2, help="runs of each timed configuration (best kept)")
    parser.add_argument("--keep", action="store_true", help="keep the generated trees (printed)")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="cleaner-bench-"))
    try:
        mixed = work / "mixed"
        n_mixed = build_tree(mixed, ("html", "text", "text-wrapped"), args.min_docs)
        html = work / "html"
        n_html = build_tree(html, ("html",), args.html_docs)
        print(f"mixed batch: {n_mixed} pages (HTML, copied text, wrapped text); HTML batch: {n_html} pages")

        # -j 1 and -j 2 on the mixed batch, interleaved so a busy neighbour hurts both alike.
        j1, j2 = [], []
        for _ in range(args.repeat):
            j1.append(batch(mixed, work / "out1", 1))
            j2.append(batch(mixed, work / "out2", 2))
        one, two = best(j1), best(j2)
        same = _same_tree(work / "out1", work / "out2")
        print(f"mixed  -j 1: {one['docs_per_s']:7.1f} docs/s  ({one['docs']} docs, {one['failed']} failed, "
              f"{one['seconds']:.1f} s; other programs used {one['others']:.2f} cores meanwhile)")
        print(f"mixed  -j 2: {two['docs_per_s']:7.1f} docs/s  ({two['seconds']:.1f} s; "
              f"other programs used {two['others']:.2f} cores)  "
              f"speed-up x{two['docs_per_s'] / one['docs_per_s']:.2f} (target >= 1.8); "
              f"outputs identical: {same}")

        # HTML per worker: batch -j 1 against trafilatura alone and the bare pipeline, same pages.
        pages = html_pages(html)
        traf, pipe, hb = [], [], []
        for _ in range(args.repeat):
            traf.append(trafilatura_alone(pages))
            pipe.append(pipeline_alone(pages))
            hb.append(batch(html, work / "outh", 1)["docs_per_s"])
        t, p, b = max(traf), max(pipe), max(hb)
        print(f"HTML trafilatura alone:     {t:7.1f} docs/s")
        print(f"HTML pipeline alone:        {p:7.1f} docs/s  (x{p / t:.2f} of trafilatura)")
        print(f"HTML batch -j 1 (1 worker): {b:7.1f} docs/s  (x{b / t:.2f} of trafilatura, target >= 0.9; "
              f"batch overhead {100 * (1 - b / p):.1f}% of the pipeline)")

        # Memory: the same work at N and 4N files; the parent must not grow with N.
        small = work / "mem-small"
        big = work / "mem-big"
        ns = build_tree(small, ("text",), args.memory_docs)
        nb = build_tree(big, ("text",), 4 * args.memory_docs)
        ms, mb = batch(small, work / "outs", 2), batch(big, work / "outb", 2)
        print(f"peak RSS, {one['docs']} mixed pages -j 1: parent {one['parent_peak_kb'] / 1024:.0f} MiB, "
              f"worker {one['worker_peak_kb'] / 1024:.0f} MiB, all {one['total_peak_kb'] / 1024:.0f} MiB")
        print(f"peak RSS, {two['docs']} mixed pages -j 2: parent {two['parent_peak_kb'] / 1024:.0f} MiB, "
              f"worker {two['worker_peak_kb'] / 1024:.0f} MiB, all {two['total_peak_kb'] / 1024:.0f} MiB")
        for label, n, m in (("small", ns, ms), ("4x", nb, mb)):
            print(f"peak RSS, {n:5d} text pages -j 2 ({label}): parent {m['parent_peak_kb'] / 1024:.0f} MiB, "
                  f"worker {m['worker_peak_kb'] / 1024:.0f} MiB  ({m['docs_per_s']:.0f} docs/s)")
        print(f"parent growth from {ns} to {nb} files: "
              f"{(mb['parent_peak_kb'] - ms['parent_peak_kb']) / 1024:+.1f} MiB")
    finally:
        if args.keep:
            print(f"trees kept in {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


def _same_tree(a: Path, b: Path) -> bool:
    def files(root: Path) -> dict[str, bytes]:
        return {str(p.relative_to(root)): p.read_bytes() for p in root.rglob("*")
                if p.is_file() and not p.name.startswith(".cleaner-")}
    return files(a) == files(b)


if __name__ == "__main__":
    main()
