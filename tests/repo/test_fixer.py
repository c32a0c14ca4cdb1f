"""cleaner.repo.fixer: what check reports and fix writes, as values (no CLI here)."""
from __future__ import annotations

import codecs
import difflib

import pytest

from cleaner.repo.fixer import Fixer, _extent, _tidy
from cleaner.packs.ruleset import load_ruleset

from ..conftest import FIXTURES, SHARED

SEED_000 = (FIXTURES / "fix" / "seed-spacedaily" / "input.txt").read_bytes()
SEED_001 = (FIXTURES / "fix" / "seed-breadcrumbs" / "input.txt").read_bytes()
ARTICLE = ("Volcano wakes up near the coast\n\nADVERTISEMENT\n\nThe volcano erupted on Tuesday morning, "
           "sending ash into the sky.\n\nScientists said the eruption had been expected for weeks.\n\n"
           "Share this article\nFacebook\n")


@pytest.fixture(scope="module")
def fixer(builtin_ruleset):
    return Fixer(builtin_ruleset)


def _lines(data: bytes) -> list[str]:
    return data.decode("utf-8").split("\n")


def test_seed_000_keeps_headline_and_dateline_and_removes_chrome(fixer):
    plan = fixer.plan(SEED_000, "seed.txt")
    after = _lines(plan.fixed)
    assert after[0] == "NATO chief says China military expansion 'staggering'"
    assert "Tokyo, April 8 (AFP) Apr 08, 2025" in after
    for chrome in ("Space News from SpaceDaily.com", "ADVERTISEMENT", "24/7 News Coverage"):
        assert chrome not in after
    assert not any(line.startswith("All rights reserved.") for line in after)
    assert plan.fixed.endswith(b"security and defence partnership.\n")


def test_seed_001_keeps_one_plain_headline_and_the_standfirst(fixer):
    after = _lines(fixer.plan(SEED_001, "seed.txt").fixed)
    headline = "NATO Chief Slams China’s ‘Staggering’ Military Rise, Urges Japan-NATO Unity Against Threats"
    assert after.count(headline) == 1 and after[0] == headline
    assert not any("Home/" in line or "Japan/" in line or "Scroll to continue" in line for line in after)
    assert after[2].startswith("NATO’s Mark Rutte emphasized")  # the standfirst stays in the file


@pytest.mark.parametrize("data", [SEED_000, SEED_001], ids=["seed-000", "seed-001"])
def test_check_reports_exactly_the_lines_fix_removes(fixer, data):
    plan = fixer.plan(data, "seed.txt")
    before = _lines(data)
    opcodes = difflib.SequenceMatcher(None, before, _lines(plan.fixed), autojunk=False).get_opcodes()
    assert all(op in ("equal", "delete") for op, *_ in opcodes)  # lines only leave, none change
    gone = {n + 1 for op, i1, i2, _, _ in opcodes if op == "delete" for n in range(i1, i2) if before[n].strip()}
    assert {f.line for f in plan.findings} == gone
    for finding in plan.findings:
        assert before[finding.line - 1].strip() == finding.text
        assert finding.column == len(before[finding.line - 1]) - len(before[finding.line - 1].lstrip()) + 1


def test_corpus_pages_fix_to_a_fixed_point(fixer):
    """Every corpus text page: fixing the fixed file changes nothing and checks clean."""
    pages = sorted((SHARED / "corpus" / "text").glob("*.txt"))
    if not pages:
        pytest.skip("../shared/corpus is not there")
    changed = 0
    for page in pages:
        plan = fixer.plan(page.read_bytes(), page.name)
        if plan.refused:
            continue
        changed += plan.changed
        again = fixer.plan(plan.fixed, page.name)
        assert not again.changed and not again.findings, page.name
    assert changed > len(pages) // 2  # the corpus is full of chrome: most pages change


