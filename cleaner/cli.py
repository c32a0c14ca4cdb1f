"""The command line: click commands that build options, call the pipeline, map errors to exits.

Only this module prints or exits. Every failure is one line on stderr naming
the file and the problem; see ``errors.ExitCode`` for the statuses.
"""
from __future__ import annotations

import dataclasses
import os
import sys
from pathlib import Path

import click

from ._version import __version__
from .errors import CleanerError, ExitCode

FORMATS = ("text", "markdown", "json")


def _fail(message: str, code: int) -> None:
    click.echo(f"cleaner: {message}", err=True)
    sys.exit(code)


def _load(rules: tuple[str, ...], no_builtin: bool):
    from .packs.ruleset import load_ruleset

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
    from .io.sinks import write_atomic, write_stdout
    from .io.sources import read_source

    ruleset = _load(rules, no_builtin)
    names = list(files) or ["-"]
    out_dir = None
    if output and (Path(output).is_dir() or len(names) > 1):
        out_dir = Path(output)
        if not out_dir.is_dir():
            _fail(f"{output}: with several inputs, -o must be an existing folder", ExitCode.USAGE)
    options = Options.for_format(fmt, url=url, input_type=kind, time_limit=time_limit)
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
    from .io.sources import read_source

    ruleset = _load(rules, no_builtin)
    try:
        result = clean_source(read_source(file), ruleset, Options(url=url, input_type=kind, explain=True))
    except CleanerError as exc:
        _fail(str(exc), exc.exit_code)
    metadata = result.metadata.as_dict()
    sources = metadata.pop("sources", {})
    if as_json:
        lines = [{"line": d.line, "kept": d.kept, "rule": d.rule, "text": d.text} for d in result.decisions]
        page = [{"source_line": r.line, "rule": r.rule, "text": r.text} for r in result.page_removed]
        click.echo(json.dumps({"page_removed": page, "lines": lines, "metadata": metadata, "sources": sources},
                              ensure_ascii=False, indent=2))
        return
    if result.page_removed:
        click.echo("HTML rules, before extraction (by source line):")
        for r in result.page_removed:
            click.echo(f"{r.line:>5}  drop  {r.rule}  {r.text}".rstrip())
        click.echo("\nExtracted lines:")
    width = min(40, max((len(d.rule or "") for d in result.decisions), default=0))
    for d in result.decisions:
        if not d.text.strip():
            click.echo(f"{d.line:>5}")  # a blank line: nothing to keep or drop
            continue
        state = "keep" if d.kept else "drop"
        click.echo(f"{d.line:>5}  {state}  {(d.rule or ''):<{width}}  {d.text}".rstrip())
    kept = sum(1 for d in result.decisions if d.kept and d.text.strip())
    total = sum(1 for d in result.decisions if d.text.strip())
    click.echo(f"\n{kept} of {total} non-blank lines kept ({result.input_type} input)")
    counts: dict[str, int] = {}
    for d in result.decisions:
        if not d.kept and d.text.strip():
            counts[d.rule] = counts.get(d.rule, 0) + 1
    for rule_id, n in sorted(counts.items(), key=lambda item: -item[1]):
        click.echo(f"  {n:>4}  {rule_id}")
    for name, value in metadata.items():
        shown = ", ".join(value) if isinstance(value, list) else value
        click.echo(f"{name}: {shown}  [{sources.get(name, '?')}]")


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
@click.option("--near-duplicates", is_flag=True,
              help="Write clusters of near-duplicate articles to OUT_DIR/.cleaner-duplicates.jsonl "
                   "(needs the dedup extra: pip install 'cleaner[dedup]').")
@click.option("--drop-duplicates", is_flag=True,
              help="Like --near-duplicates, and keep only the first article of each cluster.")
@click.option("--learn", "learn_chrome", is_flag=True,
              help="First learn each site's recurring lines from the batch (packs in "
                   "OUT_DIR/.cleaner-learned/), then clean with them too.")
