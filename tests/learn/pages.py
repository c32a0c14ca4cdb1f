"""Generated pages of one made-up site for the learn tests: chrome that repeats, articles that do not."""
from __future__ import annotations

import random
from pathlib import Path

WORDS = ("council river market school bridge harvest festival budget teacher library farmer station "
         "museum election storm harbour clinic garden railway orchestra").split()
STOPS = "the of and to in that it was for on with as at by from".split()

CHROME_HEAD = ["Valley Gazette Weekend Edition", "Town Desk · Valley Desk · Hills Desk"]
DISCLAIMER = ("The views expressed in this article are those of the writer and do not reflect "
              "the position of the newspaper or its owners.")


def sentence(rng: random.Random, n: int = 14) -> str:
    words = [rng.choice(WORDS) if k % 2 else rng.choice(STOPS) for k in range(n)]
    return " ".join(words).capitalize() + "."


def paragraph(rng: random.Random) -> str:
    return " ".join(sentence(rng, rng.randint(10, 18)) for _ in range(3))


def page(number: int, seed: int = 0) -> str:
    """One page: head chrome, a headline, prose, a counted line and the disclaimer, tail chrome."""
    rng = random.Random(seed * 1000 + number)
    body = [paragraph(rng) for _ in range(4)]
    lines = CHROME_HEAD + [f"The {rng.choice(WORDS)} {rng.choice(WORDS)} story {number}", ""]
    for k, para in enumerate(body):
        lines += [para, ""]
        if k == 1:
            lines += [f"Reader photos ({number * 7 % 23 + 1})", ""]
    lines += [DISCLAIMER, "", "Valley Gazette tip line: call 555 0100", "Printed edition archive", ""]
    return "\n".join(lines)


def write_site(folder: Path, pages: int = 5, seed: int = 0) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for n in range(1, pages + 1):
        (folder / f"page-{n}.txt").write_text(page(n, seed), encoding="utf-8")
    return folder
