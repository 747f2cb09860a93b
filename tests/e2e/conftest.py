"""Browser-test fixtures: the real app served by ``streamlit run`` on a free port, and Debian's Chromium.

Chromium comes from Debian (``scripts/setup.sh --test`` installs it at /usr/bin/chromium); ``playwright install``
is never used, it downloads a browser build from outside.
"""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path(os.environ.get("TRIANGULATE_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]
START_TIMEOUT = 120


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_answers(url: str, proc: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"streamlit exited with {proc.returncode}:\n{log.read_text(errors='replace')}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as resp:
                if resp.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    pytest.fail(f"streamlit did not answer within {START_TIMEOUT} s:\n{log.read_text(errors='replace')}")


def serve(log: Path, *script_args: str) -> Iterator[str]:
    """``streamlit run app.py [-- script_args]`` on a free port: yields its base URL, stops it afterwards."""
    port = free_port()
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true",
             "--server.port", str(port), "--server.address", "127.0.0.1", "--server.fileWatcherType", "none",
             "--browser.gatherUsageStats", "false", *(["--", *script_args] if script_args else [])],
            cwd=ROOT, stdout=out, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_answers(url, proc, log)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@pytest.fixture(scope="session")
def app_url(tmp_path_factory) -> Iterator[str]:
    """Base URL of ``streamlit run app.py`` started for this test session (stopped at the end)."""
    yield from serve(tmp_path_factory.mktemp("streamlit") / "server.log")


@pytest.fixture(scope="session")
def store_corpus(tmp_path_factory, seed_articles, nlp) -> tuple[Path, Path]:
    """A corpus store of the seeds and 60 generated articles (``core.bench.make_corpus``), made by the real
    ingest; returns (store, folder of the generated articles)."""
    import copy

    from core.bench import make_corpus
    from core.ingest import read_articles
    from core.pipeline import ingest

    folder = tmp_path_factory.mktemp("generated")
    manifest = make_corpus(60, folder)
    store = folder / "corpus.duckdb"
    ingest([*copy.deepcopy(seed_articles), *read_articles([folder], manifest=manifest)], store=store, nlp=nlp,
           progress=False)
    return store, folder


@pytest.fixture(scope="session")
def store_app_url(tmp_path_factory, store_corpus) -> Iterator[str]:
    """``streamlit run app.py -- --store FILE`` on the store of ``store_corpus``."""
    yield from serve(tmp_path_factory.mktemp("streamlit-store") / "server.log", "--store", str(store_corpus[0]))


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    if not CHROMIUM.exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: run `bash scripts/setup.sh --test` (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser) -> Iterator[object]:
    """A fresh browser context (so a fresh Streamlit session) per test."""
    context = browser.new_context(viewport={"width": 1400, "height": 900}, accept_downloads=True)
    tab = context.new_page()
    tab.set_default_timeout(60_000)
    yield tab
    context.close()