def batch(in_dir: str, out_dir: str, jobs: int | None, fmt: str, rules: tuple[str, ...], no_builtin: bool,
          errors_path: str | None, scheduler: str | None, time_limit: float | None, near_duplicates: bool,
          drop_duplicates: bool, learn_chrome: bool) -> None:
    """Clean every .html .htm .txt .md file under IN_DIR into the same tree under OUT_DIR.

    Reruns skip inputs whose output is up to date (a manifest in OUT_DIR);
    exit status 3 when any input failed.
    """
    from .batch.run import run_batch
    from .engine import DEFAULT_TIME_LIMIT
    from .progress import Reporter

    ruleset = _load(rules, no_builtin)
    if near_duplicates or drop_duplicates:
        try:
            import datasketch  # noqa: F401
        except ImportError:
            _fail("--near-duplicates needs datasketch: pip install 'cleaner[dedup]'", ExitCode.USAGE)
    reporter = Reporter(sys.stderr, show_bar=sys.stderr.isatty())
    summary = None
    try:
        for event in run_batch(in_dir, out_dir, ruleset, fmt=fmt, jobs=jobs, errors_path=errors_path,
                               scheduler=scheduler, time_limit=time_limit or DEFAULT_TIME_LIMIT,
                               count=reporter.show_bar, near_duplicates=near_duplicates,
                               drop_duplicates=drop_duplicates, learn=learn_chrome):
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
    if summary is not None and summary.learned:
        click.echo(f"cleaner: learnt {len(summary.learned)} site pack{'s' if len(summary.learned) != 1 else ''}: "
                   f"{os.path.dirname(summary.learned[0])}", err=True)
    if summary is not None and summary.duplicates_path:
        click.echo(f"cleaner: {summary.clusters} near-duplicate cluster{'s' if summary.clusters != 1 else ''}"
                   f"{' (all but the first of each dropped)' if drop_duplicates else ''}: {summary.duplicates_path}",
                   err=True)
    if summary is not None and summary.failed:
        sys.exit(ExitCode.INPUT)


@main.command()
@click.argument("folder", type=click.Path(exists=True, file_okay=False))
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write the pack here instead of stdout.")
@click.option("--url-prefix", metavar="URL", help="The pages' site, as a URL: scopes the pack by its host.")
@click.option("--domain", help="Scope the pack by this domain (a leading dot: subdomains too).")
@rules_option
@no_builtin_option
def learn(folder: str, output: str | None, url_prefix: str | None, domain: str | None, rules: tuple[str, ...],
          no_builtin: bool) -> None:
    """Learn a site pack from FOLDER, pages of one site: the lines that recur on most of them.

    Pages are cleaned with the rules first, so the pack holds only the chrome
    they miss. Recurring lines that read like article text are reported on
    stderr, never made rules. See docs/learn.md.
    """
    from .io.sinks import write_atomic, write_stdout
    from .learn.pages import page_files, read_pages, site_of
    from .learn.site import build_pack, gather

    if url_prefix and domain:
        _fail("give --url-prefix or --domain, not both", ExitCode.USAGE)
    ruleset = _load(rules, no_builtin)
    files = page_files(folder)
    if not files:
        _fail(f"{folder}: no pages (.html .htm .txt .md) in this folder", ExitCode.USAGE)
    try:
        stats, hosts = gather(read_pages(files, ruleset, url_prefix))
        scope = domain or (site_of(url_prefix) or None if url_prefix else None)
        learnt = build_pack(stats, hosts, domain=scope, name=None if scope or hosts else Path(folder).name)
    except CleanerError as exc:
        _fail(str(exc), exc.exit_code)
    for warning in learnt.warnings:
        click.echo(f"cleaner: learn: {warning}", err=True)
    try:
        write_atomic(output, learnt.text) if output else write_stdout(learnt.text)
    except OSError as exc:
        _fail(f"{output}: cannot write ({exc.strerror or exc})", ExitCode.INPUT)
    click.echo(f"cleaner: learnt {learnt.rules} rules from {learnt.pages} pages", err=True)


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


# check and fix: for content kept in a repository (and the pre-commit hooks).

def _config_options(command):
    """The options check and fix share; each, when given, wins over the configuration file."""
    options = [
        click.option("--config", "config_path", type=click.Path(dir_okay=False),
                     help="Read settings from this file instead of the nearest "
                          ".cleaner.toml or pyproject.toml [tool.cleaner]."),
        click.option("--no-config", is_flag=True, help="Ignore configuration files."),
        rules_option,
        click.option("--no-builtin", is_flag=True, default=None,
                     help="Use only the rules given with --rules or in the configuration."),
        click.option("--disable", multiple=True, metavar="RULE-ID", help="Switch a rule off (repeatable)."),
        click.option("--include", multiple=True, metavar="GLOB", help="Only files matching (repeatable)."),
        click.option("--exclude", multiple=True, metavar="GLOB", help="Skip files matching (repeatable)."),
        click.option("--max-removal", type=float, metavar="SHARE",
                     help="Fix leaves alone a file it would cut more than this share of words from "
                          "(default 0.5)."),
        click.option("--format", "fmt", type=click.Choice(("text", "json", "github")), default="text",
                     show_default=True, help="Report format (github: workflow annotations)."),
        click.argument("files", nargs=-1, required=True),
    ]
    for option in reversed(options):
        command = option(command)
    return command


def _plans(files, config_path, no_config, rules, no_builtin, disable, include, exclude, max_removal):
    """Load the configuration and rules, then plan every selected file; exits 2 on bad settings."""
    from .repo.config import Config, discover, load_config
    from .repo.fixer import Fixer
    from .io.sources import read_bytes

    try:
        config = Config() if no_config else load_config(config_path) if config_path else discover()
        config = config.override(rules=rules, builtin=False if no_builtin else None, disable=disable,
                                 include=include, exclude=exclude, max_removal=max_removal)
        fixer = Fixer(config.load_ruleset(), max_removal=config.max_removal)
    except CleanerError as exc:
        _fail(str(exc), exc.exit_code)
    plans, failed = [], 0
    for name in config.files(list(files)):
        try:
            plans.append(fixer.plan(read_bytes(name), name))
        except CleanerError as exc:
            failed += 1
            click.echo(f"cleaner: {exc}", err=True)
    return plans, failed