def test_crlf_line_endings_are_kept(fixer):
    crlf = SEED_000.replace(b"\n", b"\r\n")
    plan = fixer.plan(crlf, "seed.txt")
    assert plan.fixed == fixer.plan(SEED_000, "seed.txt").fixed.replace(b"\n", b"\r\n")
    assert b"\n" not in plan.fixed.replace(b"\r\n", b"")


@pytest.mark.parametrize("encoding, bom", [("cp1252", b""), ("utf-8-sig", codecs.BOM_UTF8),
                                           ("utf-16-le", codecs.BOM_UTF16_LE),
                                           ("utf-16-be", codecs.BOM_UTF16_BE)])
def test_encoding_and_byte_order_mark_are_kept(fixer, encoding, bom):
    text = ARTICLE.replace("The volcano", "Café owners said the volcano’s")
    data = (bom if encoding.startswith("utf-16") else b"") + text.encode(encoding)
    plan = fixer.plan(data, "article.txt")
    assert plan.changed and not plan.refused
    expected = (text.replace("ADVERTISEMENT\n\n", "").replace("\n\nShare this article\nFacebook\n", "\n"))
    assert plan.fixed == (bom if encoding.startswith("utf-16") else b"") + expected.encode(encoding)
    assert plan.fixed.startswith(bom)


def test_markdown_front_matter_is_untouched(fixer):
    front = "---\ntitle: ADVERTISEMENT\nsummary: Share this article\n---\n"
    plan = fixer.plan((front + "\nADVERTISEMENT\n\nA paragraph of the article, long enough.\n").encode(), "a.md")
    assert plan.fixed.decode() == front + "\nA paragraph of the article, long enough.\n"
    assert [f.line for f in plan.findings] == [6]


def test_too_much_removal_is_refused_and_reported(fixer):
    nav = (FIXTURES / "fix" / "navigation-only" / "input.txt").read_bytes()
    plan = fixer.plan(nav, "nav.txt")
    assert plan.refused.startswith("fix would remove 100% of its words (limit 50%)")
    assert plan.fixed == nav and not plan.changed and len(plan.findings) == 10
    assert Fixer(fixer.ruleset, max_removal=1.0).plan(nav, "nav.txt").fixed == b""


def test_share_limit_counts_words_not_lines(builtin_ruleset):
    data = b"ADVERTISEMENT\nOne two three.\n"  # one word of four is chrome: 25%
    assert Fixer(builtin_ruleset, max_removal=0.2).plan(data, "a.txt").refused
    assert not Fixer(builtin_ruleset, max_removal=0.25).plan(data, "a.txt").refused


def test_keep_block_in_plain_text(fixer):
    text = ("The first paragraph of the story.\n[cleaner: keep]\nShare this article\n[cleaner: end]\n"
            "Share this article\nThe last paragraph of the story.\n")
    plan = fixer.plan(text.encode(), "a.txt")
    assert [f.line for f in plan.findings] == [5]
    assert plan.fixed.decode() == text.replace("[cleaner: end]\nShare this article\n", "[cleaner: end]\n")


def test_keep_block_reaches_clean_too(builtin_ruleset):
    from cleaner import clean

    result = clean("Intro paragraph here.\n<!-- cleaner: keep -->\nFacebook\n<!-- cleaner: end -->\nFacebook\n",
                   name="a.md", ruleset=builtin_ruleset)
    assert result.text == "Intro paragraph here.\nFacebook\n"
    assert [(r.line, r.chrome) for r in result.removed] == [(2, False), (4, False), (5, True)]


def test_unclosed_keep_block_protects_the_rest(fixer):
    text = "Intro paragraph here.\nADVERTISEMENT\n<!-- cleaner: keep -->\nADVERTISEMENT\nFacebook\n"
    plan = fixer.plan(text.encode(), "a.md")
    assert [f.line for f in plan.findings] == [2]


