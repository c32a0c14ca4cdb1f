"""cleaner batch --learn: the batch's own pages teach it the chrome of their site."""
from __future__ import annotations

import tomllib

from tests.conftest import run_cli
from tests.learn.pages import write_site


def test_batch_learns_the_sites_chrome_and_cleans_with_it(tmp_path):
    src, out = write_site(tmp_path / "in", pages=5), tmp_path / "out"
    plain = run_cli("batch", str(src), str(tmp_path / "plain"), "-j", "1")
    assert plain.returncode == 0, plain.stderr
    done = run_cli("batch", str(src), str(out), "-j", "1", "--learn")
    assert done.returncode == 0, done.stderr
    packs = sorted((out / ".cleaner-learned").glob("*.toml"))
    assert [p.name for p in packs] == ["no-url.toml"]
    assert b"learnt 1 site pack" in done.stderr
    assert run_cli("rules", "test", str(packs[0])).returncode == 0
    assert tomllib.loads(packs[0].read_text(encoding="utf-8"))["rule"]
    for n in range(1, 6):
        before = (tmp_path / "plain" / f"page-{n}.txt").read_text(encoding="utf-8")
        after = (out / f"page-{n}.txt").read_text(encoding="utf-8")
        assert "Reader photos" in before and "Reader photos" not in after
        assert len(after) > 0.8 * len(before)


def test_a_site_with_one_page_gets_no_pack(tmp_path):
    src, out = write_site(tmp_path / "in", pages=1), tmp_path / "out"
    done = run_cli("batch", str(src), str(out), "-j", "1", "--learn")
    assert done.returncode == 0, done.stderr
    assert not (out / ".cleaner-learned").exists()


def test_learning_needs_local_folders(tmp_path):
    src = write_site(tmp_path / "in", pages=2)
    done = run_cli("batch", str(src), "memory://bucket/out", "-j", "1", "--learn")
    assert done.returncode == 2
    assert done.stderr.decode().strip().splitlines() == [
        "cleaner: --learn and --near-duplicates need local folders, not URLs"]


def test_batch_learn_gives_what_cleaning_with_the_learnt_pack_gives(tmp_path):
    """The cleaning pass finishes the first pass's results; a user reusing the pack gets the same text."""
    src, out = write_site(tmp_path / "in", pages=5), tmp_path / "out"
    done = run_cli("batch", str(src), str(out), "-j", "2", "--learn")
    assert done.returncode == 0, done.stderr
    pack = out / ".cleaner-learned" / "no-url.toml"
    for n in range(1, 6):
        page = src / f"page-{n}.txt"
        again = run_cli("clean", "--rules", str(pack), str(page))
        assert (out / f"page-{n}.txt").read_text(encoding="utf-8") == again.stdout.decode()
    assert not (out / ".cleaner-spool").exists()


def test_json_output_lists_the_learnt_rules_removals(tmp_path):
    import json

    src, out = write_site(tmp_path / "in", pages=4), tmp_path / "out"
    done = run_cli("batch", str(src), str(out), "-j", "1", "--learn", "--format", "json")
    assert done.returncode == 0, done.stderr
    record = json.loads((out / "page-1.json").read_text(encoding="utf-8"))
    learnt = [r for r in record["removed"] if r["rule"].startswith("no-url/")]
    assert learnt and "Reader photos" not in record["text"]


def test_a_rerun_with_the_same_packs_skips_up_to_date_outputs(tmp_path):
    src, out = write_site(tmp_path / "in", pages=4), tmp_path / "out"
    assert run_cli("batch", str(src), str(out), "-j", "1", "--learn").returncode == 0
    again = run_cli("batch", str(src), str(out), "-j", "1", "--learn")
    assert again.returncode == 0 and b"0 cleaned, 4 up to date" in again.stderr


def test_the_first_pass_has_its_own_events_and_its_own_bar(tmp_path):
    import io

    from cleaner.batch.run import run_batch
    from cleaner.batch.task import Learning, Outcome, Started, Summary
    from cleaner.packs.ruleset import load_ruleset
    from cleaner.progress import Reporter

    src = write_site(tmp_path / "in", pages=3)
    events = list(run_batch(src, tmp_path / "out", load_ruleset(), jobs=1, count=True, learn=True))
    kinds = [type(e).__name__ for e in events]
    assert kinds == ["Started"] + ["Learning"] * 3 + ["Started"] + ["Outcome"] * 3 + ["Summary"]
    assert events[0] == Started(3, 1, learning=True) and events[4] == Started(3, 1)
    stream = io.StringIO()
    reporter = Reporter(stream, show_bar=True)
    for event in events:
        if isinstance(event, (Started, Learning, Outcome)):
            reporter.handle(event)
            if isinstance(event, Started):
                reporter._drawn = 0.0  # draw every step here
    assert "\rlearning 0/3 [" in stream.getvalue() and "\r0/3 [" in stream.getvalue()
    assert isinstance(events[-1], Summary) and events[-1].cleaned == 3
