"""The Streamlit app, run headless with ``AppTest`` on the seed articles.

A parametrized smoke test runs every page; targeted tests set widgets and check what the pages show: filters
narrow the tables (and persist across pages, and come from the URL), the exported CSV is the filtered table,
uploaded and pasted articles join the corpus, a bad file is reported, article text is never rendered as HTML.
The pure helpers of ``ui`` (filters, figures, highlighting) are tested without Streamlit after that. Then every bad
input of ``tests/test_robustness.py`` uploaded at once (each message checked, the good articles extracted in full),
the upload limits, two sessions side by side, and a hostile article on every page.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from pathlib import Path

import pandas as pd
import pytest
import streamlit as st
import streamlit.testing.v1.app_test as app_test_module
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.runtime.pages_manager import PagesManager
from streamlit.testing.v1 import AppTest

from core.corpus import extract_corpus
from core.export import to_csv_bytes
from core.ingest import read_article
from ui import data as ui_data
from ui import keys
from core.corpus import with_source
from ui.data import read_new_articles
from core.filters import Filters, apply_filters
from ui.highlight import Span, highlight_html, md_escape, word_diff_html
from ui.views import figure_label, quantity_summary, timeline_marks

from test_robustness import CLEAN, DECODE_ERRORS, READ, REFUSED, UNBALANCED  # the command line's bad cases

ROOT = Path(__file__).resolve().parents[1]
TIMEOUT = 120  # the first run loads the spaCy model and parses the seeds
PAGES = {"pages/overview.py": "Overview", "pages/timeline.py": "Timeline", "pages/numbers.py": "Numbers",
         "pages/quotes.py": "Quotes", "pages/actors.py": "Actors", "pages/articles.py": "Articles"}
HOSTILE = ("Hostile wire copy\n\nOfficials said 3,000 troops arrived. <script>window.__xss=1</script> "
           '<img src=x onerror="window.__xss=1"> [click me](javascript:window.__xss=1) **bold** :red[red]\n')


class RecordingMediaFileManager(MediaFileManager):
    """AppTest's media file manager, kept reachable so a test can run a download (every download is written
    when clicked) and read what it serves."""
    instances: list[MediaFileManager] = []

    def __init__(self, storage) -> None:
        super().__init__(storage)
        self.storage = storage
        RecordingMediaFileManager.instances.append(self)


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
    monkeypatch.setattr(app_test_module, "MediaFileManager", RecordingMediaFileManager)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def downloaded(at: AppTest, label_start: str) -> bytes:
    """The bytes the download button whose label starts with ``label_start`` serves (written as on a click)."""
    return served(at, label_start)


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


# --- bad input, limits, hostile input, sessions (see also tests/test_robustness.py) ---------------------------

ALERT_LEVELS = ("error", "warning", "info", "success")
SEEDS_AFP = "000_1700f88ec5aa7c5f.txt"
ODD_NAMES = ["with spaces and (brackets).txt", "déjà vu – ünïcødé 记者.txt", "=cmd|' calc'!A0.txt",
             "[link](javascript:alert(1)).txt", "long " + "x" * 200 + ".txt"]
HOSTILE_SOURCE = 'Hostile <i onmouseover="window.__xss=1">Wire</i> [x](javascript:window.__xss=1)'
HOSTILE_EVERYWHERE = (
    '<img src=x onerror="window.__xss=1"> Harbour **alert** [home](javascript:window.__xss=1)\n\n'
    "Officials said 3,000 troops arrived on 21 October 2024 <script>window.__xss=1</script>, John Smith said.\n\n"
    '"<script>window.__xss=1</script> We will stay [click me](javascript:window.__xss=1)," said John Smith, the '
    "mayor of Riverton.\n\n"
    'Smith added that 40 <b onmouseover="window.__xss=1">ships</b> left the harbour on 22 October 2024.\n')
RAW = ("<script", "<img", "<b ", "<i ", "onerror=\"", "onmouseover=\"")


def alerts(at: AppTest) -> list[tuple[str, str]]:
    """(level, text shown) of every alert on the page."""
    return [(level, shown_text(a.value)) for level in ALERT_LEVELS for a in getattr(at, level)]


def message_about(at: AppTest, name: str) -> tuple[str, str]:
    named = re.compile(rf"(?<![\w-]){re.escape(name)}")
    found = [(level, text) for level, text in alerts(at) if named.search(text)]
    assert len(found) == 1, (name, alerts(at))
    return found[0]


def upload(at: AppTest, files: list[tuple[str, bytes]], *, published: dt.date | None = dt.date(2024, 10, 21),
           pasted: str = "", source: str = "") -> AppTest:
    if files:
        at.file_uploader(key=keys.UPLOADS).set_value([(n, d, "text/plain") for n, d in files])
    if pasted:
        at.text_area(key=keys.PASTED_TEXT).set_value(pasted)
    if source:
        at.text_input(key=keys.NEW_SOURCE).set_value(source)
    if published:
        at.date_input(key=keys.NEW_PUBLISHED).set_value(published)
    at.form_submit_button[0].click().run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def per_article_rows(tables_csv: dict[str, list[dict]], article_id: str) -> dict[str, set]:
    columns = {"sentences": "text", "mentions": "text", "claims": "text", "quotes": "quote", "timeline": "expression"}
    return {t: {(int(r["sentence_id"]) if r["sentence_id"] else None, int(r["start_char"]), int(r["end_char"]),
                 r[c]) for r in tables_csv[t] if r["article_id"] == article_id} for t, c in columns.items()}


def served(at: AppTest, label_start: str) -> bytes:
    """What the download button whose label starts with ``label_start`` serves, written as a click would, for
    any of the AppTests alive (each has its own media file manager)."""
    button = next(b for b in at.download_button if b.label.startswith(label_start)).proto
    for manager in reversed(RecordingMediaFileManager.instances):
        try:
            url = manager.execute_deferred(button.deferred_file_id) if button.deferred_file_id else button.url
            return manager.storage.get_file(url.rsplit("/", 1)[-1].split(".")[0]).content
        except Exception:  # noqa: BLE001  not this manager's file
            continue
    raise LookupError(label_start)


def started_app() -> AppTest:
    """A fresh session of the app after its first run, for module-scoped fixtures."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


