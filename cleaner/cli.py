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
from .errors import CleanerError, ExitCode, one_line

FORMATS = ("text", "markdown", "json")


def _fail(message: str, code: int) -> None:
    """Each line of ``message`` on stderr after "cleaner: " (one per problem), then exit."""
    for line in message.splitlines() or [""]:
        click.echo(f"cleaner: {one_line(line)}", err=True)
    sys.exit(code)


def _warn(ruleset) -> None:
    for warning in ruleset.warnings:
        click.echo(f"cleaner: {warning}", err=True)


def _load(rules: tuple[str, ...], no_builtin: bool):
    """The ruleset of the rule-tooling commands, which read no configuration file."""
    from .packs.ruleset import load_ruleset

    try:
        ruleset = load_ruleset(rules, builtin=not no_builtin)
    except CleanerError as exc:
        _fail(str(exc), exc.exit_code)
    _warn(ruleset)
    return ruleset


def _settings(config_path: str | None, no_config: bool, **flags):
    """The project's settings (nearest .cleaner.toml or pyproject.toml), flags winning; exits 2 if bad."""
    from .config import Config, discover, load_config

    try:
        config = Config() if no_config else load_config(config_path) if config_path else discover()
        return config.override(**flags)
    except CleanerError as exc:
        _fail(str(exc), exc.exit_code)


def _ruleset(config_path: str | None, no_config: bool, rules: tuple[str, ...], no_builtin: bool | None,
             disable: tuple[str, ...]):
    """The rules every cleaning command uses: configuration, then --rules, --no-builtin, --disable."""
    config = _settings(config_path, no_config, rules=rules, builtin=False if no_builtin else None,
                       disable=disable)
    try:
        ruleset = config.load_ruleset()
    except CleanerError as exc:
        _fail(str(exc), exc.exit_code)
    _warn(ruleset)
    return ruleset


def _unique(folder: Path, stem: str, ext: str, used: set[Path]) -> Path:
    """An output path not yet written in this run: inputs with the same name get -2, -3, ..."""
    target, n = folder / f"{stem}{ext}", 1
    while target in used:
        n += 1
        target = folder / f"{stem}-{n}{ext}"
    used.add(target)
    return target


class _TimeLimit(click.ParamType):
    """Seconds as a finite number no smaller than the minimum (``nan`` and ``inf`` are refused)."""

    name = "seconds"

    def convert(self, value, param, ctx):
        from .deadline import parse_time_limit

        if isinstance(value, float):
            return value
        try:
            return parse_time_limit(value)
        except ValueError as exc:
            self.fail(str(exc), param, ctx)


def time_limit_option(command):
    from .deadline import DEFAULT_TIME_LIMIT, ENV_VAR

    return click.option("--time-limit", type=_TimeLimit(), default=DEFAULT_TIME_LIMIT, show_default=True,
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


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="cleaner")
def main() -> None:
    """Strip site chrome from web pages and copied text; keep the content and its metadata.

    \b
    Example:
      cat page.txt | cleaner clean - > article.txt

    \b
    Exit status: 0 ok; 1 check found chrome or fix changed a file; 2 usage,
    rule-file or configuration error; 3 an input could not be processed.
    Shell completion: eval "$(_CLEANER_COMPLETE=bash_source cleaner)" (zsh_source, fish_source).
    """


@main.command()
@click.argument("files", nargs=-1, type=click.Path(allow_dash=True))
@click.option("-o", "--output", type=click.Path(allow_dash=True),
              help="Write here instead of stdout (- is stdout; a folder: one file per input).")
@click.option("--format", "fmt", type=click.Choice(FORMATS + ("jsonl",)), default="text", show_default=True,
              help="json: one object, or an array of them (each with its path) for several inputs; "
                   "jsonl: one compact object a line, with its path.")
