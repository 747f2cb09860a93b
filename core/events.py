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

import dataclasses
import datetime as dt
import itertools
import re
from array import array
from collections import defaultdict
from collections.abc import Iterator

import numpy as np
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
    groups, pairs = _merge_units(units, bags, intervals, articles_of, idf)
    first = [rows[0] for rows in units]
    event_id, label, differs = [""] * n, [""] * n, [False] * n
    for k, group in enumerate(sorted(groups, key=lambda g: min(min(units[u]) for u in g)), start=1):
        idx_units = [units[u] for u in group]
        idx = sorted(i for u in idx_units for i in u)
        sims = pairs.alike_within(group, first) if len(group) > CENTRALITY_EXACT_UNITS else {}
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


class TopPairs:
    """For each unit, the ``k`` most alike other units among the pairs added: what a min-heap of ``k`` entries
    per unit keeps (the largest (similarity, other unit), so ties go to the later unit), held in arrays of 8-byte
    numbers instead of Python tuples. Pairs are buffered and the buffer is cut down to each unit's best ``k``
    whenever it grows past ``flush_at``: the best ``k`` of all pairs are the best ``k`` of the best ``k`` so far
    and the pairs added since."""

    def __init__(self, k: int, flush_at: int = 1 << 18):
        self.k, self.flush_at = k, flush_at
        self._unit, self._other, self._sim = array("q"), array("q"), array("d")
        self._kept = (np.empty(0, np.int64), np.empty(0, np.int64), np.empty(0, np.float64))

    def add(self, u: int, v: int, sim: float) -> None:
        """The pair (u, v) with its similarity, as a candidate of both units."""
        self._unit.extend((u, v))
        self._other.extend((v, u))
        self._sim.extend((sim, sim))
        if len(self._unit) >= self.flush_at:
            self._cut()

    def _cut(self) -> None:
        unit, other, sim = (np.concatenate([kept, np.frombuffer(buf, dtype=kept.dtype)])
                            for kept, buf in zip(self._kept, (self._unit, self._other, self._sim)))
        self._unit, self._other, self._sim = array("q"), array("q"), array("d")
        order = np.lexsort((-other, -sim, unit))  # by unit, then most alike first, then the later unit first
        unit, other, sim = unit[order], other[order], sim[order]
        first = np.searchsorted(unit, unit, side="left")  # where each unit's run starts
        keep = np.arange(len(unit)) - first < self.k
        self._kept = (unit[keep], other[keep], sim[keep])

    def pairs(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(lower unit, higher unit, similarity) of every pair kept by either of its units, each pair once."""
        self._cut()
        unit, other, sim = self._kept
        low, high = np.minimum(unit, other), np.maximum(unit, other)
        _codes, first = np.unique(np.stack([low, high]), axis=1, return_index=True)
        first.sort()
        return low[first], high[first], sim[first]


def _compared_pairs(units: list[list[int]], bags, intervals, idf: Idf) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(unit, unit, similarity) of the pairs worth comparing: dated within a week of each other, and sharing a
    word of their prefixes (see ``_prefix``; the latest ``SCAN`` units per word) or giving the same specific span;
    of those, each unit keeps its ``NEIGHBOURS`` most alike. In a corpus where no word is in more than ``SCAN``
    prefixes and no unit has more than ``NEIGHBOURS`` candidates, that is every pair that can join."""
    index: dict[str, list[int]] = defaultdict(list)
    spans: dict[tuple, list[int]] = defaultdict(list)
    best = TopPairs(NEIGHBOURS)
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
            best.add(u, v, idf.similarity(bags[a], bags[b]))
    return best.pairs()


@dataclasses.dataclass
class ComparedPairs:
    """The unit pairs compared (``_compared_pairs``), as arrays, with what ``_centrality`` asks of them."""
    low: np.ndarray    # the lower unit of each pair
    high: np.ndarray   # the higher unit
    sim: np.ndarray    # their similarity

    def alike_within(self, group: list[int], first: list[int]) -> dict[tuple[int, int], float]:
        """{(first row, first row): similarity} in both directions, of the pairs of units of ``group`` that are
        alike (>= SAME_EVENT): built per event, so memory never holds it for the whole corpus."""
        members = np.asarray(group, dtype=np.int64)
        keep = np.isin(self.low, members) & np.isin(self.high, members) & (self.sim >= SAME_EVENT)
        out: dict[tuple[int, int], float] = {}
        for u, v, sim in zip(self.low[keep].tolist(), self.high[keep].tolist(), self.sim[keep].tolist()):
            out[(first[u], first[v])] = out[(first[v], first[u])] = sim
        return out


def _merge_units(units, bags, intervals, articles_of, idf) -> tuple[list[list[int]], ComparedPairs]:
    """Greedy merging as before (overlapping dates first, most alike first; one date per article per event),
    over units and candidate pairs: the units of each event, and the pairs compared."""
    pairs = ComparedPairs(*_compared_pairs(units, bags, intervals, idf))
    first = [rows[0] for rows in units]
    days = np.array([_days_apart(intervals[first[u]], intervals[first[v]])
                     for u, v in zip(pairs.low.tolist(), pairs.high.tolist())], dtype=np.int64)
    specific = np.array([days[k] == 0 and pairs.sim[k] < SAME_EVENT
                         and _specific_span(intervals[first[u]], intervals[first[v]])
                         for k, (u, v) in enumerate(zip(pairs.low.tolist(), pairs.high.tolist()))], dtype=bool)
    together = (days == 0) & ((pairs.sim >= SAME_EVENT) | specific)
    apart = (days > 0) & (pairs.sim >= SAME_EVENT_DATE_APART)
    top = np.array([max(rows) for rows in units], dtype=np.int64)
    dates = [{articles_of[i]: intervals[i] for i in rows} for rows in units]
    root = constrained_clusters(dates, itertools.chain(_best_first(pairs, together, top),
                                                       _best_first(pairs, apart, top)))
    members: dict[int, list[int]] = defaultdict(list)
    for u, r in enumerate(root):
        members[r].append(u)
    return list(members.values()), pairs


def _best_first(pairs: ComparedPairs, chosen: np.ndarray, top: np.ndarray) -> Iterator[tuple[tuple, int, int]]:
    """The ``chosen`` pairs as ``((similarity, lower top row, higher top row), unit, unit)``, most alike first
    (ties: the later rows first), as a sort of those tuples in reverse would give them, without building them
    all at once."""
    idx = np.flatnonzero(chosen)
    low, high, sim = pairs.low[idx], pairs.high[idx], pairs.sim[idx]
    low_top, high_top = np.minimum(top[low], top[high]), np.maximum(top[low], top[high])
    order = np.lexsort((-high, -low, -high_top, -low_top, -sim))
    for k in order.tolist():
        yield (float(sim[k]), int(low_top[k]), int(high_top[k])), int(low[k]), int(high[k])


def _centrality(group_units: list[list[int]], bags, intervals, idf: Idf, sims: dict) -> dict[int, float]:
    """For each row, the summed similarity to the other rows of its event dated within a week of it (in an
    event of more than ``CENTRALITY_EXACT_UNITS`` units: to those it was compared with and is alike, ``sims``)."""
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
                elif (a, b) in sims:  # holds only pairs >= SAME_EVENT
                    total += len(others) * sims[(a, b)]
        for i in rows:
            score[i] = total
    return score