@pytest.fixture(scope="module", autouse=True)
def set_up_as_app_for_the_module():
    """What the ``app`` fixture and ``navigation_mode_of_a_running_server`` set up, for module-scoped sessions
    (whose runs happen in several tests): navigation as on a server, and media storages a test can read."""
    with pytest.MonkeyPatch.context() as mp:
        def init(self, *args, **kwargs):
            ORIGINAL_PAGES_MANAGER_INIT(self, *args, **kwargs)
            PagesManager.uses_pages_directory = False

        mp.setattr(PagesManager, "__init__", init)
        mp.setattr(app_test_module, "MediaFileManager", RecordingMediaFileManager)
        yield


def zipped_tables(at: AppTest) -> dict[str, list[dict]]:
    with zipfile.ZipFile(io.BytesIO(served(at, "All tables"))) as zf:
        return {Path(n).stem: list(csv.DictReader(io.StringIO(zf.read(n).decode("utf-8"), newline="")))
                for n in zf.namelist()}


@pytest.fixture(scope="module")
def bad_upload() -> AppTest:
    """One upload of every bad case next to the good ones (one session)."""
    at = started_app()
    files = [(n, d) for n, (d, *_r) in {**REFUSED, **READ, **CLEAN}.items()]
    files.append(("unbalanced.txt", f"Harbour dispute\n\n{UNBALANCED}\n".encode()))
    return upload(at, files)


@pytest.mark.parametrize("name", DECODE_ERRORS + ["script-only.html"])
def test_upload_of_a_file_with_no_text_says_which_file_what_is_wrong_and_what_to_do(bad_upload, name):
    level, text = message_about(bad_upload, name)
    assert level == "error"
    assert text.startswith(f"{name} was not added. {name} {REFUSED[name][1][0]}")
    for words in REFUSED[name][1]:
        assert words in text


@pytest.mark.parametrize("name", ["menu-only.html", "headline-only.txt", "symbols.txt"])
def test_upload_of_a_file_with_no_sentence_is_added_with_a_warning_that_says_so(bad_upload, name):
    level, text = message_about(bad_upload, name)
    assert level == "warning" and text.startswith(f"Added {name} as source")
    for words in REFUSED[name][1]:
        assert words in text


