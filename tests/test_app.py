"""The Streamlit app, run headless with ``AppTest`` on the seed articles.

A parametrized smoke test runs every page; targeted tests set widgets and check what the pages show: filters
narrow the tables (and persist across pages, and come from the URL), the exported CSV is the filtered table,
uploaded and pasted articles join the corpus, a bad file is reported, article text is never rendered as HTML.
The pure helpers of ``ui`` (filters, figures, highlighting) are tested without Streamlit at the end.
"""
from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from pathlib import Path

import pandas as pd
import pytest
import streamlit as st
import streamlit.testing.v1.app_test as app_test_module
from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage
from streamlit.runtime.pages_manager import PagesManager
from streamlit.testing.v1 import AppTest

from core.export import to_csv_bytes
from ui import keys
from core.corpus import with_source
from ui.data import read_new_articles
from ui.filters import Filters, apply_filters
from ui.highlight import Span, highlight_html, md_escape, word_diff_html
from ui.views import figure_label, quantity_summary, timeline_marks

ROOT = Path(__file__).resolve().parents[1]
TIMEOUT = 120  # the first run loads the spaCy model and parses the seeds
PAGES = {"pages/overview.py": "Overview", "pages/timeline.py": "Timeline", "pages/numbers.py": "Numbers",
         "pages/quotes.py": "Quotes", "pages/actors.py": "Actors", "pages/articles.py": "Articles"}
HOSTILE = ("Hostile wire copy\n\nOfficials said 3,000 troops arrived. <script>window.__xss=1</script> "
           '<img src=x onerror="window.__xss=1"> [click me](javascript:window.__xss=1) **bold** :red[red]\n')


class RecordingMediaStorage(MemoryMediaFileStorage):
    """AppTest's in-memory media storage, kept reachable so a test can read what a download button serves."""
    instances: list[MemoryMediaFileStorage] = []

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        RecordingMediaStorage.instances.append(self)


ORIGINAL_PAGES_MANAGER_INIT = PagesManager.__init__


@pytest.fixture(autouse=True)
def navigation_mode_of_a_running_server(monkeypatch):
    """Run every page through app.py, as a running server does.

    A server leaves Streamlit's old pages-directory mode for good at the first ``st.navigation`` call. AppTest
    resets that mode before every run, so from the second run on it would execute ``pages/x.py`` alone and
    ``ui.data.run_through_app`` would rerun it, losing the button click of that run. Keep the mode off.
    """
    def init(self, *args, **kwargs):
        ORIGINAL_PAGES_MANAGER_INIT(self, *args, **kwargs)
        PagesManager.uses_pages_directory = False

    monkeypatch.setattr(PagesManager, "__init__", init)


@pytest.fixture
def app(monkeypatch) -> AppTest:
    """The app after its first run (Overview page)."""
    monkeypatch.setattr(app_test_module, "MemoryMediaFileStorage", RecordingMediaStorage)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def downloaded(at: AppTest, label_start: str) -> bytes:
    """The bytes the download button whose label starts with ``label_start`` serves."""
    button = next(b for b in at.download_button if b.label.startswith(label_start))
    file_id = button.proto.url.rsplit("/", 1)[-1].split(".")[0]
    return RecordingMediaStorage.instances[-1].get_file(file_id).content


def shown_text(markdown: str) -> str:
    """What a Markdown body escaped with ``ui.highlight.md_escape`` displays."""
    return re.sub(r"\\(.)", r"\1", markdown)


def frame_with(at: AppTest, *columns: str) -> pd.DataFrame:
    """The first dataframe on the page that has all of ``columns``."""
    return next(d.value for d in at.dataframe if set(columns) <= set(d.value.columns))


def filtered_seed_tables(seed_tables, **filters) -> dict[str, pd.DataFrame]:
    return apply_filters(with_source(seed_tables), Filters(**filters))


def go(at: AppTest, page: str) -> AppTest:
    at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


# --- every page ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize("page", list(PAGES))
def test_every_page_runs_on_the_seeds(app, page):
    go(app, page)
    assert app.title[0].value == PAGES[page]
    assert app.multiselect(key=keys.SOURCES) is not None  # the shared sidebar ran too
    assert not [i.value for i in app.info if i.value.startswith("No ")], "the seeds have something to show"


@pytest.mark.parametrize("page", list(PAGES))
def test_every_page_says_so_and_stops_when_there_is_nothing_to_show(app, page):
    app.toggle(key=keys.USE_SEEDS).set_value(False).run()
    go(app, page)
    assert app.info, "an empty corpus is explained"
    assert not app.dataframe


