"""Output formats: pure functions from a ``Result`` to a string, in one table (``RENDERERS``).

Adding a format is one function, its entry in ``RENDERERS`` and its file extension
in ``EXTENSIONS``, and the format's name in the CLI's ``--format`` choices.
"""
from __future__ import annotations

from collections.abc import Callable

from .model import Result


def render_text(result: Result) -> str:
    """The body alone (a Markdown input keeps its front matter on top)."""
    return result.front_matter + result.text


def render_markdown(result: Result) -> str:
    """YAML front matter with the metadata, then the body (a Markdown input keeps its own)."""
    if result.front_matter:
        return result.front_matter + result.text
    meta = result.metadata.as_dict()
    meta.pop("sources", None)
    if not meta:
        return result.text
    lines = ["---"]
    for key, value in meta.items():
        if isinstance(value, list):
            lines.append(f"{key}:")
            lines.extend(f"  - {_yaml_scalar(v)}" for v in value)
        else:
            lines.append(f"{key}: {_yaml_scalar(value)}")
    lines.append("---")
    return "\n".join(lines) + "\n\n" + result.text


def _yaml_scalar(value: object) -> str:
    # A JSON string is a valid YAML double-quoted scalar: no escaping rules of our own.
    import json

    return json.dumps(str(value), ensure_ascii=False)


def result_record(result: Result) -> dict:
    """The JSON shape of a result: text, metadata (with sources), removed lines."""
    return {
        "text": result.text,
        "metadata": result.metadata.as_dict(),
        "removed": [{"rule": r.rule, "line": r.line, "text": r.text} for r in result.removed],
    }


def render_json(result: Result) -> str:
    import json  # here, not at the top: plain text output never needs it (start-up time)

    return json.dumps(result_record(result), ensure_ascii=False, indent=2) + "\n"


def render_jsonl(result: Result) -> str:
    import json

    return json.dumps(result_record(result), ensure_ascii=False) + "\n"


RENDERERS: dict[str, Callable[[Result], str]] = {
    "text": render_text,
    "markdown": render_markdown,
    "json": render_json,
    "jsonl": render_jsonl,
}

# File extension of each format, for outputs written next to or instead of inputs.
EXTENSIONS = {"text": ".txt", "markdown": ".md", "json": ".json", "jsonl": ".jsonl"}


def render(result: Result, fmt: str) -> str:
    return RENDERERS[fmt](result)
