"""Text-input quality and speed: cleaner vs a C4-style line filter, on ../shared/corpus and wcxb-dev.

Writes cleaner's output for corpus/text and corpus/text-wrapped to a temporary
folder, scores both with ../shared/tools/score.py, and does the same for the
C4-style baseline (keep lines that end in terminal punctuation and have 3+
words) computed in the same run. Speed is measured in-process: the rules are
loaded once, then every file of corpus/text is cleaned several times; as a
reference, trafilatura extracts the same pages from their HTML in the same run.
Times are this process's CPU time, so other work on the machine skews them less.

Every figure has its same-run references: no cleaning (the input as it is),
the C4-style filter, and the text path of another revision (``--reference``,
``main`` by default: that revision's ``rules/`` loaded with this code, see
``bench/reference.py``), cleaned and timed beside this checkout's rules.

With ``--wcxb``, also WCXB's word-bag F1 on ../shared/wcxb-dev (``text`` and
``text-wrapped``), per page type: the references, then the fitted
``article-model`` cross-validated: the model scoring fold k was fitted by
``bench/train_article_model.py``'s ``fit`` without fold k; the training figure
(each fold's model scoring its own four folds) is printed beside it, and the
shipped model file (fitted on all folds) last, for reference only.

    python bench/text_quality.py [--rounds 5] [--worst 10] [--keep DIR] [--reference REV]
                                 [--wcxb [--features FILE]]
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
sys.path.insert(0, str(ROOT / "bench"))

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


def run_corpus(name: str, ruleset, reference, out_root: Path, worst: int) -> None:
    corpus = SHARED / "corpus" / name
    outs = {k: out_root / name / k for k in ("cleaner", "reference", "c4", "none")}
    for folder in outs.values():
        folder.mkdir(parents=True)
    for path in sorted(corpus.glob("*.txt")):
        data = path.read_bytes()
        text = data.decode("utf-8")
        for key, rules in (("cleaner", ruleset), ("reference", reference)):
            if rules is not None:
                result = clean_source(source_from_bytes(data, path.name), rules, Options(input_type="text"))
                (outs[key] / path.name).write_text(result.text, encoding="utf-8")
        (outs["c4"] / path.name).write_text(c4_filter(text), encoding="utf-8")
        (outs["none"] / path.name).write_text(text, encoding="utf-8")
    mine, listing = score(outs["cleaner"], worst)
    figures = [("this checkout", mine)]
    if reference is not None:
        figures.append(("reference", score(outs["reference"], 0)[0]))
    figures += [("C4-style", score(outs["c4"], 0)[0]), ("no cleaning", score(outs["none"], 0)[0])]
    print(f"corpus/{name} (shingle F1, ../shared/tools/score.py; empty outputs: {mine['empty']}):")
    for label, fig in figures:
        print(f"    {label:<14} F1 {fig['f1']:.3f}  P {fig['precision']:.3f}  R {fig['recall']:.3f}")
    if listing:
        print("\n".join("    " + line for line in listing.splitlines()[2:]))


def _cpu_time(ruleset, sources, rounds: int) -> float:
    options = Options(input_type="text")
    for source in sources:  # warm up
        clean_source(source, ruleset, options)
    started = time.process_time()
    for _ in range(rounds):
        for source in sources:
            clean_source(source, ruleset, options)
    return time.process_time() - started


def speed(ruleset, reference, rounds: int, with_trafilatura: bool) -> None:
    sources = [source_from_bytes(p.read_bytes(), p.name)
               for p in sorted((SHARED / "corpus" / "text").glob("*.txt"))]
    # interleaved halves, so a neighbour's burst on the machine spoils both sides alike
    ours = theirs_ref = 0.0
    for half in (rounds - rounds // 2, rounds // 2):
        if half:
            ours += _cpu_time(ruleset, sources, half)
            if reference is not None:
                theirs_ref += _cpu_time(reference, sources, half)
    started = time.process_time()
    for _ in range(rounds):
        for source in sources:
            c4_filter(source.text)
    c4 = time.process_time() - started
    n = rounds * len(sources)
    print(f"speed over corpus/text ({n} docs, one core): cleaner {n / ours:,.0f} docs/s, "
          f"C4-style filter {n / c4:,.0f} docs/s (cleaner takes {ours / c4:.1f}x the baseline's time)")
    if reference is not None:
        print(f"    reference rules: {n / theirs_ref:,.0f} docs/s (this checkout takes "
              f"{ours / theirs_ref:.2f}x the reference's time)")
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


def _clean_text(text: str, ruleset) -> str:
    """The body ``clean_source`` gives for copied text (the text path without metadata and limits)."""
    from cleaner.engine import run_rules
    from cleaner.text.keep import protect
    from cleaner.text.parse import body_text, parse_plain

    doc = parse_plain(text)
    protect(doc)
    run_rules(doc, ruleset.select(None, doc.text, "text").text_rules)
    return body_text(doc)


def run_wcxb(ruleset, reference, features: Path | None) -> None:
    import wcxb
    from train_article_model import extract, fit, model_rule

    from cleaner.kinds.line_model import parse_model

    pages = wcxb.load_pages()
    rule = model_rule(ruleset)
    data = extract(pages, features)
    fitted: dict[frozenset, object] = {}

    def model_for(train) -> object:
        key = frozenset(p.id for p in train)
        if key not in fitted:
            m = fit(data, set(key))
            m["training"] = {"digest": "cross-validation"}
            fitted[key] = parse_model(m)
        return fitted[key]

    counts = wcxb.type_counts(pages)
    for wrapped in (False, True):
        texts = {p.id: p.text(wrapped).decode("utf-8", "replace") for p in pages}
        rows = {
            "no cleaning": wcxb.by_type(pages, {p.id: wcxb.page_f1(p, texts[p.id]) for p in pages}),
            "C4-style filter": wcxb.by_type(pages, {p.id: wcxb.page_f1(p, c4_filter(texts[p.id]))
                                                    for p in pages}),
        }
        if reference is not None:
            rows["reference rules"] = wcxb.by_type(pages, {
                p.id: wcxb.page_f1(p, _clean_text(texts[p.id], reference)) for p in pages})

        def fit_fold(train):
            model = model_for(train)

            def scorer(page):
                rule.override = model
                try:
                    return wcxb.page_f1(page, _clean_text(texts[page.id], ruleset))
                finally:
                    del rule.override
            return scorer

        held, training = wcxb.cross_validate(pages, fit_fold)
        rows["article-model, held-out folds"] = held
        rows["article-model, training folds"] = training
        rows["article-model, shipped (all folds)"] = wcxb.by_type(pages, {
            p.id: wcxb.page_f1(p, _clean_text(texts[p.id], ruleset)) for p in pages})
        print(f"\nwcxb-dev/{'text-wrapped' if wrapped else 'text'}: word-bag F1 (mean over pages)")
        print(wcxb.format_table(rows, counts))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rounds", type=int, default=5, help="times each file is cleaned for the speed figure")
    ap.add_argument("--worst", type=int, default=10, help="list the N lowest-scoring pages per corpus")
    ap.add_argument("--keep", type=Path, help="write the outputs here instead of a temporary folder")
    ap.add_argument("--corpus", action="append", help="only this corpus (text, text-wrapped)")
    ap.add_argument("--no-trafilatura", action="store_true", help="skip the trafilatura speed reference")
    ap.add_argument("--wcxb", action="store_true", help="also wcxb-dev, cross-validated (a few minutes)")
    ap.add_argument("--features", type=Path, help="with --wcxb: keep the extracted line features here")
    ap.add_argument("--reference", default="main",
                    help="also clean with the rules of this git revision (default main; '' for none)")
    a = ap.parse_args()
    ruleset = load_ruleset()
    reference = None
    if a.reference:
        from reference import describe, reference_ruleset

        reference = reference_ruleset(a.reference)
        print(f"reference rules: {describe(a.reference)}")
    if a.wcxb:
        run_wcxb(ruleset, reference, a.features)
    with tempfile.TemporaryDirectory() as tmp:
        out_root = a.keep or Path(tmp)
        for name in a.corpus or ("text", "text-wrapped"):
            if a.keep and (out_root / name).exists():
                import shutil
                shutil.rmtree(out_root / name)
            run_corpus(name, ruleset, reference, out_root, a.worst)
    if a.rounds:
        speed(ruleset, reference, a.rounds, not a.no_trafilatura)
    return 0


if __name__ == "__main__":
    sys.exit(main())
