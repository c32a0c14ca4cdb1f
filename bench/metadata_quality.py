#!/usr/bin/env python3
"""Title, date and author on wcxb-dev: cleaner's metadata step beside reference methods.

Two inputs: the HTML page, and the browser's copied text. Scores:

* title: exact after white space and quote normalisation; also word F1 >= 0.9;
* date: the same day (``YYYY-MM-DD``);
* author: the same set of case-folded names, split on ``,`` ``;`` ``&`` and `` and ``
  (as ``../shared/tools/score_wcxb.py`` does);

each as accuracy over all pages (a page without a true value is right only
when nothing is given), coverage (pages given a value), and right / wrong /
missing counts over the pages that have a true value, plus spurious values.

References from the same run: trafilatura's metadata (fast, as cleaner ran it
before), readability-lxml's ``short_title()``, htmldate (``original_date``,
extensive search), and trivial copied-text baselines (the first line of 4-25
words, the first date in the text, a ``By ...`` line).

The metadata step's signal weights are fitted on four folds and scored on the
fifth (``bench/wcxb.py``'s folds): the held-out mean is printed beside the
training figure. ``--fit`` refits them on every page and writes
``rules/models/metadata.json``.

Signals are read once per page and cached (``bench/out/metadata-cache``);
``--refresh`` reads them again.

Usage (from the repository root):
  python bench/metadata_quality.py [--refresh [all]] [--fit] [--only html|text] [--by-type]
"""
from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
import time
import weakref
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from wcxb import WCXB, Page, by_type, format_table, load_pages, mean, type_counts  # noqa: E402

from cleaner.meta.scorer import choose, confidence  # noqa: E402
from cleaner.meta.title import norm as title_norm, token_f1  # noqa: E402

CACHE = ROOT / "bench" / "out" / "metadata-cache"
FIELDS = ("title", "date", "author")
# Inputs: the page's HTML, the browser's copied text, a text browser's hard-wrapped dump.
MODES = ("html", "text", "wrapped")
MODEL = ROOT / "rules" / "models" / "metadata.json"


# ------------------------------------------------------------------ matching
def norm_author(value) -> frozenset:
    names = value if isinstance(value, list) else [value]
    out = set()
    for name in names:
        for part in re.split(r",|;|&| and ", " ".join(str(name).split()).casefold()):
            if part.strip():
                out.add(part.strip())
    return frozenset(out)


def blank(v) -> bool:
    return v is None or (isinstance(v, str) and not v.strip()) or v == []


def right(field: str, truth, value) -> bool:
    if blank(truth) or blank(value):
        return blank(truth) and blank(value)
    if field == "title":
        return title_norm(str(truth)) == title_norm(str(value))
    if field == "date":
        return str(truth)[:10] == str(value)[:10]
    return norm_author(truth) == norm_author(value)


def close_title(truth, value) -> bool:
    if blank(truth) or blank(value):
        return blank(truth) and blank(value)
    return token_f1(str(truth), str(value)) >= 0.9