def test_a_page_link_opened_on_a_fresh_server_runs_inside_app_py(monkeypatch):
    monkeypatch.setattr(PagesManager, "__init__", ORIGINAL_PAGES_MANAGER_INIT)  # pages-directory mode on
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT)
    at.switch_page("pages/numbers.py")  # before any run: the page by its file name, like opening /numbers
    at.query_params[keys.SOURCES] = "AFP"
    at.run()
    assert not at.exception
    assert at.title[0].value == "Numbers"
    assert at.multiselect(key=keys.SOURCES).value == ["AFP"]  # the sidebar ran and read the link


def test_missing_model_is_reported_clearly(monkeypatch):
    from core.nlp import ModelNotFoundError

    def no_model(*_args, **_kwargs):
        raise ModelNotFoundError("No English spaCy model is installed. Install one with pip install x")

    st.cache_resource.clear()
    monkeypatch.setattr("ui.data.load_model", no_model)
    try:
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT).run()
        assert not at.exception
        assert any("spaCy model" in e.value for e in at.error)
    finally:
        monkeypatch.undo()
        st.cache_resource.clear()


# --- filters ------------------------------------------------------------------------------------------------

def test_source_filter_narrows_the_numbers_table(app, seed_tables):
    go(app, "pages/numbers.py")
    everything = frame_with(app, "qualifier", "claimant", "sentence")
    app.multiselect(key=keys.SOURCES).set_value(["AFP"]).run()
    narrowed = frame_with(app, "qualifier", "claimant", "sentence")
    assert 0 < len(narrowed) < len(everything)
    assert set(narrowed["source"]) == {"AFP"}
    assert len(narrowed) == len(filtered_seed_tables(seed_tables, sources=("AFP",))["claims"])


def test_filters_persist_across_pages(app):
    app.multiselect(key=keys.SOURCES).set_value(["The Guardian"]).run()
    app.text_input(key=keys.TEXT).set_value("Kim").run()
    go(app, "pages/quotes.py")
    assert app.multiselect(key=keys.SOURCES).value == ["The Guardian"]
    assert app.text_input(key=keys.TEXT).value == "Kim"
    quotes = frame_with(app, "quote", "speaker", "kind")
    assert set(quotes["source"]) == {"The Guardian"}


def test_clear_filters_resets_every_filter(app):
    app.multiselect(key=keys.SOURCES).set_value(["AFP"]).run()
    app.text_input(key=keys.TEXT).set_value("troops").run()
    next(b for b in app.button if b.label == "Clear filters").click().run()
    assert app.multiselect(key=keys.SOURCES).value == [] and app.text_input(key=keys.TEXT).value == ""
    assert not [b for b in app.button if b.label == "Clear filters"]


def test_filters_come_from_the_url(seed_tables):
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT)
    at.query_params.update({keys.SOURCES: ["AFP", "The Guardian"], keys.TEXT: "troops"})
    at.run()
    assert at.multiselect(key=keys.SOURCES).value == ["AFP", "The Guardian"]
    go(at, "pages/numbers.py")
    shown = frame_with(at, "qualifier", "claimant", "sentence")
    expected = filtered_seed_tables(seed_tables, sources=("AFP", "The Guardian"), text="troops")["claims"]
    assert len(shown) == len(expected) > 0
    assert set(shown["source"]) <= {"AFP", "The Guardian"}


def test_date_filter_keeps_events_that_overlap_it(app):
    go(app, "pages/timeline.py")
    app.date_input(key=keys.DATES).set_value((dt.date(2024, 10, 1), dt.date(2024, 10, 31))).run()
    shown = frame_with(app, "expression", "granularity")
    assert len(shown) > 0
    assert (shown["start"] <= "2024-10-31").all() and (shown["end"].where(shown["end"] != "", shown["start"])
                                                      >= "2024-10-01").all()


def test_choosing_an_actor_filters_every_page(app):
    go(app, "pages/actors.py")
    actor_id = app.selectbox(key=keys.ACTOR_DETAIL).value
    next(b for b in app.button if b.label.startswith("Filter every page")).click().run()
    assert app.multiselect(key=keys.ACTORS).value == [actor_id]
    go(app, "pages/quotes.py")
    quotes = frame_with(app, "quote", "speaker", "kind")
    assert len(quotes) > 0
    assert (quotes["speaker_id"] == actor_id).any()


# --- downloads ----------------------------------------------------------------------------------------------

