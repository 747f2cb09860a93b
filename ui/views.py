"""Pure pandas views of the tables, shaped for the pages (no Streamlit here, so they are easy to test).

- ``figures(claims)``: one row per claimed number with its readable figure ("about 1,500", "10,000–12,000").
- ``quantity_summary(claims)``: one row per quantity group: figures side by side, spread, whether sources disagree.
- ``figure_pivot(claims)`` / ``source_figure_matrix(claims)``: claimant × source and quantity × source grids.
- ``timeline_marks(timeline)``: one mark per (event, source, dates), laid out in rows for the chart.
- ``quote_versions(quotes)``: quotes with the number of outlets that carry the same quote.
- ``actor_profile(tables)``: per actor and source, mentions, quotes, claims and the spellings used.
"""
from __future__ import annotations

import pandas as pd

from core import compare
from core.compare import figure_label

from .highlight import txt

NO_CLAIMANT = "(unattributed)"


def plural(n: int, word: str, words: str | None = None) -> str:
    """ "1 figure", "3 figures"."""
    return f"{n:,} {word if n == 1 else (words or word + 's')}"


def figures(claims: pd.DataFrame) -> pd.DataFrame:
    """Claims with ``figure`` (readable number), ``claimant_label`` and ``quantity_label`` columns added."""
    out = claims.copy()
    out["figure"] = [figure_label(v, h, q, t) for v, h, q, t in
                     zip(out["value"], out["value_high"], out["qualifier"], out["text"])]
    out["claimant_label"] = out["claimant"].astype("string").fillna("").replace("", NO_CLAIMANT)
    unit = out["unit"].astype("string").fillna("")
    quantity = out["quantity"].astype("string").fillna("") if "quantity" in out else unit
    out["quantity_label"] = quantity.where(quantity != "", unit).replace("", "(no unit)")
    out["_key"] = out["value"].astype("string").fillna("") + "-" + out["value_high"].astype("string").fillna("")
    return out


def quantity_summary(claims: pd.DataFrame, disputed: set[str] | None = None) -> pd.DataFrame:
    """One row per quantity group: the figures claimed, by how many sources, the spread, and whether the
    sources disagree. Most disputed first. ``disputed`` is the comparison step's verdict (the group ids of
    the ``disagreements`` table); without it, a group is disputed when two sources or more give two
    different figures or more."""
    cols = ["group_id", "quantity", "figures", "n_sources", "n_claims", "low", "high", "ratio", "disagree"]
    if claims.empty:
        return pd.DataFrame(columns=cols)
    df = figures(claims)
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
    return out.sort_values(["disagree", "ratio", "n_sources"], ascending=False, na_position="last",
                           key=lambda s: s.astype("Float64") if s.name == "ratio" else s).reset_index(drop=True)


def disputed_groups(tables: dict[str, pd.DataFrame]) -> set[str] | None:
    """The groups the comparison step calls disagreements, or None when it produced no comparison at all."""
    if tables["comparison"].empty:
        return None
    return set(tables["disagreements"]["group_id"].dropna())


def figure_pivot(claims: pd.DataFrame) -> pd.DataFrame:
    """Claimant × source grid of the figures of one quantity group ("about 1,500; 10,000")."""
    df = figures(claims)
    grid = df.pivot_table(index="claimant_label", columns="source", values="figure",
                          aggfunc=lambda s: "; ".join(dict.fromkeys(s)), fill_value="")
    grid.columns.name = None
    grid.index.name = "claimant"
    return grid


def source_figure_matrix(claims: pd.DataFrame, summary: pd.DataFrame) -> pd.DataFrame:
    """Quantity × source grid: what each source claims for each quantity, in ``summary`` order."""
    df = figures(claims)
    labels = group_labels(summary)
    df["row"] = df["group_id"].map(labels)
    grid = df.pivot_table(index="row", columns="source", values="figure",
                          aggfunc=lambda s: "; ".join(dict.fromkeys(s)), fill_value="")
    grid = grid.reindex([labels[g] for g in summary["group_id"] if labels[g] in grid.index])
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
    first = df.groupby("event_id")["start"].transform("min")
    df = df.assign(_first=first).sort_values(["_first", "event_id", "source", "start"])
    rows, event_rows, row, last_event, last_source = [], [], -1, None, None
    event_row = -1
    for event_id, source in zip(df["event_id"], df["source"]):
        if event_id != last_event:
            row += 1 if last_event is None else 2  # a blank row between events keeps groups apart
            event_row += 1
        elif source != last_source:
            row += 1
        rows.append(row)
        event_rows.append(event_row)
        last_event, last_source = event_id, source
    df["row"], df["event_row"] = rows, event_rows
    return df[cols].reset_index(drop=True)


# --- quotes and actors --------------------------------------------------------------------------------------

def quote_versions(quotes: pd.DataFrame) -> pd.DataFrame:
    """Quotes with ``n_outlets``: how many articles carry the same quote (its ``group_id``)."""
    out = quotes.copy()
    out["n_outlets"] = out.groupby("group_id", dropna=False)["article_id"].transform("nunique").astype("Int64")
    return out


def actor_profile(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """``core.compare.actor_profile`` (per actor and source: mentions, quotes, claims) plus ``spellings``: the
    ways that source writes the name."""
    profile = compare.actor_profile(tables)
    mentions = tables["mentions"]
    spellings = (mentions.groupby(["actor_id", "source"])["text"]
                 .agg(lambda s: " | ".join(sorted(set(s.dropna())))).rename("spellings").reset_index())
    return profile.merge(spellings, on=["actor_id", "source"], how="left")


def table_counts(tables: dict[str, pd.DataFrame]) -> dict[str, int]:
    return {name: len(df) for name, df in tables.items()}
