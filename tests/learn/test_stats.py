from cleaner.learn.stats import SiteStats
from tests.learn.pages import page


def test_merging_one_page_counts_in_order_equals_counting_the_pages_in_one_place():
    pages = [page(n).split("\n") for n in range(1, 6)]
    whole = SiteStats()
    for lines in pages:
        whole.add_page(lines)
    merged = SiteStats()
    for lines in pages:
        one = SiteStats()
        one.add_page(lines)
        merged.merge(one)
    assert merged == whole
    assert merged.pages == 5 and merged.recurring(5)
