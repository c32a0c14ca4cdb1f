"""Metadata values: normalising what rules capture, merging sources, deriving fields.

Every field records its source (a rule id, ``trafilatura``, ``front-matter``,
``derived:...``), so a user can see why a field holds what it holds.
"""
from __future__ import annotations

import re
from typing import Any

from .model import Metadata

_MONTHS = {}
for _number, _names in enumerate((
        "jan january januar janvier enero gennaio janeiro januari jän jänner",
        "feb february februar février fevrier febrero febbraio fevereiro februari",
        "mar march märz maerz mars marzo março maart mrz",
        "apr april avril abril aprile",
        "may mai mayo maggio maio mei",
        "jun june juni juin junio giugno junho",
        "jul july juli juillet julio luglio julho",
        "aug august août aout agosto augustus",
        "sep sept september septembre septiembre settembre setembro",
        "oct october oktober octobre octubre ottobre outubro okt",
        "nov november novembre noviembre novembro",
        "dec december dezember décembre decembre diciembre dicembre dezembro dez"), start=1):
    for _name in _names.split():
        _MONTHS[_name] = _number

_ISO = re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})")
_MONTH_FIRST = re.compile(r"([^\W\d_]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})")
_DAY_FIRST = re.compile(r"(\d{1,2})(?:st|nd|rd|th)?\.?\s+(?:de\s+)?([^\W\d_]+)\.?,?\s+(?:de\s+)?(\d{4})")
_DMY = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})")


def normalize_date(text: str) -> str | None:
    """An ISO ``YYYY-MM-DD`` date from the common ways pages write one, or None."""
    text = text.strip()
    found = None
    m = _ISO.search(text)
    if m:
        found = (int(m[1]), int(m[2]), int(m[3]))
    elif (m := _MONTH_FIRST.search(text)) and m[1].lower() in _MONTHS:
        found = (int(m[3]), _MONTHS[m[1].lower()], int(m[2]))
    elif (m := _DAY_FIRST.search(text)) and m[2].lower() in _MONTHS:
        found = (int(m[3]), _MONTHS[m[2].lower()], int(m[1]))
    elif m := _DMY.search(text):
        found = (int(m[3]), int(m[2]), int(m[1]))
    if not found:
        return None
    year, month, day = found
    if not (1 <= month <= 12 and 1 <= day <= 31 and 1900 <= year <= 2200):
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"


def set_field(meta: Metadata, name: str, value: Any, source: str, priority: int = 0) -> bool:
    """Set one scalar field after normalising it (dates to ISO, white space folded)."""
    if isinstance(value, str):
        value = " ".join(value.split())
        if name == "date":
            value = normalize_date(value)
    return meta.set(name, value, source, priority)


def derive(meta: Metadata) -> None:
    """Fill fields that follow from others: the category is the last breadcrumb."""
    crumbs = [c for c in meta.fields.get("breadcrumbs", []) if c.lower() not in ("home", "start")]
    if crumbs:
        meta.set("category", crumbs[-1], "derived:breadcrumbs", priority=-2)


def merge_external(meta: Metadata, values: dict[str, Any], source: str, priority: int) -> None:
    """Merge fields from an extractor or front matter; rule captures of higher priority win."""
    for name, value in values.items():
        if isinstance(value, list):
            if name not in meta.fields or meta.priority.get(name, -10) < priority:
                items = [" ".join(str(v).split()) for v in value if str(v).strip()]
                if items:
                    meta.fields[name] = items
                    meta.sources[name] = source
                    meta.priority[name] = priority
        elif value not in (None, ""):
            set_field(meta, name, str(value), source, priority)
