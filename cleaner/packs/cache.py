"""The shipped packs, read and checked once per change of their files, kept between runs.

Parsing and checking the two dozen shipped rule files is a real share of a
one-off clean (a pipe, a pre-commit hook on one file). The checked packs are
kept as a pickle in the user's cache folder, under a key made of every
file's path, size and modification time (the rule files and cleaner's own
modules) and of cleaner's and Python's versions: editing, adding or removing
a file, or upgrading, rebuilds it.
A cache that cannot be read or written is simply not used.

``CLEANER_CACHE_DIR`` chooses the folder (default: ``$XDG_CACHE_HOME/cleaner``
or ``~/.cache/cleaner``); set it to an empty string to switch the cache off.
User rule files are never cached: they are checked on every run.
"""
from __future__ import annotations

import os
import pickle
import sys
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from .._version import __version__

if TYPE_CHECKING:
    from .rulefile import Pack

CACHE_NAME = "shipped-packs-{key}.pickle"
KEEP = 8  # caches kept side by side (a checkout and a few installs each have their own)


def cache_dir() -> Path | None:
    """The folder the cache lives in, or None when switched off."""
    chosen = os.environ.get("CLEANER_CACHE_DIR")
    if chosen is not None:
        return Path(chosen) if chosen else None
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "cleaner"


def cache_key(files: list[Path]) -> str:
    """What the checked packs depend on: the files as they are now, and the code reading them.

    The code is cleaner's own modules (a checkout changes them without a new
    version number), and the Python that pickled them.
    """
    code = sorted(Path(__file__).resolve().parent.parent.rglob("*.py"))
    parts = [f"{__version__}|{sys.version}"]
    for path in [*code, *files]:
        st = path.stat()
        parts.append(f"{path}|{st.st_size}|{st.st_mtime_ns}")
    return "\n".join(parts)


def cached_packs(files: list[Path], load: Callable[[], list["Pack"]]) -> list["Pack"]:
    """The packs ``load()`` returns for ``files``, from the cache when it is current.

    The file is named by a checksum of the key and holds the key itself, which
    must match: a checksum collision rebuilds rather than loads the wrong packs.
    """
    folder = cache_dir()
    if folder is None:
        return load()
    try:
        key = cache_key(files)
    except OSError:
        return load()
    path = folder / CACHE_NAME.format(key=f"{zlib.crc32(key.encode()):08x}")
    try:
        with open(path, "rb") as fh:
            stored_key, packs = pickle.load(fh)
        if stored_key == key:
            return packs
    except Exception:  # missing, unreadable, or from an incompatible run: build it again
        pass
    packs = load()
    _store(folder, path, (key, packs))
    return packs


def _store(folder: Path, path: Path, entry: tuple[str, list["Pack"]]) -> None:
    """Write the cache atomically; all but the newest few others go. Failures are ignored."""
    import tempfile

    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        others = sorted(folder.glob(CACHE_NAME.format(key="*")), key=lambda p: p.stat().st_mtime_ns)
        for old in others[:max(0, len(others) - (KEEP - 1))]:
            old.unlink(missing_ok=True)
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".packs-", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as fh:
                pickle.dump(entry, fh, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, path)
        except BaseException:
            os.unlink(tmp)
            raise
    except Exception:
        pass
