"""Cleaning a folder tree: walk it, plan each input, run the pipeline in workers, keep a manifest.

``run_batch`` yields events (``Started``, ``Skipped``, ``Outcome``, and a final
``Summary``) and never prints: the CLI turns them into a progress bar and a
summary line. Every input goes through ``pipeline.clean_source``, the one path.

Why it is built this way:

- Workers do the per-file work (read, hash, clean, render, write) so the parent
  only walks and keeps the books. The same function runs in a local process
  pool or on a Dask cluster whose workers see the same paths.
- The manifest is a SQLite file in OUT_DIR keyed by the input's relative path;
  a row says which content hash, rules digest, cleaner version and format
  produced the output. A rerun hands the recorded hash to the worker, which
  skips the file if it still matches. Each finished file commits one row
  right after its output was renamed into place, so a run killed at any moment
  redoes at most the files that were in flight. SQLite is there so memory does
  not grow with the number of files: nothing about finished files is held.
- Outputs are written to a temporary name and renamed; leftovers of a killed
  run are swept at the start of the next one.
- Outputs never land outside OUT_DIR: names come from the walk (no ``..``),
  symlinks that leave IN_DIR are skipped, and an output folder that resolves
  outside OUT_DIR (a symlink planted there) fails that input.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import signal
import sqlite3
import sys
import threading
import time
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from .._version import __version__
from ..engine import DEFAULT_TIME_LIMIT
from ..errors import BatchError, CleanerError, DocumentTimeout, InputError
from ..render import EXTENSIONS, RENDERERS, result_record
from ..packs.ruleset import RuleSet

INPUT_SUFFIXES = frozenset({".html", ".htm", ".txt", ".md"})
FORMATS = tuple(RENDERERS)
MANIFEST_NAME = ".cleaner-manifest.sqlite"
ERRORS_NAME = ".cleaner-errors.jsonl"
JSONL_NAME = "cleaned.jsonl"  # where --format jsonl writes its one file, in OUT_DIR
# Names the batch itself owns at the top of OUT_DIR: no mirrored output may take them.
RESERVED = frozenset({MANIFEST_NAME, MANIFEST_NAME + "-wal", MANIFEST_NAME + "-shm",
                      MANIFEST_NAME + "-journal", ERRORS_NAME, JSONL_NAME})
# The temporary names sinks.write_atomic makes (mkstemp: prefix ".NAME.", 8 random characters).
_TEMP_NAME = re.compile(r"^\..+\.[a-z0-9_]{8}\.tmp$")
# Failures the summary keeps by name; the errors file has all of them.
SUMMARY_FAILURES = 20
# Extra seconds a worker allows past the time limit before it interrupts a document:
# the pipeline's own limit (with its clearer message) should fire first.
HARD_LIMIT_GRACE = 1.0


# ---------------------------------------------------------------- values and events

@dataclass(frozen=True)
class Config:
    """What every worker needs to know about the run (absolute, resolved folders)."""

    in_dir: str
    out_dir: str
    fmt: str = "text"
    time_limit: float = DEFAULT_TIME_LIMIT


@dataclass(frozen=True)
class Task:
    """One input to clean: its path relative to IN_DIR, its output's relative path,
    and the content hash the manifest holds for it when the recorded output is
    still valid for these rules, version and format."""

    rel: str
    out_rel: str
    expected: str | None = None


@dataclass(frozen=True)
class Started:
    """The run is set up; ``total`` is the number of inputs when counting was asked for."""

    total: int | None
    jobs: int


@dataclass(frozen=True)
class Skipped:
    """A file of IN_DIR that is not an input (other suffix, symlink leaving IN_DIR, ...)."""

    rel: str
    reason: str


@dataclass(frozen=True)
class Outcome:
    """What became of one input: ``cleaned``, ``fresh`` (up to date) or ``failed``."""

    rel: str
    status: str
    out_rel: str = ""
    sha: str = ""
    error: str = ""
    record: bytes | None = None  # the JSONL line, for --format jsonl
    seconds: float = 0.0

    @property
    def message(self) -> str:
        return f"{display(self.rel)}: {self.error}"


@dataclass
class Summary:
    """Counts for the closing line, and the first failures by name."""

    cleaned: int = 0
    fresh: int = 0
    failed: int = 0
    skipped: int = 0
    skip_reasons: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    errors_path: str = ""
    jsonl_path: str | None = None
    failures: list[str] = field(default_factory=list)

    @property
    def processed(self) -> int:
        return self.cleaned + self.fresh


Event = Started | Outcome | Summary


def json_path(rel: str) -> str:
    """A path fit for JSON: undecodable bytes of a file name shown as escapes."""
    return os.fsencode(rel).decode("utf-8", "backslashreplace")


def display(rel: str) -> str:
    """A path fit for a one-line message: control characters (a newline in a name) escaped too."""
    text = json_path(rel)
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else c.encode("unicode_escape").decode("ascii") for c in text)


# ---------------------------------------------------------------- walking and planning

def _inside(path: str, root: str) -> bool:
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)


def walk(in_dir: str, fmt: str, exclude: str | None = None) -> Iterator[Task | Skipped]:
    """Yield a ``Task`` per input file and a ``Skipped`` per other file, in a fixed order.

    ``in_dir`` must be resolved. Folders are read one at a time and their inputs
    planned in order of name bytes; symlinked folders are not followed (loops,
    duplicates), symlinked files only when they resolve inside ``in_dir``.
    ``exclude`` (OUT_DIR when it lies inside IN_DIR) is not entered. Output names
    mirror the input's path with the format's extension; when two inputs of one
    folder would share an output (``a.html`` and ``a.txt``), each keeps its full
    name (``a.html.txt``). Only names are kept, one folder at a time.
    """
    ext = EXTENSIONS[fmt]
    stack = [""]
    while stack:
        rel_dir = stack.pop()
        abs_dir = os.path.join(in_dir, rel_dir) if rel_dir else in_dir
        inputs: list[str] = []
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
                    if kind == "input":
                        inputs.append(entry.name)
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
            yield Skipped(rel_dir or ".", f"cannot read folder ({exc.strerror or exc})")
            continue
        inputs.sort(key=os.fsencode)
        subdirs.sort(key=os.fsencode)
        if fmt == "jsonl":
            for name in inputs:
                yield Task(os.path.join(rel_dir, name) if rel_dir else name, JSONL_NAME)
        else:
            yield from _name_outputs(rel_dir, inputs, ext, taken)
        stack.extend(os.path.join(rel_dir, name) if rel_dir else name for name in reversed(subdirs))


def _classify(entry: os.DirEntry, in_dir: str, exclude: str | None) -> str:
    """``input``, ``folder``, ``excluded``, or why the entry is skipped."""
    if entry.is_symlink():
        target = os.path.realpath(entry.path)
        if not _inside(target, in_dir):
            return "symlink to outside IN_DIR"
        if exclude is not None and _inside(target, exclude):
            return "symlink into OUT_DIR"
        if os.path.isdir(target):
            return "symlinked folder (not followed)"
        if not os.path.isfile(target):
            return "not a regular file"
    elif entry.is_dir(follow_symlinks=False):
        return "excluded" if exclude is not None and entry.path == exclude else "folder"
    elif not entry.is_file(follow_symlinks=False):
        return "not a regular file"
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


# ---------------------------------------------------------------- the per-file work

class _Overtime(BaseException):
    """Raised by the worker's alarm; a BaseException so no ``except Exception`` swallows it."""


