"""Where tasks run: a local process pool or a Dask cluster, behind one small interface.

``execute`` feeds either pool a bounded window of task chunks and yields the
outcomes in task order; a worker that dies costs only the task that killed it.
"""
from __future__ import annotations

import os
import signal
import sys
import threading
import time
from collections import deque
from collections.abc import Iterable, Iterator

from .._version import __version__
from ..errors import BatchError
from ..packs.ruleset import RuleSet
from .task import BatchSettings, Outcome, Task, run_tasks


# Per worker process: the run's config and its ruleset, set once by the initializer.
_WORKER: dict = {}


def _init_worker(config: BatchSettings, ruleset: RuleSet, parent: int) -> None:
    _WORKER["config"] = config
    _WORKER["ruleset"] = ruleset
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

    def __init__(self, jobs: int, config: BatchSettings, ruleset: RuleSet):
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

    def reset(self, config: BatchSettings, ruleset: RuleSet) -> None:
        """Run the next tasks with another config and ruleset (--learn's second pass): new workers."""
        self.close()
        self._args = (config, ruleset, os.getpid())

    def close(self) -> None:
        if self._executor is not None:
            self._executor.shutdown(wait=True, cancel_futures=True)
            self._executor = None


class DaskPool:
    """The same tasks on a dask.distributed cluster whose workers see the same paths."""

    chunk = 8
    death_breaks_all = False

    def __init__(self, address: str, config: BatchSettings, ruleset: RuleSet):
        try:
            from distributed import Client
        except ImportError:
            raise BatchError("--scheduler needs Dask: pip install 'sitecleaner[dask]'") from None
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

    def reset(self, config: BatchSettings, ruleset: RuleSet) -> None:
        """Run the next tasks with another config and ruleset (--learn's second pass)."""
        self.config = config
        self._ruleset = self.client.scatter(ruleset, broadcast=True, hash=False)

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


