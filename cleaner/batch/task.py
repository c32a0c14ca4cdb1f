"""One input of a batch: the values that describe it and the work done on it.

``run_task`` reads, hashes, cleans, renders and writes one input and turns
every failure into an ``Outcome``; it runs in a worker process (local or on
Dask), so everything it needs travels in ``BatchSettings`` and ``Task``.
"""
from __future__ import annotations

import hashlib
import json
import os
import signal
import threading
import time
from dataclasses import dataclass, field

from ..engine import DEFAULT_TIME_LIMIT
from ..errors import CleanerError, DocumentTimeout, InputError
from ..packs.ruleset import RuleSet
from ..render import RENDERERS, result_record

MANIFEST_NAME = ".cleaner-manifest.sqlite"
ERRORS_NAME = ".cleaner-errors.jsonl"
JSONL_NAME = "cleaned.jsonl"  # where --format jsonl writes its one file, in OUT_DIR
DUPLICATES_NAME = ".cleaner-duplicates.jsonl"  # --near-duplicates: clusters of near-duplicate articles
LEARNED_DIR = ".cleaner-learned"  # --learn: the pack learnt for each site
# Names the batch itself owns at the top of OUT_DIR: no mirrored output may take them.
RESERVED = frozenset({MANIFEST_NAME, MANIFEST_NAME + "-wal", MANIFEST_NAME + "-shm",
                      MANIFEST_NAME + "-journal", ERRORS_NAME, JSONL_NAME, DUPLICATES_NAME,
                      LEARNED_DIR})
# Extra seconds a worker allows past the time limit before it interrupts a document:
# the pipeline's own limit (with its clearer message) should fire first.
HARD_LIMIT_GRACE = 1.0


@dataclass(frozen=True)
class BatchSettings:
    """What every worker needs to know about the run (absolute, resolved folders)."""

    in_dir: str
    out_dir: str
    fmt: str = "text"
    time_limit: float = DEFAULT_TIME_LIMIT
    near_duplicates: bool = False  # send back each cleaned text's MinHash signature (batch/dedup.py)


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
    signature: bytes | None = None  # the cleaned text's MinHash, for --near-duplicates (not the text)

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
    duplicates_path: str | None = None
    clusters: int = 0  # near-duplicate clusters found (--near-duplicates)
    learned: list[str] = field(default_factory=list)  # the packs --learn wrote
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



def inside(path: str, root: str) -> bool:
    """Whether ``path`` is ``root`` or lies under it (both resolved)."""
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)


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
    if not inside(os.path.realpath(probe), out_dir):
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


def run_task(config: BatchSettings, task: Task, ruleset: RuleSet) -> Outcome:
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
        signature = None
        if config.near_duplicates:
            from .dedup import signature as minhash_signature

            signature = minhash_signature(result.text)
        if text is not None:
            dst = output_path(config.out_dir, task.out_rel, rel)
            try:
                write_atomic(dst, text)
            except OSError as exc:
                raise InputError(name, f"cannot write {display(task.out_rel)} ({exc.strerror or exc})") from None
        return Outcome(rel, "cleaned", task.out_rel, sha, record=record, seconds=time.perf_counter() - started,
                       signature=signature)
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


def run_tasks(config: BatchSettings, tasks: list[Task], ruleset: RuleSet) -> list[Outcome]:
    """A chunk of tasks: the unit of work sent to a Dask worker."""
    return [run_task(config, task, ruleset) for task in tasks]


