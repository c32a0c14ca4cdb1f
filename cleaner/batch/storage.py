"""Inputs and outputs in object storage (``s3://``, ``gs://`` ...) through fsspec.

A Dask cluster's workers do not share the client's disk: with IN and OUT given
as fsspec URLs, every worker reads its inputs and writes its outputs itself,
with the credentials and endpoint of its own environment (``AWS_*`` variables,
``~/.aws``, fsspec's ``FSSPEC_S3_*`` settings...). Only names travel in tasks.

Local paths never come here: they keep the checks of ``task.output_path`` and
``io.sinks`` (symlinks, temporary names). An object store has neither links nor
half-written objects (a put replaces an object whole), so a remote output is
one ``pipe_file``. Names come from the listing and are refused when a part is
empty, ``.`` or ``..`` (a ``file://`` OUT must not be left through them).
"""
from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator

from ..errors import BatchError

SCHEME_SEP = "://"


def is_url(location: str) -> bool:
    """Whether IN or OUT is an fsspec URL (``s3://bucket/key``) rather than a local path."""
    scheme, sep, _ = str(location).partition(SCHEME_SEP)
    return bool(sep) and scheme.replace("+", "").replace("-", "").isalnum() and len(scheme) > 1


def local_path(location: str) -> str:
    """A ``file://`` URL as the local path it names (which then keeps every check of a
    local run: no writing through links, temporary names); anything else unchanged."""
    location = str(location)
    for prefix in ("file://", "local://"):
        if location.startswith(prefix):
            return location[len(prefix):] or "/"
    return location


def filesystem(url: str):
    """The fsspec filesystem and root path of ``url``; ``BatchError`` when fsspec or its driver is missing."""
    try:
        from fsspec.core import url_to_fs
    except ImportError:
        raise BatchError(f"{url}: URLs need fsspec: pip install 'sitecleaner[s3]'") from None
    try:
        fs, root = url_to_fs(url)
    except ImportError as exc:
        raise BatchError(f"{url}: {exc}") from None
    except ValueError as exc:
        raise BatchError(f"{url}: {exc}") from None
    return fs, root.rstrip("/")


def safe_rel(rel: str) -> bool:
    """Whether a listed name may become a task: no empty, ``.`` or ``..`` part."""
    return all(part not in ("", ".", "..") for part in rel.split("/"))


def list_files(url: str) -> Iterator[str]:
    """Relative names of every object under ``url``, in order of name bytes."""
    fs, root = filesystem(url)
    try:
        if not fs.isdir(root):
            raise BatchError(f"{url}: no such folder")
        found = fs.find(root, detail=False)
    except BatchError:
        raise
    except Exception as exc:
        raise BatchError(f"{url}: cannot list ({exc.__class__.__name__}: {exc})") from None
    prefix = root + "/"
    names = [path[len(prefix):] for path in found if path.startswith(prefix)]
    names.sort(key=os.fsencode)
    yield from names


def read(url: str, rel: str) -> bytes:
    fs, root = filesystem(url)
    return fs.cat_file(f"{root}/{rel}")


def exists(url: str, rel: str) -> bool:
    fs, root = filesystem(url)
    return fs.isfile(f"{root}/{rel}")


def write(url: str, rel: str, data: bytes) -> None:
    if not safe_rel(rel):
        raise ValueError(f"unsafe output name {rel!r}")
    fs, root = filesystem(url)
    fs.pipe_file(f"{root}/{rel}", data)


def open_input(url: str, rel: str):
    fs, root = filesystem(url)
    return fs.open(f"{root}/{rel}", "rb")


def write_stream(url: str, rel: str, chunks) -> None:
    fs, root = filesystem(url)
    with fs.open(f"{root}/{rel}", "wb") as handle:
        for chunk in chunks:
            handle.write(chunk.encode("utf-8") if isinstance(chunk, str) else chunk)


def make_folder(url: str) -> None:
    fs, root = filesystem(url)
    try:
        fs.makedirs(root, exist_ok=True)
    except Exception as exc:
        raise BatchError(f"{url}: cannot create ({exc.__class__.__name__}: {exc})") from None


def state_folder(out_url: str) -> str:
    """Where the manifest and errors file of a remote OUT live: a local cache folder
    named by a digest of the URL (``$XDG_CACHE_HOME/cleaner/batch/...``), so reruns
    from the same machine find them, and the store holds outputs only."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    digest = hashlib.sha256(out_url.rstrip("/").encode()).hexdigest()[:16]
    folder = os.path.join(base, "cleaner", "batch", digest)
    os.makedirs(folder, exist_ok=True)
    return folder
