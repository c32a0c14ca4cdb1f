#!/usr/bin/env python3
"""HTML extraction on wcxb-dev: cleaner against trafilatura and readability, per page type.

Runs, over ``../shared/wcxb-dev/html`` (1,199 pages, seven page types):

- ``cleaner``: the HTML path as the CLI runs it for ``--format text``
  (``clean_source`` with the shipped rules, no page metadata);
- ``trafilatura``: ``trafilatura.extract(html, include_comments=False)`` on the
  decoded page, the baseline of wcxb-dev's README (0.835);
- ``trafilatura-precision``: the same with ``favor_precision=True``;
- ``readability``: readability-lxml's summary turned into text by html-text
  (``pip install 'sitecleaner[readability]'``; skipped when they are missing);

and prints WCXB's word-bag F1 overall and per page type (``bench/wcxb.py``), the
held-out mean of the five site-grouped folds beside the training-fold figure,
and pages per second. Methods take turns page by page, so speed ratios come
from the same run. Then it scores cleaner on ``../shared/corpus/html`` with the
4-token shingle F1 (``bench/html_quality.py``'s machinery).

``--strategies`` compares ways of using trafilatura's two modes inside cleaner
(fast only, full cascade always, fast then the cascade on a signal, both and a
choice, and the cascade first on pages whose signals foresee it); thresholds and
the cascade-first model are chosen on the training folds (``cross_validate``).
The ``cleaner`` row runs, on each page, the cascade-first model fitted without
the page's fold, once ``--strategies`` has fitted them (else the shipped one).
``--ablation`` switches each generic rule off in turn (re-running only the pages
where it acted) and prints the held-out F1 change per page type; then it fits
page-type scopes for the generic rules on the training folds and scores them
held-out beside the rule files' own (on wcxb-dev they lose: 0.841 against 0.842,
training 0.844, so the rule files keep their scopes).

Outputs, per-page times and features are cached under ``--cache`` (one folder a
method), so re-runs are cheap; ``--refresh`` re-runs everything (do so for
speed figures: cached times come from earlier runs).

Usage (from the repository root):
  python bench/wcxb_html.py [--cache DIR] [--refresh] [--only METHOD ...]
  python bench/wcxb_html.py --strategies
  python bench/wcxb_html.py --ablation [--no-corpus]
"""
from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from wcxb import (PAGE_TYPES, Page, by_type, cross_validate, format_table, load_pages,  # noqa: E402
                  mean, page_f1, type_counts)

DEFAULT_CACHE = Path(tempfile.gettempdir()) / "cleaner-wcxb-html"
Runner = Callable[[bytes, str], str]


def _decode(data: bytes, name: str) -> str:
    from cleaner.io.sources import source_from_bytes

    return source_from_bytes(data, name).text


def _cleaner(disabled: frozenset[str] = frozenset()) -> Runner:
    from cleaner.pipeline import Options, clean_source
    from cleaner.packs.ruleset import RuleSet, load_ruleset
    from cleaner.io.sources import source_from_bytes

    ruleset = load_ruleset()
    if disabled:
        ruleset = RuleSet(ruleset.packs, frozenset(disabled))
    options = Options(input_type="html", page_metadata=False)
    held_out_types()

    def run(data: bytes, name: str) -> str:
        _FOLD[0] = _FOLDS.get(name.rsplit(".", 1)[0])
        return clean_source(source_from_bytes(data, name), ruleset, options).text
    return run


_FOLD: list = [None]  # the fold of the page being cleaned
_FOLDS: dict[str, int] = {}
_FOLD_WEIGHTS: dict[int, dict] = {}


def held_out_types() -> None:
    """Classify each wcxb-dev page's type with weights fitted without its fold (bench/page_types.py),
    so that rules limited to page types are scored held-out; other pages use the shipped weights."""
    from cleaner.html import pagetype

    if _FOLD_WEIGHTS:
        return
    import page_types

    pages = load_pages()
    _FOLDS.update({p.id: p.fold for p in pages})
    feats = page_types.features_of(pages)
    _, _, models = page_types.cross_validate(pages, feats, epochs=page_types.EPOCHS, l2=page_types.L2)
    _FOLD_WEIGHTS.update(models)
    shipped = pagetype.load_weights

    def weights() -> dict:
        return _FOLD_WEIGHTS[_FOLD[0]] if _FOLD[0] in _FOLD_WEIGHTS else shipped()
    pagetype.load_weights = weights


def _trafilatura(**kwargs) -> Runner:
    import trafilatura

    def run(data: bytes, name: str) -> str:
        return trafilatura.extract(_decode(data, name), **kwargs) or ""
    return run