def test_exported_csv_is_the_filtered_table(app, seed_tables):
    go(app, "pages/numbers.py")
    app.multiselect(key=keys.SOURCES).set_value(["Report 002"]).run()
    data = downloaded(app, "claims CSV")
    expected = filtered_seed_tables(seed_tables, sources=("Report 002",))["claims"]
    assert data == to_csv_bytes(expected)
    shown = frame_with(app, "qualifier", "claimant", "sentence")
    assert pd.read_csv(io.BytesIO(data))["sentence"].tolist() == shown["sentence"].tolist()


def test_zip_holds_every_table_as_filtered(app, seed_tables):
    app.multiselect(key=keys.SOURCES).set_value(["AFP"]).run()
    with zipfile.ZipFile(io.BytesIO(downloaded(app, "All tables"))) as zf:
        names = set(zf.namelist())
        claims = zf.read("claims.csv")
    expected = filtered_seed_tables(seed_tables, sources=("AFP",))
    assert names == {f"{name}.csv" for name in expected}
    assert claims == to_csv_bytes(expected["claims"])


# --- adding articles ----------------------------------------------------------------------------------------

def test_uploaded_article_joins_the_corpus(app):
    text = b"Border clash\n\nOfficials said 2,000 troops crossed the border on Monday, a spokesman said.\n"
    app.file_uploader(key=keys.UPLOADS).set_value(("wire.txt", text, "text/plain"))
    app.text_input(key=keys.NEW_SOURCE).set_value("Wire Service")
    app.date_input(key=keys.NEW_PUBLISHED).set_value(dt.date(2024, 10, 22))
    app.form_submit_button[0].click().run()
    assert not app.exception
    assert any("Added wire.txt" in shown_text(s.value) for s in app.success)
    sources = frame_with(app, "source", "published", "n_words")
    assert "Wire Service" in set(sources["source"])
    assert sources.loc[sources["source"] == "Wire Service", "published"].iloc[0] == "2024-10-22"
    assert "Wire Service" in app.multiselect(key=keys.SOURCES).options


def test_pasted_article_can_be_read_with_its_text_escaped(app):
    app.text_area(key=keys.PASTED_TEXT).set_value(HOSTILE)
    app.text_input(key=keys.NEW_SOURCE).set_value("Hostile Wire")
    app.form_submit_button[0].click().run()
    added = app.session_state[keys.ADDED_ARTICLES]
    assert [a.source for a in added] == ["Hostile Wire"]
    app.multiselect(key=keys.SOURCES).set_value(["Hostile Wire"]).run()
    go(app, "pages/articles.py")
    assert app.selectbox(key=keys.ARTICLE).value == added[0].article_id
    rendered = "".join(h.value for h in app.html)
    assert "&lt;script&gt;window.__xss=1&lt;/script&gt;" in rendered
    assert "<script" not in rendered and "<img" not in rendered and "onerror=\"" not in rendered
    assert "[click me](javascript:window.__xss=1)" in rendered
    assert not any("__xss" in m.value for m in app.markdown)  # never through Markdown


def test_bad_file_gets_a_clear_message_and_breaks_nothing(app):
    app.file_uploader(key=keys.UPLOADS).set_value([("photo.txt", b"\x89PNG\x00\x00\x00binary", "text/plain"),
                                                  ("ok.txt", b"Fine\n\nIt said 12 ships sailed.\n", "text/plain")])
    app.form_submit_button[0].click().run()
    assert not app.exception
    assert any("photo.txt was not added" in shown_text(e.value) and "binary" in e.value for e in app.error)
    assert [a.file for a in app.session_state[keys.ADDED_ARTICLES]] == ["ok.txt"]
    go(app, "pages/numbers.py")


# --- pure helpers -------------------------------------------------------------------------------------------

def test_read_new_articles_reports_duplicates_and_empty_input():
    first, _ = read_new_articles([("a.txt", b"Same text here.\n")], "", source="X")
    again, messages = read_new_articles([("b.txt", b"Same text here.\n")], "", known_ids={first[0].article_id})
    assert again == [] and messages[0][0] == "info"
    assert read_new_articles([], "  ")[1] == [("info", "Choose a file or paste some text first.")]


