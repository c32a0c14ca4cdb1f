from cleaner.learn.shapes import line_pattern, shape
import regex


def test_counts_and_dates_fold_to_one_shape():
    assert shape("Comments (3)") == shape("Comments (12)")
    assert shape("Updated Apr 8, 2025") == shape("updated May 19, 2024")
    assert shape("Comments (3)") != shape("Share (3)")


def test_pattern_matches_other_counts_and_dates_but_not_other_lines():
    pattern = line_pattern("Updated Apr 8, 2025 (3 comments)")
    assert regex.search(pattern, "updated  June 21, 2026 (14 comments)")
    assert not regex.search(pattern, "Updated Apr 8, 2025 (3 comments) and more")
