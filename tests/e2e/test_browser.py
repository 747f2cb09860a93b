"""The real app in a real browser: `streamlit run app.py` driven through Playwright and Debian's Chromium.

Every page loads without an exception (a screenshot of each is saved to tests/e2e/screenshots/), a source filter
narrows the Numbers page and lands in the URL, a CSV download holds exactly the filtered rows, an upload joins
the corpus, and an article full of HTML and Markdown is shown as text and runs no script.
"""
from __future__ import annotations

import csv
import io
import re
import time
from pathlib import Path

import pytest

from core.export import to_csv_bytes
from core.corpus import with_source
from core.filters import Filters, apply_filters

pytestmark = pytest.mark.browser
SCREENSHOTS = Path(__file__).parent / "screenshots"

PAGES = {"": "Overview", "timeline": "Timeline", "numbers": "Numbers", "quotes": "Quotes", "actors": "Actors",
         "articles": "Articles"}
HOSTILE = ("Hostile wire copy\n\nOfficials said 3,000 troops arrived on Monday. "
           "<script>window.__xss=1</script> <img src=x onerror=\"window.__xss=1\"> "
           "[click me](javascript:window.__xss=1) and **not bold**.\n")


def settle(page) -> None:
    """Wait until the app has connected and its script is not running (and stays so for a moment)."""
    page.wait_for_selector('[data-testid="stMain"] h1')
    for _ in range(3):
        time.sleep(0.4)
        page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]')


def open_page(page, base: str, path: str = "") -> None:
    page.goto(f"{base}/{path}")
    settle(page)


def screenshot(page, name: str) -> None:
    """A screenshot of the whole page (the main area scrolls inside the window, so grow the window first)."""
    height = page.evaluate("Math.max(...[...document.querySelectorAll('[data-testid=stMain], "
                           "[data-testid=stMainBlockContainer]')].map(e => e.scrollHeight))")
    page.set_viewport_size({"width": 1400, "height": min(int(height) + 120, 9000)})
    time.sleep(1.0)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)
    page.set_viewport_size({"width": 1400, "height": 900})


def download_label(page, table: str) -> str:
    return page.locator('[data-testid="stDownloadButton"] button', has_text=f"{table} CSV").first.inner_text()


def rows_in_label(label: str) -> int:
    return int(re.search(r"\(([\d,]+) rows?\)", label)[1].replace(",", ""))


def pick(page, widget, text: str) -> None:
    """Choose ``text`` in a Streamlit multiselect or selectbox."""
    widget.click()
    page.keyboard.type(text)
    page.get_by_role("option", name=text).first.click()
    page.keyboard.press("Escape")
    settle(page)


def options_in(page, widget) -> list[str]:
    """The options a Streamlit multiselect offers, read once its list has opened (and then closed again)."""
    widget.click()
    page.get_by_role("option").first.wait_for()
    names = page.get_by_role("option").all_inner_texts()
    page.keyboard.press("Escape")
    return names


def add_articles(page, *, files: list[tuple[str, bytes]] = (), pasted: str = "", source: str = "") -> None:
    expander = page.locator('[data-testid="stExpander"]', has_text="Add articles")
    if expander.locator("details").get_attribute("open") is None:
        expander.locator("summary").click()
    if files:
        page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(
            [{"name": n, "mimeType": "text/plain", "buffer": b} for n, b in files])
        page.locator('[data-testid="stFileChip"]').first.wait_for()
    if pasted:
        page.locator('[data-testid="stSidebar"] textarea').fill(pasted)
    if source:
        page.get_by_label("Source name (optional)").fill(source)
    page.locator('[data-testid="stFormSubmitButton"] button').click()
    settle(page)


def nav_to(page, title: str) -> None:
    """Change page through the navigation bar (same session, unlike page.goto)."""
    page.locator('[data-testid="stTopNavLink"], [data-testid="stSidebarNavLink"]').filter(has_text=title).first.click()
    page.wait_for_function(f"document.querySelector('[data-testid=stMain] h1')?.innerText === {title!r}")
    settle(page)


def no_exception(page) -> None:
    assert page.locator('[data-testid="stException"]').count() == 0, page.locator(
        '[data-testid="stException"]').first.inner_text()


@pytest.mark.parametrize("path", list(PAGES), ids=lambda p: p or "overview")
def test_every_page_loads(page, app_url, path):
    open_page(page, app_url, path)
    no_exception(page)
    assert page.locator('[data-testid="stMain"] h1').first.inner_text() == PAGES[path]
    assert page.locator('[data-testid="stSidebar"] [data-testid="stMultiSelect"]').count() == 2
    screenshot(page, path or "overview")
    no_exception(page)


