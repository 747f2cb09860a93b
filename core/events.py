"""The same happening dated by several outlets: event groups over the timeline.

``group_events(timeline, articles)`` adds to the timeline table:

| column | dtype | meaning |
| --- | --- | --- |
| event_id | string | timeline rows about one happening share it (`e1`, `e2`, …) |
| event_label | string | a short label taken from the most central sentence of the event |
| date_differs | boolean | sources give this event dates that do not overlap |

Two dated mentions are one event when their sentences are alike (IDF-weighted Dice coefficient of content words,
date words left out, so that "Monday" or "Korea" weigh little and "summoned" much) and their dates overlap;
the same span of several days joins on its own; mentions whose sentences are very alike join even when
their dates differ by up to a week, which is how a disagreement on the date shows. One article never gives one
event two different dates: if it dates two things differently, they are two events.
"""
from __future__ import annotations

import datetime as dt
import heapq
import re
from collections import defaultdict

import pandas as pd

from .clustering import constrained_clusters
from .textsim import Idf, content_words

SAME_EVENT = 0.35       # alike sentences with overlapping dates
SAME_EVENT_DATE_APART = 0.6   # very alike sentences whose dates differ
MAX_DAYS_APART = 7


def _interval(start: str, end: str) -> tuple[dt.date, dt.date] | None:
    if not start:
        return None
    s = dt.date.fromisoformat(start[:10])
    return s, dt.date.fromisoformat((end or start)[:10])


def _days_apart(a, b) -> int:
    if a[0] <= b[1] and b[0] <= a[1]:
        return 0
    return min(abs((a[0] - b[1]).days), abs((b[0] - a[1]).days))


def _specific_span(a, b) -> bool:
    """The same span of several days ("between 8 and 13 October") is specific enough to name one happening."""
    return a == b and a[0] < a[1] and (a[1] - a[0]).days <= MAX_DAYS_APART


REPORTING = re.compile(r"^(?P<who>.{0,80}?)\b(?:said|says|reported|announced|stated|claimed|confirmed|added|told\s+\w+(?:\s+\w+)?)"
                       r"(?:\s+that)?\s+(?P<what>.+)$", re.I)
LEADING_ADVERB = re.compile(r"^(?:[A-Z][a-z]+ly|However|Meanwhile|Furthermore|Moreover|Also|Still|Separately),\s+")


def event_label(sentence: str, expression: str) -> str:
    """A short name for what happened: the reported content when the sentence reports one ("The agency said
    that North Korea transported ..." → "North Korea transported ..."), else its first clause, without the date
    expression, attribution quotes and leading adverbs, at most ten words."""
    text = sentence.replace(expression, " ") if expression else sentence
    text = re.sub(r"[“”\"]|\([^)]*\)", "", text)
    text = re.sub(r"^[\W\d]+", "", " ".join(text.split()))
    text = LEADING_ADVERB.sub("", text)
    if (m := REPORTING.match(text)) and len(re.findall(r"\w+", m["what"])) >= 4:
        text = re.sub(r"^[\W]+", "", m["what"])
    clauses = [c.strip() for c in re.split(r"[,;:]\s|\s[—–]\s", text) if c.strip()]
    label = ""
    for c in clauses:
        label = f"{label}, {c}" if label else c
        if len(label.split()) >= 4:
            break
    cut = re.split(r"\s+(?:to|that|because|after|while|which|as)\s+", label, maxsplit=1)[0]
    if len(cut.split()) >= 4:
        label = cut
    words = label.split()
    return " ".join(words[:10]) + (" …" if len(words) > 10 else "")


