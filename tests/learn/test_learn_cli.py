"""cleaner learn through the real command line: the pack it writes is valid, tested and useful."""
from __future__ import annotations

import tomllib

from tests.conftest import run_cli
from tests.learn.pages import DISCLAIMER, write_site


def _learn(tmp_path, *args):
    site = write_site(tmp_path / "site", pages=5)
    pack = tmp_path / "site.toml"
    done = run_cli("learn", str(site), "-o", str(pack), *args)
    assert done.returncode == 0, done.stderr
    return site, pack, done


def test_learnt_pack_validates_and_its_examples_pass(tmp_path):
    _, pack, _ = _learn(tmp_path, "--domain", "gazette.example")
    assert run_cli("rules", "validate", str(pack)).returncode == 0
    tested = run_cli("rules", "test", str(pack))
    assert tested.returncode == 0, tested.stdout + tested.stderr
    data = tomllib.loads(pack.read_text(encoding="utf-8"))
    assert data["pack"]["domains"] == ["gazette.example"]
    assert data["rule"] and all(rule["kind"] == "line" and rule["example"] for rule in data["rule"])


def test_counted_line_becomes_one_pattern_and_each_rule_says_how_often_it_recurred(tmp_path):
    _, pack, _ = _learn(tmp_path, "--domain", "gazette.example")
    text = pack.read_text(encoding="utf-8")
    rules = tomllib.loads(text)["rule"]
    photos = [r for r in rules if "pattern" in r and any("photos" in p for p in r["pattern"])]
    assert len(photos) == 1 and "\\d+" in photos[0]["pattern"][0]
    assert text.count("# recurs on 5 of 5 pages") >= len(rules)


def test_prose_that_recurs_is_reported_not_learnt(tmp_path):
    _, pack, done = _learn(tmp_path, "--domain", "gazette.example")
    assert b"reads like article text" in done.stderr
    rules = tomllib.loads(pack.read_text(encoding="utf-8"))["rule"]
    assert not any(DISCLAIMER in str(rule.get("phrases", "")) + str(rule.get("pattern", "")) for rule in rules)
    assert DISCLAIMER[:60] in pack.read_text(encoding="utf-8")  # listed as a comment


def test_cleaning_a_new_page_with_the_pack_removes_the_chrome_and_keeps_the_article(tmp_path):
    _, pack, _ = _learn(tmp_path)
    new = write_site(tmp_path / "new", pages=1, seed=7) / "page-1.txt"
    plain = run_cli("clean", str(new)).stdout.decode()
    learnt = run_cli("clean", "--rules", str(pack), str(new)).stdout.decode()
    assert "Reader photos" in plain and "Reader photos" not in learnt
    assert learnt.replace("\n", "") in plain.replace("\n", "").replace("Reader photos (8)", "")


def test_without_a_domain_the_pack_is_scoped_by_a_fingerprint(tmp_path):
    _, pack, _ = _learn(tmp_path)
    data = tomllib.loads(pack.read_text(encoding="utf-8"))
    assert data["pack"].get("fingerprints") and "domains" not in data["pack"]


def test_url_prefix_scopes_by_its_host(tmp_path):
    _, pack, _ = _learn(tmp_path, "--url-prefix", "https://www.gazette.example/news/")
    assert tomllib.loads(pack.read_text(encoding="utf-8"))["pack"]["domains"] == ["gazette.example"]


def test_html_pages_are_scoped_by_their_canonical_host(tmp_path):
    site = tmp_path / "html"
    site.mkdir()
    from tests.learn.pages import paragraph
    import random

    for n in range(1, 4):
        rng = random.Random(n)
        paras = "".join(f"<p>{paragraph(rng)}</p>" for _ in range(4))
        (site / f"p{n}.html").write_text(
            f'<html><head><link rel="canonical" href="https://www.gazette.example/a/{n}"><title>T{n}</title></head>'
            f"<body><article><h1>Story {n}</h1>{paras}<p>Gazette members save twice ({n} offers)</p>"
            f"</article></body></html>", encoding="utf-8")
    pack = tmp_path / "h.toml"
    done = run_cli("learn", str(site), "-o", str(pack))
    assert done.returncode == 0, done.stderr
    data = tomllib.loads(pack.read_text(encoding="utf-8"))
    assert data["pack"]["domains"] == ["gazette.example"]
    assert run_cli("rules", "test", str(pack)).returncode == 0


def test_an_empty_folder_is_a_usage_error(tmp_path):
    done = run_cli("learn", str(tmp_path))
    assert done.returncode == 2 and b"no pages" in done.stderr