def _pack(tmp_path, extra: str) -> Fixer:
    rules = tmp_path / "byline.toml"
    rules.write_text('[pack]\nname = "byline"\n[[rule]]\nid = "byline/by"\nkind = "capture"\nmessage = "byline"\n'
                     "pattern = '^By (?P<author>[A-Z][a-z]+ [A-Z][a-z]+)$'\ndrop = true\n" + extra +
                     '  [[rule.example]]\n  input = "By Ana Lima\\nText.\\n"\n  expect = "Text.\\n"\n')
    return Fixer(load_ruleset([rules], builtin=False))  # this pack alone, not the generic byline rule


def test_capture_of_a_content_field_is_content_by_default(tmp_path):
    fixer = _pack(tmp_path, "")
    plan = fixer.plan(b"By Ana Lima\nThe story itself, told in a sentence.\n", "a.txt")
    assert not plan.findings and not plan.changed


def test_capture_can_say_its_line_is_chrome(tmp_path):
    fixer = _pack(tmp_path, "content = false\n")
    plan = fixer.plan(b"By Ana Lima\nThe story itself, told in a sentence.\n", "a.txt")
    assert [f.rule for f in plan.findings] == ["byline/by"]
    assert plan.fixed == b"The story itself, told in a sentence.\n"


def test_breadcrumb_and_copyright_captures_are_chrome_dateline_is_content(builtin_ruleset):
    kinds = {r.id: r for r in builtin_ruleset.rules}
    assert kinds["generic/breadcrumbs/trail"].content is False
    assert kinds["generic/rights/copyright"].content is False
    assert kinds["generic/dateline/line"].content is True


def _tidied(text: str, gone: set[int], body_start: int = 0) -> str:
    lines = text.splitlines(keepends=True)
    return "".join(lines[i] for i in _tidy(lines, list(range(len(lines))), gone, body_start))


@pytest.mark.parametrize("text, gone, expected", [
    ("a\n\nAD\n\nb\n", {2}, "a\n\nb\n"),  # the blank runs either side fold into one
    ("a\nAD\n\n\nb\n", {1}, "a\n\n\nb\n"),  # the widest run is kept as it was
    ("AD\n\na\n", {0}, "a\n"),  # nothing left above: the blanks go too
    ("a\n\nAD\n\n", {2}, "a\n"),  # nor below
    ("a\n\n\nb\nAD\nc\n", {4}, "a\n\n\nb\nc\n"),  # untouched blank runs stay as they are
])
def test_blank_lines_around_removed_chrome(text, gone, expected):
    assert _tidied(text, gone) == expected


def test_front_matter_lines_bound_a_gap():
    assert _tidied("---\nt: x\n---\n\nAD\n\nbody\n", {4}, body_start=3) == "---\nt: x\n---\n\nbody\n"


def test_a_joined_paragraph_removes_every_line_it_came_from():
    lines = ["Sign up for our\n", "daily news-\n", "letter today.\n", "Body.\n"]
    assert _extent(lines, [0, 1, 2, 3], 0, "Sign up for our daily newsletter today.") == 3
    assert _extent(lines, [0, 1, 2, 3], 0, "Sign up for our") == 1
    assert _extent(lines, [0, 1, 2, 3], 0, "Something else entirely") is None


def test_binary_input_is_an_input_error(fixer):
    from cleaner.errors import InputError

    with pytest.raises(InputError, match="binary"):
        fixer.plan(b"\x00\x01\x02", "a.txt")


def test_a_file_encoded_twice_loses_its_chrome_and_keeps_its_other_bytes(fixer):
    # the pipeline reads the lines repaired ("Â©" as "©"); fix still finds them in the file,
    # and deletes them without rewriting the lines it keeps
    text = ("The cafÃ©â€™s winter\n\nThe first paragraph of the story is long enough to be the body, and it "
            "says the cafÃ© stayed open all winter long.\n\nADVERTISEMENT\n\n"
            "Â© 2024 Example Media. All rights reserved.\n")
    plan = fixer.plan(text.encode("utf-8"), "story.txt")
    assert plan.fixed.decode("utf-8") == text.split("\n\nADVERTISEMENT")[0] + "\n"
    assert [f.rule for f in plan.findings] == ["generic/ads/label", "generic/rights/copyright"]