# ------------------------------------------------------------------ signals, cached
def _html_signals(page: Page, old: dict | None, ruleset) -> dict:
    """One page's HTML candidates, its rule captures and the references' values.

    The page's URL is what cleaner finds by itself (canonical link, og:url), as
    for a user who gives no ``--url``.
    """
    from trafilatura.metadata import extract_metadata

    from cleaner.html.extract import page_url_of, parse_tree
    from cleaner.io.sources import decode, source_from_bytes
    from cleaner.meta.html import html_candidates
    from cleaner.pipeline import Options, clean_source

    data = page.html()
    html, _ = decode(data, page.id)
    out: dict = {"cands": {}, "refs": {}, "seconds": {}, "captured": {}}
    started = time.perf_counter()
    try:
        result = clean_source(source_from_bytes(data, page.id), ruleset, Options(input_type="html"))
    except Exception:  # noqa: BLE001 - a page cleaner refuses has no metadata
        result = None
    out["seconds"]["cleaner"] = time.perf_counter() - started
    if result is not None:  # what the HTML rules captured outranks the metadata step in the pipeline
        meta = result.metadata
        out["captured"] = {f: meta.fields[f] for f in FIELDS if f in meta.fields
                           and not meta.sources.get(f, "").startswith(("html:", "trafilatura"))}
    root = parse_tree(html)
    if root is None:
        return out
    url = page_url_of(root)
    started = time.perf_counter()
    try:
        data = extract_metadata(root, default_url=url, extensive=False)
        traf = {"title": data.title, "date": data.date,
                "author": [a.strip() for a in (data.author or "").split(";") if a.strip()]}
    except Exception:  # noqa: BLE001 - a reference that fails gives nothing
        traf = {}
    out["seconds"]["trafilatura"] = time.perf_counter() - started
    out["refs"]["trafilatura"] = traf
    started = time.perf_counter()
    cands = html_candidates(root, url, traf)
    out["seconds"]["signals"] = time.perf_counter() - started
    out["cands"] = {f: [[s, v] for s, v in c] for f, c in cands.items()}
    started = time.perf_counter()
    out["full_search"] = full_search(root, url, traf, cands)
    out["seconds"]["full-search"] = time.perf_counter() - started
    # main's HTML metadata: the rules' captures, else trafilatura's fast pass
    out["refs"]["main"] = {f: out["captured"].get(f) or traf.get(f) for f in FIELDS}
    slow = ("readability", "htmldate", "trafilatura-extensive")
    if old and all(old.get("refs", {}).get(ref) for ref in slow):  # slow references: kept from the last run
        for ref in slow:
            out["refs"][ref] = old["refs"][ref]
        return out
    try:
        full = extract_metadata(parse_tree(html), default_url=url, extensive=True)
        out["refs"]["trafilatura-extensive"] = {
            "title": full.title, "date": full.date,
            "author": [a.strip() for a in (full.author or "").split(";") if a.strip()]}
    except Exception:  # noqa: BLE001
        out["refs"]["trafilatura-extensive"] = {}
    try:
        from readability import Document

        out["refs"]["readability"] = {"title": Document(html).short_title()}
    except Exception:  # noqa: BLE001
        out["refs"]["readability"] = {}
    try:
        import htmldate

        out["refs"]["htmldate"] = {"date": htmldate.find_date(html, original_date=True, url=url)}
    except Exception:  # noqa: BLE001
        out["refs"]["htmldate"] = {}
    return out


def full_search(root, url: str | None, traf: dict, cands: dict) -> str | None:
    """The fuller date search's value on a page where the metadata step may ask for it (the fast
    pass found no date, the page has date candidates); whether it is used depends on the model."""
    from cleaner.meta.full_date import full_date

    if traf.get("date") or not cands.get("date"):
        return None
    return full_date(root, url)


def _text_baselines(text: str) -> dict:
    from cleaner.dates import find_dates

    title = None
    author = None
    for line in text.split("\n"):
        n = len(line.split())
        if title is None and 4 <= n <= 25:
            title = line.strip()
        if author is None and re.match(r"^\s*by[\s\u00a0]+\S", line, re.I) and n <= 12:
            author = [re.sub(r"^\s*by[\s\u00a0]+", "", line, flags=re.I).strip()]
    dates = find_dates(text[:200_000])
    return {"title": title, "date": dates[0][1] if dates else None, "author": author}


def _text_signals(page: Page, ruleset, wrapped: bool) -> dict:
    from cleaner.io.sources import source_from_bytes
    from cleaner.meta import text as meta_text
    from cleaner.pipeline import Options, clean_source

    data = page.text(wrapped)
    seen: dict = {}
    original = meta_text.snapshot

    def spy(doc, meta):
        snap = original(doc, meta)
        seen["snap"] = snap.as_json()
        seen["rules"] = {f: meta.fields.get(f) for f in FIELDS}
        return snap

    meta_text.snapshot = spy
    try:
        started = time.perf_counter()
        clean_source(source_from_bytes(data, page.id), ruleset, Options(input_type="text"))
        seconds = time.perf_counter() - started
    finally:
        meta_text.snapshot = original
    text = data.decode("utf-8", "replace")
    return {"snap": seen.get("snap"),
            "refs": {"main": seen.get("rules", {}), "baseline": _text_baselines(text)},
            "seconds": {"cleaner": seconds}}


