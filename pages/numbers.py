"""Numbers: for each quantity, the figures each source and claimant give, side by side, disagreements first."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from ui import data, downloads, keys, views
from ui.highlight import CSS, badge, esc, html_table, sentence_html, txt

view = data.load_view()
claims = view.tables["claims"]

st.title("Numbers")
st.html(CSS)
if claims.empty:
    st.info("No claimed numbers" + (" match the current filters." if view.filters.active else " in this corpus."))
    st.stop()

summary = views.quantity_summary(claims, views.disputed_groups(view.tables))
labels = views.group_labels(summary)
n_disputed = int(summary["disagree"].sum())
st.caption(f"{views.plural(len(claims), 'figure')} for {views.plural(len(summary), 'quantity', 'quantities')} "
           f"from {views.plural(claims['source'].nunique(), 'source')}; sources disagree on {n_disputed}.")

st.subheader("Source × figure")
matrix = views.source_figure_matrix(claims, summary)
disputed_rows = {labels[g] for g in summary.loc[summary["disagree"], "group_id"]}
st.html(html_table(matrix, marked_rows=disputed_rows))
if n_disputed:
    st.caption("Rows in red: sources give different figures for that quantity.")

st.subheader("Each quantity, by source and claimant")
only_disputed = st.toggle("Only quantities the sources disagree on", key=keys.NUMBERS_DISAGREE_ONLY,
                          disabled=n_disputed == 0)
sentence_start = view.all["sentences"].set_index(["article_id", "sentence_id"])["start_char"]
for group in summary.itertuples():
    if only_disputed and not group.disagree:
        continue
    rows = views.figures(claims[claims["group_id"] == group.group_id])
    with st.container(border=True):
        flag = badge("sources disagree", "warn") if group.disagree else ""
        spread = f" · high ÷ low = {group.ratio:.1f}×" if group.disagree and pd.notna(group.ratio) else ""
        st.html(f"<div><b>{esc(labels[group.group_id])}</b>: {esc(group.figures)} {flag}"
                f"<br><small>{views.plural(group.n_claims, 'figure')} from {views.plural(group.n_sources, 'source')}"
                f"{esc(spread)}</small></div>")
        st.html(html_table(views.figure_pivot(rows)))
        with st.expander("The sentences behind these figures"):
            parts = []
            for r in rows.sort_values(["source", "value"]).itertuples():
                start = sentence_start.get((r.article_id, r.sentence_id))
                stance = txt(getattr(r, "stance", ""))  # present / planned / possible / reported
                who = f"{r.source} · {r.claimant_label} · {r.figure}" + (f" · {stance}" if stance else "")
                parts.append(sentence_html(r.sentence, int(r.start_char), int(r.end_char),
                                           None if pd.isna(start) else int(start), who=who))
            st.html("".join(parts))

st.subheader("All figures")
st.dataframe(claims, hide_index=True, column_order=["quantity", "source", "claimant", "text", "value",
                                                    "value_high", "unit", "qualifier", "cue", "sentence"],
             column_config={"sentence": st.column_config.TextColumn(width="large")})
downloads.csv_button(claims, "claims")
downloads.csv_button(view.tables["comparison"], "comparison")
