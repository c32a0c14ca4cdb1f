"""One pass over a document tells which rule patterns cannot match it at all.

Most chrome patterns do not occur on a given page, yet scanning the page once
per pattern (about a hundred scans of 8 KB, each in the ``regex`` module) was
the larger part of the cost of the line rules. RE2's ``Set`` matches all
patterns of a rule list in one DFA pass and answers which of them occur
anywhere in the text; the rules then scan only for those.

RE2 speaks a smaller language than ``regex`` (no lookarounds or back
references, ASCII ``\\w`` and ``\\b``), so each pattern is translated into an
RE2 pattern that matches *at least* what the original matches: lookarounds
and word boundaries are dropped, counted repeats become ``*`` or ``+``,
shorthand classes become their Unicode supersets. A superset may call a
pattern present when it is not; the rule's own scan then decides, as before.
A pattern the translator cannot widen safely, or RE2 refuses, is simply
never ruled out. Only presence is taken from RE2: every match a rule acts on
is still found by ``regex``, under the document's time limit.
"""
from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .model import Document
    from .patterns import LinePattern

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
    """A single left-to-right pass over the pattern; groups are tracked on a stack."""

    def __init__(self, source: str):
        self.s = source
        self.i = 0
        self.out: list[str] = []
        self.flags: set[str] = set()
        # Under (?i) a case property such as \p{Lu} may match either case: widen it to \pL.
        self.ignore_case = "(?i" in source or bool(regex_flags_i(source))

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
                self.out.append(_literal(c))
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
        return _literal(c)

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


def regex_flags_i(source: str) -> bool:
    """Whether a flag group switches case-insensitivity on anywhere in ``source``."""
    import re

    return bool(re.search(r"\(\?[a-zA-Z]*i[a-zA-Z]*[:)]", source))


def _literal(c: str) -> str:
    if c.isalnum() or c == "_" or ord(c) > 127:
        return c
    return "\\" + c if c in "\\.^$*+?()[]{}|" else c


def _codepoint(code: str) -> str:
    try:
        return f"\\x{{{int(code, 16):x}}}"
    except ValueError:
        raise Untranslatable(f"code point {code!r}") from None


# What ``patterns.line_key`` folds away between and around the words of a phrase, and
# more: any character but an ASCII letter or digit (a small automaton, unlike [^\pL\pN]).
_NOT_WORD = r"[^a-zA-Z0-9\n]"


def phrase_regex(keys: Iterable[str]) -> str | None:
    """An RE2 pattern for the lines whose key is one of ``keys`` (and perhaps a few more).

    A key is words separated by single spaces; a line has that key when it
    is those words (in any case) with any run of non-word characters between
    them and around them. ``casefold`` turns "ß" into "ss", which RE2's case
    folding does not, so "ss" also accepts "ß".
    """
    alternatives = sorted({(_NOT_WORD + "+").join(_phrase_word(word) for word in key.split(" "))
                           for key in keys})
    if not alternatives:
        return None
    return f"(?m)^{_NOT_WORD}*(?i:{'|'.join(alternatives)}){_NOT_WORD}*$"


def _phrase_word(word: str) -> str:
    return "(?:ss|ß)".join("".join(_literal(c) for c in part) for part in word.split("ss"))


class Prefilter:
    """The RE2 set of a rule list's patterns; ``absent(text)`` names those that cannot match.

    It also finds the lines that may be one of the rules' whole-line phrases
    (``phrase_lines``), so no key is computed for the other lines of a page.
    """

    def __init__(self, patterns: Iterable["LinePattern"], phrases: Iterable[str] = ()):
        import re2

        source = phrase_regex(phrases)
        self._phrases = Finder(re2.compile(source, _options(re2))) if source else None

        self._set = re2.Set.SearchSet(_options(re2, SET_MAX_MEM))
        # Entry 0 matches every text: a result without it means the DFA gave up (its
        # memory budget ran out on some odd page), and then nothing is ruled out.
        self._set.Add("")
        self.patterns: list["LinePattern"] = []
        for pattern in dict.fromkeys(patterns):
            translated = pattern.re2_source
            if translated is None:
                continue
            try:
                self._set.Add(translated)
            except re2.error:
                continue
            self.patterns.append(pattern)
        self._set.Compile()
        self._all = frozenset(self.patterns)
        self._by_entry = [None, *self.patterns]

    def absent(self, text: bytes) -> frozenset["LinePattern"]:
        """The patterns that match nowhere in ``text`` (UTF-8; each line of it taken alone)."""
        found = self._set.Match(text) or ()
        if 0 not in found:
            return frozenset()
        return self._all.difference(map(self._by_entry.__getitem__, found))

    def phrase_lines(self, doc: "Document") -> dict[str, list[int]]:
        """Key -> indexes of the lines that may be a phrase: the phrase rules' index."""
        from .patterns import line_key

        index: dict[str, list[int]] = {}
        if self._phrases is None:
            return index
        for i in candidate_lines(doc, self._phrases, 0, len(doc.lines)):
            key = line_key(doc.lines[i])
            if key in index:
                index[key].append(i)
            elif key:
                index[key] = [i]
        return index


