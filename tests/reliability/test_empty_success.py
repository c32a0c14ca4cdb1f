"""Never an empty success: a page the parser cannot take, a wrong charset label, reflow and the
removal guard in scripts other than English."""
from __future__ import annotations

import pytest

from cleaner import clean
from cleaner.errors import CleanerError

SENTENCE = "The council met on Tuesday evening to discuss the plan for the new bus routes. "


def _outcome(data: bytes, ruleset, name: str = "page.html") -> str:
    try:
        return clean(data, name=name, ruleset=ruleset).text
    except CleanerError as exc:  # failing loudly is allowed; an empty success is not
        return f"error: {exc}"


@pytest.mark.parametrize("depth", [300, 3000])  # past libxml2's limit, and past its limit with huge_tree
def test_5_deeply_nested_html_is_not_an_empty_success(builtin_ruleset, depth):
    page = ("<html><body>" + "<div>" * depth + "<article><h1>Title</h1><p>" + SENTENCE * 5 + "</p></article>"
            + "</div>" * depth + "</body></html>")
    out = _outcome(page.encode(), builtin_ruleset)
    assert out.strip(), "nested page came out empty"
    assert "council met" in out or out.startswith("error:")


def test_5_huge_text_node_is_not_an_empty_success(builtin_ruleset):
    from cleaner.io.sources import source_from_text
    from cleaner.pipeline import Options, clean_source

    page = "<html><body><article><h1>Title</h1><p>" + SENTENCE * 140_000 + "</p></article></body></html>"
    try:  # a timeout would be a loud failure, which is allowed; the default limit leaves room for the work
        out = clean_source(source_from_text(page, "page.html"), builtin_ruleset, Options(time_limit=20)).text
    except CleanerError as exc:
        out = f"error: {exc}"
    assert out.strip(), "page with a 10 MB text node came out empty"


def test_6_utf16_label_on_single_byte_bytes_means_utf8(builtin_ruleset):
    page = ('<html><head><meta charset="utf-16"><title>Café</title></head><body><article><p>'
            + "Le café crème était délicieux ce matin à Paris. " * 12 + "</p></article></body></html>")
    for padding in ("", " "):  # an even and an odd number of bytes: both would "decode" as UTF-16
        data = (page + padding).encode("cp1252")
        out = _outcome(data, builtin_ruleset)
        assert "café crème" in out, (len(data), out[:200])


KOREAN = ("남상미가 처음으로 드라마에 출연한 것은 이천삼년의 일이다 그 뒤 여러 작품에서 주연을 맡았다 "
          "그녀는 인터뷰에서 연기에 대한 생각을 자세히 밝혔다 많은 사람들이 그 이야기에 공감했다 ")


