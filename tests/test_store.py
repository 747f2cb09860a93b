"""The corpus store: tables, articles and per-article rows come back exactly as they went in."""
from __future__ import annotations

import pandas as pd
import pytest

from core.store import Store, load_articles, load_tables, read_table, table_size


@pytest.fixture
def store_path(tmp_path, seed_tables, seed_articles):
    path = tmp_path / "store.duckdb"
    with Store(path) as store:
        store.set_corpus(seed_articles, [f"k{i}" for i in range(len(seed_articles))])
        store.write_tables(seed_tables, "key")
    return path


def test_tables_round_trip_with_columns_dtypes_and_missing_values(store_path, seed_tables):
    loaded = load_tables(store_path)
    assert list(loaded) == list(seed_tables)
    for name, df in seed_tables.items():
        pd.testing.assert_frame_equal(loaded[name], df, obj=name)


def test_empty_strings_missing_values_and_empty_tables_stay_apart(tmp_path):
    odd = pd.DataFrame({"s": ["", None, "x"], "i": [1, None, 3], "f": [1.5, None, 0.0], "b": [True, None, False]})
    odd = odd.astype({"s": "string", "i": "Int64", "f": "Float64", "b": "boolean"})
    tables = {"odd": odd, "none": odd.iloc[:0]}
    with Store(tmp_path / "s.duckdb") as store:
        store.write_tables(tables, "key")
    loaded = load_tables(tmp_path / "s.duckdb")
    for name, df in tables.items():
        pd.testing.assert_frame_equal(loaded[name], df, obj=name)
    assert loaded["odd"]["s"].tolist()[0] == "" and loaded["odd"]["s"].isna().tolist() == [False, True, False]


def test_articles_round_trip_with_text_regions_and_warnings(store_path, seed_articles):
    assert load_articles(store_path) == seed_articles


def test_filtered_and_paginated_reads_match_pandas(store_path, seed_tables):
    claims = seed_tables["claims"]
    some = claims["article_id"].unique()[:2].tolist()
    expected = claims[claims["article_id"].isin(some) & claims["sentence"].str.lower().str.contains("troops")]
    got = read_table(store_path, "claims", equals={"article_id": some}, contains={"sentence": "TROOPS"})
    pd.testing.assert_frame_equal(got, expected.reset_index(drop=True))
    assert table_size(store_path, "claims", equals={"article_id": some}, contains={"sentence": "troops"}) == len(expected)
    page = read_table(store_path, "mentions", columns=["article_id", "text"], limit=10, offset=20)
    pd.testing.assert_frame_equal(page, seed_tables["mentions"][["article_id", "text"]].iloc[20:30].reset_index(drop=True))
    assert read_table(store_path, "claims", equals={"article_id": []}).empty


def test_filters_name_only_real_columns(store_path):
    with pytest.raises(ValueError, match="no column 'nope'"):
        read_table(store_path, "claims", equals={"nope": ["x"]})
    with pytest.raises(KeyError, match="no table 'nope'"):
        read_table(store_path, "nope")


def test_opening_a_missing_store_for_reading_says_what_to_do(tmp_path):
    with pytest.raises(FileNotFoundError, match="python -m core ingest"):
        load_tables(tmp_path / "absent.duckdb")


def test_rows_round_trip_in_corpus_order(tmp_path, seed_articles):
    rows_a = {"sentences": [{"article_id": "a", "sentence_id": 0, "start_char": 0, "end_char": 3, "text": "Hi."}],
              "mentions": [{"article_id": "a", "sentence_id": None, "start_char": 5, "end_char": 8, "text": "Kim",
                            "key": "Kim Hong-kyun", "type": "PERSON", "role": "", "how": "surname"}],
              "claims": [], "quotes": [], "timeline": []}
    rows_b = {"claims": [{"article_id": "b", "value": 1500.0, "value_high": None, "claimant_key": None, "cue": ""}]}
    a, b = seed_articles[:2]
    with Store(tmp_path / "s.duckdb") as store:
        store.add_rows([("kb", rows_b, [])])
        store.add_rows([("ka", rows_a, ["an unbalanced quotation mark"])])
        assert store.parsed_keys(["ka", "kb", "kc"]) == {"ka", "kb"}
        assert store.extraction_warnings(["kc", "ka", "kb"]) == [[], ["an unbalanced quotation mark"], []]
        store.set_corpus([a, b], ["ka", "kb"])
        rows = store.corpus_rows()
    assert rows["sentences"] == rows_a["sentences"]
    assert rows["mentions"] == rows_a["mentions"]
    (claim,) = rows["claims"]
    assert {k: v for k, v in claim.items() if v is not None} == {"article_id": "b", "value": 1500.0, "cue": ""}


def test_rows_with_an_unknown_key_are_refused(tmp_path):
    with Store(tmp_path / "s.duckdb") as store:
        with pytest.raises(ValueError, match="claimant_guess"):
            store.add_rows([("k", {"claims": [{"article_id": "a", "claimant_guess": "x"}]}, [])])
        assert store.parsed_keys(["k"]) == set()


def test_an_edited_file_replaces_its_old_version(tmp_path, seed_articles):
    import dataclasses

    a, b = seed_articles[:2]
    edited = dataclasses.replace(a, article_id="edited", text=a.text + " More.")
    with Store(tmp_path / "s.duckdb") as store:
        store.set_corpus([a, b], ["ka", "kb"])
        store.set_corpus([edited], ["ke"])
        assert [x.article_id for x in store.articles()] == [b.article_id, "edited"]
        store.set_corpus([b], ["kb"], replace=True)
        assert [x.article_id for x in store.articles()] == [b.article_id]
