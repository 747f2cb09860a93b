"""The plotly timeline: one mark per (event, source), days as points, weeks/months/ranges as spans; each source
in its own colour, up to ``COLOURED`` of them (the rest share a grey "other sources" entry).

Every string from an article goes through ``highlight.chart_text`` first (``<``, ``>`` and ``&`` escaped): plotly
renders a subset of HTML in hover labels, tick labels and legend names.
"""
from __future__ import annotations

import datetime as dt
import textwrap

import pandas as pd
import plotly.graph_objects as go
from plotly.colors import qualitative

from .highlight import chart_text

PALETTE = qualitative.D3 + qualitative.Set2
HOVER = ("<b>%{customdata[0]}</b><br>%{customdata[1]}: %{customdata[2]}<br><br>%{customdata[3]}"
         "<extra></extra>")
DAY_MS = 86_400_000


COLOURED = 12     # sources with a colour (and a legend entry) of their own
OTHER = "other sources"
OTHER_COLOUR = "#9aa0aa"


def source_colours(sources: list[str]) -> dict[str, str]:
    return {s: PALETTE[i % len(PALETTE)] for i, s in enumerate(sorted(sources))}


def legend_groups(marks: pd.DataFrame) -> tuple[pd.Series, dict[str, str]]:
    """Per mark, its legend entry, and each entry's colour: the source itself for the ``COLOURED`` sources with
    the most marks (ties by name), ``OTHER`` in grey for the rest, so hundreds of sources do not make hundreds
    of traces and legend entries. The hover always names the mark's own source."""
    counts = marks["source"].value_counts()
    top = sorted(counts.index, key=lambda s: (-counts[s], s))[:COLOURED]
    colours = source_colours(top)
    if len(counts) > COLOURED:
        colours[OTHER] = OTHER_COLOUR
    return marks["source"].where(marks["source"].isin(top), OTHER), colours


def _wrapped(text: str, width: int = 90, lines: int = 6) -> str:
    parts = textwrap.wrap(str(text), width=width, max_lines=lines, placeholder=" …")
    return "<br>".join(chart_text(p) for p in parts)


def _when(start: str, end: str, granularity: str) -> str:
    return f"{start} ({granularity})" if start == end else f"{start} → {end} ({granularity})"


def timeline_figure(marks: pd.DataFrame, *, zoom: tuple[str, str] | None = None) -> go.Figure:
    """The chart of ``ui.views.timeline_marks`` rows: rows of one event stacked together, coloured by source.
    ``zoom`` (``ui.views.zoom_window``) is the x range shown first; the rest stays a pan away."""
    entry, colours = legend_groups(marks)
    fig = go.Figure()
    for source, colour in colours.items():
        m = marks[entry == source]
        custom = [[chart_text(src), chart_text(x), _when(s, e, g), _wrapped(sent)] for src, x, s, e, g, sent in
                  zip(m["source"], m["expression"], m["start"], m["end"], m["granularity"], m["sentence"])]
        is_span = (m["shape"] == "span").to_numpy()
        spans, points = m[is_span], m[~is_span]
        if not spans.empty:
            length = [(dt.date.fromisoformat(e[:10]) - dt.date.fromisoformat(s[:10])).days * DAY_MS + DAY_MS
                      for s, e in zip(spans["start"], spans["end"])]
            fig.add_bar(orientation="h", base=spans["start"].tolist(), x=length, y=spans["row"].tolist(),
                        width=0.62, marker=dict(color=colour, opacity=0.75, line=dict(width=0)),
                        name=chart_text(source), legendgroup=source,
                        customdata=[c for c, k in zip(custom, is_span) if k], hovertemplate=HOVER)
        if not points.empty:
            fig.add_scatter(x=points["start"].tolist(), y=points["row"].tolist(), mode="markers",
                            marker=dict(color=colour, size=12, line=dict(color="white", width=1.5)),
                            name=chart_text(source), legendgroup=source, showlegend=spans.empty,
                            customdata=[c for c, k in zip(custom, is_span) if not k], hovertemplate=HOVER)
    more = marks["more_sources"] if "more_sources" in marks else pd.Series(0, index=marks.index)
    events = marks.assign(_more=more).groupby("event_row", sort=True).agg(
        low=("row", "min"), high=("row", "max"), event=("event", "first"), differs=("date_differs", "any"),
        more=("_more", "max"))
    for i, ev in enumerate(events.itertuples()):
        if i % 2 == 0:
            fig.add_hrect(y0=ev.low - 0.5, y1=ev.high + 0.5, fillcolor="#eef0f4", opacity=0.6, line_width=0,
                          layer="below")
    ticktext = [chart_text(textwrap.shorten(str(e), 46, placeholder="…")) + (" ≠" if d else "")
                + (f"<br>+ {m:,} more sources" if m else "") for e, d, m in
                zip(events["event"], events["differs"], events["more"])]
    n_rows = int(marks["row"].max()) + 1 if not marks.empty else 1
    fig.update_yaxes(tickvals=((events["low"] + events["high"]) / 2).tolist(), ticktext=ticktext,
                     range=[n_rows - 0.3, -0.7], showgrid=False, zeroline=False)  # first event on top
    fig.update_xaxes(type="date", showgrid=True, gridcolor="#e6e8ec")
    if zoom:
        fig.update_xaxes(range=list(zoom))
    fig.update_layout(barmode="overlay", height=max(320, 90 + 24 * n_rows), hovermode="closest",
                      margin=dict(l=10, r=10, t=40, b=10), legend=dict(orientation="h", y=1.02, yanchor="bottom",
                                                                      x=0, title_text="Source "),
                      plot_bgcolor="white")
    return fig
