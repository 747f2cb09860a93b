"""The app on a corpus store (``TRIANGULATE_STORE`` or ``streamlit run app.py -- --store FILE``).

The store is made by the real ingest of the seed articles; the app must show exactly the store's tables without
parsing anything, filter them, show an article's text from the store, and say clearly when the store is missing.
"""
from __future__ import annotations

import copy
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from core.filters import Filters, apply_filters
from core.pipeline import ingest
from core.store import load_tables
from ui import data, keys

from test_app import PAGES, ROOT, TIMEOUT, frame_with, go, navigation_mode_of_a_running_server, shown_text  # noqa: F401


@pytest.fixture(scope="module")
def seed_store(tmp_path_factory, seed_articles, nlp) -> Path:
    path = tmp_path_factory.mktemp("store") / "seeds.duckdb"
    ingest(copy.deepcopy(seed_articles), store=path, nlp=nlp, progress=False)
    return path


@pytest.fixture
def store_app(seed_store, monkeypatch) -> AppTest:
    monkeypatch.setenv(data.STORE_ENV, str(seed_store))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_the_store_is_named_on_the_command_line_or_in_the_environment(monkeypatch):
    monkeypatch.delenv(data.STORE_ENV, raising=False)
    monkeypatch.setattr("sys.argv", ["app.py"])
    assert data.store_path() is None
    monkeypatch.setenv(data.STORE_ENV, "from-env.duckdb")
    assert data.store_path() == Path("from-env.duckdb")
    monkeypatch.setattr("sys.argv", ["app.py", "--store", "from-args.duckdb"])
    assert data.store_path() == Path("from-args.duckdb")
    monkeypatch.setattr("sys.argv", ["app.py", "--store=other.duckdb"])
    assert data.store_path() == Path("other.duckdb")


@pytest.mark.parametrize("page", list(PAGES))
def test_every_page_runs_on_the_store(store_app, page):
    go(store_app, page)
    assert store_app.title[0].value == PAGES[page]


def test_the_app_shows_the_store_and_offers_no_upload(store_app, seed_store):
    captions = " ".join(shown_text(c.value) for c in store_app.sidebar.caption)
    assert "Corpus: the store" in captions and seed_store.name in captions
    assert "5 articles" in captions
    assert not [e for e in store_app.sidebar.expander if e.label == "Add articles"]
    with pytest.raises(KeyError):
        store_app.file_uploader(key=keys.UPLOADS)


def test_the_tables_shown_are_the_stores_tables_and_filters_apply(store_app, seed_store):
    stored = load_tables(seed_store)
    go(store_app, "pages/numbers.py")
    shown = frame_with(store_app, "quantity", "claimant", "sentence")
    assert len(shown) == len(stored["claims"])
    store_app.multiselect(key=keys.SOURCES).set_value(["The Guardian"]).run()
    shown = frame_with(store_app, "quantity", "claimant", "sentence")
    expected = apply_filters(stored, Filters(sources=("The Guardian",)))["claims"]
    assert 0 < len(shown) == len(expected) < len(stored["claims"])
    assert list(shown["sentence"]) == list(expected["sentence"])


def test_an_article_is_read_from_the_store(store_app, seed_store):
    stored = load_tables(seed_store)
    guardian = stored["articles"][stored["articles"]["source"] == "The Guardian"].iloc[0]
    store_app.multiselect(key=keys.SOURCES).set_value(["The Guardian"]).run()
    go(store_app, "pages/articles.py")
    assert store_app.selectbox(key=keys.ARTICLE).value == guardian["article_id"]
    rendered = "".join(h.value for h in store_app.html)
    assert "spy agency" in rendered or "National Intelligence Service" in rendered


def error_shown_for(store: Path, monkeypatch) -> str:
    """The one error the app shows when started on ``store``."""
    monkeypatch.setenv(data.STORE_ENV, str(store))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT)
    at.run()
    assert not at.exception
    [error] = at.error
    return shown_text(error.value)


def test_a_missing_store_is_said_clearly(tmp_path, monkeypatch):
    missing = tmp_path / "nowhere.duckdb"
    shown = error_shown_for(missing, monkeypatch)
    assert f"The store {missing} cannot be opened" in shown and "python -m core ingest" in shown


def test_a_file_that_is_not_a_store_is_said_clearly(tmp_path, monkeypatch):
    bogus = tmp_path / "notes.duckdb"
    bogus.write_text("not a database", encoding="utf-8")
    assert f"The store {bogus.resolve()} cannot be read" in error_shown_for(bogus, monkeypatch)


def test_a_re_ingest_is_picked_up(seed_store, tmp_path, seed_articles, nlp, monkeypatch):
    path = tmp_path / "growing.duckdb"
    ingest(copy.deepcopy(seed_articles[:2]), store=path, nlp=nlp, progress=False)
    monkeypatch.setenv(data.STORE_ENV, str(path))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT)
    at.run()
    assert "2 articles" in " ".join(shown_text(c.value) for c in at.sidebar.caption)
    ingest(copy.deepcopy(seed_articles), store=path, nlp=nlp, progress=False)
    at.run()
    assert "5 articles" in " ".join(shown_text(c.value) for c in at.sidebar.caption)
    assert isinstance(data.store_tables(*data.store_stamp(path))["claims"], pd.DataFrame)


def test_the_overview_says_what_made_the_stored_tables(store_app):
    from core.fingerprint import current_settings

    go(store_app, "pages/overview.py")
    shown = "".join(h.value for h in store_app.html)
    assert f"as ingested into the store: {current_settings().describe()}" in shown



def test_filters_are_applied_once_per_change_not_per_page_or_sidebar(store_app, monkeypatch):
    data.filtered_tables.clear()
    calls = []
    original = data.apply_filters
    monkeypatch.setattr(data, "apply_filters", lambda *a, **k: calls.append(a[1]) or original(*a, **k))
    go(store_app, "pages/numbers.py")
    store_app.multiselect(key=keys.SOURCES).set_value(["AFP"]).run()
    assert calls == [Filters(sources=("AFP",))]  # the sidebar and the page share one application
    go(store_app, "pages/quotes.py")
    go(store_app, "pages/timeline.py")
    assert len(calls) == 1  # nor again on page switches under the same filters


def test_the_numbers_page_works_out_its_views_once_per_filter_state(store_app, monkeypatch):
    from ui import views

    data._derived.clear()
    summaries, grids = [], []
    summary, pivot = views.quantity_summary, views.figure_pivot
    monkeypatch.setattr(views, "quantity_summary", lambda *a, **k: summaries.append(1) or summary(*a, **k))
    monkeypatch.setattr(views, "figure_pivot", lambda *a, **k: grids.append(1) or pivot(*a, **k))
    go(store_app, "pages/numbers.py")
    first = [h.value for h in store_app.html]
    n_cards = len(grids)
    assert summaries == [1] and n_cards >= 5  # one summary, one grid per card shown
    store_app.run()
    go(store_app, "pages/quotes.py")
    go(store_app, "pages/numbers.py")
    assert (len(summaries), len(grids)) == (1, n_cards)  # a rerun and a page switch reuse them
    assert [h.value for h in store_app.html] == first  # and show the same
    store_app.multiselect(key=keys.SOURCES).set_value(["AFP"]).run()
    assert len(summaries) == 2 and len(grids) > n_cards  # a new filter state: worked out again
    assert [h.value for h in store_app.html] != first
    store_app.multiselect(key=keys.SOURCES).set_value([]).run()
    assert len(summaries) == 2 and [h.value for h in store_app.html] == first  # back: kept from before
