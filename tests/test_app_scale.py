"""Every page of the app on a corpus of thousands of articles stays a page an analyst can use.

The corpus is the seed tables copied 600 times (``test_views.replicated``: 3,000 articles and sources, 3,000
quantity groups, over 10,000 events, 20,000 quotes), written to a corpus store the app opens as it would open
one made by ``python -m core ingest``. The pages must show capped tables whose CSV downloads hold every row,
cards a page at a time, a chart of the busiest events and selectors of a bounded length, and say what is left
out. Elements are counted rather than timed: a page that drew one element per group would draw thousands.
"""
from __future__ import annotations

import io
import json

import pandas as pd
import pytest
import streamlit.testing.v1.app_test as app_test_module
from streamlit.testing.v1 import AppTest

from core.export import to_csv_bytes
from core.store import Store
from ui import charts, data, downloads, keys, views
from ui.highlight import esc

from test_app import (PAGES, ROOT, TIMEOUT, RecordingMediaFileManager, go,  # noqa: F401
                      navigation_mode_of_a_running_server, served)
from test_views import replicated

COPIES = 600
CARD_TITLE = "The sentences behind these figures"  # the expander of each quantity card


@pytest.fixture(scope="module")
def big(seed_tables) -> dict[str, pd.DataFrame]:
    return replicated(seed_tables, COPIES)


@pytest.fixture(scope="module")
def big_store(big, tmp_path_factory):
    path = tmp_path_factory.mktemp("scale") / "replicated.duckdb"
    with Store(path) as store:
        store.write_tables(big, "replicated seed tables")
    return path


@pytest.fixture
def app(big_store, monkeypatch) -> AppTest:
    monkeypatch.setenv(data.STORE_ENV, str(big_store))
    monkeypatch.setattr(app_test_module, "MediaFileManager", RecordingMediaFileManager)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def captions(at: AppTest) -> str:
    return "\n".join(c.value for c in at.caption)


def card_titles(at: AppTest) -> list[str]:
    """The quantity names of the cards shown, in order (the bold first words of each card's heading)."""
    return [h.value.split("<b>", 1)[1].split("</b>", 1)[0] for h in at.html if h.value.startswith("<div><b>")]


def test_numbers_shows_ten_cards_a_page_and_a_matrix_of_the_most_disputed(app, big):
    go(app, "pages/numbers.py")
    summary = views.quantity_summary(big["claims"], views.disputed_groups(big))
    labels = [views.group_labels(summary)[g] for g in summary["group_id"]]
    assert len(summary) == 3000 and len(app.expander) == 10
    assert card_titles(app) == [esc(label) for label in labels[:10]]
    pager = app.selectbox(key=keys.NUMBERS_PAGE)
    assert len(pager.options) == 300 and pager.options[0] == "1–10 of 3,000 quantities"
    assert "Showing 30 of 3,000 quantities (the most disputed first) and 12 of 3,000 sources" in captions(app)

    pager.set_value(2).run()
    assert card_titles(app) == [esc(label) for label in labels[10:20]]

    app.toggle(key=keys.NUMBERS_DISAGREE_ONLY).set_value(True).run()  # back to the first page, disputed only
    n_disputed = int(summary["disagree"].sum())
    assert app.selectbox(key=keys.NUMBERS_PAGE).value == 1
    assert len(app.selectbox(key=keys.NUMBERS_PAGE).options) == views.page_count(n_disputed, 10)
    assert len(app.expander) == 10 and all("sources disagree" in h.value for h in app.html
                                           if h.value.startswith("<div><b>"))


def test_the_table_is_capped_and_its_csv_has_every_row(app, big):
    go(app, "pages/numbers.py")
    [table] = app.dataframe
    assert len(table.value) == downloads.TABLE_ROWS
    assert table.value["sentence"].tolist() == big["claims"]["sentence"].head(downloads.TABLE_ROWS).tolist()
    n = len(big["claims"])
    assert f"Showing the first 2,000 of {n:,} rows; the CSV download has all {n:,}." in captions(app)
    assert served(app, "claims CSV") == to_csv_bytes(big["claims"])


def test_quotes_shows_ten_shared_quotes_a_page_and_a_csv_of_every_quote(app, big):
    go(app, "pages/quotes.py")
    shared = views.quote_versions(big["quotes"])
    groups = shared.loc[shared["n_outlets"] >= 2, "group_id"].drop_duplicates()
    boxes = [h.value for h in app.html if "tri-box tri-diff" in h.value]
    assert len(boxes) == 10
    pager = app.selectbox(key=keys.QUOTES_PAGE)
    assert len(pager.options) == views.page_count(len(groups), 10) > 100
    pager.set_value(3).run()
    on_page = big["quotes"][big["quotes"]["group_id"].isin(set(groups.iloc[20:30]))]
    shown = "".join(h.value for h in app.html if "tri-box tri-diff" in h.value)
    assert all(esc(s) in shown for s in on_page["source"])
    assert len(app.dataframe[0].value) == downloads.TABLE_ROWS
    csv = served(app, "quotes CSV")  # written when clicked
    assert len(pd.read_csv(io.BytesIO(csv))) == len(big["quotes"])


def test_the_timeline_charts_the_busiest_events_and_says_so(app, big):
    go(app, "pages/timeline.py")
    figure = json.loads(app.get("plotly_chart")[0].proto.spec)
    n_events = views.timeline_marks(big["timeline"])["event_id"].nunique()
    charted = views.busiest_events(views.timeline_marks(big["timeline"]), 150, per_event=8)
    assert len(figure["layout"]["yaxis"]["tickvals"]) == charted["event_id"].nunique() < n_events
    assert figure["layout"]["height"] <= 90 + 24 * 150
    assert (f"The chart shows the {charted['event_id'].nunique()} events carried by the most sources, "
            f"of {n_events:,}") in captions(app)
    assert len({trace["name"] for trace in figure["data"]}) == charts.COLOURED + 1  # + "other sources"
    assert len(app.dataframe[0].value) == downloads.TABLE_ROWS


@pytest.mark.parametrize("page, key, n_items", [("pages/actors.py", keys.ACTOR_DETAIL, "actors"),
                                                ("pages/articles.py", keys.ARTICLE, "articles")])
def test_selectors_list_a_bounded_number_of_choices(app, big, page, key, n_items):
    go(app, page)
    box = app.selectbox(key=key)
    assert 500 <= len(box.options) <= 502 < len(big[n_items])
    assert f"of {len(big[n_items]):,}" in box.label


def test_an_actor_outside_the_list_is_shown_when_filtered_on(app, big):
    actor_id = big["actors"].sort_values("n_mentions", kind="stable")["actor_id"].iloc[0]  # not among the first 500
    app.multiselect(key=keys.ACTORS).set_value([actor_id]).run()
    go(app, "pages/actors.py")
    assert app.selectbox(key=keys.ACTOR_DETAIL).value == actor_id


@pytest.mark.parametrize("page", list(PAGES))
def test_every_page_draws_a_bounded_number_of_elements(app, page):
    go(app, page)
    assert len(app.html) <= 40 and len(app.expander) <= 10 and len(app.dataframe) <= 4
    assert all(len(d.value) <= downloads.TABLE_ROWS for d in app.dataframe)
