"""cleaner batch --learn: learn each site's chrome from the batch itself, then clean with it.

A first pass reads every input once and counts its lines per site (the host
of its URL: an HTML page's canonical link; inputs without one form one
group), exactly as ``cleaner learn`` does for a folder. Each site with at
least two pages gets a pack, written to OUT_DIR/.cleaner-learned/<site>.toml
for the user to read and reuse, and added to the run's rules as a user pack
(scoped by the site's domain, or by a fingerprint line for the group without
URLs), so the cleaning pass that follows drops what recurs.

The first pass runs in this process, one input at a time: it holds only
per-site line counts, never the pages' text.
"""
from __future__ import annotations

import os
from collections.abc import Iterator

from ..errors import CleanerError
from ..learn.pages import page_of, site_of
from ..learn.site import build_pack
from ..learn.stats import SiteStats
from ..packs.rulefile import USER, load_pack
from ..packs.ruleset import RuleSet
from .task import LEARNED_DIR, Task

NO_SITE = "no-url"  # the pack of inputs whose URL is unknown (most copied text)


def learn_sites(src: str, dst: str, tasks: Iterator[Task], ruleset: RuleSet) -> tuple[RuleSet, list[str]]:
    """The run's rules plus a learnt pack per site; also the packs' paths (written under ``dst``)."""
    from ..io.sources import source_from_bytes

    sites: dict[str, SiteStats] = {}
    for task in tasks:
        try:
            with open(os.path.join(src, task.rel), "rb") as handle:
                data = handle.read()
            page = page_of(source_from_bytes(data, task.rel), ruleset)
        except (CleanerError, OSError, RecursionError):
            continue  # the cleaning pass reports the input's failure
        sites.setdefault(site_of(page.url), SiteStats()).add_page(page.lines)
    folder = os.path.join(dst, LEARNED_DIR)
    packs, paths = [], []
    for site, stats in sorted(sites.items()):
        if stats.pages < 2:
            continue
        learnt = build_pack(stats, [site] if site else [], name=site or NO_SITE)
        if not learnt.rules:
            continue
        os.makedirs(folder, exist_ok=True)
        path = os.path.join(folder, f"{site or NO_SITE}.toml")
        from ..io.sinks import write_atomic

        write_atomic(path, learnt.text, follow_links=False)
        packs.append(load_pack(path, USER))
        paths.append(path)
    return RuleSet(list(ruleset.packs) + packs, ruleset.disabled), paths