@settings_options
@click.option("--url", help="The page's URL: selects site packs and fills the url field.")
@click.option("--kind", type=click.Choice(("html", "markdown", "text")), help="Treat input as this kind.")
@time_limit_option
def clean(files: tuple[str, ...], output: str | None, fmt: str, config_path: str | None, no_config: bool,
          rules: tuple[str, ...], no_builtin: bool | None, disable: tuple[str, ...], url: str | None,
          kind: str | None, time_limit: float) -> None:
    """Clean FILES (or standard input, with no FILE or -) and print the article.

    Several inputs written to one stream (stdout or one -o file): text and
    Markdown outputs each start with a "==> path <==" line, json is an array,
    jsonl one line per input.

    \b
    Example:
      curl -s "$URL" | cleaner clean - --url "$URL" --format markdown

    \b
    Exit status: 0 all cleaned, 2 usage or rule-file/configuration error,
    3 an input could not be processed (the others are still cleaned).
    """
    from .pipeline import Options, clean_source, refuse_empty
    from .formats import EXTENSIONS, render
    from .io.sinks import write_atomic, write_stdout
    from .io.sources import read_source

    ruleset = _ruleset(config_path, no_config, rules, no_builtin, disable)
    names = list(files) or ["-"]
    several = len(names) > 1
    stream = output in (None, "-")
    out_dir = None
    if not stream and Path(output).is_dir():
        out_dir = Path(output)
    elif not stream and several and fmt in ("text", "markdown"):
        _fail(f"{output}: with several inputs, -o must be an existing folder (or use --format jsonl)",
              ExitCode.USAGE)
    options = Options.for_format(fmt, url=url, input_type=kind, time_limit=time_limit)
    failed = 0
    used: set[Path] = set()
    chunks: list[str] = []  # one stream into one -o file: written once, at the end
    records: list[dict] = []  # several inputs as --format json: one array
    for name in names:
        try:
            result = refuse_empty(clean_source(read_source(name), ruleset, options), name)
            if out_dir is not None:
                target = _unique(out_dir, "stdin" if name == "-" else Path(name).stem, EXTENSIONS[fmt], used)
                write_atomic(target, render(result, fmt))
                continue
            if fmt == "json" and several:
                records.append(_record(name, result))
                continue
            if fmt == "jsonl":
                text = _json_line(_record(name, result))
            else:
                text = render(result, fmt)
                if several and fmt in ("text", "markdown"):
                    text = f"==> {one_line(name)} <==\n{text}\n"
            if stream:
                write_stdout(text)
            else:
                chunks.append(text)
        except CleanerError as exc:
            failed += 1
            click.echo(f"cleaner: {one_line(str(exc))}", err=True)
        except OSError as exc:
            failed += 1
            click.echo(f"cleaner: {one_line(output or name)}: cannot write ({exc.strerror or exc})", err=True)
    if records:
        import json

        chunks.append(json.dumps(records, ensure_ascii=False, indent=2) + "\n")
        if stream:
            write_stdout(chunks.pop())
    if chunks and not stream:
        try:
            write_atomic(output, "".join(chunks))
        except OSError as exc:
            _fail(f"{one_line(output)}: cannot write ({exc.strerror or exc})", ExitCode.INPUT)
    if failed:
        sys.exit(ExitCode.INPUT)


def _record(name: str, result) -> dict:
    """The JSON shape of one result, led by the input's path (``-`` for standard input)."""
    from .formats import result_record

    return {"path": name, **result_record(result)}


def _json_line(record: dict) -> str:
    import json

    return json.dumps(record, ensure_ascii=False) + "\n"


