"""The filters every page shares (sources, actors, a date range, free text) and the function that applies them.

``apply_filters(tables, filters)`` narrows every table of a corpus. Within one filter the choices are
alternatives (AFP *or* Reuters); the filters combine (AFP *and* Kim Hong-kyun *and* "troops"). What each keeps:

- sources: rows of articles from those sources (the timeline: events reported by those sources);
- actors: rows whose sentence mentions one of them, and claims and quotes they are the claimant or speaker of;
- dates: timeline events that overlap the range; every other table keeps articles published in the range
  (articles without a date are kept);
- text: rows whose own text or whose sentence contains it (case-insensitive, literal).

A filter change must stay fast on a corpus of 10,000 articles, so the work that does not depend on the filters
is done once per corpus in a ``FilterIndex``: every row's article and sentence as integers, and one lowercase
haystack per row for the text search (built on the first search). Applying filters is then array lookups and
one substring scan per table in Arrow. Pass the same index for every change on one corpus; without one, a
fresh index is built for the call.
"""
from __future__ import annotations

import dataclasses
import datetime as dt

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

SENTENCE_TABLES = ("sentences", "mentions", "claims", "quotes", "timeline")
# the column that names the actor a row is about, besides the actors its sentence mentions
OWN_ACTOR = {"claims": "claimant_id", "quotes": "speaker_id", "mentions": "actor_id"}
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
        n_articles = len(self.article_ids)
        self.n_articles = n_articles
        self.published = articles["published"].astype("string").fillna("").to_numpy(dtype=object)
        self.article_of: dict[str, np.ndarray] = {}   # table → each row's article number (-1: not in articles)
        self.pair_of: dict[str, np.ndarray] = {}      # table → article number × stride + sentence id
        self.stride = 1 + max((int(pd.to_numeric(tables[t]["sentence_id"]).max())
                               for t in SENTENCE_TABLES if not tables[t].empty
                               and tables[t]["sentence_id"].notna().any()), default=0)
        for name in SENTENCE_TABLES:
            df = tables[name]
            codes = self.article_ids.get_indexer(df["article_id"].astype(object))
            sentence = pd.to_numeric(df["sentence_id"]).fillna(-1).to_numpy(dtype=np.int64)
            self.article_of[name] = codes
            self.pair_of[name] = np.where((codes >= 0) & (sentence >= 0), codes.astype(np.int64) * self.stride
                                          + sentence, -1)
        # claims and the comparison table, keyed alike by (group, article)
        groups = pd.Index(pd.concat([tables["claims"]["group_id"], tables["comparison"]["group_id"]])
                          .astype("string").fillna("").unique())
        self.group_pair = {name: groups.get_indexer(tables[name]["group_id"].astype("string").fillna(""))
                           .astype(np.int64) * (n_articles + 1)
                           + self.article_ids.get_indexer(tables[name]["article_id"].astype(object)) + 1
                           for name in ("claims", "comparison")}
        self._haystacks: dict[str, pa.Array] = {}

    def haystack(self, name: str) -> pa.Array:
        """Every text column of table ``name`` joined per row and lowercased (built on the first search)."""
        if name not in self._haystacks:
            df = self.tables[name]
            columns = [c for c in df.columns if pd.api.types.is_string_dtype(df[c]) or df[c].dtype == object]
            if columns:
                joined = df[columns[0]].astype("string").fillna("")
                for c in columns[1:]:
                    joined = joined + _SEP + df[c].astype("string").fillna("")
                values = pa.array(joined.to_numpy(dtype=object), pa.large_string())
            else:
                values = pa.array([""] * len(df), pa.large_string())
            self._haystacks[name] = pc.utf8_lower(values)
        return self._haystacks[name]

    def contains(self, name: str, text: str) -> np.ndarray:
        """Rows of table ``name`` with ``text`` in one of their text columns (case-insensitive, literal)."""
        needle = pc.utf8_lower(pa.array([text.replace(_SEP, "")], pa.large_string()))[0].as_py()
        found = pc.match_substring(self.haystack(name), needle)
        return found.to_numpy(zero_copy_only=False).astype(bool)  # a copy: callers combine masks in place


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
        by_source = articles["source"].isin(filters.sources).fillna(False).to_numpy(dtype=bool, copy=True)
    published = index.published
    in_dates = np.ones(index.n_articles, dtype=bool)
    if filters.start:
        in_dates &= (published == "") | (published >= filters.start.isoformat())
    if filters.end:
        in_dates &= (published == "") | (published <= filters.end.isoformat())
    by_date = by_source & in_dates

    text_pairs = index.pair_of["sentences"][index.contains("sentences", text)] if text else None
    actor_pairs = None
    if filters.actors:
        chosen = tables["mentions"]["actor_id"].isin(filters.actors).fillna(False).to_numpy(dtype=bool, copy=True)
        actor_pairs = index.pair_of["mentions"][chosen]

    kept: dict[str, np.ndarray] = {}
    for name in SENTENCE_TABLES:
        df = tables[name]
        keep = _lookup(by_source if name == "timeline" else by_date, index.article_of[name])
        pairs = index.pair_of[name]
        if actor_pairs is not None:
            involved = np.isin(pairs, actor_pairs) & (pairs >= 0)
            own = OWN_ACTOR.get(name)
            if own and own in df.columns:
                involved |= df[own].isin(filters.actors).fillna(False).to_numpy(dtype=bool, copy=True)
            keep &= involved
        if text:
            keep &= index.contains(name, text) | (np.isin(pairs, text_pairs) & (pairs >= 0))
        if name == "timeline" and (filters.start or filters.end):
            keep &= _overlaps(df, filters.start, filters.end)
        kept[name] = keep
        out[name] = df[keep]

    keep = by_date.copy()
    if filters.actors:
        keep &= index.article_ids.isin(out["mentions"]["article_id"].astype(object))
    if text:
        keep &= index.article_ids.isin(out["sentences"]["article_id"].astype(object)) | index.contains("articles", text)
    out["articles"] = articles[keep]

    actors = tables["actors"]
    keep = actors["actor_id"].isin(out["mentions"]["actor_id"].unique()).fillna(False).to_numpy(dtype=bool, copy=True)
    if filters.actors:
        keep &= actors["actor_id"].isin(filters.actors).fillna(False).to_numpy(dtype=bool, copy=True)
    out["actors"] = actors[keep]

    kept_claims = index.group_pair["claims"][kept["claims"]]
    comparison = tables["comparison"]
    out["comparison"] = comparison[np.isin(index.group_pair["comparison"], kept_claims)]
    out["disagreements"] = _disagreements_among(tables["disagreements"], out["claims"])
    return out


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
    return mask.fillna(False).to_numpy(dtype=bool, copy=True)


def _disagreements_among(disagreements: pd.DataFrame, claims: pd.DataFrame) -> pd.DataFrame:
    """The disagreements that still hold among the filtered claims: two sources or more, two figures or more."""
    if claims.empty or disagreements.empty:
        return disagreements.iloc[0:0]
    figure = claims["value"].astype("string").fillna("") + "-" + claims["value_high"].astype("string").fillna("")
    per_group = pd.DataFrame({"group_id": claims["group_id"], "source": claims["source"], "figure": figure})
    stats = per_group.groupby("group_id").agg(n_sources=("source", "nunique"), n_figures=("figure", "nunique"))
    still = stats[(stats["n_sources"] >= 2) & (stats["n_figures"] >= 2)].index
    return disagreements[disagreements["group_id"].isin(set(still))]
