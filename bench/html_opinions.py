#!/usr/bin/env python3
"""How far could choosing between extractors go? Each opinion on wcxb-dev, and the best per page.

Runs, on ``../shared/wcxb-dev/html``, cleaner's HTML path and the extractors
trafilatura carries inside it: its own copy of readability (``try_readability``)
and jusText (``try_justext`` after ``basic_cleaning``), each on the page as
cleaner parses it; plus trafilatura's default mode. Prints word-bag F1 per
page type for each, milliseconds a page, and the *oracle*: the mean over pages
of the best opinion's F1, the ceiling of any choice between them. A choice
fitted on the training folds can only get part of the way there, so this says
which opinions are worth the time they cost before any combination is built.

Outputs are cached like ``bench/wcxb_html.py``'s (``--cache``; the same default),
so its ``cleaner`` and ``trafilatura`` runs are reused.

Usage (from the repository root):
  python bench/html_opinions.py [--cache DIR] [--sample N]
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


OPINIONS = {"cleaner": METHODS["cleaner"], "trafilatura": METHODS["trafilatura"],
            "trafilatura-readability": _readability, "trafilatura-justext": _justext}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--cache", type=Path, default=DEFAULT_CACHE)
    ap.add_argument("--sample", type=int, default=0, help="every Nth page only")
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
    print(f"wcxb-dev html, {len(pages)} pages: word-bag F1 of each opinion, and of the best per page")
    print(format_table(rows, type_counts(pages)))
    for name in OPINIONS:
        print(f"{name}: {1000 / pages_per_s(Cache(a.cache, name).times, pages):.1f} ms a page")
    return 0


if __name__ == "__main__":
    sys.exit(main())
