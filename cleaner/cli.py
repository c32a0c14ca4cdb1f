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


def _unique(folder: Path, stem: str, ext: str, used: set[Path]) -> Path:
    """An output path not yet written in this run: inputs with the same name get -2, -3, ..."""
    target, n = folder / f"{stem}{ext}", 1
    while target in used:
        n += 1
        target = folder / f"{stem}-{n}{ext}"
    used.add(target)
    return target


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
@click.option("--time-limit", type=click.FloatRange(min=0.01), default=10.0, show_default=True,
              envvar="CLEANER_TIME_LIMIT", help="Seconds one document may take before it fails.")
def clean(files: tuple[str, ...], output: str | None, fmt: str, rules: tuple[str, ...],
          url: str | None, no_builtin: bool, kind: str | None, time_limit: float) -> None:
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
    options = Options(url=url, kind=kind, time_limit=time_limit, page_metadata=fmt != "text",
                      markdown_body=fmt == "markdown")
    failed = 0
    used: set[Path] = set()
    for name in names:
        try:
            result = clean_source(read_source(name), ruleset, options)
            text = render(result, fmt)
            if out_dir is not None:
                target = _unique(out_dir, "stdin" if name == "-" else Path(name).stem, EXTENSIONS[fmt], used)
                write_atomic(target, text)
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
