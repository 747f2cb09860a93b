"""Timeline: dated events, one mark per (event, source); days are points, weeks, months and ranges are spans."""
from __future__ import annotations

import streamlit as st

from ui import charts, data, downloads, keys, views

ZOOM = {"all dates": None, "last 3 months": 92, "last 2 weeks": 14}
CHART_ROWS = 150  # rows (a source of an event each) a chart holds readably; beyond, the events most sources carry
EVENT_SOURCES = 8  # sources charted per event then (the others are counted on the event's label)

view = data.load_view()
timeline = view.tables["timeline"]

st.title("Timeline")
if timeline.empty:
    st.info("No dated events" + (" match the current filters." if view.filters.active else " in this corpus."))
    st.stop()

marks = data.derived(view, "timeline_marks", lambda: views.timeline_marks(timeline))
unresolved = int((timeline["start"].astype("string").fillna("") == "").sum())
n_events = marks["event_id"].nunique()
st.caption(f"{n_events:,} events, {len(marks):,} marks from {marks['source'].nunique():,} sources. "
           "A point is a single day; a bar is a week, a month or a range, drawn over its whole length. "
           "≠ marks an event that sources date differently."
           + (f" {unresolved:,} date expressions could not be resolved (listed below)." if unresolved else ""))
if marks.empty:
    st.info("None of these date expressions could be resolved to a date, so there is nothing to chart.")
else:
    zoom = st.segmented_control("Show", list(ZOOM), default="all dates", key=keys.TIMELINE_ZOOM,
                                help="Zoom the chart only; the sidebar's Dates filter narrows every page.")
    window = views.zoom_window(marks, ZOOM.get(zoom or "all dates"))
    since = window[0] if window else None
    charted = marks
    if views.chart_rows(marks) > CHART_ROWS:
        charted = data.derived(view, f"busiest events since {since}", lambda: views.busiest_events(
            marks, CHART_ROWS, per_event=EVENT_SOURCES, since=since))
        st.caption(f"The chart shows the {charted['event_id'].nunique():,} events carried by the most sources"
                   + (f" since {since}" if since else "") + f", of {n_events:,}, with up to {EVENT_SOURCES} sources "
                   "each (every different date among them; the others are counted under the event's name). The "
                   "table below lists every date. To chart others, narrow the sidebar filters (dates, sources, an "
                   "actor or a word).")
    figure = data.derived(view, f"timeline figure {window}", lambda: charts.timeline_figure(charted, zoom=window))
    st.plotly_chart(figure, width="stretch", config={"displaylogo": False})

st.subheader("Dates, source by source")
ordered = timeline.sort_values(["start", "event_id", "source"], na_position="last")
downloads.table(ordered, "timeline", hide_index=True,
                column_order=["event_label", "source", "expression", "start", "end", "granularity", "resolved",
                              "date_differs", "note", "sentence"],
                column_config={"event_label": st.column_config.TextColumn("event"),
                               "date_differs": st.column_config.CheckboxColumn("dated differently"),
                               "sentence": st.column_config.TextColumn(width="large")})
