"""Properties over random and mutated inputs through ``cleaner.clean()``.

- only the documented error classes (``cleaner.errors.CleanerError``) escape;
- the output holds no word that is not in the input (reflow and extraction never invent one);
- the time limit holds (a document ends, or fails with ``DocumentTimeout``, within a second of it).

Example counts are small so the whole suite stays fast; CI runs them on every push.
"""
from __future__ import annotations

import re
import time
from pathlib import Path

import pytest

hypothesis = pytest.importorskip("hypothesis")
from hypothesis import HealthCheck, given, settings, strategies as st  # noqa: E402

from cleaner import clean  # noqa: E402
from cleaner.errors import CleanerError  # noqa: E402
from cleaner.text.scripts import UNSPACED_CLASS  # noqa: E402

FIXTURES = Path(__file__).resolve().parent.parent.parent / "fixtures"
SEEDS = sorted((p.suffix, p.read_bytes()) for p in FIXTURES.glob("*/input.*") if p.stat().st_size < 200_000)[:16]
TIME_LIMIT = 1.0
SLACK = 1.0
_SETTINGS = dict(deadline=None, derandomize=True, database=None, suppress_health_check=[HealthCheck.too_slow])

# Words of several scripts (spaced and unspaced), chrome-like lines, and odd characters.
WORDS = st.sampled_from(["Home", "News", "Sport", "Advertisement", "Share", "council", "met", "on", "Tuesday",
                         "남상미가", "처음으로", "新闻", "体育", "ข่าว", "ニュース", "well-", "known", "—", "|", "•",
                         "Subscribe", "now", "Copyright", "2024", "\0", "\t", "\u200b", "\ufeff"])
LINE = st.lists(WORDS, min_size=0, max_size=14).map(" ".join)
TEXT = st.lists(LINE, min_size=0, max_size=40).map("\n".join)


def _mutate(data: bytes, edits: list[tuple[int, int, bytes]]) -> bytes:
    for kind, pos, chunk in edits:
        pos = pos % (len(data) + 1)
        if kind == 0:
            data = data[:pos] + chunk + data[pos:]
        elif kind == 1:
            data = data[:pos] + data[pos + len(chunk):]
        elif kind == 2:
            data = data[:pos]
        else:
            line_end = data.find(b"\n", pos)
            data = data[:line_end + 1] + data[pos:line_end + 1] + data[line_end + 1:] if line_end >= 0 else data
    return data


EDITS = st.lists(st.tuples(st.integers(0, 3), st.integers(0, 1 << 20), st.binary(min_size=1, max_size=6)),
                 max_size=6)


def _joinable(text: str) -> str:
    """The input with the joins reflow may make undone in advance: wrapped unspaced-script
    text glued, and a word broken at its hyphen rejoined."""
    text = re.sub(rf"(?<={UNSPACED_CLASS})[ \t]*\n[ \t]*(?={UNSPACED_CLASS})", "", text)
    return re.sub(r"-[ \t]*\n[ \t]*", "-", text)


def _check(data: bytes | str, ruleset, name: str, *, words: bool = True) -> None:
    started = time.monotonic()
    try:
        result = clean(data, name=name, ruleset=ruleset, time_limit=TIME_LIMIT)
    except CleanerError:
        assert time.monotonic() - started < TIME_LIMIT + SLACK + 1
        return
    assert time.monotonic() - started < TIME_LIMIT + SLACK + 1
    if not words:
        return
    source = data if isinstance(data, str) else _decoded(data, name)
    plain, joined = source, _joinable(source)
    for token in result.text.split():
        assert token in plain or token in joined, f"invented {token!r}"


def _decoded(data: bytes, name: str) -> str:
    from cleaner.io.sources import decode

    return decode(data, name)[0]


@settings(max_examples=60, **_SETTINGS)
@given(text=TEXT)
def test_random_text_invents_nothing_and_raises_only_cleaner_errors(builtin_ruleset, text):
    _check(text, builtin_ruleset, "page.txt")


@settings(max_examples=30, **_SETTINGS)
@given(seed=st.sampled_from(SEEDS) if SEEDS else st.just((".txt", b"Home\nNews\n")), edits=EDITS)
def test_mutated_documents_raise_only_cleaner_errors(builtin_ruleset, seed, edits):
    suffix, data = seed
    # HTML decodes entities (``&amp;`` gives ``&``), so only text inputs are checked word by word.
    _check(_mutate(data, edits), builtin_ruleset, "page" + suffix, words=suffix in (".txt", ".md"))


@settings(max_examples=15, **_SETTINGS)
@given(paragraphs=st.lists(st.lists(WORDS.filter(lambda w: w not in ("\0",)), min_size=1, max_size=20)
                           .map(" ".join), min_size=0, max_size=12),
       depth=st.integers(0, 300))
def test_random_html_invents_nothing_and_raises_only_cleaner_errors(builtin_ruleset, paragraphs, depth):
    body = "\n".join(f"<p>{p}</p>" for p in paragraphs)
    page = f"<html><body>{'<div>' * depth}<article>{body}</article>{'</div>' * depth}</body></html>"
    started = time.monotonic()
    try:
        result = clean(page.encode(), name="page.html", ruleset=builtin_ruleset, time_limit=TIME_LIMIT)
    except CleanerError:
        return
    finally:
        assert time.monotonic() - started < TIME_LIMIT + SLACK + 1
    text = " ".join(paragraphs)
    for token in result.text.split():
        assert token in text, f"invented {token!r}"
