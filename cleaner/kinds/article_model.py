"""``article-model``: a fitted line classifier, then a contiguity-aware decode, picks the article.

The ``article`` kind keeps the one densest run of prose; on pages it was not
tuned on, that run is often a teaser or a sidebar, and a sectioned article, a
forum thread or a documentation page loses its other parts. This kind keeps
``article``'s cheap line features (``cleaner.features``) and its densest run,
but lets a model fitted on labelled pages weigh them: every non-blank line gets
a log-odds of being content from a logistic regression over features of the
line and of its neighbours (words, stop-word density, sentence end, list
marker, repetition, whether an earlier rule dropped it, where it lies relative
to the densest run, how much prose is around it ...).

The log-odds are then decoded as a two-state sequence (content / chrome) over
the lines earlier rules left: the kept lines are those that maximise the sum of their log-odds minus
``switch_cost`` per change of state (a Viterbi pass over a two-state chain).
A lone line between two parts of the article stays with them, a lone
prose-like teaser in a footer goes, and several separated parts (the sections
of a document, the posts of a thread) all stay when each is clearly content.
On a page with little prose where the decode keeps almost nothing (a listing:
its items, one by one, look like a menu), the model file's ``fallback`` keeps
every line left instead.

The weights are data: ``rules/models/article-lines.json`` (see
``cleaner.kinds.line_model`` for its schema); ``bench/train_article_model.py``
fits them on wcxb-dev. Lines this rule drops are attributed to its id;
``doc.line_scores`` holds each line's log-odds and ``doc.score_reasons``
names the features that weighed most, for ``cleaner explain``.
"""
from __future__ import annotations

import math
import re
from pathlib import Path
from functools import lru_cache, partial
from itertools import chain

from .article import ArticleRule, _best_run
from .base import STRUCTURE
from .fields import Field
from .line_model import LineModel, load_model

# The features ``line_columns`` computes, by name; a model file names those it uses.
FEATURES = frozenset((
    "log_words", "log_words_sq", "density", "density_sq", "sentence_end", "colon_end", "bullet",
    "short", "upper_start", "dropped", "repeated", "in_run", "before_run", "position",
    "prose_before", "block_lines", "block_prose", "prose_ahead", "prose_behind", "dropped_ahead",
    "dropped_behind", "words_ahead", "words_behind", "page_prose", "prose", "after_end",
    "truncated", "digits", "caps", "run_share", "gap_before", "gap_after", "short_ahead", "short_behind",
    "sentence_end_ahead", "sentence_end_behind", "truncated_ahead", "truncated_behind", "headline",
    "above_headline"))
PAGE_WIDE = ("page_prose", "run_share")  # features with one value for the whole page
DECAY = 0.8  # how fast the evidence of lines ahead and behind fades with their distance


