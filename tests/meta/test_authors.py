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
    # a handle keeps its digits; marks after a space still go
    ("paulb203", ["paulb203"]),
    ("Jane Roe¹", ["Jane Roe"]),
    # a status or a date glued behind the name is not part of it
    ("Jane Roe Last Updated August", ["Jane Roe"]),
    ("Jane Roe December", ["Jane Roe"]),
    ("Jane Roe Former Editor", ["Jane Roe"]),
    ("Dr. Jane Roe - Mar", ["Dr. Jane Roe"]),
    ("Sun Dec", []),
    # an avatar's initials before the name
    ("JR Jane Roe", ["Jane Roe"]),
    # a team or a desk is a byline of its own; a commenter is not an author
    ("The Example Team", ["The Example Team"]),
    ("News Desk", ["News Desk"]),
    ("Staff", []),
    ("Someone says", []),
])
def test_split_authors(byline, names):
    assert split_authors(byline) == names
