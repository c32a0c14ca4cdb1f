"""Commands write only where asked: never through a planted link, never over an input, never splitting links."""
from __future__ import annotations

import json
import os

import pytest

from ..batch.batch_trees import TEXT, run_cli

ARTICLE = TEXT.format(title="Council approves the new bus schedule", body="The vote was close.")


def _tree(tmp_path):
    src, out, elsewhere = tmp_path / "in", tmp_path / "out", tmp_path / "elsewhere"
    for folder in (src, out, elsewhere):
        folder.mkdir()
    (src / "a.txt").write_text(ARTICLE)
    victim = elsewhere / "victim"
    victim.write_text("precious\n")
    return src, out, victim


@pytest.mark.parametrize("planted", ["a.txt", ".cleaner-errors.jsonl"])
def test_1_batch_never_writes_through_a_link_planted_in_out_dir(tmp_path, planted):
    src, out, victim = _tree(tmp_path)
    (src / "b.txt").write_bytes(b"\xff\xfe\x00binary\x00")  # one failure, so the errors file gets a line
    os.symlink(victim, out / planted)
    proc = run_cli(str(src), str(out))
    assert proc.returncode in (0, 3), proc.stderr
    assert victim.read_text() == "precious\n"
    assert not (out / planted).is_symlink() and (out / planted).is_file()


def test_1_batch_jsonl_never_writes_through_a_planted_link(tmp_path):
    src, out, victim = _tree(tmp_path)
    os.symlink(victim, out / "cleaned.jsonl")
    proc = run_cli(str(src), str(out), "--format", "jsonl")
    assert proc.returncode == 0, proc.stderr
    assert victim.read_text() == "precious\n"
    assert not (out / "cleaned.jsonl").is_symlink()
    assert json.loads((out / "cleaned.jsonl").read_text().splitlines()[0])["path"] == "a.txt"


def test_3_batch_refuses_an_out_dir_that_holds_inputs(tmp_path):
    pages = tmp_path / "pages"
    (pages / "2024").mkdir(parents=True)
    (pages / "a.txt").write_text(ARTICLE)
    (pages / "2024" / "a.txt").write_text("an input of its own\n")
    proc = run_cli(str(pages), str(pages / "2024"))
    assert proc.returncode == 2
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and "holds inputs" in lines[0]
    assert (pages / "2024" / "a.txt").read_text() == "an input of its own\n"


CHROME_PAGE = "Home\nNews\nSport\n" + ARTICLE


def _fix_cli(*args):
    from ..conftest import run_cli as cleaner

    return cleaner("fix", "--no-config", *args)


def test_2_fix_skips_and_reports_a_link_to_a_file_outside_the_folder(tmp_path):
    docs, elsewhere = tmp_path / "docs", tmp_path / "elsewhere"
    docs.mkdir()
    elsewhere.mkdir()
    victim = elsewhere / "page.txt"
    victim.write_text(CHROME_PAGE)
    os.symlink(victim, docs / "page.txt")
    (docs / "own.txt").write_text(CHROME_PAGE)
    proc = _fix_cli(str(docs))
    assert victim.read_text() == CHROME_PAGE
    assert "outside" in proc.stderr.decode() and "page.txt" in proc.stderr.decode()
    assert (docs / "own.txt").read_text() != CHROME_PAGE  # the folder's own file is fixed


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="needs root to give a file away")
def test_4_fix_keeps_owner_and_group(tmp_path):
    page = tmp_path / "page.txt"
    page.write_text(CHROME_PAGE)
    os.chown(page, 4321, 4322)
    _fix_cli(str(page))
    info = page.stat()
    assert page.read_text() != CHROME_PAGE
    assert (info.st_uid, info.st_gid) == (4321, 4322)


def test_4_fix_keeps_hard_links_one_file(tmp_path):
    page, twin = tmp_path / "page.txt", tmp_path / "twin.txt"
    page.write_text(CHROME_PAGE)
    os.link(page, twin)
    _fix_cli(str(page))
    assert page.read_text() != CHROME_PAGE
    assert page.stat().st_ino == twin.stat().st_ino and twin.read_text() == page.read_text()
    assert not [p.name for p in tmp_path.iterdir() if p.name.startswith(".")]  # no copy left behind