class ArticleModelRule(ArticleRule):
    name = "article-model"
    stage = STRUCTURE
    summary = "keep the lines a fitted model scores as content, decoded as contiguous parts"
    schema = {
        **ArticleRule.schema,
        "model": Field("str", "the fitted parameters: a JSON file, relative to the rule file's folder",
                       required=True),
        "keep_run_prose": Field("bool", "never drop a line of prose inside the densest run of prose (the "
                                        "hand-tuned article): the model may widen the article, not cut "
                                        "into it", default=True),
        "switch_cost": Field("float", "override the model's cost of switching between content and "
                                      "chrome in the decode (log-odds units)", default=None,
                             minimum=0),
    }

    def check(self) -> None:
        super().check()
        self.fitted  # refuse a missing or malformed model file when the rule is loaded

    @property
    def model_path(self) -> str:
        return _model_path(self.info.path, self.model)

    @property
    def fitted(self) -> LineModel:
        """The model, read once per process (not kept on the rule: the pack cache pickles rules,
        and the cached packs must not hold an outdated model)."""
        return self.__dict__.get("override") or load_model(self.model_path, FEATURES)

    def apply(self, doc) -> None:
        if not self.paragraph_lines(doc):
            return
        f = self.features(doc)
        lines, columns = line_columns(self, doc, f)
        if not lines:
            return
        model = self.fitted
        # Lines earlier rules dropped are gone from the text: only the rest are scored and decoded.
        dropped = doc.dropped
        rest = [k for k, i in enumerate(lines) if i not in dropped]
        scores = model.scores(columns, rest, {name: columns[name][0] for name in PAGE_WIDE})
        if self.keep_run_prose:
            scores = floor_run_prose(scores, [columns["prose"][k] * columns["in_run"][k] for k in rest])
        left = [(lines[k], s) for k, s in zip(rest, scores)]
        doc.line_scores = dict(left)
        doc.score_reasons = partial(model.reasons, columns, {i: k for k, i in enumerate(lines)})
        cost = model.switch_cost if self.switch_cost is None else self.switch_cost
        keep = decode([s for _, s in left], cost)
        if model.fallback is not None:
            keep = fall_back(model, columns["page_prose"][0], [f.words[i] for i, _ in left], keep)
        kept = [i for (i, _), k in zip(left, keep) if k]
        if not kept or sum(f.words[i] for i in kept) < self.min_words:
            return
        if self.title_within and doc.metadata.priority.get("title", -10) < self.info.level:
            headline = self._headline_first(doc, f, kept)
            if headline:
                kept = kept[1:]
            else:
                self._take_title(doc, f, [i for i in lines if i < kept[0]])
        drop = [i for (i, _), k in zip(left, keep) if not k]
        blanks = [i for i in range(len(doc.lines)) if f.blank[i] and (i < kept[0] or i > kept[-1])]
        doc.drop_all(chain(drop, blanks), self.id)


    def _headline_first(self, doc, f, kept: list[int]) -> bool:
        """Whether the first kept line is a headline the article follows (then taken as the title).

        The model keeps a page's head when it scores near the article (a headline
        right above the first paragraph often does); the headline belongs in the
        metadata, as the hand-tuned kind put it. A heading-like first line (see
        ``_heading_among``) followed by kept prose is dropped here as moved
        content, its text the title.
        """
        if (len(kept) < 2 or self._heading_among(doc, f, kept[:1]) is None
                or not self.prose_flags(f)[kept[1]]):
            return False
        doc.metadata.set("title", " ".join(doc.lines[kept[0]].split()), self.id, self.info.level)
        doc.drop(kept[0], self.id, chrome=False)
        return True

@lru_cache(maxsize=64)
def _model_path(rule_file: str | None, model: str) -> str:
    """The model file named in a rule, relative to the rule file's folder (resolved once)."""
    base = Path(rule_file).parent if rule_file else Path(".")
    return str((base / model).resolve())


def floor_run_prose(scores: list[float], run_prose: list[float]) -> list[float]:
    """Scores with every line of prose inside the densest run made (just) content."""
    return [max(s, 0.01) if r else s for s, r in zip(scores, run_prose)]


def fall_back(model: LineModel, page_prose: float, words: list[int], keep: list[bool]) -> list[bool]:
    """``keep``, or every line when the model's fallback applies: a page with little prose of which
    the decode kept almost nothing (a listing's items read like a menu, line by line)."""
    total = sum(words)
    kept = sum(w for w, k in zip(words, keep) if k)
    if total and model.falls_back(page_prose, kept / total):
        return [True] * len(keep)
    return keep


def decode(scores: list[float], switch_cost: float) -> list[bool]:
    """The content/chrome labels maximising the content lines' scores minus ``switch_cost`` per switch.

    Viterbi over two states. The page starts in chrome (menus, a masthead and the
    headline come first), so content from the first line pays a switch too; it
    may end in either state.
    """
    if not scores:
        return []
    out_best, in_best = 0.0, scores[0] - switch_cost
    back: list[tuple[bool, bool]] = []  # for each line after the first: (prev of out, prev of in)
    for s in scores[1:]:
        out_from_in = in_best - switch_cost
        in_from_out = out_best - switch_cost
        new_out, out_prev = (out_best, False) if out_best >= out_from_in else (out_from_in, True)
        new_in, in_prev = (in_best + s, True) if in_best >= in_from_out else (in_from_out + s, False)
        back.append((out_prev, in_prev))
        out_best, in_best = new_out, new_in
    state = in_best > out_best
    labels = [state]
    for out_prev, in_prev in reversed(back):
        state = in_prev if state else out_prev
        labels.append(state)
    labels.reverse()
    return labels


