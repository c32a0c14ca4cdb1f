"""Walking IN_DIR: which files are inputs, and the output name each one gets."""
from __future__ import annotations

import os
from collections.abc import Iterator

from ..io.detect import SUFFIXES
from ..formats import EXTENSIONS
from .task import JSONL_NAME, RESERVED, Skipped, Task, inside
from .warc import archive_tasks, is_archive
from . import storage

INPUT_SUFFIXES = frozenset(SUFFIXES)


def walk(in_dir: str, fmt: str, exclude: str | None = None, only: str | None = None) -> Iterator[Task | Skipped]:
    """Yield a ``Task`` per input file and a ``Skipped`` per other file, in a fixed order.

    ``in_dir`` must be resolved. Folders are read one at a time and their inputs
    planned in order of name bytes; symlinked folders are not followed (loops,
    duplicates), symlinked files only when they resolve inside ``in_dir``.
    ``exclude`` (OUT_DIR when it lies inside IN_DIR) is not entered. Output names
    mirror the input's path with the format's extension; when two inputs of one
    folder would share an output (``a.html`` and ``a.txt``), each keeps its full
    name (``a.html.txt``). Only names are kept, one folder at a time.

    A web archive (``.warc``, ``.warc.gz``) gives a task per page record,
    written under a folder named as the archive (see ``warc.py``). ``only``
    names the one archive of ``in_dir`` to read, when IN is an archive.
    """
    ext = EXTENSIONS[fmt]
    if only is not None:
        yield from archive_tasks(os.path.join(in_dir, only), only, ext, fmt)
        return
    stack = [""]
    while stack:
        rel_dir = stack.pop()
        abs_dir = os.path.join(in_dir, rel_dir) if rel_dir else in_dir
        inputs: list[str] = []
        archives: list[str] = []
        subdirs: list[str] = []
        taken = set(RESERVED) if not rel_dir else set()
        try:
            with os.scandir(abs_dir) as it:
                for entry in it:
                    rel = os.path.join(rel_dir, entry.name) if rel_dir else entry.name
                    try:
                        kind = _classify(entry, in_dir, exclude)
                    except OSError as exc:
                        kind = f"cannot read ({exc.strerror or exc})"
                    if kind.startswith("cannot read"):
                        yield Skipped(rel, kind, failed=True)
                        continue
                    if kind == "input":
                        inputs.append(entry.name)
                    elif kind == "archive":
                        archives.append(entry.name)
                    elif kind == "folder":
                        taken.add(entry.name)
                        subdirs.append(entry.name)
                    elif kind == "excluded":
                        taken.add(entry.name)
                    else:
                        if kind == "symlinked folder (not followed)":
                            taken.add(entry.name)
                        yield Skipped(rel, kind)
        except OSError as exc:
            yield Skipped(rel_dir or ".", f"cannot read folder ({exc.strerror or exc})", failed=True)
            continue
        inputs.sort(key=os.fsencode)
        subdirs.sort(key=os.fsencode)
        if fmt == "jsonl":
            for name in inputs:
                yield Task(os.path.join(rel_dir, name) if rel_dir else name, JSONL_NAME)
        else:
            yield from _name_outputs(rel_dir, inputs, ext, taken)
        for name in sorted(archives, key=os.fsencode):
            rel = os.path.join(rel_dir, name) if rel_dir else name
            yield from archive_tasks(os.path.join(abs_dir, name), rel, ext, fmt)
        stack.extend(os.path.join(rel_dir, name) if rel_dir else name for name in reversed(subdirs))


def _classify(entry: os.DirEntry, in_dir: str, exclude: str | None) -> str:
    """``input``, ``folder``, ``excluded``, or why the entry is skipped."""
    if entry.is_symlink():
        target = os.path.realpath(entry.path)
        if not inside(target, in_dir):
            return "symlink to outside IN_DIR"
        if exclude is not None and inside(target, exclude):
            return "symlink into OUT_DIR"
        if os.path.isdir(target):
            return "symlinked folder (not followed)"
        if not os.path.isfile(target):
            return "not a regular file"
    elif entry.is_dir(follow_symlinks=False):
        return "excluded" if exclude is not None and entry.path == exclude else "folder"
    elif not entry.is_file(follow_symlinks=False):
        return "not a regular file"
    if is_archive(entry.name):
        return "archive"
    return "input" if os.path.splitext(entry.name)[1].lower() in INPUT_SUFFIXES else "not an input kind"


def _name_outputs(rel_dir: str, inputs: list[str], ext: str, taken: set[str]) -> Iterator[Task]:
    preferred = {name: os.path.splitext(name)[0] + ext for name in inputs}
    claims: dict[str, int] = {}
    for out in preferred.values():
        claims[out] = claims.get(out, 0) + 1
    for name in inputs:
        out = preferred[name]
        if claims[out] > 1 or out in taken:
            out = name + ext
            if out in taken or out in claims:
                out = ""  # no free name: the task fails with a clear message
        rel = os.path.join(rel_dir, name) if rel_dir else name
        out_rel = (os.path.join(rel_dir, out) if rel_dir else out) if out else ""
        yield Task(rel, out_rel)




def walk_url(url: str, fmt: str, only: str | None = None) -> Iterator[Task | Skipped]:
    """``walk`` for an fsspec URL (object storage): the same tasks and output names.

    An object store has no links and no real folders: folders are the name
    prefixes of the listing, which is held whole (names only).
    """
    ext = EXTENSIONS[fmt]
    if only is not None:
        yield from archive_tasks(only, only, ext, fmt, opener=lambda: storage.open_input(url, only))
        return
    folders: dict[str, tuple[list[str], list[str], set[str]]] = {}
    for rel in storage.list_files(url):
        if not storage.safe_rel(rel):
            yield Skipped(rel, "unsafe name (empty, . or .. part)")
            continue
        rel_dir, _, name = rel.rpartition("/")
        parts = rel_dir.split("/") if rel_dir else []
        for depth in range(len(parts)):  # every ancestor folder knows its subfolder names
            parent = "/".join(parts[:depth])
            folders.setdefault(parent, ([], [], set()))[2].add(parts[depth])
        inputs, archives, _ = folders.setdefault(rel_dir, ([], [], set()))
        if is_archive(name):
            archives.append(name)
        elif os.path.splitext(name)[1].lower() in INPUT_SUFFIXES:
            inputs.append(name)
        else:
            yield Skipped(rel, "not an input kind")
    for rel_dir in sorted(folders, key=os.fsencode):
        inputs, archives, subdirs = folders[rel_dir]
        taken = set(subdirs) | (set(RESERVED) if not rel_dir else set())
        if fmt == "jsonl":
            for name in inputs:
                yield Task(f"{rel_dir}/{name}" if rel_dir else name, JSONL_NAME)
        else:
            for task in _name_outputs(rel_dir, inputs, ext, taken):
                yield Task(task.rel.replace(os.sep, "/"), task.out_rel.replace(os.sep, "/"))
        for name in archives:
            rel = f"{rel_dir}/{name}" if rel_dir else name
            yield from archive_tasks(rel, rel, ext, fmt, opener=lambda rel=rel: storage.open_input(url, rel))
