"""One time budget per document: the limit's default and bounds, the deadline checks, the hard guard.

A document gets ``time_limit`` seconds from the moment ``clean_source`` starts
on it. Two mechanisms keep it to that, and every stage uses them from here:

- cooperative checks: ``check`` (between stages and inside long loops) and
  ``remaining`` (the timeout handed to each ``regex`` call) raise
  ``DocumentTimeout`` once the document's deadline has passed. They work in
  any thread. The deadline of the document being cleaned is kept in a
  context variable (``budget``), so a stage deep in the text path can check
  it without every function taking it as an argument;
- the hard guard (``hard_limit``): a timer signal that interrupts Python code
  wherever it is (inside trafilatura, inside a long loop) a little after the
  deadline. Signals reach only the main thread, so it is a no-op elsewhere:
  batch workers clean each document in their main thread, or, on Dask, whose
  tasks run in worker threads, in a forked child (see ``batch.task``).

A single C call (one ``str.split`` over a 50 MB line) cannot be interrupted
by either; it ends, and the next check stops the document.
"""
from __future__ import annotations

import math
import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from .errors import DocumentTimeout

# Seconds one document may take before it fails (runaway patterns, pathological pages).
DEFAULT_TIME_LIMIT = 10.0
# The shortest limit accepted: below it, the timer's resolution and the start-up of a
# document's first stage decide the outcome rather than the document.
MIN_TIME_LIMIT = 0.01
# Extra seconds the hard guard allows past the deadline: the cooperative checks (with
# their clearer messages, naming the rule or stage) should fire first.
HARD_LIMIT_GRACE = 0.5
# Per-call ceiling for a pattern matched outside any document (rule examples, fingerprints
# checked without a budget).
DEFAULT_MATCH_SECONDS = 1.0
# Environment variable the CLI reads the limit from.
ENV_VAR = "CLEANER_TIME_LIMIT"


def parse_time_limit(value: str | float | None) -> float:
    """``value`` as a time limit in seconds; raises ``ValueError`` unless finite and at least the minimum.

    ``nan`` would turn every comparison false (no limit at all) and ``inf``
    or ``1e300`` overflow the timers, so only ordinary numbers pass.
    """
    if value is None:
        return DEFAULT_TIME_LIMIT
    try:
        seconds = float(value)
    except (TypeError, ValueError):
        raise ValueError(f"{value!r} is not a number of seconds") from None
    if not math.isfinite(seconds):
        raise ValueError(f"{value} is not a finite number of seconds")
    if seconds < MIN_TIME_LIMIT:
        raise ValueError(f"{value} is below the minimum of {MIN_TIME_LIMIT:g} s")
    if seconds > 86_400 * 365:  # the signal timer takes no more than this
        raise ValueError(f"{value} is more than a year")
    return seconds


# (deadline, document name) of the document being cleaned in this thread or task.
_CURRENT: ContextVar[tuple[float, str] | None] = ContextVar("cleaner_deadline", default=None)


@contextmanager
def budget(seconds: float, name: str) -> Iterator[float]:
    """Give the block ``seconds`` as its document's budget; yields the deadline (``time.monotonic``).

    A budget inside another keeps the earlier deadline: a stage never gets
    more time than the document it belongs to.
    """
    deadline = time.monotonic() + seconds
    outer = _CURRENT.get()
    if outer is not None and outer[0] < deadline:
        deadline = outer[0]
    token = _CURRENT.set((deadline, name))
    try:
        yield deadline
    finally:
        _CURRENT.reset(token)


def current() -> float | None:
    """The deadline of the document being cleaned, or None outside any budget."""
    found = _CURRENT.get()
    return found[0] if found else None


def current_name() -> str | None:
    """The name of the document being cleaned, or None outside any budget."""
    found = _CURRENT.get()
    return found[1] if found else None


def check(stage: str) -> None:
    """Raise ``DocumentTimeout`` if the current document is past its deadline (cheap: call it often)."""
    found = _CURRENT.get()
    if found is not None and time.monotonic() > found[0]:
        raise DocumentTimeout(f"{found[1]}: time limit exceeded while {stage}")


def expired(deadline: float | None) -> bool:
    return deadline is not None and time.monotonic() > deadline


def remaining(deadline: float | None, name: str, stage: str = "applying rules") -> float:
    """Seconds left before ``deadline`` (``DEFAULT_MATCH_SECONDS`` without one); raises once none are."""
    if deadline is None:
        deadline = current()
        if deadline is None:
            return DEFAULT_MATCH_SECONDS
    left = deadline - time.monotonic()
    if left <= 0:
        raise DocumentTimeout(f"{name}: time limit exceeded while {stage}")
    return left


class Overtime(BaseException):
    """Raised by the hard guard's timer; a BaseException so no ``except Exception`` swallows it."""


def _usable() -> bool:
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


@contextmanager
def hard_limit(seconds: float, message: str) -> Iterator[None]:
    """Interrupt the block after ``seconds`` with ``DocumentTimeout(message)``, where signals allow it.

    Guards nest: an inner one arms the timer for the sooner of the two
    expiries and re-arms the outer one, with what is left of it, on the way out.
    Outside the main thread (or without ``setitimer``) the block runs unguarded
    and only the cooperative checks apply.
    """
    if not _usable():
        yield
        return
    outer_left = signal.getitimer(signal.ITIMER_REAL)[0]
    started = time.monotonic()
    mine = Overtime()

    def expire(signum, frame):
        raise mine

    previous = signal.signal(signal.SIGALRM, expire)
    arm = seconds if not outer_left else min(seconds, outer_left)
    signal.setitimer(signal.ITIMER_REAL, max(arm, 0.001))
    try:
        yield
    except Overtime as exc:
        if exc is mine:
            raise DocumentTimeout(message) from None
        raise
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        if outer_left:
            signal.setitimer(signal.ITIMER_REAL, max(outer_left - (time.monotonic() - started), 0.001))
