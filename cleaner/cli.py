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
@click.argument("file")
@rules_option
@click.option("--url", help="The page's URL: selects site packs.")
@no_builtin_option
@click.option("--kind", type=click.Choice(("html", "markdown", "text")), help="Treat input as this kind.")
@click.option("--json", "as_json", is_flag=True, help="Print the decisions as JSON.")
def explain(file: str, rules: tuple[str, ...], url: str | None, no_builtin: bool, kind: str | None,
            as_json: bool) -> None:
    """Show every line of FILE as kept or dropped, with the rule that decided it."""
    import json

    from .pipeline import Options, clean_source
    from .sources import read_source

    ruleset = _load(rules, no_builtin)
    try:
        result = clean_source(read_source(file), ruleset, Options(url=url, kind=kind, explain=True))
    except CleanerError as exc:
        _fail(str(exc), exc.exit_code)
    metadata = result.metadata.as_dict()
    sources = metadata.pop("sources", {})
    if as_json:
        lines = [{"line": d.line, "kept": d.kept, "rule": d.rule, "text": d.text} for d in result.decisions]
        click.echo(json.dumps({"lines": lines, "metadata": metadata, "sources": sources},
                              ensure_ascii=False, indent=2))
        return
    width = min(40, max((len(d.rule or "") for d in result.decisions), default=0))
    for d in result.decisions:
        if not d.text.strip():
            click.echo(f"{d.line:>5}")  # a blank line: nothing to keep or drop
            continue
        state = "keep" if d.kept else "drop"
        click.echo(f"{d.line:>5}  {state}  {(d.rule or ''):<{width}}  {d.text}".rstrip())
    kept = sum(1 for d in result.decisions if d.kept and d.text.strip())
    total = sum(1 for d in result.decisions if d.text.strip())
    click.echo(f"\n{kept} of {total} non-blank lines kept ({result.kind} input)")
    counts: dict[str, int] = {}
    for d in result.decisions:
        if not d.kept and d.text.strip():
            counts[d.rule] = counts.get(d.rule, 0) + 1
    for rule_id, n in sorted(counts.items(), key=lambda item: -item[1]):
        click.echo(f"  {n:>4}  {rule_id}")
    for name, value in metadata.items():
        shown = ", ".join(value) if isinstance(value, list) else value
        click.echo(f"{name}: {shown}  [{sources.get(name, '?')}]")


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