def _on_alarm(signum, frame):  # pragma: no cover - exercised through run_task
    raise _Overtime()


def _read(path: str, rel: str) -> bytes:
    try:
        with open(path, "rb") as handle:
            return handle.read()
    except FileNotFoundError:
        raise InputError(display(rel), "no such file (removed during the run?)") from None
    except PermissionError:
        raise InputError(display(rel), "permission denied") from None
    except OSError as exc:
        raise InputError(display(rel), f"cannot read ({exc.strerror or exc})") from None


def output_path(out_dir: str, out_rel: str, rel: str) -> str:
    """The absolute output path, its folders made; refuses any that resolves outside ``out_dir``."""
    dst = os.path.join(out_dir, out_rel)
    parent = os.path.dirname(dst)
    missing = []
    probe = parent
    while not os.path.lexists(probe):
        missing.append(probe)
        probe = os.path.dirname(probe)
    if not _inside(os.path.realpath(probe), out_dir):
        raise InputError(display(rel), f"output folder {display(os.path.relpath(probe, out_dir))} "
                                       "leads outside OUT_DIR (symlink); not written")
    for folder in reversed(missing):
        try:
            os.mkdir(folder)
        except FileExistsError:
            if os.path.islink(folder) or not os.path.isdir(folder):
                raise InputError(display(rel), "output folder changed during the run; not written") from None
    if os.path.isdir(dst) and not os.path.islink(dst):
        raise InputError(display(rel), f"output {display(out_rel)} is a folder; not written")
    return dst


