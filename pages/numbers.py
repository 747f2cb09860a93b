"""Numbers: for each quantity, the figures each source and claimant give, side by side, disagreements first."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from ui import data, downloads, keys, views
from ui.highlight import CSS, badge, esc, html_table, sentence_html, txt

MATRIX_ROWS = 30       # quantities in the source × figure matrix
MATRIX_SOURCES = 12    # sources (columns) in it
CARDS_PER_PAGE = 10    # quantity cards shown at once
CARD_FIGURES = 25      # distinct figures listed in a card's heading
CARD_SOURCES = 12      # sources (columns) in a card's claimant × source grid; claimants (rows) likewise
CARD_SENTENCES = 40    # sentences behind a card's figures


def first_page() -> None:
    """Back to the first page of quantity cards (the list just changed)."""
    st.session_state[keys.NUMBERS_PAGE] = 1


view = data.load_view()
# Readable figures, computed once per corpus and filters (like every view below that reads the whole table).
claims = data.derived(view, "figures", lambda: views.figures(view.tables["claims"]))

st.title("Numbers")
st.html(CSS)
if claims.empty:
    st.info("No claimed numbers" + (" match the current filters." if view.filters.active else " in this corpus."))
    st.stop()

summary = data.derived(view, "quantity_summary",
                       lambda: views.quantity_summary(claims, views.disputed_groups(view.tables)))
labels = data.derived(view, "group_labels", lambda: views.group_labels(summary))
n_disputed = int(summary["disagree"].sum())
n_sources = claims["source"].nunique()
st.caption(f"{views.plural(len(claims), 'figure')} for {views.plural(len(summary), 'quantity', 'quantities')} "
           f"from {views.plural(n_sources, 'source')}; sources disagree on {n_disputed}.")

st.subheader("Source × figure")
matrix = data.derived(view, "source_figure_matrix", lambda: views.source_figure_matrix(
    claims, summary, max_rows=MATRIX_ROWS, max_sources=MATRIX_SOURCES))
disputed_rows = {labels[g] for g in summary.loc[summary["disagree"], "group_id"]}
st.html(html_table(matrix, marked_rows=disputed_rows))
if n_disputed:
    st.caption("Rows in red: sources give different figures for that quantity.")
if len(matrix) < len(summary) or len(matrix.columns) < n_sources:
    st.caption(f"Showing {len(matrix):,} of {views.plural(len(summary), 'quantity', 'quantities')} (the most "
               f"disputed first) and {len(matrix.columns):,} of {views.plural(n_sources, 'source')} (those with "
               "the most figures for them). To compare others, narrow the sidebar filters: pick sources, an "
               "actor, dates or a word of the quantity.")

st.subheader("Each quantity, by source and claimant")
only_disputed = st.toggle("Only quantities the sources disagree on", key=keys.NUMBERS_DISAGREE_ONLY,
                          disabled=n_disputed == 0, on_change=first_page)
cards = summary[summary["disagree"]] if only_disputed else summary
n_pages = views.page_count(len(cards), CARDS_PER_PAGE)
if st.session_state.get(keys.NUMBERS_PAGE, 1) > n_pages:  # fewer quantities since the last run
    st.session_state[keys.NUMBERS_PAGE] = 1
page = 1 if n_pages == 1 else st.selectbox(
    "Quantities", range(1, n_pages + 1), key=keys.NUMBERS_PAGE,
    format_func=lambda p: views.page_label(p, len(cards), CARDS_PER_PAGE, "quantities"),
    help=f"{CARDS_PER_PAGE} quantities a page, the most disputed first.")
shown = cards.iloc[(page - 1) * CARDS_PER_PAGE:page * CARDS_PER_PAGE]
positions = data.derived(view, "claims_by_group", lambda: claims.groupby("group_id", sort=False).indices)
sentence_start = data.derived(view, "sentence_start", whole_corpus=True, compute=lambda: (
    view.all["sentences"].set_index(["article_id", "sentence_id"])["start_char"]))


def card_body(group_id: str) -> tuple[pd.DataFrame, int, str]:
    """A card's claimant × source grid, its number of claimants, and the HTML of the sentences behind it."""
    rows = claims.take(positions[group_id])
    grid = views.figure_pivot(rows, max_sources=CARD_SOURCES, max_claimants=CARD_SOURCES)
    parts = []
    for r in rows.sort_values(["source", "value"]).head(CARD_SENTENCES).itertuples():
        start = sentence_start.get((r.article_id, r.sentence_id))
        stance = txt(getattr(r, "stance", ""))  # present / planned / possible / reported
        who = f"{r.source} · {r.claimant_label} · {r.figure}" + (f" · {stance}" if stance else "")
        parts.append(sentence_html(r.sentence, int(r.start_char), int(r.end_char),
                                   None if pd.isna(start) else int(start), who=who))
    if len(rows) > CARD_SENTENCES:
        parts.append(f"<small>The first {CARD_SENTENCES} of {len(rows):,} sentences (by source); the table "
                     "below lists them all.</small>")
    return grid, rows["claimant"].astype("string").fillna("").nunique(), "".join(parts)


for group in shown.itertuples():
    grid, n_claimants, sentences = data.derived(view, f"card {group.group_id}", lambda: card_body(group.group_id))
    with st.container(border=True):
        flag = badge("sources disagree", "warn") if group.disagree else ""
        spread = f" · high ÷ low = {group.ratio:.1f}×" if group.disagree and pd.notna(group.ratio) else ""
        st.html(f"<div><b>{esc(labels[group.group_id])}</b>: {esc(views.first_figures(group.figures, CARD_FIGURES))}"
                f" {flag}<br><small>{views.plural(group.n_claims, 'figure')} from "
                f"{views.plural(group.n_sources, 'source')}{esc(spread)}</small></div>")
        st.html(html_table(grid))
        if len(grid.columns) < group.n_sources or len(grid) < n_claimants:
            st.caption(f"The {len(grid.columns)} sources and {len(grid)} claimants with the most figures, of "
                       f"{group.n_sources:,} and {n_claimants:,}: the table below lists every figure.")
        with st.expander("The sentences behind these figures"):
            st.html(sentences)

st.subheader("All figures")
downloads.table(view.tables["claims"], "claims", hide_index=True,
                column_order=["quantity", "source", "claimant", "text", "value", "value_high", "unit", "qualifier",
                              "cue", "sentence"],
                column_config={"sentence": st.column_config.TextColumn(width="large")})
downloads.csv_button(view.tables["comparison"], "comparison")
