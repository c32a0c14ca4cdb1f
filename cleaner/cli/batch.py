"""``cleaner batch`` and ``cleaner learn``: many pages at once, and a site pack learnt from them."""
from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from ..errors import CleanerError, ExitCode, one_line
from .common import FORMATS, command_ruleset, fail, settings_options, time_limit_option


@click.command()
@click.argument("in_dir", type=click.Path())
@click.argument("out_dir", type=click.Path())
@click.option("-j", "--jobs", type=click.IntRange(min=1), help="Worker processes (default: one per core).")
@click.option("--format", "fmt", type=click.Choice(FORMATS + ("jsonl",)), default="text", show_default=True,
              help="Output format; jsonl writes one record per input to OUT_DIR/cleaned.jsonl.")
@settings_options
@click.option("--errors", "errors_path", type=click.Path(dir_okay=False),
              help="Write failures here as JSONL (default: OUT_DIR/.cleaner-errors.jsonl).")
@click.option("--scheduler", metavar="ADDRESS",
              help="Run on a Dask cluster (tcp://HOST:8786) whose workers see the same paths.")
@time_limit_option
@click.option("-q", "--quiet", is_flag=True, help="No progress bar and no summary line (failures still show).")
@click.option("--no-progress", is_flag=True, help="No progress bar, even on a terminal.")
@click.option("--manifest", "manifest_path", type=click.Path(dir_okay=False),
              help="Keep the manifest here (default: in OUT_DIR, or a local cache folder when OUT_DIR is a URL).")
@click.option("--near-duplicates", is_flag=True,
              help="Write clusters of near-duplicate articles to OUT_DIR/.cleaner-duplicates.jsonl "
                   "(needs the dedup extra: pip install 'sitecleaner[dedup]').")
@click.option("--drop-duplicates", is_flag=True,
              help="Like --near-duplicates, and keep only the first article of each cluster.")
@click.option("--learn", "learn_chrome", is_flag=True,
              help="First learn each site's recurring lines from the batch (packs in "
                   "OUT_DIR/.cleaner-learned/), then clean with them too.")
def batch(in_dir: str, out_dir: str, jobs: int | None, fmt: str, config_path: str | None, no_config: bool,
          rules: tuple[str, ...], no_builtin: bool | None, disable: tuple[str, ...], errors_path: str | None,
          scheduler: str | None, time_limit: float, quiet: bool, no_progress: bool,
          manifest_path: str | None, near_duplicates: bool, drop_duplicates: bool, learn_chrome: bool) -> None:
    """Clean every .html .htm .xhtml .txt .text .md .markdown file under IN_DIR into OUT_DIR.

    The tree is mirrored (IN_DIR/a/b.html -> OUT_DIR/a/b.txt). Reruns skip
    inputs whose output is up to date (a manifest in OUT_DIR), so an
    interrupted run resumes.

    Web archives (.warc, .warc.gz; IN_DIR may be one) give one output per HTML
    response or text conversion record, under OUT_DIR/ARCHIVE/. IN_DIR and
    OUT_DIR may be fsspec URLs (s3://bucket/prefix): workers read and write there.

    \b
    Example:
      cleaner batch pages/ clean/ -j 4 --format jsonl
      cleaner batch crawl.warc.gz clean/

    \b
    Exit status: 0 all cleaned, 2 usage or rule-file/configuration error or
    unusable folders, 3 an input failed (listed in OUT_DIR/.cleaner-errors.jsonl).
    """
    from ..batch.run import run_batch
    from ..progress import Reporter, can_draw

    ruleset = command_ruleset(config_path, no_config, rules, no_builtin, disable)
    if near_duplicates or drop_duplicates:
        try:
            import datasketch  # noqa: F401
        except ImportError:
            fail("--near-duplicates needs datasketch: pip install 'sitecleaner[dedup]'", ExitCode.USAGE)
    reporter = Reporter(sys.stderr, show_bar=not no_progress and can_draw(sys.stderr), quiet=quiet)
    summary = None
    try:
        for event in run_batch(in_dir, out_dir, ruleset, fmt=fmt, jobs=jobs, errors_path=errors_path,
                               scheduler=scheduler, time_limit=time_limit,
                               count=reporter.show_bar, manifest_path=manifest_path,
                               near_duplicates=near_duplicates, drop_duplicates=drop_duplicates,
                               learn=learn_chrome):
            reporter.handle(event)
            summary = event
    except CleanerError as exc:
        reporter.clear()
        fail(str(exc), exc.exit_code)
    except OSError as exc:
        reporter.clear()
        fail(f"batch stopped: {exc.filename or out_dir}: {exc.strerror or exc}", ExitCode.INPUT)
    except KeyboardInterrupt:
        reporter.clear()
        fail("batch interrupted; run the same command again to resume", 130)
    if summary is not None and summary.learned:
        click.echo(f"cleaner: learnt {len(summary.learned)} site pack{'s' if len(summary.learned) != 1 else ''}: "
                   f"{os.path.dirname(summary.learned[0])}", err=True)
    if summary is not None and summary.duplicates_path:
        click.echo(f"cleaner: {summary.clusters} near-duplicate cluster{'s' if summary.clusters != 1 else ''}"
                   f"{' (all but the first of each dropped)' if drop_duplicates else ''}: {summary.duplicates_path}",
                   err=True)
    if summary is not None and summary.failed:
        sys.exit(ExitCode.INPUT)


