"""Quotes: search by speaker, source and text; the same quote across outlets side by side, wording diffs marked."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from ui import data, downloads, keys, views
from ui.highlight import CSS, badge, esc, txt, word_diff_html

BOXES_PER_PAGE = 10  # shared-quote boxes shown at once
BOX_VERSIONS = 12    # versions of one quote shown in its box


def first_page() -> None:
    """Back to the first page of shared quotes (the choices just changed)."""
    st.session_state[keys.QUOTES_PAGE] = 1


view = data.load_view()
quotes = view.tables["quotes"]

st.title("Quotes")
st.html(CSS)
if quotes.empty:
    st.info("No quotes" + (" match the current filters." if view.filters.active else " in this corpus."))
    st.stop()

left, mid, right = st.columns([3, 2, 2])
speakers = sorted(s for s in quotes["speaker"].dropna().unique() if s)
chosen = left.multiselect("Speakers", speakers, key=keys.QUOTE_SPEAKERS, placeholder="All speakers",
                          on_change=first_page)
kind = mid.segmented_control("Kind", ["statements", "fragments"], key=keys.QUOTE_KIND, on_change=first_page,
                             help="A statement is a full quoted sentence; a fragment is a few quoted words.")
shared_only = right.toggle("Only quotes carried by 2+ outlets", key=keys.QUOTE_SHARED_ONLY, on_change=first_page)
st.caption("Sources and free text: use the filters in the sidebar.")

picks = (tuple(chosen), kind, shared_only)  # this page's own choices: with the filters, what is worked out below


def picked() -> pd.DataFrame:
    shown = views.quote_versions(quotes)
    if chosen:
        shown = shown[shown["speaker"].isin(chosen)]
    if kind:
        shown = shown[shown["kind"] == kind.removesuffix("s")]
    if shared_only:
        shown = shown[shown["n_outlets"] >= 2]
    return shown


shown = data.derived(view, f"quotes {picks}", picked)
if shown.empty:
    st.info("No quotes match these choices.")
    st.stop()

st.subheader("The same quote across outlets")
shared = data.derived(view, f"shared quotes {picks}", lambda: shown[shown["n_outlets"] >= 2])
if shared.empty:
    st.caption("No quote here is carried by more than one outlet.")
rows_of = data.derived(view, f"shared quotes by group {picks}", lambda: shared.groupby("group_id", sort=False).indices)
groups = pd.Series(list(rows_of))  # in the order of the table below
n_pages = views.page_count(len(groups), BOXES_PER_PAGE)
if st.session_state.get(keys.QUOTES_PAGE, 1) > n_pages:  # fewer shared quotes since the last run
    st.session_state[keys.QUOTES_PAGE] = 1
page = 1 if n_pages == 1 else st.selectbox(
    "Shared quotes", range(1, n_pages + 1), key=keys.QUOTES_PAGE,
    format_func=lambda p: views.page_label(p, len(groups), BOXES_PER_PAGE, "shared quotes"),
    help=f"{BOXES_PER_PAGE} quotes a page, in the order of the table below. Narrow them with the speaker, kind "
         "and sidebar filters.")
on_page = groups.iloc[(page - 1) * BOXES_PER_PAGE:page * BOXES_PER_PAGE]


def box_html(group_id: str) -> str:
    """One quote's box: its versions, fullest first, each compared word by word with the fullest statement."""
    versions = shared.take(rows_of[group_id])
    # The fullest statement is the reference; a fragment is a few words out of it, so it is shown as is.
    versions = versions.assign(_full=(versions["kind"] == "statement").fillna(False).astype(bool),
                               _len=versions["quote"].str.len())
    versions = versions.sort_values(["_full", "_len"], ascending=False)
    reference = txt(versions["quote"].iloc[0])
    speakers_here = sorted({txt(s) for s in versions["speaker"] if txt(s)})
    disputed = len(speakers_here) > 1 or not versions["speaker_agrees"].fillna(True).astype(bool).all()
    lines = []
    for i, r in enumerate(versions.head(BOX_VERSIONS).itertuples()):
        diff = i > 0 and (txt(r.kind) != "fragment" or not versions["_full"].iloc[0])
        words = word_diff_html(reference, txt(r.quote)) if diff else esc(r.quote)
        lines.append(f"<div class='tri-sentence'><span class='who'>{esc(r.source)} · {esc(txt(r.speaker) or '?')}"
                     f"</span>{badge(txt(r.kind), txt(r.kind))}<br>“{words}”</div>")
    if len(versions) > BOX_VERSIONS:
        lines.append(f"<small>The {BOX_VERSIONS} fullest of {len(versions):,} versions; the table below lists them "
                     "all.</small><br>")
    head = (f"<b>{esc(', '.join(speakers_here) or 'speaker unknown')}</b> — {len(versions):,} versions in "
            f"{versions['source'].nunique():,} sources" + (badge("speaker differs", "warn") if disputed else ""))
    return (f"<div class='tri-box tri-diff'>{head}{''.join(lines)}"
            "<small>Statements compared with the first: <ins>added</ins> <del>missing</del>. "
            "Fragments are shown as quoted.</small></div>")


for group_id in on_page:
    st.html(data.derived(view, f"quote box {group_id} {picks}", lambda: box_html(group_id)))

st.subheader("All quotes")
downloads.table(shown.drop(columns=["n_outlets"]), "quotes", hide_index=True,
                column_order=["speaker", "source", "kind", "quote", "cue", "speaker_agrees", "sentence"],
                column_config={"quote": st.column_config.TextColumn(width="large"),
                               "sentence": st.column_config.TextColumn(width="large")})
