"""Cleaning a folder tree: walk it, plan each input, run the pipeline in workers, keep a manifest.

``run_batch`` yields events (``Started``, an ``Outcome`` per input, and a final
``Summary`` that counts skipped files by reason) and never prints: the CLI turns them into a progress bar and a
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
  symlinks that leave IN_DIR are skipped, an output folder that resolves
  outside OUT_DIR (a symlink planted there) fails that input, and a symlink
  planted where an output, the errors file, the JSONL file or the manifest
  goes is replaced by a regular file, never written through.
- OUT_DIR never holds inputs: a batch whose OUT_DIR lies inside IN_DIR and
  already holds input files (other than a previous run's outputs) is refused.
"""
from __future__ import annotations

import json
import os
import shutil
import time
from dataclasses import replace
from collections.abc import Iterator
from pathlib import Path

from ..deadline import DEFAULT_TIME_LIMIT
from ..errors import BatchError
from ..packs.ruleset import RuleSet
from ..formats import RENDERERS
from .manifest import Manifest, sweep_temporaries
from .pools import DaskPool, LocalPool, execute
from .task import (DUPLICATES_NAME, ERRORS_NAME, JSONL_NAME, MANIFEST_NAME, RESERVED, SPOOL_DIR, BatchSettings, Event,
                   Learning, Outcome, Skipped, Started, Summary, Task, display, inside, json_path)
from . import storage
from .storage import is_url
from .walk import INPUT_SUFFIXES, walk, walk_url
from .warc import check_available, is_archive

FORMATS = tuple(RENDERERS)
# Failures the summary keeps by name; the errors file has all of them.
SUMMARY_FAILURES = 20


def default_jobs() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def check_folders(in_dir: str | Path, out_dir: str | Path) -> tuple[str, str]:
    """Resolved IN_DIR and OUT_DIR; raises ``BatchError`` when they cannot work together.

    IN may be a web archive: its folder is then IN_DIR (see ``run_batch``).
    """
    src = os.path.realpath(in_dir)
    if os.path.isfile(src) and is_archive(src):
        if os.path.lexists(out_dir) and not os.path.isdir(out_dir):
            raise BatchError(f"{out_dir}: exists and is not a folder")
        return src, os.path.realpath(out_dir)
    if os.path.isfile(src):
        raise BatchError(f"{in_dir}: a file, not a folder or web archive (.warc, .warc.gz)")
    if not os.path.isdir(src):
        raise BatchError(f"{in_dir}: no such folder")
    if os.path.lexists(out_dir) and not os.path.isdir(out_dir):
        raise BatchError(f"{out_dir}: exists and is not a folder")
    dst = os.path.realpath(out_dir)
    if inside(src, dst):
        raise BatchError(f"{out_dir}: OUT_DIR must not be IN_DIR or contain it")
    if inside(dst, src) and os.path.isdir(dst) and not os.path.lexists(os.path.join(dst, MANIFEST_NAME)):
        held = _first_input(dst)
        if held is not None:
            raise BatchError(f"{out_dir}: OUT_DIR lies inside IN_DIR and holds inputs ({held}); "
                             "outputs would overwrite them: choose another OUT_DIR")
    return src, dst


def _first_input(folder: str) -> str | None:
    """The first input file under ``folder`` (relative), or None: a folder about to receive outputs."""
    for parent, dirs, files in os.walk(folder):
        for name in sorted(files):
            if os.path.splitext(name)[1].lower() in INPUT_SUFFIXES:
                return display(os.path.relpath(os.path.join(parent, name), folder))
    return None


def _unlink_planted(path: str) -> None:
    """Remove a symbolic link where the batch writes one of its own files (never write through it)."""
    if os.path.islink(path):
        os.unlink(path)


def check_urls(in_dir: str, out_dir: str) -> tuple[str, str, str | None]:
    """IN and OUT when either is a URL (the other a local path, made absolute), and the
    archive name when IN is one web archive; ``BatchError`` when they cannot work together."""
    src = in_dir.rstrip("/") if is_url(in_dir) else os.path.realpath(in_dir)
    dst = out_dir.rstrip("/") if is_url(out_dir) else os.path.realpath(out_dir)
    only = None
    if is_url(in_dir):
        storage.filesystem(src)  # fsspec and the protocol's driver are installed
        if is_archive(src):
            check_available()
            src, _, only = src.rpartition("/")
    else:
        if os.path.isfile(src) and is_archive(src):
            check_available()
            src, only = os.path.split(src)
        elif os.path.isfile(src):
            raise BatchError(f"{in_dir}: a file, not a folder or web archive (.warc, .warc.gz)")
        elif not os.path.isdir(src):
            raise BatchError(f"{in_dir}: no such folder")
    if is_url(out_dir):
        storage.filesystem(dst)
    elif os.path.lexists(out_dir) and not os.path.isdir(out_dir):
        raise BatchError(f"{out_dir}: exists and is not a folder")
    if src == dst or (src + "/").startswith(dst + "/"):
        raise BatchError(f"{out_dir}: OUT_DIR must not be IN_DIR or contain it")
    return src, dst, only


