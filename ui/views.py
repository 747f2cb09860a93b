"""Pure pandas views of the tables, shaped for the pages (no Streamlit here, so they are easy to test).

- ``figures(claims)``: one row per claimed number with its readable figure ("about 1,500", "10,000–12,000").
- ``quantity_summary(claims)``: one row per quantity group: figures side by side, spread, whether sources disagree.
- ``figure_pivot(claims)`` / ``source_figure_matrix(claims)``: claimant × source and quantity × source grids.
- ``timeline_marks(timeline)``: one mark per (event, source, dates), laid out in rows for the chart.
- ``busiest_events(marks, rows)``: the marks of the events most sources carry, when all would not fit a chart.
- ``quote_versions(quotes)``: quotes with the number of outlets that carry the same quote.
- ``actor_listing(tables)`` / ``actor_profile(tables, actor_id)``: actors with their counts; one actor per source.
- ``page_count`` / ``page_label``: long lists of cards shown a page at a time.
"""
from __future__ import annotations

import datetime as dt

import pandas as pd

from core import compare
from core.compare import figure_label

from .highlight import txt

NO_CLAIMANT = "(unattributed)"


def plural(n: int, word: str, words: str | None = None) -> str:
    """ "1 figure", "3 figures"."""
    return f"{n:,} {word if n == 1 else (words or word + 's')}"


FIGURE_COLUMNS = ("figure", "claimant_label", "quantity_label", "_key")


def figures(claims: pd.DataFrame) -> pd.DataFrame:
    """Claims with ``figure`` (readable number), ``claimant_label`` and ``quantity_label`` columns added (claims
    that have them already are returned as they are: a page computes them once and passes subsets around)."""
    if all(c in claims.columns for c in FIGURE_COLUMNS):
        return claims
    out = claims.copy(deep=False)  # the claims' columns are shared (copy-on-write), only the new ones are made
    out["figure"] = figure_labels(out)
    out["claimant_label"] = out["claimant"].astype("string").fillna("").replace("", NO_CLAIMANT)
    unit = out["unit"].astype("string").fillna("")
    quantity = out["quantity"].astype("string").fillna("") if "quantity" in out else unit
    out["quantity_label"] = quantity.where(quantity != "", unit).replace("", "(no unit)")
    out["_key"] = out["value"].astype("string").fillna("") + "-" + out["value_high"].astype("string").fillna("")
    return out


def figure_labels(claims: pd.DataFrame) -> pd.Series:
    """``figure_label`` of each claim, computed once per distinct (value, high, qualifier, vague text): tens of
    thousands of claims print a few thousand distinct figures."""
    value = claims["value"].astype("Float64")
    parts = pd.DataFrame({"value": value, "value_high": claims["value_high"].astype("Float64"),
                          "qualifier": claims["qualifier"].astype("string"),
                          # the written text matters only where there is no number, or the figure is vague
                          "text": claims["text"].astype("string").where(
                              value.isna() | (claims["qualifier"].astype("string") == "vague"), "")})
    codes, distinct = pd.factorize(pd.MultiIndex.from_frame(parts), use_na_sentinel=False)
    labels = [figure_label(*row) for row in distinct]
    return pd.Series([labels[c] for c in codes], index=claims.index)


