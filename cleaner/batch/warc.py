"""Web archives (WARC) as batch inputs: one task per page record.

An HTTP ``response`` record with an HTML payload is cleaned as HTML, a
``conversion`` record (the extracted text Common Crawl's WET files hold) as
copied text; both with the record's ``WARC-Target-URI`` as the page URL, so
site packs apply. Every other record is skipped and counted by reason.

The archive is read once, in the process that walks IN: the payload travels
with its task, so workers (local or on a cluster) never open the archive and
never depend on it being split into seekable gzip members. The reading is
warcio's (an optional extra, ``sitecleaner[warc]``): it handles member-per-record
and whole-file gzip alike and undoes chunked transfer and ``Content-Encoding``.
"""
from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator
from typing import BinaryIO

from ..errors import BatchError
from .task import JSONL_NAME, ArchiveRecord, Skipped, Task

SUFFIXES = (".warc", ".warc.gz")
HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
# A record key is a file name: the record id's safe characters, at most this long.
MAX_KEY = 120
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")
_CHARSET = re.compile(r"""charset\s*=\s*["']?([A-Za-z0-9_.:-]+)""", re.IGNORECASE)


def is_archive(name: str) -> bool:
    """Whether a file name says it is a web archive (``.warc`` or ``.warc.gz``, any case)."""
    return name.lower().endswith(SUFFIXES)


def record_key(record_id: str) -> str:
    """A file-name-safe key for a ``WARC-Record-ID``: ``<urn:uuid:X>`` becomes ``X``.

    Anything but letters, digits, ``.``, ``_`` and ``-`` becomes ``_``; a key
    never starts with a dot (no hidden or ``..`` names) and is never empty.
    """
    rid = record_id.strip().strip("<>")
    if rid.lower().startswith("urn:uuid:"):
        rid = rid[len("urn:uuid:"):]
    key = _UNSAFE.sub("_", rid)[:MAX_KEY]
    if not key or key.startswith("."):
        key = "_" + key
    return key


def _need_warcio():
    try:
        from warcio.archiveiterator import ArchiveIterator
    except ImportError:
        raise BatchError("reading web archives (.warc, .warc.gz) needs warcio: "
                         "pip install 'sitecleaner[warc]'") from None
    return ArchiveIterator


def check_available() -> None:
    """Raise ``BatchError`` when the WARC extra is not installed (before any work)."""
    _need_warcio()


def _media_type(content_type: str | None) -> tuple[str, str | None]:
    if not content_type:
        return "", None
    media = content_type.split(";", 1)[0].strip().lower()
    m = _CHARSET.search(content_type)
    return media, m.group(1) if m else None


def archive_tasks(path: str, rel: str, ext: str, fmt: str,
                  opener: Callable[[], BinaryIO] | None = None) -> Iterator[Task | Skipped]:
    """A ``Task`` per page record of the archive at ``path``, a ``Skipped`` per other record.

    ``rel`` is the archive's path relative to IN; a record's task is named
    ``rel/KEY`` and writes ``rel/KEY`` + ``ext`` (or the JSONL file). A record
    whose key was already used in this archive is skipped; an archive that
    cannot be read to the end gives one failing task for the rest of it.
    ``opener`` opens the archive when it is not a local file (object storage).
    """
    iterator = _need_warcio()
    seen: set[str] = set()
    count = 0
    try:
        with (opener() if opener else open(path, "rb")) as handle:
            for record in iterator(handle, arc2warc=False):
                count += 1
                item = _record_task(record, rel, ext, fmt, seen)
                if item is not None:
                    yield item
    except BatchError:
        raise
    except Exception as exc:  # a damaged archive: what was read stays, the rest fails once
        reason = f"{exc.strerror or exc}" if isinstance(exc, OSError) else f"{exc.__class__.__name__}: {exc}"
        yield Task(rel, rel, record=ArchiveRecord(b"", error=f"archive unreadable after {count} records ({reason})"))


def _record_task(record, rel: str, ext: str, fmt: str, seen: set[str]) -> Task | Skipped | None:
    headers = record.rec_headers
    rtype = (record.rec_type or "").lower()
    record_id = headers.get_header("WARC-Record-ID") or ""
    where = f"{rel}/{record_key(record_id)}" if record_id else rel
    if rtype == "response":
        http = record.http_headers
        if http is None:
            return Skipped(where, "WARC response without HTTP headers")
        status = http.get_statuscode() or ""
        if not status.startswith("2"):
            return Skipped(where, "WARC response, HTTP status not 2xx")
        media, charset = _media_type(http.get_header("Content-Type"))
        if media not in HTML_TYPES:
            return Skipped(where, "WARC response, not HTML")
        input_type = "html"
    elif rtype == "conversion":
        media, charset = _media_type(headers.get_header("Content-Type"))
        input_type = "text"
    else:
        return Skipped(where, f"WARC {rtype or 'unknown'} record")
    if not record_id:
        return Skipped(rel, "WARC record without WARC-Record-ID")
    key = record_key(record_id)
    if key in seen:
        return Skipped(where, "WARC record id seen before in this archive")
    seen.add(key)
    url = headers.get_header("WARC-Target-URI")
    try:
        payload = record.content_stream().read()
        error = ""
    except Exception as exc:  # a bad Content-Encoding or transfer coding: this record fails
        payload, error = b"", f"payload unreadable ({exc.__class__.__name__}: {exc})"
    out_rel = JSONL_NAME if fmt == "jsonl" else os.path.join(rel, key + ext)
    return Task(where, out_rel, record=ArchiveRecord(payload, record_id, url.strip("<>") if url else None,
                                                     input_type, charset, error))
