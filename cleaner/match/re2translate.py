"""Rule patterns, written for Python's ``regex``, widened into patterns RE2 can run.

RE2 speaks a smaller language than ``regex`` (no lookarounds or back
references, ASCII ``\\w`` and ``\\b``), so ``to_re2`` translates each pattern
into an RE2 pattern that matches *at least* every line the original matches:
lookarounds and word boundaries are dropped, counted repeats become ``*`` or
``+``, shorthand classes become supersets, and no class takes a newline (a
match lies within one line). A pattern it cannot widen safely (back
references, ``(?x)``, fuzzy matching, set operations in classes) gives None.
The translations only choose which lines ``regex`` looks at (see
``prefilter``); they never decide a match.
"""
from __future__ import annotations

# Supersets of Python's shorthand classes (for use inside a character class). Exact
# Unicode classes such as \pL compile into large UTF-8 automata, and a set of a hundred
# patterns using them made RE2's DFA rebuild its states all the time; so the ASCII part
# is exact and any non-ASCII character is let in. White space is the few characters
# either definition (str.isspace, Unicode White_Space) counts.
#
# No class takes a newline: a rule's match lies within one line, so leaving the
# newline out loses nothing, and it keeps every partial match inside its line, which
# keeps the DFA small (a "^\s*" that ran on across blank lines kept threads alive).
_NON_ASCII = r"\x{80}-\x{10ffff}"
_WORD = r"0-9A-Za-z_" + _NON_ASCII
_DIGIT = r"0-9" + _NON_ASCII
_SPACE = (r"\t\x0b\f\r\x1c-\x1f \x{85}\x{a0}\x{1680}\x{2000}-\x{200b}\x{2028}\x{2029}\x{202f}"
          r"\x{205f}\x{3000}\x{feff}")
_LETTER_PROPERTIES = {"L", "Letter", "L&", "LC", "Lu", "Ll", "Lt", "Lm", "Lo", "Uppercase_Letter",
                      "Lowercase_Letter", "Alpha", "Alphabetic"}
_NUMBER_PROPERTIES = {"N", "Number", "Nd", "Nl", "No", "Decimal_Number", "Digit"}
_ANY = r"[^\n]"
_POSITIVE = {"w": _WORD, "d": _DIGIT, "s": _SPACE}
# Escapes RE2 reads as Python does.
_SAME = set("nrtfv\\.^$*+?()[]{}|/-&~#%!,:;<=>@'\"` ")


class Untranslatable(Exception):
    """The pattern uses something the translator cannot widen into RE2."""


class _Negated(Exception):
    """A negated property (\\P{...}) in a positive context: it stands for any character."""


def to_re2(source: str) -> str | None:
    """An RE2 pattern matching every line ``source`` matches (perhaps more), or None."""
    try:
        translator = _Translator(source)
        body = translator.run()
    except (Untranslatable, IndexError, ValueError):
        return None
    # Flags switched on anywhere hold for the whole pattern (as in ``regex``'s
    # default version): set them up front, which can only widen the match.
    return f"(?m{''.join(sorted(translator.flags))})" + body


