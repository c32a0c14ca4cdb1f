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
