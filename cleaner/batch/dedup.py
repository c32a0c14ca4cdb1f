"""Near-duplicate articles across a batch: shingled MinHash signatures, an LSH index, clusters.

A batch of news often holds one agency story several times, copied by
several sites, each with its own chrome and often lightly rewritten. After
cleaning, the chrome is gone; what two copies still share is the story's
content words in order. So a text's shingles are its pairs of consecutive
content words (stop words of its language and numbers left out), and two
texts are near-duplicates when the Jaccard similarity of their shingle sets,
estimated from MinHash signatures, reaches ``THRESHOLD``.

Why these choices:

- Content-word pairs, not word 4-grams: a rewritten agency story (the seed
  pair) keeps names and phrases ("naval base", "defence minister") but not
  whole runs of four words; its 4-gram Jaccard is about 0.05, its
  content-pair Jaccard 0.12.
- ``THRESHOLD`` 0.1: the seed pair (one AFP story on two sites) is above it;
  distinct articles of wcxb-dev and the news corpus are below it, apart from
  pairs that are the same announcement reported twice and two press releases
  of one site sharing their boilerplate paragraph (see docs/learn.md).
- Signatures are computed in the workers (``signature``) and only they travel
  back, 1 KB each, never the text; the parent holds an LSH index, so a new
  text is compared with the few texts sharing a band with it, never with all
  pairs.

datasketch (and numpy) load only when ``--near-duplicates`` is asked for.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..text.stopwords import CODES, stopwords

THRESHOLD = 0.1
NUM_PERM = 256
SEED = 1
SCHEME = "affine32"  # datasketch 2's 32-bit hashes: a signature is NUM_PERM * 4 bytes
# Texts with fewer shingles than this are too short to call anyone's copy.
MIN_SHINGLES = 20
_WORD = re.compile(r"[^\W\d_]+")


def _language(words: set[str]) -> frozenset[str]:
    """The stop words of the language that covers most of the text's distinct words."""
    best, hits = frozenset(), 0
    for code in sorted(set(CODES)):
        stops = stopwords(code)
        found = len(words & stops)
        if found > hits:
            best, hits = stops, found
    return best


def shingles(text: str) -> set[str]:
    """Pairs of consecutive content words, case folded."""
    words = _WORD.findall(text.casefold())
    stops = _language(set(words))
    content = [w for w in words if w not in stops]
    return {f"{a} {b}" for a, b in zip(content, content[1:])}


def signature(text: str) -> bytes | None:
    """The text's MinHash signature as bytes (None for a text too short to compare)."""
    from datasketch import MinHash

    found = shingles(text)
    if len(found) < MIN_SHINGLES:
        return None
    minhash = MinHash(num_perm=NUM_PERM, seed=SEED, scheme=SCHEME)
    minhash.update_batch([s.encode("utf-8") for s in found])
    return minhash.hashvalues.astype("uint32").tobytes()


def _minhash(sig: bytes):
    import numpy
    from datasketch import MinHash

    return MinHash(num_perm=NUM_PERM, seed=SEED, scheme=SCHEME, hashvalues=numpy.frombuffer(sig, dtype="uint32"))


@dataclass
class NearDuplicates:
    """Texts added one by one; each is matched against the index, then joins it."""

    threshold: float = THRESHOLD
    _lsh: object = None
    _sigs: dict[str, bytes] = field(default_factory=dict)
    _order: dict[str, int] = field(default_factory=dict)  # when each text was added
    _parent: dict[str, str] = field(default_factory=dict)
    _pairs: list[tuple[str, str, float]] = field(default_factory=list)
    outputs: dict[str, str] = field(default_factory=dict)  # input -> its output, for --drop-duplicates

    def add(self, key: str, sig: bytes | None) -> None:
        if sig is None or key in self._sigs:
            return
        from datasketch import MinHashLSH

        if self._lsh is None:
            self._lsh = MinHashLSH(threshold=self.threshold, num_perm=NUM_PERM)
        minhash = _minhash(sig)
        # The index answers with a set: taken in the order the texts came, the pairs (and the
        # file) are the same in every run, whatever the process's string hashing.
        for other in sorted(self._lsh.query(minhash), key=self._order.__getitem__):
            similarity = float(minhash.jaccard(_minhash(self._sigs[other])))
            if similarity >= self.threshold:
                self._pairs.append((other, key, similarity))
                self._union(other, key)
        self._lsh.insert(key, minhash)
        self._order[key] = len(self._sigs)
        self._sigs[key] = sig

    def _find(self, key: str) -> str:
        while self._parent.get(key, key) != key:
            key = self._parent[key]
        return key

    def _union(self, a: str, b: str) -> None:
        ra, rb = self._find(a), self._find(b)
        if ra != rb:
            self._parent[rb] = ra

    def clusters(self) -> list[dict]:
        """Clusters of two or more texts, in the order their first member was added.

        Each: ``paths`` (first added first), ``similarity`` (the lowest estimated
        Jaccard among the matches that joined it) and ``pairs`` (each match).
        """
        groups: dict[str, dict] = {}
        order = {key: n for n, key in enumerate(self._sigs)}
        for a, b, similarity in self._pairs:
            group = groups.setdefault(self._find(a), {"paths": set(), "pairs": []})
            group["paths"].update((a, b))
            group["pairs"].append({"a": a, "b": b, "similarity": round(similarity, 3)})
        out = []
        for group in groups.values():
            paths = sorted(group["paths"], key=order.__getitem__)
            out.append({"paths": paths, "similarity": min(p["similarity"] for p in group["pairs"]),
                        "pairs": group["pairs"]})
        return sorted(out, key=lambda c: order[c["paths"][0]])

    def duplicates(self) -> set[str]:
        """Every clustered text but the first of its cluster (what --drop-duplicates removes)."""
        return {path for cluster in self.clusters() for path in cluster["paths"][1:]}