class _Translator:
    """A single left-to-right pass over the pattern; a group's contents are read recursively."""

    def __init__(self, source: str):
        self.s = source
        self.i = 0
        self.out: list[str] = []
        self.flags: set[str] = set()
        # Under (?i) a case property such as \p{Lu} may match either case: widen it to \pL.
        self.ignore_case = _switches_ignore_case(source)

    def run(self) -> str:
        self.sequence(top=True)
        return "".join(self.out)

    # A sequence of items up to ")" (or the end, at the top level).
    def sequence(self, top: bool = False) -> None:
        s = self.s
        while self.i < len(s):
            c = s[self.i]
            if c == ")":
                if top:
                    raise Untranslatable("unbalanced )")
                return
            if c == "(":
                self.group()
            elif c == "[":
                self.out.append(self.char_class())
            elif c == "\\":
                self.out.append(self.escape())
            elif c in "*+?{":
                self.quantifier()
            elif c in "^$.|":
                self.out.append(c)
                self.i += 1
            else:
                self.out.append(literal(c))
                self.i += 1
        if not top:
            raise Untranslatable("unclosed (")

    def group(self) -> None:
        s, i = self.s, self.i
        if s.startswith(("(?=", "(?!"), i) or s.startswith(("(?<=", "(?<!"), i):
            # A lookaround constrains a match; without it the match set only grows.
            self.i = i + (3 if s[i + 2] in "=!" else 4)
            mark = len(self.out)
            self.sequence()
            del self.out[mark:]
            self.i += 1
            self._skip_quantifier()
            return
        if s.startswith("(?P<", i) or (s.startswith("(?<", i) and s[i + 3] not in "=!"):
            self.out.append("(?:")  # only presence is asked: no group needs a name
            self.i = s.index(">", i) + 1
        elif s.startswith("(?:", i) or s.startswith("(?>", i):
            self.out.append("(?:")
            self.i = i + 3
        elif s.startswith("(?", i):
            j = i + 2
            while j < len(s) and (s[j].isalpha() or s[j] == "-"):
                j += 1
            flags = s[i + 2:j]
            if not flags or set(flags) - set("imsx-") or "x" in flags or j >= len(s) or s[j] not in ":)":
                raise Untranslatable(f"group {s[i:j + 1]!r}")
            # Switching a flag off only narrows a match: ignored. So is s (dot matches a
            # newline): a match never crosses a line.
            on = flags.split("-")[0].replace("s", "")
            if s[j] == ")":  # a flag setting such as (?i)
                self.flags.update(on)
                self.i = j + 1
                return
            self.out.append(f"(?{on}:" if on else "(?:")
            self.i = j + 1
        else:
            self.out.append("(?:")  # no group is ever read: RE2 need not track any
            self.i = i + 1
        self.sequence()
        self.out.append(")")
        self.i += 1

    def quantifier(self) -> None:
        s, i = self.s, self.i
        if s[i] == "{":
            close = s.find("}", i)
            body = s[i + 1:close] if close != -1 else ""
            lo, _, hi = body.partition(",")
            if close == -1 or not (lo.isdigit() or lo == "") or not (hi.isdigit() or hi == ""):
                self.out.append(r"\{")  # a literal brace, as Python reads it
                self.i += 1
                return
            self.out.append("*" if lo in ("", "0") else "+")
            self.i = close + 1
        else:
            self.out.append(s[i])
            self.i += 1
        if self.i < len(s) and s[self.i] in "?+":  # lazy or possessive: the same match set
            self.i += 1

    def _skip_quantifier(self) -> None:
        if self.i < len(self.s) and self.s[self.i] in "*+?{":
            mark = len(self.out)
            self.quantifier()
            del self.out[mark:]

    def escape(self) -> str:
        s, i = self.s, self.i
        c = s[i + 1]
        self.i = i + 2
        if c in _POSITIVE:
            return f"[{_POSITIVE[c]}]"
        if c in "WDS":
            return _ANY
        if c in "bB":
            return ""
        if c == "A":
            return "^"
        if c == "Z":
            return "$"
        if c in "pP":
            try:
                return f"[{self._value_escape(c)}]"
            except _Negated:
                return _ANY
        return self._value_escape(c)

    def _value_escape(self, c: str, in_negated_class: bool = False) -> str:
        """An escape that stands for one character or a property (shared with classes).

        A property comes back as a class body (no brackets): widened as the
        shorthands are, except in a negated class, where only the exact one is safe.
        """
        s = self.s
        if c in "pP":
            if s[self.i] == "{":
                close = s.index("}", self.i)
                name = s[self.i + 1:close]
                self.i = close + 1
            else:
                name = s[self.i]
                self.i += 1
            if not name.replace("_", "").replace("&", "").isalnum():
                raise Untranslatable(f"property {name!r}")
            if c == "P" or in_negated_class:
                if c == "P" and not in_negated_class:
                    raise _Negated()
                return f"\\{c}{{{name}}}"
            if name in _LETTER_PROPERTIES:
                if self.ignore_case or name not in ("Lu", "Ll", "Uppercase_Letter", "Lowercase_Letter"):
                    return "A-Za-z" + _NON_ASCII
                return ("A-Z" if name in ("Lu", "Uppercase_Letter") else "a-z") + _NON_ASCII
            if name in _NUMBER_PROPERTIES:
                return "0-9" + _NON_ASCII
            return f"\\p{{{name}}}"
        if c == "x":
            if s[self.i] == "{":
                close = s.index("}", self.i)
                code = s[self.i + 1:close]
                self.i = close + 1
            else:
                code = s[self.i:self.i + 2]
                self.i += 2
            return _codepoint(code)
        if c in "uU":
            width = 4 if c == "u" else 8
            code = s[self.i:self.i + width]
            self.i += width
            return _codepoint(code)
        if c in _SAME:
            return "\\" + c
        if c.isalnum():
            raise Untranslatable(f"escape \\{c}")  # back references, \N{...}, \G, ...
        return literal(c)

    def char_class(self) -> str:
        s = self.s
        self.i += 1
        negated = s[self.i] == "^"
        if negated:
            self.i += 1
        parts: list[str] = []
        first = True
        while True:
            c = s[self.i]
            if c == "]" and not first:
                self.i += 1
                break
            first = False
            if c == "[":
                raise Untranslatable("nested class or set operation")
            if c == "\\":
                e = s[self.i + 1]
                self.i += 2
                if e in _POSITIVE:
                    if negated:  # the complement of a superset would be a subset
                        return self._any_for_negated()
                    parts.append(_POSITIVE[e])
                elif e in "WDS":
                    return self._any_for_negated()
                elif e == "b":
                    parts.append(r"\x08")
                else:
                    try:
                        parts.append(self._value_escape(e, in_negated_class=negated))
                    except _Negated:
                        return self._any_for_negated()
            else:
                parts.append("\\" + c if c in "\\]^[" else c)
                self.i += 1
        return ("[^\\n" if negated else "[") + "".join(parts) + "]"

    def _any_for_negated(self) -> str:
        """Skip to the end of the class being read and stand for any character."""
        s = self.s
        while s[self.i] != "]":
            self.i += 2 if s[self.i] == "\\" else 1
        self.i += 1
        return _ANY


def _switches_ignore_case(source: str) -> bool:
    """Whether a flag group ("(?i)", "(?iu:") switches case-insensitivity on anywhere in ``source``."""
    import re

    return re.search(r"\(\?[a-zA-Z]*i[a-zA-Z-]*[:)]", source) is not None


def literal(c: str) -> str:
    """One character as an RE2 pattern that matches it (escaped where it is syntax)."""
    if c.isalnum() or c == "_" or ord(c) > 127:
        return c
    return "\\" + c if c in "\\.^$*+?()[]{}|" else c


def _codepoint(code: str) -> str:
    try:
        return f"\\x{{{int(code, 16):x}}}"
    except ValueError:
        raise Untranslatable(f"code point {code!r}") from None
