"""Bylines into people: prefixes, roles, credentials and marks stripped, co-authors split."""
from __future__ import annotations

import pytest

from cleaner.meta.authors import split_authors


@pytest.mark.parametrize("byline, names", [
    ("By Jane Roe and John Smith", ["Jane Roe", "John Smith"]),
    ("By\u00a0Jane Roe", ["Jane Roe"]),
    ("Jane Roe; MS; RDN", ["Jane Roe"]),
    ("Jane Roe, Staff Writer", ["Jane Roe"]),
    ("Jane Roe Senior Autos Reporter", ["Jane Roe"]),
    ("Jane Roe 1,✉", ["Jane Roe"]),
    ("View all posts by", []),
    ("About the Author", []),
    ("Von Anna Müller und Jan van der Berg", ["Anna Müller", "Jan van der Berg"]),
    ("Par Claire Dubois", ["Claire Dubois"]),
])
def test_split_authors(byline, names):
    assert split_authors(byline) == names
