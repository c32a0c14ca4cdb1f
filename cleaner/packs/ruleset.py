"""All rule packs of a run: found, loaded, checked and merged once, then read-only.

Order: the shipped generic packs, the shipped site packs, then the user's files
in the order given. A user rule with a shipped rule's id replaces it; a pack's
``disable`` list switches rules off by id. ``select`` picks the packs whose
scope fits a document (its URL's domain, or a fingerprint found in its text),
once per document, and returns their rules in the order the engine runs them:
the HTML (tree) rules and the text rules come from the same packs.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from ..errors import RuleFileError, RuleFileErrors
from ..kinds.base import RuleKind
from .cache import cached_packs
from .rulefile import GENERIC, SITE, USER, Pack, load_pack



def builtin_rules_dir() -> Path:
    """Where the shipped packs are: inside the installed package, or beside it in a checkout."""
    package = Path(__file__).resolve().parent.parent
    for candidate in (package / "rules", package.parent / "rules"):
        if (candidate / "generic").is_dir():
            return candidate
    raise RuleFileError(str(package / "rules"), None, None, "shipped rule packs not found")


# Under a rules folder, parameters fitted by a benchmark (html/fitted.py checks them), not packs.
FITTED_DIR = "fitted"


def _toml_files(path: Path) -> list[Path]:
    if path.is_dir():
        return sorted(p for p in path.rglob("*.toml")
                      if p.is_file() and p.relative_to(path).parts[0] != FITTED_DIR)
    return [path]


@dataclass(frozen=True)
class Selection:
    """The rules of the packs in scope for one document, chosen once, in engine order.

    ``tree_rules`` change an HTML page before extraction; ``text_rules`` run on
    the lines (for HTML: the extracted lines, with the HTML rules that also
    act on them, such as the headline kind).
    """

    text_rules: list[RuleKind]
    tree_rules: list[RuleKind]


@dataclass
class RuleSet:
    """The checked packs of a run and the order their rules apply in."""

    packs: list[Pack]
    disabled: frozenset[str] = frozenset()
    _cache: dict = field(default_factory=dict, repr=False, compare=False)

    @property
    def warnings(self) -> list[str]:
        """Problems in the packs that did not stop loading, one line each."""
        return [w for p in self.packs for w in p.warnings]

    @property
    def rules(self) -> list[RuleKind]:
        """Every active rule, in pack order."""
        return [r for p in self.packs for r in p.rules if r.id not in self.disabled]

    def digest(self) -> str:
        """A hash of the rule files' contents, for caches and batch manifests."""
        import hashlib  # batch runs only: a one-off clean does not pay for the import

        h = hashlib.sha256()
        for pack in self.packs:
            h.update(pack.path.encode())
            try:
                h.update(Path(pack.path).read_bytes())
            except OSError:
                pass
        h.update(",".join(sorted(self.disabled)).encode())
        return h.hexdigest()[:16]

    def packs_for(self, url: str | None, text: str) -> list[Pack]:
        host = _host(url)
        chosen = []
        for pack in self.packs:
            if not pack.scoped or (host and _domain_matches(host, pack.domains)):
                chosen.append(pack)
            elif any(fp.occurs_in(text[:200_000]) for fp in pack.fingerprints):
                chosen.append(pack)
        return chosen

    def select(self, url: str | None, text: str, input_type: str) -> Selection:
        """The rules for one document of ``input_type``, from the packs its URL or text picks.

        Called once per document, before any rule runs: for an HTML page
        ``text`` is the page source, so the tree rules and the text rules
        always come from the same packs.
        """
        packs = tuple(id(p) for p in self.packs_for(url, text))
        key = (packs, input_type)
        selection = self._cache.get(key)
        if selection is None:
            chosen = [r for p in self.packs if id(p) in packs for r in p.rules
                      if r.id not in self.disabled and input_type in r.info.inputs]
            # sorted() is stable: pack order within a stage, text rules before the HTML
            # rules that also act on the extracted lines
            text_rules = sorted((r for r in chosen if r.target == "text" or r.after_extraction),
                                key=lambda r: (r.stage, r.target == "html"))
            tree_rules = sorted((r for r in chosen if r.target == "html" and input_type == "html"),
                                key=lambda r: r.stage)
            selection = self._cache[key] = Selection(text_rules, tree_rules)
        return selection


def _host(url: str | None) -> str:
    if not url:
        return ""
    host = (urlsplit(url if "//" in url else f"//{url}").hostname or "").lower()
    return host[4:] if host.startswith("www.") else host


def _domain_matches(host: str, domains: tuple[str, ...]) -> bool:
    for domain in domains:
        if domain.startswith("."):
            if host == domain[1:] or host.endswith(domain):
                return True
        elif host == domain or host == f"www.{domain}":
            return True
    return False


def shipped_packs() -> list[Pack]:
    """The shipped generic and site packs, checked (kept between runs, see ``packcache``)."""
    root = builtin_rules_dir()
    files = [(path, level) for sub, level in (("generic", GENERIC), ("sites", SITE))
             for path in _toml_files(root / sub)]

    def load() -> list[Pack]:
        packs = []
        for path, level in files:
            pack = load_pack(path, level)
            if level == SITE and not pack.scoped:
                raise RuleFileError(str(path), None, None, "a site pack needs domains or fingerprints in [pack]")
            packs.append(pack)
        for pattern in (p for pack in packs for rule in pack.rules for p in rule.line_patterns()):
            pattern.re2_source  # translated once, kept in the cache with the packs
        return packs

    return cached_packs([path for path, _ in files], load)


def load_ruleset(paths=(), *, builtin: bool = True) -> RuleSet:
    """Load the shipped packs (unless ``builtin`` is false) and the user's files or folders.

    Everything is checked before anything is cleaned: problems raise
    ``RuleFileErrors`` listing every one of them (all files, all rules), and no
    rule applies. Warnings (a user rule without an example) are in
    ``RuleSet.warnings``.
    """
    packs: list[Pack] = shipped_packs() if builtin else []
    shipped_ids = {r.id: p for p in packs for r in p.rules}
    _check_unique(packs)
    problems: list[RuleFileError] = []
    for given in paths:
        given = Path(os.fspath(given))
        if not given.exists():
            raise RuleFileError(str(given), None, None, "no such rule file or folder")
        for path in _toml_files(given):
            try:
                pack = load_pack(path, USER)
            except RuleFileErrors as exc:
                problems.extend(exc.problems)
                continue
            except RuleFileError as exc:
                problems.append(exc)
                continue
            replaced = {r.id for r in pack.rules if r.id in shipped_ids}
            for old in packs:
                if any(r.id in replaced for r in old.rules):
                    old.rules = [r for r in old.rules if r.id not in replaced]
            packs.append(pack)
    if problems:
        raise RuleFileErrors(problems)
    _check_unique(packs)
    known = {r.id for p in packs for r in p.rules} | set(shipped_ids)
    disabled = set()
    for pack in packs:
        for rule_id in pack.disable:
            if rule_id not in known and builtin:
                raise RuleFileError(pack.path, None, None, f'disable: no rule "{rule_id}" is loaded')
            disabled.add(rule_id)
    return RuleSet(packs, frozenset(disabled))


def _check_unique(packs: list[Pack]) -> None:
    seen: dict[str, Pack] = {}
    for pack in packs:
        for rule in pack.rules:
            if rule.id in seen and seen[rule.id] is not pack:
                raise RuleFileError(pack.path, rule.info.line, rule.id,
                                    f"duplicate rule id (also in {seen[rule.id].path})")
            seen[rule.id] = pack
