"""Writing learnt lines as a site pack in the ordinary rule format, checked before it is kept.

Each recurring line becomes one ``line`` rule: a whole-line phrase when
every page spelt it the same (up to case, spacing and punctuation), else an
anchored pattern in which counts and dates may vary. Every rule carries a
comment saying on how many pages it recurred and where, and an inline example
taken from the pages (the line between two lines of a page's prose). Lines
that read like article text are listed as comments, never as rules.

The text is checked the way ``cleaner rules validate`` and ``cleaner rules
test`` check it (``verified``): a rule whose example fails (its pattern
would also eat the example's prose) is left out rather than written broken.
"""
from __future__ import annotations

import json
import os
import re
import tempfile
from dataclasses import dataclass, field

import regex

from ..text.keys import PHRASE_MAX_CHARS, line_key, phrase_key
from .select import Learnt
from .shapes import line_pattern, varies
from .stats import SiteStats

# Used in an example when the page has no prose of its own around the line.
FALLBACK_PROSE = ("The article begins here.", "The article goes on here.")
_NAME = re.compile(r"[^a-z0-9.-]+")


@dataclass
class PackSpec:
    """How the learnt pack is named and scoped."""

    name: str
    domains: tuple[str, ...] = ()
    fingerprints: tuple[str, ...] = ()
    description: str = ""
    notes: list[str] = field(default_factory=list)  # extra comment lines for the header


def pack_name(site: str) -> str:
    """A rule-id-safe pack name from a domain or folder name: "www.Example.com" -> "example.com"."""
    name = _NAME.sub("-", site.lower()).strip("-.")
    name = name[4:] if name.startswith("www.") else name
    return name or "site"


def toml_string(text: str) -> str:
    """A TOML basic string (JSON's escapes are TOML's, once DEL is escaped too)."""
    return json.dumps(text, ensure_ascii=False).replace("\x7f", "\\u007f")


def _where(learnt: Learnt, pages: int) -> str:
    s = learnt.stats
    place = []
    if s.head:
        place.append(f"in the head of {s.head}")
    if s.tail:
        place.append(f"in the tail of {s.tail}")
    return f"recurs on {s.pages} of {pages} pages" + (f" ({', '.join(place)})" if place else " (mid-page)")


def _matcher(learnt: Learnt) -> tuple[str, list[str]]:
    """``("phrases", [...])`` or ``("pattern", [...])`` for one recurring line."""
    variants = learnt.stats.variants
    first = variants[0]
    if not varies(variants) and len(line_key(first)) <= PHRASE_MAX_CHARS:
        try:
            phrase_key(first)
            return "phrases", [first]
        except ValueError:
            pass
    patterns: list[str] = []
    for variant in variants:
        if not any(regex.search(p, variant) for p in patterns):
            patterns.append(line_pattern(variant))
    return "pattern", patterns


def _example(learnt: Learnt, stats: SiteStats, recurring: set[str]) -> tuple[str, str]:
    """Input and expected output: the line between two lines of prose from the page it was on."""
    from .shapes import shape

    prose = [p for p in stats.prose[learnt.stats.page] if shape(p) not in recurring] \
        if 0 <= learnt.stats.page < len(stats.prose) else []
    before, after = (prose + list(FALLBACK_PROSE))[:2] if len(prose) < 2 else prose[:2]
    line = learnt.stats.variants[0]
    return f"{before}\n\n{line}\n\n{after}\n", f"{before}\n\n{after}\n"


def render_pack(spec: PackSpec, stats: SiteStats, learnt: list[Learnt]) -> str:
    """The pack's TOML text."""
    recurring = {item.key for item in learnt}
    out = [f"# Learnt by `cleaner learn` from {stats.pages} pages: lines that recur on most of them.",
           "# Review before use: every rule below drops a whole line wherever it appears."]
    out += [f"# {note}" for note in spec.notes]
    prose = [item for item in learnt if item.prose]
    if prose:
        out.append("# Recurring lines that read like article text, left out (not chrome rules):")
        out += [f"#   {_where(item, stats.pages)}: {item.stats.variants[0][:160]}" for item in prose]
    out += ["", "[pack]", f"name = {toml_string(spec.name)}",
            f"description = {toml_string(spec.description or 'chrome learnt from the site' + chr(39) + 's pages')}"]
    if spec.domains:
        out.append("domains = [" + ", ".join(toml_string(d) for d in spec.domains) + "]")
    if spec.fingerprints:
        out.append("fingerprints = [" + ", ".join(toml_string(f) for f in spec.fingerprints) + "]")
    number = 0
    for item in learnt:
        if item.prose:
            continue
        number += 1
        field_name, values = _matcher(item)
        given, expect = _example(item, stats, recurring)
        out += ["", f"# {_where(item, stats.pages)}", "[[rule]]",
                f"id = {toml_string(f'{spec.name}/line-{number}')}", 'kind = "line"',
                'message = "recurring site line (learnt)"',
                f"{field_name} = [" + ", ".join(toml_string(v) for v in values) + "]",
                "", "  [[rule.example]]", f"  input = {toml_string(given)}", f"  expect = {toml_string(expect)}"]
    return "\n".join(out) + "\n"


def failing_rules(text: str) -> tuple[list[str], set[str]]:
    """Check a pack's text as ``cleaner rules validate`` and ``test`` do: (errors, ids of failing rules)."""
    from ..errors import RuleFileError
    from ..packs.examples import run_examples
    from ..packs.rulefile import USER, load_pack

    handle, path = tempfile.mkstemp(suffix=".toml")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            file.write(text)
        try:
            pack = load_pack(path, USER)
        except RuleFileError as exc:
            return [str(exc)], set()
        return [], {o.rule.id for o in run_examples(pack.rules) if not o.ok}
    finally:
        os.unlink(path)


def verified(spec: PackSpec, stats: SiteStats, learnt: list[Learnt]) -> str:
    """The pack's text, without the rules whose examples fail; raises ValueError if it is invalid."""
    kept = list(learnt)
    for _ in range(3):
        text = render_pack(spec, stats, kept)
        errors, failing = failing_rules(text)
        if errors:
            raise ValueError("; ".join(errors))
        if not failing:
            return text
        numbered = [item for item in kept if not item.prose]
        bad = {numbered[int(rule_id.rsplit("-", 1)[1]) - 1].key for rule_id in failing}
        kept = [item for item in kept if item.key not in bad]
    raise ValueError("rule examples keep failing")
