"""The streaming ingest: exact tables, incremental parsing, progress, and the ingest/export commands."""
from __future__ import annotations

import dataclasses
import re

import pandas as pd
import pytest

from core.__main__ import main
from core.fingerprint import Settings, article_key, code_version, current_settings
from core.pipeline import ingest
from core.store import Store, load_tables

SEEDS_ARGS = ["seeds", "--manifest", "seeds/sources.csv"]


def no_model():
    raise AssertionError("the model was loaded although nothing needed parsing")


def assert_tables_equal(got, expected):
    assert list(got) == list(expected)
    for name, df in expected.items():
        pd.testing.assert_frame_equal(got[name], df, obj=name)


def test_ingest_gives_the_tables_extract_gives(tmp_path, seed_articles, seed_tables, nlp):
    report = ingest(seed_articles, store=tmp_path / "s.duckdb", nlp=nlp, progress=False)
    assert report.n_parsed == len(seed_articles) and report.tables_rebuilt
    assert_tables_equal(load_tables(tmp_path / "s.duckdb"), seed_tables)


def test_incremental_ingest_parses_only_what_changed(tmp_path, seed_articles, seed_tables, nlp):
    store = tmp_path / "s.duckdb"
    settings = Settings(code="v1", model="m", model_version="1", spacy_version="3")
    first = ingest(seed_articles[:-1], store=store, nlp=nlp, settings=settings, progress=False)
    assert first.n_parsed == len(seed_articles) - 1
    unchanged = ingest(seed_articles[:-1], store=store, nlp=no_model, settings=settings, progress=False)
    assert (unchanged.n_parsed, unchanged.tables_rebuilt) == (0, False)
    one_more = ingest(seed_articles, store=store, nlp=nlp, settings=settings, progress=False)
    assert (one_more.n_parsed, one_more.n_corpus, one_more.tables_rebuilt) == (1, len(seed_articles), True)
    assert_tables_equal(load_tables(store), seed_tables)
    again = ingest(seed_articles, store=store, nlp=no_model, settings=settings, progress=False)
    assert again.n_parsed == 0
    new_rules = dataclasses.replace(settings, code="v2")
    changed = ingest(seed_articles, store=store, nlp=nlp, settings=new_rules, progress=False)
    assert changed.n_parsed == len(seed_articles)
    new_model = dataclasses.replace(new_rules, model_version="2")
    assert ingest(seed_articles, store=store, nlp=nlp, settings=new_model, progress=False).n_parsed == len(seed_articles)
    with Store(store) as db:  # rows of the old settings are gone
        assert db.con.execute("SELECT count(DISTINCT article_key) FROM rows_sentences").fetchone()[0] == len(seed_articles)


def test_a_new_manifest_date_reparses_that_article_and_changes_its_timeline(tmp_path, seed_articles, nlp):
    store = tmp_path / "s.duckdb"
    ingest(seed_articles, store=store, nlp=nlp, progress=False)
    moved = [dataclasses.replace(a, published="2024-11-05") if i == 0 else a for i, a in enumerate(seed_articles)]
    report = ingest(moved, store=store, nlp=nlp, progress=False)
    assert (report.n_parsed, report.n_corpus) == (1, len(seed_articles))
    arts = load_tables(store)["articles"]
    assert arts.loc[arts["article_id"] == moved[0].article_id, "published"].tolist() == ["2024-11-05"]


def test_fingerprints_follow_code_content_and_metadata(tmp_path, seed_articles):
    (tmp_path / "data").mkdir()
    (tmp_path / "a.py").write_text("x = 1\n")
    (tmp_path / "data" / "aliases.csv").write_text("alias,canonical\n")
    before = code_version(tmp_path)
    (tmp_path / "data" / "aliases.csv").write_text("alias,canonical\nNIS,National Intelligence Service\n")
    assert code_version(tmp_path) != before
    a = seed_articles[0]
    s = current_settings()
    assert article_key(a, s) == article_key(dataclasses.replace(a, file="elsewhere.txt", source="X"), s)
    assert article_key(a, s) != article_key(dataclasses.replace(a, published="2020-01-01"), s)
    assert article_key(a, s) != article_key(a, dataclasses.replace(s, model_version="0"))


