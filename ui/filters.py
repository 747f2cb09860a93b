"""The filters shared by every page: sources, actors, a date range and free text.

``filter_widgets(tables)`` draws them in the sidebar, bound to the URL so a filtered view is a shareable link;
``current_filters()`` reads them back as a ``Filters``; ``apply_filters(tables, filters)`` is the pure pandas
function that narrows every table. Within one filter the choices are alternatives (AFP *or* Reuters); the
filters combine (AFP *and* Kim Hong-kyun *and* "troops").

What each filter keeps:

- sources: rows of articles from those sources;
- actors: rows whose sentence mentions one of them, and claims and quotes they are the claimant or speaker of;
- dates: timeline events that overlap the range; every other table keeps articles published in the range
  (articles without a date are kept);
- text: rows whose own text or whose sentence contains it (case-insensitive, literal).
"""
from __future__ import annotations

import dataclasses
import datetime as dt

import pandas as pd
import streamlit as st

from . import keys

SENTENCE_TABLES = ("sentences", "mentions", "claims", "quotes", "timeline")


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


def current_filters() -> Filters:
    """The filters as the sidebar widgets (or the URL, before they are drawn) hold them."""
    state = st.session_state
    dates = tuple(state.get(keys.DATES) or ())
    return Filters(
        sources=tuple(state.get(keys.SOURCES) or ()),
        actors=tuple(state.get(keys.ACTORS) or ()),
        start=dates[0] if len(dates) > 0 else None,
        end=dates[1] if len(dates) > 1 else None,
        text=str(state.get(keys.TEXT) or ""),
    )


def date_bounds(tables: dict[str, pd.DataFrame]) -> tuple[dt.date | None, dt.date | None]:
    """Earliest and latest date anywhere in the corpus (publication dates and resolved events)."""
    values = [*tables["articles"]["published"].dropna()]
    timeline = tables["timeline"]
    for col in ("start", "end"):
        if col in timeline.columns:
            values += list(timeline[col].dropna())
    dates = sorted(d for d in (_to_date(v) for v in values) if d)
    return (dates[0], dates[-1]) if dates else (None, None)


def _to_date(value: object) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def _keep_valid(key: str, options: list[str]) -> None:
    """Drop choices that are no longer options (the corpus changed), before the widget is drawn."""
    chosen = st.session_state.get(key)
    if chosen and any(c not in options for c in chosen):
        st.session_state[key] = [c for c in chosen if c in options]


def clear_filters() -> None:
    """Reset every filter (set, not deleted: a deleted widget value would come back from the bound URL)."""
    st.session_state[keys.SOURCES] = []
    st.session_state[keys.ACTORS] = []
    st.session_state[keys.DATES] = ()
    st.session_state[keys.TEXT] = ""


def filter_widgets(tables: dict[str, pd.DataFrame]) -> None:
    """Draw the shared filters (call inside the sidebar). Their values live in session state and the URL."""
    sources = sorted(tables["articles"]["source"].dropna().unique().tolist())
    actors = tables["actors"].sort_values(["n_mentions", "name"], ascending=[False, True])
    actor_label = {a: f"{n} ({t})" for a, n, t in zip(actors["actor_id"], actors["name"], actors["type"])}
    _keep_valid(keys.SOURCES, sources)
    _keep_valid(keys.ACTORS, list(actor_label))
    st.multiselect("Sources", sources, key=keys.SOURCES, bind="query-params", placeholder="All sources")
    st.multiselect("Actors", list(actor_label), format_func=lambda a: actor_label.get(a, a), key=keys.ACTORS,
                   bind="query-params", placeholder="All actors",
                   help="Rows whose sentence mentions the actor, and claims and quotes they made.")
    low, high = date_bounds(tables)
    st.date_input("Dates", value=[], min_value=low, max_value=high, key=keys.DATES, bind="query-params",
                  help="Timeline: events that overlap these dates. Other pages: articles published in them "
                       "(articles without a date stay).")
    st.text_input("Search text", key=keys.TEXT, bind="query-params", placeholder="words in a sentence or name",
                  help="Keeps rows whose text or sentence contains this (not case-sensitive).")
    if current_filters().active:
        st.button("Clear filters", on_click=clear_filters, icon=":material/filter_alt_off:")


# --- applying filters (pure pandas) ----------------------------------------------------------------------

