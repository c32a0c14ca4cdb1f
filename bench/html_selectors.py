#!/usr/bin/env python3
"""Selector engines for HTML rules: the cost of matching the shipped selectors on real pages.

Compares, on ``../shared/corpus/html`` and with the selectors of the shipped
HTML rules:

- cleaner's one-walk index (cleaner/selectors.py) on the lxml tree trafilatura reads;
- lxml + cssselect: each selector turned into XPath and evaluated on the same tree;
- BeautifulSoup + soupsieve: a second parse, the selects, and a serialise back to
  HTML for trafilatura (what using soupsieve would cost in the pipeline);

plus trafilatura's own extraction on the same pages, for scale. cssselect and
soupsieve are optional (``pip install sitecleaner[bench]``); a missing one is skipped.

Usage (from the repository root): python bench/html_selectors.py [--rounds N]
"""
from __future__ import annotations

import argparse
import re
import sys
import time
from copy import deepcopy
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
sys.path.insert(0, str(ROOT))


def best_of(rounds: int, fn, items) -> float:
    best = float("inf")
    for _ in range(rounds):
        started = time.perf_counter()
        for item in items:
            fn(item)
        best = min(best, time.perf_counter() - started)
    return best * 1000 / len(items)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, default=SHARED / "corpus" / "html")
    ap.add_argument("--rounds", type=int, default=3)
    a = ap.parse_args()

    import trafilatura
    from trafilatura.utils import load_html

    from cleaner.packs.ruleset import load_ruleset
    from cleaner.html.selectors import SelectorIndex

    rules = [r for r in load_ruleset().rules if r.target == "html"]
    sources = [src for r in rules for src in dict.fromkeys(s.text for s in r.tree_selectors())]
    texts = [p.read_text(encoding="utf-8") for p in sorted(a.corpus.glob("*.htm*"))]
    trees = [load_html(t) for t in texts]
    print(f"{len(texts)} pages, {len(rules)} HTML rules, {len(sources)} selectors; ms per page, best of {a.rounds}")

    index = SelectorIndex((r.id, s) for r in rules for s in r.tree_selectors())
    rows = [("cleaner one-walk index", best_of(a.rounds, index.match, trees))]
    try:
        from cssselect import HTMLTranslator
        from lxml.etree import XPath

        # cssselect has no case-insensitive attribute flag (`[class~=x i]`): it matches those
        # case-sensitively here, which costs the same.
        xpaths = [XPath(HTMLTranslator().css_to_xpath(re.sub(r"\s+i\s*\]", "]", src))) for src in sources]
        rows.append(("lxml + cssselect XPath", best_of(a.rounds, lambda t: [x(t) for x in xpaths], trees)))
    except ImportError:
        rows.append(("lxml + cssselect XPath", None))
    try:
        from bs4 import BeautifulSoup

        def soup(text: str) -> str:
            parsed = BeautifulSoup(text, "lxml")
            for src in sources:
                parsed.select(src)
            return str(parsed)

        rows.append(("bs4 + soupsieve (parse, select, serialise)", best_of(1, soup, texts)))
    except ImportError:
        rows.append(("bs4 + soupsieve (parse, select, serialise)", None))
    rows.append(("trafilatura extraction (for scale)",
                 best_of(1, lambda t: trafilatura.bare_extraction(deepcopy(t), include_comments=False), trees)))
    for label, ms in rows:
        print(f"  {label:<46}" + (f"{ms:8.2f}" if ms is not None else "   (not installed)"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