def test_rows_are_written_batch_by_batch(tmp_path, seed_articles, nlp, monkeypatch):
    batches = []
    original = Store.add_rows
    monkeypatch.setattr(Store, "add_rows", lambda self, b: (batches.append(len(b)), original(self, b)))
    ingest(seed_articles, store=tmp_path / "s.duckdb", nlp=nlp, batch_size=2, progress=False)
    assert batches == [2, 2, 1]


def test_progress_bar_shows_count_rate_and_time_left(tmp_path, seed_articles, nlp, capfd):
    ingest(seed_articles, store=tmp_path / "s.duckdb", nlp=nlp, progress=True)
    err = capfd.readouterr().err
    n = len(seed_articles)
    assert re.search(rf"{n}/{n} \[\d\d:\d\d<\d\d:\d\d, +[\d.]+ ?(article/s|s/article)\]", err), err


def test_bad_options_are_refused(tmp_path, seed_articles):
    with pytest.raises(ValueError, match="engine 'spark'"):
        ingest(seed_articles, store=tmp_path / "s.duckdb", engine="spark")
    with pytest.raises(ValueError, match="batch_size"):
        ingest(seed_articles, store=tmp_path / "s.duckdb", batch_size=0)


def test_export_writes_the_same_csv_files_as_extract(tmp_path, nlp, capsys):
    assert main(["extract", *SEEDS_ARGS, "--out", str(tmp_path / "extract"), "--quiet"]) == 0
    store = str(tmp_path / "s.duckdb")
    assert main(["ingest", *SEEDS_ARGS, "--store", store, "--quiet"]) == 0
    assert "5 parsed" in capsys.readouterr().out
    assert main(["export", "--store", store, "--out", str(tmp_path / "export")]) == 0
    extracted = sorted(p.name for p in (tmp_path / "extract").iterdir())
    assert extracted == sorted(p.name for p in (tmp_path / "export").iterdir())
    for name in extracted:
        assert (tmp_path / "export" / name).read_bytes() == (tmp_path / "extract" / name).read_bytes(), name
    assert main(["ingest", *SEEDS_ARGS, "--store", store, "--quiet"]) == 0
    assert "0 parsed, 5 already stored" in capsys.readouterr().out


def test_commands_report_bad_input(tmp_path, capsys):
    assert main(["ingest", str(tmp_path / "absent"), "--store", str(tmp_path / "s.duckdb")]) == 2
    assert main(["export", "--store", str(tmp_path / "absent.duckdb"), "--out", str(tmp_path / "o")]) == 2
    assert "python -m core ingest" in capsys.readouterr().err


def test_what_extraction_warns_about_survives_a_warm_run(tmp_path, nlp):
    from core.corpus import extract_corpus
    from core.ingest import read_articles

    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(
        "Officials met on Monday.\n\nThe minister said “we will respond to this, and later added more.\n\n"
        "Kim Hong-kyun told reporters the talks went well.\n", encoding="utf-8")
    expected = extract_corpus(read_articles([folder]), nlp)
    warnings = expected["articles"]["warnings"].tolist()
    store = tmp_path / "s.duckdb"
    ingest(read_articles([folder]), store=store, nlp=nlp, progress=False)
    assert_tables_equal(load_tables(store), expected)
    warm = ingest(read_articles([folder]), store=store, nlp=no_model, progress=False)
    assert (warm.n_parsed, warm.tables_rebuilt) == (0, False)
    assert load_tables(store)["articles"]["warnings"].tolist() == warnings


def test_a_long_article_parsed_in_chunks_gives_the_tables_extract_gives(tmp_path, nlp, seed_articles):
    from core.corpus import extract_corpus
    from core.ingest import read_articles
    from core.parse import CHUNK_CHARS

    body = seed_articles[-1].text
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "long.txt").write_text("\n\n".join([body] * (CHUNK_CHARS // len(body) + 2)), encoding="utf-8")
    articles = read_articles([folder])
    assert len(articles[0].text) > CHUNK_CHARS
    expected = extract_corpus(articles, nlp)
    ingest(read_articles([folder]), store=tmp_path / "s.duckdb", nlp=nlp, progress=False)
    assert_tables_equal(load_tables(tmp_path / "s.duckdb"), expected)