def _readability() -> Runner:
    import html_text
    from readability import Document

    def run(data: bytes, name: str) -> str:
        return html_text.extract_text(Document(_decode(data, name)).summary(html_partial=True))
    return run


METHODS: dict[str, Callable[[], Runner]] = {
    "cleaner": _cleaner,
    "trafilatura": lambda: _trafilatura(include_comments=False),
    "trafilatura-precision": lambda: _trafilatura(include_comments=False, favor_precision=True),
    "readability": _readability,
}


class Cache:
    """One folder a method: ``ID.txt`` outputs and ``_times.json`` (seconds a page)."""

    def __init__(self, root: Path, method: str):
        self.dir = root / method
        self.dir.mkdir(parents=True, exist_ok=True)
        self.times_path = self.dir / "_times.json"
        self.times: dict[str, float] = (json.loads(self.times_path.read_text())
                                        if self.times_path.exists() else {})

    def has(self, pid: str) -> bool:
        return pid in self.times and (self.dir / f"{pid}.txt").exists()

    def get(self, pid: str) -> str:
        return (self.dir / f"{pid}.txt").read_text(encoding="utf-8")

    def put(self, pid: str, text: str, seconds: float) -> None:
        (self.dir / f"{pid}.txt").write_text(text, encoding="utf-8")
        self.times[pid] = seconds

    def save(self) -> None:
        self.times_path.write_text(json.dumps(self.times))


def run_methods(pages: list[Page], factories: dict[str, Callable[[], Runner]], cache_root: Path,
                refresh: bool = False) -> dict[str, dict[str, str]]:
    """Each method's output for every page, running what the cache lacks; methods take turns."""
    caches = {name: Cache(cache_root, name) for name in factories}
    todo = [p for p in pages if refresh or not all(c.has(p.id) for c in caches.values())]
    if todo:
        runners = {name: make() for name, make in factories.items()}
        first = todo[0].html()
        for run in runners.values():  # imports and caches warm outside the timing
            run(first, todo[0].id + ".html")
        names = list(runners)
        for i, page in enumerate(todo):
            data = page.html()
            for name in names[i % len(names):] + names[:i % len(names)]:
                if not refresh and caches[name].has(page.id):
                    continue
                started = time.perf_counter()
                try:
                    text = runners[name](data, page.id + ".html")
                except Exception as exc:  # a failure scores as empty, and is reported
                    print(f"{name}: {page.id}: {exc.__class__.__name__}: {exc}", file=sys.stderr)
                    text = ""
                caches[name].put(page.id, text, time.perf_counter() - started)
            if i % 200 == 199:
                for c in caches.values():
                    c.save()
        for c in caches.values():
            c.save()
    return {name: {p.id: c.get(p.id) for p in pages} for name, c in caches.items()}


def pages_per_s(times: dict[str, float], pages: list[Page]) -> float:
    spent = sum(times[p.id] for p in pages)
    return len(pages) / spent if spent else 0.0


def report(pages: list[Page], rows: dict[str, tuple[dict, dict, float]]) -> str:
    """Held-out table, then training 'all' and pages/s beside each method."""
    table = format_table({name: held for name, (held, _, _) in rows.items()}, type_counts(pages))
    lines = table.split("\n")
    lines[0] += f"{'train':>9}{'pages/s':>9}"
    lines[1] += " " * 18
    for i, (held, train, speed) in enumerate(rows.values()):
        lines[i + 2] += f"{train['all']:>9.3f}{speed:>9.1f}"
    return "\n".join(lines)


def fixed(pages: list[Page], outputs: dict[str, str]) -> tuple[dict, dict]:
    """Held-out and training figures of a method with nothing fitted (the same choice on every fold)."""
    scores = {p.id: page_f1(p, outputs[p.id]) for p in pages}
    return cross_validate(pages, lambda train: lambda p: scores[p.id])


def corpus_f1() -> dict:
    """cleaner on ``../shared/corpus/html``, 4-token shingle F1, as ``bench/html_quality.py`` scores it."""
    import html_quality

    corpus = html_quality.SHARED / "corpus" / "html"
    run = html_quality.METHODS["cleaner"]()
    out = Path(tempfile.mkdtemp(prefix="corpus-html-"))
    (out / "cleaner").mkdir()
    for path in sorted(corpus.glob("*.htm*")):
        (out / "cleaner" / f"{path.stem}.txt").write_text(run(path.read_bytes(), str(path)), encoding="utf-8")
    return html_quality.score(out / "cleaner", html_quality.SHARED / "corpus" / "truth.json", 0)


# --- extraction strategies -------------------------------------------------------------

FEATURES: dict[str, dict] = {}




