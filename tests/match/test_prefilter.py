"""RE2 (the prefilter and the line finders) never misses a line a rule matches, and changes no output."""
from __future__ import annotations

import pytest
import re2

import cleaner.engine as engine
from cleaner.match.patterns import LinePattern
from cleaner.pipeline import Options, clean_source
from cleaner.match.prefilter import Prefilter, phrase_regex
from cleaner.match.re2translate import to_re2
from cleaner.formats import render
from cleaner.packs.ruleset import load_ruleset
from cleaner.io.sources import source_from_bytes

from ..conftest import FIXTURES

SHIPPED = load_ruleset()
PATTERNS = [(rule, p) for rule in SHIPPED.rules for p in rule.line_patterns()]
CASES = sorted(p for p in FIXTURES.iterdir() if p.is_dir() and any(p.glob("input.*")))


def _re2_matches(source: str, line: str) -> bool:
    translated = to_re2(source)
    assert translated is not None
    return re2.search(translated, line) is not None


def test_every_shipped_pattern_is_translated():
    assert [(rule.id, p.source) for rule, p in PATTERNS if to_re2(p.source) is None] == []


@pytest.mark.parametrize("rule, pattern", PATTERNS, ids=[f"{r.id}#{i}" for i, (r, _) in enumerate(PATTERNS)])
def test_translation_matches_wherever_the_pattern_does(rule, pattern):
    """Every line of every example and fixture input that the pattern matches, RE2 matches too."""
    lines = {line for ex in rule.info.examples for line in ex.input.splitlines()}
    for case in CASES:
        lines.update(next(case.glob("input.*")).read_text(encoding="utf-8", errors="replace").splitlines())
    hits = [line for line in lines if pattern.single.search(line)]
    missed = [line for line in hits if not _re2_matches(pattern.source, line)]
    assert missed == []


def test_absent_names_only_patterns_that_match_nowhere():
    patterns = [LinePattern(r"^Advertisement$"), LinePattern(r"(?i)\bshare\b"), LinePattern(r"(a)\1")]
    prefilter = Prefilter(patterns)
    text = "Some text.\nAdvertisement\nMore text."
    assert prefilter.absent(text) == {patterns[1]}  # the back reference is never ruled out
    assert prefilter.absent("Please SHARE this.") == {patterns[0]}
    assert prefilter.absent("xAdvertisement") == {patterns[0], patterns[1]}  # ^ is a line start


@pytest.mark.parametrize("line", ["Advertisement · Scroll to continue", "[ ADVERTISEMENT ]",
                                  "advertisement--scroll__to continue", "STRASSE", "Straße"])
def test_phrase_scan_finds_every_line_with_a_phrase_key(line):
    from cleaner.text.keys import line_key

    keys = [line_key(line), "other phrase"]
    assert re2.search(phrase_regex(keys), line) is not None
    assert re2.search(phrase_regex(keys), "x " + line) is None or line_key("x " + line) in keys


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_same_output_with_and_without_re2(case, monkeypatch):
    source_path = next(case.glob("input.*"))
    rules = [case / "rules.toml"] if (case / "rules.toml").exists() else []
    ruleset = load_ruleset(rules)

    def clean():
        source = source_from_bytes(source_path.read_bytes(), source_path.name)
        return render(clean_source(source, ruleset, Options()), "json")

    with_re2 = clean()
    monkeypatch.setattr(engine, "_prefilter", lambda rules: None)
    monkeypatch.setattr(LinePattern, "finder", property(lambda self: None))
    assert clean() == with_re2


@pytest.mark.parametrize("fast", [True, False], ids=["match-call", "public-finditer"])
def test_candidate_lines_map_byte_offsets_back_to_lines(fast):
    from cleaner.text.parse import parse_text
    from cleaner.match.finder import Finder, candidate_lines, locator

    doc = parse_text("Grüße aus Köln\nAnzeige\n\nÜber uns — Anzeige\nEnde\nanzeige")
    finder = locator(to_re2(r"(?i)^anzeige$"))
    if not fast:  # as with a binding that lacks the compiled pattern's Match call
        finder = Finder(finder.pattern)
        finder._match = None
    assert candidate_lines(doc, finder, 0, len(doc.lines)) == [1, 5]
    assert candidate_lines(doc, finder, 2, 5) == []
    assert candidate_lines(doc, locator(to_re2("Anzeige")), 0, len(doc.lines)) == [1, 3]