def quantity_summary(claims: pd.DataFrame, disputed: set[str] | None = None) -> pd.DataFrame:
    """One row per quantity group: the figures claimed, by how many sources, the spread, and whether the
    sources disagree. Most disputed first. ``disputed`` is the comparison step's verdict (the group ids of
    the ``disagreements`` table); without it, a group is disputed when two sources or more give two
    different figures or more. Grouped aggregations only (no loop over groups): thousands of groups at 10,000
    articles."""
    cols = ["group_id", "quantity", "figures", "n_sources", "n_claims", "low", "high", "ratio", "disagree"]
    if claims.empty:
        return pd.DataFrame(columns=cols)
    df = figures(claims).reset_index(drop=True)
    counted = df["value"].notna()
    df["_top"] = df["value_high"].fillna(df["value"]).where(counted)
    df["_numeric_key"] = df["_key"].where(counted)
    groups = df.groupby("group_id", sort=False, dropna=False)
    out = groups.agg(quantity=("quantity_label", "first"), n_sources=("source", "nunique"),
                     n_claims=("source", "size"), low=("value", "min"), high=("_top", "max"),
                     _n_figures=("_numeric_key", "nunique"))
    # Each group's distinct figures, lowest first (a stable sort keeps the claims' order among equal values).
    ordered = df.sort_values(["value", "value_high"], na_position="last", kind="stable")
    ordered = ordered.drop_duplicates(["group_id", "figure"])
    out["figures"] = ordered.groupby("group_id", sort=False, dropna=False)["figure"].agg(" / ".join)
    out["low"], out["high"] = out["low"].astype("Float64"), out["high"].astype("Float64")
    out["ratio"] = (out["high"] / out["low"]).where((out["low"] > 0).fillna(False), pd.NA)
    out["disagree"] = (out.index.isin(list(disputed)) if disputed is not None
                       else (out["n_sources"] >= 2) & (out["_n_figures"] >= 2))
    out = out.rename_axis("group_id").reset_index()[cols]
    return out.sort_values(["disagree", "ratio", "n_sources"], ascending=False, na_position="last",
                           key=lambda s: s.astype("Float64") if s.name == "ratio" else s).reset_index(drop=True)


def disputed_groups(tables: dict[str, pd.DataFrame]) -> set[str] | None:
    """The groups the comparison step calls disagreements, or None when it produced no comparison at all."""
    if tables["comparison"].empty:
        return None
    return set(tables["disagreements"]["group_id"].dropna())


def figure_pivot(claims: pd.DataFrame, *, max_sources: int | None = None,
                 max_claimants: int | None = None) -> pd.DataFrame:
    """Claimant × source grid of the figures of one quantity group ("about 1,500; 10,000"). With the limits,
    only the sources and the claimants with the most figures (ties by name), in name order."""
    df = claims if max_sources is None else claims[claims["source"].isin(busiest(claims["source"], max_sources))]
    df = figures(df)
    if max_claimants is not None:
        df = df[df["claimant_label"].isin(busiest(df["claimant_label"], max_claimants))]
    # Each cell: the distinct figures in the order the claims give them (first occurrences, joined).
    cells = df.drop_duplicates(["claimant_label", "source", "figure"])
    grid = (cells.groupby(["claimant_label", "source"], sort=True)["figure"].agg("; ".join)
            .unstack("source", fill_value=""))
    grid.columns.name = None
    grid.index.name = "claimant"
    return grid


def busiest(values: pd.Series, limit: int) -> list:
    """The ``limit`` most frequent of ``values``, most frequent first (ties by value)."""
    counts = values.value_counts()
    return [v for v, _ in sorted(counts.items(), key=lambda vc: (-vc[1], vc[0]))[:limit]]


def first_figures(figures: str, limit: int) -> str:
    """The first ``limit`` figures of a ``quantity_summary`` "figures" list, saying how many are left out."""
    parts = figures.split(" / ")
    return figures if len(parts) <= limit else " / ".join(parts[:limit]) + f" / … ({len(parts) - limit:,} more)"


def source_figure_matrix(claims: pd.DataFrame, summary: pd.DataFrame, *, max_rows: int | None = None,
                         max_sources: int | None = None) -> pd.DataFrame:
    """Quantity × source grid: what each source claims for each quantity, in ``summary`` order. With
    ``max_rows`` only the first quantities of ``summary`` (the most disputed), with ``max_sources`` only the
    sources that give the most figures for those (ties by name; columns stay in source-name order, and a
    quantity none of them gives a figure for keeps an empty row)."""
    labels = group_labels(summary)
    kept = summary["group_id"] if max_rows is None else summary["group_id"].head(max_rows)
    df = claims[claims["group_id"].isin(set(kept))]
    if max_sources is not None:
        df = df[df["source"].isin(busiest(df["source"], max_sources))]
    df = figures(df)
    df["row"] = df["group_id"].map(labels)
    grid = df.pivot_table(index="row", columns="source", values="figure",
                          aggfunc=lambda s: "; ".join(dict.fromkeys(s)), fill_value="")
    grid = grid.reindex([labels[g] for g in kept], fill_value="")
    grid.columns.name = None
    grid.index.name = "quantity"
    return grid


