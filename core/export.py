"""Safe CSV export of tables: cells that a spreadsheet would run as a formula are neutralised (OWASP).

A text cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return gets a single quote in front
(``=HYPERLINK(...)`` → ``'=HYPERLINK(...)``), as the OWASP "CSV Injection" page recommends; a spreadsheet then
shows the text as written instead of running it. Numbers are left alone: numeric columns are not text, and a text
cell that is a plain number ("-5", "+3.5", "-1,500") is no formula either, so it stays a number.
Every CSV the product writes (``extract``, ``export``, the app's download buttons and zip) goes through here.
Rows end in CRLF, as RFC 4180 has it, which also makes the csv writer quote any cell that holds a ``\r``.
"""
from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pandas as pd

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
PLAIN_NUMBER = re.compile(r"[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?")


def neutralise(value: object) -> object:
    """Prefix a text cell that starts like a formula with a single quote, as OWASP recommends."""
    if isinstance(value, str) and value.startswith(FORMULA_START) and not PLAIN_NUMBER.fullmatch(value):
        return "'" + value
    return value


def safe_frame(df: pd.DataFrame) -> pd.DataFrame:
    """``df`` with every text cell neutralised (numeric, boolean and date columns are left as they are)."""
    out = df.copy()
    for col in out.columns:
        if out[col].dtype == object or pd.api.types.is_string_dtype(out[col]):
            out[col] = out[col].map(neutralise, na_action="ignore")
    return out


def to_csv_bytes(df: pd.DataFrame) -> bytes:
    """``df`` as UTF-8 CSV with RFC 4180 line ends (CRLF): with them, a cell holding a line break or a lone
    carriage return is quoted, so it can never end the row early and start a forged one."""
    return safe_frame(df).to_csv(index=False, lineterminator="\r\n").encode("utf-8")


def write_tables(tables: dict[str, pd.DataFrame], out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    for name, df in tables.items():
        (out / f"{name}.csv").write_bytes(to_csv_bytes(df))


def zip_tables(tables: dict[str, pd.DataFrame]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, df in tables.items():
            zf.writestr(f"{name}.csv", to_csv_bytes(df))
    return buf.getvalue()
