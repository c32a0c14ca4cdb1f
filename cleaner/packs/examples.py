"""Running a rule's inline examples: the rule alone, on the example's input.

Used by the test suite (every shipped example is a test) and by
``cleaner rules test``, so a pack author checks a rule without writing Python.
"""
from __future__ import annotations

from dataclasses import dataclass

from .. import deadline
from ..deadline import DEFAULT_TIME_LIMIT, HARD_LIMIT_GRACE
from ..engine import run_rules
from ..errors import CleanerError
from ..kinds.base import Example, RuleKind
from ..metadata import Metadata
from ..text.parse import body_text, parse_text


@dataclass(frozen=True)
class ExampleOutcome:
    rule: RuleKind
    example: Example
    text: str
    metadata: dict
    error: str = ""  # the example could not run (it went over the time limit)

    @property
    def problems(self) -> list[str]:
        if self.error:
            return [self.error]
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


def run_example(rule: RuleKind, example: Example, time_limit: float = DEFAULT_TIME_LIMIT) -> ExampleOutcome:
    """Apply ``rule`` alone to ``example.input`` and report what came out.

    The example runs under the same time budget as a document; one that runs
    out (a runaway pattern) is a failed example, not a crash.
    """
    name = f"{rule.id} example"
    try:
        with deadline.budget(time_limit, name), \
                deadline.hard_limit(time_limit + HARD_LIMIT_GRACE, f"{name}: time limit exceeded"):
            return _run_example(rule, example, time_limit)
    except CleanerError as exc:
        return ExampleOutcome(rule, example, "", {}, error=str(exc))


def _run_example(rule: RuleKind, example: Example, time_limit: float) -> ExampleOutcome:
    if rule.target == "html":
        return _run_html_example(rule, example)
    doc = parse_text(example.input, name=f"{rule.id} example", metadata=Metadata())
    run_rules(doc, [rule], time_limit=time_limit)
    return ExampleOutcome(rule, example, body_text(doc), dict(doc.metadata.fields))


def _run_html_example(rule: RuleKind, example: Example) -> ExampleOutcome:
    """An HTML rule's example: the rule alone on the parsed input, then the page's visible text.

    No extractor runs, so the example shows what the rule does and nothing else:
    ``expect`` is the visible text left (one block a line, blank lines between),
    after the rule's text step when it has one.
    """
    from ..engine import run_tree_rules
    from ..html.extract import visible_lines
    from ..text.document import Document
    from ..html.page import Page

    from lxml import html as lxml_html

    root = lxml_html.document_fromstring(example.input)
    page = Page(root, name=f"{rule.id} example")
    run_tree_rules(page, [rule])
    doc = Document(visible_lines(root), name=page.name, metadata=page.metadata, input_type="html")
    doc.headlines.update(page.headlines)
    if rule.after_extraction:
        run_rules(doc, [rule])
    return ExampleOutcome(rule, example, body_text(doc), dict(doc.metadata.fields))


def run_examples(rules, time_limit: float = DEFAULT_TIME_LIMIT) -> list[ExampleOutcome]:
    return [run_example(rule, ex, time_limit) for rule in rules for ex in rule.info.examples]