@main.command()
@click.argument("file", type=click.Path(allow_dash=True))
@settings_options
@click.option("--url", help="The page's URL: selects site packs.")
@click.option("--kind", type=click.Choice(("html", "markdown", "text")), help="Treat input as this kind.")
@click.option("--json", "as_json", is_flag=True, help="Print the decisions as JSON.")
def explain(file: str, config_path: str | None, no_config: bool, rules: tuple[str, ...], no_builtin: bool | None,
            disable: tuple[str, ...], url: str | None, kind: str | None, as_json: bool) -> None:
    """Show every line of FILE as kept or dropped, with the rule that decided it.

    Under a line the article model weighed: its score (log-odds of being
    content, above 0 for content) and the features that weighed most.
    For an HTML page, first what the HTML rules took out of the page (by
    source line), then every extracted line.

    \b
    Example:
      cleaner explain page.txt | grep drop

    \b
    Exit status: 0 ok, 2 usage or rule-file/configuration error, 3 the input
    could not be processed.
    """
    import json

    from .pipeline import Options, clean_source
    from .io.sources import read_source

    ruleset = _ruleset(config_path, no_config, rules, no_builtin, disable)
    try:
        result = clean_source(read_source(file), ruleset, Options(url=url, input_type=kind, explain=True))
    except CleanerError as exc:
        _fail(str(exc), exc.exit_code)
    metadata = result.metadata.as_dict()
    sources = metadata.pop("sources", {})
    if as_json:
        lines = [{"line": d.line, "kept": d.kept, "rule": d.rule, "text": d.text,
                  **({"score": d.score, "why": d.why} if d.score is not None else {})}
                 for d in result.decisions]
        page = [{"source_line": r.line, "rule": r.rule, "text": r.text} for r in result.page_removed]
        candidates = {name: [{"value": v, "signal": sig, "score": sc} for v, sig, sc in ranked]
                      for name, ranked in result.metadata.candidates.items()}
        click.echo(json.dumps({"page_removed": page, "lines": lines, "metadata": metadata, "sources": sources,
                               "candidates": candidates}, ensure_ascii=False, indent=2))
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
        if d.score is not None:  # a fitted model weighed this line: its log-odds and why
            click.echo(f"{'':>5}  {'':4}  {'':<{width}}  [model {d.score:+.2f}: {d.why}]")
    kept = sum(1 for d in result.decisions if d.kept and d.text.strip())
    total = sum(1 for d in result.decisions if d.text.strip())
    extracted = f", body by {sources['text']}" if result.input_type == "html" and sources.get("text") else ""
    click.echo(f"\n{kept} of {total} non-blank lines kept ({result.input_type} input{extracted})")
    counts: dict[str, int] = {}
    for d in result.decisions:
        if not d.kept and d.text.strip():
            counts[d.rule] = counts.get(d.rule, 0) + 1
    for rule_id, n in sorted(counts.items(), key=lambda item: -item[1]):
        click.echo(f"  {n:>4}  {rule_id}")
    for name, value in metadata.items():
        shown = ", ".join(value) if isinstance(value, list) else value
        click.echo(f"{name}: {shown}  [{sources.get(name, '?')}]")
        _echo_runners_up(value, result.metadata.candidates.get(name, ()))
    for name, ranked in result.metadata.candidates.items():
        if name not in metadata and ranked:  # no candidate scored high enough to be given
            click.echo(f"{name}: (none given)")
            _echo_runners_up(None, ranked)


def _echo_runners_up(chosen, ranked) -> None:
    """The metadata step's other candidates for a field, best first, with their scores."""
    for value, signal, score in ranked:
        if value != chosen:
            shown = ", ".join(value) if isinstance(value, list) else value
            click.echo(f"    also {score:>7.3f}  {shown}  [{signal}]")


@main.command()
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
    from .batch.run import run_batch
    from .progress import Reporter, can_draw

    ruleset = _ruleset(config_path, no_config, rules, no_builtin, disable)
    if near_duplicates or drop_duplicates:
        try:
            import datasketch  # noqa: F401
        except ImportError:
            _fail("--near-duplicates needs datasketch: pip install 'sitecleaner[dedup]'", ExitCode.USAGE)
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
    from .io.sinks import write_atomic, write_stdout
    from .learn.pages import page_files, read_pages, site_of
    from .learn.site import build_pack, gather

    if url_prefix and domain:
        _fail("give --url-prefix or --domain, not both", ExitCode.USAGE)
    ruleset = _ruleset(config_path, no_config, rules, no_builtin, disable)
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
        _fail(f"{one_line(output or '-')}: cannot write ({exc.strerror or exc})", ExitCode.INPUT)
    click.echo(f"cleaner: learnt {learnt.rules} rules from {learnt.pages} pages", err=True)


@main.group()
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
    from .repo.fixer import Fixer
    from .io.sources import read_bytes

    config = _settings(config_path, no_config, rules=rules, builtin=False if no_builtin else None,
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
        _fail(str(exc), exc.exit_code)
    for name in names:
        try:
            plans.append(fixer.plan(read_bytes(name), name))
        except CleanerError as exc:
            failed += 1
            click.echo(f"cleaner: {one_line(str(exc))}", err=True)
    return plans, failed


def _finish(plans, failed: int, fmt: str, *, fixing: bool, problem: bool, unwritten: int = 0) -> None:
    from .repo.report import REPORTS, summary

    out = REPORTS[fmt](plans)
    if out:
        click.echo(out, nl=False)
    if fmt == "text" and (problem or failed):
        click.echo(f"cleaner: {summary(plans, fixing=fixing, unwritten=unwritten)}", err=True)
    if failed:
        sys.exit(ExitCode.INPUT)
    if problem:
        sys.exit(ExitCode.FINDINGS)


@main.command()
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


@main.command()
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
    from .repo.report import diff
    from .io.sinks import sweep_leftovers, write_atomic

    plans, failed = _plans(files, **settings)
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
        _fail(f"{len(errors)} invalid rule file{'s' if len(errors) != 1 else ''}", ExitCode.USAGE)
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
    from .packs.examples import run_examples

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
    from .packs.schema import render_schema

    click.echo(render_schema(), nl=False)