def _anchors(root) -> set[str]:
    return {" ".join(a.text_content().split()) for a in root.iter("a")}


def _link_share(body, anchors: set[str]) -> float:
    """Share of the body's characters in blocks whose whole text is some link's text."""
    total = links = 0
    for block in body:
        text = " ".join(" ".join(block.itertext()).split())
        total += len(text)
        links += len(text) if text in anchors else 0
    return links / total if total else 0.0


def _timed(func, *args) -> float:
    started = time.perf_counter()
    func(*args)
    return time.perf_counter() - started


def _variant(mode: str) -> Runner:
    """cleaner with one trafilatura mode only (``fast`` or ``full``), recording per-page features."""
    import trafilatura

    from cleaner.html import extract

    def body(root, url, markdown, page):
        options = dict(url=url, include_comments=False, with_metadata=False, output_format="txt",
                       include_formatting=markdown, include_links=markdown, include_tables=True)
        started = time.perf_counter()
        try:
            doc = trafilatura.bare_extraction(root, fast=mode == "fast", **options)
        except (RecursionError, ValueError, TypeError, AttributeError, IndexError):
            doc = None
        spent = time.perf_counter() - started
        text = (doc.raw_text or "") if doc is not None and doc.body is not None else ""
        f = FEATURES.setdefault(page.name.rsplit(".", 1)[0], {})
        f[f"{mode}_len"], f[f"{mode}_s"] = len(text), spent
        started = time.perf_counter()  # a probe for the bench only: timed, and left out of the estimates
        f[f"{mode}_links"] = _link_share(doc.body, _anchors(root)) if text else 0.0
        f[f"{mode}_probe_s"] = time.perf_counter() - started
        if mode == "fast":
            from trafilatura.core import _forum_thread_page

            started = time.perf_counter()
            f["page_len"] = page.page_chars  # the body's text before the HTML rules, as extract measures it
            f["type"] = page.page_type  # as classified by weights fitted without the page's fold
            f["chars_s"] = _timed(extract.body_chars, root)  # its cost (paid in load_page, for every page)
            f["forum"] = _forum_thread_page(root)
            f["signal_s"] = time.perf_counter() - started
        if doc is not None and doc.body is not None:
            return doc.body, f"trafilatura:{mode}"
        return None, "trafilatura"

    real = extract._extract_body
    run = _cleaner()

    real_share = extract.backstop_share

    def wrapped(data: bytes, name: str) -> str:
        # without the backstop: its second extraction would overwrite the page's features
        extract._extract_body, extract.backstop_share = body, (lambda: 1.0)
        try:
            return run(data, name)
        finally:
            extract._extract_body, extract.backstop_share = real, real_share
    return wrapped


Choice = Callable[[dict], bool]  # features -> whether the cascade's output is used


def strategy_candidates() -> dict[str, tuple[list, Callable[[object], tuple[Choice, Callable[[dict], float]]]]]:
    """name -> (parameter grid, param -> (uses_full(features), extraction seconds(features)))."""
    def fast_then(signal, forum=False, chars=True):
        return lambda f: (f["fast_s"] + (f["chars_s"] if chars else 0.0) + (f["signal_s"] if forum else 0.0)
                          + (f["full_s"] if signal(f) else 0.0))

    def cascade_if(signal):
        # the cascade's output when the signal fires and it found more
        return lambda f: signal(f) and f["full_len"] > f["fast_len"]

    return {
        "(a) fast, cascade under 250 chars": ([250], lambda L: (
            cascade_if(lambda f: f["fast_len"] < L), fast_then(lambda f: f["fast_len"] < L, chars=False))),
        "(a0) fast only": ([None], lambda _: (lambda f: False, lambda f: f["fast_s"])),
        "(b) cascade always": ([None], lambda _: (lambda f: True, lambda f: f["full_s"])),
        "(c1) cascade if fast < L chars": ([250, 500, 1000, 1500, 2000, 3000, 5000], lambda L: (
            cascade_if(lambda f: f["fast_len"] < L), fast_then(lambda f: f["fast_len"] < L, chars=False))),
        "(c2) cascade if fast < r x page": ([0.05, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.6], lambda r: (
            cascade_if(lambda f: f["fast_len"] < r * f["page_len"]),
            fast_then(lambda f: f["fast_len"] < r * f["page_len"]))),
        "(c3) (c2) or forum markup": ([0.05, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.6], lambda r: (
            cascade_if(lambda f: f["forum"] or f["fast_len"] < r * f["page_len"]),
            fast_then(lambda f: f["forum"] or f["fast_len"] < r * f["page_len"], forum=True))),
        "(c4) (c2) and cascade output always": ([0.05, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.6], lambda r: (
            lambda f: f["fast_len"] < r * f["page_len"],
            fast_then(lambda f: f["fast_len"] < r * f["page_len"]))),
        "(d1) both, the longer": ([None], lambda _: (
            lambda f: f["full_len"] > f["fast_len"], lambda f: f["fast_s"] + f["full_s"])),
        "(d2) both, longer unless links > s": ([0.3, 0.4, 0.5, 0.6, 0.7, 1.01], lambda s: (
            lambda f: (f["full_len"] > f["fast_len"] and f["full_links"] <= s) or
            (f["full_len"] <= f["fast_len"] and f["fast_links"] > s and f["full_links"] <= s),
            lambda f: f["fast_s"] + f["full_s"])),
    }


