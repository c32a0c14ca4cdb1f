"""``cleaner rules``: list, validate, test and describe rule packs."""
from __future__ import annotations

import sys
from pathlib import Path

import click

from ..errors import ExitCode
from .common import fail, no_builtin_option, rules_option, time_limit_option, tooling_ruleset


@click.group()
def rules() -> None:
    """Inspect, check and test rule packs.

    \b
    Example:
      cleaner rules validate my-rules/ && cleaner rules test my-rules/
    """


@rules.command("list")
@rules_option
@no_builtin_option
def rules_list(rules: tuple[str, ...], no_builtin: bool) -> None:
    """List every loaded rule: id, kind, pack, message.

    \b
    Example:
      cleaner rules list --rules my-site.toml | grep my-site

    Exit status: 0 ok, 2 a rule file is invalid.
    """
    ruleset = tooling_ruleset(rules, no_builtin)
    rows = [(r.id + (" (disabled)" if r.id in ruleset.disabled else ""), r.info.kind, r.info.pack, r.info.message)
            for p in ruleset.packs for r in p.rules]
    widths = [max((len(row[i]) for row in rows), default=0) for i in range(3)]
    for row in rows:
        click.echo("  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row[:3])) + "  " + row[3])


def _pack_files(paths: tuple[str, ...]) -> list[Path]:
    from ..packs.ruleset import _toml_files

    found: list[Path] = []
    for given in paths:
        path = Path(given)
        if not path.exists():
            fail(f"{given}: no such rule file or folder", ExitCode.USAGE)
        found.extend(_toml_files(path))
    return found


def _load_packs(paths: tuple[str, ...]):
    """Every pack under ``paths``, checked one by one: ``(packs, errors)``, errors as strings."""
    from ..errors import RuleFileError
    from ..packs.rulefile import load_pack
    from ..packs.ruleset import USER, _check_unique

    packs, errors = [], []
    for path in _pack_files(paths):
        try:
            pack = load_pack(path, USER, examples_required=True)  # authoring tools: examples are a must
        except RuleFileError as exc:
            errors.append(str(exc))
            continue
        if path.parent.name == "sites" and not pack.scoped:
            errors.append(f"{path}: a site pack needs domains or fingerprints in [pack]")
        packs.append(pack)
    if not errors:
        try:
            _check_unique(packs)
        except RuleFileError as exc:
            errors.append(str(exc))
    return packs, errors


@rules.command("validate")
@click.argument("paths", nargs=-1, required=True, type=click.Path())
def rules_validate(paths: tuple[str, ...]) -> None:
    """Check rule files (or folders of them): every problem as path:line: rule-id: problem.

    \b
    Example:
      cleaner rules validate rules/ my-site.toml

    Exit status: 0 every file is valid, 2 one is not.
    """
    packs, errors = _load_packs(paths)
    for error in errors:
        click.echo(error)
    if errors:
        fail(f"{len(errors)} invalid rule file{'s' if len(errors) != 1 else ''}", ExitCode.USAGE)
    count = sum(len(p.rules) for p in packs)
    click.echo(f"{len(packs)} rule file{'s' if len(packs) != 1 else ''}, {count} rules: valid", err=True)


@rules.command("test")
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("-v", "--verbose", is_flag=True, help="List every example, not only the failures.")
@time_limit_option
def rules_test(paths: tuple[str, ...], verbose: bool, time_limit: float) -> None:
    """Run the inline [[rule.example]] of every rule in PATHS, each rule alone.

    \b
    Example:
      cleaner rules test -v my-site.toml

    Exit status: 0 all pass, 1 an example fails, 2 a file is invalid.
    """
    from ..packs.examples import run_examples

    packs, errors = _load_packs(paths)
    for error in errors:
        click.echo(error, err=True)
    if errors:
        sys.exit(ExitCode.USAGE)
    outcomes = run_examples([r for p in packs for r in p.rules], time_limit)
    failed = 0
    for outcome in outcomes:
        info, example = outcome.rule.info, outcome.example
        number = info.examples.index(example) + 1
        where = f"{info.path}:{example.line or info.line}: {info.id}: example {number}"
        if not outcome.ok:
            failed += 1
            click.echo(f"{where}: " + "; ".join(outcome.problems))
        elif verbose:
            click.echo(f"{where}: ok")
    rules_count = sum(len(p.rules) for p in packs)
    click.echo(f"{len(outcomes)} examples of {rules_count} rules: "
               + (f"{failed} failed" if failed else "all pass"), err=True)
    if failed:
        sys.exit(ExitCode.FINDINGS)


@rules.command("schema")
def rules_schema() -> None:
    """Print the JSON Schema of rule files (the copy in rules/ is this output).

    \b
    Example:
      cleaner rules schema > rule-file.schema.json

    Exit status: 0.
    """
    from ..packs.schema import render_schema

    click.echo(render_schema(), nl=False)
