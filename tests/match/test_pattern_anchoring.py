"""Anchored rule patterns are scanned from line starts only, with the same results."""
from __future__ import annotations

import pytest

from cleaner.text.parse import parse_text
from cleaner.match.patterns import SCAN_AFTER_USES, LinePattern
from cleaner.match.patterns import _newline_anchored as line_start_form


@pytest.mark.parametrize("source, form", [
    (r"^\s*Share$", r"\n(?:\s*Share$)"),
    (r"(?i)^\s*(?:a|b)\s*$", r"(?i)\n(?:\s*(?:a|b)\s*$)"),
    (r"(?i)(?s)^x", r"(?i)(?s)\n(?:x)"),
])
def test_anchored_patterns_get_a_newline_form(source, form):
    assert line_start_form(source) == form


@pytest.mark.parametrize("source", [
    r"\bShare\b",  # not anchored
    r"^Share|Tweet$",  # the anchor covers one branch only
    r"[(]Image: .*[)]$",
])
def test_other_patterns_keep_their_form(source):
    assert line_start_form(source) is None


def test_bar_inside_groups_and_classes_is_not_top_level():
    assert line_start_form(r"^(?:a|b)[|]\|c") == r"\n(?:(?:a|b)[|]\|c)"


@pytest.mark.parametrize("with_re2", [True, False], ids=["re2-locates", "regex-scans"])
@pytest.mark.parametrize("source", [r"^\s*(?:Share|Tweet)\s*$", r"(?i)^advert", r"^$", r"^\s*\S.*\.$"])
def test_same_lines_as_a_line_by_line_search(source, with_re2):
    text = "Share\nThe story.\n\nTweet\nAdvertisement\n  Share  \nlast line."
    doc = parse_text(text)
    pattern = LinePattern(source)
    assert pattern.anchored
    if not with_re2:
        pattern._finder = False  # as for a pattern RE2 cannot take
    expected = [i for i, line in enumerate(doc.lines) if pattern.single.search(line)]
    # Without RE2 the first uses search line by line and later ones scan the whole text.
    for _ in range(SCAN_AFTER_USES + 2):
        assert [i for i, _ in pattern.lines(doc)] == expected
        assert [i for i, _ in pattern.lines(doc, 1, 5)] == [i for i in expected if 1 <= i < 5]
    assert (pattern._scan is not None) == (not with_re2)