def group_labels(summary: pd.DataFrame) -> dict[str, str]:
    """Quantity label per group, numbered when two groups share a quantity ("troops", "troops (2)")."""
    seen: dict[str, int] = {}
    labels = {}
    for group_id, quantity in zip(summary["group_id"], summary["quantity"]):
        seen[quantity] = seen.get(quantity, 0) + 1
        labels[group_id] = quantity if seen[quantity] == 1 else f"{quantity} ({seen[quantity]})"
    return labels


# --- timeline -----------------------------------------------------------------------------------------------

def timeline_marks(timeline: pd.DataFrame) -> pd.DataFrame:
    """One mark per (event, source, dates) with a resolved date, laid out for the chart: events ordered by
    date, the sources of one event on adjacent rows (``row``). ``shape`` is ``point`` for a single day and
    ``span`` for anything longer (a week, a month, a range), so a month never looks like a precise day."""
    cols = ["event_id", "event", "source", "start", "end", "granularity", "expression", "sentence",
            "date_differs", "shape", "row", "event_row"]
    if timeline.empty:
        return pd.DataFrame(columns=cols)
    df = timeline.copy()
    df["start"] = df["start"].astype("string").fillna("")
    df = df[df["start"] != ""]
    if df.empty:
        return pd.DataFrame(columns=cols)
    df["end"] = df["end"].astype("string").fillna("").where(lambda s: s != "", df["start"])
    label = df["event_label"].astype("string").fillna("") if "event_label" in df else df["expression"]
    df["event"] = label.where(label != "", df["expression"].astype("string"))
    if "event_id" not in df:
        df["event_id"] = df["event"]
    df["date_differs"] = df.get("date_differs", pd.Series(False, index=df.index)).fillna(False).astype(bool)
    df = df.drop_duplicates(["event_id", "source", "start", "end"])
    df["shape"] = ["point" if s == e and g == "day" else "span" for s, e, g in
                   zip(df["start"], df["end"], df["granularity"].astype("string").fillna(""))]
    return _laid_out(df)[cols].reset_index(drop=True)


def _laid_out(marks: pd.DataFrame) -> pd.DataFrame:
    """``marks`` ordered by each event's first date, with ``row`` (the sources of one event on adjacent rows, a
    blank row between events) and ``event_row`` (the event's rank) numbered from 0."""
    first = marks.groupby("event_id")["start"].transform("min")
    df = marks.assign(_first=first).sort_values(["_first", "event_id", "source", "start"]).drop(columns="_first")
    new_event = df["event_id"].ne(df["event_id"].shift()).fillna(True).to_numpy(dtype=bool)
    new_source = new_event | df["source"].ne(df["source"].shift()).fillna(True).to_numpy(dtype=bool)
    step = pd.Series(new_source.astype(int) + new_event.astype(int), index=df.index)
    step.iloc[:1] = 1  # the first event starts on row 0
    df["row"] = step.cumsum() - 1
    df["event_row"] = new_event.cumsum() - 1
    return df


def busiest_events(marks: pd.DataFrame, max_rows: int, *, per_event: int, since: str | None = None) -> pd.DataFrame:
    """The marks of the events carried by the most sources (then the most marks, then the latest) that fit in
    ``max_rows`` chart rows (one event at least), at most ``per_event`` sources each (see ``few_sources``), laid
    out again: what a readable chart can hold when there are thousands of events or hundreds of sources. With
    ``since`` (ISO date) only events that reach that date count, so a zoomed chart shows the busiest in view."""
    pool = marks if since is None else marks[marks["end"] >= since]
    stats = pool.groupby("event_id").agg(n_sources=("source", "nunique"), n_marks=("source", "size"),
                                         latest=("start", "max"))
    stats = stats.sort_values(["n_sources", "n_marks", "latest"], ascending=False, kind="stable")
    rows = (stats["n_sources"].clip(upper=per_event) + 1).cumsum()  # a row per source shown and a blank row
    fits = (rows <= max_rows + 1).to_numpy(copy=True)
    fits[:1] = True
    chosen = pool[pool["event_id"].isin(set(stats.index[fits]))]
    return _laid_out(few_sources(chosen, per_event)).reset_index(drop=True)


