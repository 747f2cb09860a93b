"""The sidebar's filters: sources, actors, a date range and free text, bound to the URL.

``filter_widgets(tables, corpus_key)`` draws them in the sidebar, bound to the URL so a filtered view is a shareable
link (their choices, ``filter_choices``, are worked out once per corpus);
``current_filters()`` reads them back as a ``core.filters.Filters``, which ``core.filters.apply_filters``
applies to every table (what each filter keeps is described there).
"""
from __future__ import annotations

import dataclasses
import datetime as dt

import pandas as pd
import streamlit as st

from core.filters import Filters

from . import keys

MAX_ACTOR_OPTIONS = 1000  # the actor picker lists the most mentioned ones (and any already chosen)


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
    timeline = tables["timeline"]
    columns = [tables["articles"]["published"], *(timeline[c] for c in ("start", "end") if c in timeline.columns)]
    values = pd.concat([c.astype("string").str.slice(0, 10) for c in columns], ignore_index=True)
    dates = pd.to_datetime(values, format="%Y-%m-%d", errors="coerce").dropna()
    return (dates.min().date(), dates.max().date()) if len(dates) else (None, None)


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


@dataclasses.dataclass(frozen=True)
class Choices:
    """What the filters offer for one corpus: its sources (sorted), its actors (most mentioned first) and the
    range of its dates."""
    sources: list[str]
    actors: pd.DataFrame
    low: dt.date | None
    high: dt.date | None


@st.cache_resource(show_spinner=False, max_entries=8)
def filter_choices(corpus_key: str, _tables: dict[str, pd.DataFrame]) -> Choices:
    """The ``Choices`` of the corpus with key ``corpus_key`` (whose tables are ``_tables``), kept: at 10,000
    articles, sorting the actors and scanning every date is a good part of a rerun."""
    low, high = date_bounds(_tables)
    return Choices(sources=sorted(_tables["articles"]["source"].dropna().unique().tolist()),
                   actors=_tables["actors"].sort_values(["n_mentions", "name"], ascending=[False, True]),
                   low=low, high=high)


def filter_widgets(tables: dict[str, pd.DataFrame], corpus_key: str) -> None:
    """Draw the shared filters (call inside the sidebar). Their values live in session state and the URL."""
    choices = filter_choices(corpus_key, tables)
    sources, actors = choices.sources, choices.actors
    chosen = set(st.session_state.get(keys.ACTORS) or ())
    actors = actors[(pd.RangeIndex(len(actors)) < MAX_ACTOR_OPTIONS) | actors["actor_id"].isin(chosen).to_numpy()]
    actor_label = {a: f"{n} ({t})" for a, n, t in zip(actors["actor_id"], actors["name"], actors["type"])}
    _keep_valid(keys.SOURCES, sources)
    _keep_valid(keys.ACTORS, list(actor_label))
    st.multiselect("Sources", sources, key=keys.SOURCES, bind="query-params", placeholder="All sources")
    st.multiselect("Actors", list(actor_label), format_func=lambda a: actor_label.get(a, a), key=keys.ACTORS,
                   bind="query-params", placeholder="All actors",
                   help="Rows whose sentence mentions the actor, and claims and quotes they made."
                        + (f" Lists the {MAX_ACTOR_OPTIONS:,} most mentioned of {len(tables['actors']):,} actors; "
                           "the Actors page finds the others." if len(tables["actors"]) > MAX_ACTOR_OPTIONS else ""))
    st.date_input("Dates", value=[], min_value=choices.low, max_value=choices.high, key=keys.DATES, bind="query-params",
                  help="Timeline: events that overlap these dates. Other pages: articles published in them "
                       "(articles without a date stay).")
    st.text_input("Search text", key=keys.TEXT, bind="query-params", placeholder="words in a sentence or name",
                  help="Keeps rows whose text or sentence contains this (not case-sensitive).")
    if current_filters().active:
        st.button("Clear filters", on_click=clear_filters, icon=":material/filter_alt_off:")
