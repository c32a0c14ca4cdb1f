"""cleaner batch --learn: learn each site's chrome from the batch itself, then clean with it.

A first pass runs every input through the workers (local processes or Dask):
each is cleaned with the run's rules, its result kept in a spool folder
(``batch/spool.py``), and its lines counted into a one-page ``SiteStats`` that
travels back with its site (the host of its URL: an HTML page's canonical
link; inputs without one form one group). The parent merges the counts per
site in input order (``count_page``), so the packs are the same whatever ran where, and holds
only per-site line counts, never the pages' text.

Each site with at least two pages gets a pack, written to
OUT_DIR/.cleaner-learned/<site>.toml for the user to read and reuse, and added
to the run's rules as a user pack (scoped by the site's domain, or by a
fingerprint line for the group without URLs). The cleaning pass that follows
finishes each spooled result with the packs that apply to it.
"""
from __future__ import annotations

import os

from ..learn.site import build_pack
from ..learn.stats import SiteStats
from ..packs.rulefile import USER, load_pack
from ..packs.ruleset import RuleSet
from .task import LEARNED_DIR, Outcome

NO_SITE = "no-url"  # the pack of inputs whose URL is unknown (most copied text)


def count_page(sites: dict[str, SiteStats], outcome: Outcome) -> None:
    """Merge one first-pass outcome's line counts into its site's.

    Inputs that failed there are left out; the cleaning pass cleans them in
    full and reports their failure.
    """
    if outcome.status == "learnt" and outcome.stats is not None:
        sites.setdefault(outcome.site, SiteStats()).merge(outcome.stats)


def write_packs(sites: dict[str, SiteStats], dst: str, ruleset: RuleSet) -> tuple[RuleSet, list[str]]:
    """The run's rules plus a learnt pack per site with two or more pages; the packs' paths."""
    from ..io.sinks import write_atomic

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
        write_atomic(path, learnt.text, follow_links=False)
        pack = load_pack(path, USER)
        packs.append(pack)
        paths.append(pack.path)
    return RuleSet(list(ruleset.packs) + packs, ruleset.disabled), paths