def run_batch(in_dir: str | Path, out_dir: str | Path, ruleset: RuleSet, *, fmt: str = "text",
              jobs: int | None = None, errors_path: str | Path | None = None, scheduler: str | None = None,
              time_limit: float = DEFAULT_TIME_LIMIT, count: bool = False,
              manifest_path: str | Path | None = None, near_duplicates: bool = False,
              drop_duplicates: bool = False, learn: bool = False) -> Iterator[Event]:
    """Clean every input under ``in_dir`` into ``out_dir``; yields events, the last a ``Summary``.

    Either may be an fsspec URL (``s3://bucket/pages``): workers then read and
    write through fsspec, and the manifest (and errors file) stay on this
    machine, in ``manifest_path`` or a cache folder named by OUT's URL.

    Setup problems raise ``BatchError`` before any input is read. ``count`` walks
    the tree once more up front so ``Started.total`` is known (for a progress bar).
    ``near_duplicates`` writes clusters of near-duplicate cleaned texts to
    OUT_DIR/.cleaner-duplicates.jsonl; ``drop_duplicates`` then removes the
    outputs of all but the first of each cluster (see ``batch/dedup.py``).
    ``learn`` first learns each site's recurring lines from the batch and cleans
    with those packs too (see ``batch/learning.py``).
    """
    if fmt not in FORMATS:
        raise BatchError(f'unknown format "{fmt}" (choose from {", ".join(FORMATS)})')
    in_dir, out_dir = storage.local_path(str(in_dir)), storage.local_path(str(out_dir))
    in_url, out_url = is_url(in_dir), is_url(out_dir)
    if in_url or out_url:
        src, dst, only = check_urls(str(in_dir), str(out_dir))
        exclude = None
    else:
        src, dst = check_folders(in_dir, out_dir)
        only = None
        if os.path.isfile(src):  # one web archive: read from its folder, nothing else walked
            check_available()
            src, only = os.path.split(src)
        exclude = dst if inside(dst, src) else None
    if out_url:
        storage.make_folder(dst)
        # The manifest and errors file stay with this process: beside --manifest, or in a cache folder.
        state = os.path.dirname(os.path.abspath(manifest_path)) if manifest_path else storage.state_folder(dst)
    else:
        os.makedirs(dst, exist_ok=True)
        state = dst
    near_duplicates = near_duplicates or drop_duplicates
    if (learn or near_duplicates) and (in_url or out_url):
        raise BatchError("--learn and --near-duplicates need local folders, not URLs")
    config = BatchSettings(src, dst, fmt, time_limit, near_duplicates=near_duplicates)
    index = None
    if near_duplicates:
        from .dedup import NearDuplicates

        index = NearDuplicates()
    errors_file = os.path.abspath(errors_path) if errors_path else os.path.join(state, ERRORS_NAME)

    def plan() -> Iterator[Task | Skipped]:
        return walk_url(src, fmt, only) if in_url else walk(src, fmt, exclude, only)

    started = time.perf_counter()
    for name in RESERVED:
        _unlink_planted(os.path.join(state, name))
    manifest = Manifest(os.path.abspath(manifest_path) if manifest_path else os.path.join(state, MANIFEST_NAME))
    pool = None
    spool = None
    workers = max(1, jobs or default_jobs())
    try:
        run, unfinished = manifest.begin_run()
        if unfinished and not out_url:
            sweep_temporaries(dst)
            shutil.rmtree(os.path.join(dst, SPOOL_DIR), ignore_errors=True)
        learned: list[str] = []
        if learn:
            from .learning import count_page, write_packs

            spool = os.path.join(dst, SPOOL_DIR)
            shutil.rmtree(spool, ignore_errors=True)
            os.makedirs(spool)
            first = replace(config, learn_pass=True, spool=spool)
            pool = DaskPool(scheduler, first, ruleset) if scheduler else LocalPool(workers, first, ruleset)
            total = sum(1 for item in plan() if isinstance(item, Task)) if count else None
            yield Started(total, pool.jobs, learning=True)
            sites: dict = {}
            for outcome in execute(pool, (item for item in plan() if isinstance(item, Task))):
                count_page(sites, outcome)
                yield Learning(outcome.rel)
            ruleset, learned = write_packs(sites, dst, ruleset)
            config = replace(config, spool=spool, learnt=tuple(learned))
            pool.reset(config, ruleset)
        elif scheduler:
            pool = DaskPool(scheduler, config, ruleset)
        else:
            pool = LocalPool(workers, config, ruleset)
        rules = ruleset.digest()
        if not learn:
            total = sum(1 for item in plan() if isinstance(item, Task)) if count else None
        try:
            errors = _open_errors(errors_file, follow=bool(errors_path))
        except OSError as exc:
            raise BatchError(f"{errors_path or errors_file}: cannot write the errors file "
                             f"({exc.strerror or exc})") from None
        summary = Summary(errors_path=errors_file, learned=learned)
        yield Started(total, pool.jobs)
        with errors:
            def tasks() -> Iterator[Task]:
                for item in plan():
                    if isinstance(item, Skipped) and item.failed:  # an unreadable folder: an error
                        failure = Outcome(item.rel, "failed", error=item.reason)
                        summary.failed += 1
                        if len(summary.failures) < SUMMARY_FAILURES:
                            summary.failures.append(failure.message)
                        errors.write(_error_line(failure))
                        errors.flush()
                        continue
                    if isinstance(item, Skipped):  # counted, not held: a tree may hold millions
                        summary.skipped += 1
                        summary.skip_reasons[item.reason] = summary.skip_reasons.get(item.reason, 0) + 1
                        continue
                    # Near-duplicates need every text's signature: nothing is skipped as fresh.
                    expected = None if index is not None else manifest.expected(item.rel, rules, fmt)
                    yield replace(item, expected=expected) if expected else item

            for outcome in execute(pool, tasks()):
                manifest.record(outcome, rules, fmt, run)
                if outcome.status == "cleaned":
                    summary.cleaned += 1
                    if index is not None:
                        index.add(outcome.rel, outcome.signature)
                        if drop_duplicates:
                            index.outputs[outcome.rel] = outcome.out_rel
                elif outcome.status == "fresh":
                    summary.fresh += 1
                else:
                    summary.failed += 1
                    if len(summary.failures) < SUMMARY_FAILURES:
                        summary.failures.append(outcome.message)
                    errors.write(_error_line(outcome))
                    errors.flush()
                yield outcome
        dropped: set[str] = set()
        if index is not None:
            dropped = _write_duplicates(index, dst, fmt, summary, drop_duplicates)
        if fmt == "jsonl":
            from ..io.sinks import write_atomic_stream

            if out_url:
                summary.jsonl_path = f"{dst}/{JSONL_NAME}"
                storage.write_stream(dst, JSONL_NAME, manifest.records(run))
            else:
                summary.jsonl_path = os.path.join(dst, JSONL_NAME)
                records = manifest.records(run)
                if dropped:
                    records = (r for r in records if json.loads(r)["path"] not in dropped)
                write_atomic_stream(summary.jsonl_path, records, follow_links=False)
        manifest.end_run()
        summary.seconds = time.perf_counter() - started
        yield summary
    finally:
        if pool is not None:
            pool.close()
        manifest.close()
        if spool is not None:
            shutil.rmtree(spool, ignore_errors=True)


