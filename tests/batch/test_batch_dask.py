"""cleaner batch --scheduler: the same work on a real Dask cluster (scheduler + worker processes on 127.0.0.1)."""
from __future__ import annotations

import json
import os

import pytest

from .batch_trees import ROOT, add_corpus, make_tree, outputs, run_cli
from .dask_cluster import local_cluster

pytest.importorskip("distributed")


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    """A scheduler and two single-threaded worker processes, all on 127.0.0.1; stopped afterwards."""
    with local_cluster(tmp_path_factory.mktemp("dask"), dict(os.environ, PYTHONPATH=str(ROOT))) as address:
        yield address


@pytest.mark.parametrize("fmt", ["text", "jsonl"])
def test_dask_run_matches_local_run(tmp_path, cluster, fmt):
    src = tmp_path / "in"
    make_tree(src, pages=10, texts=10)
    add_corpus(src, limit=4)
    (src / "broken.txt").write_bytes(b"\x00\x01binary")
    local = run_cli(src, tmp_path / "local", "-j", "2", "--format", fmt)
    remote = run_cli(src, tmp_path / "dask", "--scheduler", cluster, "--format", fmt)
    assert local.returncode == remote.returncode == 3, remote.stderr
    assert "1 failed" in remote.stderr and "cleaner: broken.txt: not text (binary data)" in remote.stderr
    assert outputs(tmp_path / "dask") == outputs(tmp_path / "local")
    assert len(outputs(tmp_path / "local")) >= (1 if fmt == "jsonl" else 20)
    again = run_cli(src, tmp_path / "dask", "--scheduler", cluster, "--format", fmt)
    assert "0 cleaned" in again.stderr and "1 failed" in again.stderr


def test_unreachable_scheduler_is_a_usage_error(tmp_path):
    src = tmp_path / "in"
    make_tree(src, pages=0, texts=1)
    import socket

    with socket.socket() as sock:  # a port on 127.0.0.1 that nothing listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    proc = run_cli(src, tmp_path / "out", "--scheduler", f"tcp://127.0.0.1:{port}", timeout=60,
                   env=dict(os.environ, PYTHONPATH=str(ROOT), DASK_DISTRIBUTED__COMM__TIMEOUTS__CONNECT="2s"))
    assert proc.returncode == 2
    assert proc.stderr.startswith(f"cleaner: cannot reach the Dask scheduler at tcp://127.0.0.1:{port}")
    assert len(proc.stderr.splitlines()) == 1


def test_learning_and_near_duplicates_on_dask_match_the_local_run(tmp_path, cluster):
    """The first pass's line counts come back from the workers and are merged as locally."""
    pytest.importorskip("datasketch")
    import shutil

    from tests.learn.pages import write_site

    src = tmp_path / "in"
    write_site(src / "gazette", pages=6)
    for seed in sorted((ROOT.parent / "shared" / "seeds").glob("*.txt")):
        shutil.copy(seed, src / seed.name)
    local = run_cli(src, tmp_path / "local", "-j", "2", "--learn", "--near-duplicates")
    remote = run_cli(src, tmp_path / "dask", "--scheduler", cluster, "--learn", "--near-duplicates")
    assert local.returncode == remote.returncode == 0, remote.stderr
    found = outputs(tmp_path / "dask")
    assert found == outputs(tmp_path / "local")
    assert any(name.startswith(".cleaner-learned/") for name in found)
    clusters = [json.loads(line) for line in found[".cleaner-duplicates.jsonl"].decode().splitlines()]
    assert [sorted(c["paths"]) for c in clusters if c["paths"][0].endswith(".txt")
            and "gazette" not in c["paths"][0]] == [[s.name for s in sorted((ROOT.parent / "shared" / "seeds")
                                                                           .glob("*.txt"))]]
    assert not (tmp_path / "dask" / ".cleaner-spool").exists()
