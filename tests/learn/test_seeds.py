"""Learning on the seeds' sites: the packs round-trip through the rule tools and the seeds stay exact.

One page per site cannot show what recurs, so each seed's site is given more
pages: the seed's own chrome lines, as they are, around other articles (each
line of the seed's expected output replaced by a generated paragraph).
"""
from __future__ import annotations

import random
import tomllib
from pathlib import Path

import pytest

from tests.conftest import FIXTURES, run_cli
from tests.learn.pages import paragraph

SEEDS = ("seed-spacedaily", "seed-breadcrumbs")


def site_pages(seed: str, folder: Path, pages: int = 4, extra: str | None = None) -> Path:
    """The seed (page-0) and ``pages`` more pages of its site; ``extra`` adds a line only they carry."""
    given = (FIXTURES / seed / "input.txt").read_text(encoding="utf-8")
    article = {line.strip() for line in (FIXTURES / seed / "expected.txt").read_text(encoding="utf-8").split("\n")
               if line.strip()}
    folder.mkdir(parents=True)
    (folder / "page-0.txt").write_text(given, encoding="utf-8")
    for n in range(1, pages + 1):
        rng = random.Random(n)
        lines = given.split("\n")
        if extra:  # in the head of the cleaned page: after the article's first paragraph
            second = [k for k, line in enumerate(lines) if line.strip() in article][1]
            lines.insert(second, extra.format(n=n * 7))
        lines = [paragraph(rng) if line.strip() in article else line for line in lines]
        (folder / f"page-{n}.txt").write_text("\n".join(lines), encoding="utf-8")
    return folder


@pytest.mark.parametrize("seed", SEEDS)
def test_the_seed_sites_pack_round_trips_and_keeps_the_seed_exact(tmp_path, seed):
    # Without the shipped rules, every chrome line of the seed's site is there to be learnt.
    site = site_pages(seed, tmp_path / seed)
    pack = tmp_path / f"{seed}.toml"
    done = run_cli("learn", "--no-builtin", str(site), "-o", str(pack), "--domain", f"{seed}.example")
    assert done.returncode == 0, done.stderr
    rules = tomllib.loads(pack.read_text(encoding="utf-8"))["rule"]
    assert len(rules) >= 3
    validated = run_cli("rules", "validate", str(pack))
    assert validated.returncode == 0, validated.stdout + validated.stderr
    tested = run_cli("rules", "test", str(pack))
    assert tested.returncode == 0, tested.stdout + tested.stderr
    assert f"{len(rules)} examples of {len(rules)} rules: all pass".encode() in tested.stdout + tested.stderr
    cleaned = run_cli("clean", "--rules", str(pack), str(FIXTURES / seed / "input.txt"))
    assert cleaned.stdout.decode() == (FIXTURES / seed / "expected.txt").read_text(encoding="utf-8")


def test_batch_learn_keeps_the_seeds_exact_and_drops_what_their_sites_repeat(tmp_path):
    src, out = tmp_path / "in", tmp_path / "out"
    for seed in SEEDS:
        site_pages(seed, src / seed, extra="Readers' poll: {n} votes so far")
    done = run_cli("batch", str(src), str(out), "-j", "2", "--learn")
    assert done.returncode == 0, done.stderr
    packs = list((out / ".cleaner-learned").glob("*.toml"))
    assert len(packs) == 1
    assert run_cli("rules", "test", str(packs[0])).returncode == 0
    for seed in SEEDS:
        assert (out / seed / "page-0.txt").read_text(encoding="utf-8") == \
            (FIXTURES / seed / "expected.txt").read_text(encoding="utf-8")
        for n in range(1, 5):
            assert "Readers' poll" not in (out / seed / f"page-{n}.txt").read_text(encoding="utf-8")
    assert not (out / ".cleaner-spool").exists()