def _open_errors(path: str, *, follow: bool):
    """The errors file, truncated. The default one, in OUT_DIR, is never opened through a link."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC
    if not follow:
        _unlink_planted(path)
        flags |= getattr(os, "O_NOFOLLOW", 0)
    return os.fdopen(os.open(path, flags, 0o666), "w", encoding="utf-8")


def _write_duplicates(index, dst: str, fmt: str, summary: Summary, drop: bool) -> set[str]:
    """Write the clusters file; with ``drop``, delete the outputs of all but each cluster's first.

    Returns the dropped inputs' JSON paths (for the JSONL output).
    """
    from ..io.sinks import write_atomic

    clusters = index.clusters()
    summary.clusters = len(clusters)
    summary.duplicates_path = os.path.join(dst, DUPLICATES_NAME)
    lines = []
    for cluster in clusters:
        shown = {**cluster, "paths": [json_path(p) for p in cluster["paths"]],
                 "pairs": [{**p, "a": json_path(p["a"]), "b": json_path(p["b"])} for p in cluster["pairs"]]}
        lines.append(json.dumps(shown, ensure_ascii=False) + "\n")
    write_atomic(summary.duplicates_path, "".join(lines), follow_links=False)
    if not drop:
        return set()
    dropped = index.duplicates()
    if fmt != "jsonl":
        for rel in dropped:
            out_rel = index.outputs.get(rel)
            if out_rel:
                try:
                    os.unlink(os.path.join(dst, out_rel))
                except FileNotFoundError:
                    pass
    return {json_path(rel) for rel in dropped}


def _error_line(outcome: Outcome) -> str:
    line = json.dumps({"path": json_path(outcome.rel), "error": outcome.error}, ensure_ascii=False)
    return line + "\n"