def signals(pages: list[Page], mode: str, refresh: str | None) -> dict[str, dict]:
    """Every page's candidates and reference values for ``mode``, read once and cached.

    ``refresh="signals"`` reads the candidates again but keeps the slow
    references (readability, htmldate) of the cache; ``"all"`` reads everything.
    """
    path = CACHE / f"{mode}.json"
    cached = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    if cached and not refresh and all(p.id in cached for p in pages):
        return {p.id: cached[p.id] for p in pages}
    if refresh == "all":
        cached = {}
    out: dict[str, dict] = {}
    from cleaner.packs.ruleset import load_ruleset

    ruleset = load_ruleset()
    for n, page in enumerate(pages):
        out[page.id] = (_html_signals(page, cached.get(page.id), ruleset) if mode == "html"
                        else _text_signals(page, ruleset, mode == "wrapped"))
        if n % 200 == 0:
            print(f"  {mode}: {n}/{len(pages)}", file=sys.stderr)
    if len(pages) == len(load_pages()):  # a quick look at a few pages leaves the cache alone
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(out), encoding="utf-8")
    return out


# ------------------------------------------------------------------ fitting
def fit_field(field: str, pages: list[Page], sigs: dict[str, dict]) -> dict:
    """Feature weights of the HTML candidate scorer, its gate and threshold, fitted on ``pages``.

    The ranker puts the right value first among a page's values; the gate
    (a weighted logistic regression over the ranking's strength and the
    page's flags) says how sure the choice is; the threshold on the gate's
    score is swept as before (``_threshold``).
    """
    from cleaner.meta.scorer import gate_features, group, ranked

    groups = []
    for p in pages:
        cands = [(s, v) for s, v in sigs[p.id]["cands"].get(field, [])]
        groups.append([(feats, right(field, p.truth.get(field), value))
                       for value, feats, _ in group(field, cands)])
    entry = {"weights": fit_ranker(groups, outside=OUTSIDE and field != "title", **FIT.get(field, {})),
             "threshold": -1e9}
    tops = {}
    for p in pages:
        cands = [(s, v) for s, v in sigs[p.id]["cands"].get(field, [])]
        tops[p.id] = ranked(field, cands, entry)  # [(score, value, credited signal)], best first
    if GATE and field == "date":
        rows = []
        for p in pages:
            scored = tops[p.id]
            if not scored:
                continue
            truth = p.truth.get(field)
            ok = right(field, truth, scored[0][1])
            if ok or blank(truth):  # a wrong value and a missing one gain the same: nothing
                rows.append((gate_features([s for s, _, _ in scored], _flags(sigs[p.id]), _source(scored)),
                             ok, 1.0 if ok else SPURIOUS_COST))
        entry["gate"] = fit_gate(rows)
    picks = {}
    for p in pages:
        scored = tops[p.id]
        picks[p.id] = ((scored[0][1], confidence([s for s, _, _ in scored], entry, _flags(sigs[p.id]),
                                                 _source(scored)))
                       if scored else (None, 0.0))
    entry["threshold"] = _threshold(pages, field, picks)
    return entry


def _source(scored: list) -> str | None:
    """The signal credited with the best value, when the gate reads it (``GATE_SOURCE``)."""
    return scored[0][2] if GATE_SOURCE and scored else None


# The date's gate also reads which signal the best value is credited to (a date only the
# extractor gives on a forum page is more often right than the page's flags alone say).
GATE_SOURCE = True


def _flags(sig: dict) -> tuple[str, ...]:
    return tuple(v for _, v in sig["cands"].get("page", []))


def fit_gate(rows: list[tuple[dict, bool, float]], l2: float = 0.01, iters: int = 1500) -> dict[str, float]:
    """Weighted logistic regression: how likely the best value is right rather than spurious."""
    import numpy as np

    names = sorted({k for feats, _, _ in rows for k in feats})
    if not rows:
        return {}
    index = {k: i for i, k in enumerate(names)}
    X = np.zeros((len(rows), len(names)))
    for r, (feats, _, _) in enumerate(rows):
        for k, v in feats.items():
            X[r, index[k]] = v
    y = np.array([float(ok) for _, ok, _ in rows])
    sw = np.array([w for _, _, w in rows])
    w = np.zeros(len(names))
    for _ in range(iters):
        p = 1 / (1 + np.exp(-(X @ w)))
        w -= 0.5 * (X.T @ ((p - y) * sw) / sw.sum() + l2 * w)
    return {k: round(float(v), 4) for k, v in zip(names, w) if abs(v) > 1e-4}