def _contains(df: pd.DataFrame, text: str) -> pd.Series:
    """Rows where any text column contains ``text`` (case-insensitive, literal)."""
    mask = pd.Series(False, index=df.index)
    for col in df.columns:
        if pd.api.types.is_string_dtype(df[col]) or df[col].dtype == object:
            mask |= df[col].astype("string").str.contains(text, case=False, regex=False).fillna(False).astype(bool)
    return mask


def _pairs(df: pd.DataFrame) -> pd.Series:
    return df["article_id"].astype(str) + "#" + df["sentence_id"].astype(str)


def _overlaps(timeline: pd.DataFrame, start: dt.date | None, end: dt.date | None) -> pd.Series:
    first = timeline["start"].astype("string").fillna("")
    last = timeline["end"].astype("string").replace("", pd.NA).fillna(first)
    mask = first != ""
    if start:
        mask &= last >= start.isoformat()
    if end:
        mask &= first <= end.isoformat()
    return mask.astype(bool)


def apply_filters(tables: dict[str, pd.DataFrame], filters: Filters) -> dict[str, pd.DataFrame]:
    """Every table narrowed by ``filters`` (the input frames are not modified)."""
    if not filters.active:
        return dict(tables)
    out = dict(tables)
    articles = tables["articles"]
    text = filters.text.strip()
    picked = articles["article_id"].notna()
    if filters.sources:
        picked &= articles["source"].isin(filters.sources)
    by_source = set(articles.loc[picked, "article_id"])
    published = articles["published"].astype("string").fillna("")
    in_dates = pd.Series(True, index=articles.index)
    if filters.start:
        in_dates &= (published == "") | (published >= filters.start.isoformat())
    if filters.end:
        in_dates &= (published == "") | (published <= filters.end.isoformat())
    by_date = set(articles.loc[picked & in_dates, "article_id"])

    sentences = tables["sentences"]
    text_pairs = set(_pairs(sentences[_contains(sentences[["text"]], text)])) if text else set()
    mentions = tables["mentions"]
    actor_pairs = set(_pairs(mentions[mentions["actor_id"].isin(filters.actors)])) if filters.actors else set()

    for name in SENTENCE_TABLES:
        df = tables[name]
        keep = df["article_id"].isin(by_source if name == "timeline" else by_date)
        pairs = _pairs(df)
        if filters.actors:
            involved = pairs.isin(actor_pairs)
            own = {"claims": "claimant_id", "quotes": "speaker_id", "mentions": "actor_id"}.get(name)
            if own and own in df.columns:
                involved |= df[own].isin(filters.actors).fillna(False).astype(bool)
            keep &= involved
        if text:
            keep &= _contains(df, text) | pairs.isin(text_pairs)
        if name == "timeline" and (filters.start or filters.end):
            keep &= _overlaps(df, filters.start, filters.end)
        out[name] = df[keep.astype(bool)]

    keep = articles["article_id"].isin(by_date)
    if filters.actors:
        keep &= articles["article_id"].isin(set(out["mentions"]["article_id"]))
    if text:
        keep &= articles["article_id"].isin(set(out["sentences"]["article_id"])) | _contains(articles, text)
    out["articles"] = articles[keep]

    actors = tables["actors"]
    keep = actors["actor_id"].isin(set(out["mentions"]["actor_id"]))
    if filters.actors:
        keep &= actors["actor_id"].isin(filters.actors)
    out["actors"] = actors[keep]

    claims = out["claims"]
    claim_keys = set(claims["group_id"].astype(str) + "#" + claims["article_id"].astype(str))
    comparison = tables["comparison"]
    out["comparison"] = comparison[(comparison["group_id"].astype(str) + "#" +
                                    comparison["article_id"].astype(str)).isin(claim_keys)]
    out["disagreements"] = _disagreements_among(tables["disagreements"], claims)
    return out


def _disagreements_among(disagreements: pd.DataFrame, claims: pd.DataFrame) -> pd.DataFrame:
    """The disagreements that still hold among the filtered claims: two sources or more, two figures or more."""
    if claims.empty or disagreements.empty:
        return disagreements.iloc[0:0]
    figure = claims["value"].astype("string").fillna("") + "-" + claims["value_high"].astype("string").fillna("")
    per_group = pd.DataFrame({"group_id": claims["group_id"], "source": claims["source"], "figure": figure})
    stats = per_group.groupby("group_id").agg(n_sources=("source", "nunique"), n_figures=("figure", "nunique"))
    still = stats[(stats["n_sources"] >= 2) & (stats["n_figures"] >= 2)].index
    return disagreements[disagreements["group_id"].isin(set(still))]
