"""The command line's entry point: the ``cleaner`` group with every command registered.

The command line builds options, calls the pipeline and maps errors to exits;
only the ``cli`` package prints or exits. Every failure is one line on stderr
naming the file and the problem (``errors.ExitCode`` lists the statuses). Each
command lives in its own module; this is their registry.
"""
from __future__ import annotations

from .batch import batch, learn
from .clean import clean
from .explain import explain
from .group import main
from .repo import check, fix
from .rules import rules

COMMANDS = (clean, explain, batch, learn, check, fix, rules)
for _command in COMMANDS:
    main.add_command(_command)

__all__ = ["main"]
