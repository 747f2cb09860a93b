"""The filters every page shares (sources, actors, a date range, free text) and the function that applies them.

``apply_filters(tables, filters)`` narrows every table of a corpus. Within one filter the choices are
alternatives (AFP *or* Reuters); the filters combine (AFP *and* Kim Hong-kyun *and* "troops"). What each keeps:

- sources: rows of articles from those sources (the timeline: events reported by those sources);
- actors: rows whose sentence mentions one of them, and claims and quotes they are the claimant or speaker of;
- dates: timeline events that overlap the range; every other table keeps articles published in the range
  (articles without a date are kept);
- text: rows whose own words (``SEARCHED``: the figure and its unit, the quote, the date expression, the name
  ...) or whose sentence contain it (case-insensitive, literal); ids, sources and codes are not searched.

A filter change must stay fast on a corpus of 10,000 articles, so the work that does not depend on the filters
is done once per corpus in a ``FilterIndex``: every row's article, sentence and actor as integers, and one
lowercase haystack per row for the text search (built on the first search). Applying filters is then array
lookups and one substring scan per table, in Arrow. Pass the same index for every change on one corpus;
without one, a fresh index is built for the call.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import os
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

SENTENCE_TABLES = ("sentences", "mentions", "claims", "quotes", "timeline")
# the column that names the actor a row is about, besides the actors its sentence mentions
OWN_ACTOR = {"claims": "claimant_id", "quotes": "speaker_id", "mentions": "actor_id"}
# the columns the text search reads in each table, besides the row's sentence
SEARCHED = {
    "articles": ("headline", "byline", "outlet"),
    "sentences": ("text",),
    "mentions": ("text", "name", "role"),
    "claims": ("text", "unit", "noun_phrase", "quantity", "claimant", "cue"),
    "quotes": ("quote", "speaker", "cue"),
    "timeline": ("expression", "event_label"),
}
KEPT_SEARCHES = 8
_SEP = "\x1f"  # joins a row's text columns into its haystack; no search text holds it


@dataclasses.dataclass(frozen=True)
class Filters:
    sources: tuple[str, ...] = ()
    actors: tuple[str, ...] = ()
    start: dt.date | None = None
    end: dt.date | None = None
    text: str = ""

    @property
    def active(self) -> bool:
        return bool(self.sources or self.actors or self.start or self.end or self.text.strip())

    def describe(self, actor_names: dict[str, str] | None = None) -> str:
        """A one-line plain-text summary ("2 sources · Kim Hong-kyun · 2024-06-01 → … · “troops”")."""
        names = actor_names or {}
        parts = []
        if self.sources:
            parts.append(", ".join(self.sources))
        if self.actors:
            parts.append(", ".join(names.get(a, a) for a in self.actors))
        if self.start or self.end:
            parts.append(f"{self.start or '…'} → {self.end or '…'}")
        if self.text.strip():
            parts.append(f"“{self.text.strip()}”")
        return " · ".join(parts)


class FilterIndex:
    """What ``apply_filters`` needs of one corpus that no filter changes: computed once, reused per change."""

    def __init__(self, tables: dict[str, pd.DataFrame]):
        self.tables = tables
        articles = tables["articles"]
        self.article_ids = pd.Index(articles["article_id"].astype(object))
        self.n_articles = len(self.article_ids)
        self.published = articles["published"].astype("string").fillna("").to_numpy(dtype=object)
        self.actor_ids = pd.Index(tables["actors"]["actor_id"].astype(object))
        self.article_of: dict[str, np.ndarray] = {}   # table → each row's article number (-1: not in articles)
        self.pair_of: dict[str, np.ndarray] = {}      # table → article number × stride + sentence id (-1: none)
        self.stride = 1 + max((int(pd.to_numeric(tables[t]["sentence_id"]).max())
                               for t in SENTENCE_TABLES if tables[t]["sentence_id"].notna().any()), default=0)
        for name in SENTENCE_TABLES:
            df = tables[name]
            codes = self.article_ids.get_indexer(df["article_id"].astype(object))
            sentence = pd.to_numeric(df["sentence_id"]).fillna(-1).to_numpy(dtype=np.int64)
            self.article_of[name] = codes
            self.pair_of[name] = np.where((codes >= 0) & (sentence >= 0), codes.astype(np.int64) * self.stride
                                          + sentence, -1)
        self.actor_of_mention = self.actor_ids.get_indexer(tables["mentions"]["actor_id"].astype(object))
        # claims and the comparison table, keyed alike by (group, article)
        groups = pd.Index(pd.concat([tables["claims"]["group_id"], tables["comparison"]["group_id"]])
                          .astype("string").fillna("").unique())
        self.group_pair = {name: groups.get_indexer(tables[name]["group_id"].astype("string").fillna(""))
                           .astype(np.int64) * (self.n_articles + 1)
                           + self.article_ids.get_indexer(tables[name]["article_id"].astype(object)) + 1
                           for name in ("claims", "comparison")}
        self._haystacks: dict[str, pa.Array] = {}
        self._searches: dict[str, dict[str, np.ndarray]] = {}  # lowercased text → rows found, oldest first

    def haystack(self, name: str) -> pa.Array:
        """The searched columns of table ``name`` joined per row and lowercased (built on the first search)."""
        if name not in self._haystacks:
            df = self.tables[name]
            columns = [c for c in SEARCHED[name] if c in df.columns]
            joined = pc.binary_join_element_wise(
                *[pa.array(df[c].astype("string").fillna("").to_numpy(dtype=object), pa.large_string())
                  for c in columns] or [pa.array([""] * len(df), pa.large_string())], pa.scalar(_SEP, pa.large_string()))
            self._haystacks[name] = pc.utf8_lower(joined)
        return self._haystacks[name]

    def search(self, text: str) -> dict[str, np.ndarray]:
        """For each table of ``SEARCHED``, the rows with ``text`` in one of their searched columns
        (case-insensitive, literal). The tables are scanned in parallel threads (Arrow releases the GIL), and
        the answers for the last few texts are kept, so a page switch under the same search costs nothing."""
        needle = pc.utf8_lower(pa.array([text.replace(_SEP, "")], pa.large_string()))[0].as_py()
        if needle not in self._searches:
            with ThreadPoolExecutor(max_workers=min(len(SEARCHED), os.cpu_count() or 1)) as pool:
                found = dict(zip(SEARCHED, pool.map(lambda name: pc.match_substring(self.haystack(name), needle)
                                                    .to_numpy(zero_copy_only=False), SEARCHED)))
            if len(self._searches) >= KEPT_SEARCHES:
                del self._searches[next(iter(self._searches))]
            self._searches[needle] = found
        return {name: mask.astype(bool) for name, mask in self._searches[needle].items()}  # copies: callers
        # combine masks in place

    def articles_with(self, name: str, rows: np.ndarray) -> np.ndarray:
        """Per article, whether table ``name`` has a row among ``rows`` (a boolean mask of its rows) in it."""
        present = np.zeros(self.n_articles, dtype=bool)
        codes = self.article_of[name][rows]
        present[codes[codes >= 0]] = True
        return present


def apply_filters(tables: dict[str, pd.DataFrame], filters: Filters,
                  index: FilterIndex | None = None) -> dict[str, pd.DataFrame]:
    """Every table narrowed by ``filters`` (the input frames are not modified). ``index`` must have been built
    from these same ``tables``."""
    if not filters.active:
        return dict(tables)
    index = index or FilterIndex(tables)
    out = dict(tables)
    articles = tables["articles"]
    text = filters.text.strip()
    by_source = np.ones(index.n_articles, dtype=bool)
    if filters.sources:
        by_source = _mask(articles["source"].isin(filters.sources))
    published = index.published
    in_dates = np.ones(index.n_articles, dtype=bool)
    if filters.start:
        in_dates &= (published == "") | (published >= filters.start.isoformat())
    if filters.end:
        in_dates &= (published == "") | (published <= filters.end.isoformat())
    by_date = by_source & in_dates

    hits = index.search(text) if text else {}
    text_pairs = index.pair_of["sentences"][hits["sentences"]] if text else None
    actor_pairs = None
    if filters.actors:
        actor_pairs = index.pair_of["mentions"][_mask(tables["mentions"]["actor_id"].isin(filters.actors))]

    kept: dict[str, np.ndarray] = {}
    for name in SENTENCE_TABLES:
        df = tables[name]
        keep = _lookup(by_source if name == "timeline" else by_date, index.article_of[name])
        pairs = index.pair_of[name]
        if actor_pairs is not None:
            involved = np.isin(pairs, actor_pairs) & (pairs >= 0)
            own = OWN_ACTOR.get(name)
            if own and own in df.columns:
                involved |= _mask(df[own].isin(filters.actors))
            keep &= involved
        if text:
            keep &= hits[name] if name == "sentences" else hits[name] | (np.isin(pairs, text_pairs) & (pairs >= 0))
        if name == "timeline" and (filters.start or filters.end):
            keep &= _overlaps(df, filters.start, filters.end)
        kept[name] = keep
        out[name] = df[keep]

    keep = by_date.copy()
    if filters.actors:
        keep &= index.articles_with("mentions", kept["mentions"])
    if text:
        keep &= index.articles_with("sentences", kept["sentences"]) | hits["articles"]
    out["articles"] = articles[keep]

    actors = tables["actors"]
    keep = np.zeros(len(actors), dtype=bool)
    mentioned = index.actor_of_mention[kept["mentions"]]
    keep[mentioned[mentioned >= 0]] = True
    if filters.actors:
        keep &= _mask(actors["actor_id"].isin(filters.actors))
    out["actors"] = actors[keep]

    kept_claims = index.group_pair["claims"][kept["claims"]]
    comparison = tables["comparison"]
    out["comparison"] = comparison[np.isin(index.group_pair["comparison"], kept_claims)]
    out["disagreements"] = _disagreements_among(tables["disagreements"], out["claims"])
    return out


def _mask(values: pd.Series) -> np.ndarray:
    """A boolean Series (missing: False) as a writable numpy array."""
    return values.fillna(False).to_numpy(dtype=bool, copy=True)


def _lookup(per_article: np.ndarray, codes: np.ndarray) -> np.ndarray:
    """``per_article[codes]``, with False for rows whose article is not in the articles table (code -1)."""
    return np.where(codes >= 0, per_article[np.clip(codes, 0, None)], False) if len(codes) else \
        np.zeros(0, dtype=bool)


def _overlaps(timeline: pd.DataFrame, start: dt.date | None, end: dt.date | None) -> np.ndarray:
    first = timeline["start"].astype("string").fillna("")
    last = timeline["end"].astype("string").replace("", pd.NA).fillna(first)
    mask = first != ""
    if start:
        mask &= last >= start.isoformat()
    if end:
        mask &= first <= end.isoformat()
    return _mask(mask)


def _disagreements_among(disagreements: pd.DataFrame, claims: pd.DataFrame) -> pd.DataFrame:
    """The disagreements that still hold among the filtered claims: two sources or more, two figures or more."""
    if claims.empty or disagreements.empty:
        return disagreements.iloc[0:0]
    figure = claims["value"].astype("string").fillna("") + "-" + claims["value_high"].astype("string").fillna("")
    per_group = pd.DataFrame({"group_id": claims["group_id"], "source": claims["source"], "figure": figure})
    stats = per_group.groupby("group_id").agg(n_sources=("source", "nunique"), n_figures=("figure", "nunique"))
    still = stats[(stats["n_sources"] >= 2) & (stats["n_figures"] >= 2)].index
    return disagreements[disagreements["group_id"].isin(set(still))]
