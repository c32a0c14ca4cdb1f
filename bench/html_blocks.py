#!/usr/bin/env python3
"""Block rescue on wcxb-dev: add back the blocks the extraction dropped that look like its kept ones.

Runs cleaner's HTML path on ``../shared/wcxb-dev/html`` with ``add_rescued``
recording instead of adding: for every page, its visible blocks after the HTML
rules (``cleaner/html/blocks.py``), which of them the extraction kept, each
dropped block's features (``cleaner/html/rescue.py``), the share of the page's
text the extraction found, and cleaner's text without rescue. Each dropped
block is labelled from the truth's main content: by default content when adding
it alone raises its page's word-bag F1 (``--label share``: when at least
``LABEL_SHARE`` of its words are in the truth). Then, on the five site-grouped
folds (``cross_validate``), on four folds: a logistic model over the dropped
blocks' features; a probability threshold per predicted page type (off unless
it raises that type's training F1 by ``TYPE_GAIN`` a page); page signals that
veto the rescue (``VETOES``, each kept if it raises the training F1); and the
smallest gate on the found share within ``GATE_SLACK`` of no gate (speed: pages
above it pay nothing). Scored on the fifth. Prints held-out and training F1 per
page type beside cleaner without rescue and the ceiling of adding every
content-labelled block. Block data is cached (``--cache``), so refits take
about a minute.

``--write`` refits on every page and writes ``rules/fitted/html-rescue.toml``
(with ``state = STATE``).

Usage (from the repository root):
  python bench/html_blocks.py [--cache DIR] [--sample N] [--refresh] [--write] [--label gain|share]
"""
from __future__ import annotations

import argparse
import pickle
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from wcxb import by_type, cross_validate, format_table, load_pages, type_counts, words  # noqa: E402
from wcxb_html import DEFAULT_CACHE, fit_logistic  # noqa: E402

from cleaner.html.rescue import PAGE_SIGNALS  # noqa: E402

LABEL = "gain"  # "gain": a block is content when adding it alone raises its page's F1; "share":
LABEL_SHARE = 0.6  # a block is content when this share of its words is in the truth
GRID = tuple(x / 20 for x in range(2, 20)) + (1.01,)  # probability thresholds; 1.01: never
FITTED = ROOT / "rules" / "fitted" / "html-rescue.toml"
STATE = "on"  # what --write ships
STATE_NOTE = ("Product pages (PRIOR_VETOES) and articles (PRIOR_OFF_TYPES) are kept from rescue by hand, "
              "in the script;\n# state = \"off\" turns the rescue off.")
SIGNALS = False  # the page's signals as features too (tried: product and collection lose held-out)


def collect(pages, cache: Path, refresh: bool) -> dict:
    """Per page: ``(found share, text without rescue, [(features or None, block text, kept)])``,
    run once and cached (cleaner's path with ``add_rescued`` recording instead of adding)."""
    path = cache / "_blocks.pickle"
    data = pickle.loads(path.read_bytes()) if path.exists() and not refresh else {}
    todo = [p for p in pages if p.id not in data]
    if not todo:
        return data
    import wcxb_html

    from cleaner.html import extract, rescue
    from cleaner.html.blocks import mark_kept, page_blocks

    original = extract.add_rescued
    seen: dict = {}
    spent: list[float] = []

    def spy(page, lines, line_blocks, md, extractor):
        started = time.perf_counter()
        blocks = page_blocks(page.root)
        mark_kept(blocks, lines)
        found = sum(len(line) for line in lines) / max(page.page_chars, 1.0)
        feats = rescue.block_features(blocks, page.page_type, found)
        spent.append(time.perf_counter() - started)
        seen["blocks"] = [(f, b.text, b.kept) for f, b in zip(feats, blocks)]
        seen["found"] = found
        return lines, line_blocks, md, extractor, frozenset()
    extract.add_rescued = spy
    try:
        run = wcxb_html._cleaner()
        started = time.perf_counter()
        for n, page in enumerate(todo):
            seen.clear()
            text = run(page.html(), page.id + ".html")
            data[page.id] = (seen.get("found", 1.0), text, seen.get("blocks", []))
            if n % 100 == 99:
                print(f"{n + 1}/{len(todo)} pages, {time.perf_counter() - started:.0f} s", file=sys.stderr)
    finally:
        extract.add_rescued = original
    print(f"blocks and features: {1000 * sum(spent) / max(len(spent), 1):.1f} ms a page", file=sys.stderr)
    cache.mkdir(parents=True, exist_ok=True)
    path.write_bytes(pickle.dumps(data))
    return data