# Fit a gate for the date (see fit_field): measured on held-out folds, it gives more right dates
# and fewer spurious ones; for the author it gave fewer right ones, so the author keeps the plain
# threshold on its best value's score. False: no gate at all.
GATE = True


def predict(field: str, sig: dict, entry: dict):
    """The step's value, as ``meta.choose_html`` gives it (the fuller date search included)."""
    from cleaner.meta.choose_html import confirms

    cands = [(s, v) for s, v in sig["cands"].get(field, [])]
    value, _ = choose(field, cands, entry, _flags(sig))
    if value is None and field == "date" and confirms(sig.get("full_search"), cands):
        value = sig["full_search"]
    return value


def fit_model(pages: list[Page], sigs: dict[str, dict]) -> dict:
    return {f: fit_field(f, pages, sigs) for f in FIELDS}


# ------------------------------------------------------------------ fitting: copied text
def fit_ranker(groups: list[list[tuple[dict, bool]]], l2: float = 0.01, iters: int = 400,
               outside: bool = False) -> dict[str, float]:
    """Weights of a linear score that puts a right candidate first on each page.

    A conditional logit (softmax over a page's candidates), fitted by gradient
    descent with a small L2 penalty. With ``outside``, each page also has the
    choice of giving nothing (score 0), right when no candidate is: the
    scores then say how likely a value is right, not only which is best, and
    a page with a single candidate teaches something too. Without it, pages
    without a right candidate do not count.
    """
    import numpy as np

    names = sorted({k for g in groups for feats, _ in g for k in feats})
    index = {k: i for i, k in enumerate(names)}
    rows, labels, starts = [], [], []
    for g in groups:
        if not g or (not outside and not any(y for _, y in g)):
            continue
        starts.append(len(rows))
        if outside:
            rows.append([0.0] * len(names))
            labels.append(not any(y for _, y in g))
        for feats, y in g:
            row = [0.0] * len(names)
            for k, v in feats.items():
                row[index[k]] = v
            rows.append(row)
            labels.append(y)
    if not rows:
        return {}
    X, y = np.array(rows), np.array(labels, dtype=float)
    starts_arr = np.array(starts)
    group = np.repeat(np.arange(len(starts)), np.diff(np.append(starts_arr, len(rows))))
    w = np.zeros(len(names))
    lr = 0.5
    for _ in range(iters):
        s = X @ w
        top = np.maximum.reduceat(s, starts_arr)[group]
        e = np.exp(s - top)
        z = np.add.reduceat(e, starts_arr)[group]
        zp = np.add.reduceat(e * y, starts_arr)[group]
        grad = X.T @ (e / z - e * y / zp) / len(starts) + l2 * w
        w -= lr * grad
    return {k: round(float(v), 4) for k, v in zip(names, w) if abs(v) > 1e-4}


# The ranker's steps and penalty per field, where they differ from fit_ranker's defaults. The
# title's signals are taken in pairs (scorer._relations): more features, more steps. The penalty
# was chosen among 0.003, 0.01 and 0.02 by an inner cross-validation on each fold's training
# folds (0.01 chosen for three folds of five).
FIT = {"title": {"iters": 1500, "l2": 0.01}}

# Fit date and author with the choice of giving nothing among the candidates (see
# fit_ranker); measured worse on held-out folds with the plain gradient descent here, so off.
OUTSIDE = False

# What a value given where the page has none (a spurious date on a product page) costs,
# against 1 for a right value gained (a missed or wrong value gains nothing). Half: a
# missed date is the worse failure for a reader, yet a spurious one still has a price.
SPURIOUS_COST = 0.5


