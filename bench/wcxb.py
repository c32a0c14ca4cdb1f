"""The wcxb-dev development set, its site-grouped folds and WCXB's word-bag metric.

Every quality figure on ``../shared/wcxb-dev`` goes through here, so that all
benchmarks use the same folds (``folds.json``: five folds grouped by site) and
the same metric as ``../shared/tools/score_wcxb.py`` (lower-cased ``\\w+``
words, per-page bag-of-words P/R/F1, averaged over pages).

A method with nothing fitted scores the same on every fold; a method that
chooses something (an option, a threshold, a model) is chosen on four folds
and scored on the fifth. ``cross_validate`` reports the mean of the five
held-out scores beside the mean training-fold score, so the gap is visible.
"""
from __future__ import annotations

import gzip
import json
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WCXB = ROOT.parent / "shared" / "wcxb-dev"
PAGE_TYPES = ("article", "forum", "product", "collection", "listing", "documentation", "service")
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Page:
    """One wcxb-dev page: its id, fold, type and truth record."""

    id: str
    fold: int
    page_type: str
    truth: dict

    def html(self) -> bytes:
        return gzip.decompress((WCXB / "html" / f"{self.id}.html.gz").read_bytes())

    def text(self, wrapped: bool = False) -> bytes:
        return (WCXB / ("text-wrapped" if wrapped else "text") / f"{self.id}.txt").read_bytes()


def load_pages(root: Path = WCXB) -> list[Page]:
    """Every page of the set, sorted by id."""
    truth = json.loads((root / "truth.json").read_text(encoding="utf-8"))
    folds = json.loads((root / "folds.json").read_text(encoding="utf-8"))
    return [Page(pid, folds[pid], rec["page_type"], rec) for pid, rec in sorted(truth.items())]


def words(text: str) -> list[str]:
    return _WORD.findall(text.lower()) if text else []


def word_prf(predicted: str, reference: str) -> tuple[float, float, float]:
    """WCXB's per-page precision, recall and F1 over bags of words."""
    pred, ref = words(predicted), words(reference)
    if not ref:
        return (1.0, 1.0, 1.0) if not pred else (0.0, 0.0, 0.0)
    if not pred:
        return (0.0, 0.0, 0.0)
    overlap = sum((Counter(pred) & Counter(ref)).values())
    p, r = overlap / len(pred), overlap / len(ref)
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def page_f1(page: Page, output: str) -> float:
    return word_prf(output, page.truth["main_content"])[2]


def mean(values: Iterable[float]) -> float:
    values = list(values)
    return sum(values) / len(values) if values else 0.0


def by_type(pages: list[Page], scores: dict[str, float]) -> dict[str, float]:
    """Mean score overall (``all``) and per page type, over the pages that have a score."""
    out = {"all": mean(scores[p.id] for p in pages if p.id in scores)}
    for kind in PAGE_TYPES:
        out[kind] = mean(scores[p.id] for p in pages if p.page_type == kind and p.id in scores)
    return out


def cross_validate(pages: list[Page], fit: Callable[[list[Page]], Callable[[Page], float]]
                   ) -> tuple[dict[str, float], dict[str, float]]:
    """Held-out and training figures, per page type, over the five site-grouped folds.

    ``fit(train_pages)`` chooses what it chooses on the training pages and returns a
    scorer ``page -> F1``. Returns ``(held_out, training)``: the held-out figure scores
    each page once, by the choice made without its fold; the training figure is the
    mean over folds of the score on the four training folds.
    """
    held: dict[str, float] = {}
    train_tables = []
    for fold in sorted({p.fold for p in pages}):
        train = [p for p in pages if p.fold != fold]
        scorer = fit(train)
        held.update({p.id: scorer(p) for p in pages if p.fold == fold})
        train_tables.append(by_type(train, {p.id: scorer(p) for p in train}))
    training = {k: mean(t[k] for t in train_tables) for k in train_tables[0]}
    return by_type(pages, held), training


def format_table(rows: dict[str, dict[str, float]], counts: dict[str, int] | None = None) -> str:
    """Methods as rows, ``all`` and the page types as columns."""
    cols = ("all",) + PAGE_TYPES
    head = f"{'method':<34}" + "".join(f"{c[:8]:>9}" for c in cols)
    lines = [head]
    if counts:
        lines.append(f"{'(pages)':<34}" + "".join(f"{counts.get(c, 0):>9}" for c in cols))
    for name, row in rows.items():
        lines.append(f"{name:<34}" + "".join(f"{row.get(c, 0.0):>9.3f}" for c in cols))
    return "\n".join(lines)


def type_counts(pages: list[Page]) -> dict[str, int]:
    counts = Counter(p.page_type for p in pages)
    return {"all": len(pages), **counts}