def test_source_filter_narrows_numbers_and_is_a_shareable_link(page, app_url):
    open_page(page, app_url, "numbers")
    before = rows_in_label(download_label(page, "claims"))
    sources = page.locator('[data-testid="stSidebar"] [data-testid="stMultiSelect"]').first
    pick(page, sources, "AFP")
    after = rows_in_label(download_label(page, "claims"))
    assert 0 < after < before
    assert re.search(r"[?&]source=AFP\b", page.url), page.url
    screenshot(page, "numbers-filtered-AFP")
    nav_to(page, "Quotes")  # the filter stays on when the page changes, in the sidebar and the URL
    assert "quotes" in page.url and re.search(r"[?&]source=AFP\b", page.url), page.url
    chosen = page.locator('[data-testid="stSidebar"] [data-testid="stMultiSelect"]').first.inner_text()
    assert "AFP" in chosen.splitlines(), chosen
    nav_to(page, "Numbers")
    shared = page.url
    page.goto("about:blank")
    page.goto(shared)  # a new session opened from the link shows the same filtered view
    settle(page)
    assert rows_in_label(download_label(page, "claims")) == after
    no_exception(page)


def test_csv_download_has_the_filtered_rows(page, app_url, seed_tables):
    open_page(page, app_url, "numbers?source=The+Guardian")
    with page.expect_download() as info:
        page.locator('[data-testid="stDownloadButton"] button', has_text="claims CSV").first.click()
    data = info.value.path().read_bytes()
    expected = apply_filters(with_source(seed_tables), Filters(sources=("The Guardian",)))["claims"]
    assert data == to_csv_bytes(expected)
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8"))))
    assert len(rows) == rows_in_label(download_label(page, "claims")) > 0
    assert {r["source"] for r in rows} == {"The Guardian"}


def caption(page) -> str:
    return page.locator('[data-testid="stCaptionContainer"]').first.inner_text()


def test_uploaded_file_joins_the_corpus_of_this_session_only(page, app_url, browser):
    open_page(page, app_url)
    text = b"Border clash\n\nOfficials said 2,000 troops crossed the border on Monday, a spokesman said.\n"
    add_articles(page, files=[("wire.txt", text)], source="Wire Service")
    no_exception(page)
    assert page.locator('[data-testid^="stAlertContent"]', has_text="Added wire.txt").count() == 1
    assert "6 of 6 articles, from 6 sources" in caption(page)
    pick(page, page.locator('[data-testid="stSidebar"] [data-testid="stMultiSelect"]').first, "Wire Service")
    assert "1 of 6 articles, from 1 source" in caption(page)
    context = browser.new_context(viewport={"width": 1400, "height": 900})  # another visitor, another session
    other = context.new_page()
    other.set_default_timeout(60_000)
    try:
        open_page(other, app_url)
        assert "5 of 5 articles" in caption(other)  # the seeds only: not wire.txt
        add_articles(other, files=[("post.txt", b"Harbour news\n\nOfficials said 40 boats returned on Monday.\n")],
                     source="Harbour Post")
        assert "6 of 6 articles, from 6 sources" in caption(other)
        offered = options_in(other, other.locator('[data-testid="stSidebar"] [data-testid="stMultiSelect"]').first)
        assert "Harbour Post" in offered and "AFP" in offered, offered
        assert "Wire Service" not in offered, offered
    finally:
        context.close()
    page.reload()  # the first visitor, in a new run of its session, still has its own corpus only
    settle(page)
    offered = options_in(page, page.locator('[data-testid="stSidebar"] [data-testid="stMultiSelect"]').first)
    assert "AFP" in offered and "Harbour Post" not in offered, offered


