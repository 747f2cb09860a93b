"""Actors: people and organisations, their spellings and roles, and what each source has them say and claim."""
from __future__ import annotations

import plotly.express as px
import streamlit as st

from ui import data, downloads, keys, views
from ui.highlight import CSS, chart_text, esc, txt

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


profile = views.actor_profile(tables)
totals = profile.groupby("actor_id")[["n_quotes", "n_claims"]].sum()
listing = actors.join(totals, on="actor_id").sort_values("n_mentions", ascending=False)
st.dataframe(listing, hide_index=True,
             column_order=["name", "type", "role", "variants", "n_mentions", "n_articles", "n_quotes", "n_claims"],
             column_config={"variants": st.column_config.TextColumn("spellings", width="medium"),
                            "n_mentions": "mentions", "n_articles": "articles", "n_quotes": "quotes",
                            "n_claims": "numbers"})
downloads.csv_button(listing, "actors")

names = dict(zip(listing["actor_id"], listing["name"] + " (" + listing["type"] + ")"))
ids = list(names)
# Start on the actor filtered on, else on whoever is quoted or cited most: usually a person worth a look.
busiest = (listing["n_quotes"].fillna(0) + listing["n_claims"].fillna(0)).to_numpy().argmax()
preset = view.filters.actors[0] if len(view.filters.actors) == 1 and view.filters.actors[0] in names else ids[busiest]
actor_id = st.selectbox("Look at one actor", ids, index=ids.index(preset),
                        format_func=lambda a: names[a], key=keys.ACTOR_DETAIL)
actor = listing[listing["actor_id"] == actor_id].iloc[0]
if view.filters.actors == (actor_id,):
    st.button("Show every actor again (clear the actor filter)", on_click=filter_by, args=(None,),
              icon=":material/filter_alt_off:")
else:
    st.button("Filter every page by this actor", on_click=filter_by, args=(actor_id,), type="primary",
              icon=":material/filter_alt:")

mine = profile[profile["actor_id"] == actor_id]
sentences = view.all["sentences"][["article_id", "sentence_id", "text"]].rename(columns={"text": "sentence"})
mentions = tables["mentions"][tables["mentions"]["actor_id"] == actor_id].merge(
    sentences, on=["article_id", "sentence_id"], how="left")
roles = sorted({txt(r) for r in mentions["role"] if txt(r)} | ({txt(actor["role"])} - {""}))
st.html(f"<div class='tri-box'><b>{esc(actor['name'])}</b> · {esc(actor['type'])}<br>"
        f"<b>Spellings</b>: {esc(' | '.join(sorted(set(txt(actor['variants']).split('|')) - {''})))}<br>"
        f"<b>Roles</b>: {esc('; '.join(roles) or 'none given')}</div>")

left, right = st.columns([3, 2])
with left:
    st.dataframe(mine, hide_index=True, column_order=["source", "n_mentions", "n_quotes", "n_claims", "spellings"],
                 column_config={"n_mentions": "mentions", "n_quotes": "quotes", "n_claims": "numbers"})
with right:
    long = mine.melt(id_vars="source", value_vars=["n_mentions", "n_quotes", "n_claims"], var_name="what")
    long["what"] = long["what"].map({"n_mentions": "mentions", "n_quotes": "quotes", "n_claims": "numbers"})
    long["source"] = long["source"].map(chart_text)
    fig = px.bar(long, x="value", y="source", color="what", orientation="h", barmode="group", height=260)
    fig.update_layout(margin=dict(l=0, r=0, t=10, b=0), legend_title_text="", yaxis_title="", xaxis_title="")
    st.plotly_chart(fig, width="stretch", config={"displaylogo": False})

st.subheader("Mentions")
st.dataframe(mentions, hide_index=True, column_order=["source", "text", "role", "how", "sentence"],
             column_config={"text": "as written", "sentence": st.column_config.TextColumn(width="large")})
downloads.csv_button(mentions, "mentions")
