"""Every input line with its fate: kept, or dropped by which rule.

``cleaner explain`` prints this so a user sees why a line went and which rule
to tune. The engine records, per line of the ``Document``, the rule that
dropped it; this module maps those lines back to input lines (a reflowed
paragraph covers the input lines from its first up to the next paragraph's).
"""
from __future__ import annotations

from ..model import LineDecision
from .document import Document


def line_decisions(doc: Document, input_lines: list[str], rescued: frozenset[int] = frozenset()
                   ) -> tuple[LineDecision, ...]:
    """One ``LineDecision`` per input line of ``doc``'s body.

    ``input_lines`` are the lines the document was parsed from (after newline
    normalisation); without reflowing they are ``doc.lines`` themselves.
    ``rescued``: the lines of an HTML page's extracted text the block rescue added.
    """
    n = len(doc.lines)
    scores, reasons = doc.line_scores, doc.score_reasons

    def decision(line: int, text: str, index: int) -> LineDecision:
        score = scores.get(index)
        added_by = "rescue" if index in rescued else None
        if score is None:
            return LineDecision(line, text, doc.dropped.get(index), added_by=added_by)
        return LineDecision(line, text, doc.dropped.get(index), round(score, 2),
                            reasons(index) if reasons is not None else "", added_by)

    if doc.starts is None:
        return tuple(decision(i + doc.first_line, line, i) for i, line in enumerate(doc.lines))
    out = []
    for index in range(n):
        first = doc.starts[index]
        stop = doc.starts[index + 1] if index + 1 < n else len(input_lines)
        for line in range(first, stop):
            out.append(decision(line + doc.first_line, input_lines[line], index))
    return tuple(out)
