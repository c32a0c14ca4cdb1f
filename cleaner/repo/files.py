"""Which files ``check`` and ``fix`` look at: folders walked, ``.gitignore`` honoured,
``include`` and ``exclude`` read as gitignore patterns.

Patterns are read by pathspec's ``GitIgnoreSpec``, git's own rules (anchoring
with ``/``, ``**``, ``!`` to re-include, a trailing ``/`` for folders), so a
pattern means in the configuration what it means in a ``.gitignore``. Inside a
git repository, a folder walk skips what git ignores (every ``.gitignore`` from
the repository's top down, and ``.git/info/exclude``), as ruff does; a file
named on the command line is always taken.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

# What a folder given to check or fix is searched for (the kinds cleaner reads).
CONTENT_SUFFIXES = (".txt", ".text", ".md", ".markdown", ".html", ".htm", ".xhtml")


def spec(patterns: tuple[str, ...]):
    """Gitignore patterns as one matcher (pathspec is imported only when patterns are used)."""
    import pathspec

    return pathspec.GitIgnoreSpec.from_lines(patterns)


def relative(path: str | Path, root: Path) -> str:
    """``path`` relative to ``root`` in POSIX form; as given when it lies outside ``root``."""
    try:
        return PurePosixPath(Path(path).resolve().relative_to(root.resolve()).as_posix()).as_posix()
    except ValueError:
        return PurePosixPath(Path(path).as_posix()).as_posix()


@dataclass
class GitIgnored:
    """What git ignores: the ``.gitignore`` files of one repository, read once each."""

    top: Path  # the repository's top folder (the one holding ``.git``)
    _specs: dict[Path, object | None] = field(default_factory=dict)

    @classmethod
    def around(cls, folder: str | Path) -> "GitIgnored | None":
        """The repository ``folder`` lies in, or None outside any."""
        here = Path(os.path.abspath(folder))
        for candidate in (here, *here.parents):
            if (candidate / ".git").exists():
                return cls(candidate)
        return None

    def ignores(self, path: str | Path, *, folder: bool = False) -> bool:
        """Whether git ignores ``path`` (a deeper ``.gitignore`` overrides a higher one)."""
        path = Path(os.path.abspath(path))  # not resolved: a link is judged where it lies
        try:
            rel = path.relative_to(self.top)
        except ValueError:
            return False
        verdict = None
        levels = [self.top, *(self.top / Path(*rel.parts[:i]) for i in range(1, len(rel.parts)))]
        for level in levels:
            matcher = self._spec(level)
            if matcher is None:
                continue
            name = path.relative_to(level).as_posix() + ("/" if folder else "")
            result = matcher.check_file(name).include
            if result is not None:
                verdict = result
        return bool(verdict)

    def _spec(self, level: Path):
        if level not in self._specs:
            lines: list[str] = []
            sources = [level / ".gitignore"]
            if level == self.top:
                sources.insert(0, level / ".git" / "info" / "exclude")
            for source in sources:
                try:
                    lines += source.read_text(encoding="utf-8", errors="replace").splitlines()
                except OSError:
                    pass
            self._specs[level] = spec(tuple(lines)) if any(s.strip() for s in lines) else None
        return self._specs[level]


def walk_folder(name: str, *, respect_gitignore: bool, problems: list[tuple[str, str, bool]]) -> list[str]:
    """Content files under folder ``name``, sorted; hidden folders and (in a git
    repository, when asked) ignored paths skipped.

    A file reached through a symbolic link that leads outside the folder is
    skipped (fix would otherwise rewrite a file nobody named), and a sub-folder
    that cannot be read is not passed over in silence: each lands in
    ``problems`` as ``(path, reason, is_error)``.
    """
    root = os.path.realpath(name)
    git = GitIgnored.around(name) if respect_gitignore else None
    out: list[str] = []

    def unreadable(exc: OSError) -> None:
        problems.append((exc.filename or name, f"cannot read folder ({exc.strerror or exc})", True))

    for folder, dirs, files in os.walk(name, onerror=unreadable):
        dirs[:] = sorted(d for d in dirs if not d.startswith(".")
                         and not (git and git.ignores(os.path.join(folder, d), folder=True)))
        for f in sorted(files):
            if not f.lower().endswith(CONTENT_SUFFIXES):
                continue
            path = os.path.normpath(os.path.join(folder, f))
            if os.path.islink(path) and not _inside(os.path.realpath(path), root):
                problems.append((path, f"skipped: a symbolic link to a file outside {name}", False))
                continue
            if git and git.ignores(path):
                continue
            out.append(path)
    return out


def _inside(path: str, root: str) -> bool:
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)
