#!/usr/bin/env python3
"""How far could choosing between extractors go? Each opinion on wcxb-dev, and the best per page.

Runs, on ``../shared/wcxb-dev/html``, cleaner's HTML path and the extractors
trafilatura carries inside it: its own copy of readability (``try_readability``)
and jusText (``try_justext`` after ``basic_cleaning``), each on the page as
cleaner parses it; trafilatura's default mode; and cleaner's own copied-text
path (the fitted article model and the text rules) on the page's visible
lines, as a second opinion that costs no other library. Prints word-bag F1 per
page type for each, milliseconds a page, and the *oracle*: the mean over pages
of the best opinion's F1, the ceiling of any choice between them. A choice
fitted on the training folds can only get part of the way there, so this says
which opinions are worth the time they cost before any combination is built.

``--choose`` also fits, for each second opinion, a whole-page choice between it
and cleaner (a logistic model over both outputs' lengths, their word overlap
and the page-type signals; trained on four folds, scored on the fifth), and
prints its held-out F1 beside the training figure.

Outputs are cached like ``bench/wcxb_html.py``'s (``--cache``; the same default),
so its ``cleaner`` and ``trafilatura`` runs are reused.

Usage (from the repository root):
  python bench/html_opinions.py [--cache DIR] [--sample N] [--choose]
"""
from __future__ import annotations

import argparse
import sys
from copy import deepcopy
from itertools import combinations
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from wcxb import by_type, format_table, load_pages, page_f1, type_counts  # noqa: E402
from wcxb_html import DEFAULT_CACHE, METHODS, Cache, Runner, pages_per_s, run_methods  # noqa: E402

BLOCKS = ("p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "td", "th", "pre", "blockquote", "dd", "dt")


def _tree(data: bytes, name: str):
    from cleaner.html.extract import parse_tree
    from cleaner.io.sources import source_from_bytes

    return parse_tree(source_from_bytes(data, name).text)


def _readability() -> Runner:
    import logging

    from trafilatura.external import try_readability

    logging.getLogger("trafilatura").setLevel(logging.ERROR)

    def run(data: bytes, name: str) -> str:
        root = _tree(data, name)
        if root is None:
            return ""
        summary = try_readability(deepcopy(root))
        blocks = [" ".join(" ".join(el.itertext()).split()) for el in summary.iter(*BLOCKS)]
        return "\n".join(b for b in blocks if b) or " ".join(summary.itertext())
    return run


def _justext() -> Runner:
    from trafilatura.baseline import basic_cleaning
    from trafilatura.external import try_justext

    def run(data: bytes, name: str) -> str:
        root = _tree(data, name)
        if root is None:
            return ""
        body = try_justext(basic_cleaning(deepcopy(root)), None, None)
        return "\n".join(" ".join(el.itertext()) for el in body)
    return run


def _text_model() -> Runner:
    from cleaner.html.extract import _drop_scripts, visible_lines
    from cleaner.packs.ruleset import load_ruleset
    from text_quality import _clean_text

    ruleset = load_ruleset()

    def run(data: bytes, name: str) -> str:
        root = _tree(data, name)
        if root is None:
            return ""
        _drop_scripts(root)
        body = root.find("body")
        return _clean_text("\n".join(visible_lines(root if body is None else body)), ruleset)
    return run


OPINIONS = {"cleaner": METHODS["cleaner"], "trafilatura": METHODS["trafilatura"],
            "trafilatura-readability": _readability, "trafilatura-justext": _justext,
            "cleaner-text-model": _text_model}


def choice_features(mine: str, other: str, signals: dict[str, float]) -> dict[str, float]:
    """What a whole-page choice between cleaner's output and another can see (no truth)."""
    from collections import Counter
    from math import log

    from wcxb import words

    a, b = Counter(words(mine)), Counter(words(other))
    na, nb, both = sum(a.values()), sum(b.values()), sum((a & b).values())
    return {"log_mine": log(1 + na) / 10, "log_other": log(1 + nb) / 10, "ratio": log((nb + 1) / (na + 1)),
            "covers_mine": both / max(na, 1), "covers_other": both / max(nb, 1), **signals}


def fitted_choices(pages, outputs: dict, scores: dict) -> dict[str, dict[str, float]]:
    """Held-out F1 of a logistic choice between cleaner and each other opinion."""
    import page_types
    from wcxb import cross_validate
    from wcxb_html import fit_logistic

    from cleaner.html.extract import first_probability  # the same logistic the shipped model uses

    signals = page_types.features_of(pages)
    rows = {}
    for other in (n for n in OPINIONS if n != "cleaner"):
        feats = {p.id: choice_features(outputs["cleaner"][p.id], outputs[other][p.id], signals[p.id])
                 for p in pages}

        def fit(train, other=other, feats=feats):
            w = fit_logistic([feats[p.id] for p in train],
                             [scores[other][p.id] > scores["cleaner"][p.id] for p in train])

            def scorer(p):
                return scores[other][p.id] if first_probability(feats[p.id], w) > 0.5 else scores["cleaner"][p.id]
            return scorer
        held, training = cross_validate(pages, fit)
        rows[f"choice cleaner/{other} (train {training['all']:.3f})"] = held
    return rows


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--cache", type=Path, default=DEFAULT_CACHE)
    ap.add_argument("--sample", type=int, default=0, help="every Nth page only")
    ap.add_argument("--choose", action="store_true", help="fit a whole-page choice for each opinion")
    a = ap.parse_args()
    pages = load_pages()
    if a.sample:
        pages = pages[::a.sample]
    outputs = run_methods(pages, OPINIONS, a.cache)
    scores = {name: {p.id: page_f1(p, out[p.id]) for p in pages} for name, out in outputs.items()}
    rows = {name: by_type(pages, s) for name, s in scores.items()}
    for size in (2, len(OPINIONS)):
        for group in combinations(["cleaner"] + [n for n in OPINIONS if n != "cleaner"], size):
            if size == 2 and group[0] != "cleaner":
                continue
            best = {p.id: max(scores[n][p.id] for n in group) for p in pages}
            rows["best of " + " + ".join(group)] = by_type(pages, best)
    if a.choose:
        rows.update(fitted_choices(pages, outputs, scores))
    print(f"wcxb-dev html, {len(pages)} pages: word-bag F1 of each opinion, and of the best per page")
    print(format_table(rows, type_counts(pages)))
    for name in OPINIONS:
        print(f"{name}: {1000 / pages_per_s(Cache(a.cache, name).times, pages):.1f} ms a page")
    return 0


if __name__ == "__main__":
    sys.exit(main())
