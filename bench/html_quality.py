#!/usr/bin/env python3
"""HTML quality and speed: cleaner against trafilatura on the same pages, in the same run.

Runs ``cleaner`` (the library path the CLI uses, shipped rules) and
trafilatura (default, and ``favor_precision``) over ``../shared/corpus/html``,
writes each method's outputs to a folder, scores them with
``../shared/tools/score.py`` and prints F1, precision, recall and documents per
second for each, plus cleaner's speed as a ratio of trafilatura's.

Timings on a shared machine are noisy, so the methods take turns page by page
(the order rotates) and each is timed on the same bytes: what is compared is
the ratio, not the absolute figure.

Usage (from the repository root):
  python bench/html_quality.py [--rounds N] [--out DIR] [--worst N] [--only METHOD ...]
  python bench/html_quality.py --corpus OTHER_DIR --truth OTHER_truth.json
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
sys.path.insert(0, str(ROOT))


EXTRA_RULES: list[str] = []


def _cleaner(metadata: bool = False):
    from cleaner.pipeline import Options, clean_source
    from cleaner.packs.ruleset import load_ruleset
    from cleaner.io.sources import source_from_bytes

    ruleset = load_ruleset(EXTRA_RULES)
    # As the CLI runs it: --format text reads no page metadata, --format json does.
    options = Options(input_type="html", page_metadata=metadata)

    def run(data: bytes, name: str) -> str:
        return clean_source(source_from_bytes(data, name), ruleset, options).text
    return run


def _trafilatura(**kwargs):
    import trafilatura

    def run(data: bytes, name: str) -> str:
        return trafilatura.extract(data, **kwargs) or ""
    return run


# trafilatura without comments: its figures in ../shared/README.md are measured that way,
# and cleaner never keeps reader comments either.
METHODS = {
    "cleaner": _cleaner,
    "cleaner+metadata": lambda: _cleaner(metadata=True),
    "trafilatura": lambda: _trafilatura(include_comments=False),
    "trafilatura-precision": lambda: _trafilatura(include_comments=False, favor_precision=True),
    "trafilatura+metadata": lambda: _trafilatura(include_comments=False, with_metadata=True),
}
DEFAULT_METHODS = ["cleaner", "trafilatura", "trafilatura-precision"]


def score(out_dir: Path, truth: Path, worst: int) -> dict:
    tool = SHARED / "tools" / "score.py"
    figures = json.loads(subprocess.run([sys.executable, str(tool), str(out_dir), "--truth", str(truth), "--json"],
                                        check=True, capture_output=True, text=True).stdout)
    if worst:
        listing = subprocess.run([sys.executable, str(tool), str(out_dir), "--truth", str(truth),
                                  "--worst", str(worst)], check=True, capture_output=True, text=True).stdout
        figures["worst"] = listing.split("\n", 2)[-1].rstrip()
    return figures


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, default=SHARED / "corpus" / "html")
    ap.add_argument("--truth", type=Path, default=SHARED / "corpus" / "truth.json")
    ap.add_argument("--rounds", type=int, default=1, help="passes over the corpus for timing")
    ap.add_argument("--out", type=Path, help="keep outputs here (METHOD/ID.txt)")
    ap.add_argument("--worst", type=int, default=0, help="list the N worst pages of each method")
    ap.add_argument("--only", action="append", choices=sorted(METHODS),
                    help=f"run these methods (default: {', '.join(DEFAULT_METHODS)})")
    ap.add_argument("--rules", action="append", default=[], help="extra rule file or folder for cleaner")
    a = ap.parse_args()
    EXTRA_RULES.extend(a.rules)

    pages = sorted(a.corpus.glob("*.htm*"))
    if not pages:
        print(f"no pages in {a.corpus}", file=sys.stderr)
        return 2
    names = a.only or DEFAULT_METHODS
    runners = {name: METHODS[name]() for name in names}
    data = {p: p.read_bytes() for p in pages}
    for name, run in runners.items():  # warm up imports and caches outside the timing
        run(data[pages[0]], str(pages[0]))
    out_root = a.out or Path(tempfile.mkdtemp(prefix="html-bench-"))
    spent = dict.fromkeys(names, 0.0)
    for round_no in range(a.rounds):
        for i, page in enumerate(pages):
            turn = names[(i + round_no) % len(names):] + names[:(i + round_no) % len(names)]
            for name in turn:
                started = time.perf_counter()
                try:
                    text = runners[name](data[page], str(page))
                except Exception as exc:  # a failure scores as an empty output, and is reported
                    print(f"{name}: {page.name}: {exc.__class__.__name__}: {exc}", file=sys.stderr)
                    text = ""
                spent[name] += time.perf_counter() - started
                if round_no == 0:
                    target = out_root / name / f"{page.stem}.txt"
                    target.parent.mkdir(parents=True, exist_ok=True)
                    target.write_text(text, encoding="utf-8")
    docs = len(pages) * a.rounds
    print(f"{len(pages)} pages from {a.corpus}, {a.rounds} round(s); outputs in {out_root}")
    print(f"{'method':<24}{'F1':>7}{'prec':>7}{'recall':>8}{'empty':>7}{'docs/s':>9}")
    results = {}
    for name in names:
        fig = score(out_root / name, a.truth, a.worst)
        fig["docs_per_s"] = docs / spent[name] if spent[name] else 0.0
        results[name] = fig
        print(f"{name:<24}{fig['f1']:>7.3f}{fig['precision']:>7.3f}{fig['recall']:>8.3f}"
              f"{fig['empty']:>7}{fig['docs_per_s']:>9.2f}")
    for mine, theirs in (("cleaner", "trafilatura"), ("cleaner+metadata", "trafilatura+metadata")):
        if mine in results and theirs in results and results[theirs]["docs_per_s"]:
            ratio = results[mine]["docs_per_s"] / results[theirs]["docs_per_s"]
            print(f"speed: {mine} / {theirs} = {ratio:.2f}")
    for name, fig in results.items():
        if fig.get("worst"):
            print(f"\n{name}, worst pages:\n{fig['worst']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
