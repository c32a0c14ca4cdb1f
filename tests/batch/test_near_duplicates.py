"""cleaner batch --near-duplicates: one story on several sites is one cluster; one topic is not."""
from __future__ import annotations

import json
import shutil

import pytest

from tests.conftest import SHARED, run_cli

pytest.importorskip("datasketch")

SEEDS = SHARED / "seeds"

STORY = """Flood barrier finished

The city council opened the new flood barrier on the east river on Monday, two years after storms flooded
the old harbour district and forced hundreds of families from their homes.

Engineers said the steel gates can close within twelve minutes and hold back water two metres above the
highest tide recorded since the harbour was built.

The mayor thanked residents for their patience during construction, which closed the riverside road for
eighteen months and moved the Saturday fish market to the railway yard.

Shop owners in the harbour district said insurance premiums had tripled since the storms and hoped the
barrier would bring them down before the next winter.
"""

SAME_TOPIC = """Residents question cost of river defences

Critics of the east river flood barrier told a packed public meeting on Thursday that the project went
forty percent over budget while smaller drainage repairs upstream were postponed again.

A retired surveyor argued that sediment building up behind the gates will need dredging every spring,
a cost he said the council never published in its planning documents.

Council officers replied that independent auditors approved the spending and that upstream drainage
work is scheduled once the regional government releases its climate adaptation grants.

Several farmers from the valley asked why their fields, which flooded twice last year, were left out of
the protection plan altogether.
"""


def _chrome(text: str, site: str) -> str:
    head = f"{site} | Home | Local | Sport | Weather\nSkip to content\n\n"
    tail = f"\n\nMore from {site}\nSign up for the {site} morning briefing\n© 2025 {site} Media\n"
    return head + text + tail


def _batch(tmp_path, files: dict[str, str]):
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    for name, text in files.items():
        (src / name).write_text(text, encoding="utf-8")
    done = run_cli("batch", str(src), str(out), "-j", "1", "--near-duplicates")
    assert done.returncode == 0, done.stderr
    lines = (out / ".cleaner-duplicates.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines], out, done


def test_the_two_seeds_are_one_story(tmp_path):
    files = {p.name: p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))}
    clusters, _, done = _batch(tmp_path, files)
    assert [sorted(c["paths"]) for c in clusters] == [sorted(files)]
    assert 0 < clusters[0]["similarity"] <= 1
    assert b"1 near-duplicate cluster" in done.stderr


def test_one_article_with_two_sites_chrome_clusters_and_another_on_its_topic_does_not(tmp_path):
    clusters, _, _ = _batch(tmp_path, {"a.txt": _chrome(STORY, "Harbour Herald"),
                                       "b.txt": _chrome(STORY, "Valley Courier"),
                                       "c.txt": _chrome(SAME_TOPIC, "Harbour Herald")})
    assert [c["paths"] for c in clusters] == [["a.txt", "b.txt"]]
    assert clusters[0]["similarity"] > 0.8


def test_articles_on_one_topic_alone_make_no_cluster(tmp_path):
    clusters, _, _ = _batch(tmp_path, {"a.txt": STORY, "c.txt": SAME_TOPIC})
    assert clusters == []


def test_drop_duplicates_keeps_the_first_of_each_cluster(tmp_path):
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    for name in ("a.txt", "b.txt"):
        (src / name).write_text(_chrome(STORY, name), encoding="utf-8")
    shutil.copy(SEEDS / "000_0c1a0ff22d8527e9.txt", src / "c.txt")
    done = run_cli("batch", str(src), str(out), "-j", "1", "--drop-duplicates")
    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in out.iterdir() if not p.name.startswith(".")) == ["a.txt", "c.txt"]
    assert (out / ".cleaner-duplicates.jsonl").exists()


def test_jsonl_output_loses_the_dropped_records(tmp_path):
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    for name in ("a.txt", "b.txt"):
        (src / name).write_text(_chrome(STORY, name), encoding="utf-8")
    done = run_cli("batch", str(src), str(out), "-j", "1", "--format", "jsonl", "--drop-duplicates")
    assert done.returncode == 0, done.stderr
    records = [json.loads(line) for line in (out / "cleaned.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [r["path"] for r in records] == ["a.txt"]
