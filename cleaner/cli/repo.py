"""``cleaner check`` and ``cleaner fix``: chrome in content kept in a repository (and the
pre-commit hooks)."""
from __future__ import annotations

import dataclasses
import sys

import click

from ..errors import CleanerError, ExitCode, one_line
from .common import fail, project_settings, settings_options


def _config_options(command):
    """The options check and fix share; each, when given, wins over the configuration file."""
    options = [
        settings_options,
        click.option("--include", multiple=True, metavar="PATTERN",
                     help="Only files matching this gitignore-style pattern (repeatable)."),
        click.option("--exclude", multiple=True, metavar="PATTERN",
                     help="Skip files matching this gitignore-style pattern (repeatable)."),
        click.option("--respect-gitignore/--no-respect-gitignore", default=None,
                     help="In a git repository, skip in folders what git ignores (default: yes)."),
        click.option("--show-files", is_flag=True, help="List the files that would be looked at, and stop."),
        click.option("--max-removal", type=float, metavar="SHARE",
                     help="Fix leaves alone a file it would cut more than this share of words from "
                          "(default 0.5)."),
        click.option("--format", "fmt", type=click.Choice(("text", "json", "github")), default="text",
                     show_default=True, help="Report format (github: workflow annotations)."),
        click.argument("files", nargs=-1, required=True, type=click.Path()),
    ]
    for option in reversed(options):
        command = option(command)
    return command


def _plans(files, *, config_path, no_config, rules, no_builtin, disable, include, exclude, max_removal,
           respect_gitignore, show_files):
    """Load the configuration and rules, then plan every selected file; exits 2 on bad settings.

    With ``show_files``, list the selected files instead and exit (0, or 3 when a folder could not be read).
    """
    from ..repo.fixer import Fixer
    from ..io.sources import read_bytes

    config = project_settings(config_path, no_config, rules=rules, builtin=False if no_builtin else None,
                       disable=disable, include=include, exclude=exclude, max_removal=max_removal,
                       respect_gitignore=respect_gitignore)
    plans, failed = [], 0
    problems: list[tuple[str, str, bool]] = []
    names = config.files(list(files), problems)
    for path, reason, is_error in problems:
        failed += is_error
        click.echo(f"cleaner: {one_line(path)}: {reason}", err=True)
    if show_files:
        for name in names:
            click.echo(one_line(name))
        sys.exit(ExitCode.INPUT if failed else ExitCode.OK)
    try:
        fixer = Fixer(config.load_ruleset(), max_removal=config.max_removal)
    except CleanerError as exc:
        fail(str(exc), exc.exit_code)
    for name in names:
        try:
            plans.append(fixer.plan(read_bytes(name), name))
        except CleanerError as exc:
            failed += 1
            click.echo(f"cleaner: {one_line(str(exc))}", err=True)
    return plans, failed


def _finish(plans, failed: int, fmt: str, *, fixing: bool, problem: bool, unwritten: int = 0) -> None:
    from ..repo.report import REPORTS, summary

    out = REPORTS[fmt](plans)
    if out:
        click.echo(out, nl=False)
    if fmt == "text" and (problem or failed):
        click.echo(f"cleaner: {summary(plans, fixing=fixing, unwritten=unwritten)}", err=True)
    if failed:
        sys.exit(ExitCode.INPUT)
    if problem:
        sys.exit(ExitCode.FINDINGS)


@click.command()
@_config_options
def check(files, fmt, **settings) -> None:
    """Report site chrome in FILES (or folders); exit 1 if there is any.

    Each finding is a line "path:line:col: rule-id message".

    \b
    Example:
      cleaner check articles/ --format github
      cleaner check . --show-files        # what would be looked at

    \b
    Exit status: 0 clean, 1 chrome found, 2 bad configuration or rule file,
    3 a file could not be read.
    """
    plans, failed = _plans(files, **settings)
    _finish(plans, failed, fmt, fixing=False, problem=any(p.findings or p.refused for p in plans))


@click.command()
@_config_options
@click.option("--diff", "show_diff", is_flag=True, help="Print what would change as a diff; write nothing.")
def fix(files, fmt, show_diff, **settings) -> None:
    """Remove site chrome from FILES in place; exit 1 if a file changed or needs a look.

    Only chrome lines go: the headline, byline, dateline, standfirst and body stay
    where they are, front matter, line endings and encoding are kept, and every
    write is atomic. A file fix would cut too much from (see --max-removal) is
    reported and left alone.

    \b
    Example:
      cleaner fix --diff articles/page.md

    \b
    Exit status: 0 nothing to change, 1 a file changed (or would, with --diff)
    or needs a look, 2 bad configuration or rule file, 3 a file could not be
    read or written.
    """
    from ..repo.report import diff
    from ..io.sinks import sweep_leftovers, write_atomic

    plans, failed = _plans(files, **settings)
    if show_diff:
        from ..repo.report import report_text

        for plan in plans:
            click.echo(diff(plan), nl=False)
        left = [dataclasses.replace(p, findings=p.unfixable) for p in plans if p.refused or p.unfixable]
        if left:
            click.echo(report_text(left), nl=False, err=True)
        if failed:
            sys.exit(ExitCode.INPUT)
        if any(p.changed for p in plans) or left:
            sys.exit(ExitCode.FINDINGS)
        return
    unwritten = 0
    for n, plan in enumerate(plans):
        if plan.changed:
            sweep_leftovers(plan.path)  # temporaries of a fix that was killed mid-write
            try:
                write_atomic(plan.path, plan.fixed)
            except OSError as exc:
                failed += 1
                unwritten += 1
                click.echo(f"cleaner: {one_line(plan.path)}: cannot write ({exc.strerror or exc})", err=True)
                plans[n] = dataclasses.replace(plan, fixed=plan.original)  # not fixed: not counted so
    _finish(plans, failed, fmt, fixing=True, problem=any(p.changed or p.refused or p.unfixable for p in plans)
            or unwritten > 0, unwritten=unwritten)
