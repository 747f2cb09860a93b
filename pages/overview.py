"""Overview: the corpus at a glance, the biggest disagreements, and what the model and parser are."""
from __future__ import annotations

import pandas as pd
import spacy
import streamlit as st
import trafilatura

from ui import data, downloads, views
from ui.highlight import CSS, esc, txt

view = data.load_view()
tables, everything = view.tables, view.all
arts = tables["articles"]

st.title("Overview")
if everything["articles"].empty:
    st.info("The corpus is empty: add articles in the sidebar (or switch the seed articles back on).")
    st.stop()
n_sources = arts["source"].nunique()
st.caption(f"{len(arts)} of {views.plural(len(everything['articles']), 'article')}, "
           f"from {views.plural(n_sources, 'source')}"
           + (" (filtered)" if view.filters.active else ""))

counts = views.table_counts(tables)
labels = {"articles": "Articles", "sentences": "Sentences", "actors": "Actors", "mentions": "Mentions",
          "claims": "Numbers", "quotes": "Quotes", "timeline": "Dates", "disagreements": "Disagreements"}
for col, (name, label) in zip(st.columns(len(labels)), labels.items()):
    col.metric(label, f"{counts[name]:,}")

st.subheader("Sources")
downloads.table(arts, "articles", hide_index=True,
                column_order=["source", "outlet", "published", "n_words", "headline", "byline", "file", "warnings"],
                column_config={"n_words": st.column_config.NumberColumn("words"),
                               "warnings": st.column_config.TextColumn("warnings", width="large")})

st.subheader("Biggest disagreements between sources")
disagreements = tables["disagreements"].sort_values(["ratio", "n_sources"], ascending=False).head(8)
if disagreements.empty:
    st.info("No two sources give different figures for the same quantity"
            + (" under the current filters." if view.filters.active else "."))
else:
    rows = "".join(
        f"<tr><th>{esc(r.quantity)}</th><td>{'<br>'.join(esc(f) for f in txt(r.figures).split(' | '))}</td>"
        f"<td>{esc(r.n_sources)}</td><td>{esc(f'{r.ratio:.1f}×' if pd.notna(r.ratio) else '')}</td></tr>"
        for r in disagreements.itertuples())
    st.html(CSS + "<table class='tri-table'><thead><tr><th>quantity</th><th>figure — sources (claimant)</th>"
            f"<th>sources</th><th>high ÷ low</th></tr></thead><tbody>{rows}</tbody></table>")
    st.page_link("pages/numbers.py", label="Compare every figure on the Numbers page", icon=":material/tag:")
timeline = tables["timeline"]
n_differ = timeline.loc[timeline["date_differs"].fillna(False).astype(bool), "event_id"].nunique()
if n_differ:
    st.warning(f"{views.plural(n_differ, 'event')} dated differently by different sources (marked ≠ on the "
               "Timeline).")

st.subheader("Model and parser")
try:
    model, pipes = data.model_summary()
except Exception as exc:  # the sidebar already stopped the app if the model is missing
    model, pipes = f"unavailable ({exc})", ""
st.html(f"""<div class="tri-box"><b>Model</b>: {esc(model)}<br>{f"<b>Pipeline</b>: {esc(pipes)}<br>" if pipes else ""}
<b>Parser</b>: plain text through the header rules of <code>core.ingest</code> (headline, byline, dateline,
outlet line, captions and page furniture are kept out of the body); HTML through trafilatura
{esc(trafilatura.__version__)}. spaCy {esc(spacy.__version__)}.</div>""")

st.subheader("Download the tables")
st.caption("Each table as currently filtered; the zip in the sidebar holds them all.")
cols = st.columns(3)
for i, (name, df) in enumerate(tables.items()):
    with cols[i % 3]:
        downloads.csv_button(df, name, key=f"overview_download_{name}")
