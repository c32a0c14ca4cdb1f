"""Dates as pages write them: every common form read, none invented, none UTC-shifted."""
from __future__ import annotations

import pytest

from cleaner.dates import find_dates, normalize_date, parse_date


@pytest.mark.parametrize("text, iso", [
    ("2025-11-12T23:30:00-05:00", "2025-11-12"),  # the publisher's local date, not UTC
    ("2025-11-12T02:00:00Z", "2025-11-12"),
    ("12 Nov 2025", "2025-11-12"),
    ("November 18th, 2025", "2025-11-18"),
    ("NOVEMBER 26TH, 2024", "2024-11-26"),  # a styled dateline copied in capitals
    ("26TH NOVEMBER 2024", "2024-11-26"),
    ("By Jane Roe ⋅ Review Editor ⋅ Updated November 18, 2025", "2025-11-18"),
    ("2024 Jun 30", "2024-06-30"),
    ("12.11.2025", "2025-11-12"),
    ("12 de noviembre de 2025", "2025-11-12"),
    ("Veröffentlicht am 3. März 2024", "2024-03-03"),
    ("11/25/2025", "2025-11-25"),
    ("25/11/2025", "2025-11-25"),  # the first number cannot be a month: day first
    ("20251112", "2025-11-12"),
    ("no date here", None),
    ("February 30, 2024", None),
    ("Call 1-800-555-1234 about order 12 2024", None),
])
def test_parse_date(text, iso):
    assert parse_date(text) == iso


def test_find_dates_in_order_of_appearance():
    assert [d for _, d in find_dates("Published 3 May 2024 | Updated 2024-06-01")] == ["2024-05-03", "2024-06-01"]


def test_running_text_years_are_narrow_field_values_wide():
    assert parse_date("founded 12 March 1950") is None  # in running text, an old year is history
    assert normalize_date("12 March 1950") == "1950-03-12"  # a value meant as a date is read