def f1(pred: Counter, ref: Counter) -> float:
    np, nr = sum(pred.values()), sum(ref.values())
    if not nr:
        return 1.0 if not np else 0.0
    if not np:
        return 0.0
    both = sum((pred & ref).values())
    return 2 * both / (np + nr) if both else 0.0


class Prepared:
    """What scoring a threshold on a page needs: the truth's and the final text's words, and
    each dropped block's words, probability-ready features and label."""

    def __init__(self, page, record, signals: dict[str, float] | None = None):
        self.found, text, blocks = record
        self.signals = signals or {}
        extra = {f"page_{k}": v for k, v in self.signals.items() if k in PAGE_SIGNALS} if SIGNALS else {}
        self.ref = Counter(words(page.truth["main_content"]))
        self.base = Counter(words(text))
        truth = set(self.ref)
        left = self.ref - self.base
        n_pred, n_ref = sum(self.base.values()), sum(self.ref.values())
        both = n_ref - sum(left.values())
        base_f1 = 2 * both / (n_pred + n_ref) if n_ref else 0.0
        self.cands = []
        self.kind = next((k[5:] for b in blocks if b[0] for k in b[0] if k.startswith("type_")), "none")
        for feats, btext, kept in blocks:
            if kept:
                continue
            w = words(btext)
            if not w:
                continue
            bag = Counter(w)
            if LABEL == "share":
                label = sum(x in truth for x in w) >= LABEL_SHARE * len(w)
            else:  # the block alone raises the page's F1
                gain = sum(min(c, left.get(x, 0)) for x, c in bag.items())
                label = 2 * (both + gain) / (n_pred + len(w) + n_ref) > base_f1 if n_ref else False
            self.cands.append(({**feats, **extra}, bag, label))

    def curve(self, prob) -> dict[float, float]:
        """F1 at each threshold of ``GRID``, adding blocks in falling probability."""
        ranked = sorted(((prob(f), bag) for f, bag, _ in self.cands), key=lambda x: -x[0])
        left = self.ref - self.base
        n_pred, n_ref = sum(self.base.values()), sum(self.ref.values())
        both = n_ref - sum(left.values())
        out, i = {}, 0
        for t in sorted(GRID, reverse=True):
            while i < len(ranked) and ranked[i][0] >= t:
                for w, c in ranked[i][1].items():
                    n_pred += c
                    room = left.get(w, 0)
                    if room:
                        take = min(room, c)
                        both += take
                        left[w] = room - take
                i += 1
            out[t] = (2 * both / (n_pred + n_ref) if both else 0.0) if n_ref else float(not n_pred)
        return out

    def score(self, prob, thresholds: dict[str, float]) -> float:
        threshold = thresholds.get(self.kind, 1.01)
        pred = Counter(self.base)
        for feats, bag, _ in self.cands:
            if prob(feats) >= threshold:
                pred.update(bag)
        return f1(pred, self.ref)


