"""Titles: the site's part cut off, by comparison with the site name, host and other signals."""
from __future__ import annotations

import pytest

from cleaner.meta.title import strip_site, token_f1


@pytest.mark.parametrize("title, site, host, others, expected", [
    ("A Headline Here - Example News", "Example News", None, (), "A Headline Here"),
    ("Home | example", None, "www.example.com", (), "Home"),
    ("Example | A Headline Here", None, "example.org", (), "A Headline Here"),
    ("A Headline Here | Section | Brand", None, None, ("A Headline Here",), "A Headline Here"),
    ("No separator at all", "Site", None, (), "No separator at all"),
    ("Top Ten Harbour Walks | NCW", "North Coast Walkers", None, (), "Top Ten Harbour Walks"),  # initials
])
def test_strip_site(title, site, host, others, expected):
    assert strip_site(title, site, host, others) == expected


def test_token_f1():
    assert token_f1("A b c", "a b c") == 1.0
    assert token_f1("a", "b") == 0.0
