"""Build HTML rules from TOML text and run them on a parsed page, alone."""
from __future__ import annotations

from pathlib import Path

from lxml import html

from cleaner.engine import run_tree_rules
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
