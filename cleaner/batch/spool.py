"""--learn without cleaning twice: the first pass keeps each page's result, the second finishes it.

``cleaner batch --learn`` needs every page cleaned by the shipped rules before
it knows what recurs; cleaning every page again with the learnt packs would
double the batch's time. So the first pass (in the workers) keeps each page's
result in a spool folder in OUT_DIR (a pickle of the ``Result``: the cleaned
text and its metadata, never the input), and the cleaning pass loads it and
runs only the learnt packs' rules over its lines, which is what the packs were
learnt from. Rendering and writing then go on as for any input.

Running the learnt rules after the shipped ones rather than among them gives
the same text as ``cleaner clean --rules <learnt pack>`` wherever no shipped
rule depends on the lines the pack drops (see docs/learn.md for the figures).
A page the first pass could not clean has no spool file: the cleaning pass
cleans it in full and reports its failure as usual.

The spool folder is removed when the run ends.
"""
from __future__ import annotations

import hashlib
import os
import pickle

from ..deadline import DEFAULT_TIME_LIMIT
from ..model import Removal, Result
from ..packs.ruleset import RuleSet

# Formats whose output lists the removed lines: only they need the trail spooled.
TRAIL_FORMATS = ("json", "jsonl")


def spool_file(spool: str, rel: str) -> str:
    """Where one input's first-pass result is kept (named by a hash: no folders to make)."""
    return os.path.join(spool, hashlib.sha1(rel.encode("utf-8", "surrogateescape")).hexdigest() + ".pickle")


def save(spool: str, rel: str, result: Result, fmt: str) -> None:
    """Keep one page's result for the cleaning pass (the removal trail only where it is shown)."""
    kept = Result(result.text, result.metadata, result.removed if fmt in TRAIL_FORMATS else (),
                  result.input_type, result.front_matter)
    path = spool_file(spool, rel)
    with open(path + ".tmp", "wb") as handle:
        pickle.dump(kept, handle, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(path + ".tmp", path)


def load(spool: str, rel: str) -> Result | None:
    """The first pass's result for ``rel``, or None when it has none (the page failed there)."""
    try:
        with open(spool_file(spool, rel), "rb") as handle:
            return pickle.load(handle)
    except (OSError, EOFError, pickle.UnpicklingError):
        return None


def learnt_only(ruleset: RuleSet, paths: tuple[str, ...]) -> RuleSet:
    """The run's learnt packs alone, by their files (the others already ran in the first pass)."""
    return RuleSet([pack for pack in ruleset.packs if pack.path in paths], ruleset.disabled)


def finish(result: Result, learnt: RuleSet, time_limit: float = DEFAULT_TIME_LIMIT) -> Result:
    """``result`` with the learnt packs' rules run over its lines (unchanged when none fires).

    The packs are selected as for any page: by the page's URL, else by their
    fingerprint lines. Lines they drop leave the text as the shipped rules'
    own removals do (runs of blank lines folded); in the removal trail they
    carry line 0, since they are lines of the cleaned text, not of the input.
    """
    from ..engine import run_rules
    from ..text.document import Document
    from ..text.parse import body_text

    url = result.metadata.fields.get("url")
    selection = learnt.select(url if isinstance(url, str) else None, result.text, result.input_type)
    if not selection.text_rules:
        return result
    doc = Document(result.text.split("\n"), input_type=result.input_type)
    run_rules(doc, selection.text_rules, time_limit=time_limit)
    if not doc.dropped:
        return result
    extra = tuple(Removal(r.rule, 0, r.text, r.chrome) for r in doc.removals())
    return Result(body_text(doc, paragraph_per_line=False), result.metadata, tuple(result.removed) + extra,
                  result.input_type, result.front_matter)
