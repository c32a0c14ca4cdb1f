"""Dates as pages write them, read into ISO ``YYYY-MM-DD``. Pure functions, no I/O.

Kept apart from metadata so rule kinds that only need to recognise a date
(the article kind's dateline search) do not depend on the metadata model.
"""
from __future__ import annotations

import re

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
MONTH_NAMES = frozenset(_MONTHS)  # lower-cased month names and abbreviations, all languages above

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