@pytest.mark.parametrize("name", list(READ))
def test_upload_in_another_encoding_is_read_and_the_encoding_is_said(bad_upload, name):
    level, text = message_about(bad_upload, name)
    assert level == "warning" and text.startswith(f"Added {name} as source")
    for words in READ[name][1]:
        assert words in text


@pytest.mark.parametrize("name", list(CLEAN))
def test_upload_with_a_byte_order_mark_is_added_silently(bad_upload, name):
    assert message_about(bad_upload, name) == ("success", f"Added {name} as source “{Path(name).stem}”.")


def test_upload_with_an_unbalanced_quote_says_where(bad_upload):
    level, text = message_about(bad_upload, "unbalanced.txt")
    at = len("Harbour dispute\n\n") + UNBALANCED.index('"we')
    assert level == "warning"
    assert f"unbalanced quotation mark at character {at} (\"we are not going anywhere" in text
    assert "read up to the end of its paragraph: check the quotation marks there" in text


def test_every_good_upload_is_processed_in_full_next_to_the_bad_ones(bad_upload, nlp):
    added = bad_upload.session_state[keys.ADDED_ARTICLES]
    readable = [*READ, *CLEAN, "menu-only.html", "headline-only.txt", "symbols.txt", "unbalanced.txt"]
    assert sorted(a.file for a in added) == sorted(readable)
    shown = zipped_tables(bad_upload)
    inputs = {n: d for n, (d, *_r) in {**READ, **CLEAN}.items()}
    inputs["unbalanced.txt"] = f"Harbour dispute\n\n{UNBALANCED}\n".encode()
    for name, data in inputs.items():
        alone = read_article(Path(name), data, overrides={"published": "2024-10-21"})
        clean = extract_corpus([alone], nlp)
        expected = {t: {(None if pd.isna(r["sentence_id"]) else int(r["sentence_id"]), int(r["start_char"]),
                         int(r["end_char"]), r[c]) for r in clean[t].to_dict("records")}
                    for t, c in {"sentences": "text", "mentions": "text", "claims": "text", "quotes": "quote",
                                 "timeline": "expression"}.items()}
        assert per_article_rows(shown, alone.article_id) == expected, name
        assert expected["sentences"]
    for page in PAGES:
        go(bad_upload, page)


def test_the_same_article_twice_in_one_upload_is_added_once(app):
    text = "Border clash\n\nOfficials said 2,000 troops crossed the border on Monday, a spokesman said.\n"
    upload(app, [("first.txt", text.encode()), ("again.txt", text.replace(" ", "  ").encode()),
                 (SEEDS_AFP, (ROOT / "seeds" / SEEDS_AFP).read_bytes())])
    assert [a.file for a in app.session_state[keys.ADDED_ARTICLES]] == ["first.txt"]
    assert message_about(app, "again.txt") == (
        "info", "again.txt was not added: it has the same text as first.txt, already in the corpus (spacing "
                "aside), so it would only count twice.")
    assert message_about(app, SEEDS_AFP)[1].startswith(
        f"{SEEDS_AFP} was not added: it has the same text as {SEEDS_AFP}")


def test_odd_file_names_are_added_under_their_own_name(app):
    files = [(n, f"Harbour {i}\n\nOfficials said {100 + i} boats returned on Monday.\n".encode())
             for i, n in enumerate(ODD_NAMES)]
    upload(app, files)
    assert [a.file for a in app.session_state[keys.ADDED_ARTICLES]] == ODD_NAMES
    for name in ODD_NAMES:
        assert message_about(app, name) == ("success", f"Added {name} as source “{Path(name).stem}”.")
    assert set(map(lambda n: Path(n).stem, ODD_NAMES)) <= set(app.multiselect(key=keys.SOURCES).options)
    for page in PAGES:
        go(app, page)


def test_relative_dates_without_a_publication_date_are_said_on_upload(app):
    upload(app, [("undated.txt", b"Bridge closed\n\nThe bridge closed on Monday and will reopen next week.\n")],
           published=None)
    level, text = message_about(app, "undated.txt")
    assert level == "warning"
    assert "no publication date, so relative dates ('on Monday', 'last week') stay unresolved: give one in the " \
           "manifest's published column, or in the app's publication date field" in text