def line_columns(rule: ArticleRule, doc, f) -> tuple[list[int], dict[str, list[float]]]:
    """The non-blank lines of ``doc`` and, by feature name, one value per such line.

    The training script calls this too, so the model sees the same features
    at fitting and at run time. Everything is a cheap pass over the shared
    line features (``cleaner.features``): this runs on every page.
    """
    lines, run_scores = rule.scores(doc, f)
    n = len(lines)
    if not n:
        return lines, {}
    words, stops, dropped, last, text = f.words, f.stops, doc.dropped, f.last, doc.lines
    flags = rule.prose_flags(f)
    first, end, _ = _best_run(run_scores)
    counts, keys = f.counts, f.keys
    log_words = [_LOG1P[w] if w < 64 else math.log1p(w) for w in (words[i] for i in lines)]
    density = [stops[i] / words[i] if words[i] else 0.0 for i in lines]
    gone = [1.0 if i in dropped else 0.0 for i in lines]
    prose = [1.0 if flags[i] and i not in dropped else 0.0 for i in lines]
    prose_log = [p * w for p, w in zip(prose, log_words)]
    prose_words = [p * words[i] for p, i in zip(prose, lines)]
    all_prose = sum(prose_words) or 1.0
    before_share, acc = [], 0.0
    for w in prose_words:
        before_share.append(acc / all_prose)
        acc += w
    block_prose, block_lines = _blocks(lines, prose)
    ends = rule.sentence_end
    page_prose = all_prose / max(1.0, float(sum(words[i] for i in lines)))
    end_line = rule._end_line(doc, f, lines, run_scores)  # a comment section's heading, if any
    end_line = len(doc.lines) if end_line is None else end_line
    truncated = rule.truncated
    cut = [1.0 if truncated and f.tails[i].endswith(truncated) else 0.0 for i in lines]
    short = [1.0 if words[i] <= 3 else 0.0 for i in lines]
    ended = [1.0 if last[i] != "" and last[i] in ends else 0.0 for i in lines]
    digits, caps = _shapes(doc.text, text, lines, words)
    run_share = sum(prose_words[first:end + 1]) / all_prose
    # The headline the article kind would take (the longest heading-like line just above the
    # densest run): it goes to the metadata, and what stands above it is the page's head.
    head = rule._heading_among(doc, f, lines[:first][-rule.title_within:]) if rule.title_within else None
    head = -1 if head is None else head
    return lines, {
        "prose": prose,
        "after_end": [1.0 if i >= end_line else 0.0 for i in lines],
        "log_words": log_words,
        "log_words_sq": [w * w for w in log_words],
        "density": density,
        "density_sq": [d * d for d in density],
        "sentence_end": ended,
        "colon_end": [1.0 if last[i] == ":" else 0.0 for i in lines],
        "bullet": [1.0 if f.bullet[i] else 0.0 for i in lines],
        "short": short,
        "upper_start": [1.0 if text[i][:1].isupper() else 0.0 for i in lines],
        "dropped": gone,
        "repeated": [1.0 if counts[keys[i]] > 1 else 0.0 for i in lines],
        "in_run": [1.0 if first <= k <= end else 0.0 for k in range(n)],
        "before_run": [1.0 if k < first else 0.0 for k in range(n)],
        "position": [k / n for k in range(n)],
        "prose_before": before_share,
        "block_lines": block_lines,
        "block_prose": block_prose,
        **_decayed({"prose": prose_log, "dropped": gone, "words": log_words}),
        "page_prose": [page_prose] * n,
        "truncated": cut,
        "digits": digits,
        "caps": caps,
        "run_share": [run_share] * n,
        "headline": [1.0 if i == head else 0.0 for i in lines],
        "above_headline": [1.0 if i < head else 0.0 for i in lines],
        **_gaps(prose, first, end),
        **_decayed({"short": short, "sentence_end": ended, "truncated": cut}),
    }


