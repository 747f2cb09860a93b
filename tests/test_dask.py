"""The distributed engine gives the tables the single-process ingest gives (a local cluster, two workers)."""
from __future__ import annotations

import pandas as pd
import pytest

from core.engine_dask import partitions
from core.pipeline import ingest
from core.store import load_tables

pytest.importorskip("distributed")


def test_two_dask_workers_give_the_single_process_tables_row_for_row(tmp_path, seed_articles, seed_tables):
    store = tmp_path / "dask.duckdb"
    report = ingest(seed_articles, store=store, engine="dask", workers=2, progress=False)
    assert report.n_parsed == len(seed_articles)
    got = load_tables(store)
    assert list(got) == list(seed_tables)
    for name, df in seed_tables.items():
        pd.testing.assert_frame_equal(got[name], df, obj=name)
    assert not list(tmp_path.glob("parts-*")), "the Parquet partitions are removed once imported"
    again = ingest(seed_articles, store=store, engine="dask", workers=2, progress=False)
    assert again.n_parsed == 0


def test_partitions_cover_every_article_once_and_stay_small():
    todo = list(range(1001))
    parts = partitions(todo, 2)
    assert [x for p in parts for x in p] == todo
    assert len(parts) >= 8 and max(map(len, parts)) <= 256
    assert partitions([1, 2, 3], 2) == [[1], [2], [3]]
