"""Fitted line-model parameters: the data file's schema, its check, and scoring in pure Python.

A model file is JSON::

    {"format": "cleaner-line-model", "version": 1, "model": "logistic",
     "features": ["log_words", ...], "weights": [..one per feature..], "bias": -1.2,
     "switch_cost": 2.0, "means": [..one per feature, optional..],
     "fallback": {"page_prose_below": 0.5, "kept_share_below": 0.1},  (optional)
     "training": {"set": "wcxb-dev", "digest": "sha256 of the training pages' ids and truth",
                  "pages": 1199, "script": "bench/train_article_model.py", ...}}

The weights apply to the raw feature values (any scaling used in fitting is
folded into them), so scoring a line is one dot product: no numpy at run time.
A feature named ``"a*b"`` is the product of two computed features, so a page
feature can modulate a line feature (``"page_prose*short"``: a short line
weighs differently on a page of prose than on a listing) while the code
computes only the plain ones. A file that does not match (unknown version, a
weight per feature missing, a feature the code does not compute) is refused
when the rule is loaded.

``fallback`` covers pages with little prose (listings, search results, link
lists), where the content is many short items of one shape that the model,
line by line, takes for menus: when the page's share of prose is below
``page_prose_below`` and the decode keeps less than ``kept_share_below`` of the
words left, every line left is kept (no cleaning beats an empty page there).
"""
from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import lru_cache
from operator import mul
from pathlib import Path

from .fields import SchemaError

FORMAT = "cleaner-line-model"
VERSION = 1


@dataclass(frozen=True)
class LineModel:
    """A logistic regression over named line features, plus the decode's switch cost."""

    features: tuple[str, ...]
    weights: tuple[float, ...]
    bias: float
    switch_cost: float
    training: dict
    means: tuple[float, ...] | None = None  # each feature's mean over the training lines
    fallback: tuple[float, float] | None = None  # (page_prose_below, kept_share_below): keep all

    def falls_back(self, page_prose: float, kept_share: float) -> bool:
        """Whether the decode's choice gives way to keeping every line (see the module's doc)."""
        return self.fallback is not None and page_prose < self.fallback[0] and kept_share < self.fallback[1]

    def scores(self, columns: dict[str, list[float]], rows: list[int] | None = None,
               page: dict[str, float] | None = None) -> list[float]:
        """The log-odds of each line (of the entries ``rows`` of the columns) being content.

        ``page`` gives the features that are one value for the whole page: they
        are folded into the bias and into the weights of the line features they
        multiply, so each line's dot product runs over its own features only
        (the same sum, in fewer operations).
        """
        folded = self.fold(page or {})
        bias = self.bias + folded.pop("", 0.0)
        names = list(folded)
        table = list(zip(*[column(columns, name) for name in names]))
        if rows is not None:
            table = [table[k] for k in rows]
        weights = [folded[name] for name in names]
        return [bias + sum(map(mul, weights, row)) for row in table]  # C-level per line

    def fold(self, page: dict[str, float]) -> dict[str, float]:
        """Weights by line feature once the page-wide values are put in ("" holds the bias part)."""
        out: dict[str, float] = {}
        for name, w in zip(self.features, self.weights):
            a, _, b = name.partition("*")
            if a in page and (not b or b in page):
                out[""] = out.get("", 0.0) + w * page[a] * (page[b] if b else 1.0)
            elif a in page:
                out[b] = out.get(b, 0.0) + w * page[a]
            elif b in page:
                out[a] = out.get(a, 0.0) + w * page[b]
            else:
                out[name] = out.get(name, 0.0) + w
        return out

    def reasons(self, columns: dict[str, list[float]], rows: dict[int, int], line: int, top: int = 3) -> str:
        """The ``top`` features that moved line ``line``'s score most, signed: what explain shows.

        ``rows`` maps a line index to its entry in the columns. A feature's part
        is its weight times its value's distance from the training mean (when the
        file has the means), so a feature every line shares does not crowd out
        what sets this line apart.
        """
        k = rows.get(line)
        if k is None:
            return ""
        means = self.means or (0.0,) * len(self.features)
        parts = [(name, w * (column(columns, name)[k] - m))
                 for name, w, m in zip(self.features, self.weights, means)]
        parts = sorted((p for p in parts if p[1]), key=lambda p: -abs(p[1]))[:top]
        return ", ".join(f"{name} {value:+.1f}" for name, value in parts)

    def probability(self, score: float) -> float:
        return 1.0 / (1.0 + math.exp(-max(-50.0, min(50.0, score))))


