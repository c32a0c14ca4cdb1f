"""What a learnt site pack adds: leave one page out, on the sites of wcxb-dev with several pages.

For every site with at least three pages, each page in turn is held out: a
pack is learnt (``cleaner.learn``) from the site's other pages, and the
held-out page is cleaned with the shipped rules alone and with the shipped
rules plus the learnt pack. Scores are WCXB's word-bag F1 (``bench/wcxb.py``).

The learner's thresholds are constants (``cleaner/learn/select.py``, one set
for copied text, one for HTML); a grid of them is cross-validated over the
five site-grouped folds: the value with the best mean gain on four folds (ties
to fewer pages made worse, then to the default) is scored on the fifth. The
held-out mean is printed beside the training one, with the pages it makes
worse by more than 0.01. The same held-out page is also finished the way
``cleaner batch --learn`` does it (the learnt rules run over the shipped
rules' output, ``batch/spool.py``), for every distinct pack of the grid
that has rules; the pages where that differs from cleaning with the pack
are counted.
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
from cleaner.batch.spool import finish  # noqa: E402
from cleaner.learn.select import thresholds  # noqa: E402
from cleaner.learn.site import build_pack  # noqa: E402
from cleaner.learn.stats import SiteStats  # noqa: E402
from cleaner.packs.rulefile import USER, load_pack  # noqa: E402
from cleaner.packs.ruleset import RuleSet, load_ruleset  # noqa: E402
from cleaner.pipeline import Options, clean_source  # noqa: E402
from wcxb import PAGE_TYPES, load_pages, mean, page_f1  # noqa: E402

URL = "https://learn-bench.invalid/page"
DOMAIN = "learn-bench.invalid"
GRID = {"min_pages": (2, 3), "min_share": (0.5, 0.7, 1.0), "position_share": (0.0, 0.5, 1.0)}


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

    base_results = {p.id: clean_source(source(p), base_rules, Options(url=URL)) for p in chosen}
    base = {pid: result.text for pid, result in base_results.items()}
    base_f1 = {p.id: page_f1(p, base[p.id]) for p in chosen}
    kind = "html" if args.html else "text"
    default_stats = SiteStats()
    default_stats.add_page([], kind)
    defaults = thresholds(default_stats)
    DEFAULT = tuple(defaults[k] for k in GRID)
    batch_differs = batch_compared = 0

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
                        stats.add_page(base[other.id].split("\n"), kind)
                for config in product(*GRID.values()):
                    chosen_thresholds = dict(zip(GRID, config))
                    pack = build_pack(stats, [], domain=DOMAIN, **chosen_thresholds)
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
                            packs = RuleSet([load_pack(pack_path, USER)])
                            batch_differs += finish(base_results[held.id], packs).text != text
                            batch_compared += 1
                    learnt_f1[config][held.id] = cleaned_by_pack[key]

    print(f"wcxb-dev, {'HTML' if args.html else 'copied text'} input: {len(sites)} sites with 3+ pages, "
          f"{len(chosen)} pages, leave one page out\n")
    print(f"{'pages':>5} {'share':>5} {'pos':>4} {'rules':>6} {'base F1':>8} {'learnt':>8} {'gain':>7} "
          f"{'better':>6} {'worse>.01':>9}")
    for config in product(*GRID.values()):
        scores = learnt_f1[config]
        gains = [scores[p.id] - base_f1[p.id] for p in chosen]
        print(f"{config[0]:>5} {config[1]:>5} {config[2]:>4} {mean(rules_count[config]):>6.1f} "
              f"{mean(base_f1.values()):>8.3f} {mean(scores.values()):>8.3f} {mean(gains):>+7.4f} "
              f"{sum(g > 0.001 for g in gains):>6} {sum(g < -0.01 for g in gains):>9}"
              + ("   (default)" if config == DEFAULT else ""))

    # Cross-validated choice of the grid value (site-grouped folds).
    def worse(config, pages) -> int:
        return sum(learnt_f1[config][p.id] - base_f1[p.id] < -0.01 for p in pages)

    held_gain, train_gain, train_worse, picks = {}, [], [], []
    for fold in sorted({p.fold for p in chosen}):
        train = [p for p in chosen if p.fold != fold]
        test = [p for p in chosen if p.fold == fold]
        if not test:
            continue
        best = max(product(*GRID.values()),
                   key=lambda c: (-worse(c, train), mean(learnt_f1[c][p.id] - base_f1[p.id] for p in train),
                                  c == DEFAULT))
        picks.append(best)
        train_gain.append(mean(learnt_f1[best][p.id] - base_f1[p.id] for p in train))
        train_worse.append(worse(best, train))
        held_gain.update({p.id: learnt_f1[best][p.id] - base_f1[p.id] for p in test})
    print(f"\ncross-validated grid choice (fewest pages worse by > 0.01 on the training folds, then best gain):"
          f"\n  held-out: mean gain {mean(held_gain.values()):+.4f}, "
          f"pages worse by > 0.01: {sum(g < -0.01 for g in held_gain.values())} of {len(held_gain)}"
          f"\n  training folds: mean gain {mean(train_gain):+.4f}, pages worse by > 0.01: "
          f"{mean(train_worse):.1f} per training set\n  picks per fold (min_pages, min_share, position_share): "
          f"{picks}")
    print(f"\nbatch --learn's way (learnt rules over the shipped rules' output): differs from cleaning with "
          f"the pack in {batch_differs} of the {batch_compared} (page, pack with rules) pairs of the grid")

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
