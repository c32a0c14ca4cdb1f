"""Patterns widened into RE2 patterns: the exact translations, and what cannot be translated."""
from __future__ import annotations

import pytest

from cleaner.match.re2translate import _SPACE, to_re2


@pytest.mark.parametrize("source, expected", [
    (r"(?i)^\s*photo\b.{0,600}$", r"(?mi)^[%s]*photo.*$"),
    (r"(?<=^.{10,60}\s)©\s*x{1,60}$", r"(?m)©[%s]*x+$"),
    (r"^(?P<site>Site)\.com(?!/)", r"(?m)^(?:Site)\.com"),
    (r"^a(?>b|c)++d?+", r"(?m)^a(?:b|c)+d?"),
    (r"^[^\W\d_]+$", r"(?m)^[^\n]+$"),
    (r"(?s)\([^()]{1,80}\)", r"(?m)\([^\n()]+\)"),  # no class crosses a line
    (r"x(?-i:\p{Lu})", r"(?m)x(?:[A-Z\x{80}-\x{10ffff}])"),
    (r"(?i)by \p{Lu}", r"(?mi)by [A-Za-z\x{80}-\x{10ffff}]"),
    (r"(?i-s:by) \p{Lu}", r"(?m)(?i:by) [A-Za-z\x{80}-\x{10ffff}]"),  # case folded somewhere: either case
    (r"[^\p{L}]\P{L}", r"(?m)[^\n\p{L}][^\n]"),
    (r"\u00a9 \x41", r"(?m)\x{a9} \x{41}"),
])
def test_translation_widens(source, expected):
    assert to_re2(source) == expected.replace("%s", _SPACE)


@pytest.mark.parametrize("source", [r"(a)\1", r"(?x) a b", r"[[a-z]--[aeiou]]", r"(?r)abc", r"\N{BULLET}"])
def test_what_cannot_be_widened_is_left_to_the_rule(source):
    assert to_re2(source) is None
