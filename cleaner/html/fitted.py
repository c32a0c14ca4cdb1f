"""Parameters fitted on wcxb-dev's training folds, read from ``rules/fitted/*.toml`` and checked.

Thresholds and weights chosen by a benchmark are data, not code: each file
names the bench script that rewrites it, and every value is checked against
a small spec when the file is first read, so a hand edit that breaks one
fails loudly (``RuleFileError``) instead of changing results quietly.
"""
from __future__ import annotations

import math
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import RuleFileError
from ..packs.ruleset import FITTED_DIR, builtin_rules_dir

_LOADED: dict[str, dict[str, Any]] = {}


@dataclass(frozen=True)
class Number:
    """A number in ``[low, high]``; ``integer`` when it must be whole."""

    low: float
    high: float
    integer: bool = False


@dataclass(frozen=True)
class Choice:
    """One of a few words."""

    values: tuple[str, ...]


Spec = dict[str, dict[str, "Number | Choice"]]  # table -> key -> what it may hold


def fitted_path(name: str) -> Path:
    return builtin_rules_dir() / FITTED_DIR / f"{name}.toml"


def load_fitted(name: str, spec: Spec, *, free_tables: tuple[str, ...] = ()) -> dict[str, Any]:
    """The tables of ``rules/fitted/<name>.toml``, each key checked against ``spec`` (read once).

    Tables in ``free_tables`` hold any number of numeric keys (a classifier's
    weights); every other table and key must be in ``spec``, and present.
    """
    if name in _LOADED:
        return _LOADED[name]
    path = fitted_path(name)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise RuleFileError(str(path), None, None, f"cannot read fitted parameters ({exc})") from None
    check_fitted(str(path), data, spec, free_tables)
    _LOADED[name] = data
    return data


def check_fitted(where: str, data: dict[str, Any], spec: Spec, free_tables: tuple[str, ...] = ()) -> None:
    """Raise ``RuleFileError`` for a missing, unknown, mistyped or out-of-range value."""
    for table in data:
        if table not in spec and table not in free_tables and table != "about":
            raise RuleFileError(where, None, None, f'unknown table [{table}]')
    for table, keys in spec.items():
        values = data.get(table)
        if not isinstance(values, dict):
            raise RuleFileError(where, None, None, f"missing table [{table}]")
        for key in values:
            if key not in keys:
                raise RuleFileError(where, None, None, f'[{table}]: unknown key "{key}"')
        for key, expected in keys.items():
            if key not in values:
                raise RuleFileError(where, None, None, f'[{table}]: missing key "{key}"')
            _check_value(where, f"[{table}] {key}", values[key], expected)
    for table in free_tables:
        values = data.get(table)
        if not isinstance(values, dict):
            raise RuleFileError(where, None, None, f"missing table [{table}]")
        for key, value in values.items():
            if isinstance(value, dict):
                for sub, number in value.items():
                    _check_value(where, f"[{table}.{key}] {sub}", number, ANY_NUMBER)
            else:
                _check_value(where, f"[{table}] {key}", value, ANY_NUMBER)


ANY_NUMBER = Number(-math.inf, math.inf)


def _check_value(where: str, label: str, value: Any, expected: "Number | Choice") -> None:
    if isinstance(expected, Choice):
        if value not in expected.values:
            raise RuleFileError(where, None, None, f"{label}: expected one of {', '.join(expected.values)}, "
                                                   f"got {value!r}")
        return
    if isinstance(value, bool) or not isinstance(value, int if expected.integer else (int, float)):
        raise RuleFileError(where, None, None, f"{label}: expected {'an integer' if expected.integer else 'a number'}, "
                                               f"got {value!r}")
    if not expected.low <= value <= expected.high:
        raise RuleFileError(where, None, None, f"{label}: {value} is outside [{expected.low}, {expected.high}]")
