"""CSS selectors for HTML rules, matched in one pass over the page's lxml tree.

Why not an existing engine: soupsieve needs a BeautifulSoup tree (a second
parse, and a serialise to get back to the tree trafilatura reads), and
cssselect turns each selector into an XPath that libxml2 evaluates over the
whole tree, once per selector; with the dozens of selectors the generic packs
carry, both cost more than the extraction itself (bench/html_selectors.py
measures all three). Importing cssselect also triples the start-up time of the
text path, which never needs it. So selectors are parsed here, once, when a
rule file loads, and all selectors of a document are matched together in a
single walk: each selector is indexed by its rightmost part (id, class token,
a substring of class or id, another attribute, or the tag), so an element is
only checked against the few selectors that could match it.

The supported syntax is the part of CSS that describes page chrome:

- type ``div``, universal ``*``, class ``.share``, id ``#comments``;
- attributes ``[hidden]``, ``[a=v]``, ``[a~=v]``, ``[a|=v]``, ``[a^=v]``,
  ``[a$=v]``, ``[a*=v]``, with an ``i`` flag for case-insensitive values;
- ``:not(...)``, ``:is(...)``, ``:where(...)``, ``:has(x)`` / ``:has(> x)``
  (one compound selector inside), ``:first-child``, ``:last-child``,
  ``:only-child``, ``:empty``;
- combinators: descendant (space), ``>``, ``+``, ``~``; selector lists ``a, b``.

Anything else is refused with a message when the rule file loads. Tags and
attribute names match case-insensitively (HTML), class and id values
case-sensitively unless the ``i`` flag says otherwise, as in browsers.

The walk itself is narrowed first: one RE2 pass over all class (and id) values
at once finds the elements that hold any selector's literal, so Python tests a
handful of elements against selectors instead of every one.

This module imports lxml and RE2 only when a page is matched, never at import.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, Callable

_IDENT = r"-?(?:[A-Za-z_]|[^\x00-\x7f])(?:[\w-]|[^\x00-\x7f])*"
_NAME = r"(?:[\w-]|[^\x00-\x7f])+"
_TOKEN = re.compile(rf"""
    (?P<ws>\s+)
  | (?P<comb>[>+~,])
  | (?P<star>\*)
  | (?P<type>{_IDENT})
  | \.(?P<cls>{_IDENT})
  | \#(?P<id>{_NAME})
  | \[\s*(?P<attr>{_IDENT})\s*(?:(?P<op>[~|^$*]?=)\s*(?:(?P<ident>{_IDENT})|"(?P<dq>[^"\\]*)"|'(?P<sq>[^'\\]*)')\s*(?:(?P<flag>[iIsS])\s*)?)?\]
  | :(?P<pseudo>{_IDENT})(?P<paren>\()?
  | (?P<close>\))
""", re.VERBOSE)

_PSEUDO_FLAGS = ("first-child", "last-child", "only-child", "empty")
_PSEUDO_LISTS = ("not", "is", "where", "has")
_KNOWN_PSEUDO = ", ".join([f":{n}" for n in _PSEUDO_FLAGS] + [f":{n}()" for n in _PSEUDO_LISTS])


class SelectorError(ValueError):
    """A selector this module cannot parse or does not support; the message says why."""


# A test on one element: a plain function, so matching stays a loop of calls.
Test = Callable[[Any], bool]


@dataclass
class Compound:
    """One compound selector (``div.share[aria-label]``): a tag and a list of tests."""

    tag: str | None = None
    tests: list[Test] = field(default_factory=list)
    ids: list[str] = field(default_factory=list)  # exact ids, for the index
    classes: list[str] = field(default_factory=list)  # exact class tokens, for the index
    scans: list[tuple[str, str]] = field(default_factory=list)  # (class|id, lowercase substring)
    attrs: list[str] = field(default_factory=list)  # other attribute names tested

    def matches(self, el) -> bool:
        if self.tag is not None and el.tag != self.tag:
            return False
        for test in self.tests:
            if not test(el):
                return False
        return True


@dataclass
class Complex:
    """A chain of compounds joined by combinators, stored right to left."""

    parts: list[Compound]
    combinators: list[str]  # combinators[i] joins parts[i] to parts[i + 1] (its left side)
    text: str = ""  # the selector as written

    def matches(self, el) -> bool:
        return _match_from(self, 0, el)


def _match_from(sel: Complex, i: int, el) -> bool:
    if not sel.parts[i].matches(el):
        return False
    if i + 1 == len(sel.parts):
        return True
    comb = sel.combinators[i]
    if comb == ">":
        parent = el.getparent()
        return parent is not None and _match_from(sel, i + 1, parent)
    if comb == " ":
        return any(_match_from(sel, i + 1, a) for a in el.iterancestors())
    if comb == "+":
        prev = _previous_element(el)
        return prev is not None and _match_from(sel, i + 1, prev)
    return any(isinstance(s.tag, str) and _match_from(sel, i + 1, s)
               for s in el.itersiblings(preceding=True))


def _previous_element(el):
    for s in el.itersiblings(preceding=True):
        if isinstance(s.tag, str):
            return s
    return None


def _next_element(el):
    for s in el.itersiblings():
        if isinstance(s.tag, str):
            return s
    return None


def _attr_test(name: str, op: str | None, value: str, ci: bool) -> Test:
    """The test for one attribute selector; values compared case-insensitively with ``ci``."""
    want = value.lower() if ci else value
    if op is None:
        return lambda el: el.get(name) is not None

    def norm(el):
        got = el.get(name)
        if got is None:
            return None
        return got.lower() if ci else got

    if op == "=":
        return lambda el: norm(el) == want
    if op == "~=":
        return lambda el: (v := norm(el)) is not None and want in v.split()
    if op == "|=":
        return lambda el: (v := norm(el)) is not None and (v == want or v.startswith(want + "-"))
    if not want:  # CSS: an empty substring matches nothing
        return lambda el: False
    if op == "^=":
        return lambda el: (v := norm(el)) is not None and v.startswith(want)
    if op == "$=":
        return lambda el: (v := norm(el)) is not None and v.endswith(want)
    return lambda el: (v := norm(el)) is not None and want in v


def _has_class(token: str) -> Test:
    return lambda el: (c := el.get("class")) is not None and token in c.split()


def _is_empty(el) -> bool:
    if (el.text or "").strip():
        return False
    for child in el:
        if isinstance(child.tag, str) or (child.tail or "").strip():
            return False
    return True


_FLAG_TESTS: dict[str, Test] = {
    "first-child": lambda el: _previous_element(el) is None,
    "last-child": lambda el: _next_element(el) is None,
    "only-child": lambda el: _previous_element(el) is None and _next_element(el) is None,
    "empty": _is_empty,
}


class _Parser:
    def __init__(self, text: str):
        self.text = text
        self.tokens = self._tokenize(text)
        self.pos = 0

    def _tokenize(self, text: str) -> list[tuple[str, Any]]:
        tokens, pos = [], 0
        while pos < len(text):
            m = _TOKEN.match(text, pos)
            if m is None or m.end() == pos:
                snippet = text[pos:pos + 12]
                if tokens and tokens[-1][0] == "pseudo" and tokens[-1][1][1]:
                    name = tokens[-1][1][0]
                    if name not in _PSEUDO_LISTS:
                        raise SelectorError(f'":{name}()" is not supported (known: {_KNOWN_PSEUDO})')
                hint = " (escapes are not supported)" if text[pos] == "\\" else ""
                raise SelectorError(f"cannot read selector at {snippet!r}{hint}")
            kind = m.lastgroup if m.lastgroup not in ("op", "ident", "dq", "sq", "flag", "paren") else None
            if m.group("attr") is not None:
                value = m.group("ident") or m.group("dq") or m.group("sq") or ""
                tokens.append(("attr", (m.group("attr").lower(), m.group("op"), value,
                                        (m.group("flag") or "").lower() == "i")))
            elif m.group("pseudo") is not None:
                tokens.append(("pseudo", (m.group("pseudo").lower(), m.group("paren") is not None)))
            else:
                tokens.append((kind, m.group(kind)))
            pos = m.end()
        tokens.append(("end", None))
        return tokens

    def peek(self) -> tuple[str, Any]:
        return self.tokens[self.pos]

    def take(self) -> tuple[str, Any]:
        token = self.tokens[self.pos]
        self.pos += 1
        return token

    def skip_ws(self) -> None:
        while self.peek()[0] == "ws":
            self.pos += 1

    def selector_list(self, stop: str = "end") -> list[Complex]:
        out = []
        while True:
            self.skip_ws()
            out.append(self.complex())
            self.skip_ws()
            kind, value = self.peek()
            if kind == "comb" and value == ",":
                self.take()
                continue
            if kind == stop:
                return out
            raise SelectorError(f"unexpected {value or kind!r} in selector")

    def complex(self) -> Complex:
        compounds, combs = [self.compound()], []
        while True:
            had_ws = self.peek()[0] == "ws"
            self.skip_ws()
            kind, value = self.peek()
            if kind == "comb" and value in ">+~":
                self.take()
                self.skip_ws()
                combs.append(value)
            elif had_ws and kind in ("type", "star", "cls", "id", "attr", "pseudo"):
                combs.append(" ")
            else:
                break
            compounds.append(self.compound())
        compounds.reverse()
        combs.reverse()
        return Complex(compounds, combs)

    def compound(self) -> Compound:
        comp = Compound()
        kind, value = self.peek()
        parts = 0
        if kind == "type":
            comp.tag = value.lower()
            self.take()
            parts += 1
        elif kind == "star":
            self.take()
            parts += 1
        while True:
            kind, value = self.peek()
            if kind == "cls":
                comp.tests.append(_has_class(value))
                comp.classes.append(value)
            elif kind == "id":
                comp.tests.append(lambda el, v=value: el.get("id") == v)
                comp.ids.append(value)
            elif kind == "attr":
                self._attribute(comp, *value)
            elif kind == "pseudo":
                self.take()
                self._pseudo(comp, *value)
                parts += 1
                continue
            else:
                break
            self.take()
            parts += 1
        if not parts:
            kind, value = self.peek()
            raise SelectorError("empty selector" if kind == "end" else f"unexpected {value or kind!r} in selector")
        return comp

    def _attribute(self, comp: Compound, name: str, op: str | None, value: str, ci: bool) -> None:
        comp.tests.append(_attr_test(name, op, value, ci))
        if name == "id" and op == "=" and not ci:
            comp.ids.append(value)
        elif name in ("class", "id") and op is not None and value:
            comp.scans.append((name, value.lower()))
        elif name not in ("class", "id"):
            comp.attrs.append(name)

    def _pseudo(self, comp: Compound, name: str, paren: bool) -> None:
        if name in _PSEUDO_FLAGS and not paren:
            comp.tests.append(_FLAG_TESTS[name])
            return
        if name not in _PSEUDO_LISTS or not paren:
            raise SelectorError(f'":{name}{"()" if paren else ""}" is not supported (known: {_KNOWN_PSEUDO})')
        if name == "has":
            comp.tests.append(self._has())
            return
        inner = self.selector_list(stop="close")
        self.take()
        if name == "not":
            comp.tests.append(lambda el, sels=inner: not any(s.matches(el) for s in sels))
        else:
            comp.tests.append(lambda el, sels=inner: any(s.matches(el) for s in sels))

    def _has(self) -> Test:
        self.skip_ws()
        child_only = False
        if self.peek() == ("comb", ">"):
            self.take()
            self.skip_ws()
            child_only = True
        inner = self.compound()
        self.skip_ws()
        if self.peek()[0] != "close":
            raise SelectorError(":has() takes one compound selector, optionally after >")
        self.take()
        if child_only:
            return lambda el: any(isinstance(c.tag, str) and inner.matches(c) for c in el)
        return lambda el: any(inner.matches(d) for d in el.iterdescendants() if isinstance(d.tag, str))


def parse_selectors(text: str) -> list[Complex]:
    """Parse a selector list; raises ``SelectorError`` with the reason."""
    if not text.strip():
        raise SelectorError("empty selector")
    out = _Parser(text).selector_list()
    for sel in out:
        sel.text = text
    return out


class SelectorIndex:
    """Many selectors, matched together in one walk over a tree.

    ``match(root)`` returns, for each selector key given at construction, the
    matching elements in document order.
    """

    def __init__(self, selectors: Iterable[tuple[Any, Complex]]):
        self.by_id: dict[str, list] = {}
        self.by_class: dict[str, list] = {}
        self.by_tag: dict[str, list] = {}
        self.by_attr: dict[str, list] = {}
        self.scans: dict[str, list[tuple[str, list]]] = {"class": [], "id": []}
        self.always: list = []
        self.keys: list = []
        scan_entries: dict[tuple[str, str], list] = {}
        for key, sel in selectors:
            self.keys.append(key)
            entry = (key, sel)
            right = sel.parts[0]
            if right.ids:
                self.by_id.setdefault(right.ids[0], []).append(entry)
            elif right.classes:
                self.by_class.setdefault(right.classes[0], []).append(entry)
            elif right.scans:
                scan_entries.setdefault(right.scans[0], []).append(entry)
            elif right.attrs:
                self.by_attr.setdefault(right.attrs[0], []).append(entry)
            elif right.tag is not None:
                self.by_tag.setdefault(right.tag, []).append(entry)
            else:
                self.always.append(entry)
        for (attr, literal), entries in scan_entries.items():
            self.scans[attr].append((literal, entries))
        self._scan_re = {attr: _literal_pattern(lit for lit, _ in items)
                         for attr, items in self.scans.items() if items}
        # the prefilter: every literal a class or id value must contain for some selector to match
        self._filter_re = {
            "class": _literal_set([lit for lit, _ in self.scans["class"]] + [c.lower() for c in self.by_class]),
            "id": _literal_set([lit for lit, _ in self.scans["id"]] + [i.lower() for i in self.by_id]),
        }

    def _candidates(self, el) -> Iterator[tuple[Any, Complex]]:
        if self.by_tag:
            yield from self.by_tag.get(el.tag, ())
        if self.by_id or "id" in self._scan_re:
            value = el.get("id")
            if value is not None:
                yield from self.by_id.get(value, ())
                yield from self._scan("id", value)
        if self.by_class or "class" in self._scan_re:
            value = el.get("class")
            if value is not None:
                if self.by_class:
                    for token in value.split():
                        yield from self.by_class.get(token, ())
                yield from self._scan("class", value)
        if self.by_attr:
            for name in el.keys():
                yield from self.by_attr.get(name, ())
        yield from self.always

    def _scan(self, attr: str, value: str) -> Iterator[tuple[Any, Complex]]:
        pattern = self._scan_re.get(attr)
        if pattern is None:
            return
        low = value.lower()
        if pattern.search(low) is None:
            return
        for literal, entries in self.scans[attr]:
            if literal in low:
                yield from entries

    def match(self, root, check: Callable[[], None] | None = None) -> dict[Any, list]:
        """Matching elements per selector key, in document order; ``check`` is called every
        few thousand elements (it may raise to stop a runaway page)."""
        found: dict[Any, list] = {key: [] for key in self.keys}
        seen: set[tuple[int, Any]] = set()
        for n, el in enumerate(self._elements(root)):
            if not isinstance(el.tag, str):
                continue
            if check is not None and n % 4096 == 4095:
                check()
            for key, sel in self._candidates(el):
                if sel.matches(el) and (id(el), key) not in seen:
                    seen.add((id(el), key))
                    found[key].append(el)
        return found

    def _elements(self, root) -> Iterable:
        """The elements some selector could match, in document order: all of them when a
        selector is indexed by a bare attribute or by nothing; else those of an indexed tag,
        and those whose class or id value holds one of the selectors' literals (lower-cased:
        a superset of the exact, case-sensitive tests ``_candidates`` then makes). RE2 finds
        the literals in all values joined, in one linear pass (``re`` would try each literal
        at each position)."""
        if self.always or self.by_attr:
            return root.iter()
        from lxml.etree import Element

        elements = list(root.iter(Element))
        hits: set[int] = set()
        if self.by_tag:  # a set of the tags' elements: cheaper than reading every element's tag
            tagged = set(root.iter(*self.by_tag))
            hits.update(i for i, el in enumerate(elements) if el in tagged)
        for attr in ("class", "id"):
            pattern = self._filter_re[attr]
            if pattern is None:
                continue
            values = [el.get(attr) or "" for el in elements]
            joined = "\0".join(values).lower()  # NUL separates: libxml2 keeps none in a value
            if joined.isascii() and len(joined) == len(values) - 1 + sum(map(len, values)) \
                    and joined.count("\0") == len(values) - 1:
                data = joined.encode("ascii")  # byte offsets are character offsets
            else:  # one by one: lower() may change a length, and UTF-8 lengths differ
                values = [v.lower().replace("\0", " ").encode("utf-8", "surrogatepass") for v in values]
                data = b"\0".join(values)
            index, counted = 0, 0  # the element a match is in: the separators before it
            for m in pattern.finditer(data):
                index += data.count(b"\0", counted, m.start())
                counted = m.start()
                hits.add(index)
        return [elements[i] for i in sorted(hits)]


def _literal_pattern(literals: Iterable[str]) -> "re.Pattern[str] | None":
    """One pattern finding any of ``literals`` (longest first), None when there are none."""
    unique = sorted({lit for lit in literals if lit}, key=lambda lit: (-len(lit), lit))
    return re.compile("|".join(re.escape(lit) for lit in unique)) if unique else None


def _literal_set(literals: Iterable[str]):
    """An RE2 pattern over UTF-8 bytes finding any of ``literals``; None when there are none."""
    unique = sorted({lit for lit in literals if lit})
    if not unique:
        return None
    import re2

    from ..match.finder import re2_options

    return re2.compile(b"|".join(re2.escape(lit.encode("utf-8", "surrogatepass")) for lit in unique), re2_options(re2))