def parse_model(data: dict, known: frozenset[str] | None = None, where: str = "model") -> LineModel:
    """Check a model file's content and build the model; raises ``SchemaError`` naming the problem."""
    def fail(problem: str):
        raise SchemaError("model", f"{where}: {problem}")

    if not isinstance(data, dict) or data.get("format") != FORMAT:
        fail(f'not a line model (need "format": "{FORMAT}")')
    if data.get("version") != VERSION:
        fail(f"unsupported version {data.get('version')!r} (this cleaner reads version {VERSION})")
    if data.get("model") != "logistic":
        fail(f"unsupported model {data.get('model')!r} (need \"logistic\")")
    features, weights = data.get("features"), data.get("weights")
    if not isinstance(features, list) or not all(isinstance(x, str) for x in features) or not features:
        fail('"features" must be a non-empty array of feature names')
    if len(set(features)) != len(features):
        fail('"features" names a feature twice')
    factors = {f for name in features for f in name.split("*")}
    if any(name.count("*") > 1 for name in features):
        fail('a feature is one computed feature or the product of two ("a*b")')
    if known is not None and factors - known:
        fail(f"unknown features: {', '.join(sorted(factors - known))}")
    numbers = (int, float)
    if (not isinstance(weights, list) or len(weights) != len(features)
            or not all(isinstance(w, numbers) and not isinstance(w, bool) and math.isfinite(w)
                       for w in weights)):
        fail('"weights" must be an array of finite numbers, one per feature')
    means = data.get("means")
    if means is not None and (
            not isinstance(means, list) or len(means) != len(features)
            or not all(isinstance(m, numbers) and not isinstance(m, bool) and math.isfinite(m) for m in means)):
        fail('"means" must be an array of finite numbers, one per feature')
    for key in ("bias", "switch_cost"):
        value = data.get(key)
        if not isinstance(value, numbers) or isinstance(value, bool) or not math.isfinite(value):
            fail(f'"{key}" must be a finite number')
    if data["switch_cost"] < 0:
        fail('"switch_cost" must be at least 0')
    fallback = data.get("fallback")
    if fallback is not None:
        keys = ("page_prose_below", "kept_share_below")
        if (not isinstance(fallback, dict) or set(fallback) != set(keys)
                or not all(isinstance(fallback[k], numbers) and not isinstance(fallback[k], bool)
                           and 0 <= fallback[k] <= 1 for k in keys)):
            fail('"fallback" must be a table of "page_prose_below" and "kept_share_below", each from 0 to 1')
        fallback = (float(fallback["page_prose_below"]), float(fallback["kept_share_below"]))
    training = data.get("training")
    if not isinstance(training, dict) or not isinstance(training.get("digest"), str):
        fail('"training" must be a table with the training set\'s "digest"')
    return LineModel(tuple(features), tuple(float(w) for w in weights), float(data["bias"]),
                     float(data["switch_cost"]), training,
                     tuple(float(m) for m in means) if means is not None else None, fallback)


def column(columns: dict[str, list[float]], name: str) -> list[float]:
    """A feature's values: computed, or the product of two computed ones (``"a*b"``)."""
    found = columns.get(name)
    if found is None:
        a, _, b = name.partition("*")
        found = columns[name] = list(map(mul, columns[a], columns[b]))
    return found


@lru_cache(maxsize=16)
def load_model(path: str, known: frozenset[str] | None = None) -> LineModel:
    """Read and check a model file (once per path per process)."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise SchemaError("model", f"cannot read {path}: {exc.strerror or exc}") from None
    except ValueError as exc:
        raise SchemaError("model", f"{path} is not valid JSON: {exc}") from None
    return parse_model(data, known, where=path)