class Model:
    """A fitted rescue: logistic weights, a threshold per page type, the gate on the found share."""

    def __init__(self, weights: dict, thresholds: dict, gate: float):
        self.weights, self.thresholds, self.gate = weights, thresholds, gate
        self.vetoes: list[str] = []  # page signals that, present, turn rescue off

    def prob(self, feats) -> float:
        from cleaner.html.rescue import probability

        return probability(feats, self.weights)

    def score(self, prep: Prepared) -> float:
        if not self.runs_on(prep):
            return f1(prep.base, prep.ref)
        return prep.score(self.prob, self.thresholds)

    def runs_on(self, prep: Prepared, gate: float | None = None, vetoes: list[str] | None = None) -> bool:
        return (prep.found < (self.gate if gate is None else gate) and self.thresholds.get(prep.kind, OFF) <= 1.0
                and not any(prep.signals.get(v, 0.0) > 0 for v in (self.vetoes if vetoes is None else vetoes)))


OFF = 1.01
GATES = (0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 1.0, 2.01)  # found share under which rescue runs
GATE_SLACK = 0.001  # training F1 the gate may give up for speed, over all pages
VETOES = ("schema_product", "log_carts", "path_product", "log_prices", "schema_forum", "log_posts")
# Vetoes set by hand, not fitted: a page with product markup or a product URL gets no rescue,
# whatever type the classifier gave it (a product page's dropped blocks are options, reviews and
# related products). On the training folds they cost 0.001; they keep held-out product pages
# at cleaner's figure without rescue, where one site's product pages typed as service lost 0.011.
PRIOR_VETOES = ("path_product", "schema_product")
# Page types kept from rescue by hand: on the news corpus (``../shared/corpus/html``, 78 of its
# 80 pages typed article) rescue on articles takes shingle F1 from 0.978 to 0.955 (teaser lists
# and related links come back), against 0.002 gained on wcxb-dev's articles held-out.
PRIOR_OFF_TYPES = ("article",)
L2 = float(__import__("os").environ.get("RESCUE_L2", "0.01"))
VETO_GAIN = float(__import__("os").environ.get("RESCUE_VETO", "0.0002"))  # a veto must raise the mean training F1 this much
TYPE_GAIN = 0.002  # a page type's threshold is set only if it raises that type's training F1 this much


