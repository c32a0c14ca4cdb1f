"""cleaner batch on web archives: a WARC written here with warcio, cleaned through the real CLI."""
from __future__ import annotations

import gzip
import io
import json

import pytest

from cleaner.batch.warc import record_key

from .batch_trees import PAGE, TEXT, outputs, run_cli

pytest.importorskip("warcio")

IDS = {
    "page1": "<urn:uuid:11111111-1111-4111-8111-111111111111>",
    "page2": "<urn:uuid:22222222-2222-4222-8222-222222222222>",
    "image": "<urn:uuid:33333333-3333-4333-8333-333333333333>",
    "wet": "<urn:uuid:44444444-4444-4444-8444-444444444444>",
    "request": "<urn:uuid:55555555-5555-4555-8555-555555555555>",
}


def write_warc(path, gzip_members: bool = True) -> None:
    """Two HTML responses (one gzip-encoded in windows-1252), an image, a conversion, a request."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with open(path, "wb") as handle:
        writer = WARCWriter(handle, gzip=gzip_members)

        def response(rid, url, body, headers):
            http = StatusAndHeaders("200 OK", headers, protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(body),
                                                          http_headers=http,
                                                          warc_headers_dict={"WARC-Record-ID": rid}))

        page1 = PAGE.format(title="Bus plan approved", body="Story one.").encode("utf-8")
        response(IDS["page1"], "https://news.example.org/2024/bus-plan", page1,
                 [("Content-Type", "text/html; charset=utf-8"), ("Content-Length", str(len(page1)))])
        # No charset in the page itself: only the HTTP header says windows-1252.
        page2 = PAGE.format(title="Café owners protest", body="Story two, from Café Müller.").replace(
            '<meta charset="utf-8">', "").encode("cp1252")
        packed = gzip.compress(page2)
        response(IDS["page2"], "https://news.example.org/2024/cafe", packed,
                 [("Content-Type", "text/html; charset=windows-1252"), ("Content-Encoding", "gzip"),
                  ("Content-Length", str(len(packed)))])
        response(IDS["image"], "https://news.example.org/logo.png", b"\x89PNG\r\n\x1a\n",
                 [("Content-Type", "image/png")])
        text = TEXT.format(title="Report on small firms", body="Item one.").encode("utf-8")
        writer.write_record(writer.create_warc_record(
            "https://news.example.org/2024/report", "conversion", payload=io.BytesIO(text),
            warc_content_type="text/plain", warc_headers_dict={"WARC-Record-ID": IDS["wet"]}))
        request = StatusAndHeaders("GET /2024/bus-plan HTTP/1.1", [("Host", "news.example.org")],
                                   is_http_request=True)
        writer.write_record(writer.create_warc_record(
            "https://news.example.org/2024/bus-plan", "request", payload=io.BytesIO(b""),
            http_headers=request, warc_headers_dict={"WARC-Record-ID": IDS["request"]}))


def key(name: str) -> str:
    return record_key(IDS[name])


def test_record_keys_are_file_names():
    assert key("page1") == "11111111-1111-4111-8111-111111111111"
    assert record_key("<urn:x/../../etc:1>") == "urn_x_.._.._etc_1"
    assert record_key("<..>") == "_.." and record_key("") == "_"


def test_archive_gives_one_output_per_page_record_and_resumes(tmp_path):
    archive = tmp_path / "crawl.warc.gz"
    write_warc(archive)
    proc = run_cli(archive, tmp_path / "out")
    assert proc.returncode == 0, proc.stderr
    assert "3 cleaned" in proc.stderr, proc.stderr
    assert "2 skipped (1 WARC request record, 1 WARC response, not HTML)" in proc.stderr
    got = outputs(tmp_path / "out")
    assert sorted(got) == sorted(f"crawl.warc.gz/{key(n)}.txt" for n in ("page1", "page2", "wet"))
    page1 = got[f"crawl.warc.gz/{key('page1')}.txt"].decode()
    assert "Residents said the new schedule" in page1 and "Copyright 2024" not in page1
    assert "Story two, from Café Müller." in got[f"crawl.warc.gz/{key('page2')}.txt"].decode()
    wet = got[f"crawl.warc.gz/{key('wet')}.txt"].decode()
    assert "The report recommends changes" in wet and "Share this article" not in wet

    again = run_cli(archive, tmp_path / "out")
    assert again.returncode == 0 and "0 cleaned, 3 up to date" in again.stderr, again.stderr
    assert outputs(tmp_path / "out") == got


def test_jsonl_records_carry_archive_path_record_id_and_url(tmp_path):
    archive = tmp_path / "crawl.warc"
    write_warc(archive, gzip_members=False)
    proc = run_cli(archive, tmp_path / "out", "--format", "jsonl")
    assert proc.returncode == 0, proc.stderr
    lines = [json.loads(line) for line in (tmp_path / "out" / "cleaned.jsonl").read_text().splitlines()]
    assert [r["path"] for r in lines] == sorted(f"crawl.warc/{key(n)}" for n in ("page1", "page2", "wet"))
    by_id = {r["record_id"]: r for r in lines}
    assert by_id[IDS["page1"]]["url"] == "https://news.example.org/2024/bus-plan"
    assert by_id[IDS["page1"]]["metadata"]["url"] == "https://news.example.org/2024/bus-plan"
    assert by_id[IDS["page1"]]["metadata"]["title"] == "Bus plan approved"
    assert by_id[IDS["wet"]]["metadata"]["url"] == "https://news.example.org/2024/report"
    again = run_cli(archive, tmp_path / "out", "--format", "jsonl")
    assert "0 cleaned, 3 up to date" in again.stderr, again.stderr
    assert [json.loads(line) for line in (tmp_path / "out" / "cleaned.jsonl").read_text().splitlines()] == lines


def test_archives_in_a_folder_sit_beside_other_inputs(tmp_path):
    src = tmp_path / "in"
    (src / "crawls").mkdir(parents=True)
    write_warc(src / "crawls" / "a.warc.gz")
    (src / "note.txt").write_text(TEXT.format(title="A note on firms", body="Note."), encoding="utf-8")
    proc = run_cli(src, tmp_path / "out", "-j", "2")
    assert proc.returncode == 0, proc.stderr
    assert "4 cleaned" in proc.stderr, proc.stderr
    got = outputs(tmp_path / "out")
    assert "note.txt" in got and f"crawls/a.warc.gz/{key('page1')}.txt" in got


def test_damaged_archive_fails_once_and_keeps_what_was_read(tmp_path):
    archive = tmp_path / "crawl.warc.gz"
    write_warc(archive)
    data = archive.read_bytes()
    archive.write_bytes(data[: len(data) // 2] + b"garbage, not gzip")
    proc = run_cli(archive, tmp_path / "out")
    assert proc.returncode == 3, proc.stderr
    assert "crawl.warc.gz: archive unreadable after" in proc.stderr


def test_missing_extra_is_a_one_line_usage_error(tmp_path):
    archive = tmp_path / "crawl.warc.gz"
    write_warc(archive)
    blocker = tmp_path / "blocker"
    blocker.mkdir()
    (blocker / "warcio").mkdir()
    (blocker / "warcio" / "__init__.py").write_text("raise ImportError('not installed')\n")
    import os

    from .batch_trees import ROOT

    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(blocker), str(ROOT)]))
    proc = run_cli(archive, tmp_path / "out", env=env)
    assert proc.returncode == 2
    assert proc.stderr.strip().splitlines() == [
        "cleaner: reading web archives (.warc, .warc.gz) needs warcio: pip install 'sitecleaner[warc]'"]