def jsonl_record(rel: str, result) -> bytes:
    """One line of the JSONL output: the input's path, then the result's JSON shape."""
    return (json.dumps({"path": json_path(rel), **result_record(result)}, ensure_ascii=False) + "\n").encode()


def run_task(config: Config, task: Task, ruleset: RuleSet) -> Outcome:
    """Read, hash, clean, render and write one input; every failure becomes an ``Outcome``."""
    from ..pipeline import Options, clean_source
    from ..io.sinks import write_atomic
    from ..io.sources import source_from_bytes

    started = time.perf_counter()
    rel = task.rel
    sha = ""
    try:
        if not task.out_rel:
            raise InputError(display(rel), "its output name is taken by another input or folder; "
                                           "rename one of them")
        data = _read(os.path.join(config.in_dir, rel), rel)
        sha = hashlib.sha256(data).hexdigest()
        if task.expected == sha and (config.fmt == "jsonl"
                                     or os.path.isfile(os.path.join(config.out_dir, task.out_rel))):
            return Outcome(rel, "fresh", task.out_rel, sha, seconds=time.perf_counter() - started)
        name = display(rel)
        options = Options.for_format(config.fmt, time_limit=config.time_limit)
        armed = _arm(config.time_limit + HARD_LIMIT_GRACE)
        try:
            result = clean_source(source_from_bytes(data, name), ruleset, options)
            if config.fmt == "jsonl":
                record, text = jsonl_record(rel, result), None
            else:
                record, text = None, RENDERERS[config.fmt](result)
        except _Overtime:
            raise DocumentTimeout(f"{name}: time limit exceeded ({config.time_limit:g} s)") from None
        finally:
            if armed:
                signal.setitimer(signal.ITIMER_REAL, 0)
        if text is not None:
            dst = output_path(config.out_dir, task.out_rel, rel)
            try:
                write_atomic(dst, text)
            except OSError as exc:
                raise InputError(name, f"cannot write {display(task.out_rel)} ({exc.strerror or exc})") from None
        return Outcome(rel, "cleaned", task.out_rel, sha, record=record, seconds=time.perf_counter() - started)
    except CleanerError as exc:
        error = str(exc)
    except _Overtime:  # fired between the pipeline and the reset: still over time
        error = f"time limit exceeded ({config.time_limit:g} s)"
    except RecursionError:
        error = "internal error (RecursionError: document nested too deeply)"
    except Exception as exc:  # a crash in a rule or the extractor must not stop the batch
        error = f"internal error ({exc.__class__.__name__}: {exc})"
    prefix = f"{display(rel)}: "
    if error.startswith(prefix):
        error = error[len(prefix):]
    return Outcome(rel, "failed", task.out_rel, sha, error=error, seconds=time.perf_counter() - started)


def _arm(seconds: float) -> bool:
    """Interrupt a document that overruns (e.g. inside the extractor), where signals allow it."""
    if (seconds <= 0 or not hasattr(signal, "setitimer")
            or threading.current_thread() is not threading.main_thread()
            or signal.getsignal(signal.SIGALRM) is not _on_alarm):
        return False
    signal.setitimer(signal.ITIMER_REAL, seconds)
    return True


