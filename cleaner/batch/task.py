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
from dataclasses import dataclass, field, replace

from ..deadline import DEFAULT_TIME_LIMIT, HARD_LIMIT_GRACE, hard_limit
from ..errors import CleanerError, InputError
from ..packs.ruleset import RuleSet
from ..formats import RENDERERS, result_record
from . import storage
from .storage import is_url

MANIFEST_NAME = ".cleaner-manifest.sqlite"
ERRORS_NAME = ".cleaner-errors.jsonl"
JSONL_NAME = "cleaned.jsonl"  # where --format jsonl writes its one file, in OUT_DIR
DUPLICATES_NAME = ".cleaner-duplicates.jsonl"  # --near-duplicates: clusters of near-duplicate articles
LEARNED_DIR = ".cleaner-learned"  # --learn: the pack learnt for each site
SPOOL_DIR = ".cleaner-spool"  # --learn: first-pass results, removed when the run ends (batch/spool.py)
# Names the batch itself owns at the top of OUT_DIR: no mirrored output may take them.
RESERVED = frozenset({MANIFEST_NAME, MANIFEST_NAME + "-wal", MANIFEST_NAME + "-shm",
                      MANIFEST_NAME + "-journal", ERRORS_NAME, JSONL_NAME, DUPLICATES_NAME,
                      LEARNED_DIR, SPOOL_DIR})


@dataclass(frozen=True)
class BatchSettings:
    """What every worker needs to know about the run (absolute, resolved folders)."""

    in_dir: str
    out_dir: str
    fmt: str = "text"
    time_limit: float = DEFAULT_TIME_LIMIT
    near_duplicates: bool = False  # send back each cleaned text's MinHash signature (batch/dedup.py)
    # --learn (batch/learning.py, batch/spool.py): the first pass counts each page's lines and keeps
    # its result in ``spool``; the cleaning pass finishes those results with the ``learnt`` packs.
    learn_pass: bool = False
    spool: str = ""
    learnt: tuple[str, ...] = ()  # the learnt packs' files


@dataclass(frozen=True)
class ArchiveRecord:
    """One record of a web archive, read by the walk: the payload travels with the task,
    so workers never need to see the archive (or seek into it)."""

    payload: bytes
    record_id: str = ""
    url: str | None = None
    input_type: str | None = None  # "html" for an HTTP response, "text" for a conversion record
    charset: str | None = None  # from the HTTP (or WARC) Content-Type
    error: str = ""  # the record could not be read: the task fails with this


@dataclass(frozen=True)
class Task:
    """One input to clean: its path relative to IN_DIR, its output's relative path,
    and the content hash the manifest holds for it when the recorded output is
    still valid for these rules, version and format. ``record`` is set for a
    record of a web archive (``rel`` is then ``ARCHIVE/RECORD-KEY``)."""

    rel: str
    out_rel: str
    expected: str | None = None
    record: ArchiveRecord | None = None


@dataclass(frozen=True)
class Started:
    """The run is set up; ``total`` is the number of inputs when counting was asked for.

    With --learn it comes twice: first with ``learning`` set, before the first
    pass (one ``Learning`` per input), then for the cleaning pass.
    """

    total: int | None
    jobs: int
    learning: bool = False


@dataclass(frozen=True)
class Learning:
    """--learn's first pass is done with one input (cleaned and counted, or left to the cleaning pass)."""

    rel: str


@dataclass(frozen=True)
class Skipped:
    """A file of IN_DIR that is not an input (other suffix, symlink leaving IN_DIR, ...)."""

    rel: str
    reason: str
    failed: bool = False  # not a choice but a failure (a folder that cannot be read): counts as failed


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
    # --learn's first pass: the page's site and its line counts (a one-page SiteStats), not its text
    site: str = ""
    stats: object = None

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


Event = Started | Learning | Outcome | Summary


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


def _regular(path: str) -> bool:
    """A regular file, not a link (a link planted at an output is replaced, so the input is redone)."""
    return os.path.isfile(path) and not os.path.islink(path)


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


def _read_remote(url: str, rel: str) -> bytes:
    try:
        return storage.read(url, rel)
    except FileNotFoundError:
        raise InputError(display(rel), "no such file (removed during the run?)") from None
    except CleanerError:
        raise
    except Exception as exc:
        raise InputError(display(rel), f"cannot read ({exc.__class__.__name__}: {exc})") from None


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


def jsonl_record(rel: str, result, record: ArchiveRecord | None = None) -> bytes:
    """One line of the JSONL output: the input's path (and, for an archive record, its
    URL and record id), then the result's JSON shape."""
    head: dict = {"path": json_path(rel)}
    if record is not None:
        head.update(url=record.url, record_id=record.record_id)
    return (json.dumps({**head, **result_record(result)}, ensure_ascii=False) + "\n").encode()


