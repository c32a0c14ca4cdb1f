"""Build rules from TOML text the way a pack author writes them, and apply them alone."""
from __future__ import annotations

import tempfile
import textwrap
from pathlib import Path

from cleaner.engine import run_rules
from cleaner.metadata import Metadata
from cleaner.packs.rulefile import load_pack
from cleaner.text.parse import body_text, parse_text


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


PROSE = [
    "The council met on Tuesday evening to discuss the budget for the coming year.",
    "After a long debate the members agreed to spend more on schools and on the roads.",
    "The plan to close the swimming pool, which many residents had opposed, was dropped again.",
    "A final vote on the budget is expected at the next meeting of the council in March.",
]


def rule_from(tmp_path, kind: str, fields: str = ""):
    path = tmp_path / "pack.toml"
    path.write_text(textwrap.dedent(f"""\
        [pack]
        name = "test"

        [[rule]]
        id = "test/{kind}"
        kind = "{kind}"
        message = "test"
        {fields}

          [[rule.example]]
          input = "x"
          expect = "x"
        """), encoding="utf-8")
    return load_pack(path, 0).rules[0]


def clean(rules, text: str, metadata: Metadata | None = None):
    doc = parse_text(text, metadata=metadata or Metadata())
    run_rules(doc, rules)
    return doc