def run_tasks(config: Config, tasks: list[Task], ruleset: RuleSet) -> list[Outcome]:
    """A chunk of tasks: the unit of work sent to a Dask worker."""
    return [run_task(config, task, ruleset) for task in tasks]


# Per worker process: the run's config and its ruleset, set once by the initializer.
_WORKER: dict = {}


def _init_worker(config: Config, ruleset: RuleSet, parent: int) -> None:
    _WORKER["config"] = config
    _WORKER["ruleset"] = ruleset
    if hasattr(signal, "SIGALRM"):
        signal.signal(signal.SIGALRM, _on_alarm)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    threading.Thread(target=_watch_parent, args=(parent,), daemon=True, name="cleaner-watch").start()


def _watch_parent(pid: int, every: float = 1.0) -> None:
    """End this worker once the batch process is gone (``kill -9`` leaves workers behind)."""
    while os.getppid() == pid and _alive(pid):
        time.sleep(every)
    os._exit(1)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # the number now belongs to someone else's process
        return False
    try:
        with open(f"/proc/{pid}/stat", "rb") as handle:  # a killed, unreaped parent is a zombie
            return handle.read().rsplit(b")", 1)[1].split()[0] != b"Z"
    except (OSError, IndexError):
        return True


def _run_local(tasks: list[Task]) -> list[Outcome]:
    return run_tasks(_WORKER["config"], tasks, _WORKER["ruleset"])


# ---------------------------------------------------------------- executors

class WorkerDied(Exception):
    """A worker process died while it held a task (crash, out of memory, killed)."""


class LocalPool:
    """A process pool whose workers get the parent's loaded ruleset once, at start.

    Where ``fork`` exists (Linux) workers are forked: they share the compiled
    ruleset with the parent (nothing to pickle, nothing to recompile) and, unlike
    ``spawn``/``forkserver``, never re-import the caller's main script. Elsewhere
    the ruleset is pickled once per worker (about 2 ms; loading the rule files
    again would take about 200 ms).
    """

    chunk = 8  # tasks per future: fewer round trips to the workers for the parent to manage
    death_breaks_all = True  # a dead worker breaks a ProcessPoolExecutor and every future in it

    def __init__(self, jobs: int, config: Config, ruleset: RuleSet):
        self.jobs = jobs
        self.window = max(8, 16 * jobs)
        self._args = (config, ruleset, os.getpid())
        self._executor = None

    def _start(self):
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        methods = multiprocessing.get_all_start_methods()
        ctx = multiprocessing.get_context("fork" if "fork" in methods and os.name == "posix"
                                          and sys.platform != "darwin" else None)
        self._executor = ProcessPoolExecutor(self.jobs, mp_context=ctx, initializer=_init_worker,
                                             initargs=self._args)

    def submit(self, tasks: list[Task]):
        if self._executor is None:
            self._start()
        return self._executor.submit(_run_local, tasks)

    def result(self, future) -> list[Outcome]:
        from concurrent.futures.process import BrokenProcessPool

        try:
            return future.result()
        except BrokenProcessPool:
            raise WorkerDied() from None

    def restart(self) -> None:
        self.close()

    def close(self) -> None:
        if self._executor is not None:
            self._executor.shutdown(wait=True, cancel_futures=True)
            self._executor = None