SHIPPED = "(c2) cascade if fast < r x page"  # the default share of rules/fitted/html-extraction.toml
BY_TYPE = "(c5) (c2), r per page type"  # its [by_type] shares
BY_TYPE_GRID = (0.1, 0.15, 0.2, 0.3, 0.5, 1.01)
FITTED = ROOT / "rules" / "fitted" / "html-extraction.toml"


def write_strategy(share: float, by_type: dict[str, float], path: Path = FITTED) -> None:
    """Rewrite the shipped strategy's thresholds (chosen on every wcxb-dev page) in its data file."""
    import re

    text = path.read_text(encoding="utf-8")
    text = re.sub(r"(?m)^cascade_share = .*$", f"cascade_share = {share}", text)
    for kind, value in by_type.items():
        text = re.sub(rf"(?m)^{kind} = .*$", f"{kind} = {value}", text)
    path.write_text(text, encoding="utf-8")


def run_strategies(pages: list[Page], cache_root: Path, refresh: bool,
                   reference: dict[str, str] | None) -> dict[str, object]:
    """Every candidate: held-out F1 per type, training F1, estimated pages/s, chosen parameter.

    Returns each candidate's parameter chosen on all pages (what a data file would ship)."""
    feature_path = cache_root / "_features.json"
    variants = {"cleaner:fast": lambda: _variant("fast"), "cleaner:full": lambda: _variant("full")}
    if refresh or not feature_path.exists():
        for name in variants:
            cache = Cache(cache_root, name)
            cache.times.clear()
            cache.save()
    outputs = run_methods(pages, variants, cache_root, refresh)
    if FEATURES:
        old = json.loads(feature_path.read_text()) if feature_path.exists() else {}
        for pid, f in FEATURES.items():
            old.setdefault(pid, {}).update(f)
        feature_path.write_text(json.dumps(old))
    features = json.loads(feature_path.read_text())
    fast = {p.id: page_f1(p, outputs["cleaner:fast"][p.id]) for p in pages}
    full = {p.id: page_f1(p, outputs["cleaner:full"][p.id]) for p in pages}
    # whole-path seconds a page = the fast variant's time less its extraction, plus the strategy's
    times_fast = Cache(cache_root, "cleaner:fast").times
    base = {p.id: times_fast[p.id] - features[p.id]["fast_s"] - features[p.id]["signal_s"]
            - features[p.id]["chars_s"] - features[p.id].get("fast_probe_s", 0.0) for p in pages}
    ref_speed = pages_per_s(Cache(cache_root, "trafilatura").times, pages) if reference else 0.0
    rows, notes, finals = {}, [], {}
    for name, (grid, make) in strategy_candidates().items():
        built = {param: make(param) for param in grid}

        def scorer(param):
            choose = built[param][0]
            return lambda p: full[p.id] if choose(features[p.id]) else fast[p.id]

        def fit(train):
            best = max(grid, key=lambda param: mean(scorer(param)(p) for p in train))
            chosen.append(best)
            return scorer(best)

        chosen: list = []
        held, train = cross_validate(pages, fit)
        final = finals[name] = max(grid, key=lambda param: mean(scorer(param)(p) for p in pages))
        seconds = built[final][1]
        spent = sum(base[p.id] + seconds(features[p.id]) for p in pages)
        speed = len(pages) / spent
        rows[name] = (held, train, speed)
        notes.append(f"{name}: parameter per fold {chosen}; on all pages {final}; "
                     f"cascade on {sum(built[final][0](features[p.id]) for p in pages)} pages"
                     + (f"; speed vs trafilatura {speed / ref_speed:.2f}" if ref_speed else ""))
    # (c5): (c2) with the share chosen per page type (the type as the classifier predicts it)
    grid = BY_TYPE_GRID
    use = {r: {p.id: (features[p.id]["fast_len"] < 250 or features[p.id]["fast_len"] < r * features[p.id]["page_len"])
               for p in pages} for r in grid}
    pick = {r: {p.id: full[p.id] if use[r][p.id] and features[p.id]["full_len"] > features[p.id]["fast_len"]
                else fast[p.id] for p in pages} for r in grid}

    def fit_by_type(train):
        shares = {}
        for kind in PAGE_TYPES:
            group = [p for p in train if features[p.id].get("type") == kind]
            shares[kind] = max(grid, key=lambda r: (mean(pick[r][p.id] for p in group), -abs(r - 0.2)))
        chosen_by_type.append(shares)
        return lambda p: pick[shares.get(features[p.id].get("type"), 0.2)][p.id]

    chosen_by_type: list = []
    held, train = cross_validate(pages, fit_by_type)
    fit_by_type(pages)
    final_shares = chosen_by_type.pop()
    spent = sum(base[p.id] + features[p.id]["fast_s"] + features[p.id]["chars_s"]
                + (features[p.id]["full_s"] if use[final_shares.get(features[p.id].get("type"), 0.2)][p.id] else 0.0)
                for p in pages)
    rows[BY_TYPE] = (held, train, len(pages) / spent)
    finals[BY_TYPE] = final_shares
    notes.append(f"{BY_TYPE}: shares per fold {chosen_by_type}; on all pages {final_shares}"
                 + (f"; speed vs trafilatura {len(pages) / spent / ref_speed:.2f}" if ref_speed else ""))
    # (e): (c2) at the shipped share, but pages the signals call "fast finds little" go straight
    # to the cascade (rules/fitted/html-extraction.toml [cascade_first])
    share = finals[SHIPPED]
    held, train, final_first, chosen_first, speed = cascade_first_candidate(pages, features, fast, full, base, share)
    rows[CASCADE_FIRST] = (held, train, speed)
    (cache_root / FIRST_FOLDS_FILE).write_text(json.dumps(FIRST_BY_FOLD))
    finals[CASCADE_FIRST] = final_first
    notes.append(f"{CASCADE_FIRST}: threshold per fold {chosen_first}; on all pages {final_first['threshold']}"
                 + (f"; speed vs trafilatura {speed / ref_speed:.2f}" if ref_speed else ""))
    print("\nextraction strategies inside cleaner (held-out; pages/s estimated from per-step times)")
    print(report(pages, rows))
    print("\n".join(notes))
    finals["_rows"] = rows
    return finals


