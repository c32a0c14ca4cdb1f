"""``cleaner clean``: clean files or standard input to a stream, a file or a folder."""
from __future__ import annotations

import sys
from pathlib import Path

import click

from ..errors import CleanerError, ExitCode, one_line
from .common import FORMATS, command_ruleset, fail, settings_options, time_limit_option, unique_output


@click.command()
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
    from ..pipeline import Options, clean_source, refuse_empty
    from ..formats import EXTENSIONS, render
    from ..io.sinks import write_atomic, write_stdout
    from ..io.sources import read_source

    ruleset = command_ruleset(config_path, no_config, rules, no_builtin, disable)
    names = list(files) or ["-"]
    several = len(names) > 1
    stream = output in (None, "-")
    out_dir = None
    if not stream and Path(output).is_dir():
        out_dir = Path(output)
    elif not stream and several and fmt in ("text", "markdown"):
        fail(f"{output}: with several inputs, -o must be an existing folder (or use --format jsonl)",
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
                target = unique_output(out_dir, "stdin" if name == "-" else Path(name).stem, EXTENSIONS[fmt], used)
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
            fail(f"{one_line(output)}: cannot write ({exc.strerror or exc})", ExitCode.INPUT)
    if failed:
        sys.exit(ExitCode.INPUT)


def _record(name: str, result) -> dict:
    """The JSON shape of one result, led by the input's path (``-`` for standard input)."""
    from ..formats import result_record

    return {"path": name, **result_record(result)}


def _json_line(record: dict) -> str:
    import json

    return json.dumps(record, ensure_ascii=False) + "\n"
