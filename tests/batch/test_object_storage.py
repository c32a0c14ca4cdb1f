"""cleaner batch with IN and OUT in object storage: a real S3-compatible server (moto) on
127.0.0.1 and a two-worker Dask cluster that sees no shared disk, only the server."""
from __future__ import annotations

import os

import pytest

from .batch_trees import ROOT, make_tree, outputs, run_cli
from .dask_cluster import local_cluster

pytest.importorskip("s3fs")
pytest.importorskip("distributed")
moto_server = pytest.importorskip("moto.server")

CREDENTIALS = {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing", "AWS_DEFAULT_REGION": "us-east-1"}


@pytest.fixture(scope="module")
def s3(tmp_path_factory):
    """An S3 endpoint on 127.0.0.1 and the environment a client or worker uses to reach it."""
    server = moto_server.ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    try:
        host, port = server.get_host_and_port()
        env = dict(os.environ, PYTHONPATH=str(ROOT), AWS_ENDPOINT_URL=f"http://{host}:{port}", **CREDENTIALS)
        env.pop("AWS_PROFILE", None)
        yield env
    finally:
        server.stop()


@pytest.fixture(scope="module")
def cluster(s3, tmp_path_factory):
    """A scheduler and two single-threaded workers on 127.0.0.1, their own working folders,
    reaching storage only through the S3 endpoint (credentials in their environment)."""
    with local_cluster(tmp_path_factory.mktemp("dask-s3"), s3) as address:
        yield address


def _fs(env):
    import s3fs

    return s3fs.S3FileSystem(key=env["AWS_ACCESS_KEY_ID"], secret=env["AWS_SECRET_ACCESS_KEY"],
                             endpoint_url=env["AWS_ENDPOINT_URL"])


def _upload(fs, local, prefix: str) -> None:
    for path in sorted(local.rglob("*")):
        if path.is_file():
            fs.pipe_file(f"{prefix}/{path.relative_to(local).as_posix()}", path.read_bytes())


def _download(fs, prefix: str) -> dict[str, bytes]:
    return {path[len(prefix) + 1:]: fs.cat_file(path) for path in sorted(fs.find(prefix, detail=False))}


@pytest.mark.parametrize("fmt", ["text", "jsonl"])
def test_s3_in_and_out_on_a_dask_cluster_match_a_local_run(tmp_path, s3, cluster, fmt):
    fs = _fs(s3)
    bucket = f"pages-{fmt}"
    fs.mkdir(bucket)
    src = tmp_path / "in"
    make_tree(src, pages=4, texts=4)
    (src / "broken.txt").write_bytes(b"\x00\x01binary")
    (src / "notes.csv").write_text("a,b\n")
    _upload(fs, src, f"{bucket}/in")
    env = dict(s3, XDG_CACHE_HOME=str(tmp_path / "cache"))

    local = run_cli(src, tmp_path / "local", "-j", "2", "--format", fmt, env=env)
    remote = run_cli(f"s3://{bucket}/in", f"s3://{bucket}/out", "--scheduler", cluster, "--format", fmt, env=env)
    assert local.returncode == remote.returncode == 3, remote.stderr
    assert "1 skipped (1 not an input kind)" in remote.stderr and "cleaner: broken.txt: not text" in remote.stderr
    fs.invalidate_cache()
    got = _download(fs, f"{bucket}/out")
    assert got == outputs(tmp_path / "local")
    assert len(got) == (1 if fmt == "jsonl" else 8)
    # The manifest stayed with the client, in a cache folder; the bucket holds outputs only.
    assert list((tmp_path / "cache" / "cleaner" / "batch").glob("*/.cleaner-manifest.sqlite"))

    again = run_cli(f"s3://{bucket}/in", f"s3://{bucket}/out", "--scheduler", cluster, "--format", fmt, env=env)
    assert "0 cleaned, 8 up to date" in again.stderr, again.stderr


def test_s3_with_a_local_pool_and_an_explicit_manifest(tmp_path, s3):
    """Also a web archive read from the bucket."""
    pytest.importorskip("warcio")
    from .test_warc import write_warc

    fs = _fs(s3)
    fs.mkdir("pages-local")
    src = tmp_path / "in"
    make_tree(src, pages=3, texts=3)
    (src / "crawls").mkdir()
    write_warc(src / "crawls" / "crawl.warc.gz")
    _upload(fs, src, "pages-local/in")
    env = dict(s3, XDG_CACHE_HOME=str(tmp_path / "cache"))
    manifest = tmp_path / "state" / "m.sqlite"
    manifest.parent.mkdir()
    proc = run_cli("s3://pages-local/in", "s3://pages-local/out", "-j", "2", "--manifest", manifest, env=env)
    assert proc.returncode == 0, proc.stderr
    assert manifest.exists() and not (tmp_path / "cache").exists()
    assert "9 cleaned" in proc.stderr, proc.stderr
    local = run_cli(src, tmp_path / "local", "-j", "1", env=env)
    assert local.returncode == 0
    fs.invalidate_cache()
    got = _download(fs, "pages-local/out")
    assert got == outputs(tmp_path / "local") and len([k for k in got if k.startswith("crawls/crawl.warc.gz/")]) == 3


def test_missing_bucket_folder_is_a_usage_error(tmp_path, s3):
    proc = run_cli("s3://no-such-bucket/in", tmp_path / "out", env=dict(s3, XDG_CACHE_HOME=str(tmp_path)))
    assert proc.returncode == 2
    assert proc.stderr.strip().splitlines() == ["cleaner: s3://no-such-bucket/in: no such folder"]


def test_file_url_is_a_local_run_with_its_checks(tmp_path):
    src = tmp_path / "in"
    make_tree(src, pages=2, texts=2)
    proc = run_cli(f"file://{src}", f"file://{tmp_path / 'out'}", "-j", "1")
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "out" / ".cleaner-manifest.sqlite").exists()  # in OUT, as for a path
    assert len(outputs(tmp_path / "out")) == 4
