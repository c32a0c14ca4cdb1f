"""What type of input a source is: ``html``, ``markdown`` or ``text``. Pure functions.

"Kind" in cleaner means a rule kind; an input has a type.
"""
from __future__ import annotations

import re

INPUT_TYPES = ("text", "markdown", "html")
# The one table of file suffixes cleaner reads, and the input type each one means.
SUFFIXES = {".html": "html", ".htm": "html", ".xhtml": "html", ".txt": "text", ".text": "text",
              ".md": "markdown", ".markdown": "markdown"}
_HTML_START = re.compile(r"\A(?:\ufeff)?\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta|title)\b",
                         re.IGNORECASE | re.DOTALL)
_HTML_TAGS = re.compile(r"<(?:div|p|span|a|script|article|section|br)\b[^>]*>", re.IGNORECASE)
_FRONT_MATTER = re.compile(r"\A(?:\ufeff)?---\r?\n")


def detect_input_type(text: str, suffix: str = "") -> str:
    """The input's type: from the file suffix when it names one, else sniffed from the text."""
    by_suffix = SUFFIXES.get(suffix.lower())
    if by_suffix:
        return by_suffix
    head = text[:4096]
    if _HTML_START.match(head) or len(_HTML_TAGS.findall(head)) >= 5:
        return "html"
    if _FRONT_MATTER.match(head):
        return "markdown"
    return "text"