def _finish(plans, failed: int, fmt: str, *, fixing: bool, problem: bool) -> None:
    from .repo.report import REPORTS, summary

    out = REPORTS[fmt](plans)
    if out:
        click.echo(out, nl=False)
    if fmt == "text" and (problem or failed):
        click.echo(f"cleaner: {summary(plans, fixing=fixing)}", err=True)
    if failed:
        sys.exit(ExitCode.INPUT)
    if problem:
        sys.exit(ExitCode.FINDINGS)


@main.command()
@_config_options
def check(files, config_path, no_config, rules, no_builtin, disable, include, exclude, max_removal, fmt) -> None:
    """Report site chrome in FILES (or folders); exit 1 if there is any.

    Each finding is a line "path:line:col: rule-id message". Exit status: 0 clean,
    1 chrome found, 2 bad configuration or rule file, 3 a file could not be read.
    """
    plans, failed = _plans(files, config_path, no_config, rules, no_builtin, disable, include, exclude,
                           max_removal)
    _finish(plans, failed, fmt, fixing=False, problem=any(p.findings or p.refused for p in plans))


@main.command()
@_config_options
@click.option("--diff", "show_diff", is_flag=True, help="Print what would change as a diff; write nothing.")
def fix(files, config_path, no_config, rules, no_builtin, disable, include, exclude, max_removal, fmt,
        show_diff) -> None:
    """Remove site chrome from FILES in place; exit 1 if a file changed or needs a look.

    Only chrome lines go: the headline, byline, dateline, standfirst and body stay
    where they are, front matter, line endings and encoding are kept, and every
    write is atomic. A file fix would cut too much from (see --max-removal) is
    reported and left alone.
    """
    from .repo.report import diff
    from .io.sinks import write_atomic

    plans, failed = _plans(files, config_path, no_config, rules, no_builtin, disable, include, exclude,
                           max_removal)
    if show_diff:
        from .repo.report import report_text

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
    for plan in plans:
        if plan.changed:
            try:
                write_atomic(plan.path, plan.fixed)
            except OSError as exc:
                failed += 1
                click.echo(f"cleaner: {plan.path}: cannot write ({exc.strerror or exc})", err=True)
    _finish(plans, failed, fmt, fixing=True, problem=any(p.changed or p.refused or p.unfixable for p in plans))


# Rule tooling: validate, test and describe rule files.

def _pack_files(paths: tuple[str, ...]) -> list[Path]:
    from .packs.ruleset import _toml_files

    found: list[Path] = []
    for given in paths:
        path = Path(given)
        if not path.exists():
            _fail(f"{given}: no such rule file or folder", ExitCode.USAGE)
        found.extend(_toml_files(path))
    return found


def _load_packs(paths: tuple[str, ...]):
    """Every pack under ``paths``, checked one by one: ``(packs, errors)``, errors as strings."""
    from .errors import RuleFileError
    from .packs.rulefile import load_pack
    from .packs.ruleset import USER, _check_unique

    packs, errors = [], []
    for path in _pack_files(paths):
        try:
            pack = load_pack(path, USER)
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
@click.argument("paths", nargs=-1, required=True)
def rules_validate(paths: tuple[str, ...]) -> None:
    """Check rule files (or folders of them): every problem as path:line: rule-id: problem.

    Exit status 0 when every file is valid, 2 when one is not.
    """
    packs, errors = _load_packs(paths)
    for error in errors:
        click.echo(error)
    if errors:
        _fail(f"{len(errors)} invalid rule file{'s' if len(errors) != 1 else ''}", ExitCode.USAGE)
    count = sum(len(p.rules) for p in packs)
    click.echo(f"{len(packs)} rule file{'s' if len(packs) != 1 else ''}, {count} rules: valid", err=True)


@rules.command("test")
@click.argument("paths", nargs=-1, required=True)
@click.option("-v", "--verbose", is_flag=True, help="List every example, not only the failures.")
def rules_test(paths: tuple[str, ...], verbose: bool) -> None:
    """Run the inline [[rule.example]] of every rule in PATHS, each rule alone.

    Exit status 0 when all pass, 1 when one fails, 2 when a file is invalid.
    """
    from .packs.examples import run_examples

    packs, errors = _load_packs(paths)
    for error in errors:
        click.echo(error, err=True)
    if errors:
        sys.exit(ExitCode.USAGE)
    outcomes = run_examples([r for p in packs for r in p.rules])
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
    """Print the JSON Schema of rule files (the copy in rules/ is this output)."""
    from .packs.schema import render_schema

    click.echo(render_schema(), nl=False)
