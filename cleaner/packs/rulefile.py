"""Read one rule file (a pack) and check every key of it, once, with exact messages.

Errors read ``path:line: rule-id: problem``. TOML parsers do not report where a
key stands, so ``_Lines`` finds it in the raw text: the ``[[rule]]`` headers
split the file into sections, and a key's line is the first ``key =`` of its
section.
"""
from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import regex

from ..errors import RuleFileError, RuleFileErrors
from ..html.page import PAGE_TYPES
from ..io.detect import INPUT_TYPES
from ..kinds import KINDS
from ..kinds.base import Example, RuleInfo, RuleKind
from ..kinds.fields import Field, SchemaError, convert
from ..match.patterns import LinePattern

PACK_KEYS = {
    "name": "the pack's name",
    "description": "what the pack is for",
    "domains": 'sites it applies to; a leading dot means subdomains too (".example.com")',
    "fingerprints": "regexes that recognise the site from the text itself",
    "disable": "ids of rules (from any pack) to switch off",
}
COMMON_RULE_KEYS = {
    "id": "unique id, conventionally pack/name",
    "kind": "the rule kind (docs/rules.md lists them; cleaner rules schema describes each)",
    "message": "what the rule removes, shown in reports",
    "example": "inline examples: [[rule.example]] input = ..., expect = ..., metadata = {...}",
    "inputs": 'input kinds the rule applies to: any of "text", "markdown", "html" (default all)',
    "page_types": "HTML page types the rule runs on (default all): any of " + ", ".join(PAGE_TYPES)
                  + "; text and Markdown inputs have no page type, so the rule runs on them",
}
# Pack levels: who wins a metadata field, and which packs are shipped (below USER):
# shipped patterns compile on first use, user patterns when loaded.
GENERIC, SITE, USER = 0, 1, 2
EXAMPLE_KEYS = {"input", "expect", "metadata"}


@dataclass
class Pack:
    """One loaded, checked rule file."""

    name: str
    path: str
    level: int  # 0 generic, 1 site, 2 user
    description: str = ""
    domains: tuple[str, ...] = ()
    fingerprints: tuple[LinePattern, ...] = ()
    disable: tuple[str, ...] = ()
    rules: list[RuleKind] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # problems that do not stop loading (path:line: ...)

    @property
    def scoped(self) -> bool:
        return bool(self.domains or self.fingerprints)


class _Lines:
    """Where sections and keys stand in the raw text of a TOML file."""

    _HEADER = regex.compile(r"^\s*\[\[\s*rule\s*\]\]")
    _EXAMPLE = regex.compile(r"^\s*\[\[\s*rule\.example\s*\]\]")
    _PACK = regex.compile(r"^\s*\[\s*pack\s*\]")

    def __init__(self, text: str):
        self.lines = text.splitlines()
        self.rules = [i + 1 for i, line in enumerate(self.lines) if self._HEADER.match(line)]
        self.pack = next((i + 1 for i, line in enumerate(self.lines) if self._PACK.match(line)), None)

    def _section_end(self, start: int) -> int:
        later = [n for n in self.rules if n > start]
        return later[0] - 1 if later else len(self.lines)

    def key(self, start: int | None, key: str) -> int | None:
        """The line of ``key =`` within the section that starts at line ``start``."""
        if start is None:
            return None
        pattern = regex.compile(rf'^\s*"?{regex.escape(key)}"?\s*=|[{{,]\s*"?{regex.escape(key)}"?\s*=')
        for n in range(start, self._section_end(start) + 1):
            if pattern.search(self.lines[n - 1]):
                return n
        return start

    def examples(self, start: int | None) -> list[int]:
        if start is None:
            return []
        return [n for n in range(start, self._section_end(start) + 1)
                if self._EXAMPLE.match(self.lines[n - 1])]

    def rule(self, index: int) -> int | None:
        return self.rules[index] if index < len(self.rules) else None


