"""Writing results: standard output, or a file replaced atomically (never half-written)."""
from __future__ import annotations

import os
import re
import sys
import time
from collections.abc import Iterable
from pathlib import Path


def write_stdout(text: str) -> None:
    sys.stdout.buffer.write(text.encode("utf-8"))
    sys.stdout.buffer.flush()


def write_atomic(path: str | Path, data: str | bytes, *, keep_mode: bool = True,
                 follow_links: bool = True) -> None:
    """Write ``data`` to a temporary file beside ``path``, then rename it over ``path``.

    A crash leaves either the old file or the new one, never a mix; the
    permissions of an existing file are kept. With ``follow_links`` a symbolic
    link is written through (its target is replaced), so editing in place
    keeps the link; without, the link itself is replaced by a regular file and
    its target is never touched (a batch writes only inside OUT_DIR).

    Editing in place (``follow_links``) also keeps the file's owner and group
    where the process may set them, and a file with several hard links is
    rewritten in place (see ``write_in_place``) so the links stay one file.
    """
    write_atomic_stream(path, (data,), keep_mode=keep_mode, follow_links=follow_links)


def write_atomic_stream(path: str | Path, chunks: Iterable[str | bytes], *, keep_mode: bool = True,
                        follow_links: bool = True) -> None:
    """``write_atomic`` for output made piece by piece (a large JSONL file), never all in memory."""
    path = Path(path)
    link = path.is_symlink()
    if link and follow_links:
        path = Path(os.path.realpath(path))
    info = None
    if not (link and not follow_links):
        try:
            info = path.stat()
        except FileNotFoundError:
            info = None
    if follow_links and info is not None and (info.st_nlink > 1 or not _may_own(info)):
        # A rename would split the hard links, or hand the file to this process's owner.
        write_in_place(path, chunks)
        return
    mode = info.st_mode & 0o7777 if keep_mode and info is not None else None
    import tempfile  # only when writing a file: a pipe to stdout never needs it

    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent or ".")
    try:
        with os.fdopen(fd, "wb") as handle:
            for chunk in chunks:
                handle.write(chunk.encode("utf-8") if isinstance(chunk, str) else chunk)
            handle.flush()
            os.fsync(handle.fileno())
        if follow_links and info is not None and (info.st_uid, info.st_gid) != _owner(tmp):
            os.chown(tmp, info.st_uid, info.st_gid)
        if mode is not None:
            os.chmod(tmp, mode)
        else:
            os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise


def write_in_place(path: str | Path, chunks: Iterable[str | bytes]) -> None:
    """Rewrite ``path`` in its own inode (every hard link sees the new bytes), as safely as that allows.

    A copy of the old bytes is kept beside it (``.NAME.XXXXXXXX.orig``) until
    the new ones are on disk, and the write happens under an exclusive lock
    (``flock``) so two cleaners never interleave. Were the process killed
    mid-write, the copy is left for a person to restore from.
    """
    import shutil
    import tempfile

    path = Path(path)
    data = b"".join(chunk.encode("utf-8") if isinstance(chunk, str) else chunk for chunk in chunks)
    fd, backup = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".orig", dir=path.parent or ".")
    try:
        with open(path, "r+b") as handle:
            try:
                import fcntl

                fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
            except ImportError:  # pragma: no cover - not POSIX
                pass
            with os.fdopen(fd, "wb") as copy:
                shutil.copyfileobj(handle, copy)
                copy.flush()
                os.fsync(copy.fileno())
            fd = -1
            handle.seek(0)
            handle.truncate()
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
    except BaseException:
        if fd != -1:
            os.close(fd)
            os.unlink(backup)
        raise
    os.unlink(backup)


# The temporary names write_atomic makes (mkstemp: prefix ".NAME.", 8 random characters).
_TEMP = re.compile(r"^\..+\.[a-z0-9_]{8}\.tmp$")
# Leftovers younger than this may belong to a write still in progress.
STALE_SECONDS = 60.0


def sweep_leftovers(path: str | Path, *, older_than: float = STALE_SECONDS) -> int:
    """Remove the temporary files a killed write of ``path`` left beside it; returns how many."""
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    prefix = f".{path.name}."
    removed = 0
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return 0
    now = time.time()
    for entry in entries:
        name = entry.name
        if not (name.startswith(prefix) and len(name) == len(prefix) + 12 and _TEMP.match(name)):
            continue
        try:
            if entry.is_file(follow_symlinks=False) and now - entry.stat(follow_symlinks=False).st_mtime > older_than:
                os.unlink(entry.path)
                removed += 1
        except OSError:
            pass
    return removed


def _owner(path: str) -> tuple[int, int]:
    info = os.stat(path)
    return info.st_uid, info.st_gid


def _may_own(info: os.stat_result) -> bool:
    """Whether this process may give a new file ``info``'s owner and group (root, or its own file
    in one of its groups)."""
    if not hasattr(os, "geteuid"):  # pragma: no cover - not POSIX: no owners to keep
        return True
    euid = os.geteuid()
    return euid == 0 or (info.st_uid == euid and (info.st_gid == os.getegid() or info.st_gid in os.getgroups()))


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current