@lru_cache(maxsize=4096)
def locator(translated: str) -> "Finder | None":
    """A pattern translated by ``to_re2``, compiled by RE2 to find candidate lines, or None
    (no RE2, or one it refuses: the rule then scans with ``regex`` alone)."""
    try:
        import re2
    except ImportError:
        return None
    try:
        return Finder(re2.compile(translated, _options(re2)))
    except re2.error:
        return None


class Finder:
    """An RE2 pattern asked only for the spans of its matches in UTF-8 bytes.

    The binding's ``finditer`` builds a match object per match in Python;
    its compiled pattern's ``Match`` call gives the span directly, which is
    all a candidate search needs. Should a future binding lack it, the
    public ``finditer`` is used.
    """

    __slots__ = ("pattern", "_match", "_unanchored")

    def __init__(self, pattern):
        import re2

        self.pattern = pattern
        self._match = getattr(getattr(pattern, "_regexp", None), "Match", None)
        self._unanchored = getattr(getattr(re2, "_Anchor", None), "UNANCHORED", None)
        if self._unanchored is None:
            self._match = None

    def spans(self, data: bytes, pos: int, endpos: int) -> Iterator[tuple[int, int]]:
        """``(start, end)`` of each match in ``data[pos:endpos]``, left to right, not overlapping."""
        if self._match is None:
            for m in self.pattern.finditer(data, pos, endpos):
                yield m.start(), m.end()
            return
        match, anchor = self._match, self._unanchored
        while pos <= endpos:
            start, end = match(anchor, data, pos, endpos)[0]
            if start < 0:
                return
            yield start, end
            pos = end if end > start else end + 1


# Memory RE2 may take for one compiled pattern (mostly its DFA's states). The set of
# all patterns needs room (below ~32 MB its DFA rebuilds states all the time and runs
# ten times slower; it settles near 20 MB on the corpus); a single pattern needs little.
SET_MAX_MEM = 64 << 20
PATTERN_MAX_MEM = 8 << 20


def _options(re2, max_mem: int = PATTERN_MAX_MEM):
    """RE2 options: a memory budget, and no log lines on stderr (a DFA that runs out of
    memory falls back to a slower search, which is not an error here)."""
    options = re2.Options()
    options.max_mem = max_mem
    options.log_errors = False
    return options


def candidate_lines(doc: "Document", finder: Finder, start: int, stop: int) -> list[int]:
    """Indexes of lines in ``[start, stop)`` that an RE2 ``finder`` match touches, in order.

    The translation matches at least every line the pattern does, and a match
    that runs over several lines makes each of them a candidate, so no line
    the pattern matches is missed; the caller confirms each with ``regex``.
    """
    if start >= stop:
        return []
    data, offsets = doc.utf8()
    pos = offsets[start]
    endpos = offsets[stop] - 1 if stop < len(offsets) else len(data)
    found: list[int] = []
    last = -1
    for m_start, m_end in finder.spans(data, pos, endpos):
        first = bisect_right(offsets, m_start) - 1
        end = bisect_right(offsets, max(m_start, m_end - 1)) - 1
        for index in range(max(first, last + 1), end + 1):
            found.append(index)
        last = max(last, end)
    return found


def build_prefilter(patterns: Iterable["LinePattern"], phrases: Iterable[str] = ()) -> Prefilter | None:
    """A prefilter for ``patterns`` and ``phrases``, or None when RE2 is not installed (every
    pattern then scans, and phrases are looked up in an index of every line)."""
    try:
        return Prefilter(patterns, phrases)
    except ImportError:
        return None
