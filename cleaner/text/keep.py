"""Keep blocks: lines an author marks so that no rule removes them.

A rule that misfires on one article (a quoted cookie banner in a story about
cookie banners) is better overruled in the article than weakened for every
site. Two marker styles, each on a line of its own, are understood in every
input kind::

    <!-- cleaner: keep -->        (Markdown and HTML: invisible when rendered)
    ...
    <!-- cleaner: end -->

    [cleaner: keep]               (plain text)
    ...
    [cleaner: end]

The lines between the markers are protected; the marker lines themselves leave
the cleaned body but are not chrome (``cleaner fix`` keeps them). A keep marker
without an end protects the rest of the document: when in doubt, keep.
"""
from __future__ import annotations

import re

from .document import Document

KEEP_RULE = "cleaner/keep"  # the id the marker lines are dropped under

_KEEP = re.compile(r"^\s*(?:<!--\s*cleaner:\s*keep\s*-->|\[\s*cleaner:\s*keep\s*\])\s*$", re.IGNORECASE)
_END = re.compile(r"^\s*(?:<!--\s*cleaner:\s*end\s*-->|\[\s*cleaner:\s*end\s*\])\s*$", re.IGNORECASE)
_ANY_MARKER = re.compile(r"cleaner\s*:\s*(?:keep|end)", re.IGNORECASE)  # one scan rules most pages out
_HTML_MARKER = re.compile(r"<!--\s*cleaner:\s*(keep|end)\s*-->", re.IGNORECASE)


def keep_lines(lines: list[str]) -> tuple[set[int], set[int]]:
    """``(markers, protected)``: indexes of marker lines and of the lines they enclose."""
    markers: set[int] = set()
    protected: set[int] = set()
    inside = False
    for index, line in enumerate(lines):
        if _KEEP.match(line):
            markers.add(index)
            inside = True
        elif _END.match(line):
            markers.add(index)
            inside = False
        elif inside:
            protected.add(index)
    return markers, protected


def protect(doc: Document) -> None:
    """Take a document's marker lines out of its body (as non-chrome) and protect the blocks."""
    if not _ANY_MARKER.search(doc.text):
        return
    markers, protected = keep_lines(doc.lines)
    for index in markers:
        doc.drop(index, KEEP_RULE, chrome=False)
    doc.protected |= markers | protected


def keep_spans(html: str) -> list[tuple[int, int]]:
    """Character ranges of an HTML source that lie between keep and end comments.

    HTML extraction drops comments, so for HTML the markers are honoured on the
    raw source: nothing that starts inside a range is reported or removed.
    """
    spans: list[tuple[int, int]] = []
    start: int | None = None
    for m in _HTML_MARKER.finditer(html):
        if m[1].lower() == "keep" and start is None:
            start = m.start()
        elif m[1].lower() == "end" and start is not None:
            spans.append((start, m.end()))
            start = None
    if start is not None:
        spans.append((start, len(html)))
    return spans
