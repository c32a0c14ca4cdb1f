"""Turning decoded text into a ``Document`` of lines, and Markdown into front matter + body.

Line endings are normalised to ``\\n`` here, once, so no rule needs to care.
"""
from __future__ import annotations

import re

from ..metadata import Metadata
from .document import Document

_FRONT = re.compile(r"\A(\ufeff?---[ \t]*\n.*?\n(?:---|\.\.\.)[ \t]*(?:\n|\Z))", re.DOTALL)
_SCALAR = re.compile(r"^([A-Za-z_][\w-]*)\s*:\s*(.*?)\s*$")


def normalize_newlines(text: str) -> str:
    if "\r" not in text:
        return text
    return text.replace("\r\n", "\n").replace("\r", "\n")


def parse_text(text: str, *, name: str = "<input>", first_line: int = 1,
               metadata: Metadata | None = None, input_type: str = "text") -> Document:
    """A plain-text body as a ``Document`` (one entry per input line)."""
    text = normalize_newlines(text)
    if text.endswith("\n"):
        text = text[:-1]
    return Document(text.split("\n") if text else [], first_line=first_line, name=name,
                    metadata=metadata, input_type=input_type, text=text)


def parse_plain(text: str, *, name: str = "<input>", metadata: Metadata | None = None) -> Document:
    """A plain-text input as a ``Document``: hard-wrapped paragraphs joined first.

    Text that is one paragraph a line is parsed exactly as ``parse_text``
    does; wrapped text (text-browser dumps, mail) becomes one line a
    paragraph, each remembering the input line it starts on.
    """
    from .reflow import reflow

    doc = parse_text(text, name=name, metadata=metadata)
    joined = reflow(doc.lines)
    if joined is None:
        return doc
    return Document(joined.lines, name=name, metadata=metadata, starts=joined.starts)


def split_front_matter(text: str) -> tuple[str, str, int]:
    """``(front_matter, body, body_first_line)``; the front matter is kept byte for byte."""
    text = normalize_newlines(text)
    m = _FRONT.match(text)
    if not m:
        return "", text, 1
    front = m.group(1)
    if not front.endswith("\n"):
        front += "\n"
    return front, text[m.end():], front.count("\n") + 1


def front_matter_fields(front: str) -> dict[str, object]:
    """The simple ``key: value`` and ``key: [a, b]`` / ``- item`` fields of YAML front matter.

    Enough for the fields cleaner knows (title, author, date, ...) without a
    YAML dependency; anything more complex is left alone, not guessed.
    """
    fields: dict[str, object] = {}
    current_list: list[str] | None = None
    for line in front.splitlines()[1:-1]:
        if current_list is not None and re.match(r"^\s+-\s+", line):
            current_list.append(_unquote(line.split("-", 1)[1].strip()))
            continue
        current_list = None
        m = _SCALAR.match(line)
        if not m:
            continue
        key, value = m.group(1).lower(), m.group(2)
        if value == "":
            current_list = fields.setdefault(key, [])  # type: ignore[assignment]
        elif value.startswith("[") and value.endswith("]"):
            fields[key] = [_unquote(v.strip()) for v in value[1:-1].split(",") if v.strip()]
        else:
            fields[key] = _unquote(value)
    return {k: v for k, v in fields.items() if v not in ([], "")}


def _unquote(value: str) -> str:
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
        return value[1:-1]
    return value


def body_text(doc: Document, *, paragraph_per_line: bool = True) -> str:
    """The kept lines as the output body.

    Plain text: every kept non-blank line is a paragraph, paragraphs separated
    by one blank line. Markdown: lines kept as they are (a paragraph may span
    lines), runs of blank lines folded into one.
    """
    kept = [doc.lines[i] for i in range(len(doc.lines)) if i not in doc.dropped]
    if paragraph_per_line:
        paragraphs = [line.strip() for line in kept if line.strip()]
        return "\n\n".join(paragraphs) + "\n" if paragraphs else ""
    out: list[str] = []
    for line in kept:
        line = line.rstrip()
        if line or (out and out[-1]):
            out.append(line)
    while out and not out[-1]:
        out.pop()
    return "\n".join(out) + "\n" if out else ""