def _threshold(pages: list[Page], field: str, picks: dict[str, tuple]) -> float:
    """The score under which the step gives nothing, chosen on the training pages by one sweep.

    It maximises right values minus ``SPURIOUS_COST`` times the values given
    where the page has none (wrong and missing values cost the same: no credit).
    """
    rows = []
    for p in pages:
        value, score = picks[p.id]
        if value is not None:
            truth = p.truth.get(field)
            rows.append((score, right(field, truth, value) - SPURIOUS_COST * blank(truth)))
    rows.sort()
    gain = sum(g for _, g in rows)  # threshold below every score: everything given
    best = (gain, -1e9)
    for i, (score, g) in enumerate(rows):
        gain -= g  # this page now gives nothing
        nxt = rows[i + 1][0] if i + 1 < len(rows) else score + 1.0
        if gain > best[0] and nxt > score:
            best = (gain, round((score + nxt) / 2, 4))
    return float(best[1])


def _snaps(pages: list[Page], sigs: dict[str, dict]):
    from cleaner.meta.text_lines import Snapshot

    return {p.id: Snapshot.from_json(sigs[p.id]["snap"]) if sigs[p.id].get("snap") else None for p in pages}


def fit_text(pages: list[Page], sigs: dict[str, dict], snaps: dict) -> dict:
    from cleaner.meta import text as mt

    model: dict = {}

    def fit(field: str, cands_of) -> None:
        groups, cands = [], {}
        for p in pages:
            c = cands_of(p) if snaps.get(p.id) else []
            cands[p.id] = c
            groups.append([(feats, right(field, p.truth.get(field), value)) for value, feats, _ in c])
        entry = {"weights": fit_ranker(groups, l2=TEXT_L2, iters=TEXT_ITERS, outside=OUTSIDE and field != "title")}
        picks = {}
        for p in pages:
            value, pos, sc = mt.best(cands[p.id], entry)
            picks[p.id] = (value, sc)
        entry["threshold"] = _threshold(pages, field, picks)
        model[field] = entry

    fit("title", lambda p: _title_cands(snaps[p.id]))
    title_pos = {p.id: _title_pos(snaps.get(p.id), model) for p in pages}
    fit("date", lambda p: mt.date_candidates(snaps[p.id], title_pos[p.id]))
    fit("author", lambda p: mt.author_candidates(snaps[p.id], title_pos[p.id]))
    return model


# Copied text has more features (title features in pairs): more steps, a lighter penalty.
# Chosen on training folds (fold 0 held out): 400 steps and 0.01 left the title's weights short.
TEXT_ITERS = 1500
TEXT_L2 = 0.003

_TITLE_CANDS: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()


def _title_cands(snap) -> list:
    """A page's title candidates (they do not depend on the model: computed once per snapshot)."""
    from cleaner.meta import text as mt

    if snap not in _TITLE_CANDS:
        _TITLE_CANDS[snap] = mt.title_candidates(snap)
    return _TITLE_CANDS[snap]


def _title_pos(snap, model: dict) -> int:
    from cleaner.meta import text as mt

    if snap is None:
        return -1
    value, pos, sc = mt.best(_title_cands(snap), model["title"])
    return pos if value is not None and sc >= model["title"]["threshold"] else -1


def predict_text(snap, model: dict) -> dict:
    from cleaner.meta.text import choose_text

    if snap is None:
        return {}
    return {f: v for f, (v, _) in choose_text(snap, model).items()}


# ------------------------------------------------------------------ scoring
def tallies(field: str, pages: list[Page], values: dict[str, object]) -> dict[str, int]:
    t = {"right": 0, "wrong": 0, "missing": 0, "spurious": 0, "given": 0}
    for p in pages:
        truth, value = p.truth.get(field), values.get(p.id)
        t["given"] += not blank(value)
        if blank(truth):
            t["spurious"] += not blank(value)
        elif blank(value):
            t["missing"] += 1
        elif right(field, truth, value):
            t["right"] += 1
        else:
            t["wrong"] += 1
    return t


