"""What every command shares: one-line failures, the rules and settings a command runs with,
and the options that select them.

Only the command line prints or exits; these helpers are where it does so for
problems found before any input is read (a bad configuration or rule file).
"""
from __future__ import annotations

import sys
from pathlib import Path

import click

from ..errors import CleanerError, one_line

FORMATS = ("text", "markdown", "json")


def fail(message: str, code: int) -> None:
    """Each line of ``message`` on stderr after "cleaner: " (one per problem), then exit."""
    for line in message.splitlines() or [""]:
        click.echo(f"cleaner: {one_line(line)}", err=True)
    sys.exit(code)


def warn_rules(ruleset) -> None:
    for warning in ruleset.warnings:
        click.echo(f"cleaner: {warning}", err=True)


def tooling_ruleset(rules: tuple[str, ...], no_builtin: bool):
    """The ruleset of the rule-tooling commands, which read no configuration file."""
    from ..packs.ruleset import load_ruleset

    try:
        ruleset = load_ruleset(rules, builtin=not no_builtin)
    except CleanerError as exc:
        fail(str(exc), exc.exit_code)
    warn_rules(ruleset)
    return ruleset


def project_settings(config_path: str | None, no_config: bool, **flags):
    """The project's settings (nearest .cleaner.toml or pyproject.toml), flags winning; exits 2 if bad."""
    from ..config import Config, discover, load_config

    try:
        config = Config() if no_config else load_config(config_path) if config_path else discover()
        return config.override(**flags)
    except CleanerError as exc:
        fail(str(exc), exc.exit_code)


def command_ruleset(config_path: str | None, no_config: bool, rules: tuple[str, ...], no_builtin: bool | None,
             disable: tuple[str, ...]):
    """The rules every cleaning command uses: configuration, then --rules, --no-builtin, --disable."""
    config = project_settings(config_path, no_config, rules=rules, builtin=False if no_builtin else None,
                       disable=disable)
    try:
        ruleset = config.load_ruleset()
    except CleanerError as exc:
        fail(str(exc), exc.exit_code)
    warn_rules(ruleset)
    return ruleset


def unique_output(folder: Path, stem: str, ext: str, used: set[Path]) -> Path:
    """An output path not yet written in this run: inputs with the same name get -2, -3, ..."""
    target, n = folder / f"{stem}{ext}", 1
    while target in used:
        n += 1
        target = folder / f"{stem}-{n}{ext}"
    used.add(target)
    return target


class TimeLimit(click.ParamType):
    """Seconds as a finite number no smaller than the minimum (``nan`` and ``inf`` are refused)."""

    name = "seconds"

    def convert(self, value, param, ctx):
        from ..deadline import parse_time_limit

        if isinstance(value, float):
            return value
        try:
            return parse_time_limit(value)
        except ValueError as exc:
            self.fail(str(exc), param, ctx)


def time_limit_option(command):
    from ..deadline import DEFAULT_TIME_LIMIT, ENV_VAR

    return click.option("--time-limit", type=TimeLimit(), default=DEFAULT_TIME_LIMIT, show_default=True,
                        envvar=ENV_VAR, help="Seconds one document may take before it fails.")(command)


rules_option = click.option("--rules", "rules", multiple=True, type=click.Path(),
                            help="Extra rule file or folder (repeatable); applied after the shipped packs.")
no_builtin_option = click.option("--no-builtin", is_flag=True, help="Use only the rules given with --rules.")


def settings_options(command):
    """What selects the rules of clean, explain, batch, check and fix: the project's
    configuration file and the flags that win over it."""
    options = [
        click.option("--config", "config_path", type=click.Path(dir_okay=False),
                     help="Read settings from this file instead of the nearest "
                          ".cleaner.toml or pyproject.toml [tool.cleaner]."),
        click.option("--no-config", is_flag=True, help="Ignore configuration files."),
        rules_option,
        click.option("--no-builtin", is_flag=True, default=None,
                     help="Use only the rules given with --rules or in the configuration."),
        click.option("--disable", multiple=True, metavar="RULE-ID", help="Switch a rule off (repeatable)."),
    ]
    for option in reversed(options):
        command = option(command)
    return command

