"""A real Dask cluster for the tests: a scheduler and two single-threaded worker processes on
127.0.0.1, each with its own working folder, stopped afterwards."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def _dask(*args: str, env: dict, log) -> subprocess.Popen:
    # The dask command of the interpreter running the tests, whatever is on PATH.
    code = "import sys; from dask.__main__ import main; sys.argv[0] = 'dask'; sys.exit(main())"
    return subprocess.Popen([sys.executable, "-c", code, *args], env=env, stdout=log, stderr=subprocess.STDOUT,
                            start_new_session=True)


@contextmanager
def local_cluster(base: Path, env: dict) -> Iterator[str]:
    """The scheduler's address while the cluster runs; ``env`` is the processes' environment."""
    from distributed import Client

    info = base / "scheduler.json"
    env = dict(env, DASK_DISTRIBUTED__WORKER__DAEMON="False")
    log = open(base / "cluster.log", "wb")
    procs = [_dask("scheduler", "--host", "127.0.0.1", "--port", "0", "--no-dashboard",
                   "--scheduler-file", str(info), env=env, log=log)]
    try:
        deadline = time.monotonic() + 30
        while not info.exists() and time.monotonic() < deadline:
            time.sleep(0.1)
        assert info.exists(), (base / "cluster.log").read_text()
        address = json.loads(info.read_text())["address"]
        assert address.startswith("tcp://127.0.0.1:")
        procs.append(_dask("worker", address, "--nworkers", "2", "--nthreads", "1", "--host", "127.0.0.1",
                           "--no-dashboard", "--local-directory", str(base / "work"), env=env, log=log))
        with Client(address, timeout=30) as client:
            client.wait_for_workers(2, timeout=30)
        yield address
    finally:
        for proc in reversed(procs):
            try:
                os.killpg(proc.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
        for proc in reversed(procs):
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
        log.close()
