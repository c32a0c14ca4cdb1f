"""Running a rule's inline examples: the rule alone, on the example's input.

Used by the test suite (every shipped example is a test) and by
``cleaner rules test``, so a pack author checks a rule without writing Python.
"""
from __future__ import annotations

from dataclasses import dataclass

from .engine import run_rules
from .kinds.base import Example, RuleKind
from .model import Metadata
from .parse import body_text, parse_text


@dataclass(frozen=True)
class ExampleOutcome:
    rule: RuleKind
    example: Example
    text: str
    metadata: dict

    @property
    def problems(self) -> list[str]:
        out = []
        if self.text != self.example.expect:
            out.append(f"expected {self.example.expect!r}, got {self.text!r}")
        for key, want in self.example.metadata.items():
            got = self.metadata.get(key)
            if got != want:
                out.append(f"metadata {key}: expected {want!r}, got {got!r}")
        return out

    @property
    def ok(self) -> bool:
        return not self.problems


def run_example(rule: RuleKind, example: Example) -> ExampleOutcome:
    """Apply ``rule`` alone to ``example.input`` and report what came out."""
    doc = parse_text(example.input, name=f"{rule.id} example", metadata=Metadata())
    run_rules(doc, [rule])
    return ExampleOutcome(rule, example, body_text(doc), dict(doc.metadata.fields))


def run_examples(rules) -> list[ExampleOutcome]:
    return [run_example(rule, ex) for rule in rules for ex in rule.info.examples]