class DaskPool:
    """The same tasks on a dask.distributed cluster whose workers see the same paths."""

    chunk = 8
    death_breaks_all = False

    def __init__(self, address: str, config: Config, ruleset: RuleSet):
        try:
            from distributed import Client
        except ImportError:
            raise BatchError("--scheduler needs Dask: pip install 'cleaner[dask]'") from None
        try:
            # Connect timeout: Dask's own setting (distributed.comm.timeouts.connect, 30 s).
            self.client = Client(address, set_as_default=False)
        except (OSError, TimeoutError) as exc:
            raise BatchError(f"cannot reach the Dask scheduler at {address} ({exc})") from None
        try:
            versions = self.client.run(_worker_version)
            wrong = {w: v for w, v in versions.items() if v != __version__}
            if wrong:
                worker, version = sorted(wrong.items())[0]
                raise BatchError(f"Dask worker {worker} runs cleaner {version}, this is {__version__}; "
                                 "install the same version everywhere")
            threads = sum(self.client.nthreads().values())
            if not threads:
                raise BatchError(f"the Dask scheduler at {address} has no workers")
            self.jobs = threads
            self.window = max(8, 4 * threads)
            self.config = config
            self._ruleset = self.client.scatter(ruleset, broadcast=True, hash=False)
        except BaseException:
            self.client.close()
            raise

    def submit(self, tasks: list[Task]):
        return self.client.submit(run_tasks, self.config, tasks, self._ruleset, pure=False)

    def result(self, future) -> list[Outcome]:
        from distributed import KilledWorker

        try:
            return future.result()
        except KilledWorker:
            raise WorkerDied() from None

    def restart(self) -> None:
        pass  # the scheduler replaces dead workers itself

    def close(self) -> None:
        self.client.close()


def _worker_version() -> str:
    return __version__


def _chunks(tasks: Iterable[Task], size: int) -> Iterator[list[Task]]:
    chunk: list[Task] = []
    for task in tasks:
        chunk.append(task)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def execute(pool, tasks: Iterable[Task]) -> Iterator[Outcome]:
    """Run ``tasks`` on ``pool`` with a bounded window; yield outcomes in task order.

    Order makes the errors file and any ordering downstream the same whatever the
    number of workers; the bound keeps memory flat. When a worker dies, every
    task that was in flight is run again alone, so only the one that kills its
    worker fails.
    """
    pending: deque = deque()
    for chunk in _chunks(tasks, pool.chunk):
        pending.append((chunk, pool.submit(chunk)))
        while len(pending) >= pool.window:
            yield from _collect(pool, pending)
    while pending:
        yield from _collect(pool, pending)


def _collect(pool, pending: deque) -> Iterator[Outcome]:
    chunk, future = pending.popleft()
    try:
        yield from pool.result(future)
        return
    except WorkerDied:
        pass
    except Exception as exc:
        yield from (Outcome(t.rel, "failed", t.out_rel, error=f"internal error ({exc.__class__.__name__}: {exc})")
                    for t in chunk)
        return
    suspects = list(chunk)
    if pool.death_breaks_all:
        while pending:
            more, future = pending.popleft()
            future.cancel()
            suspects.extend(more)
    pool.restart()
    for task in suspects:
        try:
            yield from pool.result(pool.submit([task]))
        except WorkerDied:
            pool.restart()
            yield Outcome(task.rel, "failed", task.out_rel,
                          error="worker process died on this input (crash or out of memory)")


# ---------------------------------------------------------------- the manifest

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

    def _get(self, key: str) -> str | None:
        row = self.db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def _set(self, key: str, value: str) -> None:
        self.db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (key, value))

    def begin_run(self) -> tuple[int, bool]:
        """A new run number, and whether the previous run was cut short."""
        run = int(self._get("run") or 0) + 1
        unfinished = self._get("running") == "1"
        self.db.execute("BEGIN")
        self._set("run", str(run))
        self._set("running", "1")
        self.db.execute("COMMIT")
        return run, unfinished

    def end_run(self) -> None:
        self._set("running", "0")

    def expected(self, rel: str, rules: str, fmt: str) -> str | None:
        row = self.db.execute("SELECT sha, rules, version, format, record IS NOT NULL FROM files WHERE path = ?",
                              (os.fsencode(rel),)).fetchone()
        if row is None or row[1:4] != (rules, __version__, fmt) or (fmt == "jsonl" and not row[4]):
            return None
        return row[0]

    def record(self, outcome: Outcome, rules: str, fmt: str, run: int) -> None:
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
        cursor = self.db.execute("SELECT record FROM files WHERE run = ? AND record IS NOT NULL ORDER BY path",
                                 (run,))
        for (record,) in cursor:
            yield record

    def close(self) -> None:
        self.db.close()


# ---------------------------------------------------------------- the run

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


