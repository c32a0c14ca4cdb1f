"""``cleaner explain``: every line kept or dropped, with the rule or model score that decided it,
and each metadata field with its signal and runners-up."""
from __future__ import annotations

import click

from ..errors import CleanerError
from .common import command_ruleset, fail, settings_options


@click.command()
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

    from ..pipeline import Options, clean_source
    from ..io.sources import read_source

    ruleset = command_ruleset(config_path, no_config, rules, no_builtin, disable)
    try:
        result = clean_source(read_source(file), ruleset, Options(url=url, input_type=kind, explain=True))
    except CleanerError as exc:
        fail(str(exc), exc.exit_code)
    metadata = result.metadata.as_dict()
    sources = metadata.pop("sources", {})
    if as_json:
        lines = [{"line": d.line, "kept": d.kept, "rule": d.rule, "text": d.text,
                  **({"score": d.score, "why": d.why} if d.score is not None else {}),
                  **({"added_by": d.added_by} if d.added_by else {})}
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
    def label(d) -> str:  # the rule that dropped the line, or what added a kept one ("+rescue")
        return d.rule or (f"+{d.added_by}" if d.added_by else "")
    width = min(40, max((len(label(d)) for d in result.decisions), default=0))
    for d in result.decisions:
        if not d.text.strip():
            click.echo(f"{d.line:>5}")  # a blank line: nothing to keep or drop
            continue
        state = "keep" if d.kept else "drop"
        click.echo(f"{d.line:>5}  {state}  {label(d):<{width}}  {d.text}".rstrip())
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