CASCADE_FIRST = "(e) (c2), cascade first if signals say so"
FIRST_GRID = (0.1, 0.15, 0.2, 0.25, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.01)  # probability thresholds; 1.01: never
FIRST_SLACK = 0.002  # training F1 a threshold may give up against (c2) for speed, over all pages
TYPE_SLACK = 0.005  # and on any page type of 50 pages or more


def fit_logistic(rows: list[dict[str, float]], labels: list[bool], l2: float = 0.01) -> dict[str, float]:
    """L2-penalised logistic regression by Newton's method: ``bias`` plus a weight a signal."""
    import numpy as np

    names = sorted({k for row in rows for k in row})
    x = np.array([[row.get(n, 0.0) for n in names] + [1.0] for row in rows])
    y = np.array(labels, dtype=float)
    w = np.zeros(x.shape[1])
    penalty = np.full(x.shape[1], l2)
    penalty[-1] = 0.0
    for _ in range(30):
        p = 1.0 / (1.0 + np.exp(-np.clip(x @ w, -50, 50)))
        grad = x.T @ (p - y) / len(y) + penalty * w
        hess = (x.T * (p * (1 - p))) @ x / len(y) + np.diag(penalty) + 1e-9 * np.eye(len(w))
        step = np.linalg.solve(hess, grad)
        w -= step
        if np.abs(step).max() < 1e-8:
            break
    out = {n: round(float(v), 4) for n, v in zip(names, w[:-1]) if abs(v) >= 1e-4}
    out["bias"] = round(float(w[-1]), 4)
    return out


