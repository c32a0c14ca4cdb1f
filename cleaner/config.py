"""Project configuration for every command: found, read and checked once.

A project says how it wants its files cleaned and checked in ``[tool.cleaner]`` of
its ``pyproject.toml`` or in a ``.cleaner.toml`` (top-level keys)::

    rules = ["house-rules/"]        # extra rule files or folders, relative to this file
    builtin = true                  # use the shipped packs too
    disable = ["generic/share/follow"]
    include = ["articles/**"]       # only these files (gitignore patterns; none: every file given)
    exclude = ["drafts/", "*.raw.txt"]
    respect-gitignore = true        # in a git repository, folders skip what git ignores
    max-removal = 0.5               # fix leaves a file alone past this share of its words

The nearest such file, walking up from the working directory, wins; in one
folder ``.cleaner.toml`` beats ``pyproject.toml``, and a ``pyproject.toml``
without ``[tool.cleaner]`` does not count. Command-line flags win over the file.
Nothing here reads click options: the CLI passes its flags to ``Config.override``.
"""
from __future__ import annotations

import dataclasses
import os
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import ConfigError

if TYPE_CHECKING:
    from .packs.ruleset import RuleSet

CONFIG_NAMES = (".cleaner.toml", "pyproject.toml")
DEFAULT_MAX_REMOVAL = 0.5
KEYS = {
    "rules": "extra rule files or folders, relative to the configuration file",
    "builtin": "use the shipped rule packs (default true)",
    "disable": "ids of rules to switch off",
    "include": "gitignore patterns of files to check; none means every file given",
    "exclude": "gitignore patterns of files to skip",
    "respect-gitignore": "in a git repository, skip in folders what git ignores (default true)",
    "max-removal": "largest share of a file's words fix may remove (0 < x <= 1, default 0.5)",
}


@dataclass(frozen=True)
class Config:
    """Settings for every command; ``root`` is where relative globs and rule paths start.

    ``clean``, ``explain`` and ``batch`` use the rule settings (``rules``,
    ``builtin``, ``disable``); ``check`` and ``fix`` also select files with
    ``include`` and ``exclude`` and bound a fix with ``max-removal``.
    """

    root: Path = Path(".")
    path: Path | None = None  # the file the settings came from; None for the defaults
    rules: tuple[str, ...] = ()
    builtin: bool = True
    disable: tuple[str, ...] = ()
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    respect_gitignore: bool = True
    max_removal: float = DEFAULT_MAX_REMOVAL
    flags: frozenset[str] = field(default=frozenset(), repr=False)  # settings a flag replaced

    def override(self, **flags: Any) -> "Config":
        """A copy with every flag that was given (not None, not empty) replacing the file's value."""
        given = {k: (tuple(v) if isinstance(v, (list, tuple)) else v) for k, v in flags.items()
                 if v is not None and v != () and v != []}
        if "max_removal" in given:
            _check_share(given["max_removal"], "--max-removal", None)
        return dataclasses.replace(self, **given, flags=self.flags | set(given))

    def load_ruleset(self) -> "RuleSet":
        """The shipped packs (unless ``builtin`` is false), the configured rules, minus ``disable``.

        Raises ``RuleFileError`` for a bad rule file and ``ConfigError`` for an
        id in ``disable`` that no loaded rule has (a typo would silently do nothing).
        """
        from .packs.ruleset import RuleSet, load_ruleset

        ruleset = load_ruleset(self.rules, builtin=self.builtin)
        known = {r.id for p in ruleset.packs for r in p.rules}
        for rule_id in self.disable:
            if rule_id not in known:
                if "disable" in self.flags or self.path is None:
                    raise ConfigError("--disable", None, f'no rule "{rule_id}" is loaded')
                raise ConfigError(self.path, _line_of(self.path.read_text(encoding="utf-8"),
                                                      re.escape(f'"{rule_id}"'), 1),
                                  f'disable: no rule "{rule_id}" is loaded')
        return RuleSet(ruleset.packs, ruleset.disabled | frozenset(self.disable))

    def files(self, names: list[str], problems: list[tuple[str, str, bool]] | None = None) -> list[str]:
        """The files to work on: names as given, folders searched for content files
        (hidden folders and, in a git repository, what git ignores skipped), then
        ``include`` and ``exclude`` applied; see ``repo.files``.

        Problems met in folders (a link leading out, an unreadable sub-folder)
        land in ``problems`` as ``(path, reason, is_error)``.
        """
        from .repo.files import walk_folder

        problems = [] if problems is None else problems
        out: list[str] = []
        for name in names:
            if os.path.isdir(name):
                out += walk_folder(name, respect_gitignore=self.respect_gitignore, problems=problems)
            else:
                out.append(name)
        return [name for name in out if self.selects(name)]

    def selects(self, name: str) -> bool:
        """Whether a file is one to check: ``include`` (when set), then ``exclude``, as gitignore patterns
        relative to the configuration's folder."""
        from .repo.files import relative, spec

        rel = relative(name, self.root)
        if self.include and not spec(self.include).match_file(rel):
            return False
        return not (self.exclude and spec(self.exclude).match_file(rel))


