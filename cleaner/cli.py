"""The command line: click commands that build options, call the pipeline, map errors to exits.

Only this module prints or exits. Every failure is one line on stderr naming
the file and the problem; see ``errors.ExitCode`` for the statuses.
"""
from __future__ import annotations

import sys
from pathlib import Path

import click

from . import __version__
from .errors import CleanerError, ExitCode

FORMATS = ("text", "markdown", "json")


def _fail(message: str, code: int) -> None:
    click.echo(f"cleaner: {message}", err=True)
    sys.exit(code)


def _load(rules: tuple[str, ...], no_builtin: bool):
    from .ruleset import load_ruleset

    try:
        return load_ruleset(rules, builtin=not no_builtin)
    except CleanerError as exc:
        _fail(str(exc), exc.exit_code)


rules_option = click.option("--rules", "rules", multiple=True, type=click.Path(),
                            help="Extra rule file or folder (repeatable); applied after the shipped packs.")
no_builtin_option = click.option("--no-builtin", is_flag=True, help="Use only the rules given with --rules.")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="cleaner")
def main() -> None:
    """Strip site chrome from web articles; keep the article text and its metadata."""


@main.command()
@click.argument("files", nargs=-1)
@click.option("-o", "--output", type=click.Path(), help="Write here instead of stdout (a folder for several inputs).")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True)
@rules_option
@click.option("--url", help="The page's URL: selects site packs and fills the url field.")
@no_builtin_option
@click.option("--kind", type=click.Choice(("html", "markdown", "text")), help="Treat input as this kind.")
def clean(files: tuple[str, ...], output: str | None, fmt: str, rules: tuple[str, ...],
          url: str | None, no_builtin: bool, kind: str | None) -> None:
    """Clean FILES (or standard input, with no FILE or -) and print the article."""
    from .pipeline import Options, clean_source
    from .render import EXTENSIONS, render
    from .sinks import write_atomic, write_stdout
    from .sources import read_source

    ruleset = _load(rules, no_builtin)
    names = list(files) or ["-"]
    out_dir = None
    if output and (Path(output).is_dir() or len(names) > 1):
        out_dir = Path(output)
        if not out_dir.is_dir():
            _fail(f"{output}: with several inputs, -o must be an existing folder", ExitCode.USAGE)
    options = Options(url=url, kind=kind)
    failed = 0
    for name in names:
        try:
            result = clean_source(read_source(name), ruleset, options)
            text = render(result, fmt)
            if out_dir is not None:
                stem = "stdin" if name == "-" else Path(name).stem
                write_atomic(out_dir / f"{stem}{EXTENSIONS[fmt]}", text)
            elif output:
                write_atomic(output, text)
            else:
                write_stdout(text)
        except CleanerError as exc:
            failed += 1
            click.echo(f"cleaner: {exc}", err=True)
        except OSError as exc:
            failed += 1
            click.echo(f"cleaner: {output or name}: cannot write ({exc.strerror or exc})", err=True)
    if failed:
        sys.exit(ExitCode.INPUT)


@main.command()
@click.argument("in_dir", type=click.Path(file_okay=False))
@click.argument("out_dir", type=click.Path(file_okay=False))
@click.option("-j", "--jobs", type=click.IntRange(min=1), help="Worker processes (default: one per core).")
@click.option("--format", "fmt", type=click.Choice(FORMATS + ("jsonl",)), default="text", show_default=True,
              help="Output format; jsonl writes one record per input to OUT_DIR/cleaned.jsonl.")
@rules_option
@no_builtin_option
@click.option("--errors", "errors_path", type=click.Path(dir_okay=False),
              help="Write failures here as JSONL (default: OUT_DIR/.cleaner-errors.jsonl).")
@click.option("--scheduler", metavar="ADDRESS",
              help="Run on a Dask cluster (tcp://HOST:8786) whose workers see the same paths.")
@click.option("--time-limit", type=click.FloatRange(min=0.1), default=None,
              help="Seconds one document may take before it fails (default 10).")
def batch(in_dir: str, out_dir: str, jobs: int | None, fmt: str, rules: tuple[str, ...], no_builtin: bool,
          errors_path: str | None, scheduler: str | None, time_limit: float | None) -> None:
    """Clean every .html .htm .txt .md file under IN_DIR into the same tree under OUT_DIR.

    Reruns skip inputs whose output is up to date (a manifest in OUT_DIR);
    exit status 3 when any input failed.
    """
    from .batch import run_batch
    from .engine import DEFAULT_TIME_LIMIT
    from .progress import Reporter

    ruleset = _load(rules, no_builtin)
    reporter = Reporter(sys.stderr, show_bar=sys.stderr.isatty())
    summary = None
    try:
        for event in run_batch(in_dir, out_dir, ruleset, fmt=fmt, jobs=jobs, errors_path=errors_path,
                               scheduler=scheduler, time_limit=time_limit or DEFAULT_TIME_LIMIT,
                               count=reporter.show_bar):
            reporter.handle(event)
            summary = event
    except CleanerError as exc:
        reporter.clear()
        _fail(str(exc), exc.exit_code)
    except OSError as exc:
        reporter.clear()
        _fail(f"batch stopped: {exc.filename or out_dir}: {exc.strerror or exc}", ExitCode.INPUT)
    except KeyboardInterrupt:
        reporter.clear()
        _fail("batch interrupted; run the same command again to resume", 130)
    if summary is not None and summary.failed:
        sys.exit(ExitCode.INPUT)


@main.group()
def rules() -> None:
    """Inspect the rule packs."""


@rules.command("list")
@rules_option
@no_builtin_option
def rules_list(rules: tuple[str, ...], no_builtin: bool) -> None:
    """List every loaded rule: id, kind, pack, message."""
    ruleset = _load(rules, no_builtin)
    rows = [(r.id + (" (disabled)" if r.id in ruleset.disabled else ""), r.info.kind, r.info.pack, r.info.message)
            for p in ruleset.packs for r in p.rules]
    widths = [max((len(row[i]) for row in rows), default=0) for i in range(3)]
    for row in rows:
        click.echo("  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row[:3])) + "  " + row[3])