def content_hash(data: bytes, record: ArchiveRecord | None = None) -> str:
    """SHA-256 of an input's bytes; for an archive record also of what is read with them
    (URL, input type, charset), since they change the output."""
    digest = hashlib.sha256()
    if record is not None:
        digest.update(repr((record.url, record.input_type, record.charset)).encode() + b"\0")
    digest.update(data)
    return digest.hexdigest()


def _clean(config: BatchSettings, name: str, data: bytes, record: ArchiveRecord | None, ruleset: RuleSet):
    """One input through ``pipeline.clean_source`` with the options the run's format asks for."""
    from ..pipeline import Options, clean_source
    from ..io.sources import source_from_bytes

    options = Options.for_format(config.fmt, time_limit=config.time_limit)
    if record is not None:
        options = replace(options, url=record.url, input_type=record.input_type)
    return clean_source(source_from_bytes(data, name, record.charset if record else None), ruleset, options)


# Per process: the learnt packs alone, for the ruleset the worker was given (built once).
_LEARNT: dict = {}


def _learnt_rules(ruleset: RuleSet, paths: tuple[str, ...]) -> RuleSet:
    from .spool import learnt_only

    key = (id(ruleset), paths)
    if key not in _LEARNT:
        _LEARNT.clear()
        _LEARNT[key] = learnt_only(ruleset, paths)
    return _LEARNT[key]


def _spooled(config: BatchSettings, rel: str, ruleset: RuleSet):
    """--learn's cleaning pass: the first pass's result finished with the learnt packs (None if none)."""
    from .spool import finish, load

    result = load(config.spool, rel)
    if result is not None and config.learnt:
        result = finish(result, _learnt_rules(ruleset, config.learnt), config.time_limit)
    return result


def _first_pass(config: BatchSettings, task: Task, data: bytes, record: ArchiveRecord | None,
                ruleset: RuleSet, sha: str, started: float) -> Outcome:
    """--learn's first pass over one input: clean it, keep the result, count its lines.

    The one-page counts travel back (a few KB), never the text; the parent
    merges them per site in input order (``SiteStats.merge``).
    """
    from ..learn.pages import site_of
    from ..learn.stats import SiteStats
    from .spool import save

    name = display(task.rel)
    with hard_limit(config.time_limit + 2 * HARD_LIMIT_GRACE,
                    f"{name}: time limit exceeded ({config.time_limit:g} s)"):
        result = _clean(config, name, data, record, ruleset)
    save(config.spool, task.rel, result, config.fmt)
    stats = SiteStats()
    stats.add_page(result.text.split("\n"), result.input_type)
    url = result.metadata.fields.get("url")
    return Outcome(task.rel, "learnt", task.out_rel, sha, seconds=time.perf_counter() - started,
                   site=site_of(url if isinstance(url, str) else None), stats=stats)


def run_task(config: BatchSettings, task: Task, ruleset: RuleSet) -> Outcome:
    """Read, hash, clean, render and write one input; every failure becomes an ``Outcome``.

    With ``config.learn_pass`` it is --learn's first pass instead (``_first_pass``).
    """
    from ..io.sinks import write_atomic
    from ..pipeline import refuse_empty

    started = time.perf_counter()
    rel = task.rel
    sha = ""
    try:
        if not task.out_rel:
            raise InputError(display(rel), "its output name is taken by another input or folder; "
                                           "rename one of them")
        record = task.record
        if record is not None and record.error:
            raise InputError(display(rel), record.error)
        remote = is_url(config.out_dir)
        if record is not None:
            data = record.payload
        elif is_url(config.in_dir):
            data = _read_remote(config.in_dir, rel)
        else:
            data = _read(os.path.join(config.in_dir, rel), rel)
        sha = content_hash(data, record)
        if task.expected == sha and (config.fmt == "jsonl" or (storage.exists(config.out_dir, task.out_rel) if remote
                                     else _regular(os.path.join(config.out_dir, task.out_rel)))):
            return Outcome(rel, "fresh", task.out_rel, sha, seconds=time.perf_counter() - started)
        name = display(rel)
        if config.learn_pass:
            return _first_pass(config, task, data, record, ruleset, sha, started)
        with hard_limit(config.time_limit + 2 * HARD_LIMIT_GRACE,
                        f"{name}: time limit exceeded ({config.time_limit:g} s)"):
            result = _spooled(config, rel, ruleset) if config.spool else None
            if result is None:
                result = _clean(config, name, data, record, ruleset)
            refuse_empty(result, name)
            if config.fmt == "jsonl":
                line, text = jsonl_record(rel, result, record), None
            else:
                line, text = None, RENDERERS[config.fmt](result)
        signature = None
        if config.near_duplicates:
            from .dedup import signature as minhash_signature

            signature = minhash_signature(result.text)
        if text is not None and remote:
            try:
                storage.write(config.out_dir, task.out_rel, text.encode("utf-8"))
            except Exception as exc:
                raise InputError(name, f"cannot write {display(task.out_rel)} "
                                       f"({exc.__class__.__name__}: {exc})") from None
        elif text is not None:
            dst = output_path(config.out_dir, task.out_rel, rel)
            try:
                write_atomic(dst, text, follow_links=False)  # a link planted in OUT_DIR is replaced
            except OSError as exc:
                raise InputError(name, f"cannot write {display(task.out_rel)} ({exc.strerror or exc})") from None
        return Outcome(rel, "cleaned", task.out_rel, sha, record=line, seconds=time.perf_counter() - started,
                       signature=signature)
    except CleanerError as exc:
        error = str(exc)
    except RecursionError:
        error = "internal error (RecursionError: document nested too deeply)"
    except Exception as exc:  # a crash in a rule or the extractor must not stop the batch
        error = f"internal error ({exc.__class__.__name__}: {exc})"
    prefix = f"{display(rel)}: "
    if error.startswith(prefix):
        error = error[len(prefix):]
    return Outcome(rel, "failed", task.out_rel, sha, error=error, seconds=time.perf_counter() - started)


