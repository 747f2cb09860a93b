"""Articles: read any article with its numbers, quotes, dates and actors highlighted.

The text is escaped character for character (ui.highlight) and rendered with st.html: nothing from an article
is ever interpreted as HTML or Markdown.
"""
from __future__ import annotations

import streamlit as st

from ui import data, downloads, keys
from ui.highlight import CSS, LAYERS, article_html, article_spans, esc, legend_html, md_escape, txt

PICKABLE = 500  # articles in the list: the first in corpus order (the sidebar filters narrow it)

view = data.load_view()
listed = view.tables["articles"]

st.title("Articles")
st.html(CSS)
if listed.empty:
    st.info("No articles" + (" match the current filters." if view.filters.active else " in this corpus."))
    st.stop()

# The first articles, plus the one shown (from a link, or picked before) so it never drops out of the list.
keep = {*listed["article_id"].head(PICKABLE), st.session_state.get(keys.ARTICLE), st.query_params.get(keys.ARTICLE)}
pickable = listed[listed["article_id"].isin(keep)] if len(listed) > PICKABLE else listed
labels = {a: f"{txt(s)} — {txt(h) or txt(f).rsplit('/', 1)[-1]}"
          for a, s, h, f in zip(pickable["article_id"], pickable["source"], pickable["headline"], pickable["file"])}
listing = (f"{len(labels)} listed" if len(listed) <= PICKABLE else
           f"the first {PICKABLE:,} of {len(listed):,} listed; narrow them with the sidebar filters")
article_id = st.selectbox(f"Article ({listing})", list(labels), format_func=lambda a: labels[a],
                          key=keys.ARTICLE, bind="query-params")
article = data.article_by_id(article_id)
row = listed[listed["article_id"] == article_id].iloc[0]
if article is None:
    st.info("This article is no longer in the corpus.")
    st.stop()

meta = [("Source", row["source"]), ("Outlet", row["outlet"]), ("Byline", row["byline"]),
        ("Published", row["published"] or "unknown"), ("Words", row["n_words"]), ("File", row["file"])]
st.html(f"<div class='tri-box'><div style='font-size:1.25rem;font-weight:600'>{esc(row['headline']) or '(no headline)'}"
        "</div>" + " · ".join(f"<b>{k}</b>: {esc(v)}" for k, v in meta if txt(v)) + "</div>")
for warning in txt(row["warnings"]).split("; "):
    if warning:
        st.warning(md_escape(warning), icon=":material/warning:")

layers = st.pills("Highlight", list(LAYERS), selection_mode="multi", default=list(LAYERS), key=keys.LAYERS)
spans = article_spans(article_id, view.all, layers)
st.html(legend_html(layers) + "<small>Grey: headline, byline, dateline and page furniture (not read by the "
        "extractors). Hover a highlight for details.</small>")
st.html(article_html(article.text, spans, article.regions))

st.subheader("Extracted from this article")
tabs = st.tabs(["Numbers", "Quotes", "Dates", "Actors"])
for tab, name in zip(tabs, ["claims", "quotes", "timeline", "mentions"]):
    with tab:
        rows = view.all[name][view.all[name]["article_id"] == article_id]
        if rows.empty:
            st.caption("Nothing found.")
            continue
        downloads.table(rows.drop(columns=["article_id"]), hide_index=True)
        downloads.csv_button(rows, name, file_name=f"{name}-{article_id}", key=f"article_download_{name}")
