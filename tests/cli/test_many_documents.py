"""`cleaner clean` with several inputs: one parseable stream, each document named by its path."""
from __future__ import annotations

import json

from ..conftest import FIXTURES, run_cli

SEED_000 = FIXTURES / "seed-spacedaily" / "input.txt"
SEED_001 = FIXTURES / "seed-breadcrumbs" / "input.txt"
EXPECTED_000 = (FIXTURES / "seed-spacedaily" / "expected.txt").read_text(encoding="utf-8")
EXPECTED_001 = (FIXTURES / "seed-breadcrumbs" / "expected.txt").read_text(encoding="utf-8")


def test_json_of_several_inputs_is_one_array_with_each_path():
    proc = run_cli("clean", str(SEED_000), str(SEED_001), "--format", "json")
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert [d["path"] for d in data] == [str(SEED_000), str(SEED_001)]
    assert [d["text"] for d in data] == [EXPECTED_000, EXPECTED_001]


def test_json_of_one_input_stays_one_object():
    data = json.loads(run_cli("clean", str(SEED_000), "--format", "json").stdout)
    assert set(data) == {"text", "metadata", "removed"}


def test_jsonl_is_one_compact_object_a_line_with_its_path():
    proc = run_cli("clean", str(SEED_000), "-", "--format", "jsonl", stdin=SEED_001.read_bytes())
    lines = proc.stdout.decode().splitlines()
    assert len(lines) == 2
    records = [json.loads(line) for line in lines]
    assert [r["path"] for r in records] == [str(SEED_000), "-"]
    assert records[1]["text"] == EXPECTED_001


def test_text_of_several_inputs_names_each_document():
    out = run_cli("clean", str(SEED_000), str(SEED_001)).stdout.decode()
    assert out == f"==> {SEED_000} <==\n{EXPECTED_000}\n==> {SEED_001} <==\n{EXPECTED_001}\n"


def test_dash_output_is_standard_output(tmp_path):
    proc = run_cli("clean", str(SEED_000), "-o", "-", cwd=tmp_path)
    assert proc.stdout.decode() == EXPECTED_000
    assert not (tmp_path / "-").exists()


def test_several_inputs_into_one_jsonl_file(tmp_path):
    target = tmp_path / "all.jsonl"
    proc = run_cli("clean", str(SEED_000), str(SEED_001), "--format", "jsonl", "-o", str(target))
    assert proc.returncode == 0 and proc.stdout == b""
    assert [json.loads(line)["path"] for line in target.read_text().splitlines()] == [str(SEED_000), str(SEED_001)]


def test_several_text_inputs_into_one_file_is_refused(tmp_path):
    proc = run_cli("clean", str(SEED_000), str(SEED_001), "-o", str(tmp_path / "x.txt"))
    assert proc.returncode == 2
    assert proc.stderr.decode().strip() == (f"cleaner: {tmp_path / 'x.txt'}: with several inputs, -o must be an "
                                            "existing folder (or use --format jsonl)")


def test_a_failed_input_leaves_the_others_in_the_array(tmp_path):
    proc = run_cli("clean", str(SEED_000), str(tmp_path / "missing.txt"), "--format", "json")
    assert proc.returncode == 3
    assert [d["path"] for d in json.loads(proc.stdout)] == [str(SEED_000)]
    assert proc.stderr.decode().strip() == f"cleaner: {tmp_path / 'missing.txt'}: no such file"
