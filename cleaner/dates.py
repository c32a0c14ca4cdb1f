"""Dates as pages write them, read into ISO ``YYYY-MM-DD``. Pure functions, no I/O.

Kept apart from metadata so rule kinds that only need to recognise a date
(the article kind's dateline search) and the copied-text metadata step do not
depend on the metadata model; standard library only.

A machine date (``2025-11-12T23:30:00-05:00``) is taken as written: its date
part is the publisher's local date, so it is never shifted to UTC. A human
date is read in the common written forms of several languages (``12 Nov
2025``, ``November 12th, 2025``, ``2024 Jun 30``, ``12.11.2025``, ``12 de
noviembre de 2025``, ``8. April 2025``); an all-numeric ``11/12/2025`` with
slashes is read month first (the usual meaning of slashes on the web) unless
the first number cannot be a month.
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

_MONTH_NAME = r"[^\W\d_]{3,10}\.?"
_ISO = re.compile(r"(?<!\d)(\d{4})-(\d{1,2})-(\d{1,2})(?!\d)")
_ISO_SLASH = re.compile(r"(?<!\d)(\d{4})[/.](\d{1,2})[/.](\d{1,2})(?!\d)")
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})(?:T|$)")
_MONTH_FIRST = re.compile(rf"(?<!\w)({_MONTH_NAME})\s+(\d{{1,2}})(?:st|nd|rd|th|ST|ND|RD|TH)?,?\s+(\d{{4}})(?!\d)")
_DAY_FIRST = re.compile(rf"(?<![\w.])(\d{{1,2}})(?:st|nd|rd|th|ST|ND|RD|TH)?\.?\s+(?:de\s+|of\s+)?({_MONTH_NAME}),?\s+"
                        rf"(?:de\s+)?(\d{{4}})(?!\d)")
_YEAR_FIRST = re.compile(rf"(?<!\d)(\d{{4}})\s+({_MONTH_NAME})\s+(\d{{1,2}})(?!\d)")
_NUMERIC = re.compile(r"(?<![\d.])(\d{1,2})([./-])(\d{1,2})\2(\d{4})(?!\d)")
# Years a date written in running text may have: wider would read prices and counts as dates.
TEXT_YEARS = (1990, 2035)
# Years a value that is meant to be a date (a metadata field, a <meta> tag) may have.
VALUE_YEARS = (1900, 2200)


def _month(name: str) -> int | None:
    return _MONTHS.get(name.lower().rstrip("."))


def _iso(year: int, month: int, day: int, years: tuple[int, int]) -> str | None:
    if not (1 <= month <= 12 and 1 <= day <= 31 and years[0] <= year <= years[1]):
        return None
    if day > (29 if month == 2 else 30 if month in (4, 6, 9, 11) else 31):
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"


def find_dates(text: str, years: tuple[int, int] = TEXT_YEARS) -> list[tuple[int, str]]:
    """Every date written in ``text`` as ``(offset, ISO date)``, in order of appearance."""
    found: list[tuple[int, str]] = []
    taken: list[tuple[int, int]] = []

    def add(m: re.Match, value: str | None) -> None:
        if value and not any(a < m.end() and m.start() < b for a, b in taken):
            found.append((m.start(), value))
            taken.append((m.start(), m.end()))

    for pattern in (_ISO, _ISO_SLASH):
        for m in pattern.finditer(text):
            add(m, _iso(int(m[1]), int(m[2]), int(m[3]), years))
    for m in _MONTH_FIRST.finditer(text):
        month = _month(m[1])
        add(m, month and _iso(int(m[3]), month, int(m[2]), years))
    for m in _DAY_FIRST.finditer(text):
        month = _month(m[2])
        add(m, month and _iso(int(m[3]), month, int(m[1]), years))
    for m in _YEAR_FIRST.finditer(text):
        month = _month(m[2])
        add(m, month and _iso(int(m[1]), month, int(m[3]), years))
    for m in _NUMERIC.finditer(text):
        a, b, year = int(m[1]), int(m[3]), int(m[4])
        if m[2] == "/" and a <= 12:
            add(m, _iso(year, a, b, years))  # slashes: month first, as most pages that use them
        else:
            add(m, _iso(year, b, a, years))
    found.sort()
    return found


def parse_date(value: str, years: tuple[int, int] = TEXT_YEARS) -> str | None:
    """The first date written in ``value`` as ISO ``YYYY-MM-DD``, or None.

    A leading compact machine date (``20251112``) is read too.
    """
    value = value.strip()
    if not value:
        return None
    m = _COMPACT.match(value)
    if m:
        return _iso(int(m[1]), int(m[2]), int(m[3]), years)
    found = find_dates(value, years)
    return found[0][1] if found else None


def normalize_date(text: str) -> str | None:
    """An ISO ``YYYY-MM-DD`` date from a value meant to be a date (a field, a dateline), or None."""
    return parse_date(text, VALUE_YEARS)
