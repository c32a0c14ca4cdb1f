"""Errors the core raises and the exit codes the CLI maps them to.

The core never prints and never exits: it raises these, and only ``cli`` turns
them into one line on stderr and an exit status.
"""
from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    OK = 0
    FINDINGS = 1  # check found chrome / fix changed a file
    USAGE = 2  # bad command line, bad rule file or configuration
    INPUT = 3  # at least one input could not be processed


def one_line(text: str) -> str:
    """``text`` fit for one line of output: control characters (a newline in a file name) and
    undecodable bytes of a name shown as escapes."""
    if text.isprintable():
        return text
    text = text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    return "".join(c if c.isprintable() else c.encode("unicode_escape").decode("ascii") for c in text)


class CleanerError(Exception):
    """Base class: every error carries a one-line message fit for stderr."""

    exit_code = ExitCode.USAGE


class RuleFileError(CleanerError):
    """A rule file is invalid. Renders as ``path:line: rule-id: problem``."""

    exit_code = ExitCode.USAGE

    def __init__(self, path: str, line: int | None, rule_id: str | None, problem: str):
        self.path, self.line, self.rule_id, self.problem = str(path), line, rule_id, problem
        where = f"{self.path}:{line}" if line else self.path
        super().__init__(f"{where}: {rule_id}: {problem}" if rule_id else f"{where}: {problem}")


class RuleFileErrors(RuleFileError):
    """Every problem found in rule files, in file order: one line each when printed.

    Checking goes on past a problem, so a typo that causes several (a missing
    key, an unknown key) is reported in one run. The first problem's fields
    are this error's own.
    """

    def __init__(self, problems: "list[RuleFileError]"):
        first = problems[0]
        super().__init__(first.path, first.line, first.rule_id, first.problem)
        self.problems = list(problems)
        self.args = ("\n".join(str(p) for p in self.problems),)

    def __str__(self) -> str:
        return self.args[0]


class ConfigError(CleanerError):
    """A configuration file or option is invalid. Renders as ``path:line: problem``."""

    exit_code = ExitCode.USAGE

    def __init__(self, path: str, line: int | None, problem: str):
        self.path, self.line, self.problem = str(path), line, problem
        super().__init__(f"{self.path}:{line}: {problem}" if line else f"{self.path}: {problem}")


class InputError(CleanerError):
    """An input could not be processed. Renders as ``path: problem``."""

    exit_code = ExitCode.INPUT

    def __init__(self, path: str, problem: str):
        self.path, self.problem = str(path), problem
        super().__init__(f"{self.path}: {problem}")


class DocumentTimeout(CleanerError):
    """A document used up its time budget (typically a runaway pattern)."""

    exit_code = ExitCode.INPUT


class BatchError(CleanerError):
    """A batch cannot start (bad folders, manifest in use, scheduler unreachable)."""

    exit_code = ExitCode.USAGE


class BatchStopped(CleanerError):
    """A batch could not go on (its manifest could not be written: a full disk); what was
    finished is recorded, so running the same command again resumes."""

    exit_code = ExitCode.INPUT
