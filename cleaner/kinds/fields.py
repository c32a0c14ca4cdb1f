"""The types a rule field can have, in one table: how a value is checked and converted,
its JSON Schema, and whether it holds patterns or phrases the engine must know of.

A kind declares its fields as ``Field(type, doc, ...)``; the loader converts
values with ``convert``, ``cleaner rules schema`` describes them with
``json_schema``, and ``RuleKind.line_patterns`` / ``line_phrases`` collect
what the engine's prefilter needs. A new field type is one entry in
``FIELD_TYPES``: nothing else switches on a type's name.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import regex

from ..match.patterns import compile_pattern
from ..text.keys import phrase_key


class SchemaError(ValueError):
    """A field's value is wrong; ``key`` names the field for the line lookup."""

    def __init__(self, key: str, problem: str):
        self.key = key
        super().__init__(problem)


@dataclass(frozen=True)
class Field:
    """One TOML field of a kind: its type, whether it is required, its default, what it means.

    Types: ``str``, ``int``, ``float``, ``bool``, ``pattern`` (one regex),
    ``patterns`` (a regex or a list of them), ``strings`` (a list of strings),
    ``region`` (``{first = N}``, ``{last = N}`` or ``"anywhere"``), ``choice``,
    ``phrases`` (strings compared as whole lines, ignoring case, punctuation and spacing),
    ``needles`` (strings looked for inside lines, ignoring case),
    ``selectors`` (a CSS selector or a list of them, for HTML rules).
    """

    type: str
    doc: str
    required: bool = False
    default: Any = None
    choices: tuple[str, ...] = ()
    minimum: float | None = None
    maximum: float | None = None


def _type_name(value: Any) -> str:
    return {bool: "boolean", int: "integer", float: "float", str: "string", list: "array",
            dict: "table"}.get(type(value), type(value).__name__)


def _string(key: str, spec: Field, value: Any, rule_id: str, lazy: bool) -> Any:
    if not isinstance(value, str):
        raise SchemaError(key, f'"{key}" must be a string, not {_type_name(value)}')
    if spec.type == "choice" and value not in spec.choices:
        raise SchemaError(key, f'"{key}" must be one of {", ".join(spec.choices)}, not "{value}"')
    return value


def _bool(key: str, spec: Field, value: Any, rule_id: str, lazy: bool) -> Any:
    if not isinstance(value, bool):
        raise SchemaError(key, f'"{key}" must be a boolean, not {_type_name(value)}')
    return value


def _number(key: str, spec: Field, value: Any, rule_id: str, lazy: bool) -> Any:
    t = spec.type
    ok = isinstance(value, int) if t == "int" else isinstance(value, (int, float))
    if isinstance(value, bool) or not ok:
        want = "an integer" if t == "int" else "a number"
        raise SchemaError(key, f'"{key}" must be {want}, not {_type_name(value)}')
    if spec.minimum is not None and value < spec.minimum:
        raise SchemaError(key, f'"{key}" must be at least {spec.minimum}, not {value}')
    if spec.maximum is not None and value > spec.maximum:
        raise SchemaError(key, f'"{key}" must be at most {spec.maximum}, not {value}')
    return float(value) if t == "float" else value


def _strings(key: str, spec: Field, value: Any, rule_id: str, lazy: bool) -> Any:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise SchemaError(key, f'"{key}" must be an array of strings')
    return tuple(value)


def _patterns(key: str, spec: Field, value: Any, rule_id: str, lazy: bool) -> Any:
    many = spec.type == "patterns"
    items = value if (many and isinstance(value, list)) else [value]
    if not items or not all(isinstance(v, str) for v in items):
        want = "a string or an array of strings" if many else "a string"
        raise SchemaError(key, f'"{key}" must be {want}')
    compiled = []
    for item in items:
        try:
            compiled.append(compile_pattern(item, rule_id, lazy=lazy))
        except regex.error as exc:
            raise SchemaError(key, f'"{key}": bad pattern {item!r}: {exc}') from None
    return compiled if many else compiled[0]


def _region_field(key: str, spec: Field, value: Any, rule_id: str, lazy: bool) -> Any:
    return _region(key, value)


def _needles(key: str, spec: Field, value: Any, rule_id: str, lazy: bool) -> Any:
    if not isinstance(value, list) or not value or not all(isinstance(v, str) and v for v in value):
        raise SchemaError(key, f'"{key}" must be a non-empty array of non-empty strings')
    return tuple(v.lower() for v in value)


def _phrases(key: str, spec: Field, value: Any, rule_id: str, lazy: bool) -> Any:
    if not isinstance(value, list) or not value or not all(isinstance(v, str) for v in value):
        raise SchemaError(key, f'"{key}" must be a non-empty array of strings')
    keys = set()
    for phrase in value:
        try:
            keys.add(phrase_key(phrase))
        except ValueError as exc:
            raise SchemaError(key, f'"{key}": {phrase!r}: {exc}') from None
    return frozenset(keys)