def report_field(field: str, pages: list[Page], methods: dict[str, dict[str, object]],
                 training: dict[str, float] | None, show_types: bool) -> None:
    with_truth = sum(1 for p in pages if not blank(p.truth.get(field)))
    print(f"\n## {field} (truth on {with_truth} of {len(pages)} pages)")
    rows = {}
    for name, values in methods.items():
        rows[name] = by_type(pages, {p.id: float(right(field, p.truth.get(field), values.get(p.id)))
                                     for p in pages})
    if show_types:
        print(format_table(rows, type_counts(pages)))
    print("exact: right / pages with a true value (the issue's measure); acc: right or rightly empty / all pages")
    print(f"{'method':<34}{'exact':>7}{'train':>7}{'acc':>7}{'cover':>7}{'right':>7}{'wrong':>7}{'miss':>7}"
          f"{'spur':>7}" + ("  f1>=.9" if field == "title" else ""))
    for name, values in methods.items():
        t = tallies(field, pages, values)
        train = f"{training[field]:.3f}" if training and name == "cleaner (held-out)" else ""
        extra = ""
        if field == "title":
            extra = f"  {mean(close_title(p.truth.get(field), values.get(p.id)) for p in pages):.3f}"
        print(f"{name:<34}{t['right'] / max(with_truth, 1):>7.3f}{train:>7}{rows[name]['all']:>7.3f}"
              f"{t['given'] / len(pages):>7.3f}{t['right']:>7}{t['wrong']:>7}{t['missing']:>7}{t['spurious']:>7}{extra}")


def _group(page: Page) -> str:
    """The input a (pooled) page id stands for: ``text:0001`` is copied text, ``0001`` HTML."""
    return page.id.split(":")[0] if ":" in page.id else "html"


def cross_validated(pages: list[Page], sigs: dict[str, dict], mode: str
                    ) -> tuple[dict[str, dict], dict[str, dict[str, float]]]:
    """Held-out values per field, and training accuracy per input and field.

    Each fold's model is fitted on the other four folds (for copied text: the
    copies and the wrapped dumps of those folds' pages together, as one model
    serves both) and predicts the fold's pages.
    """
    held: dict[str, dict] = {f: {} for f in FIELDS}
    train_acc: dict[str, dict[str, list[float]]] = {}
    snaps = _snaps(pages, sigs) if mode != "html" else {}
    for fold in sorted({p.fold for p in pages}):
        train = [p for p in pages if p.fold != fold]
        if mode != "html":
            model = fit_text(train, sigs, snaps)
            out = {p.id: predict_text(snaps[p.id], model) for p in pages}
            values = {f: {pid: o.get(f) for pid, o in out.items()} for f in FIELDS}
        else:
            model = fit_model(train, sigs)
            # as in the pipeline: what the HTML rules captured outranks the step's choice
            values = {f: {p.id: sigs[p.id].get("captured", {}).get(f) or predict(f, sigs[p.id], model[f])
                          for p in pages} for f in FIELDS}
        for f in FIELDS:
            held[f].update({p.id: values[f][p.id] for p in pages if p.fold == fold})
            for group in sorted({_group(p) for p in train}):
                mine = [p for p in train if _group(p) == group and not blank(p.truth.get(f))]
                train_acc.setdefault(group, {}).setdefault(f, []).append(
                    mean(right(f, p.truth.get(f), values[f][p.id]) for p in mine))
    return held, {g: {f: mean(v) for f, v in acc.items()} for g, acc in train_acc.items()}


def pool(pages: list[Page], sigs: dict[str, dict[str, dict]]) -> tuple[list[Page], dict[str, dict]]:
    """Copied-text inputs as one set: each page once per input, its id prefixed with the input."""
    pooled_pages, pooled_sigs = [], {}
    for mode, by_id in sigs.items():
        for p in pages:
            pooled_pages.append(replace(p, id=f"{mode}:{p.id}"))
            pooled_sigs[f"{mode}:{p.id}"] = by_id[p.id]
    return pooled_pages, pooled_sigs


SUMMARY: list[tuple[str, str, str, float, float, list[tuple[str, float]]]] = []


def report_mode(mode: str, pages: list[Page], sigs: dict[str, dict], held: dict[str, dict],
                training: dict[str, float], show_types: bool) -> None:
    print(f"\n# {mode.upper()} ({len(pages)} pages)")
    for f in FIELDS:
        methods: dict[str, dict] = {"cleaner (held-out)": held[f]}
        refs = sorted({r for s in sigs.values() for r in s.get("refs", {})})
        for ref in refs:
            values = {pid: s["refs"].get(ref, {}).get(f) for pid, s in sigs.items()}
            if any(not blank(v) for v in values.values()):
                methods[ref] = values
        report_field(f, pages, methods, training, show_types)
        acc = {name: mean(right(f, p.truth.get(f), values.get(p.id)) for p in pages if not blank(p.truth.get(f)))
               for name, values in methods.items()}
        SUMMARY.append((mode, f, "cleaner", acc.pop("cleaner (held-out)"), training[f], sorted(acc.items())))
    secs = {k: sum(s.get("seconds", {}).get(k, 0.0) for s in sigs.values())
            for k in ("trafilatura", "signals", "full-search", "cleaner")}
    print("\nseconds (all pages, when the cache was built): "
          + ", ".join(f"{k} {v:.1f}" for k, v in secs.items() if v))