@click.command()
@click.argument("folder", type=click.Path(exists=True, file_okay=False))
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write the pack here instead of stdout.")
@click.option("--url-prefix", metavar="URL", help="The pages' site, as a URL: scopes the pack by its host.")
@click.option("--domain", help="Scope the pack by this domain (a leading dot: subdomains too).")
@settings_options
def learn(folder: str, output: str | None, url_prefix: str | None, domain: str | None, config_path: str | None,
          no_config: bool, rules: tuple[str, ...], no_builtin: bool | None, disable: tuple[str, ...]) -> None:
    """Learn a site pack from FOLDER, pages of one site: the lines that recur on most of them.

    Pages are cleaned with the rules first, so the pack holds only the chrome
    they miss. Recurring lines that read like article text are reported on
    stderr, never made rules. See docs/learn.md.

    \b
    Example:
      cleaner learn pages/example.org/ --domain example.org -o example.toml
      cleaner rules test example.toml && cleaner clean page.html --rules example.toml

    \b
    Exit status: 0 a pack was written, 2 usage or rule-file/configuration
    error or no pages in FOLDER, 3 the pack could not be written.
    """
    from ..io.sinks import write_atomic, write_stdout
    from ..learn.pages import page_files, read_pages, site_of
    from ..learn.site import build_pack, gather

    if url_prefix and domain:
        fail("give --url-prefix or --domain, not both", ExitCode.USAGE)
    ruleset = command_ruleset(config_path, no_config, rules, no_builtin, disable)
    files = page_files(folder)
    if not files:
        fail(f"{folder}: no pages (.html .htm .txt .md) in this folder", ExitCode.USAGE)
    try:
        stats, hosts = gather(read_pages(files, ruleset, url_prefix))
        scope = domain or (site_of(url_prefix) or None if url_prefix else None)
        learnt = build_pack(stats, hosts, domain=scope, name=None if scope or hosts else Path(folder).name)
    except CleanerError as exc:
        fail(str(exc), exc.exit_code)
    for warning in learnt.warnings:
        click.echo(f"cleaner: learn: {warning}", err=True)
    try:
        write_atomic(output, learnt.text) if output else write_stdout(learnt.text)
    except OSError as exc:
        fail(f"{one_line(output or '-')}: cannot write ({exc.strerror or exc})", ExitCode.INPUT)
    click.echo(f"cleaner: learnt {learnt.rules} rules from {learnt.pages} pages", err=True)
