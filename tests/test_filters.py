"""The shared filters (core.filters): the indexed implementation keeps exactly the rows of the plain definition.

``reference_filters`` below is the filters' definition written the plain way (pandas string keys and ``isin``,
as the app first had it; the columns searched are ``core.filters.SEARCHED``). The fast version must keep the same rows, in the same order, for every combination
of filters tried, on the seed tables and on a corpus of many copies of them.
"""
from __future__ import annotations

import datetime as dt
import itertools

import pandas as pd
from core.filters import SEARCHED, Filters, FilterIndex, _overlaps, apply_filters

SENTENCE_TABLES = ("sentences", "mentions", "claims", "quotes", "timeline")


# --- the plain definition -------------------------------------------------------------------------------------

def _contains(df: pd.DataFrame, text: str) -> pd.Series:
    mask = pd.Series(False, index=df.index)
    for col in df.columns:
        if pd.api.types.is_string_dtype(df[col]) or df[col].dtype == object:
            mask |= df[col].astype("string").str.contains(text, case=False, regex=False).fillna(False).astype(bool)
    return mask


def _pairs(df: pd.DataFrame) -> pd.Series:
    return df["article_id"].astype(str) + "#" + df["sentence_id"].astype(str)


def reference_filters(tables: dict[str, pd.DataFrame], filters: Filters) -> dict[str, pd.DataFrame]:
    if not filters.active:
        return dict(tables)
    out = dict(tables)
    articles = tables["articles"]
    text = filters.text.strip()
    picked = articles["article_id"].notna()
    if filters.sources:
        picked &= articles["source"].isin(filters.sources)
    by_source = set(articles.loc[picked, "article_id"])
    published = articles["published"].astype("string").fillna("")
    in_dates = pd.Series(True, index=articles.index)
    if filters.start:
        in_dates &= (published == "") | (published >= filters.start.isoformat())
    if filters.end:
        in_dates &= (published == "") | (published <= filters.end.isoformat())
    by_date = set(articles.loc[picked & in_dates, "article_id"])
    sentences = tables["sentences"]
    text_pairs = set(_pairs(sentences[_contains(sentences[["text"]], text)])) if text else set()
    mentions = tables["mentions"]
    actor_pairs = set(_pairs(mentions[mentions["actor_id"].isin(filters.actors)])) if filters.actors else set()
    for name in SENTENCE_TABLES:
        df = tables[name]
        keep = df["article_id"].isin(by_source if name == "timeline" else by_date)
        pairs = _pairs(df)
        if filters.actors:
            involved = pairs.isin(actor_pairs)
            own = {"claims": "claimant_id", "quotes": "speaker_id", "mentions": "actor_id"}.get(name)
            if own and own in df.columns:
                involved |= df[own].isin(filters.actors).fillna(False).astype(bool)
            keep &= involved
        if text:
            keep &= _contains(df[[c for c in SEARCHED[name] if c in df.columns]], text) | pairs.isin(text_pairs)
        if name == "timeline" and (filters.start or filters.end):
            keep &= _overlaps(df, filters.start, filters.end)
        out[name] = df[keep.astype(bool)]
    keep = articles["article_id"].isin(by_date)
    if filters.actors:
        keep &= articles["article_id"].isin(set(out["mentions"]["article_id"]))
    if text:
        keep &= articles["article_id"].isin(set(out["sentences"]["article_id"])) | \
            _contains(articles[list(SEARCHED["articles"])], text)
    out["articles"] = articles[keep]
    actors = tables["actors"]
    keep = actors["actor_id"].isin(set(out["mentions"]["actor_id"]))
    if filters.actors:
        keep &= actors["actor_id"].isin(filters.actors)
    out["actors"] = actors[keep]
    claims = out["claims"]
    claim_keys = set(claims["group_id"].astype(str) + "#" + claims["article_id"].astype(str))
    comparison = tables["comparison"]
    out["comparison"] = comparison[(comparison["group_id"].astype(str) + "#" +
                                    comparison["article_id"].astype(str)).isin(claim_keys)]
    if claims.empty or tables["disagreements"].empty:
        out["disagreements"] = tables["disagreements"].iloc[0:0]
    else:
        figure = claims["value"].astype("string").fillna("") + "-" + claims["value_high"].astype("string").fillna("")
        stats = pd.DataFrame({"group_id": claims["group_id"], "source": claims["source"], "figure": figure}) \
            .groupby("group_id").agg(n_sources=("source", "nunique"), n_figures=("figure", "nunique"))
        still = stats[(stats["n_sources"] >= 2) & (stats["n_figures"] >= 2)].index
        out["disagreements"] = tables["disagreements"][tables["disagreements"]["group_id"].isin(set(still))]
    return out


# --- corpora and filters to try -------------------------------------------------------------------------------