_DIGIT = re.compile(r"\d")
_CAPITAL = re.compile(r"\b[A-ZÀ-ÖØ-ÞĀ-ŽА-ЯЁΑ-Ω]")
_DIGIT_LINES = re.compile(r"\d|\n")
_CAPITAL_LINES = re.compile(r"\b[A-ZÀ-ÖØ-ÞĀ-ŽА-ЯЁΑ-Ω]|\n")


def _shapes(joined: str, text: list[str], lines: list[int], words: list[int]
            ) -> tuple[list[float], list[float]]:
    """Per line of ``lines``, its share of digits among its characters (dates, prices, counts)
    and of capitalised words among its words (menus and headlines in title case).

    One regex pass over the page's text for each: the matches and the newlines
    joined and split again give each line's count, with no Python step per line
    or per match.
    """
    per_digit = [len(x) for x in "".join(_DIGIT_LINES.findall(joined)).split("\n")]
    per_cap = [len(x) for x in "".join(_CAPITAL_LINES.findall(joined)).split("\n")]
    if len(per_digit) != len(text):  # a line with a newline of its own: count line by line
        per_digit = [len(_DIGIT.findall(t)) for t in text]
        per_cap = [len(_CAPITAL.findall(t)) for t in text]
    digits = [min(1.0, per_digit[i] / len(text[i])) if text[i] else 0.0 for i in lines]
    caps = [min(1.0, per_cap[i] / words[i]) if words[i] else 0.0 for i in lines]
    return digits, caps


def _gaps(prose: list[float], first: int, end: int) -> dict[str, list[float]]:
    """How far each line lies from the densest run: log1p of the lines that are not prose between
    it and the run (0 inside). Prose far beyond a menu or a teaser list is seldom the article's."""
    n = len(prose)
    before, after = [0.0] * n, [0.0] * n
    count = 0.0
    for k in range(end + 1, n):
        after[k] = _LOG1P[int(count)] if count < 64 else math.log1p(count)
        count += 1.0 - prose[k]
    count = 0.0
    for k in range(first - 1, -1, -1):
        before[k] = _LOG1P[int(count)] if count < 64 else math.log1p(count)
        count += 1.0 - prose[k]
    return {"gap_before": before, "gap_after": after}


_LOG1P = [math.log1p(w) for w in range(64)]


def _decayed(columns: dict[str, list[float]], decay: float = DECAY) -> dict[str, list[float]]:
    """For each column ``x``, ``x_ahead`` and ``x_behind``: per entry, the decayed sums of the
    entries before and after it (the nearest weighs most), three columns per pass."""
    (a_name, a), (b_name, b), (c_name, c) = columns.items()
    n = len(a)
    ahead = ([0.0] * n, [0.0] * n, [0.0] * n)
    behind = ([0.0] * n, [0.0] * n, [0.0] * n)
    for out, order in ((ahead, range(n)), (behind, range(n - 1, -1, -1))):
        x = y = z = 0.0
        oa, ob, oc = out
        for k in order:
            oa[k], ob[k], oc[k] = x, y, z
            x, y, z = x * decay + a[k], y * decay + b[k], z * decay + c[k]
    return {f"{a_name}_ahead": ahead[0], f"{b_name}_ahead": ahead[1], f"{c_name}_ahead": ahead[2],
            f"{a_name}_behind": behind[0], f"{b_name}_behind": behind[1], f"{c_name}_behind": behind[2]}


def _blocks(lines: list[int], prose: list[float]) -> tuple[list[float], list[float]]:
    """Per line, the share of prose in its block (lines between blank lines) and log1p of its size."""
    shares: list[float] = []
    sizes: list[float] = []
    start, count = 0, 0.0
    n = len(lines)
    for k in range(n):
        count += prose[k]
        if k + 1 == n or lines[k + 1] != lines[k] + 1:
            size = k + 1 - start
            shares.extend([count / size] * size)
            sizes.extend([math.log1p(size)] * size)
            start, count = k + 1, 0.0
    return shares, sizes