def test_filters_on_a_handmade_corpus():
    tables = {
        "articles": pd.DataFrame({"article_id": ["a", "b"], "source": ["S1", "S2"], "published": ["2024-01-05", ""],
                                  "headline": ["h", "h"]}),
        "sentences": pd.DataFrame({"article_id": ["a", "b"], "sentence_id": [0, 0], "text": ["Kim spoke", "Troops"]}),
        "mentions": pd.DataFrame({"article_id": ["a"], "sentence_id": [0], "actor_id": ["k"], "text": ["Kim"],
                                  "source": ["S1"]}),
        "actors": pd.DataFrame({"actor_id": ["k"], "name": ["Kim"]}),
        "claims": pd.DataFrame({"article_id": ["a", "b"], "sentence_id": [0, 0], "claimant_id": ["", ""],
                                "group_id": ["g", "g"], "source": ["S1", "S2"], "value": [1.0, 2.0],
                                "value_high": [None, None], "sentence": ["Kim spoke", "Troops"]}),
        "quotes": pd.DataFrame({"article_id": ["b"], "sentence_id": [0], "speaker_id": ["k"], "quote": ["q"]}),
        "timeline": pd.DataFrame({"article_id": ["a", "b"], "sentence_id": [0, 0], "start": ["2023-06-01", ""],
                                  "end": ["2023-06-30", ""], "sentence": ["x", "y"]}),
        "comparison": pd.DataFrame({"group_id": ["g", "g"], "article_id": ["a", "b"]}),
        "disagreements": pd.DataFrame({"group_id": ["g"]}),
    }
    assert apply_filters(tables, Filters()) == tables
    by_actor = apply_filters(tables, Filters(actors=("k",)))
    assert list(by_actor["claims"]["article_id"]) == ["a"]          # mentioned in the sentence
    assert list(by_actor["quotes"]["article_id"]) == ["b"]          # the speaker
    assert by_actor["disagreements"].empty                           # one source left
    by_date = apply_filters(tables, Filters(start=dt.date(2023, 6, 15), end=dt.date(2023, 7, 1)))
    assert list(by_date["timeline"]["article_id"]) == ["a"]          # the event overlaps
    assert set(by_date["articles"]["article_id"]) == {"b"}           # only the undated article stays
    by_text = apply_filters(tables, Filters(text="troops"))
    assert list(by_text["claims"]["article_id"]) == ["b"]


def test_figures_read_as_an_analyst_reads_them():
    assert figure_label(1500.0, None, "approx") == "about 1,500"
    assert figure_label(13000.0, None, "at_least") == "at least 13,000"
    assert figure_label(12000.0, None, "at_most") == "up to 12,000"
    assert figure_label(10000.0, 12000.0, "range") == "10,000–12,000"
    assert figure_label(None, None, "vague", "thousands of soldiers") == "thousands of soldiers"
    claims = pd.DataFrame({"group_id": ["g"] * 3, "quantity": ["troops"] * 3, "source": ["A", "B", "B"],
                           "value": [1500.0, 12000.0, 1500.0], "value_high": [None] * 3,
                           "qualifier": ["approx", "exact", "exact"], "text": ["", "", ""],
                           "claimant": ["NIS", "", "NIS"], "unit": ["troops"] * 3})
    summary = quantity_summary(claims)
    assert summary.loc[0, "figures"] == "about 1,500 / 1,500 / 12,000"
    assert bool(summary.loc[0, "disagree"]) and summary.loc[0, "ratio"] == 8.0
    assert not quantity_summary(claims, disputed=set()).loc[0, "disagree"]  # the comparison step decides


def test_timeline_marks_never_show_a_month_as_a_day():
    timeline = pd.DataFrame({"event_id": ["e1", "e1", "e2"], "event_label": ["deal", "deal", "summons"],
                             "source": ["A", "B", "A"], "start": ["2024-06-01", "2024-06-19", "2024-10-21"],
                             "end": ["2024-06-30", "2024-06-19", "2024-10-21"],
                             "granularity": ["month", "day", "day"], "expression": ["in June", "June 19", "Monday"],
                             "sentence": ["s"] * 3, "date_differs": [True, True, False]})
    marks = timeline_marks(timeline)
    assert list(marks["shape"]) == ["span", "point", "point"]
    assert list(marks["row"]) == [0, 1, 3]  # one event's sources side by side, a gap before the next event


def test_highlighting_escapes_everything():
    text = 'A <b>1,500</b> "x" & [y](z)'
    out = highlight_html(text, [Span(5, 10, "hl-num", 'title "quoted" <i>')])
    assert out.startswith("A &lt;b&gt;<span class=\"hl-num\" title=\"title &quot;quoted&quot; &lt;i&gt;\">1,500")
    assert "&amp;" in out and "<b>" not in out
    assert md_escape("[a](javascript:x) <b> :red[y]") == r"\[a\]\(javascript\:x\) \<b\> \:red\[y\]"
    assert word_diff_html("grave concerns", "grave <b>concerns</b>") == \
        "grave <ins>&lt;b&gt;</ins>concerns<ins>&lt;/b&gt;</ins>"
