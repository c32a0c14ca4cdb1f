import pytest

from cleaner.dates import normalize_date
from cleaner.metadata import Metadata, derive


@pytest.mark.parametrize("text,iso", [
    ("Apr 08, 2025", "2025-04-08"), ("April 8, 2025", "2025-04-08"), ("8 April 2025", "2025-04-08"),
    ("2025-04-08T10:00:00Z", "2025-04-08"), ("Nov 18, 2019 at 9:24 pm ET", "2019-11-18"),
    ("8. April 2025", "2025-04-08"), ("8 de abril de 2025", "2025-04-08"), ("12 mars 2024", "2024-03-12"),
    ("08.04.2025", "2025-04-08"), ("no date here", None), ("2025-13-40", None),
])
def test_normalize_date(text, iso):
    assert normalize_date(text) == iso


def test_category_derived_from_breadcrumbs_but_never_overrides():
    meta = Metadata()
    meta.add("breadcrumbs", ["Home", "World", "Asia"], "rule")
    derive(meta)
    assert meta.fields["category"] == "Asia" and meta.sources["category"] == "derived:breadcrumbs"
    meta2 = Metadata()
    meta2.set("category", "Politics", "trafilatura", -1)
    meta2.add("breadcrumbs", ["Home", "World"], "rule")
    derive(meta2)
    assert meta2.fields["category"] == "Politics"