def test_a_file_over_the_size_limit_is_refused_with_a_message(page, app_url):
    open_page(page, app_url)
    page.locator('[data-testid="stExpander"]', has_text="Add articles").locator("summary").click()
    big = b"Officials said 12 boats left. " * (11 * 1024 * 1024 // 30)  # 11 MB; the limit is 10 MB per file
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(
        [{"name": "big.txt", "mimeType": "text/plain", "buffer": big}])
    page.get_by_text("File must be 10.0MB or smaller.").first.wait_for()
    page.locator('[data-testid="stFormSubmitButton"] button').click()
    settle(page)
    assert "5 of 5 articles" in caption(page)
    no_exception(page)


HOSTILE_SOURCE = 'Hostile <b onmouseover="window.__xss=1">Wire</b> [x](javascript:window.__xss=1)'
HOSTILE_EVERYWHERE = (
    '<img src=x onerror="window.__xss=1"> Harbour **alert** [home](javascript:window.__xss=1)\n\n'
    "Officials said 3,000 troops arrived on 21 October 2024 <script>window.__xss=1</script>, John Smith said.\n\n"
    '"<script>window.__xss=1</script> We will stay [click me](javascript:window.__xss=1)," said John Smith, the '
    "mayor of Riverton.\n\n"
    'Smith added that 40 <b onmouseover="window.__xss=1">ships</b> left the harbour on 22 October 2024.\n')
INJECTED = ", ".join(f'[data-testid="stApp"] {selector}' for selector in (
    'img[src="x"]', 'a[href^="javascript"]', "[onerror]", "[onmouseover]", "iframe", "script"))


def no_script_ran(page) -> None:
    """No script of the article ran, and none of its tags or Markdown became an element."""
    assert page.evaluate("typeof window.__xss") == "undefined"
    injected = page.locator(INJECTED)
    assert injected.count() == 0, injected.first.evaluate("e => e.outerHTML")
    assert page.locator('[data-testid="stApp"] strong, [data-testid="stApp"] b', has_text="alert").count() == 0


def test_article_html_and_markdown_are_shown_as_text_on_every_page(page, app_url):
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    open_page(page, app_url)
    add_articles(page, pasted=HOSTILE, source="Hostile Wire")
    add_articles(page, pasted=HOSTILE_EVERYWHERE, source=HOSTILE_SOURCE)
    no_exception(page)
    nav_to(page, "Articles")
    articles = page.locator('[data-testid="stMain"] [data-testid="stSelectbox"]').first
    pick(page, articles, "Hostile Wire — Hostile wire copy")
    no_exception(page)
    main = page.locator('[data-testid="stMain"]')
    assert main.get_by_text("<script>window.__xss=1</script>", exact=False).count() >= 1
    assert main.get_by_text('<img src=x onerror="window.__xss=1">', exact=False).count() >= 1
    assert main.get_by_text("[click me](javascript:window.__xss=1)", exact=False).count() >= 1
    assert main.locator('img[src="x"], a[href^="javascript"]').count() == 0
    no_script_ran(page)
    screenshot(page, "articles-hostile")
    # the article built to reach every page: its source alone, then each page in turn
    pick(page, page.locator('[data-testid="stSidebar"] [data-testid="stMultiSelect"]').first, HOSTILE_SOURCE)
    for title in ["Overview", "Timeline", "Numbers", "Quotes", "Actors", "Articles"]:
        nav_to(page, title)
        no_exception(page)
        for expander in main.locator('[data-testid="stExpander"] summary').all():
            expander.click()  # the sentences behind the figures, on the Numbers page
        shown = main.locator('[data-testid="stDataFrame"], [data-testid="stPlotlyChart"]')
        assert shown.count() >= 1, title
        shown.first.hover()
        if title == "Timeline":  # plotly draws the source's name in its legend as written, tags and all
            assert main.locator(".legendtext").first.text_content() == HOSTILE_SOURCE
        no_script_ran(page)
        screenshot(page, f"hostile-{title.lower()}")
    highlights = main.locator(".tri-text .hl-quote")  # the reader's highlights hold the text, escaped
    assert any("<script>window.__xss=1</script> We will stay [click me](javascript:window.__xss=1)" in t
               for t in highlights.all_inner_texts())
    assert main.get_by_text('<img src=x onerror="window.__xss=1"> Harbour **alert**', exact=False).count() >= 1
    for mark in main.locator(".tri-text span[title]").all()[:12]:
        mark.hover()  # a highlight's tooltip is an attribute: hovering runs nothing either
    no_script_ran(page)
    assert dialogs == []


# --- the app on a corpus store ---------------------------------------------------------------------------------

def test_the_app_opens_a_store_named_on_its_command_line(page, store_app_url, store_corpus):
    from core.store import load_tables

    tables = load_tables(store_corpus[0])
    busiest = tables["articles"]["source"].value_counts().index[0]
    open_page(page, store_app_url, "numbers")
    no_exception(page)
    sidebar = page.locator('[data-testid="stSidebar"]').inner_text()
    assert "Corpus: the store" in sidebar and f"({len(tables['articles'])} articles)" in sidebar
    assert page.locator('[data-testid="stExpander"]', has_text="Add articles").count() == 0
    assert rows_in_label(download_label(page, "claims")) == len(tables["claims"])
    screenshot(page, "store_numbers")
    pick(page, page.locator('[data-testid="stSidebar"] [data-testid="stMultiSelect"]').first, busiest)
    no_exception(page)
    expected = apply_filters(tables, Filters(sources=(busiest,)))["claims"]
    assert 0 < rows_in_label(download_label(page, "claims")) == len(expected) < len(tables["claims"])
    assert "source=" in page.url

