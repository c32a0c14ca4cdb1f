"""Choose one value per field from its candidates: a weighted vote of the signals.

Each signal (``h1``, ``og:title``, ``jsonld:published``, ``byline-line``...)
has a weight: the log-odds that it is right when it speaks, fitted on
training pages (``rules/models/metadata.json``, refitted by
``bench/metadata_quality.py --fit``). Candidates that say the same thing add
their weights; the value with the highest total wins when the total reaches
the field's threshold (below it, no value is better than a likely wrong one).
The winning value is given as its most trusted signal wrote it, and that
signal is named as the field's source.
"""
from __future__ import annotations

import json
import math
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..errors import ConfigError
from .title import key as title_key, token_f1

MODEL_NAME = "metadata.json"
INPUTS = ("html", "text")
FIELDS = ("title", "date", "author")


def model_path() -> Path:
    """The shipped model file (inside the package when installed, beside it in a checkout)."""
    here = Path(__file__).resolve().parent.parent
    for candidate in (here / "rules" / "models" / MODEL_NAME, here.parent / "rules" / "models" / MODEL_NAME):
        if candidate.is_file():
            return candidate
    return here.parent / "rules" / "models" / MODEL_NAME


def _number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def validate_model(data: Any) -> list[str]:
    """What is wrong with a model file's content (empty when it is valid).

    A model is ``{"version": 1, "html": {...}, "text": {...}}``; each input
    holds, for title, date and author, ``{"weights": {feature: number},
    "threshold": number}`` and optionally ``"gate": {feature: number}``
    (finite numbers, feature names as strings).
    """
    if not isinstance(data, dict):
        return ["the model is not a JSON object"]
    problems = []
    if data.get("version") != 1:
        problems.append(f"version is {data.get('version')!r}, this cleaner reads version 1")
    for name in INPUTS:
        part = data.get(name)
        if not isinstance(part, dict):
            problems.append(f"{name}: missing or not an object")
            continue
        for field in FIELDS:
            entry = part.get(field)
            where = f"{name}.{field}"
            if not isinstance(entry, dict):
                problems.append(f"{where}: missing or not an object")
                continue
            weights = entry.get("weights")
            if not isinstance(weights, dict):
                problems.append(f"{where}.weights: missing or not an object")
            else:
                problems.extend(f"{where}.weights.{k}: {v!r} is not a finite number"
                                for k, v in weights.items() if not _number(v))
            if not _number(entry.get("threshold")):
                problems.append(f"{where}.threshold: {entry.get('threshold')!r} is not a finite number")
            gate = entry.get("gate", {})
            if not isinstance(gate, dict):
                problems.append(f"{where}.gate: not an object")
            else:
                problems.extend(f"{where}.gate.{k}: {v!r} is not a finite number"
                                for k, v in gate.items() if not _number(v))
            unknown = set(entry) - {"weights", "threshold", "gate"}
            if unknown:
                problems.append(f"{where}: unknown keys {sorted(unknown)}")
    return problems