def default_jobs() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def check_folders(in_dir: str | Path, out_dir: str | Path) -> tuple[str, str]:
    """Resolved IN_DIR and OUT_DIR; raises ``BatchError`` when they cannot work together."""
    src = os.path.realpath(in_dir)
    if not os.path.isdir(src):
        raise BatchError(f"{in_dir}: no such folder")
    if os.path.lexists(out_dir) and not os.path.isdir(out_dir):
        raise BatchError(f"{out_dir}: exists and is not a folder")
    dst = os.path.realpath(out_dir)
    if _inside(src, dst):
        raise BatchError(f"{out_dir}: OUT_DIR must not be IN_DIR or contain it")
    return src, dst


def run_batch(in_dir: str | Path, out_dir: str | Path, ruleset: RuleSet, *, fmt: str = "text",
              jobs: int | None = None, errors_path: str | Path | None = None, scheduler: str | None = None,
              time_limit: float = DEFAULT_TIME_LIMIT, count: bool = False) -> Iterator[Event]:
    """Clean every input under ``in_dir`` into ``out_dir``; yields events, the last a ``Summary``.

    Setup problems raise ``BatchError`` before any input is read. ``count`` walks
    the tree once more up front so ``Started.total`` is known (for a progress bar).
    """
    if fmt not in FORMATS:
        raise BatchError(f'unknown format "{fmt}" (choose from {", ".join(FORMATS)})')
    src, dst = check_folders(in_dir, out_dir)
    os.makedirs(dst, exist_ok=True)
    exclude = dst if _inside(dst, src) else None
    config = Config(src, dst, fmt, time_limit)
    rules = ruleset.digest()
    errors_file = os.path.abspath(errors_path) if errors_path else os.path.join(dst, ERRORS_NAME)

    started = time.perf_counter()
    manifest = Manifest(os.path.join(dst, MANIFEST_NAME))
    pool = None
    try:
        run, unfinished = manifest.begin_run()
        if unfinished:
            sweep_temporaries(dst)
        if scheduler:
            pool = DaskPool(scheduler, config, ruleset)
        else:
            pool = LocalPool(max(1, jobs or default_jobs()), config, ruleset)
        total = sum(1 for item in walk(src, fmt, exclude) if isinstance(item, Task)) if count else None
        try:
            errors = open(errors_file, "w", encoding="utf-8")
        except OSError as exc:
            raise BatchError(f"{errors_path or errors_file}: cannot write the errors file "
                             f"({exc.strerror or exc})") from None
        summary = Summary(errors_path=errors_file)
        yield Started(total, pool.jobs)
        with errors:
            def tasks() -> Iterator[Task]:
                for item in walk(src, fmt, exclude):
                    if isinstance(item, Skipped):  # counted, not held: a tree may hold millions
                        summary.skipped += 1
                        summary.skip_reasons[item.reason] = summary.skip_reasons.get(item.reason, 0) + 1
                        continue
                    expected = manifest.expected(item.rel, rules, fmt)
                    yield Task(item.rel, item.out_rel, expected) if expected else item

            for outcome in execute(pool, tasks()):
                manifest.record(outcome, rules, fmt, run)
                if outcome.status == "cleaned":
                    summary.cleaned += 1
                elif outcome.status == "fresh":
                    summary.fresh += 1
                else:
                    summary.failed += 1
                    if len(summary.failures) < SUMMARY_FAILURES:
                        summary.failures.append(outcome.message)
                    errors.write(_error_line(outcome))
                    errors.flush()
                yield outcome
        if fmt == "jsonl":
            from ..io.sinks import write_atomic_stream

            summary.jsonl_path = os.path.join(dst, JSONL_NAME)
            write_atomic_stream(summary.jsonl_path, manifest.records(run))
        manifest.end_run()
        summary.seconds = time.perf_counter() - started
        yield summary
    finally:
        if pool is not None:
            pool.close()
        manifest.close()


def _error_line(outcome: Outcome) -> str:
    line = json.dumps({"path": json_path(outcome.rel), "error": outcome.error}, ensure_ascii=False)
    return line + "\n"
