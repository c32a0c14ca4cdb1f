"""What kind of input a source is: ``html``, ``markdown`` or ``text``. Pure functions."""
from __future__ import annotations

import re

KINDS = ("html", "markdown", "text")
_BY_SUFFIX = {".html": "html", ".htm": "html", ".xhtml": "html", ".txt": "text", ".text": "text",
              ".md": "markdown", ".markdown": "markdown"}
_HTML_START = re.compile(r"\A(?:\ufeff)?\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta|title)\b",
                         re.IGNORECASE | re.DOTALL)
_HTML_TAGS = re.compile(r"<(?:div|p|span|a|script|article|section|br)\b[^>]*>", re.IGNORECASE)
_FRONT_MATTER = re.compile(r"\A(?:\ufeff)?---\r?\n")


def detect_kind(text: str, suffix: str = "") -> str:
    """The input's kind: from the file suffix when it names one, else sniffed from the text."""
    by_suffix = _BY_SUFFIX.get(suffix.lower())
    if by_suffix:
        return by_suffix
    head = text[:4096]
    if _HTML_START.match(head) or len(_HTML_TAGS.findall(head)) >= 5:
        return "html"
    if _FRONT_MATTER.match(head):
        return "markdown"
    return "text"
