"""Timeline: dated events, one mark per (event, source); days are points, weeks, months and ranges are spans."""
from __future__ import annotations

import streamlit as st

from ui import charts, data, downloads, keys, views

ZOOM = {"all dates": None, "last 3 months": 92, "last 2 weeks": 14}

view = data.load_view()
timeline = view.tables["timeline"]

st.title("Timeline")
if timeline.empty:
    st.info("No dated events" + (" match the current filters." if view.filters.active else " in this corpus."))
    st.stop()

marks = views.timeline_marks(timeline)
unresolved = int((timeline["start"].astype("string").fillna("") == "").sum())
st.caption(f"{marks['event_id'].nunique()} events, {len(marks)} marks from {marks['source'].nunique()} sources. "
           "A point is a single day; a bar is a week, a month or a range, drawn over its whole length. "
           "≠ marks an event that sources date differently."
           + (f" {unresolved} date expressions could not be resolved (listed below)." if unresolved else ""))
if marks.empty:
    st.info("None of these date expressions could be resolved to a date, so there is nothing to chart.")
else:
    zoom = st.segmented_control("Show", list(ZOOM), default="all dates", key=keys.TIMELINE_ZOOM,
                                help="Zoom the chart only; the sidebar's Dates filter narrows every page.")
    figure = charts.timeline_figure(marks, last_days=ZOOM.get(zoom or "all dates"))
    st.plotly_chart(figure, width="stretch", config={"displaylogo": False})

st.subheader("Dates, source by source")
ordered = timeline.sort_values(["start", "event_id", "source"], na_position="last")
st.dataframe(ordered, hide_index=True,
             column_order=["event_label", "source", "expression", "start", "end", "granularity", "resolved",
                           "date_differs", "note", "sentence"],
             column_config={"event_label": st.column_config.TextColumn("event"),
                            "date_differs": st.column_config.CheckboxColumn("dated differently"),
                            "sentence": st.column_config.TextColumn(width="large")})
downloads.csv_button(ordered, "timeline")
