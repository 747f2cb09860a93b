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


def _compatible(idx: list[int], articles: list[str], intervals: list) -> bool:
    """One event has one date per article: an article that dates two things differently is telling us they are
    two things (the release of images on Friday, the transport they show on 8-13 October)."""
    seen: dict[str, tuple] = {}
    for i in idx:
        if seen.setdefault(articles[i], intervals[i]) != intervals[i]:
            return False
    return True


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
    bags = [content_words(s.replace(x, " "), drop_dates=True) for s, x in zip(sentences, exprs)]
    idf = Idf(set(b) for b in dict.fromkeys(map(frozenset, bags)))
    articles_of = out["article_id"].tolist()
    sims: dict[tuple[int, int], float] = {}
    together, apart = [], []
    for i in range(n):
        for j in range(i + 1, n):
            if intervals[i] is None or intervals[j] is None:
                continue
            days = _days_apart(intervals[i], intervals[j])
            if days > MAX_DAYS_APART:
                continue
            sim = sims[(i, j)] = idf.similarity(bags[i], bags[j])
            if days == 0 and (sim >= SAME_EVENT or _specific_span(intervals[i], intervals[j])):
                together.append((sim, i, j))
            elif days > 0 and sim >= SAME_EVENT_DATE_APART:
                apart.append((sim, i, j))
    # overlapping dates first, the most alike first; then very alike sentences whose dates differ
    root = constrained_clusters(n, sorted(together, reverse=True) + sorted(apart, reverse=True),
                                lambda idx: _compatible(idx, articles_of, intervals))
    find = root.__getitem__
    groups: dict[int, list[int]] = defaultdict(list)
    for i in range(n):
        groups[find(i)].append(i)
    event_id, label, differs = [""] * n, [""] * n, [False] * n
    for k, (_root, idx) in enumerate(sorted(groups.items(), key=lambda kv: min(kv[1])), start=1):
        central = max(idx, key=lambda i: (sum(sims.get((min(i, j), max(i, j)), 0) for j in idx if j != i), -len(sentences[i])))
        name = event_label(sentences[central], exprs[central])
        by_source: dict[str, set] = defaultdict(set)
        for i in idx:
            if intervals[i]:
                by_source[sources[i]].add(intervals[i])
        spans = [iv for ivs in by_source.values() for iv in ivs]
        disjoint = any(_days_apart(a, b) > 0 for a in spans for b in spans)
        for i in idx:
            event_id[i], label[i], differs[i] = f"e{k}", name, disjoint and len(by_source) > 1
    out["event_id"] = pd.array(event_id, dtype="string")
    out["event_label"] = pd.array(label, dtype="string")
    out["date_differs"] = pd.array(differs, dtype="boolean")
    return out
