"""Download buttons: one CSV per table as currently filtered, and one zip of every table.

The bytes come from ``core.export`` (cells that a spreadsheet would run as a formula are neutralised).
"""
from __future__ import annotations

import pandas as pd
import streamlit as st

from core.export import to_csv_bytes, zip_tables


def csv_button(df: pd.DataFrame, name: str, *, file_name: str | None = None, key: str | None = None) -> None:
    """A button that downloads ``df`` (the table as shown, all of its columns) as ``triangulate-<name>.csv``."""
    rows = f"{len(df):,} row" + ("" if len(df) == 1 else "s")
    st.download_button(f"{name} CSV ({rows})", to_csv_bytes(df), file_name=f"triangulate-{file_name or name}.csv",
                       mime="text/csv", key=key or f"download_{name}", on_click="ignore",
                       icon=":material/download:")


def zip_button(tables: dict[str, pd.DataFrame], *, key: str = "download_zip") -> None:
    st.download_button("All tables (zip)", zip_tables(tables), file_name="triangulate-tables.zip",
                       mime="application/zip", key=key, on_click="ignore", icon=":material/folder_zip:",
                       help="Every table as currently filtered, one CSV each.")