def run_tasks(config: BatchSettings, tasks: list[Task], ruleset: RuleSet) -> list[Outcome]:
    """A chunk of tasks: the unit of work sent to a Dask worker.

    In a process's main thread (the local pool's workers) each task runs right
    here, under the signal guard. Dask runs tasks in worker threads, where no
    signal can interrupt a document (trafilatura stuck on a page); there each
    task runs in a helper process forked from the worker, one per thread and
    kept for the following tasks, which has a main thread of its own for the
    guard and is killed if it still overruns (see ``_Helper``). The same limit
    then holds on a cluster as locally.
    """
    if threading.current_thread() is threading.main_thread() or not hasattr(os, "fork"):
        return [run_task(config, task, ruleset) for task in tasks]
    helper = _Helper.for_thread(config, ruleset)
    return [helper.run(task) for task in tasks]


# Seconds a helper may take past the document's own guards before it is killed (its own
# guard, then the trip through the pipe).
HELPER_SLACK = 2.0


class _Helper:
    """A forked process that runs tasks for one worker thread, with a hard kill on overrun."""

    _local = threading.local()

    @classmethod
    def for_thread(cls, config: BatchSettings, ruleset: RuleSet) -> "_Helper":
        helper = getattr(cls._local, "helper", None)
        if helper is None or helper.config != config or helper.ruleset is not ruleset:
            if helper is not None:
                helper.stop()
            helper = cls._local.helper = cls(config, ruleset)
        return helper

    def __init__(self, config: BatchSettings, ruleset: RuleSet):
        self.config, self.ruleset = config, ruleset
        self.conn = None
        self.pid = 0

    def _start(self) -> None:
        from multiprocessing.connection import Pipe

        from .. import pipeline  # noqa: F401 - imported once here, not again in every helper
        from ..html import extract  # noqa: F401

        ours, theirs = Pipe()
        parent = os.getpid()
        pid = os.fork()
        if pid == 0:  # pragma: no cover - runs in the helper
            code = 0
            try:
                ours.close()
                _serve(theirs, self.config, self.ruleset, parent)
            except BaseException:
                code = 1
            finally:
                os._exit(code)
        theirs.close()
        self.conn, self.pid = ours, pid

    def run(self, task: Task) -> Outcome:
        if self.conn is None:
            self._start()
        try:
            self.conn.send(task)
            if self.conn.poll(self.config.time_limit + 2 * HARD_LIMIT_GRACE + HELPER_SLACK):
                return self.conn.recv()
            error = f"time limit exceeded ({self.config.time_limit:g} s)"
        except (EOFError, OSError):
            error = "worker process died on this input (crash or out of memory)"
        self.stop()
        return Outcome(task.rel, "failed", task.out_rel, error=error)

    def stop(self) -> None:
        if self.conn is not None:
            self.conn.close()
            self.conn = None
        if self.pid:
            try:
                os.kill(self.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            try:
                os.waitpid(self.pid, 0)
            except ChildProcessError:
                pass
            self.pid = 0


def _serve(conn, config: BatchSettings, ruleset: RuleSet, parent: int) -> None:  # pragma: no cover - helper
    """The helper's loop: a task in, its outcome out, until the worker goes away."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    while True:
        while not conn.poll(1.0):
            if os.getppid() != parent:
                return
        try:
            task = conn.recv()
        except EOFError:
            return
        conn.send(run_task(config, task, ruleset))


