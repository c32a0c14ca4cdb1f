"""One site's pack from its pages: count the lines, judge them, scope the pack, write it.

The steps are the modules of this package (``stats``, ``select``,
``packwriter``); this module strings them together for ``cleaner learn``,
``cleaner batch --learn`` and the benchmark, which all learn the same way.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from .packwriter import PackSpec, pack_name, verified
from .pages import Page, site_of
from .select import Learnt, fingerprint, select
from .stats import SiteStats


@dataclass(frozen=True)
class LearntPack:
    """The pack's TOML text, the verdicts behind it, and warnings for the user."""

    text: str
    learnt: list[Learnt]
    pages: int
    warnings: list[str]

    @property
    def rules(self) -> int:
        """Rules written (a learnt line whose example failed is not among them)."""
        return self.text.count("\n[[rule]]\n")


def gather(pages: Iterable[Page]) -> tuple[SiteStats, list[str]]:
    """Count the pages' lines; also return the sites their URLs name, most common first."""
    stats = SiteStats()
    hosts: dict[str, int] = {}
    for page in pages:
        stats.add_page(page.lines, page.input_type)
        host = site_of(page.url)
        if host:
            hosts[host] = hosts.get(host, 0) + 1
    return stats, sorted(hosts, key=lambda h: -hosts[h])


def build_pack(stats: SiteStats, hosts: list[str], *, domain: str | None = None,
               name: str | None = None, **thresholds: float) -> LearntPack:
    """The pack for counted pages, scoped by ``domain``, else the pages' hosts, else a fingerprint.

    ``thresholds`` override ``select``'s defaults (the benchmark tries others).
    """
    learnt = select(stats, **thresholds)
    warnings = [f"recurs on {item.stats.pages} of {stats.pages} pages but reads like article text, "
                f"not learnt: {item.stats.variants[0][:100]}" for item in learnt if item.prose]
    domains: tuple[str, ...] = (domain,) if domain else tuple(hosts)
    fingerprints: tuple[str, ...] = ()
    if not domains:
        found = fingerprint(learnt, stats.pages)
        if found:
            fingerprints = (found,)
        else:
            warnings.append("no domain and no line on every page to scope the pack by: "
                            "it applies to every page it is given to")
    spec = PackSpec(pack_name(name or (domains[0] if domains else "site")), domains, fingerprints)
    if stats.pages < 2:
        warnings.append(f"only {stats.pages} page: nothing can recur")
    text = verified(spec, stats, learnt)
    return LearntPack(text, learnt, stats.pages, warnings)