def _selectors_field(key: str, spec: Field, value: Any, rule_id: str, lazy: bool) -> Any:
    return _DeferredSelectors(key, value) if lazy else _selectors(key, value)


def _number_schema(spec: Field) -> dict[str, Any]:
    out: dict[str, Any] = {"type": "integer" if spec.type == "int" else "number"}
    if spec.minimum is not None:
        out["minimum"] = spec.minimum
    if spec.maximum is not None:
        out["maximum"] = spec.maximum
    return out


@dataclass(frozen=True)
class FieldType:
    """One field type: its converter, its JSON Schema, and what the engine must collect from it."""

    convert: Callable[[str, "Field", Any, str, bool], Any]
    schema: Callable[["Field"], dict[str, Any]]
    patterns: bool = False  # holds compiled patterns (one, or a list)
    phrases: bool = False  # holds phrase keys


FIELD_TYPES: dict[str, FieldType] = {
    "str": FieldType(_string, lambda spec: {"type": "string"}),
    "choice": FieldType(_string, lambda spec: {"type": "string", "enum": list(spec.choices)}),
    "bool": FieldType(_bool, lambda spec: {"type": "boolean"}),
    "int": FieldType(_number, _number_schema),
    "float": FieldType(_number, _number_schema),
    "strings": FieldType(_strings, lambda spec: {"type": "array", "items": {"type": "string"}}),
    "pattern": FieldType(_patterns, lambda spec: {"type": "string"}, patterns=True),
    "patterns": FieldType(_patterns, lambda spec: {"$ref": "#/definitions/patterns"}, patterns=True),
    "region": FieldType(_region_field, lambda spec: {"$ref": "#/definitions/region"}),
    "needles": FieldType(_needles, lambda spec: {"type": "array", "items": {"type": "string", "minLength": 1},
                                                 "minItems": 1}),
    "phrases": FieldType(_phrases, lambda spec: {"type": "array", "items": {"type": "string"}, "minItems": 1},
                         phrases=True),
    "selectors": FieldType(_selectors_field, lambda spec: {"oneOf": [
        {"type": "string"}, {"type": "array", "items": {"type": "string"}, "minItems": 1}]}),
}


def convert(key: str, spec: Field, value: Any, rule_id: str, *, lazy: bool = False) -> Any:
    """Check one value against its field and return it in the form the kind uses.

    ``lazy`` leaves regexes uncompiled until first use (shipped packs, checked by their tests).
    """
    return FIELD_TYPES[spec.type].convert(key, spec, value, rule_id, lazy)


def json_schema(spec: Field) -> dict[str, Any]:
    """The JSON Schema of one field, with its description and default."""
    out = FIELD_TYPES[spec.type].schema(spec)
    if spec.doc:
        out = {"description": spec.doc, **out} if "$ref" not in out else {"allOf": [out], "description": spec.doc}
    if spec.default is not None and isinstance(spec.default, (str, int, float, bool)):
        out["default"] = spec.default
    return out


def _region(key: str, value: Any) -> tuple[int | None, int | None]:
    if value == "anywhere":
        return (None, None)
    if isinstance(value, dict) and len(value) == 1:
        (where, n), = value.items()
        if where in ("first", "last") and isinstance(n, int) and not isinstance(n, bool) and n > 0:
            return (n, None) if where == "first" else (None, n)
    raise SchemaError(key, f'"{key}" must be "anywhere", {{ first = N }} or {{ last = N }} with N > 0')


class _DeferredSelectors:
    """A shipped pack's selectors, parsed when an HTML page first needs them.

    Text-only runs then never import the selector engine (start-up time); the
    shipped packs' selectors are checked by their own tests and by
    ``cleaner rules validate`` in CI, as their regexes are.
    """

    __slots__ = ("_key", "_value", "_parsed")

    def __init__(self, key: str, value: Any):
        items = value if isinstance(value, list) else [value]
        if not items or not all(isinstance(v, str) for v in items):
            raise SchemaError(key, f'"{key}" must be a CSS selector or an array of them')
        self._key, self._value, self._parsed = key, value, None

    def __iter__(self):
        if self._parsed is None:
            self._parsed = _selectors(self._key, self._value)
        return iter(self._parsed)


def _selectors(key: str, value: Any) -> list:
    from ..html.selectors import SelectorError, parse_selectors

    items = value if isinstance(value, list) else [value]
    if not items or not all(isinstance(v, str) for v in items):
        raise SchemaError(key, f'"{key}" must be a CSS selector or an array of them')
    compiled = []
    for item in items:
        try:
            compiled.extend(parse_selectors(item))
        except SelectorError as exc:
            raise SchemaError(key, f'"{key}": bad selector {item!r}: {exc}') from None
    return compiled


