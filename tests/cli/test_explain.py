"""`cleaner explain`: every input line with the rule that dropped it, from the core's values."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from cleaner.cli.app import main
from cleaner.text.explain import line_decisions
from cleaner.metadata import Metadata
from cleaner.text.parse import normalize_newlines, parse_plain
from cleaner.pipeline import Options, clean_source
from cleaner.io.sources import source_from_text

ROOT = Path(__file__).resolve().parents[2]
WRAPPED = ROOT / "fixtures" / "text-de-wrapped" / "input.txt"


def test_every_input_line_of_a_reflowed_text_gets_its_paragraphs_decision():
    text = WRAPPED.read_text(encoding="utf-8")
    doc = parse_plain(text, metadata=Metadata())
    assert doc.starts is not None
    doc.drop(0, "rule/menu")
    decisions = line_decisions(doc, normalize_newlines(text).split("\n")[:-1])
    assert [d.line for d in decisions] == list(range(1, len(decisions) + 1))
    assert decisions[0].rule == "rule/menu" and not decisions[0].kept
    paragraph = next(i for i, line in enumerate(doc.lines) if line.startswith("Nach zwei Jahren"))
    first = doc.input_line(paragraph)
    covered = [d for d in decisions if first <= d.line < doc.input_line(paragraph + 1)]
    assert len(covered) == 4 and all(d.kept for d in covered)


def test_decisions_are_filled_only_when_asked_for(ruleset):
    source = source_from_text("Menu\nThe story.\n", "page.txt")
    assert clean_source(source, ruleset).decisions == ()
    decisions = clean_source(source, ruleset, Options(explain=True)).decisions
    assert [d.line for d in decisions] == [1, 2]


def test_cli_explain_shows_kept_and_dropped_lines_with_rule_ids():
    result = CliRunner().invoke(main, ["explain", str(WRAPPED)])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert any(line.split()[1:3] == ["drop", "generic/byline/by"] for line in lines if len(line.split()) > 2)
    assert any("keep" in line and "Nach zwei Jahren Umbau" in line for line in lines)
    assert "author: Thomas Becker  [generic/byline/by]" in lines


def test_cli_explain_json():
    result = CliRunner().invoke(main, ["explain", "--json", str(WRAPPED)])
    data = json.loads(result.output)
    assert data["metadata"]["title"] == "Die Stadtbibliothek öffnet nach zwei Jahren Umbau wieder"
    assert data["sources"]["date"] == "generic/byline/date"
    # lines the article model weighed also carry its score and the features that weighed most
    assert {tuple(sorted(line)) for line in data["lines"]} == {
        ("kept", "line", "rule", "text"), ("kept", "line", "rule", "score", "text", "why")}
    scored = [line for line in data["lines"] if "score" in line]
    assert any(line["score"] > 0 for line in scored if line["kept"])


def test_cli_explain_of_a_missing_file_is_one_line_and_exit_3(tmp_path):
    proc = subprocess.run([sys.executable, "-m", "cleaner", "explain", str(tmp_path / "nope.txt")],
                          capture_output=True, text=True, cwd=ROOT)
    assert proc.returncode == 3
    assert proc.stderr.strip() == f"cleaner: {tmp_path / 'nope.txt'}: no such file"


HTML_PAGE = ROOT / "fixtures" / "html-news" / "input.html"


def test_cli_explain_shows_what_html_rules_removed_before_extraction():
    result = CliRunner().invoke(main, ["explain", str(HTML_PAGE)])
    assert result.exit_code == 0, result.output
    head, _, rest = result.output.partition("\nExtracted lines:\n")
    assert head.startswith("HTML rules, before extraction (by source line):")
    cookie = next(line for line in head.splitlines() if "generic/html-cookies/banner" in line)
    assert cookie.split()[1] == "drop" and "We use cookies" in cookie
    assert "keep" in rest


def test_cli_explain_json_lists_page_removals_with_their_source_lines():
    data = json.loads(CliRunner().invoke(main, ["explain", "--json", str(HTML_PAGE)]).output)
    rules = {item["rule"] for item in data["page_removed"]}
    assert "generic/html-cookies/banner" in rules
    assert all(item["source_line"] > 0 for item in data["page_removed"])


def test_explain_shows_the_metadata_steps_runners_up(tmp_path):
    page = ROOT / "fixtures" / "html-news" / "input.html"
    out = CliRunner().invoke(main, ["explain", str(page)])
    assert out.exit_code == 0, out.output
    lines = out.output.splitlines()
    title = next(i for i, line in enumerate(lines) if line.startswith("title: "))
    # the headline, credited to the most trusted of the signals that give it (which one is
    # the fitted weights' choice), then the runners-up with theirs
    assert lines[title].startswith("title: Harbour Bridge Reopens After Two Years  [html:")
    also = [line for line in lines[title + 1: title + 4] if line.lstrip().startswith("also")]
    assert any("[html:title-tag]" in line for line in also)
    record = json.loads(CliRunner().invoke(main, ["explain", "--json", str(page)]).output)
    assert lines[title].endswith(f"[{record['candidates']['title'][0]['signal']}]")
    assert record["candidates"]["title"][0]["signal"] in ("html:h1:only", "html:h1", "html:title-tag:first",
                                                        "html:title-tag:stripped", "html:og:title:stripped")
    assert {"value", "signal", "score"} <= set(record["candidates"]["date"][0])


THREAD = """<html><head><title>Tomatoes</title></head><body><main>
<div class="post"><p>The tomatoes went in by the shed this spring, with plenty of compost dug into the bed first.</p></div>
<div class="post"><p>Mine did the same by the south wall, and the compost made all the difference to them.</p></div>
</main></body></html>"""


def test_cli_explain_marks_the_lines_the_block_rescue_added(tmp_path, monkeypatch):
    from cleaner.html import extract, rescue

    page = tmp_path / "thread.html"
    page.write_text(THREAD, encoding="utf-8")
    monkeypatch.setattr(rescue, "_fitted", lambda: {"rescue": {"state": "on", "gate": 1.0},
                                                   "rescue_thresholds": dict.fromkeys(rescue.PAGE_TYPES, 0.5),
                                                   "rescue_vetoes": {}, "rescue_weights": {"bias": 10.0}})
    monkeypatch.setattr(extract, "_extract_body", lambda root, url, markdown, page: (
        extract.parse_tree("<html><body><p>The tomatoes went in by the shed this spring, with plenty of "
                           "compost dug into the bed first.</p></body></html>").find("body"), "trafilatura"))
    result = CliRunner().invoke(main, ["explain", str(page)])
    assert result.exit_code == 0, result.output
    lines = [line for line in result.output.splitlines() if "keep" in line]
    assert "+rescue" not in lines[0] and "The tomatoes went in" in lines[0]
    assert "+rescue" in lines[1] and "south wall" in lines[1]
    assert "trafilatura+rescue" in result.output
    data = json.loads(CliRunner().invoke(main, ["explain", str(page), "--json"]).output)
    assert [line.get("added_by") for line in data["lines"] if line["text"].strip()] == [None, "rescue"]
