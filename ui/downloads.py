"""Tables as shown and as downloaded: a browser table capped at ``TABLE_ROWS`` rows, and CSV/zip downloads of
every row.

The bytes come from ``core.export`` (cells that a spreadsheet would run as a formula are neutralised). A
browser table of tens of thousands of rows is slow to send and to scroll, so ``table`` shows the first
``TABLE_ROWS`` rows in the page's order and says so; the CSV next to it always has them all. Downloads are
written when their button is clicked, never on a run of the page: a filter change must not pay for CSVs and
a zip nobody asked for.
"""
from __future__ import annotations

import pandas as pd
import streamlit as st

from core.export import to_csv_bytes, zip_tables

TABLE_ROWS = 2_000


def _rows(n: int) -> str:
    return f"{n:,} row" + ("" if n == 1 else "s")


def table(df: pd.DataFrame, name: str | None = None, *, file_name: str | None = None, key: str | None = None,
          **dataframe_args) -> None:
    """``st.dataframe`` of the first ``TABLE_ROWS`` rows of ``df`` (with a caption when rows are left out) and,
    when ``name`` is given, the CSV button of all of ``df`` (see ``csv_button``)."""
    st.dataframe(df.head(TABLE_ROWS), **dataframe_args)
    if len(df) > TABLE_ROWS:
        rest = (f"the CSV download has all {len(df):,}" if name else
                "narrow them with the filters in the sidebar")
        st.caption(f"Showing the first {TABLE_ROWS:,} of {_rows(len(df))}; {rest}.")
    if name:
        csv_button(df, name, file_name=file_name, key=key)


def csv_button(df: pd.DataFrame, name: str, *, file_name: str | None = None, key: str | None = None) -> None:
    """A button that downloads ``df`` (the table as shown, all of its rows and columns) as
    ``triangulate-<name>.csv``."""
    st.download_button(f"{name} CSV ({_rows(len(df))})", lambda: to_csv_bytes(df),
                       file_name=f"triangulate-{file_name or name}.csv", mime="text/csv", key=key or f"download_{name}",
                       on_click="ignore", icon=":material/download:")


def zip_button(tables: dict[str, pd.DataFrame], *, key: str = "download_zip") -> None:
    """A button that downloads every table (as currently filtered) as one zip of CSVs."""
    st.download_button("All tables (zip)", lambda: zip_tables(tables),
                       file_name="triangulate-tables.zip", mime="application/zip", key=key, on_click="ignore",
                       icon=":material/folder_zip:", help="Every table as currently filtered, one CSV each.")
