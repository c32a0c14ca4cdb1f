"""The remove kind: CSS-selected elements taken out of the page before extraction."""
from __future__ import annotations

import pytest

from cleaner.errors import RuleFileError
from cleaner.packs.ruleset import load_ruleset

from .html_helper import pack, rules_of, run

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
