"""The ``cleaner`` command group: its help, version and exit statuses (``cli/app.py`` adds the
commands)."""
from __future__ import annotations

import click

from .._version import __version__


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
