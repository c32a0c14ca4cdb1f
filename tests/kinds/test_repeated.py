"""The repeated kind: lines a page prints more than once."""
from __future__ import annotations

from cleaner.engine import run_rules
from cleaner.metadata import Metadata
from cleaner.text.parse import body_text, parse_text

from .helper import PROSE, rule_from


def test_repeated_short_lines_go_and_long_ones_keep_their_first_kept_copy(tmp_path):
    rule = rule_from(tmp_path, "repeated")
    quote = "\"We will not give up on the pool,\" the mayor told the crowd outside the town hall."
    text = "\n".join(["Sport", quote, PROSE[0], "Sport", quote, PROSE[1]])
    doc = parse_text(text, metadata=Metadata())
    doc.drop(1, "earlier/rule")  # the first copy sat in a teaser another rule removed
    run_rules(doc, [rule])
    assert body_text(doc) == "\n\n".join([PROSE[0], quote, PROSE[1]]) + "\n"
