"""Actors: people and organisations, their spellings and roles, and what each source has them say and claim."""
from __future__ import annotations

import pandas as pd
import plotly.express as px
import streamlit as st

from ui import data, downloads, keys, views
from ui.highlight import CSS, chart_text, esc, txt

PICKABLE = 500      # actors in the "Look at one actor" list: the most mentioned (the search box finds the others)
CHART_SOURCES = 15  # sources in the chart of one actor: those that mention them most

view = data.load_view()
actors, tables = view.tables["actors"], view.tables

st.title("Actors")
st.caption("People, organisations and places, with every spelling the sources use. Pick one to see it source "
           "by source; “Filter every page” narrows the whole app to it.")
st.html(CSS)
if actors.empty:
    st.info("No people or organisations" + (" match the current filters." if view.filters.active
                                           else " were found in this corpus."))
    st.stop()


def filter_by(actor_id: str | None) -> None:
    st.session_state[keys.ACTORS] = [actor_id] if actor_id else []


listing = data.derived(view, "actor_listing", lambda: views.actor_listing(tables))
downloads.table(listing, "actors", hide_index=True,
                column_order=["name", "type", "role", "variants", "n_mentions", "n_articles", "n_quotes", "n_claims"],
                column_config={"variants": st.column_config.TextColumn("spellings", width="medium"),
                               "n_mentions": "mentions", "n_articles": "articles", "n_quotes": "quotes",
                               "n_claims": "numbers"})

# Start on the actor filtered on, else on whoever is quoted or cited most: usually a person worth a look.
busiest = listing["actor_id"].iloc[(listing["n_quotes"] + listing["n_claims"]).to_numpy().argmax()]
filtered_on = view.filters.actors[0] if len(view.filters.actors) == 1 else None
preset = filtered_on if filtered_on in set(listing["actor_id"]) else busiest
# The most mentioned, plus the preset and the actor picked before, so a choice never drops out of the list.
keep = {*listing["actor_id"].head(PICKABLE), preset, st.session_state.get(keys.ACTOR_DETAIL)}
pickable = listing[listing["actor_id"].isin(keep)]
names = dict(zip(pickable["actor_id"], pickable["name"] + " (" + pickable["type"] + ")"))
ids = list(names)
label = "Look at one actor" + (f" (the {PICKABLE:,} most mentioned of {len(listing):,}; type a name in the "
                               "sidebar's Search text to find another)" if len(listing) > PICKABLE else "")
actor_id = st.selectbox(label, ids, index=ids.index(preset), format_func=lambda a: names[a], key=keys.ACTOR_DETAIL)
actor = listing[listing["actor_id"] == actor_id].iloc[0]
if view.filters.actors == (actor_id,):
    st.button("Show every actor again (clear the actor filter)", on_click=filter_by, args=(None,),
              icon=":material/filter_alt_off:")
else:
    st.button("Filter every page by this actor", on_click=filter_by, args=(actor_id,), type="primary",
              icon=":material/filter_alt:")

# Each table's rows by actor, found once per filter state; then one actor's rows are a lookup, not a scan.
rows_of = data.derived(view, "rows_by_actor", lambda: {
    name: tables[name].groupby(column, sort=False).indices for name, column in views.ACTOR_COLUMNS.items()})
sentence_text = data.derived(view, "sentence_text", whole_corpus=True, compute=lambda: (
    view.all["sentences"].set_index(["article_id", "sentence_id"])["text"]))


def actor_rows() -> tuple:
    """The actor's profile source by source, and their mentions with the sentence of each."""
    own = {name: tables[name].take(rows_of[name].get(actor_id, [])) for name in views.ACTOR_COLUMNS}
    mentions = own["mentions"].copy()
    at = pd.MultiIndex.from_frame(mentions[["article_id", "sentence_id"]])
    mentions["sentence"] = sentence_text.reindex(at).array
    return views.actor_profile({**tables, **own}, actor_id), mentions


mine, mentions = data.derived(view, f"actor {actor_id}", actor_rows)
roles = sorted({txt(r) for r in mentions["role"] if txt(r)} | ({txt(actor["role"])} - {""}))
st.html(f"<div class='tri-box'><b>{esc(actor['name'])}</b> · {esc(actor['type'])}<br>"
        f"<b>Spellings</b>: {esc(' | '.join(sorted(set(txt(actor['variants']).split('|')) - {''})))}<br>"
        f"<b>Roles</b>: {esc('; '.join(roles) or 'none given')}</div>")

left, right = st.columns([3, 2])
with left:
    downloads.table(mine, hide_index=True, column_order=["source", "n_mentions", "n_quotes", "n_claims", "spellings"],
                    column_config={"n_mentions": "mentions", "n_quotes": "quotes", "n_claims": "numbers"})
with right:
    charted = mine.nlargest(CHART_SOURCES, "n_mentions") if len(mine) > CHART_SOURCES else mine
    long = charted.melt(id_vars="source", value_vars=["n_mentions", "n_quotes", "n_claims"], var_name="what")
    long["what"] = long["what"].map({"n_mentions": "mentions", "n_quotes": "quotes", "n_claims": "numbers"})
    long["source"] = long["source"].map(chart_text)
    fig = px.bar(long, x="value", y="source", color="what", orientation="h", barmode="group",
                 height=max(260, 22 * len(charted)))
    fig.update_layout(margin=dict(l=0, r=0, t=10, b=0), legend_title_text="", yaxis_title="", xaxis_title="")
    st.plotly_chart(fig, width="stretch", config={"displaylogo": False})
    if len(mine) > CHART_SOURCES:
        st.caption(f"The chart shows the {CHART_SOURCES} sources that mention this actor most, of {len(mine):,}.")

st.subheader("Mentions")
downloads.table(mentions, "mentions", hide_index=True, column_order=["source", "text", "role", "how", "sentence"],
                column_config={"text": "as written", "sentence": st.column_config.TextColumn(width="large")})