@lru_cache(maxsize=4)
def load_model(path: str | None = None) -> dict:
    """The fitted weights per input (``html``, ``text``) and field, checked once per process.

    Raises ``ConfigError`` naming the file and what is wrong when it is
    missing, not JSON or not a valid model: the step never runs on weights it
    cannot trust.
    """
    where = Path(path) if path else model_path()
    try:
        data = json.loads(where.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(str(where), None, f"cannot read the metadata model ({exc.strerror})") from None
    except ValueError as exc:
        raise ConfigError(str(where), None, f"the metadata model is not JSON ({exc})") from None
    problems = validate_model(data)
    if problems:
        raise ConfigError(str(where), None, "invalid metadata model: " + "; ".join(problems[:5]))
    return data


def value_key(field: str, value: Any) -> Any:
    """What two candidates must share to count as the same value."""
    if field == "title":
        return title_key(value)
    if field == "author":
        return frozenset(" ".join(v.casefold().split()) for v in value)
    return value


# Marks a signal's name said again with the kind of page it is on ("h1@article").
CONTEXT = "@"

# The title signals a value's word overlap is also measured against, one feature each.
OVERLAP_WITH = ("title-tag", "h1")

# Where a title is written as readers see it: its case and punctuation are taken from there.
VISIBLE = ("h1:only", "h1", "itemprop:headline")


def _as_written(field: str, values: list[Any], signals: list[str]) -> Any:
    """One form of a value several signals give: for titles the visible headline's, not in capitals."""
    if field != "title" or len(values) == 1:
        return values[0]
    ranked = sorted(range(len(values)), key=lambda i: (values[i].isupper(),
                                                       signals[i] not in VISIBLE, i))
    return values[ranked[0]]


def group(field: str, candidates: list[tuple[str, Any]]) -> list[tuple[Any, dict[str, float], list[str]]]:
    """The distinct values among ``candidates``, each with its features and supporting signals.

    Features: one per signal that gives the value (``sig:NAME``), how many
    give it, and for titles the value's shape (length, a separator left in it).
    """
    by_key: dict[Any, tuple[list[Any], list[str]]] = {}
    for signal, value in candidates:
        k = value_key(field, value)
        if not k:
            continue
        if k not in by_key:
            by_key[k] = ([], [])
        by_key[k][0].append(value)
        by_key[k][1].append(signal)
    out = []
    for values, signals in by_key.values():
        value = _as_written(field, values, signals)
        own = [s for s in signals if CONTEXT not in s]  # a signal said again in context is one signal
        feats = {"bias": 1.0, "support": min(len(own), 8) / 8}
        for signal in signals:
            feats["sig:" + signal] = 1.0
        if field == "title":
            words = len(title_key(value).split())
            feats["words_1_2"] = float(words <= 2)
            feats["words_log"] = min(words, 30) / 30
            feats["separator"] = float(any(f" {c} " in value for c in "|-–—:·•»"))
        elif field == "author":
            feats["people"] = min(len(value), 5) / 5
        out.append((value, feats, signals))
    _relations(field, out)
    return out


def _relations(field: str, values: list[tuple[Any, dict[str, float], list[str]]]) -> None:
    """Features that compare a value with the page's other values, or join its signals.

    A title that is the start of another title is a cut version of it (the
    headline without its tagline, or a headline cut short). A value's signals
    are also taken in pairs: whether the published date in the metadata is
    the one readers see depends on which visible signal agrees with it, and
    whether the H1 or the ``<title>`` names the page depends on which other
    signals (Open Graph, JSON-LD) repeat it.
    """
    if field == "title" and len(values) > 1:
        keys = [title_key(v) for v, _, _ in values]
        for i, (_, feats, _) in enumerate(values):
            if any(j != i and len(k) > len(keys[i]) and k.startswith(keys[i] + " ") for j, k in enumerate(keys)):
                feats["start_of_other"] = 1.0
            if any(j != i and len(keys[i]) > len(k) and keys[i].startswith(k + " ") for j, k in enumerate(keys)):
                feats["other_is_start"] = 1.0
    if field == "title" and len(values) > 1:
        # how much a title shares with the page's other titles: a slogan in the H1 shares
        # nothing with the <title>, a headline and its SEO variant share most of their words
        for i, (value, feats, _) in enumerate(values):
            others = [(other, signals) for j, (other, _, signals) in enumerate(values) if j != i
                      and signals != ["site-name"]]  # the site's name alone is no title to agree with
            if not others:
                continue
            best = max(token_f1(value, other) for other, _ in others)
            feats["overlap"] = best
            feats["overlap_low"] = float(best < 0.3)
            for signal in OVERLAP_WITH:
                ref = next((other for other, signals in others if signal in signals), None)
                if ref is not None:
                    feats["overlap:" + signal] = token_f1(value, ref)
    if field in ("title", "date"):
        for _, feats, signals in values:
            # signals said again in context are not paired: only what the page says
            names = sorted(set(s for s in signals if CONTEXT not in s))
            for i, a in enumerate(names):
                for b in names[i + 1:]:
                    feats[f"pair:{a}+{b}"] = 1.0


def ranked(field: str, candidates: list[tuple[str, Any]], entry: dict) -> list[tuple[float, Any, str]]:
    """Every distinct value of ``field`` with its score and the signal credited, best first.

    ``entry`` is one field's part of the model: ``{"weights": {feature: w},
    "threshold": t}``. A value's score is linear in its features; its signal
    is its supporting signal of highest weight.
    """
    weights = entry.get("weights", {})
    out = []
    for value, feats, signals in group(field, candidates):
        score = sum(weights.get(k, 0.0) * v for k, v in feats.items())
        own = [s for s in signals if CONTEXT not in s] or signals
        out.append((score, value, max(own, key=lambda s: weights.get("sig:" + s, 0.0))))
    out.sort(key=lambda item: -item[0])
    return out


def gate_features(scores: list[float], page: tuple[str, ...] = (), source: str | None = None) -> dict[str, float]:
    """What the gate reads: how strong the best value is, how far ahead, and what page it is on.

    ``scores`` are the ranked values' scores, best first; ``page`` names cheap
    facts about the page (``og:article``, ``ld:product``...). The ranker
    compares values within a page, so it cannot tell a dated article from a
    product page whose only date is a stray one: these features can.
    """
    top = scores[0]
    second = scores[1] if len(scores) > 1 else top - 3.0
    feats = {"bias": 1.0, "top": max(-5.0, min(top, 5.0)), "margin": min(top - second, 3.0),
             "values": min(len(scores), 5) / 5}
    for flag in page:
        feats["page:" + flag] = 1.0
    if source:  # the signal credited with the best value: a lone extractor's date is not a JSON-LD one
        feats["by:" + source] = 1.0
    return feats


def confidence(scores: list[float], entry: dict, page: tuple[str, ...] = (), source: str | None = None) -> float:
    """The number compared with the field's threshold: the gate's score when the model has a
    gate, else the best value's own score. ``source`` is the best value's credited signal."""
    gate = entry.get("gate")
    if not gate:
        return scores[0]
    return sum(gate.get(k, 0.0) * v for k, v in gate_features(scores, page, source).items())


def choose(field: str, candidates: list[tuple[str, Any]], entry: dict,
           page: tuple[str, ...] = ()) -> tuple[Any, str | None]:
    """The best value of ``field`` and the signal it is credited to, or (None, None) when the
    confidence in it does not reach the field's threshold (no value beats a likely wrong one)."""
    ranking = ranked(field, candidates, entry)
    if not ranking or confidence([r[0] for r in ranking], entry, page, ranking[0][2]) < entry.get("threshold", 0.0):
        return None, None
    return ranking[0][1], ranking[0][2]