def cascade_first_candidate(pages, features, fast, full, base, share):
    """(c2) at ``share`` plus the cascade first on pages predicted to need it.

    The model learns, on the training folds, on which pages (c2) ends up taking
    the cascade's output (fast mode left under ``share`` of their text, and the
    cascade found more), from the signals the page-type classifier reads before any rule; the threshold is the
    fastest on the training folds whose F1 stays within ``FIRST_SLACK`` of (c2)'s.
    Returns held-out and training F1 by type, the final parameters, the threshold
    chosen per fold, and the estimated pages/s."""
    import page_types

    from cleaner.html.extract import first_probability, strategy

    signals = page_types.features_of(pages)
    short = strategy()["short_text"]  # the shipped floor in characters, as the extractor reads it
    low = {p.id: features[p.id]["fast_len"] < max(short, share * features[p.id]["page_len"]) for p in pages}
    # the pages where (c2) ends with the cascade's output: what the model learns to foresee
    taken = {p.id: low[p.id] and features[p.id]["full_len"] > features[p.id]["fast_len"] for p in pages}
    later = {p.id: full[p.id] if taken[p.id] else fast[p.id] for p in pages}
    later_s = {p.id: features[p.id]["fast_s"] + (features[p.id]["full_s"] if low[p.id] else 0.0) for p in pages}
    first_s = {p.id: features[p.id]["full_s"] for p in pages}

    def probabilities(weights):
        return {p.id: first_probability(signals[p.id], weights) for p in pages}

    def outcome(prob, threshold, group):
        f1 = mean(full[p.id] if prob[p.id] >= threshold else later[p.id] for p in group)
        spent = sum(base[p.id] + (first_s[p.id] if prob[p.id] >= threshold else later_s[p.id]) for p in group)
        return f1, len(group) / spent

    def keeps_quality(prob, threshold, group):
        """Within FIRST_SLACK of (c2) overall, and within TYPE_SLACK on every type of 50+ pages."""
        groups = [group] + [g for kind in PAGE_TYPES
                            if len(g := [p for p in group if p.page_type == kind]) >= 50]
        return all(outcome(prob, threshold, g)[0] >= outcome(prob, 1.01, g)[0] - (FIRST_SLACK if g is group else TYPE_SLACK)
                   for g in groups)

    chosen: list = []
    folds = {p.fold for p in pages}

    def fit(train):
        weights = fit_logistic([signals[p.id] for p in train], [taken[p.id] for p in train])
        prob = probabilities(weights)
        best = max((t for t in FIRST_GRID if keeps_quality(prob, t, train)),
                   key=lambda t: outcome(prob, t, train)[1])
        chosen.append(best)
        for fold in folds - {p.fold for p in train}:  # the held-out fold (none in the final fit)
            FIRST_BY_FOLD[fold] = {"threshold": best, "weights": weights}
        return lambda p: full[p.id] if prob[p.id] >= best else later[p.id]

    held, train = cross_validate(pages, fit)
    fit(pages)
    threshold = chosen.pop()
    weights = fit_logistic([signals[p.id] for p in pages], [taken[p.id] for p in pages])
    _, speed = outcome(probabilities(weights), threshold, pages)
    return held, train, {"threshold": threshold, "weights": weights}, chosen, speed


FIRST_BY_FOLD: dict[int, dict] = {}  # fold -> the cascade-first model fitted without it
FIRST_FOLDS_FILE = "_cascade_first_folds.json"  # kept in the cache by --strategies


def held_out_cascade_first(cache_root: Path) -> bool:
    """Make the ``cleaner`` row run, on each page, the cascade-first model fitted without the
    page's fold (as ``--strategies`` last fitted them); False when there are none yet."""
    path = cache_root / FIRST_FOLDS_FILE
    if not path.exists():
        return False
    from cleaner.html import extract

    models = {int(fold): model for fold, model in json.loads(path.read_text()).items()}
    shipped = extract._fitted

    def fitted() -> dict:
        model = models.get(_FOLD[0])
        if model is None:
            return shipped()
        return {**shipped(), "cascade_first": {"threshold": model["threshold"]},
                "cascade_first_weights": model["weights"]}
    extract._fitted = fitted
    return True


def write_cascade_first(final: dict, path: Path = FITTED) -> None:
    """Rewrite ``[cascade_first]`` and its weights table (always the file's last table)."""
    import re

    text = path.read_text(encoding="utf-8")
    text = re.sub(r"(?m)^threshold = .*$", f"threshold = {final['threshold']}", text)
    head = text[:text.index("[cascade_first_weights]")]
    lines = [f"{name} = {value}" for name, value in sorted(final["weights"].items())]
    path.write_text(head + "[cascade_first_weights]\n" + "\n".join(lines) + "\n", encoding="utf-8")


# --- the backstop's share ------------------------------------------------------------

BACKSTOP_GRID = (0.3, 0.5, 0.7, 1.0)  # 1.0: no backstop (suspects: [backstop] suspect)


def _cleaner_backstop(share: float) -> Runner:
    """cleaner with the backstop's share set to ``share`` for each page it cleans."""
    from cleaner.html import extract

    run = _cleaner()
    real = extract.backstop_share

    def wrapped(data: bytes, name: str) -> str:
        extract.backstop_share = lambda: share
        try:
            return run(data, name)
        finally:
            extract.backstop_share = real
    return wrapped


