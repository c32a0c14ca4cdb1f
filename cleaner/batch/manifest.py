"""The batch manifest: what each output was made from, so a rerun resumes or updates."""
from __future__ import annotations

import os
import re
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager

from .._version import __version__
from ..errors import BatchError, BatchStopped
from .task import Outcome

# The temporary names sinks.write_atomic makes (mkstemp: prefix ".NAME.", 8 random characters).
_TEMP_NAME = re.compile(r"^\..+\.[a-z0-9_]{8}\.tmp$")


class Manifest:
    """What each output was made from, in ``OUT_DIR/.cleaner-manifest.sqlite``.

    One row per input (path as bytes, so any file name fits). Autocommit in WAL
    mode with ``synchronous=NORMAL``: a commit per finished file is cheap and
    survives the process being killed. ``locking_mode=EXCLUSIVE`` keeps a second
    batch off the same OUT_DIR and needs no shared-memory file (network disks).
    """

    SCHEMA = "1"

    def __init__(self, path: str):
        self.path = path
        try:
            self.db = sqlite3.connect(path, timeout=0.5, isolation_level=None)
            self.db.execute("PRAGMA locking_mode=EXCLUSIVE")
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA synchronous=NORMAL")
            self.db.execute("BEGIN IMMEDIATE")
            self.db.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT)")
            self.db.execute("CREATE TABLE IF NOT EXISTS files (path BLOB PRIMARY KEY, sha TEXT NOT NULL,"
                            " rules TEXT, version TEXT, format TEXT, output BLOB, record BLOB, run INTEGER)")
            schema = self._get("schema")
            if schema not in (None, self.SCHEMA):
                raise BatchError(f"{path}: manifest from another cleaner (schema {schema}); "
                                 "delete it to start over")
            self._set("schema", self.SCHEMA)
            self.db.execute("COMMIT")
        except sqlite3.OperationalError as exc:
            if "locked" in str(exc):
                raise BatchError(f"{os.path.dirname(path)}: another cleaner batch is writing here") from None
            raise BatchError(f"{path}: cannot open the manifest ({exc})") from None
        except sqlite3.DatabaseError as exc:
            raise BatchError(f"{path}: manifest is damaged ({exc}); delete it to start over") from None

    @contextmanager
    def _guard(self):
        """Any database failure after opening (a full disk, an I/O error) as one clear error."""
        try:
            yield
        except sqlite3.Error as exc:
            raise BatchStopped(f"{self.path}: cannot update the manifest ({exc}); the batch stopped. "
                               "Fix the cause (free disk space) and run the same command again to resume") from None

    def _get(self, key: str) -> str | None:
        row = self.db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def _set(self, key: str, value: str) -> None:
        self.db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (key, value))

    def begin_run(self) -> tuple[int, bool]:
        """A new run number, and whether the previous run was cut short."""
        with self._guard():
            run = int(self._get("run") or 0) + 1
            unfinished = self._get("running") == "1"
            self.db.execute("BEGIN")
            self._set("run", str(run))
            self._set("running", "1")
            self.db.execute("COMMIT")
        return run, unfinished

    def end_run(self) -> None:
        with self._guard():
            self._set("running", "0")

    def expected(self, rel: str, rules: str, fmt: str) -> str | None:
        with self._guard():
            row = self._row(rel)
        if row is None or row[1:4] != (rules, __version__, fmt) or (fmt == "jsonl" and not row[4]):
            return None
        return row[0]

    def _row(self, rel: str):
        return self.db.execute("SELECT sha, rules, version, format, record IS NOT NULL FROM files WHERE path = ?",
                               (os.fsencode(rel),)).fetchone()

    def record(self, outcome: Outcome, rules: str, fmt: str, run: int) -> None:
        with self._guard():
            self._record(outcome, rules, fmt, run)

    def _record(self, outcome: Outcome, rules: str, fmt: str, run: int) -> None:
        key = os.fsencode(outcome.rel)
        if outcome.status == "cleaned":
            self.db.execute("INSERT OR REPLACE INTO files VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                            (key, outcome.sha, rules, __version__, fmt, os.fsencode(outcome.out_rel),
                             outcome.record, run))
        elif outcome.status == "fresh":
            self.db.execute("UPDATE files SET run = ? WHERE path = ?", (run, key))
        else:
            self.db.execute("DELETE FROM files WHERE path = ?", (key,))

    def records(self, run: int) -> Iterator[bytes]:
        """The JSONL lines of this run's inputs, ordered by path bytes (independent of workers)."""
        with self._guard():
            cursor = self.db.execute("SELECT record FROM files WHERE run = ? AND record IS NOT NULL ORDER BY path",
                                     (run,))
            for (record,) in cursor:
                yield record

    def close(self) -> None:
        self.db.close()


def sweep_temporaries(out_dir: str) -> int:
    """Remove the temporary files a killed run left behind; returns how many."""
    removed = 0
    for folder, dirs, files in os.walk(out_dir):
        for name in files:
            if _TEMP_NAME.match(name):
                path = os.path.join(folder, name)
                if os.path.isfile(path) and not os.path.islink(path):
                    try:
                        os.unlink(path)
                        removed += 1
                    except OSError:
                        pass
    return removed


