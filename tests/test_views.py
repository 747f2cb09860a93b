"""The pure views of ``ui.views`` (and the legend of ``ui.charts``) at the seeds' size and at thousands of groups.

The big tables are the seed tables copied k times (``replicated``), every id and source suffixed with the copy
number: k × the groups, events, actors and sources of the seeds. The vectorised views must give exactly what
the loops they replaced gave (kept here, as the reference), and the limits for big corpora must keep the right
rows: the most disputed quantities, the sources with the most figures, the events most sources carry.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from core import compare
from ui import charts, views

ID_COLUMNS = ("article_id", "source", "group_id", "event_id", "actor_id", "claimant_id", "speaker_id")


def replicated(tables: dict[str, pd.DataFrame], k: int) -> dict[str, pd.DataFrame]:
    """``tables`` copied ``k`` times, every id and source suffixed "~<copy>" (empty ids stay empty)."""
    out = {}
    for name, df in tables.items():
        big = pd.concat([df] * k, ignore_index=True)
        suffix = pd.Series(np.repeat(np.arange(k), len(df)).astype(str), dtype="string")
        for col in ID_COLUMNS:
            if col in big:
                ids = big[col].astype("string")
                big[col] = ids.where(ids.fillna("") == "", ids + "~" + suffix)
        out[name] = big
    return out


@pytest.fixture(scope="module")
def big(seed_tables) -> dict[str, pd.DataFrame]:
    return replicated(seed_tables, 40)


# --- the loops the views replaced (the reference) --------------------------------------------------------------

def looped_quantity_summary(claims: pd.DataFrame, disputed: set[str] | None = None) -> pd.DataFrame:
    """``quantity_summary`` as it was: one Python iteration per group."""
    cols = ["group_id", "quantity", "figures", "n_sources", "n_claims", "low", "high", "ratio", "disagree"]
    df = views.figures(claims)
    rows = []
    for group_id, g in df.groupby("group_id", sort=False, dropna=False):
        ordered = g.sort_values(["value", "value_high"], na_position="last")
        numeric = g[g["value"].notna()]
        low = numeric["value"].min() if not numeric.empty else pd.NA
        high = numeric["value_high"].fillna(numeric["value"]).max() if not numeric.empty else pd.NA
        n_sources = g["source"].nunique()
        rows.append({
            "group_id": group_id, "quantity": g["quantity_label"].iloc[0],
            "figures": " / ".join(dict.fromkeys(ordered["figure"])), "n_sources": n_sources, "n_claims": len(g),
            "low": low, "high": high,
            "ratio": float(high) / float(low) if pd.notna(low) and float(low) > 0 else pd.NA,
            "disagree": (group_id in disputed) if disputed is not None
            else bool(n_sources >= 2 and numeric["_key"].nunique() >= 2),
        })
    out = pd.DataFrame(rows, columns=cols)
    out = out.sort_values(["disagree", "ratio", "n_sources"], ascending=False, na_position="last",
                          key=lambda s: s.astype("Float64") if s.name == "ratio" else s).reset_index(drop=True)
    return out.astype({"low": "Float64", "high": "Float64", "ratio": "Float64", "disagree": bool})


def looped_rows(marks: pd.DataFrame) -> tuple[list[int], list[int]]:
    """The chart rows as ``timeline_marks`` numbered them, one mark at a time."""
    rows, event_rows, row, event_row, last_event, last_source = [], [], -1, -1, None, None
    for event_id, source in zip(marks["event_id"], marks["source"]):
        if event_id != last_event:
            row += 1 if last_event is None else 2
            event_row += 1
        elif source != last_source:
            row += 1
        rows.append(row)
        event_rows.append(event_row)
        last_event, last_source = event_id, source
    return rows, event_rows


# --- numbers ------------------------------------------------------------------------------------------------

HANDMADE = pd.DataFrame({
    "group_id": ["g1", "g1", "g1", "g2", "g2", "g3", "g4", "g4"],
    "quantity": ["troops"] * 3 + ["ships"] * 2 + ["", "dead", "dead"],
    "source": ["A", "B", "B", "A", "C", "A", "A", "B"],
    "value": [1500.0, 12000.0, 1500.0, None, 3.0, 0.0, 10.0, 10.0],
    "value_high": [None, None, None, None, 5.0, None, None, None],
    "qualifier": ["approx", "exact", "exact", "vague", "range", "exact", "exact", "at_least"],
    "text": ["", "", "", "dozens of ships", "", "", "", ""],
    "claimant": ["NIS", "", "NIS", "", "", "", "", ""],
    "unit": ["troops"] * 3 + ["ships"] * 2 + ["USD", "people", "people"]})


@pytest.mark.parametrize("disputed", [None, set(), {"g1", "g4"}])
def test_quantity_summary_is_the_loop_on_a_handmade_table(disputed):
    pd.testing.assert_frame_equal(views.quantity_summary(HANDMADE, disputed),
                                  looped_quantity_summary(HANDMADE, disputed), check_dtype=False)


def test_quantity_summary_is_the_loop_on_the_seeds_and_on_thousands_of_groups(seed_tables, big):
    for tables in (seed_tables, big):
        for disputed in (None, views.disputed_groups(tables)):
            fast = views.quantity_summary(tables["claims"], disputed)
            pd.testing.assert_frame_equal(fast, looped_quantity_summary(tables["claims"], disputed),
                                          check_dtype=False)
    assert len(views.quantity_summary(big["claims"])) == 40 * seed_tables["claims"]["group_id"].nunique()


def test_the_matrix_keeps_the_most_disputed_quantities_and_the_busiest_sources(seed_tables, big):
    summary = views.quantity_summary(seed_tables["claims"], views.disputed_groups(seed_tables))
    whole = views.source_figure_matrix(seed_tables["claims"], summary)
    assert list(whole.index) == list(views.group_labels(summary).values())  # every quantity, summary order
    assert list(whole.columns) == sorted(seed_tables["claims"]["source"].unique())
    pd.testing.assert_frame_equal(views.source_figure_matrix(seed_tables["claims"], summary, max_rows=30,
                                                             max_sources=12), whole)  # the seeds fit

    claims = big["claims"]
    summary = views.quantity_summary(claims, views.disputed_groups(big))
    labels = views.group_labels(summary)
    matrix = views.source_figure_matrix(claims, summary, max_rows=30, max_sources=12)
    assert len(matrix.columns) == 12 and list(matrix.columns) == sorted(matrix.columns)
    top = claims[claims["group_id"].isin(set(summary["group_id"].head(30)))]
    per_source = top["source"].value_counts()
    assert per_source[list(matrix.columns)].min() >= per_source.drop(list(matrix.columns)).max()
    assert list(matrix.index) == [labels[g] for g in summary["group_id"].head(30)]  # the 30 most disputed
    assert summary["disagree"].head(30).all()  # 40 groups are disputed
    assert (matrix != "").any(axis=1).sum() < 30  # quantities the 12 sources give no figure for stay, empty


def test_a_page_of_cards_says_which_ones_it_holds():
    assert [views.page_count(n, 10) for n in (0, 1, 10, 11, 3000)] == [1, 1, 1, 2, 300]
    assert views.page_label(2, 3000, 10, "quantities") == "11–20 of 3,000 quantities"
    assert views.page_label(4, 35, 10, "shared quotes") == "31–35 of 35 shared quotes"


# --- timeline -----------------------------------------------------------------------------------------------

def test_the_timeline_layout_is_the_loop_on_the_seeds_and_on_thousands_of_events(seed_tables, big):
    for tables in (seed_tables, big):
        marks = views.timeline_marks(tables["timeline"])
        assert (list(marks["row"]), list(marks["event_row"])) == looped_rows(marks)
        assert marks["event_row"].max() + 1 == marks["event_id"].nunique()


def test_busiest_events_keeps_the_events_most_sources_carry_that_fit_the_chart(big):
    marks = views.timeline_marks(big["timeline"])
    n_sources = marks.groupby("event_id")["source"].nunique()
    top = views.busiest_events(marks, 150, per_event=8)
    kept = top["event_id"].unique()
    assert views.chart_rows(top) <= 150 < views.chart_rows(top) + n_sources.drop(kept).max() + 1
    assert n_sources[kept].min() >= n_sources.drop(kept).max()
    assert (list(top["row"]), list(top["event_row"])) == looped_rows(top)  # laid out again from row 0
    since = "2024-10-15"
    recent = views.busiest_events(marks, 150, per_event=8, since=since)
    assert recent["event_id"].nunique() > 0 and (recent["end"] >= since).all()
    assert views.busiest_events(marks, 1, per_event=8)["event_id"].nunique() == 1  # one event at least


def test_an_event_of_many_sources_keeps_every_dating_and_counts_the_sources_left_out():
    sources = [f"S{i:03}" for i in range(300)]
    marks = pd.DataFrame({"event_id": "e", "source": sources, "start": ["2024-10-21"] * 299 + ["2024-10-22"],
                          "end": ["2024-10-21"] * 299 + ["2024-10-22"]})
    marks = pd.concat([marks, marks.head(3).assign(event_id="f")], ignore_index=True)
    few = views.few_sources(marks, 8)
    assert few.groupby("event_id")["source"].nunique().to_dict() == {"e": 8, "f": 3}
    assert "S299" in set(few["source"])  # the only source with another date is kept
    assert few.groupby("event_id")["more_sources"].max().to_dict() == {"e": 292, "f": 0}
    chart = charts.timeline_figure(views.busiest_events(
        marks.assign(event="x", expression="", granularity="day", sentence="", date_differs=False, shape="point"),
        150, per_event=8))
    assert chart.layout.yaxis.ticktext[0].endswith("<br>+ 292 more sources")


def test_a_card_grid_keeps_the_sources_and_claimants_with_the_most_figures():
    claims = pd.concat([HANDMADE.assign(source=f"S{i}", claimant=f"C{i % 4}") for i in range(20)], ignore_index=True)
    claims = pd.concat([claims, HANDMADE.assign(source="S5")], ignore_index=True)
    grid = views.figure_pivot(claims[claims["group_id"] == "g1"], max_sources=3, max_claimants=2)
    assert list(grid.columns) == ["S0", "S1", "S5"] and len(grid) == 2  # S5 has the most, then ties by name
    assert views.first_figures("1 / 2 / 3 / 4", 2) == "1 / 2 / … (2 more)"
    assert views.first_figures("1 / 2", 2) == "1 / 2"


def pivoted_figure_grid(claims: pd.DataFrame) -> pd.DataFrame:
    """``figure_pivot`` as it was (no limits): ``pivot_table`` with a Python function per cell."""
    grid = views.figures(claims).pivot_table(index="claimant_label", columns="source", values="figure",
                                             aggfunc=lambda s: "; ".join(dict.fromkeys(s)), fill_value="")
    grid.columns.name = None
    grid.index.name = "claimant"
    return grid


def test_a_card_grid_is_the_pivot_table_it_replaced(seed_tables, big):
    for tables in (seed_tables, big):
        claims = views.figures(tables["claims"])
        for group_id in claims["group_id"].drop_duplicates().head(12):
            rows = claims[claims["group_id"] == group_id]
            pd.testing.assert_frame_equal(views.figure_pivot(rows), pivoted_figure_grid(rows), check_dtype=False)
    doubled = pd.concat([HANDMADE, HANDMADE.assign(value=[9.0] * len(HANDMADE))], ignore_index=True)
    several = views.figure_pivot(doubled)
    assert several.loc["NIS", "A"] == "about 1,500; about 9"  # two figures in one cell, in claim order
    pd.testing.assert_frame_equal(several, pivoted_figure_grid(doubled), check_dtype=False)


def test_the_zoom_window_ends_two_days_after_the_latest_date():
    marks = pd.DataFrame({"start": ["2024-01-05", "2024-03-01"]})
    assert views.zoom_window(marks, 14) == ("2024-02-18", "2024-03-03")
    assert views.zoom_window(marks, None) is None


def test_the_legend_colours_the_busiest_sources_and_greys_the_rest(seed_tables, big):
    seeds = views.timeline_marks(seed_tables["timeline"])
    entry, colours = charts.legend_groups(seeds)
    assert colours == charts.source_colours(seeds["source"].unique().tolist())  # the seed chart is unchanged
    assert entry.equals(seeds["source"])

    marks = views.busiest_events(views.timeline_marks(big["timeline"]), 150, per_event=8)
    entry, colours = charts.legend_groups(marks)
    assert len(colours) == charts.COLOURED + 1 and colours[charts.OTHER] == charts.OTHER_COLOUR
    counts = marks["source"].value_counts()
    coloured = [s for s in colours if s != charts.OTHER]
    assert counts[coloured].min() >= counts.drop(coloured).max()
    figure = charts.timeline_figure(marks)
    assert len({t.name for t in figure.data}) == charts.COLOURED + 1
    hovered = {c[0] for t in figure.data if t.name == charts.OTHER for c in t.customdata}
    assert hovered == set(counts.drop(coloured).index)  # a grey mark still names its own source


# --- actors -------------------------------------------------------------------------------------------------

def test_actor_listing_and_profile_count_what_the_whole_profile_counts(seed_tables):
    whole = compare.actor_profile(seed_tables)
    totals = whole.groupby("actor_id")[["n_quotes", "n_claims"]].sum()
    listing = views.actor_listing(seed_tables)
    assert list(listing["actor_id"]) == list(seed_tables["actors"].sort_values("n_mentions", ascending=False)
                                             ["actor_id"])
    expected = totals.reindex(listing["actor_id"]).fillna(0).astype("int64")
    assert listing[["n_quotes", "n_claims"]].to_numpy().tolist() == expected.to_numpy().tolist()
    for actor_id in listing["actor_id"].head(8):
        mine = views.actor_profile(seed_tables, actor_id)
        pd.testing.assert_frame_equal(mine.drop(columns="spellings"),
                                      whole[whole["actor_id"] == actor_id].reset_index(drop=True))
        mentions = seed_tables["mentions"][seed_tables["mentions"]["actor_id"] == actor_id]
        assert set(mine["spellings"]) == {" | ".join(sorted(set(g))) for _, g in mentions.groupby("source")["text"]}


def test_figure_labels_are_those_of_figure_label_row_by_row(seed_tables):
    from core.compare import figure_label

    odd = pd.DataFrame({"value": [None, 1500.0, 10000.0, 1500.0, None], "value_high": [None, None, 12000.0, None, None],
                        "qualifier": ["vague", "approx", "range", "vague", None], "text": ["thousands", "about 1,500",
                        "10,000-12,000", "some 1,500", "dozens"]})
    for claims in (seed_tables["claims"], odd.astype({"qualifier": "string", "text": "string"})):
        expected = [figure_label(v, h, q, t) for v, h, q, t in
                    zip(claims["value"], claims["value_high"], claims["qualifier"], claims["text"])]
        assert views.figure_labels(claims).tolist() == expected