def run_backstop(pages: list[Page], cache_root: Path, refresh: bool, write: bool) -> None:
    """cleaner with each backstop share: held-out F1 of the share chosen on the training folds."""
    variants = {f"cleaner:backstop={s}": (lambda s=s: _cleaner_backstop(s)) for s in BACKSTOP_GRID}
    outputs = run_methods(pages, variants, cache_root, refresh)
    scores = {s: {p.id: page_f1(p, outputs[f"cleaner:backstop={s}"][p.id]) for p in pages} for s in BACKSTOP_GRID}
    rows = {}
    for s in BACKSTOP_GRID:
        held, train = cross_validate(pages, lambda train, s=s: lambda p: scores[s][p.id])
        rows[f"backstop share {s}"] = (held, train, pages_per_s(Cache(cache_root, f"cleaner:backstop={s}").times,
                                                                 pages))
    chosen: list[float] = []

    def fit(train):
        best = max(BACKSTOP_GRID, key=lambda s: mean(scores[s][p.id] for p in train))
        chosen.append(best)
        return lambda p: scores[best][p.id]
    held, train = cross_validate(pages, fit)
    final = max(BACKSTOP_GRID, key=lambda s: mean(scores[s][p.id] for p in pages))
    rows["share chosen on training folds"] = (held, train, rows[f"backstop share {final}"][2])
    print("\nthe backstop (held-out; each share a full run)")
    print(report(pages, rows))
    print(f"share per fold {chosen}; on all pages {final}")
    if write:
        import re

        text = FITTED.read_text(encoding="utf-8")
        FITTED.write_text(re.sub(r"(?m)^share = .*$", f"share = {final}", text), encoding="utf-8")
        print(f"wrote {FITTED.relative_to(ROOT)}: [backstop] share = {final}")


# --- rule ablation ---------------------------------------------------------------------

def generic_rules() -> list[tuple[str, str]]:
    """(rule id, file) of every generic rule that can act on an HTML page."""
    from cleaner.packs.ruleset import load_ruleset

    out = []
    for pack in load_ruleset().packs:
        if "generic" not in Path(pack.path).parts:
            continue
        for rule in pack.rules:
            out.append((rule.id, Path(pack.path).name))
    return out


def run_ablation(pages: list[Page], cache_root: Path, refresh: bool) -> None:
    """Each generic rule off in turn: F1 change per page type (nothing is fitted, so held-out = all)."""
    from cleaner.pipeline import Options, clean_source
    from cleaner.packs.ruleset import RuleSet, load_ruleset
    from cleaner.io.sources import source_from_bytes

    ruleset = load_ruleset()
    options = Options(input_type="html", page_metadata=False)
    held_out_types()

    def clean(page: Page, rules: RuleSet):
        _FOLD[0] = page.fold
        return clean_source(source_from_bytes(page.html(), page.id + ".html"), rules, options)

    fired_path = cache_root / "_fired.json"
    base_path = cache_root / "_ablation_base.json"
    if refresh or not fired_path.exists():
        fired, base = {}, {}
        for page in pages:
            result = clean(page, ruleset)
            fired[page.id] = sorted({r.rule for r in result.removed})
            base[page.id] = page_f1(page, result.text)
        fired_path.write_text(json.dumps(fired))
        base_path.write_text(json.dumps(base))
    fired = json.loads(fired_path.read_text())
    base = json.loads(base_path.read_text())
    done_path = cache_root / "_ablation.json"
    done = {} if refresh or not done_path.exists() else json.loads(done_path.read_text())
    by_id = {p.id: p for p in pages}
    rows, counts = {}, {}
    for rule_id, file in generic_rules():
        hit = [pid for pid in fired if rule_id in fired[pid]]
        counts[rule_id] = len(hit)
        if rule_id not in done:
            off = RuleSet(ruleset.packs, frozenset({rule_id}))
            done[rule_id] = {pid: page_f1(by_id[pid], clean(by_id[pid], off).text) for pid in hit}
            done_path.write_text(json.dumps(done))
        scores = dict(base)
        scores.update(done[rule_id])
        after, before = by_type(pages, scores), by_type(pages, base)
        # the rule's worth: F1 with it minus F1 without it (negative: it hurts)
        rows[f"{rule_id} ({len(hit)})"] = {k: before[k] - after[k] for k in before}
    print("\nrule ablation: F1 with the rule minus F1 without it (pages where it acted in brackets)")
    print(format_table(rows, type_counts(pages)).replace("   0.000", "       . ").replace("  -0.000", "       . "))
    fitted_scopes(pages, base, fired, done)


