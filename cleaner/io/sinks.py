"""Writing results: standard output, or a file replaced atomically (never half-written)."""
from __future__ import annotations

import os
import sys
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
    """
    write_atomic_stream(path, (data,), keep_mode=keep_mode, follow_links=follow_links)


def write_atomic_stream(path: str | Path, chunks: Iterable[str | bytes], *, keep_mode: bool = True,
                        follow_links: bool = True) -> None:
    """``write_atomic`` for output made piece by piece (a large JSONL file), never all in memory."""
    path = Path(path)
    link = path.is_symlink()
    if link and follow_links:
        path = Path(os.path.realpath(path))
    mode = None
    if keep_mode and not (link and not follow_links):
        try:
            mode = path.stat().st_mode & 0o7777
        except FileNotFoundError:
            mode = None
    import tempfile  # only when writing a file: a pipe to stdout never needs it

    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent or ".")
    try:
        with os.fdopen(fd, "wb") as handle:
            for chunk in chunks:
                handle.write(chunk.encode("utf-8") if isinstance(chunk, str) else chunk)
            handle.flush()
            os.fsync(handle.fileno())
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


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current
