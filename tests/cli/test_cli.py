"""The command line as a user meets it: real processes, pipes, files and exit codes."""
from __future__ import annotations

import json

from cleaner import __version__

from ..conftest import FIXTURES, run_cli

SEED_000 = FIXTURES / "seed-spacedaily" / "input.txt"
SEED_001 = FIXTURES / "seed-breadcrumbs" / "input.txt"


def test_pipe_filter_prints_the_article():
    proc = run_cli("clean", "-", stdin=SEED_000.read_bytes())
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.decode() == (FIXTURES / "seed-spacedaily" / "expected.txt").read_text()
    assert proc.stderr == b""


def test_no_file_argument_reads_stdin():
    proc = run_cli("clean", stdin=b"ADVERTISEMENT\nJust one sentence of text.\n")
    assert proc.stdout == b"Just one sentence of text.\n"


def test_json_format_has_text_metadata_and_removed():
    proc = run_cli("clean", str(SEED_001), "--format", "json")
    data = json.loads(proc.stdout)
    assert set(data) == {"text", "metadata", "removed"}
    assert data["metadata"]["breadcrumbs"] == ["Home", "Japan"]
    assert data["metadata"]["sources"]["category"] == "derived:breadcrumbs"
    assert {"rule": "generic/ads/scroll-to-continue", "line": 9,
            "text": "Advertisement · Scroll to continue"} in data["removed"]


def test_output_file_and_user_rules(tmp_path):
    rules = tmp_path / "mine.toml"
    rules.write_text('[pack]\nname = "mine"\n[[rule]]\nid = "mine/x"\nkind = "line"\nmessage = "m"\n'
                     'pattern = \'^Drop me$\'\n  [[rule.example]]\n  input = "Drop me\\n"\n  expect = ""\n')
    page = tmp_path / "page.txt"
    page.write_text("Drop me\nKeep me, I am a sentence.\n")
    out = tmp_path / "article.txt"
    proc = run_cli("clean", str(page), "--rules", str(rules), "-o", str(out))
    assert proc.returncode == 0 and proc.stdout == b""
    assert out.read_text() == "Keep me, I am a sentence.\n"


def test_markdown_format_front_matter():
    proc = run_cli("clean", str(SEED_000), "--format", "markdown")
    text = proc.stdout.decode()
    assert text.startswith('---\ntitle: "NATO chief says China military expansion \'staggering\'"\n')
    assert 'agency: "AFP"\n' in text and "\n---\n\nChina's expansion" in text


def test_several_inputs_to_a_folder(tmp_path):
    proc = run_cli("clean", str(SEED_000), str(SEED_001), "-o", str(tmp_path), "--format", "json")
    assert proc.returncode == 0, proc.stderr
    # Both inputs are named input.txt: the second must not silently overwrite the first.
    assert sorted(p.name for p in tmp_path.iterdir()) == ["input-2.json", "input.json"]


def test_missing_file_exit_3_one_line():
    proc = run_cli("clean", "nope.txt")
    assert proc.returncode == 3
    assert proc.stderr.decode() == "cleaner: nope.txt: no such file\n"


def test_binary_input_exit_3(tmp_path):
    bad = tmp_path / "x.txt"
    bad.write_bytes(b"\x00\x01\x02binary")
    proc = run_cli("clean", str(bad))
    assert proc.returncode == 3 and proc.stderr.decode() == f"cleaner: {bad}: not text (binary data)\n"


def test_bad_input_does_not_stop_the_others(tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\x00")
    proc = run_cli("clean", str(bad), str(SEED_000))
    assert proc.returncode == 3
    assert b"China's expansion" in proc.stdout


def test_rule_file_error_exit_2(tmp_path):
    rules = tmp_path / "bad.toml"
    rules.write_text('[pack]\nname = "b"\n[[rule]]\nid = "b/x"\nkind = "line"\nmessage = "m"\npattern = "("\n')
    proc = run_cli("clean", str(SEED_000), "--rules", str(rules))
    assert proc.returncode == 2 and proc.stdout == b""
    assert proc.stderr.decode().startswith(f"cleaner: {rules}:7: b/x: \"pattern\": bad pattern '('")
    assert proc.stderr.count(b"\n") == 1


def test_usage_error_exit_2():
    assert run_cli("clean", "--format", "pdf").returncode == 2


def test_no_builtin_uses_only_user_rules():
    proc = run_cli("clean", "--no-builtin", stdin=b"ADVERTISEMENT\nText.\n")
    assert proc.stdout == b"ADVERTISEMENT\n\nText.\n"


def test_version_and_rules_list():
    assert run_cli("--version").stdout.decode().strip() == f"cleaner, version {__version__}"
    listing = run_cli("rules", "list").stdout.decode()
    assert "generic/ads/label" in listing and "spacedaily/masthead" in listing
    row = next(line for line in listing.splitlines() if line.startswith("generic/ads/label "))
    assert row.split()[1:3] == ["line", "generic-ads"] and row.endswith("advertisement label")


def test_output_is_utf8_whatever_the_input_encoding(tmp_path):
    page = tmp_path / "latin1.txt"
    page.write_bytes("Café crème à la française, très bien préparé.\n".encode("latin-1"))
    proc = run_cli("clean", str(page))
    assert proc.returncode == 0 and proc.stdout.decode("utf-8") == "Café crème à la française, très bien préparé.\n"
