"""cleaner batch: walking, odd inputs, safety of OUT_DIR, parallel determinism, resume."""
from __future__ import annotations

import io
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from .batch_trees import ROOT, add_corpus, make_tree, outputs, run_cli
from cleaner.batch import pools, task as batch_task
from cleaner.batch.pools import LocalPool, execute
from cleaner.batch.run import run_batch
from cleaner.batch.task import (ERRORS_NAME, JSONL_NAME, MANIFEST_NAME, BatchSettings, Outcome, Summary, Task,
                                run_task)
from cleaner.batch.walk import walk
from cleaner.progress import Reporter, bar_line
from cleaner.packs.ruleset import load_ruleset


@pytest.fixture(scope="module")
def ruleset():
    return load_ruleset()


def run(in_dir, out_dir, ruleset, **kwargs) -> Summary:
    events = list(run_batch(in_dir, out_dir, ruleset, **kwargs))
    assert isinstance(events[-1], Summary)
    return events[-1]


# ---------------------------------------------------------------- odd inputs, one run

@pytest.fixture(scope="module")
def odd_run(tmp_path_factory):
    base = tmp_path_factory.mktemp("odd")
    src, out, outside = base / "in", base / "out", base / "outside"
    src.mkdir()
    outside.mkdir()
    (outside / "secret.txt").write_text("A private note that must not be read or copied.\n")
    (src / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x01")
    (src / "empty.txt").write_bytes(b"")
    (src / "latin1.txt").write_bytes("Le caf\u00e9 de la gare a rouvert ses portes, d\u00e9j\u00e0 "
                                     "tr\u00e8s fr\u00e9quent\u00e9 par les habitu\u00e9s.\n".encode("latin-1"))
    spaced = src / "Zeitung März" / "Ein Bericht über Köln.txt"
    spaced.parent.mkdir()
    spaced.write_text("Der Stadtrat hat am Dienstag den neuen Fahrplan für die Busse beschlossen.\n")
    (src / "escape.txt").symlink_to(outside / "secret.txt")
    (src / "escape-dir").symlink_to(outside)
    (src / "picture.png").write_bytes(b"\x89PNG")
    proc = run_cli(src, out, "-j", "2")
    return src, out, outside, proc


def test_odd_inputs_exit_code_and_summary(odd_run):
    _, out, _, proc = odd_run
    assert proc.returncode == 3, proc.stderr
    assert proc.stdout == ""
    assert "\r" not in proc.stderr  # no progress bar when stderr is not a terminal
    assert "cleaner: binary.txt: not text (binary data)" in proc.stderr
    summary = proc.stderr.strip().splitlines()
    assert any(line.startswith("cleaner: batch: 3 processed (3 cleaned, 0 up to date), 3 skipped")
               and "1 failed" in line for line in summary), proc.stderr


def test_binary_file_is_named_in_errors_file(odd_run):
    _, out, _, _ = odd_run
    lines = (out / ERRORS_NAME).read_text().splitlines()
    assert [json.loads(line) for line in lines] == [{"path": "binary.txt", "error": "not text (binary data)"}]
    assert not (out / "binary.txt").exists()


def test_empty_file_gives_empty_output(odd_run):
    _, out, _, _ = odd_run
    assert (out / "empty.txt").read_bytes() == b""


def test_latin1_file_is_decoded(odd_run):
    _, out, _, _ = odd_run
    assert (out / "latin1.txt").read_text(encoding="utf-8") == (
        "Le caf\u00e9 de la gare a rouvert ses portes, d\u00e9j\u00e0 tr\u00e8s fr\u00e9quent\u00e9 "
        "par les habitu\u00e9s.\n")


def test_name_with_spaces_and_non_ascii(odd_run):
    _, out, _, _ = odd_run
    assert (out / "Zeitung März" / "Ein Bericht über Köln.txt").read_text().startswith("Der Stadtrat hat")


def test_symlinks_leaving_in_dir_are_skipped(odd_run):
    _, out, outside, proc = odd_run
    assert not (out / "escape.txt").exists() and not (out / "escape-dir").exists()
    assert sorted(p.name for p in outside.iterdir()) == ["secret.txt"]
    assert "2 symlink to outside IN_DIR" in proc.stderr
    assert "1 not an input kind" in proc.stderr


def test_names_with_a_newline_or_undecodable_bytes(tmp_path, ruleset):
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    raw = os.fsencode(src)
    with open(raw + b"/bad\xffname.txt", "wb") as handle:
        handle.write(b"An article sentence kept as it is.\n")
    with open(raw + b"/zz\nbinary.txt", "wb") as handle:
        handle.write(b"\x00\x01\x02")
    summary = run(src, out, ruleset, jobs=1)
    assert (summary.cleaned, summary.failed) == (1, 1)
    assert summary.failures == ["zz\\nbinary.txt: not text (binary data)"]  # one line, newline escaped
    with open(os.fsencode(out) + b"/bad\xffname.txt", "rb") as handle:
        assert handle.read() == b"An article sentence kept as it is.\n"
    assert json.loads((out / ERRORS_NAME).read_text()) == {"path": "zz\nbinary.txt",
                                                           "error": "not text (binary data)"}
    run(src, tmp_path / "jsonl", ruleset, jobs=1, fmt="jsonl")
    record = json.loads((tmp_path / "jsonl" / JSONL_NAME).read_text())
    assert record["path"] == "bad\\xffname.txt"


# ---------------------------------------------------------------- layout and naming

def test_tree_is_mirrored_with_the_format_extension(tmp_path, ruleset):
    src = tmp_path / "in"
    make_tree(src, pages=3, texts=2)
    (src / "notes.md").write_text("---\ntitle: Notes\n---\nThe notes of the meeting are here.\n")
    summary = run(src, tmp_path / "out", ruleset, fmt="json", jobs=1)
    assert summary.cleaned == 6 and summary.failed == 0
    assert sorted(outputs(tmp_path / "out")) == [
        "copied/n0/text000.json", "copied/n1/text001.json", "notes.json",
        "site0/page000.json", "site1/page001.json", "site2/page002.json"]
    record = json.loads((tmp_path / "out" / "site0" / "page000.json").read_text())
    assert record["metadata"]["title"] == "Bus plan number 0 approved"


def test_inputs_sharing_an_output_name_keep_their_full_names(tmp_path, ruleset):
    src = tmp_path / "in"
    src.mkdir()
    (src / "story.html").write_text("<html><body><p>An article in HTML form, long enough to keep.</p></body></html>")
    (src / "story.txt").write_text("The same story, copied as text from the page.\n")
    (src / "other.md").write_text("A Markdown note.\n")
    summary = run(src, tmp_path / "out", ruleset, fmt="markdown", jobs=1)
    assert summary.failed == 0
    assert sorted(outputs(tmp_path / "out")) == ["other.md", "story.html.md", "story.txt.md"]


def test_jsonl_writes_one_file_in_path_order(tmp_path, ruleset):
    src = tmp_path / "in"
    make_tree(src, pages=2, texts=2)
    summary = run(src, tmp_path / "out", ruleset, fmt="jsonl", jobs=2)
    assert summary.jsonl_path == str((tmp_path / "out" / JSONL_NAME).resolve())
    assert list(outputs(tmp_path / "out")) == [JSONL_NAME]
    records = [json.loads(line) for line in (tmp_path / "out" / JSONL_NAME).read_text().splitlines()]
    assert [r["path"] for r in records] == ["copied/n0/text000.txt", "copied/n1/text001.txt",
                                            "site0/page000.html", "site1/page001.html"]
    assert "Item 0." in records[0]["text"] and "Share this article" not in records[0]["text"]


def test_out_dir_inside_in_dir_is_not_walked(tmp_path, ruleset):
    src = tmp_path / "in"
    make_tree(src, pages=1, texts=2)
    first = run(src, src / "clean", ruleset, jobs=1)
    second = run(src, src / "clean", ruleset, jobs=1)
    assert (first.cleaned, second.cleaned, second.fresh, second.skipped) == (3, 0, 3, 0)


# ---------------------------------------------------------------- never outside OUT_DIR

def test_symlinked_folder_in_out_dir_is_not_written_through(tmp_path, ruleset):
    src, out, elsewhere = tmp_path / "in", tmp_path / "out", tmp_path / "elsewhere"
    (src / "sub").mkdir(parents=True)
    (src / "sub" / "a.txt").write_text("A sentence that is the article.\n")
    (src / "b.txt").write_text("Another sentence that is an article.\n")
    elsewhere.mkdir()
    out.mkdir()
    (out / "sub").symlink_to(elsewhere)
    summary = run(src, out, ruleset, jobs=1)
    assert list(elsewhere.iterdir()) == []
    assert summary.cleaned == 1 and summary.failed == 1
    assert summary.failures == ["sub/a.txt: output folder sub leads outside OUT_DIR (symlink); not written"]


def test_folders_that_overlap_are_refused(tmp_path):
    src = tmp_path / "in"
    make_tree(src, pages=0, texts=1)
    for out in (src, tmp_path):
        proc = run_cli(src, out)
        assert proc.returncode == 2
        assert proc.stderr == f"cleaner: {out}: OUT_DIR must not be IN_DIR or contain it\n"
    proc = run_cli(tmp_path / "missing", tmp_path / "out")
    assert proc.returncode == 2 and "no such folder" in proc.stderr


def test_bad_rule_file_stops_before_any_work(tmp_path):
    src = tmp_path / "in"
    make_tree(src, pages=0, texts=1)
    bad = tmp_path / "bad.toml"
    bad.write_text('[[rule]]\nid = "x/y"\nkind = "nope"\nmessage = "m"\n')
    proc = run_cli(src, tmp_path / "out", "--rules", bad)
    assert proc.returncode == 2
    assert proc.stderr.startswith(f"cleaner: {bad}:")
    assert not (tmp_path / "out").exists()


# ---------------------------------------------------------------- failures inside a document

def test_crash_in_a_rule_fails_that_input_only(tmp_path, ruleset, monkeypatch):
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text("text\n")
    config = BatchSettings(str(src), str(tmp_path / "out"))

    def boom(*args, **kwargs):
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr("cleaner.pipeline.clean_source", boom)
    outcome = run_task(config, Task("a.txt", "a.txt"), ruleset)
    assert (outcome.status, outcome.error) == ("failed", "internal error (ZeroDivisionError: division by zero)")


def test_document_over_the_time_limit_is_interrupted(tmp_path, ruleset, monkeypatch):
    src = tmp_path / "in"
    src.mkdir()
    (src / "slow.html").write_text("<p>page</p>")
    config = BatchSettings(str(src), str(tmp_path / "out"), time_limit=0.2)

    def hang(*args, **kwargs):  # an extractor stuck on a page: only the alarm stops it
        time.sleep(30)

    monkeypatch.setattr("cleaner.pipeline.clean_source", hang)
    started = time.monotonic()
    outcome = run_task(config, Task("slow.html", "slow.txt"), ruleset)
    assert time.monotonic() - started < 5
    assert (outcome.status, outcome.error) == ("failed", "time limit exceeded (0.2 s)")


def test_runaway_rule_pattern_fails_the_document_not_the_batch(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    # RE2 cannot check the lookahead, so regex must try each line and runs away on the first.
    (src / "evil.txt").write_text("a" * 40 + "!\naa\nThe rest of the article.\n")
    (src / "fine.txt").write_text("An ordinary article sentence.\n")
    rules = tmp_path / "slow.toml"
    rules.write_text("""[pack]
name = "slow"

[[rule]]
id = "slow/backtrack"
kind = "line"
message = "a pattern that backtracks for ages"
pattern = '^(?=(a|aa)+$)'

  [[rule.example]]
  input = "aaaa\\nkept\\n"
  expect = "kept\\n"
""")
    proc = run_cli(src, tmp_path / "out", "--rules", rules, "--time-limit", "0.5", "-j", "1")
    assert proc.returncode == 3, proc.stderr
    errors = [json.loads(line) for line in (tmp_path / "out" / ERRORS_NAME).read_text().splitlines()]
    assert [e["path"] for e in errors] == ["evil.txt"]
    assert "slow/backtrack" in errors[0]["error"] or "time limit" in errors[0]["error"]
    assert (tmp_path / "out" / "fine.txt").read_text() == "An ordinary article sentence.\n"


def _die_on_poison(tasks):  # runs in a pool worker
    if any("poison" in t.rel for t in tasks):
        os._exit(1)
    return pools._run_local(tasks)


class _PoisonPool(LocalPool):
    def submit(self, tasks):
        if self._executor is None:
            self._start()
        return self._executor.submit(_die_on_poison, tasks)


def test_worker_that_dies_fails_only_its_input(tmp_path, ruleset):
    src = tmp_path / "in"
    make_tree(src, pages=0, texts=6)
    (src / "copied" / "n0" / "poison.txt").write_text("This input kills its worker.\n")
    (tmp_path / "out").mkdir()
    config = BatchSettings(str(src.resolve()), str((tmp_path / "out").resolve()))
    tasks = [t for t in walk(config.in_dir, "text") if isinstance(t, Task)]
    pool = _PoisonPool(2, config, ruleset)
    try:
        results = list(execute(pool, tasks))
    finally:
        pool.close()
    assert [o.rel for o in results] == [t.rel for t in tasks]
    failed = [(o.rel, o.error) for o in results if o.status == "failed"]
    assert failed == [("copied/n0/poison.txt", "worker process died on this input (crash or out of memory)")]
    assert sum(o.status == "cleaned" for o in results) == 6


# ---------------------------------------------------------------- parallel runs agree

@pytest.mark.parametrize("fmt", ["text", "jsonl"])
def test_j1_and_j2_give_identical_outputs(tmp_path, ruleset, fmt):
    src = tmp_path / "in"
    make_tree(src, pages=8, texts=8)
    add_corpus(src, limit=6)
    one = run(src, tmp_path / "one", ruleset, fmt=fmt, jobs=1)
    two = run(src, tmp_path / "two", ruleset, fmt=fmt, jobs=2)
    assert one.failed == two.failed == 0
    assert one.cleaned == two.cleaned >= 16
    assert outputs(tmp_path / "one") == outputs(tmp_path / "two")


# ---------------------------------------------------------------- resume

def test_rerun_skips_what_is_up_to_date(tmp_path, ruleset):
    src, out = tmp_path / "in", tmp_path / "out"
    make_tree(src, pages=2, texts=4)
    first = run(src, out, ruleset, jobs=2)
    stamps = {p: p.stat().st_mtime_ns for p in out.rglob("*.txt")}
    second = run(src, out, ruleset, jobs=2)
    assert (first.cleaned, second.cleaned, second.fresh) == (6, 0, 6)
    assert {p: p.stat().st_mtime_ns for p in out.rglob("*.txt")} == stamps
    changed = src / "copied" / "n1" / "text001.txt"
    changed.write_text(changed.read_text().replace("Item 1.", "Item one."))
    (out / "site0" / "page000.txt").unlink()
    third = run(src, out, ruleset, jobs=2)
    assert (third.cleaned, third.fresh) == (2, 4)
    extra = tmp_path / "extra.toml"
    extra.write_text('[pack]\nname = "extra"\ndescription = "changes the rules digest"\n')
    fourth = run(src, out, load_ruleset([extra]), jobs=2)
    assert (fourth.cleaned, fourth.fresh) == (6, 0)
    fifth = run(src, out, ruleset, jobs=2, fmt="markdown")
    assert (fifth.cleaned, fifth.fresh) == (6, 0)


def _marked_processes(mark: str) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        try:
            if entry.name.isdigit() and mark.encode() in (entry / "environ").read_bytes():
                found.append(int(entry.name))
        except OSError:
            pass
    return found


def test_killed_run_resumes_without_redoing_finished_files(tmp_path):
    src, out, ref = tmp_path / "in", tmp_path / "out", tmp_path / "ref"
    make_tree(src, pages=20, texts=900)  # enough that a kill after 300 outputs lands mid-run
    total = 920
    mark = f"CLEANER_TEST_RUN={os.getpid()}-{time.monotonic_ns()}"
    env = dict(os.environ, PYTHONPATH=str(ROOT), CLEANER_TEST_RUN=mark.split("=")[1])
    proc = subprocess.Popen([sys.executable, "-m", "cleaner", "batch", str(src), str(out), "-j", "2"],
                            cwd=ROOT, env=env, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        deadline = time.monotonic() + 60
        # Rows are recorded in input order and trail the outputs by at most the pool's window
        # (16 chunks of 8 per worker: 256 here), so past 300 outputs some rows are in.
        while time.monotonic() < deadline and len(list(out.rglob("*.txt"))) < 300:
            time.sleep(0.02)
        assert proc.poll() is None, "the run finished before it could be killed"
        os.kill(proc.pid, signal.SIGKILL)  # the main process only, as a person would
        proc.wait()
        if Path("/proc/self/environ").exists():  # its workers notice and leave on their own
            deadline = time.monotonic() + 10
            while _marked_processes(mark) and time.monotonic() < deadline:
                time.sleep(0.1)
            assert _marked_processes(mark) == []
    finally:
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    db = sqlite3.connect(out / MANIFEST_NAME)
    done = {os.fsdecode(row[0]) for row in db.execute("SELECT output FROM files")}
    db.close()
    assert 0 < len(done) < total  # rows trail the renamed outputs by the files in flight
    # A write cut short leaves only a temporary file: plant one as a kill mid-write would.
    leftover = out / "copied" / "n0" / ".text298.txt.abcd1234.tmp"
    leftover.write_text("half of an out")
    stamps = {rel: (out / rel).stat().st_mtime_ns for rel in done}

    proc = run_cli(src, out, "-j", "2")
    assert proc.returncode == 0, proc.stderr
    assert f"({total - len(done)} cleaned, {len(done)} up to date)" in proc.stderr
    assert {rel: (out / rel).stat().st_mtime_ns for rel in done} == stamps
    assert not [p for p in out.rglob("*") if p.name.endswith(".tmp")]
    assert run_cli(src, ref, "-j", "2").returncode == 0
    assert outputs(out) == outputs(ref)


def test_second_batch_on_the_same_out_dir_is_refused(tmp_path, ruleset):
    src, out = tmp_path / "in", tmp_path / "out"
    make_tree(src, pages=0, texts=3)
    events = run_batch(src, out, ruleset, jobs=1)
    next(events)  # the first run holds the manifest
    try:
        proc = run_cli(src, out)
        assert proc.returncode == 2
        assert proc.stderr == f"cleaner: {out.resolve()}: another cleaner batch is writing here\n"
    finally:
        events.close()


# ---------------------------------------------------------------- what a person sees

def test_bar_line_shows_count_rate_eta_and_failures():
    line = bar_line(50, 200, 2, 10.0, 80)
    assert line.startswith("50/200 [") and " 25%" in line
    assert "5.0 docs/s" in line and "ETA 0:30" in line and line.endswith("2 failed")
    assert len(line) <= 80
    assert bar_line(7, None, 0, 1.0, 80) == "7 done    7.0 docs/s"


def test_reporter_draws_on_a_terminal_and_prints_a_summary():
    stream = io.StringIO()
    reporter = Reporter(stream, show_bar=True)
    reporter.handle(batch_task.Started(2, 1))
    reporter.handle(Outcome("a.txt", "cleaned"))
    reporter.handle(Outcome("b.txt", "failed", error="not text (binary data)"))
    reporter.handle(Summary(cleaned=1, failed=1, skipped=1, skip_reasons={"not an input kind": 1},
                            seconds=2.0, errors_path="out/.cleaner-errors.jsonl",
                            failures=["b.txt: not text (binary data)"]))
    text = stream.getvalue()
    assert text.startswith("\r0/2 [")
    assert text.endswith("\r\x1b[K"
                         "cleaner: b.txt: not text (binary data)\n"
                         "cleaner: batch: 1 processed (1 cleaned, 0 up to date), 1 skipped (1 not an input kind), "
                         "1 failed, 2.0 s (1.0 docs/s)\n"
                         "cleaner: failures listed in out/.cleaner-errors.jsonl\n")
    quiet = io.StringIO()
    reporter = Reporter(quiet, show_bar=False)
    reporter.handle(batch_task.Started(None, 1))
    reporter.handle(Outcome("a.txt", "cleaned"))
    assert quiet.getvalue() == ""


@pytest.mark.parametrize("fmt,ext", [("text", ".txt"), ("markdown", ".md"), ("json", ".json")])
def test_batch_output_equals_clean_output(tmp_path, fmt, ext):
    """A batch writes for each input exactly what `cleaner clean --format FMT` prints for it."""
    from ..conftest import run_cli as run_cleaner

    src = tmp_path / "in"
    src.mkdir()
    (src / "news.html").write_bytes((ROOT / "fixtures" / "html-news" / "input.html").read_bytes())
    proc = run_cli(src, tmp_path / "out", "-j", "1", "--format", fmt)
    assert proc.returncode == 0, proc.stderr
    printed = run_cleaner("clean", str(src / "news.html"), "--format", fmt)
    assert printed.returncode == 0, printed.stderr
    assert (tmp_path / "out" / f"news{ext}").read_bytes() == printed.stdout