def _wrap(text: str, width: int) -> list[str]:
    """Wrap ``text`` as a text browser does: break before the word that would overflow."""
    from cleaner.text.reflow import columns

    lines, line = [], ""
    for word in text.split():
        if line and columns(line) + 1 + columns(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    lines.append(line)
    return lines


def test_7_reflow_keeps_the_space_between_korean_words():
    from cleaner.text.reflow import reflow

    lines = _wrap(KOREAN * 6, 60) + [""] + _wrap(KOREAN * 6, 60)
    joined = reflow(lines)
    assert joined is not None
    words = set(KOREAN.split())
    for line in joined.lines:
        assert set(line.split()) <= words, "reflow invented a Korean word"


def test_7_reflow_takes_no_in_band_marker_from_the_input():
    from cleaner.text.reflow import reflow

    para = ("the quick brown fox jumps over the lazy dog and keeps running far away from home " * 8).split()
    lines = _wrap(" ".join(para), 70)
    lines[3] = "\0" + lines[3]
    joined = reflow(lines + [""] + lines)
    assert joined is not None
    assert all(set(line.replace("\0", " ").split()) <= set(para) for line in joined.lines)
    assert "\0" in joined.lines[0]  # the character is the input's, kept where it was


def test_7_reflow_joins_chinese_without_a_space():
    from cleaner.text.reflow import reflow

    text = "这是一个很长的中文段落用于测试文本重排是否正确处理没有空格的文字" * 12
    lines = [text[i:i + 30] for i in range(0, len(text), 30)]
    joined = reflow(lines + [""] + lines)
    assert joined is not None and joined.lines[0] == text


def test_8_removal_guard_counts_chinese_characters(builtin_ruleset, tmp_path):
    from cleaner.repo.fixer import Fixer

    rules = tmp_path / "zh.toml"
    rules.write_text('[pack]\nname = "zh"\n[[rule]]\nid = "zh/menu"\nkind = "line"\nmessage = "menu"\n'
                     "pattern = '^首页'\n  [[rule.example]]\n  input = \"b\\n\"\n  expect = \"b\\n\"\n")
    from cleaner.packs.ruleset import load_ruleset

    fixer = Fixer(load_ruleset([rules], builtin=False))
    menu = "首页" + "新闻体育财经科技娱乐汽车房产教育健康旅游文化" * 6
    body = "正文很短。"
    plan = fixer.plan(f"{menu}\n\n{body}\n".encode(), "page.txt")
    assert plan.refused, "a rule removing most of a Chinese file's text passed the removal guard"


ALL_CHROME = "ADVERTISEMENT\nTags: Budget, Taxes\n"


def test_a_page_the_rules_take_whole_is_an_error_naming_the_rule_not_an_empty_success(tmp_path):
    from click.testing import CliRunner

    from cleaner.cli.app import main

    page = tmp_path / "page.txt"
    page.write_text(ALL_CHROME)
    for fmt in ("text", "json"):
        result = CliRunner().invoke(main, ["clean", "--no-config", "--format", fmt, str(page)])
        assert result.exit_code == 3, (fmt, result.output)
        assert result.stdout == ""
        assert result.stderr.strip() == (
            f"cleaner: {page}: nothing left after cleaning: the rules took all 2 lines of its text "
            "(the first, line 1, by generic/ads/label); cleaner explain shows why")


def test_an_html_page_that_is_one_cookie_banner_is_an_error(tmp_path):
    from click.testing import CliRunner

    from cleaner.cli.app import main

    page = tmp_path / "page.html"
    page.write_text('<html><body><div class="cookie-banner">We use cookies to improve your visit</div>'
                    "</body></html>")
    result = CliRunner().invoke(main, ["clean", "--no-config", str(page)])
    assert result.exit_code == 3, result.output
    assert "nothing left after cleaning: the rules took its only line" in result.stderr
    assert "generic/html-cookies/banner" in result.stderr


def test_a_batch_reports_a_page_the_rules_take_whole_and_cleans_the_others(tmp_path):
    from click.testing import CliRunner

    from cleaner.cli.app import main

    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    (src / "chrome.txt").write_text(ALL_CHROME)
    (src / "story.txt").write_text(SENTENCE * 3 + "\n")
    result = CliRunner().invoke(main, ["batch", "--no-config", "-j", "1", str(src), str(out)])
    assert result.exit_code == 3, result.output
    assert "chrome.txt: nothing left after cleaning" in result.output
    assert not (out / "chrome.txt").exists()
    assert "council met" in (out / "story.txt").read_text()


def test_the_library_still_returns_the_empty_result_with_its_metadata(builtin_ruleset):
    result = clean(ALL_CHROME, name="page.txt", ruleset=builtin_ruleset)
    assert result.text.strip() == ""
    assert result.metadata.fields["tags"] == ["Budget", "Taxes"]
    assert [r.rule for r in result.removed] == ["generic/ads/label", "generic/tags/line"]


def test_an_html_page_without_text_is_an_error_not_an_empty_success(tmp_path):
    from click.testing import CliRunner

    from cleaner.cli.app import main

    page = tmp_path / "thread.html"  # what a script-rendered forum saves before its scripts run
    page.write_text('<html><head><title>A thread</title><script>render()</script></head><body>'
                    '<section id="splash"><div class="dots"></div></section></body></html>')
    result = CliRunner().invoke(main, ["clean", "--no-config", str(page)])
    assert result.exit_code == 3, result.output
    assert result.stderr.strip() == (f"cleaner: {page}: no text in the page, only markup and scripts "
                                     "(a page its scripts fill in, saved before they ran?)")