def group_events(timeline: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    out = timeline.copy()
    n = len(out)
    sentences = out["sentence"].fillna("").tolist() if "sentence" in out else [""] * n
    exprs = out["expression"].fillna("").tolist() if "expression" in out else [""] * n
    starts = out["start"].fillna("").tolist() if "start" in out else [""] * n
    ends = out["end"].fillna("").tolist() if "end" in out else [""] * n
    source_of = dict(zip(articles["article_id"], articles["source"]))
    sources = [source_of.get(a, a) for a in out["article_id"]] if n else []
    intervals = [_interval(s, e) for s, e in zip(starts, ends)]
    bags = [frozenset(content_words(s.replace(x, " "), drop_dates=True)) for s, x in zip(sentences, exprs)]
    idf = Idf(set(b) for b in dict.fromkeys(bags))
    articles_of = out["article_id"].tolist()
    units = _units(bags, intervals)
    groups, sims = _merge_units(units, bags, intervals, articles_of, idf)
    event_id, label, differs = [""] * n, [""] * n, [False] * n
    for k, idx_units in enumerate(sorted(groups, key=lambda g: min(min(u) for u in g)), start=1):
        idx = sorted(i for u in idx_units for i in u)
        score = _centrality(idx_units, bags, intervals, idf, sims)
        central = max(idx, key=lambda i: (score[i], -len(sentences[i])))
        name = event_label(sentences[central], exprs[central])
        dated = [(sources[i], intervals[i]) for i in idx if intervals[i]]
        # two spans are disjoint somewhere iff the latest start is after the earliest end
        disjoint = bool(dated) and max(iv[0] for _s, iv in dated) > min(iv[1] for _s, iv in dated)
        n_sources = len({src for src, _iv in dated})
        for i in idx:
            event_id[i], label[i], differs[i] = f"e{k}", name, disjoint and n_sources > 1
    out["event_id"] = pd.array(event_id, dtype="string")
    out["event_label"] = pd.array(label, dtype="string")
    out["date_differs"] = pd.array(differs, dtype="boolean")
    return out


# --- at scale: units of identical mentions, candidate pairs from an index ------------------------------------
# A month of coverage repeats the same sentence with the same date in hundreds of articles; comparing every
# pair of timeline rows is then quadratic. Rows with the same content words and the same dates are one unit
# (they are alike, sim 1.0, and always join); units are compared only when an index says they can reach the
# similarity threshold (prefix filtering: two bags with IDF-weighted Dice >= t share a word among the
# rarest words of each), or when they give the same specific span; and each unit is compared with its
# NEIGHBOURS most alike units at most, so that a story told a thousand times is not a million pairs.

NEIGHBOURS = 64  # units kept as candidates of each unit at most (the most alike ones)
SCAN = 256       # units looked at per word of a unit's prefix at most (the latest ones)
CENTRALITY_EXACT_UNITS = 400  # above this many units in one event, only pairs >= SAME_EVENT count for its label


def _units(bags: list[frozenset], intervals: list) -> list[list[int]]:
    """Rows grouped into units: same bag and interval (a bag of no word joins only on a specific span)."""
    units: dict[tuple, list[int]] = {}
    for i, (bag, iv) in enumerate(zip(bags, intervals)):
        if iv is None or (not bag and not (iv[0] < iv[1] and (iv[1] - iv[0]).days <= MAX_DAYS_APART)):
            units[("row", i)] = [i]
        else:
            units.setdefault((bag, iv), []).append(i)
    return list(units.values())


def _prefix(bag: frozenset, idf: Idf, threshold: float) -> list[str]:
    """The rarest words of ``bag`` that any bag with similarity >= ``threshold`` to it must share one of."""
    ordered = sorted(bag, key=lambda w: (-idf.weight(w), w))
    total = sum(idf.weight(w) for w in ordered)
    need = threshold * total / (2 - threshold)  # the weight a similar bag must share with this one
    rest, prefix = total, []
    for w in ordered:
        if rest < need:
            break
        prefix.append(w)
        rest -= idf.weight(w)
    return prefix


def _compared_pairs(units: list[list[int]], bags, intervals, idf: Idf) -> dict[tuple[int, int], float]:
    """{(unit, unit): similarity} of the pairs worth comparing: dated within a week of each other, and sharing a
    word of their prefixes (see ``_prefix``; the latest ``SCAN`` units per word) or giving the same specific span;
    of those, each unit keeps its ``NEIGHBOURS`` most alike. In a corpus where no word is in more than ``SCAN``
    prefixes and no unit has more than ``NEIGHBOURS`` candidates, that is every pair that can join."""
    index: dict[str, list[int]] = defaultdict(list)
    spans: dict[tuple, list[int]] = defaultdict(list)
    best: list[list[tuple[float, int]]] = [[] for _ in units]
    for u, rows in enumerate(units):
        a = rows[0]
        iv = intervals[a]
        if iv is None:
            continue
        prefix = _prefix(bags[a], idf, SAME_EVENT) if bags[a] else []
        candidates = {v for w in prefix for v in index[w][-SCAN:]}
        if _specific_span(iv, iv):
            candidates.update(spans[iv][-SCAN:])
            spans[iv].append(u)
        for w in prefix:
            index[w].append(u)
        for v in candidates:
            b = units[v][0]
            if _days_apart(iv, intervals[b]) > MAX_DAYS_APART:
                continue
            sim = idf.similarity(bags[a], bags[b])
            for x, y in ((u, v), (v, u)):
                heap = best[x]
                if len(heap) < NEIGHBOURS:
                    heapq.heappush(heap, (sim, y))
                elif (sim, y) > heap[0]:
                    heapq.heapreplace(heap, (sim, y))
    return {(min(u, v), max(u, v)): sim for u, heap in enumerate(best) for sim, v in heap}


def _merge_units(units, bags, intervals, articles_of, idf) -> tuple[list[list[list[int]]], dict]:
    """Greedy merging as before (overlapping dates first, most alike first; one date per article per event),
    over units and candidate pairs. Also returns {(first row, first row): similarity} of the pairs compared."""
    together, apart = [], []
    sims: dict[tuple[int, int], float] = {}
    top = [max(rows) for rows in units]
    for (u, v), sim in _compared_pairs(units, bags, intervals, idf).items():
        a, b = units[u][0], units[v][0]
        days = _days_apart(intervals[a], intervals[b])
        sims[(a, b)] = sims[(b, a)] = sim
        order = (sim, min(top[u], top[v]), max(top[u], top[v]))
        if days == 0 and (sim >= SAME_EVENT or _specific_span(intervals[a], intervals[b])):
            together.append((order, u, v))
        elif days > 0 and sim >= SAME_EVENT_DATE_APART:
            apart.append((order, u, v))
    dates = [{articles_of[i]: intervals[i] for i in rows} for rows in units]
    root = constrained_clusters(dates, sorted(together, reverse=True) + sorted(apart, reverse=True))
    members: dict[int, list[int]] = defaultdict(list)
    for u, r in enumerate(root):
        members[r].append(u)
    return [[units[u] for u in group] for group in members.values()], sims


def _centrality(group_units: list[list[int]], bags, intervals, idf: Idf, sims: dict) -> dict[int, float]:
    """For each row, the summed similarity to the other rows of its event dated within a week of it (in an
    event of more than ``CENTRALITY_EXACT_UNITS`` units: to those it was compared with and is alike)."""
    score: dict[int, float] = {}
    exact = len(group_units) <= CENTRALITY_EXACT_UNITS
    firsts = [rows[0] for rows in group_units]
    for x, rows in enumerate(group_units):
        a = firsts[x]
        total = 0.0
        if intervals[a] is not None:
            total += (len(rows) - 1) * idf.similarity(bags[a], bags[a])
            for y, others in enumerate(group_units):
                b = firsts[y]
                if y == x or intervals[b] is None:
                    continue
                if exact:
                    if _days_apart(intervals[a], intervals[b]) <= MAX_DAYS_APART:
                        total += len(others) * idf.similarity(bags[a], bags[b])
                elif sims.get((a, b), 0.0) >= SAME_EVENT:
                    total += len(others) * sims[(a, b)]
        for i in rows:
            score[i] = total
    return score
