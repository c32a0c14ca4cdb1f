"""What ``cleaner batch`` shows a person: a progress bar on a terminal, then a summary.

Part of the command-line layer: it turns ``batch`` events into text on a
stream. The bar is drawn only when the stream is a terminal, at most ten times
a second, so logs and pipes get the summary alone.
"""
from __future__ import annotations

import os
import shutil
import time
from typing import TextIO

from .batch.task import Learning, Outcome, Started, Summary

REDRAW_SECONDS = 0.1
SHOWN_FAILURES = 20


def _clock(seconds: float) -> str:
    seconds = int(seconds + 0.5)
    hours, rest = divmod(seconds, 3600)
    return f"{hours}:{rest // 60:02d}:{rest % 60:02d}" if hours else f"{rest // 60}:{rest % 60:02d}"


def bar_line(done: int, total: int | None, failed: int, elapsed: float, width: int) -> str:
    """One line of the bar: count, bar, docs/s, ETA, failures; fits ``width`` columns."""
    rate = done / elapsed if elapsed > 0 else 0.0
    tail = f" {rate:6.1f} docs/s"
    if total:
        left = max(total - done, 0)
        tail += f"  ETA {_clock(left / rate)}" if rate > 0 else "  ETA  ?"
    if failed:
        tail += f"  {failed} failed"
    if not total:
        return f"{done} done" + tail
    head = f"{done}/{total} "
    room = width - len(head) - len(tail) - 3 - 5
    pct = f" {100 * done // total:3d}%"
    if room < 10:
        return head + pct.strip() + tail
    filled = room * done // total
    return f"{head}[{'#' * filled}{'.' * (room - filled)}]{pct}{tail}"


def can_draw(stream: TextIO) -> bool:
    """Whether a bar may be drawn on ``stream``: a terminal that understands escape codes."""
    try:
        return stream.isatty() and os.environ.get("TERM", "") != "dumb"
    except (AttributeError, ValueError):  # a closed or unusual stream
        return False


class Reporter:
    """Consumes batch events; draws the bar when asked to, prints the summary at the end.

    ``quiet`` keeps only the failures (one line each): no bar, no summary line.
    """

    def __init__(self, stream: TextIO, show_bar: bool, quiet: bool = False):
        self.stream = stream
        self.show_bar = show_bar and not quiet
        self.quiet = quiet
        self.total: int | None = None
        self.done = self.failed = 0
        self.label = ""  # "learning " during --learn's first pass
        self.started = time.monotonic()
        self._drawn = 0.0
        self._dirty = False

    def handle(self, event) -> None:
        if isinstance(event, Started):
            self.total = event.total
            self.done = self.failed = 0
            self.label = "learning " if event.learning else ""
            self.started = time.monotonic()
            self._draw(force=True)
        elif isinstance(event, Learning):
            self.done += 1
            self._draw()
        elif isinstance(event, Outcome):
            self.done += 1
            self.failed += event.status == "failed"
            self._draw()
        elif isinstance(event, Summary):
            self.clear()
            self.summary(event)

    def _draw(self, force: bool = False) -> None:
        if not self.show_bar:
            return
        now = time.monotonic()
        if not force and now - self._drawn < REDRAW_SECONDS:
            return
        self._drawn = now
        width = shutil.get_terminal_size((80, 24)).columns - 1
        line = self.label + bar_line(self.done, self.total, self.failed, now - self.started, width - len(self.label))
        self.stream.write("\r" + line[:width] + "\x1b[K")
        self.stream.flush()
        self._dirty = True

    def clear(self) -> None:
        if self._dirty:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
            self._dirty = False

    def summary(self, s: Summary) -> None:
        w = self.stream.write
        for message in s.failures[:SHOWN_FAILURES]:
            w(f"cleaner: {message}\n")
        if s.failed > min(len(s.failures), SHOWN_FAILURES):
            w(f"cleaner: ... and {s.failed - min(len(s.failures), SHOWN_FAILURES)} more failures\n")
        if self.quiet:
            self.stream.flush()
            return
        skipped = f"{s.skipped} skipped"
        if s.skip_reasons:
            skipped += " (" + ", ".join(f"{n} {why}" for why, n in sorted(s.skip_reasons.items())) + ")"
        rate = (s.cleaned + s.fresh + s.failed) / s.seconds if s.seconds > 0 else 0.0
        w(f"cleaner: batch: {s.processed} processed ({s.cleaned} cleaned, {s.fresh} up to date), "
          f"{skipped}, {s.failed} failed, {s.seconds:.1f} s ({rate:.1f} docs/s)\n")
        if s.jsonl_path:
            w(f"cleaner: records in {s.jsonl_path}\n")
        if s.failed:
            w(f"cleaner: failures listed in {s.errors_path}\n")
        self.stream.flush()