def test_an_impossible_date_is_shown_with_its_article(app):
    text = "Odd vote\n\nThe council voted on 31 February 2024, officials said.\n"
    upload(app, [("odd.txt", text.encode())], source="Odd Wire")
    app.multiselect(key=keys.SOURCES).set_value(["Odd Wire"]).run()
    go(app, "pages/articles.py")
    warned = [w.value.replace("\\", "") for w in app.warning]  # shown Markdown-escaped
    assert f"impossible date “31 February 2024” at character {text.index('31')} names a day that is not in the calendar, so it is " \
           "not on the timeline: check the date in the article" in warned, warned


def test_a_long_article_is_read_in_chunks_in_the_app(app):
    from core.parse import CHUNK_CHARS

    paragraph = ("The council reviewed the plan for the northern district after a long meeting. Officials said "
                 "{n} people attended on 3 March 2024.\n\n")
    text = "Long report\n\n" + "".join(paragraph.format(n=100 + i) for i in range(1200))
    assert len(text) > CHUNK_CHARS
    upload(app, [("long.txt", text.encode())])
    [article] = app.session_state[keys.ADDED_ARTICLES]
    shown = zipped_tables(app)
    sentences = [r for r in shown["sentences"] if r["article_id"] == article.article_id]
    assert [int(r["sentence_id"]) for r in sentences] == list(range(2400))
    assert all(text[int(r["start_char"]):int(r["end_char"])] == r["text"] for r in sentences)
    claims = [r for r in shown["claims"] if r["article_id"] == article.article_id]
    assert [r["text"] for r in claims] == [f"{100 + i} people" for i in range(1200)]


# --- limits -------------------------------------------------------------------------------------------------------

def test_the_per_file_limit_is_the_uploaders_and_is_said(app):
    import tomllib

    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["server"]["maxUploadSize"] == ui_data.FILE_LIMIT_MB == 10
    big = b"Big report\n\n" + b"Officials said 12 boats left. " * (ui_data.FILE_LIMIT_MB * ui_data.MB // 30 + 1)
    upload(app, [("big.txt", big), ("small.txt", b"Small\n\nOfficials said 12 boats left on Monday.\n")])
    assert message_about(app, "big.txt") == (
        "error", f"big.txt was not added. It is {len(big) / ui_data.MB:.1f} MB, over the limit of 10 MB per file: "
                 "split it into smaller files, or run `python -m core extract` on it from the command line, which "
                 "has no limit.")
    assert [a.file for a in app.session_state[keys.ADDED_ARTICLES]] == ["small.txt"]
    assert app.file_uploader(key=keys.UPLOADS).proto.help == ui_data.LIMITS_HELP


def test_the_per_session_limit_is_said_and_removing_the_added_articles_makes_room(app, monkeypatch):
    monkeypatch.setattr(ui_data, "SESSION_LIMIT_MB", 300 / ui_data.MB)  # 300 bytes of article text
    first = b"Harbour\n\n" + b"Officials said 40 boats returned to the harbour on Monday. " * 3
    second = b"Market\n\n" + b"Officials said 12 stalls opened in the market on Tuesday. " * 3
    upload(app, [("first.txt", first), ("second.txt", second)])
    assert [a.file for a in app.session_state[keys.ADDED_ARTICLES]] == ["first.txt"]
    level, text = message_about(app, "second.txt")
    assert level == "error"
    assert text.startswith(f"second.txt was not added. This session already holds {len(first) / ui_data.MB:.1f} MB "
                           f"of article text and second.txt would add {len(second) / ui_data.MB:.1f} MB, over the "
                           f"limit of {300 / ui_data.MB} MB per session: remove the added articles to make room")
    next(b for b in app.button if b.label == "Remove the added articles").click().run()
    upload(app, [("second.txt", second)])
    assert [a.file for a in app.session_state[keys.ADDED_ARTICLES]] == ["second.txt"]


def test_read_new_articles_applies_both_limits():
    text = b"Harbour\n\nOfficials said 40 boats returned to the harbour on Monday.\n"
    added, messages = read_new_articles([("a.txt", text)], "", used_bytes=ui_data.SESSION_LIMIT_MB * ui_data.MB)
    assert added == [] and messages[0][0] == "error" and "over the limit of 25 MB per session" in messages[0][1]
    too_big = "x " * (ui_data.FILE_LIMIT_MB * ui_data.MB // 2 + 1)
    added, messages = read_new_articles([], too_big)
    assert added == [] and "pasted-1.txt was not added. It is 10.0 MB, over the limit of 10 MB per file" in \
        messages[0][1]


# --- sessions -----------------------------------------------------------------------------------------------------

def test_what_one_session_uploads_another_does_not_see():
    one = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT).run()
    other = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT).run()
    upload(one, [("wire.txt", b"Border clash\n\nOfficials said 2,000 troops crossed the border on Monday.\n")],
           source="Wire Service")
    upload(other, [("post.txt", b"Harbour news\n\nOfficials said 40 boats returned to the harbour on Monday.\n")],
           source="Harbour Post")
    one.run()
    other.run()
    assert "Wire Service" in one.multiselect(key=keys.SOURCES).options
    assert "Harbour Post" not in one.multiselect(key=keys.SOURCES).options
    assert "Harbour Post" in other.multiselect(key=keys.SOURCES).options
    assert "Wire Service" not in other.multiselect(key=keys.SOURCES).options
    assert [a.file for a in one.session_state[keys.ADDED_ARTICLES]] == ["wire.txt"]
    assert [a.file for a in other.session_state[keys.ADDED_ARTICLES]] == ["post.txt"]
    fresh = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT).run()
    assert keys.ADDED_ARTICLES not in fresh.session_state
    assert set(fresh.multiselect(key=keys.SOURCES).options).isdisjoint({"Wire Service", "Harbour Post"})