def fitted_scopes(pages: list[Page], base: dict[str, float], fired: dict[str, list[str]],
                  without: dict[str, dict[str, float]]) -> None:
    """Would page-type scopes fitted on the training folds beat the rule files' own?

    For each fold, a generic rule is switched off on a (predicted) page type when
    that lowers the training pages' F1 sum; the held-out pages are then scored
    with those rules off (each rule's effect taken from the ablation, added up).
    """
    from cleaner.html.pagetype import classify

    import page_types

    feats = page_types.features_of(pages)
    kind = {p.id: classify(feats[p.id], _FOLD_WEIGHTS[p.fold]) for p in pages}

    def scored(p: Page, off: set) -> float:
        return base[p.id] + sum(without[r][p.id] - base[p.id] for r in fired.get(p.id, ())
                                if (r, kind[p.id]) in off and p.id in without.get(r, {}))

    def fit(train: list[Page]):
        off = {(r, t) for r, scores in without.items() for t in PAGE_TYPES
               if sum(base[p.id] - scores[p.id] for p in train if kind[p.id] == t and p.id in scores) < 0}
        return lambda p: scored(p, off)

    held, train = cross_validate(pages, fit)
    rows = {"scopes of the rule files": by_type(pages, base), "scopes fitted on training folds": held}
    print("\npage-type scopes of the generic rules, fitted per fold (held-out; training 'all' "
          f"{train['all']:.3f})")
    print(format_table(rows, type_counts(pages)))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--cache", type=Path, default=DEFAULT_CACHE, help=f"cache folder (default {DEFAULT_CACHE})")
    ap.add_argument("--refresh", action="store_true", help="re-run every method (fresh timings)")
    ap.add_argument("--only", action="append", choices=sorted(METHODS), help="run only these methods")
    ap.add_argument("--strategies", action="store_true", help="compare extraction strategies inside cleaner")
    ap.add_argument("--write", action="store_true",
                    help="with --strategies or --backstop: rewrite rules/fitted/html-extraction.toml")
    ap.add_argument("--backstop", action="store_true",
                    help="choose the backstop's share on the training folds (--write: into rules/fitted/)")
    ap.add_argument("--ablation", action="store_true", help="switch each generic rule off in turn")
    ap.add_argument("--sample", type=int, default=0, help="every Nth page only (a quick look while iterating)")
    ap.add_argument("--no-corpus", action="store_true", help="skip the corpus/html shingle F1")
    a = ap.parse_args()

    pages = load_pages()
    if a.sample:
        pages = pages[::a.sample]
    names = a.only or list(METHODS)
    try:
        import html_text  # noqa: F401
        import readability  # noqa: F401
    except ImportError:
        if "readability" in names:
            print("readability-lxml or html-text missing (pip install 'sitecleaner[readability]'): readability skipped", file=sys.stderr)
            names.remove("readability")
    if "cleaner" in names and held_out_cascade_first(a.cache):
        print("cleaner: each page's cascade-first model fitted without its fold (from --strategies)")
    outputs = run_methods(pages, {n: METHODS[n] for n in names}, a.cache, a.refresh)
    rows = {}
    for name in names:
        held, train = fixed(pages, outputs[name])
        rows[name] = (held, train, pages_per_s(Cache(a.cache, name).times, pages))
    print(f"wcxb-dev html, {len(pages)} pages; word-bag F1, held-out mean of 5 site-grouped folds")
    print(report(pages, rows))
    if "cleaner" in rows and "trafilatura" in rows and rows["trafilatura"][2]:
        print(f"speed: cleaner / trafilatura = {rows['cleaner'][2] / rows['trafilatura'][2]:.2f}")
    if a.strategies:
        finals = run_strategies(pages, a.cache, a.refresh, outputs.get("trafilatura"))
        if a.write:
            by_type = finals[BY_TYPE]
            if finals["_rows"][BY_TYPE][0]["all"] <= finals["_rows"][SHIPPED][0]["all"]:
                by_type = {kind: finals[SHIPPED] for kind in by_type}  # one share does as well held-out
            write_strategy(finals[SHIPPED], by_type)
            write_cascade_first(finals[CASCADE_FIRST])
            print(f"wrote {FITTED.relative_to(ROOT)}: cascade_share = {finals[SHIPPED]}, by type {by_type}, "
                  f"cascade first at probability {finals[CASCADE_FIRST]['threshold']}")
    if a.backstop:
        run_backstop(pages, a.cache, a.refresh, a.write)
    if a.ablation:
        run_ablation(pages, a.cache, a.refresh)
    if not a.no_corpus:
        fig = corpus_f1()
        print(f"\ncorpus/html (80 pages), cleaner: shingle F1 {fig['f1']:.3f} "
              f"(precision {fig['precision']:.3f}, recall {fig['recall']:.3f})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
