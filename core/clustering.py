"""Greedy clustering under a constraint, shared by the quote and event grouping rules.

Pairs are joined best first; two clusters merge only when they agree wherever both say something: each item
carries a small mapping (article → speaker, article → date) and a merged cluster may not hold two different
values for one key (one article never gives one event two dates, nor one quote two speakers). Single-link
union-find cannot express that. The smaller cluster is merged into the larger, so the cost stays near-linear.
"""
from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping


def constrained_clusters(labels: list[Mapping[Hashable, object]], pairs: Iterable[tuple[object, int, int]]) -> list[int]:
    """The cluster root of each item, joining the ``(order, i, j)`` pairs in the order given whenever the two
    clusters' ``labels`` agree on every key they share."""
    n = len(labels)
    root = list(range(n))
    members = {i: [i] for i in range(n)}
    merged = [dict(label) for label in labels]
    for _order, i, j in pairs:
        ri, rj = root[i], root[j]
        if ri == rj:
            continue
        small, large = sorted((merged[ri], merged[rj]), key=len)
        if any(large.get(key, value) != value for key, value in small.items()):
            continue
        if len(members[ri]) < len(members[rj]):
            ri, rj = rj, ri
        for k in members[rj]:
            root[k] = ri
        members[ri] += members.pop(rj)
        merged[ri].update(merged[rj])
    return root
