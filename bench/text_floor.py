#!/usr/bin/env python3
"""What the text path cannot avoid, timed on the same pages as bench/text_speed.py.

Usage: python bench/text_floor.py [--repeat N] [--corpus DIR]

The structural rules judge every line by its words and its share of stop
words, in the page's language. Whatever the engine, CPython has to split
each page into lines, tokenize each line and look each token up in a
stop-word set, and choose the language; this script times just that
(median round, one core) beside the whole clean, so the share of the time
the rules themselves take, and the room any speed target leaves them, can
be read off the same run.
"""
from __future__ import annotations

import argparse
import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
sys.path.insert(0, str(ROOT))

WORD = re.compile(r"\w+")


def rounds(func, items, repeat: int) -> float:
    """Median seconds per item over ``repeat`` rounds."""
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        for item in items:
            func(item)
        times.append(time.perf_counter() - started)
    return statistics.median(times) / len(items)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--repeat", type=int, default=9)
    ap.add_argument("--corpus", type=Path, default=SHARED / "corpus")
    ap.add_argument("--target", type=int, default=2000, help="a pages/s target to set beside the floor")
    a = ap.parse_args()

    from cleaner.text.features import _best_language
    from cleaner.kinds.prose import DEFAULT_LANGUAGES
    from cleaner.pipeline import Options, clean_source
    from cleaner.packs.ruleset import load_ruleset
    from cleaner.io.sources import source_from_bytes
    from cleaner.text.stopwords import stopwords

    datas = [(p.name, p.read_bytes()) for p in sorted((a.corpus / "text").glob("*.txt"))]
    texts = [data.decode("utf-8", "replace") for _, data in datas]
    for language in DEFAULT_LANGUAGES:
        stopwords(language)  # read once, as a long run would have

    def split(text):
        return text.split("\n")

    def words(text):
        return [WORD.findall(line) for line in text.lower().split("\n")]

    def words_and_stops(text):
        lowered = words(text)
        is_stop = stopwords("en").__contains__
        return [sum(map(is_stop, low)) for low in lowered]

    def words_language_stops(text):
        lowered = words(text)
        is_stop = stopwords(_best_language(lowered, DEFAULT_LANGUAGES)).__contains__
        return [sum(map(is_stop, low)) for low in lowered]

    ruleset = load_ruleset()
    options = Options(input_type="text")

    def clean(item):
        clean_source(source_from_bytes(item[1], item[0]), ruleset, options)

    for item, text in zip(datas, texts):  # warm-up
        clean(item)
        words_language_stops(text)
    steps = [("split into lines", split, texts),
             ("+ the words of each line", words, texts),
             ("+ its stop words (English)", words_and_stops, texts),
             ("+ choosing the language first", words_language_stops, texts),
             ("cleaner: the whole clean", clean, datas)]
    print(f"{len(datas)} pages of {a.corpus / 'text'}, median of {a.repeat} rounds, one core")
    timed = {}
    for label, func, items in steps:
        timed[label] = seconds = rounds(func, items, a.repeat)
        print(f"  {label:32s} {seconds * 1e6:8.0f} us/page  {1 / seconds:9,.0f} pages/s")
    floor, whole = timed[steps[3][0]], timed[steps[4][0]]
    print(f"what the structural rules read before any rule runs: {floor / whole:.0%} of the whole clean; "
          f"a target of {a.target:,} pages/s leaves {(1 / a.target - floor) * 1e6:,.0f} us/page for everything else")
    return 0


if __name__ == "__main__":
    sys.exit(main())