def load_pack(path: str | Path, level: int, *, examples_required: bool | None = None) -> Pack:
    """Load and check one rule file; raises ``RuleFileError`` listing every problem.

    A rule without an inline example is a problem in a shipped pack and for
    the rule tooling (``examples_required``, the default below the USER
    level); in a user's own file it is a warning kept in ``Pack.warnings``,
    so a quick rule of three lines works at once.
    """
    if examples_required is None:
        examples_required = level < USER
    path = Path(path)
    name = str(path)
    try:
        raw = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise RuleFileError(name, None, None, f"cannot read rule file ({exc.__class__.__name__}: {exc})") from None
    try:
        data = tomllib.loads(raw)
    except tomllib.TOMLDecodeError as exc:
        m = regex.search(r"^(.*?)\s*\(at line (\d+), column \d+\)$", str(exc))
        line, msg = (int(m[2]), m[1]) if m else (None, str(exc))
        raise RuleFileError(name, line, None, f"invalid TOML: {msg}") from None
    where = _Lines(raw)
    for key in data:
        if key not in ("pack", "rule"):
            raise RuleFileError(name, _top_key_line(where, key), None,
                                f'unknown top-level key "{key}" (expected [pack] and [[rule]])')
    problems: list[RuleFileError] = []
    try:
        pack = _check_pack(name, data.get("pack"), where, level)
    except RuleFileError as exc:
        problems.append(exc)
        pack = Pack(name="?", path=name, level=level)
    rules = data.get("rule", [])
    if not isinstance(rules, list):
        raise RuleFileErrors(problems + [RuleFileError(name, where.key(1, "rule"), None,
                                                       "rules must be [[rule]] tables")])
    seen: set[str] = set()
    for index, table in enumerate(rules):
        found: list[RuleFileError] = []
        rule = _check_rule(name, pack, index, table, where, found, examples_required)
        problems.extend(found)
        if rule is None:
            continue
        if rule.id in seen:
            problems.append(RuleFileError(name, where.rule(index), rule.id, "duplicate rule id in this file"))
        seen.add(rule.id)
        pack.rules.append(rule)
    if problems:
        raise RuleFileErrors(problems)
    return pack


def _top_key_line(where: _Lines, key: str) -> int | None:
    for n, line in enumerate(where.lines, 1):
        if regex.match(rf"^\s*(\[+\s*)?{regex.escape(key)}\b", line):
            return n
    return None


def _check_pack(name: str, table: Any, where: _Lines, level: int) -> Pack:
    if not isinstance(table, dict):
        raise RuleFileError(name, where.pack, None, "missing [pack] table (with at least name = \"...\")")
    for key in table:
        if key not in PACK_KEYS:
            raise RuleFileError(name, where.key(where.pack, key), None,
                                f'[pack]: unknown key "{key}" (known: {", ".join(PACK_KEYS)})')

    def value(key: str, kind: str, default: Any) -> Any:
        if key not in table:
            return default
        try:
            return convert(key, Field(kind, ""), table[key], f"pack {table.get('name', '?')}", lazy=level < USER)
        except SchemaError as exc:
            raise RuleFileError(name, where.key(where.pack, key), None, f"[pack]: {exc}") from None

    pack_name = value("name", "str", None)
    if not pack_name:
        raise RuleFileError(name, where.pack, None, '[pack]: missing required key "name"')
    fingerprints = value("fingerprints", "patterns", [])
    return Pack(name=pack_name, path=name, level=level,
                description=value("description", "str", ""),
                domains=tuple(d.lower() for d in value("domains", "strings", ())),
                fingerprints=tuple(fingerprints), disable=value("disable", "strings", ()))


