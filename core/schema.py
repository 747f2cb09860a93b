"""Column schemas: every table module declares its columns once, as ``{name: dtype}``.

``frame(rows, columns)`` turns a list of row dicts into a DataFrame with exactly those columns, in that order
and with those dtypes, so an empty table still has its schema.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping

import pandas as pd

Columns = Mapping[str, str]


def frame(rows: Iterable[Mapping], columns: Columns) -> pd.DataFrame:
    """Build a DataFrame with exactly ``columns`` (extra keys in ``rows`` are dropped, missing ones are NA)."""
    df = pd.DataFrame(list(rows), columns=list(columns))
    return df.astype(dict(columns))


def empty(columns: Columns) -> pd.DataFrame:
    return frame([], columns)