def copies(tables: dict[str, pd.DataFrame], n: int) -> dict[str, pd.DataFrame]:
    """``n`` copies of a corpus, each with its own article, actor and group ids and its own sources."""
    id_columns = ("article_id", "actor_id", "claimant_id", "speaker_id", "group_id", "event_id", "source")
    out = {}
    for name, df in tables.items():
        parts = []
        for k in range(n):
            part = df.copy()
            for col in id_columns:
                if col in part.columns:
                    values = part[col].astype("string")
                    part[col] = values.where(values.fillna("") == "", values + f"~{k}")
            parts.append(part)
        out[name] = pd.concat(parts, ignore_index=True)
    return out


def filter_grid(tables: dict[str, pd.DataFrame]) -> list[Filters]:
    sources = sorted(tables["articles"]["source"].dropna().unique())
    actors = tables["actors"].sort_values("n_mentions", ascending=False)["actor_id"].tolist()
    source_choices = [(), (sources[0],), tuple(sources[1:3])]
    actor_choices = [(), (actors[0],), (actors[1], actors[-1])]
    dates = [(None, None), (dt.date(2024, 10, 18), None), (dt.date(2024, 10, 1), dt.date(2024, 10, 13)),
             (None, dt.date(2024, 10, 20))]
    texts = ["", "troops", "  KOREA ", "zzz-not-there", "kim hong", "“"]
    return [Filters(sources=s, actors=a, start=d[0], end=d[1], text=t)
            for s, a, d, t in itertools.product(source_choices, actor_choices, dates, texts)]


def assert_same_rows(got: dict[str, pd.DataFrame], want: dict[str, pd.DataFrame], filters: Filters) -> None:
    assert set(got) == set(want)
    for name in want:
        assert list(got[name].index) == list(want[name].index), (name, filters)
        pd.testing.assert_frame_equal(got[name], want[name], obj=f"{name} under {filters}")


def test_every_combination_of_filters_keeps_the_rows_of_the_definition_on_the_seeds(seed_tables):
    index = FilterIndex(seed_tables)
    grid = filter_grid(seed_tables)
    assert len(grid) == 3 * 3 * 4 * 6
    narrowed = 0
    for filters in grid:
        want = reference_filters(seed_tables, filters)
        assert_same_rows(apply_filters(seed_tables, filters, index), want, filters)
        narrowed += len(want["claims"]) < len(seed_tables["claims"])
    assert narrowed > len(grid) // 2  # the grid really filters


def test_the_same_holds_on_many_copies_of_the_corpus(seed_tables):
    tables = copies(seed_tables, 7)
    assert tables["articles"]["source"].nunique() == 7 * seed_tables["articles"]["source"].nunique()
    index = FilterIndex(tables)
    for filters in filter_grid(tables)[::5]:
        assert_same_rows(apply_filters(tables, filters, index), reference_filters(tables, filters), filters)


def test_without_an_index_one_is_built_for_the_call(seed_tables):
    filters = Filters(sources=("AFP",), text="troops")
    assert_same_rows(apply_filters(seed_tables, filters), reference_filters(seed_tables, filters), filters)


def test_no_filter_returns_the_tables_themselves(seed_tables):
    out = apply_filters(seed_tables, Filters())
    assert all(out[name] is seed_tables[name] for name in seed_tables)


def test_text_search_ignores_case(seed_tables):
    kept = [list(apply_filters(seed_tables, Filters(text=t))["claims"].index) for t in ("TROOPS", "troops", "Troops")]
    assert kept[0] and kept[0] == kept[1] == kept[2]


def test_a_row_whose_article_is_missing_from_the_articles_table_is_dropped(seed_tables):
    tables = dict(seed_tables)
    orphan = seed_tables["claims"].iloc[:1].assign(article_id="not-an-article")
    tables["claims"] = pd.concat([seed_tables["claims"], orphan], ignore_index=True)
    kept = apply_filters(tables, Filters(text="troops"))["claims"]
    assert "not-an-article" not in set(kept["article_id"])


def test_text_search_reads_words_not_ids_or_sources(seed_tables):
    # every row of AFP's articles has "AFP" in its source column; only rows whose words say AFP are kept
    kept = apply_filters(seed_tables, Filters(text="AFP"))
    assert len(kept["sentences"]) < (seed_tables["sentences"]["source"] == "AFP").sum()
    assert kept["sentences"]["text"].str.contains("AFP").all()
    by_id = apply_filters(seed_tables, Filters(text=seed_tables["articles"]["article_id"].iloc[0]))
    assert all(df.empty for name, df in by_id.items() if name != "disagreements")


def test_a_quote_running_over_two_sentences_is_found_by_its_second(seed_tables):
    quotes = seed_tables["quotes"]
    long = quotes[quotes["quote"].str.count(r"\. ") >= 1].iloc[0]
    tail = long["quote"].split(". ")[1][:25]
    kept = apply_filters(seed_tables, Filters(text=tail))["quotes"]
    assert long["quote"] in set(kept["quote"])

