"""The HTML rule kinds (remove, headline) and how rule files declare them."""
from __future__ import annotations

from pathlib import Path

import pytest
from lxml import html

from cleaner.engine import run_tree_rules
from cleaner.errors import RuleFileError
from cleaner.html.extract import visible_lines
from cleaner.html.page import Page
from cleaner.packs.ruleset import load_ruleset


def pack(tmp_path: Path, body: str, name: str = "t.toml") -> Path:
    path = tmp_path / name
    path.write_text('[pack]\nname = "t"\n' + body, encoding="utf-8")
    return path


def rules_of(tmp_path, body):
    return load_ruleset([pack(tmp_path, body)], builtin=False).rules


def run(rules, page_html: str) -> tuple[Page, list[str]]:
    page = Page(html.document_fromstring(page_html))
    run_tree_rules(page, rules)
    return page, visible_lines(page.root)


REMOVE = '''
[[rule]]
id = "t/box"
kind = "remove"
message = "box"
selector = ['.box', 'body', 'html']
{extra}
  [[rule.example]]
  input = "<p>a</p>"
  expect = "a\\n"
'''


def test_remove_takes_the_element_keeps_the_text_after_it_and_logs_it(tmp_path):
    rules = rules_of(tmp_path, REMOVE.format(extra=""))
    page, lines = run(rules, "<html><body><p>Before <span class='box'>chrome</span> after.</p></body></html>")
    assert lines == ["Before after."]
    assert [(r.rule, r.text) for r in page.removed] == [("t/box", "chrome")]


def test_remove_never_takes_body_or_html(tmp_path):
    rules = rules_of(tmp_path, REMOVE.format(extra=""))
    _, lines = run(rules, "<html><body class='box'><p>Text.</p></body></html>")
    assert lines == ["Text."]


def test_max_words_protects_a_container_holding_the_article(tmp_path):
    rules = rules_of(tmp_path, REMOVE.format(extra="max_words = 5"))
    words = " ".join(["word"] * 20)
    _, lines = run(rules, f"<html><body><div class='box'><p>{words}</p></div><div class='box'>Sign up now</div></body></html>")
    assert lines == [words]


def test_min_link_share_takes_only_link_text(tmp_path):
    rules = rules_of(tmp_path, REMOVE.format(extra="min_link_share = 0.9").replace("'.box', ", "'li', "))
    _, lines = run(rules, "<html><body><ul><li><a href='/x'>Other story</a></li>"
                          "<li>Real item with <a href='/y'>a link</a></li><li>Plain item</li></ul></body></html>")
    assert lines == ["Real item with a link", "Plain item"]


def test_nested_matches_are_removed_once(tmp_path):
    rules = rules_of(tmp_path, REMOVE.format(extra=""))
    page, lines = run(rules, "<html><body><div class='box'>out <div class='box'>in</div></div><p>Kept.</p></body></html>")
    assert lines == ["Kept."]
    assert len(page.removed) == 1


HEADLINE = '''
[[rule]]
id = "t/headline"
kind = "headline"
message = "headline"
selector = "h1"
{extra}
  [[rule.example]]
  input = "<h1>A title here</h1><p>Body.</p>"
  expect = "Body.\\n"
'''


def test_headline_keeps_the_element_for_the_extractor_and_notes_it(tmp_path):
    rules = rules_of(tmp_path, HEADLINE.format(extra="capture = true"))
    page, lines = run(rules, "<html><head><title>Big News | Site</title></head><body><h1>Site</h1>"
                             "<h1>Big News</h1><h1>A section</h1><p>Body.</p></body></html>")
    assert lines[:3] == ["Site", "Big News", "A section"]  # still in the tree
    assert page.headlines["t/headline"] == ["Site", "Big News"]
    assert page.metadata.fields["title"] == "Site"
    assert page.metadata.sources["title"] == "t/headline"


def test_bad_selector_is_a_rule_file_error_with_its_line(tmp_path):
    path = pack(tmp_path, REMOVE.format(extra="").replace("'.box', 'body', 'html'", "'a:hover'"))
    with pytest.raises(RuleFileError) as err:
        load_ruleset([path], builtin=False)
    assert str(err.value) == (f'{path}:8: t/box: "selector": bad selector \'a:hover\': ":hover" is not '
                              'supported (known: :first-child, :last-child, :only-child, :empty, :not(), '
                              ':is(), :where(), :has())')


def test_html_rules_are_not_text_rules(tmp_path):
    ruleset = load_ruleset([pack(tmp_path, REMOVE.format(extra=""))], builtin=False)
    assert ruleset.select(None, "", "text").text_rules == []
    assert [r.id for r in ruleset.select(None, "", "html").tree_rules] == ["t/box"]
