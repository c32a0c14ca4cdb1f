"""Build one rule from TOML text and apply it alone: the unit under test for kind tests."""
from __future__ import annotations

import tempfile
from pathlib import Path

from cleaner.engine import run_rules
from cleaner.metadata import Metadata
from cleaner.text.parse import body_text, parse_text
from cleaner.packs.rulefile import load_pack


def make_rule(body: str):
    text = ('[pack]\nname = "t"\n\n[[rule]]\nid = "t/rule"\nmessage = "m"\n' + body +
            '\n  [[rule.example]]\n  input = "a\\n"\n  expect = "a\\n"\n')
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "r.toml"
        path.write_text(text, encoding="utf-8")
        return load_pack(path, 2).rules[0]


def apply(body: str, text: str, metadata: Metadata | None = None):
    """Return ``(output_text, metadata_fields, dropped_line_numbers)``."""
    doc = parse_text(text, metadata=metadata or Metadata())
    run_rules(doc, [make_rule(body)])
    return body_text(doc), doc.metadata.fields, sorted(i + 1 for i in doc.dropped)