def few_sources(marks: pd.DataFrame, per_event: int) -> pd.DataFrame:
    """The marks of at most ``per_event`` sources per event, with ``more_sources``: how many sources of the event
    are left out. The sources that give each different dating of an event come first (so a source that dates
    it differently is never the one left out), then the others by name."""
    first_dating = ~marks.duplicated(["event_id", "start", "end"])
    ranked = (marks.assign(_later=~first_dating).sort_values(["event_id", "_later", "source"], kind="stable")
              .drop_duplicates(["event_id", "source"]))
    kept = ranked[ranked.groupby("event_id").cumcount() < per_event][["event_id", "source"]]
    n_sources = marks.groupby("event_id")["source"].nunique()
    out = marks.merge(kept, on=["event_id", "source"])
    out["more_sources"] = (out["event_id"].map(n_sources) - out["event_id"].map(kept.groupby("event_id").size()))
    return out


def chart_rows(marks: pd.DataFrame) -> int:
    """How many rows the chart of ``marks`` (laid out by ``timeline_marks``) takes."""
    return int(marks["row"].max()) + 1 if not marks.empty else 0


def zoom_window(marks: pd.DataFrame, last_days: int | None) -> tuple[str, str] | None:
    """The x range (ISO dates) of a zoom on the last ``last_days`` days up to the latest start date, or None
    for no zoom (the end of a long span such as "this year" would zoom into an empty future)."""
    if not last_days or marks.empty:
        return None
    latest = dt.date.fromisoformat(str(marks["start"].max())[:10]) + dt.timedelta(days=2)
    return (latest - dt.timedelta(days=last_days)).isoformat(), latest.isoformat()


# --- quotes and actors --------------------------------------------------------------------------------------

def quote_versions(quotes: pd.DataFrame) -> pd.DataFrame:
    """Quotes with ``n_outlets``: how many articles carry the same quote (its ``group_id``)."""
    out = quotes.copy()
    out["n_outlets"] = out.groupby("group_id", dropna=False)["article_id"].transform("nunique").astype("Int64")
    return out


ACTOR_COLUMNS = {"mentions": "actor_id", "quotes": "speaker_id", "claims": "claimant_id"}  # an actor's own rows


def actor_profile(tables: dict[str, pd.DataFrame], actor_id: str) -> pd.DataFrame:
    """``core.compare.actor_profile`` of one actor (per source: mentions, quotes, claims) plus ``spellings``:
    the ways that source writes the name. Only that actor's rows are counted, so it stays quick on a corpus
    with hundreds of thousands of mentions."""
    mine = {name: tables[name][tables[name][col] == actor_id] for name, col in ACTOR_COLUMNS.items()}
    profile = compare.actor_profile({**tables, **mine})
    mentions = mine["mentions"]
    spellings = (mentions.groupby(["actor_id", "source"])["text"]
                 .agg(lambda s: " | ".join(sorted(set(s.dropna())))).rename("spellings").reset_index())
    return profile.merge(spellings, on=["actor_id", "source"], how="left")


def actor_listing(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """The ``actors`` table with how many quotes (``n_quotes``) and numbers (``n_claims``) each actor is given,
    most mentioned first."""
    counts = {name: tables[table][col].value_counts()
              for name, table, col in (("n_quotes", "quotes", "speaker_id"), ("n_claims", "claims", "claimant_id"))}
    listing = tables["actors"].copy()
    for name, per_actor in counts.items():
        listing[name] = listing["actor_id"].map(per_actor).fillna(0).astype("int64")
    return listing.sort_values("n_mentions", ascending=False)


def page_count(n_items: int, size: int) -> int:
    """How many pages of ``size`` items ``n_items`` items fill (at least one)."""
    return max(1, -(-n_items // size))


def page_label(page: int, n_items: int, size: int, what: str) -> str:
    """What page ``page`` (from 1) of ``n_items`` holds, for a page selector: "11–20 of 3,000 quantities"."""
    first = (page - 1) * size + 1
    return f"{first:,}–{min(page * size, n_items):,} of {n_items:,} {what}"


def table_counts(tables: dict[str, pd.DataFrame]) -> dict[str, int]:
    return {name: len(df) for name, df in tables.items()}
