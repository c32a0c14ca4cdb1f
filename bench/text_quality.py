"""Text-input quality and speed: cleaner vs a C4-style line filter, on ../shared/corpus.

Writes cleaner's output for corpus/text and corpus/text-wrapped to a temporary
folder, scores both with ../shared/tools/score.py, and does the same for the
C4-style baseline (keep lines that end in terminal punctuation and have 3+
words) computed in the same run. Speed is measured in-process: the rules are
loaded once, then every file of corpus/text is cleaned several times; as a
reference, trafilatura extracts the same pages from their HTML in the same run.
Times are this process's CPU time, so other work on the machine skews them less.

    python bench/text_quality.py [--rounds 5] [--worst 10] [--keep DIR]
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

from cleaner.pipeline import Options, clean_source  # noqa: E402
from cleaner.packs.ruleset import load_ruleset  # noqa: E402
from cleaner.io.sources import source_from_bytes  # noqa: E402

TERMINAL = (".", "!", "?", "…", '"', "”")  # as in ../shared/README.md's figure (0.873)


def c4_filter(text: str) -> str:
    """The C4-style baseline: lines ending in terminal punctuation with at least 3 words."""
    keep = [line.strip() for line in text.splitlines()
            if line.strip().endswith(TERMINAL) and len(line.split()) >= 3]
    return "\n\n".join(keep) + "\n"


def score(out_dir: Path, worst: int) -> tuple[dict, str]:
    tool = SHARED / "tools" / "score.py"
    figures = json.loads(subprocess.run([sys.executable, str(tool), str(out_dir), "--json"],
                                        check=True, capture_output=True, text=True).stdout)
    listing = ""
    if worst:
        listing = subprocess.run([sys.executable, str(tool), str(out_dir), "--worst", str(worst)],
                                 check=True, capture_output=True, text=True).stdout
    return figures, listing


def run_corpus(name: str, ruleset, out_root: Path, worst: int) -> None:
    corpus = SHARED / "corpus" / name
    ours, base = out_root / name / "cleaner", out_root / name / "c4"
    ours.mkdir(parents=True)
    base.mkdir(parents=True)
    for path in sorted(corpus.glob("*.txt")):
        data = path.read_bytes()
        result = clean_source(source_from_bytes(data, path.name), ruleset, Options(input_type="text"))
        (ours / path.name).write_text(result.text, encoding="utf-8")
        (base / path.name).write_text(c4_filter(data.decode("utf-8")), encoding="utf-8")
    mine, listing = score(ours, worst)
    c4, _ = score(base, 0)
    print(f"corpus/{name}: cleaner F1 {mine['f1']:.3f} (P {mine['precision']:.3f} R {mine['recall']:.3f}, "
          f"empty {mine['empty']})   C4-style F1 {c4['f1']:.3f} (P {c4['precision']:.3f} R {c4['recall']:.3f})")
    if listing:
        print("\n".join("    " + line for line in listing.splitlines()[2:]))


def speed(ruleset, rounds: int, with_trafilatura: bool) -> None:
    sources = [source_from_bytes(p.read_bytes(), p.name)
               for p in sorted((SHARED / "corpus" / "text").glob("*.txt"))]
    options = Options(input_type="text")
    for source in sources:  # warm up
        clean_source(source, ruleset, options)
    started = time.process_time()
    for _ in range(rounds):
        for source in sources:
            clean_source(source, ruleset, options)
    ours = time.process_time() - started
    started = time.process_time()
    for _ in range(rounds):
        for source in sources:
            c4_filter(source.text)
    c4 = time.process_time() - started
    n = rounds * len(sources)
    print(f"speed over corpus/text ({n} docs, one core): cleaner {n / ours:,.0f} docs/s, "
          f"C4-style filter {n / c4:,.0f} docs/s (cleaner takes {ours / c4:.1f}x the baseline's time)")
    if with_trafilatura:
        import trafilatura

        pages = [p.read_text(encoding="utf-8") for p in sorted((SHARED / "corpus" / "html").glob("*.html"))]
        started = time.process_time()
        for html in pages:
            trafilatura.extract(html)
        theirs = time.process_time() - started
        print(f"trafilatura.extract over the same pages' HTML ({len(pages)} docs, once): "
              f"{len(pages) / theirs:,.0f} docs/s; cleaning the copied text is "
              f"{(theirs / len(pages)) / (ours / n):.1f}x faster than extracting from HTML")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rounds", type=int, default=5, help="times each file is cleaned for the speed figure")
    ap.add_argument("--worst", type=int, default=10, help="list the N lowest-scoring pages per corpus")
    ap.add_argument("--keep", type=Path, help="write the outputs here instead of a temporary folder")
    ap.add_argument("--corpus", action="append", help="only this corpus (text, text-wrapped)")
    ap.add_argument("--no-trafilatura", action="store_true", help="skip the trafilatura speed reference")
    a = ap.parse_args()
    ruleset = load_ruleset()
    with tempfile.TemporaryDirectory() as tmp:
        out_root = a.keep or Path(tmp)
        for name in a.corpus or ("text", "text-wrapped"):
            if a.keep and (out_root / name).exists():
                import shutil
                shutil.rmtree(out_root / name)
            run_corpus(name, ruleset, out_root, a.worst)
    if a.rounds:
        speed(ruleset, a.rounds, not a.no_trafilatura)
    return 0


if __name__ == "__main__":
    sys.exit(main())
