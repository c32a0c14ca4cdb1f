#!/usr/bin/env python3
"""The page-type classifier: fitted on wcxb-dev's training folds, scored on the held-out fold.

``cleaner/html/pagetype.py`` computes cheap signals of a parsed page (schema.org
types, URL path words, markup counts) and picks the type with the highest
linear score. This script fits those weights (multinomial logistic regression,
L2-penalised, plain gradient descent: no numpy needed) on four folds and
scores the fifth, prints held-out accuracy beside training accuracy and the
held-out confusion table, then fits on all pages and, with ``--write``,
rewrites ``rules/fitted/page-types.toml``.

Classes are weighted by the square root of the inverse of their frequency
(articles are half the set), so the rarer types are not simply guessed away.

Usage (from the repository root):
  python bench/page_types.py [--write] [--epochs N] [--l2 X]
"""
from __future__ import annotations

import argparse
import json
import math
import sys
import tempfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from wcxb import PAGE_TYPES, Page, load_pages  # noqa: E402

CACHE = Path(tempfile.gettempdir()) / "cleaner-page-features.json"
OUT = ROOT / "rules" / "fitted" / "page-types.toml"
# balance 0.5: held-out accuracy 0.752, against 0.735 with full inverse-frequency weights (1.0)
EPOCHS, L2, BALANCE = 300, 0.001, 0.5


def features_of(pages: list[Page], refresh: bool = False) -> dict[str, dict[str, float]]:
    """Every page's features, as cleaner computes them on the page it parses (cached)."""
    from cleaner.html.extract import load_page
    from cleaner.html.pagetype import page_features
    from cleaner.io.sources import source_from_bytes

    cached = {} if refresh or not CACHE.exists() else json.loads(CACHE.read_text())
    todo = [p for p in pages if p.id not in cached]
    for page in todo:
        source = source_from_bytes(page.html(), page.id + ".html")
        parsed = load_page(source.text, url=None, name=source.name, deadline=None, with_metadata=False)
        cached[page.id] = page_features(parsed.root, parsed.url, parsed.page_chars) if parsed else {}
    if todo:
        CACHE.write_text(json.dumps(cached))
    return cached


def fit(rows: list[dict[str, float]], labels: list[str], *, epochs: int, l2: float,
        rate: float = 0.5, balance: float = BALANCE) -> dict[str, dict[str, float]]:
    """Softmax regression weights, one table a page type (``bias`` plus a weight a feature).

    ``balance`` 1 weighs each class by the inverse of its frequency, 0 not at all."""
    names = sorted({k for row in rows for k in row})
    counts = Counter(labels)
    class_weight = {k: (len(labels) / (len(counts) * counts[k])) ** balance for k in counts}
    classes = [k for k in PAGE_TYPES if k in counts]
    w = {k: {n: 0.0 for n in names + ["bias"]} for k in classes}
    xs = [[row.get(n, 0.0) for n in names] + [1.0] for row in rows]
    keys = names + ["bias"]
    for _ in range(epochs):
        grad = {k: [0.0] * len(keys) for k in classes}
        for x, label in zip(xs, labels):
            scores = {k: sum(wi * xi for wi, xi in zip((w[k][n] for n in keys), x)) for k in classes}
            top = max(scores.values())
            exp = {k: math.exp(s - top) for k, s in scores.items()}
            total = sum(exp.values())
            cw = class_weight[label]
            for k in classes:
                err = (exp[k] / total - (1.0 if k == label else 0.0)) * cw
                g = grad[k]
                for i, xi in enumerate(x):
                    if xi:
                        g[i] += err * xi
        n = len(xs)
        for k in classes:
            for i, name in enumerate(keys):
                penalty = 0.0 if name == "bias" else l2 * w[k][name]
                w[k][name] -= rate * (grad[k][i] / n + penalty)
    return {k: {n: round(v, 4) for n, v in table.items() if abs(v) >= 1e-4} for k, table in w.items()}


def predict(weights, row) -> str:
    from cleaner.html.pagetype import classify

    return classify(row, weights)


def cross_validate(pages: list[Page], feats, *, epochs: int, l2: float, balance: float = BALANCE):
    """Held-out predictions for every page, and the mean training accuracy over folds."""
    held: dict[str, str] = {}
    train_acc = []
    models = {}
    for fold in sorted({p.fold for p in pages}):
        train = [p for p in pages if p.fold != fold]
        weights = fit([feats[p.id] for p in train], [p.page_type for p in train], epochs=epochs, l2=l2,
                      balance=balance)
        models[fold] = weights
        train_acc.append(sum(predict(weights, feats[p.id]) == p.page_type for p in train) / len(train))
        held.update({p.id: predict(weights, feats[p.id]) for p in pages if p.fold == fold})
    return held, sum(train_acc) / len(train_acc), models


def write(weights, accuracy: float, train: float, path: Path = OUT) -> None:
    lines = ["# Page-type classifier weights (cleaner/html/pagetype.py): softmax regression over the",
             "# page's signals, fitted on every wcxb-dev page by bench/page_types.py --write.",
             f"# Held-out accuracy over the five site-grouped folds {accuracy:.3f} (training {train:.3f}).",
             "", "[classifier]", 'model = "linear"', f"features = {len(next(iter(weights.values()))) - 1}", ""]
    for kind, table in weights.items():
        lines.append(f"[weights.{kind}]")
        lines.extend(f"{name} = {value}" for name, value in sorted(table.items()))
        lines.append("")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines), encoding="utf-8")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--write", action="store_true", help=f"rewrite {OUT.relative_to(ROOT)}")
    ap.add_argument("--epochs", type=int, default=EPOCHS)
    ap.add_argument("--l2", type=float, default=L2)
    ap.add_argument("--balance", type=float, default=BALANCE,
                    help="class weights: 1 inverse frequency, 0 none (default %(default)s)")
    ap.add_argument("--refresh", action="store_true", help="recompute the cached page features")
    a = ap.parse_args()
    pages = load_pages()
    feats = features_of(pages, a.refresh)
    held, train_acc, _ = cross_validate(pages, feats, epochs=a.epochs, l2=a.l2, balance=a.balance)
    accuracy = sum(held[p.id] == p.page_type for p in pages) / len(pages)
    print(f"page types, {len(pages)} pages: held-out accuracy {accuracy:.3f} (training {train_acc:.3f})")
    print(f"{'truth / predicted':<18}" + "".join(f"{k[:8]:>9}" for k in PAGE_TYPES) + f"{'recall':>9}")
    for kind in PAGE_TYPES:
        row = Counter(held[p.id] for p in pages if p.page_type == kind)
        total = sum(row.values())
        print(f"{kind:<18}" + "".join(f"{row.get(k, 0):>9}" for k in PAGE_TYPES)
              + f"{(row.get(kind, 0) / total if total else 0):>9.2f}")
    if a.write:
        weights = fit([feats[p.id] for p in pages], [p.page_type for p in pages], epochs=a.epochs, l2=a.l2,
                      balance=a.balance)
        write(weights, accuracy, train_acc)
        print(f"wrote {OUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