def find_config(start: Path | None = None) -> Path | None:
    """The nearest ``.cleaner.toml`` or ``pyproject.toml`` with ``[tool.cleaner]``, walking up."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        for name in CONFIG_NAMES:
            candidate = folder / name
            if candidate.is_file() and (name != "pyproject.toml" or _has_tool_section(candidate)):
                return candidate
    return None


def discover(start: Path | None = None) -> Config:
    """The configuration that applies in ``start`` (default: the working directory)."""
    path = find_config(start)
    return load_config(path) if path else Config(root=(start or Path.cwd()))


def load_config(path: str | Path) -> Config:
    """Read and check one configuration file; raises ``ConfigError`` naming the file and line."""
    path = Path(path)
    try:
        raw = path.read_text(encoding="utf-8")
        data = tomllib.loads(raw)
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(path, None, f"cannot read configuration ({exc.__class__.__name__})") from None
    except tomllib.TOMLDecodeError as exc:
        raise _toml_error(path, exc) from None
    section_line = 1
    if path.name == "pyproject.toml":
        data = data.get("tool", {}).get("cleaner", {})
        section_line = _line_of(raw, r"^\s*\[\s*tool\.cleaner\s*\]", 1) or 1
    if not isinstance(data, dict):
        raise ConfigError(path, section_line, "[tool.cleaner] must be a table")

    def where(key: str) -> int:
        return _line_of(raw, rf'^\s*"?{re.escape(key)}"?\s*=', section_line) or section_line

    for key in data:
        if key not in KEYS:
            raise ConfigError(path, where(key), f'unknown key "{key}" (known: {", ".join(KEYS)})')

    def strings(key: str) -> tuple[str, ...]:
        value = data.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
            raise ConfigError(path, where(key), f'"{key}" must be an array of strings')
        return tuple(value)

    builtin = data.get("builtin", True)
    if not isinstance(builtin, bool):
        raise ConfigError(path, where("builtin"), '"builtin" must be true or false')
    gitignore = data.get("respect-gitignore", True)
    if not isinstance(gitignore, bool):
        raise ConfigError(path, where("respect-gitignore"), '"respect-gitignore" must be true or false')
    share = data.get("max-removal", DEFAULT_MAX_REMOVAL)
    _check_share(share, '"max-removal"', (path, where("max-removal")))
    root = path.parent
    return Config(root=root, path=path, rules=tuple(str(root / r) for r in strings("rules")),
                  builtin=builtin, disable=strings("disable"), include=strings("include"),
                  exclude=strings("exclude"), respect_gitignore=gitignore, max_removal=float(share))


def _check_share(value: Any, label: str, where: tuple[Path, int] | None) -> None:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 < value <= 1:
        problem = f"{label} must be a number above 0 and at most 1 (a share of the words), not {value!r}"
        raise ConfigError(*(where or ("command line", None)), problem)


def _has_tool_section(path: Path) -> bool:
    """Whether a ``pyproject.toml`` has ``[tool.cleaner]``; raises ``ConfigError`` if it cannot be read.

    A file that does not parse may hold cleaner's settings: skipping it would
    clean with the wrong rules without a word, so it stops the run instead.
    """
    try:
        raw = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(path, None, f"cannot read configuration ({exc.__class__.__name__})") from None
    try:
        return "cleaner" in tomllib.loads(raw).get("tool", {})
    except tomllib.TOMLDecodeError as exc:
        raise _toml_error(path, exc) from None


def _toml_error(path: Path, exc: tomllib.TOMLDecodeError) -> ConfigError:
    """``path:line: invalid TOML: problem`` from the parser's message."""
    m = re.search(r"^(.*?)\s*\(at line (\d+), column \d+\)$", str(exc))
    return ConfigError(path, int(m[2]) if m else None, f"invalid TOML: {m[1] if m else exc}")


def _line_of(raw: str, pattern: str, start: int) -> int | None:
    rx = re.compile(pattern)
    for n, line in enumerate(raw.splitlines()[start - 1:], start):
        if rx.search(line):
            return n
    return None


