"""Greedy clustering under a constraint, shared by the quote and event grouping rules.

Pairs are joined best first; two clusters are merged only when the merged cluster still satisfies the
constraint (e.g. one article never gives one event two dates), which single-link union-find cannot express.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable


def constrained_clusters(n: int, pairs: Iterable[tuple[float, int, int]],
                         allowed: Callable[[list[int]], bool]) -> list[int]:
    """The cluster root of each of ``n`` items, joining ``(score, i, j)`` pairs in the order given whenever
    ``allowed(members of the merged cluster)`` holds."""
    members: dict[int, list[int]] = {i: [i] for i in range(n)}
    root = list(range(n))
    for _score, i, j in pairs:
        ri, rj = root[i], root[j]
        if ri == rj or not allowed(members[ri] + members[rj]):
            continue
        for k in members[rj]:
            root[k] = ri
        members[ri] += members.pop(rj)
    return root