def print_summary() -> None:
    """One line per input and field: held-out, training, and every reference of the same run."""
    print("\n# Summary: exact over the pages with a true value (held-out | training | same-run references)")
    for mode, f, _, held, train, refs in SUMMARY:
        print(f"{mode:<8}{f:<7} held-out {held:.3f}  training {train:.3f}  |  "
              + "  ".join(f"{name} {value:.3f}" for name, value in refs))


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def write_model(pages: list[Page], html: dict, text: dict[str, dict[str, dict]]) -> None:
    """Fit on every page (HTML; copied and wrapped text together) and write the model file."""
    from cleaner.meta.scorer import validate_model

    text_pages, text_sigs = pool(pages, text)
    model = {
        "version": 1,
        "about": "Signal weights (log-odds of being right) and thresholds of cleaner's metadata "
                 "step; refit with bench/metadata_quality.py --fit.",
        "trained_on": {"set": "wcxb-dev", "pages": len(pages), "inputs": ["html"] + sorted(text),
                       "truth_sha256": digest(WCXB / "truth.json"), "spurious_cost": SPURIOUS_COST},
        "html": fit_model(pages, html),
        "text": fit_text(text_pages, text_sigs, _snaps(text_pages, text_sigs)),
    }
    problems = validate_model(model)
    if problems:
        raise SystemExit("the fitted model is not valid: " + "; ".join(problems))
    MODEL.parent.mkdir(parents=True, exist_ok=True)
    MODEL.write_text(json.dumps(model, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {MODEL.relative_to(ROOT)}")


def main() -> int:
    global SPURIOUS_COST, GATE
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--refresh", nargs="?", const="signals", choices=("signals", "all"),
                        help="read the signals again (all: the slow references too)")
    parser.add_argument("--fit", action="store_true", help="refit on every page, write the model")
    parser.add_argument("--only", choices=("html", "text"), help="HTML, or copied text (both text inputs)")
    parser.add_argument("--limit", type=int, help="the first N pages only (a quick look; not cached)")
    parser.add_argument("--by-type", action="store_true")
    parser.add_argument("--no-gate", action="store_true", help="HTML date: the plain threshold, no gate")
    parser.add_argument("--spurious-cost", type=float, default=SPURIOUS_COST,
                        help="what a value given where the page has none costs (1: as much as a missed one)")
    args = parser.parse_args()
    SPURIOUS_COST = args.spurious_cost
    GATE = not args.no_gate
    pages = load_pages()[:args.limit] if args.limit else load_pages()
    modes = [m for m in MODES if args.only is None or (m == "html") == (args.only == "html")]
    sigs = {mode: signals(pages, mode, args.refresh) for mode in modes}
    if "html" in sigs:
        held, training = cross_validated(pages, sigs["html"], "html")
        report_mode("html", pages, sigs["html"], held, training["html"], args.by_type)
    text_modes = [m for m in modes if m != "html"]
    if text_modes:
        pooled_pages, pooled_sigs = pool(pages, {m: sigs[m] for m in text_modes})
        held, training = cross_validated(pooled_pages, pooled_sigs, "text")
        for mode in text_modes:
            mine = {f: {pid.split(":", 1)[1]: v for pid, v in held[f].items() if pid.startswith(mode + ":")}
                    for f in FIELDS}
            report_mode(mode, pages, sigs[mode], mine, training[mode], args.by_type)
    print_summary()
    if args.fit:
        if args.limit:
            raise SystemExit("--fit fits on every page: leave out --limit")
        write_model(pages, sigs.get("html") or signals(pages, "html", None),
                    {m: sigs.get(m) or signals(pages, m, None) for m in MODES if m != "html"})
    return 0


if __name__ == "__main__":
    sys.exit(main())