# --- hostile input on every page ----------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def hostile() -> AppTest:
    at = started_app()
    upload(at, [], pasted=HOSTILE_EVERYWHERE, source=HOSTILE_SOURCE)
    at.multiselect(key=keys.SOURCES).set_value([HOSTILE_SOURCE]).run()
    return at


@pytest.mark.parametrize("page", list(PAGES))
def test_a_hostile_article_is_shown_as_text_on_every_page(hostile, page):
    go(hostile, page)
    assert hostile.dataframe, "the page shows the hostile article's rows"
    rendered = "".join(h.value for h in hostile.html)
    for raw in RAW:
        assert raw not in rendered, raw
    for element in (*hostile.markdown, *hostile.caption, *hostile.title, *hostile.subheader, *hostile.info,
                    *hostile.warning, *hostile.error, *hostile.success):
        assert "<script" not in element.value and "](javascript:" not in element.value, element.value
    if page in ("pages/articles.py", "pages/numbers.py"):  # the sentences, in HTML
        assert "&lt;script&gt;window.__xss=1&lt;/script&gt;" in rendered
    if page == "pages/articles.py":
        assert '<span class="hl-quote" title="quote (statement) — John Smith">&lt;script&gt;' in rendered
        assert "[click me](javascript:window.__xss=1)" in rendered
        assert "&lt;img src=x onerror=&quot;window.__xss=1&quot;&gt; Harbour **alert**" in rendered


def test_a_hostile_article_exports_as_text(hostile):
    go(hostile, "pages/quotes.py")
    [row] = list(csv.DictReader(io.StringIO(served(hostile, "quotes CSV").decode("utf-8"), newline="")))
    assert row["quote"] == "<script>window.__xss=1</script> We will stay [click me](javascript:window.__xss=1),"
    assert row["source"] == HOSTILE_SOURCE


def test_chart_text_escapes_tags_and_entities_but_shows_quotes_as_written():
    from ui.highlight import chart_text

    assert chart_text('<b onmouseover="x">&amp;</b>') == '&lt;b onmouseover="x"&gt;&amp;amp;&lt;/b&gt;'
    assert chart_text(None) == ""


@pytest.mark.parametrize("page", list(PAGES))
def test_no_download_is_written_until_it_is_clicked(app, page):
    go(app, page)
    assert app.download_button, "every page offers downloads"
    assert all(b.proto.deferred_file_id and not b.proto.url for b in app.download_button)