def fit(train, prepared) -> Model:
    """Weights on every training page's dropped blocks; each predicted page type's threshold
    (or off) on its training pages; then the smallest gate within ``GATE_SLACK`` of no gate."""
    rows, labels = [], []
    for p in train:
        for feats, _, label in prepared[p.id].cands:
            rows.append(feats)
            labels.append(label)
    model = Model(fit_logistic(rows, labels, l2=L2), {}, 2.01)
    model.vetoes = list(PRIOR_VETOES)
    curves = {p.id: prepared[p.id].curve(model.prob) for p in train}
    totals: dict[str, dict[float, float]] = {}
    counts: Counter = Counter()
    for p in train:
        if any(prepared[p.id].signals.get(v, 0.0) > 0 for v in model.vetoes):
            continue  # vetoed: no threshold can change it
        kind = prepared[p.id].kind
        counts[kind] += 1
        row = totals.setdefault(kind, dict.fromkeys(GRID, 0.0))
        for t, value in curves[p.id].items():
            row[t] += value
    for kind, row in totals.items():
        best = max(GRID, key=lambda t: (row[t], t))
        wins = row[best] - row[OFF] >= TYPE_GAIN * counts[kind] and kind not in PRIOR_OFF_TYPES
        model.thresholds[kind] = best if wins else OFF

    def total(gate: float, vetoes: list[str]) -> float:
        return sum(curves[p.id][model.thresholds.get(prepared[p.id].kind, OFF)]
                   if model.runs_on(prepared[p.id], gate, vetoes) else curves[p.id][OFF] for p in train)
    for signal in sorted(set(VETOES) - set(PRIOR_VETOES)):  # each veto kept if it raises the training F1
        if total(2.01, model.vetoes + [signal]) > total(2.01, model.vetoes) + VETO_GAIN * len(train):
            model.vetoes.append(signal)
    ungated = total(2.01, model.vetoes)
    model.gate = min(g for g in GATES if total(g, model.vetoes) >= ungated - GATE_SLACK * len(train))
    return model


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--cache", type=Path, default=DEFAULT_CACHE)
    ap.add_argument("--sample", type=int, default=0, help="every Nth page only")
    ap.add_argument("--refresh", action="store_true")
    ap.add_argument("--write", action="store_true", help=f"refit on every page, write {FITTED.name}")
    ap.add_argument("--label", choices=("gain", "share"), default=LABEL)
    a = ap.parse_args()
    globals()["LABEL"] = a.label
    pages = load_pages()
    if a.sample:
        pages = pages[::a.sample]
    data = collect(pages, a.cache, a.refresh)
    import page_types

    signals = page_types.features_of(pages)
    prepared = {p.id: Prepared(p, data[p.id], signals.get(p.id)) for p in pages}
    base = {p.id: f1(prepared[p.id].base, prepared[p.id].ref) for p in pages}
    lab = {}
    for p in pages:
        prep = prepared[p.id]
        pred = Counter(prep.base)
        for _, bag, label in prep.cands:
            if label:
                pred.update(bag)
        lab[p.id] = f1(pred, prep.ref)
    models: list[Model] = []
    ran: dict[str, bool] = {}

    def fitter(train):
        model = fit(train, prepared)
        models.append(model)
        train_ids = {p.id for p in train}
        ran.update({p.id: model.runs_on(prepared[p.id]) for p in pages if p.id not in train_ids})
        return lambda p: model.score(prepared[p.id])
    held, training = cross_validate(pages, fitter)
    rows = {"cleaner without rescue": by_type(pages, base),
            "+ labelled blocks (ceiling)": by_type(pages, lab),
            f"+ rescue, held-out (train {training['all']:.3f})": held, "+ rescue, training": training}
    print(f"wcxb-dev html, {len(pages)} pages: word-bag F1 per page type")
    print(format_table(rows, type_counts(pages)))
    for n, m in enumerate(models):
        print(f"fold {n}: gate {m.gate:.2f}; vetoes {' '.join(m.vetoes) or '-'}; thresholds " +
              ", ".join(f"{k} {t:.2f}" for k, t in sorted(m.thresholds.items())))
    print(f"held out, rescue runs on {sum(ran.values())} of {len(pages)} pages")
    if a.write:
        model = fit(pages, prepared)
        write(model, held, training)
        print(f"wrote {FITTED.relative_to(ROOT)}: gate {model.gate:.2f}")
    return 0


def write(model: Model, held: dict, training: dict, path: Path = FITTED) -> None:
    from cleaner.html.page import PAGE_TYPES

    figures = " ".join(f"{k[:4]} {held[k]:.3f}" for k in ("all",) + PAGE_TYPES)
    lines = ["# Block rescue (cleaner/html/rescue.py): on a page whose extraction found under `gate` of the",
             "# body's text, each block the extraction dropped is added back when the logistic model over its",
             "# features (rescue.block_features) gives it its page type's threshold or more (over 1: never).",
             "# Fitted on all of wcxb-dev by `python bench/html_blocks.py --write`; held-out F1 of the same fit",
             "# on its five site-grouped folds:",
             f"# {figures} (training all {training['all']:.3f}).",
             f"# {STATE_NOTE}",
             "[rescue]", f'state = "{STATE}"', f"gate = {min(model.gate, 2.0)}", "", "[rescue_thresholds]"]
    lines += [f"{k} = {model.thresholds.get(k, OFF)}" for k in PAGE_TYPES]
    lines += ["", "[rescue_vetoes]"] + [f"{name} = 0.0" for name in model.vetoes]
    lines += ["", "[rescue_weights]"] + [f"{k} = {v}" for k, v in sorted(model.weights.items())]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