def _check_rule(name: str, pack: Pack, index: int, table: Any, where: _Lines,
                problems: list[RuleFileError], examples_required: bool) -> RuleKind | None:
    """The rule built from one [[rule]] table, or None; every problem found goes to ``problems``."""
    start = where.rule(index)
    if not isinstance(table, dict):
        problems.append(RuleFileError(name, start, None, "a rule must be a [[rule]] table"))
        return None
    rule_id = table.get("id")
    label = rule_id if isinstance(rule_id, str) and rule_id else f"rule #{index + 1}"
    before = len(problems)

    def fail(key: str | None, problem: str):
        line = where.key(start, key) if key else start
        return RuleFileError(name, line, label, problem)

    for key in ("id", "kind", "message"):
        if key not in table:
            problems.append(fail(None, f'missing required key "{key}"'))
        elif not isinstance(table[key], str) or not table[key].strip():
            problems.append(fail(key, f'"{key}" must be a non-empty string'))
    kind_cls = KINDS.get(table["kind"]) if isinstance(table.get("kind"), str) else None
    if kind_cls is None and isinstance(table.get("kind"), str) and table["kind"].strip():
        problems.append(fail("kind", f'unknown kind "{table["kind"]}" (known: {", ".join(sorted(KINDS))})'))
    params = {}
    if kind_cls is not None:
        allowed = set(COMMON_RULE_KEYS) | set(kind_cls.schema)
        for key in table:
            if key not in allowed:
                problems.append(fail(key, f'unknown key "{key}" for kind {kind_cls.name} '
                                          f'(known: {", ".join(sorted(allowed))})'))
        for key, spec in kind_cls.schema.items():
            if key in table:
                try:
                    params[key] = convert(key, spec, table[key], rule_id, lazy=pack.level < USER)
                except SchemaError as exc:
                    problems.append(fail(exc.key, str(exc)))
            elif spec.required:
                problems.append(fail(None, f'missing required key "{key}" for kind {kind_cls.name}'))
    examples: tuple[Example, ...] = ()
    if table.get("example") is None:
        missing = fail(None, 'no example: add at least one [[rule.example]] with "input" and "expect"')
        if examples_required:
            problems.append(missing)
        else:
            pack.warnings.append(f"{missing} (a warning: `cleaner rules test` has nothing to check)")
    else:
        try:
            examples = _check_examples(table["example"], where.examples(start), fail)
        except RuleFileError as exc:
            problems.append(exc)
    inputs = table.get("inputs", list(INPUT_TYPES))
    if (not isinstance(inputs, list) or not inputs
            or not all(isinstance(i, str) and i in INPUT_TYPES for i in inputs)):
        problems.append(fail("inputs", f'"inputs" must be a non-empty array of {", ".join(INPUT_TYPES)}'))
    page_types = table.get("page_types", [])
    if (not isinstance(page_types, list) or "page_types" in table and not page_types
            or not all(isinstance(t, str) and t in PAGE_TYPES for t in page_types)):
        problems.append(fail("page_types", f'"page_types" must be a non-empty array of {", ".join(PAGE_TYPES)}'))
    if len(problems) > before or kind_cls is None:
        return None
    info = RuleInfo(id=rule_id, kind=kind_cls.name, message=table["message"], pack=pack.name,
                    path=name, line=start, examples=examples, level=pack.level, inputs=tuple(inputs),
                    page_types=tuple(page_types))
    try:
        return kind_cls(info, params)
    except SchemaError as exc:
        problems.append(fail(exc.key, str(exc)))
        return None


def _check_examples(value: Any, lines: list[int], fail) -> tuple[Example, ...]:
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        raise fail("example", "examples must be [[rule.example]] tables")
    examples = []
    for n, table in enumerate(value):
        line = lines[n] if n < len(lines) else None
        for key in table:
            if key not in EXAMPLE_KEYS:
                raise fail("example", f'example {n + 1}: unknown key "{key}" (known: expect, input, metadata)')
        for key in ("input", "expect"):
            if not isinstance(table.get(key), str):
                raise fail("example", f'example {n + 1}: "{key}" must be a string')
        meta = table.get("metadata", {})
        if not isinstance(meta, dict):
            raise fail("example", f'example {n + 1}: "metadata" must be a table')
        examples.append(Example(table["input"], table["expect"], meta, line))
    return tuple(examples)
