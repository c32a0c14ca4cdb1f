"""What a learnt site pack adds: leave one page out, on the sites of wcxb-dev with several pages.

For every site with at least three pages, each page in turn is held out: a
pack is learnt (``cleaner.learn``) from the site's other pages, and the
held-out page is cleaned with the shipped rules alone and with the shipped
rules plus the learnt pack. Scores are WCXB's word-bag F1 (``bench/wcxb.py``).

The learner's thresholds are constants (``cleaner/learn/select.py``); to show
whether other values would be better, a small grid is cross-validated over
the five site-grouped folds: the value with the best mean gain on four folds
is scored on the fifth. The held-out mean is printed beside the training one.
The news corpus is also listed: its sites have at most two pages, so leaving
one out leaves one page, from which nothing can recur (nothing is learnt).

    python bench/learn_quality.py [--html] [--worst 10]
"""
from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections import defaultdict
from itertools import product
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from cleaner.io.sources import source_from_bytes  # noqa: E402
from cleaner.learn.select import MIN_SHARE, PROSE_STOP_SHARE  # noqa: E402
from cleaner.learn.site import build_pack  # noqa: E402
from cleaner.learn.stats import SiteStats  # noqa: E402
from cleaner.packs.ruleset import load_ruleset  # noqa: E402
from cleaner.pipeline import Options, clean_source  # noqa: E402
from wcxb import PAGE_TYPES, load_pages, mean, page_f1  # noqa: E402

URL = "https://learn-bench.invalid/page"
DOMAIN = "learn-bench.invalid"
GRID = {"min_share": (0.34, 0.5, 0.7), "prose_stop_share": (0.3, 0.4, 0.5)}
DEFAULT = (MIN_SHARE, PROSE_STOP_SHARE)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--html", action="store_true", help="Learn from and clean the HTML pages (default: text)")
    parser.add_argument("--worst", type=int, default=10)
    args = parser.parse_args()
    started = time.perf_counter()

    pages = load_pages()
    by_site: dict[str, list] = defaultdict(list)
    for page in pages:
        by_site[page.truth["site"]].append(page)
    sites = {site: group for site, group in by_site.items() if len(group) >= 3}
    chosen = [p for group in sites.values() for p in group]
    base_rules = load_ruleset()

    def source(page):
        return (source_from_bytes(page.html(), f"{page.id}.html") if args.html
                else source_from_bytes(page.text(), f"{page.id}.txt"))

    base = {p.id: clean_source(source(p), base_rules, Options(url=URL)).text for p in chosen}
    base_f1 = {p.id: page_f1(p, base[p.id]) for p in chosen}

    learnt_f1: dict[tuple, dict[str, float]] = defaultdict(dict)
    rules_count: dict[tuple, list[int]] = defaultdict(list)
    cleaned_by_pack: dict[tuple[str, str], float] = {}
    with tempfile.TemporaryDirectory() as tmp:
        pack_path = Path(tmp) / "learnt.toml"
        for site, group in sites.items():
            for held in group:
                stats = SiteStats()
                for other in group:
                    if other.id != held.id:
                        stats.add_page(base[other.id].split("\n"))
                for config in product(*GRID.values()):
                    thresholds = dict(zip(GRID, config))
                    pack = build_pack(stats, [], domain=DOMAIN, **thresholds)
                    rules_count[config].append(pack.rules)
                    key = (held.id, pack.text)
                    if key not in cleaned_by_pack:
                        if pack.rules == 0:
                            cleaned_by_pack[key] = base_f1[held.id]
                        else:
                            pack_path.write_text(pack.text, encoding="utf-8")
                            rules = load_ruleset([pack_path])
                            text = clean_source(source(held), rules, Options(url=URL)).text
                            cleaned_by_pack[key] = page_f1(held, text)
                    learnt_f1[config][held.id] = cleaned_by_pack[key]

    print(f"wcxb-dev, {'HTML' if args.html else 'copied text'} input: {len(sites)} sites with 3+ pages, "
          f"{len(chosen)} pages, leave one page out\n")
    print(f"{'min_share':>9} {'stop':>5} {'rules':>6} {'base F1':>8} {'learnt':>8} {'gain':>7} "
          f"{'better':>6} {'worse>.01':>9}")
    for config in product(*GRID.values()):
        scores = learnt_f1[config]
        gains = [scores[p.id] - base_f1[p.id] for p in chosen]
        print(f"{config[0]:>9} {config[1]:>5} {mean(rules_count[config]):>6.1f} {mean(base_f1.values()):>8.3f} "
              f"{mean(scores.values()):>8.3f} {mean(gains):>+7.3f} {sum(g > 0.001 for g in gains):>6} "
              f"{sum(g < -0.01 for g in gains):>9}" + ("   (default)" if config == DEFAULT else ""))

    # Cross-validated choice of the grid value (site-grouped folds).
    held_gain, train_gain, picks = {}, [], []
    for fold in sorted({p.fold for p in chosen}):
        train = [p for p in chosen if p.fold != fold]
        test = [p for p in chosen if p.fold == fold]
        if not test:
            continue
        best = max(product(*GRID.values()),
                   key=lambda c: (mean(learnt_f1[c][p.id] - base_f1[p.id] for p in train), c == DEFAULT))
        picks.append(best)
        train_gain.append(mean(learnt_f1[best][p.id] - base_f1[p.id] for p in train))
        held_gain.update({p.id: learnt_f1[best][p.id] - base_f1[p.id] for p in test})
    print(f"\ncross-validated grid choice: held-out mean gain {mean(held_gain.values()):+.4f}, "
          f"training-fold mean gain {mean(train_gain):+.4f}; picks per fold: {picks}")

    print("\nby page type (default thresholds):")
    print(f"{'type':<14}{'pages':>6}{'base':>8}{'learnt':>8}{'gain':>8}")
    for kind in ("all",) + PAGE_TYPES:
        ids = [p.id for p in chosen if kind == "all" or p.page_type == kind]
        if ids:
            b, l = mean(base_f1[i] for i in ids), mean(learnt_f1[DEFAULT][i] for i in ids)
            print(f"{kind:<14}{len(ids):>6}{b:>8.3f}{l:>8.3f}{l - b:>+8.3f}")

    gains = sorted((learnt_f1[DEFAULT][p.id] - base_f1[p.id], p.id, p.truth["site"]) for p in chosen)
    print(f"\nworst {args.worst} pages (default thresholds):")
    for gain, pid, site in gains[:args.worst]:
        print(f"  {gain:+.3f}  {pid}  {site}")

    corpus = json.loads((ROOT.parent / "shared" / "corpus" / "truth.json").read_text(encoding="utf-8"))
    from urllib.parse import urlsplit
    hosts = defaultdict(int)
    for record in corpus.values():
        hosts[urlsplit(record.get("url", "")).hostname] += 1
    print(f"\nnews corpus: {len(corpus)} pages, largest site has {max(hosts.values())} pages: "
          "leave-one-out learns from one page, so nothing is learnt and every page is unchanged.")
    print(f"\n{time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
