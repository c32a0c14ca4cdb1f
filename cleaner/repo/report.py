"""How check and fix report: pure functions from ``FixPlan`` values to text, in one table.

``text`` is one ``path:line:col: rule-id message`` line per finding (the shape
editors and CI log parsers already understand); ``json`` is one document for
tools; ``github`` is workflow commands, which GitHub Actions shows as
annotations on the pull request's diff.
"""
from __future__ import annotations

import difflib
import json
from collections.abc import Callable, Iterable

from ..errors import one_line
from .findings import Finding
from .fixer import FixPlan

NOT_FIXABLE = "fix cannot remove this safely: edit it by hand or keep it with a keep block"


def _label(finding: Finding) -> str:
    return finding.message + ("" if finding.fixable else f" ({NOT_FIXABLE})")


def report_text(plans: Iterable[FixPlan]) -> str:
    out = []
    for plan in plans:
        path = one_line(plan.path)  # a newline in a file name must not start a report line
        out.extend(f"{path}:{f.line}:{f.column}: {f.rule} {_label(f)}" for f in plan.findings)
        if plan.refused:
            out.append(f"{path}: {plan.refused}")
    return "".join(line + "\n" for line in out)


def report_json(plans: Iterable[FixPlan]) -> str:
    plans = list(plans)
    record = {
        "findings": [{"path": f.path, "line": f.line, "column": f.column, "rule": f.rule,
                      "message": f.message, "text": f.text, "fixable": f.fixable}
                     for plan in plans for f in plan.findings],
        "refused": [{"path": plan.path, "reason": plan.refused} for plan in plans if plan.refused],
        "files": len(plans),
    }
    return json.dumps(record, ensure_ascii=False, indent=2) + "\n"


def _escape(value: str, *, prop: bool = False) -> str:
    value = value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return value.replace(":", "%3A").replace(",", "%2C") if prop else value


def report_github(plans: Iterable[FixPlan]) -> str:
    out = []
    for plan in plans:
        for f in plan.findings:
            props = f"file={_escape(f.path, prop=True)},line={f.line},col={f.column},title={_escape(f.rule, prop=True)}"
            out.append(f"::error {props}::{_escape(_label(f) + ': ' + f.text)}")
        if plan.refused:
            out.append(f"::error file={_escape(plan.path, prop=True)}::{_escape(plan.refused)}")
    return "".join(line + "\n" for line in out)


REPORTS: dict[str, Callable[[Iterable[FixPlan]], str]] = {
    "text": report_text,
    "json": report_json,
    "github": report_github,
}


def diff(plan: FixPlan) -> str:
    """A unified diff of what fix would change in one file (empty when nothing)."""
    if not plan.changed:
        return ""
    before, after = plan.texts()
    lines = difflib.unified_diff(before.splitlines(keepends=True), after.splitlines(keepends=True),
                                 fromfile=f"a/{plan.path}", tofile=f"b/{plan.path}")
    return "".join(line if line.endswith(("\n", "\r")) else line + "\n\\ No newline at end of file\n"
                   for line in lines)


def summary(plans: list[FixPlan], *, fixing: bool, unwritten: int = 0) -> str:
    """One closing line: how much chrome in how many files (and what fix did)."""
    found = sum(len(p.findings) for p in plans)
    files = sum(1 for p in plans if p.findings or p.refused)
    if not found and not files:
        return f"{len(plans)} file{'s' if len(plans) != 1 else ''} checked, no chrome"
    text = f"{found} finding{'s' if found != 1 else ''} in {files} of {len(plans)} files"
    if fixing:
        changed = sum(1 for p in plans if p.changed and not p.refused)
        left = sum(1 for p in plans if p.refused or p.unfixable)
        text += (f"; {changed} fixed" + (f", {unwritten} could not be written" if unwritten else "")
                 + (f", {left} left for you to look at" if left else ""))
    return text
