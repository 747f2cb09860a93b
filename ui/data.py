"""Cached loaders: the spaCy model, the corpus the app shows, its tables and their filtered view.

Two corpora can be shown:

- **a store** (``streamlit run app.py -- --store FILE``, or the environment variable ``TRIANGULATE_STORE``):
  the tables a ``python -m core ingest`` wrote into that DuckDB file, loaded once per server process with
  ``st.cache_resource`` (keyed on the file's path, size and time, so a re-ingest is picked up) and shared by
  every session without a copy: nothing is parsed, so the app is ready as soon as the tables are read. Pages
  must treat the frames as read-only. Articles are added with ``python -m core ingest FILE... --store FILE``;
  the app does not add to a store (several sessions share it).
- **the session's corpus** otherwise: the seed articles (unless switched off) plus the articles the user added,
  kept in ``st.session_state`` so sessions never see each other's uploads. Tables are computed by
  ``core.corpus.extract_corpus`` and cached with ``st.cache_data`` on the articles' texts and metadata, so two
  sessions with the same corpus share one extraction and a new article re-extracts only once.

Either way a ``core.filters.FilterIndex`` of the corpus is built once and cached, so a filter change is array
lookups (``core.filters.apply_filters``).
"""
from __future__ import annotations

import contextvars
import dataclasses
import datetime as dt
import hashlib
import os
import sys
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TypeVar

import pandas as pd
import streamlit as st
from spacy.language import Language
from streamlit.runtime.pages_manager import PagesManager

from core import corpus, store
from core.filters import Filters, FilterIndex, apply_filters
from core.ingest import Article, read_article, read_articles
from core.nlp import load_model, model_description
from core.quotes import find_quote_spans, unbalanced_message

from . import keys
from .filters import current_filters

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
MANIFEST = SEEDS / "sources.csv"
STORE_ENV = "TRIANGULATE_STORE"

ArticleRecord = tuple[tuple[str, object], ...]
T = TypeVar("T")


@st.cache_resource(show_spinner="Loading the spaCy model…")
def load_nlp() -> Language:
    """The English model, loaded once per server process (raises ``core.nlp.ModelNotFoundError``)."""
    return load_model()


@st.cache_data(show_spinner=False)
def seed_articles() -> list[Article]:
    return read_articles([SEEDS], manifest=MANIFEST)


def session_articles() -> list[Article]:
    """The articles of this session: the seeds (unless switched off) and the ones the user added."""
    seeds = seed_articles() if st.session_state.get(keys.USE_SEEDS, True) else []
    added: list[Article] = st.session_state.get(keys.ADDED_ARTICLES, [])
    seen: set[str] = set()
    articles = []
    for article in [*seeds, *added]:
        if article.article_id not in seen:
            seen.add(article.article_id)
            articles.append(article)
    return articles


def to_record(article: Article) -> ArticleRecord:
    """A hashable, order-stable copy of every field of an article: the cache key of its tables."""
    def freeze(value: object) -> object:
        return tuple(freeze(v) for v in value) if isinstance(value, (list, tuple)) else value

    return tuple((f.name, freeze(getattr(article, f.name))) for f in dataclasses.fields(Article))


def from_record(record: ArticleRecord) -> Article:
    fields = dict(record)
    fields["warnings"] = list(fields.get("warnings", ()))
    fields["regions"] = [tuple(r) for r in fields.get("regions", ())]
    return Article(**fields)


@st.cache_data(show_spinner="Parsing articles…", max_entries=16)
def extract_tables(records: tuple[ArticleRecord, ...], _progress=None) -> dict[str, pd.DataFrame]:
    """Every table of the articles in ``records`` (cached on their content)."""
    articles = [from_record(r) for r in records]
    return corpus.extract_corpus(articles, load_nlp(), progress=_progress)


def corpus_tables() -> dict[str, pd.DataFrame]:
    """The unfiltered tables of the corpus shown: the store's, or the session's (with a progress bar while its
    articles are parsed)."""
    if (path := store_path()) is not None:
        return store_tables(*store_stamp(path))
    records = tuple(to_record(a) for a in session_articles())
    slot = st.empty()
    # The callback runs in the caller's context: a Streamlit call made inside a cached function would be
    # recorded for replay on later cache hits, where this placeholder no longer exists.
    caller = contextvars.copy_context()

    def progress(done: int, total: int) -> None:
        caller.run(slot.progress, done / max(total, 1), text=f"Parsing articles: {done} of {total}")

    tables = extract_tables(records, _progress=progress)
    slot.empty()
    return tables


# --- a store ----------------------------------------------------------------------------------------------

class StoreError(Exception):
    """The store named on the command line or in ``TRIANGULATE_STORE`` cannot be shown (said to the user)."""


def store_path() -> Path | None:
    """The store to show: ``--store FILE`` after ``--`` on the ``streamlit run`` line, else the environment
    variable; None for the session's own corpus."""
    args = sys.argv[1:]
    named = next((args[i + 1] for i, a in enumerate(args[:-1]) if a == "--store"), None)
    named = named or next((a.split("=", 1)[1] for a in args if a.startswith("--store=")), None)
    named = named or os.environ.get(STORE_ENV, "").strip()
    return Path(named) if named else None


def store_stamp(path: Path) -> tuple[str, tuple[int, ...]]:
    """(path, sizes and modification times of the store and its write-ahead log): the cache key of its tables,
    which changes when an ingest writes. Raises ``StoreError`` when there is no such file."""
    try:
        info = path.stat()
    except OSError as exc:
        raise StoreError(f"The store {path} cannot be opened ({exc.strerror or exc}). Create it with "
                         f"`python -m core ingest ARTICLES... --store {path}`, or start the app without --store "
                         "to work on the seed articles.") from None
    wal = Path(f"{path}.wal")
    log = wal.stat() if wal.exists() else None
    return str(path.resolve()), (info.st_size, info.st_mtime_ns, *((log.st_size, log.st_mtime_ns) if log else ()))


@st.cache_resource(show_spinner="Opening the corpus store…", max_entries=2)
def store_tables(path: str, stamp: tuple[int, ...]) -> dict[str, pd.DataFrame]:
    """Every table of the store (shared by all sessions: read-only). Raises ``StoreError`` when the file is
    not a store with tables, or is being written."""
    try:
        tables = store.load_tables(path)
    except Exception as exc:  # DuckDB raises its own kinds: a locked file, not a database, an old layout
        raise StoreError(f"The store {path} cannot be read: {exc}. If an ingest is writing it, wait until it "
                         "has finished; otherwise re-create it with `python -m core ingest`.") from None
    missing = [name for name in corpus.TABLES if name not in tables]
    if missing:
        raise StoreError(f"The store {path} holds no {', '.join(missing)} table: run `python -m core ingest "
                         f"ARTICLES... --store {path}` to fill it.")
    return tables


@st.cache_resource(show_spinner="Reading the articles…", max_entries=2)
def store_articles(path: str, stamp: tuple[int, ...]) -> dict[str, Article]:
    """The store's articles with their text, by id (read on the first page that shows an article's text)."""
    return {a.article_id: a for a in store.load_articles(path)}


def model_summary() -> tuple[str, str]:
    """(model, pipeline) that made the tables shown: for a store, what its ingest recorded (no model is loaded);
    otherwise the model this server loaded."""
    if (path := store_path()) is not None:
        recorded = store_settings(*store_stamp(path))
        return (f"as ingested into the store: {recorded}" if recorded else "not recorded in this store"), ""
    nlp = load_nlp()
    return model_description(nlp), ", ".join(nlp.pipe_names)


@st.cache_resource(show_spinner=False, max_entries=2)
def store_settings(path: str, stamp: tuple[int, ...]) -> str:
    return store.store_settings(path)


# --- the filtered view --------------------------------------------------------------------------------------

@st.cache_resource(show_spinner=False, max_entries=8)
def filter_index(corpus_key: str, _tables: dict[str, pd.DataFrame]) -> FilterIndex:
    """The filter index of the corpus with key ``corpus_key`` (built from ``_tables``, the corpus's tables)."""
    return FilterIndex(_tables)


def corpus_key() -> str:
    """A key that changes whenever the corpus shown does."""
    if (path := store_path()) is not None:
        return f"store:{store_stamp(path)}"
    digest = hashlib.sha1()
    for a in session_articles():  # an article id is a hash of its text
        digest.update(repr(a.row()).encode("utf-8", "surrogatepass"))
    return "session:" + digest.hexdigest()


@dataclasses.dataclass(frozen=True)
class View:
    """What a page shows: every table of the corpus, the same tables filtered, the filters, and ``corpus``,
    the key of the corpus (``corpus_key()``)."""
    all: dict[str, pd.DataFrame]
    tables: dict[str, pd.DataFrame]
    filters: Filters
    corpus: str = ""


def derived(view: View, name: str, compute: Callable[[], T], *, whole_corpus: bool = False) -> T:
    """``compute()``, a page's view of ``view`` called ``name``, made once per corpus, filters and name and kept
    (shared by sessions, so read-only): a page switch or a rerun under the same filters reuses it, which at
    10,000 articles is most of a page's time. ``compute`` must depend on nothing but ``view`` (with
    ``whole_corpus``, on nothing but ``view.all``: it is then made once per corpus, whatever the filters)."""
    return _derived(view.corpus, Filters() if whole_corpus else view.filters, name, compute)


@st.cache_resource(show_spinner=False, max_entries=128)
def _derived(corpus_key: str, filters: Filters, name: str, _compute: Callable[[], T]) -> T:
    return _compute()


def run_through_app() -> None:
    """Make sure this page runs inside ``app.py`` (sidebar, filters bound to the URL), not on its own.

    Because the pages live in ``pages/``, Streamlit starts out in its old pages-directory mode; the first
    ``st.navigation`` call switches that off for the whole process. Until then (when the first request of a
    fresh server opens a page link such as ``/numbers?source=AFP``) the page file runs alone, without the
    sidebar or the URL filters. Switch the mode off and rerun: the rerun goes through ``app.py`` to that page.
    """
    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        st.rerun()


def load_view() -> View:
    """The corpus's tables and their filtered version; call after the sidebar has run."""
    run_through_app()
    path = store_path()
    tables = store_tables(*store_stamp(path)) if path else extract_tables(tuple(map(to_record, session_articles())))
    filters, key = current_filters(), corpus_key()
    if not filters.active:
        return View(all=tables, tables=dict(tables), filters=filters, corpus=key)
    return View(all=tables, tables=filtered_tables(key, filters, tables), filters=filters, corpus=key)


@st.cache_resource(show_spinner=False, max_entries=16)
def filtered_tables(corpus_key: str, filters: Filters, _tables: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """``_tables`` (the corpus with key ``corpus_key``) narrowed by ``filters``, kept: the sidebar and the page
    of one run, and every page switch under the same filters, share one application (frames are read-only)."""
    return apply_filters(_tables, filters, filter_index(corpus_key, _tables))


def article_by_id(article_id: str) -> Article | None:
    if (path := store_path()) is not None:
        return store_articles(*store_stamp(path)).get(article_id)
    return next((a for a in session_articles() if a.article_id == article_id), None)


# --- adding articles ---------------------------------------------------------------------------------------

MB = 1024 * 1024
# Per file: the same number as ``server.maxUploadSize`` in .streamlit/config.toml, where the browser's uploader
# refuses a bigger file before it is sent; checked here again for pasted text and any other way in.
FILE_LIMIT_MB = 10
# Per session: article text a session may hold (it stays in the server's memory as long as the session does).
SESSION_LIMIT_MB = 25
LIMITS_HELP = (f"Up to {FILE_LIMIT_MB} MB per file, and {SESSION_LIMIT_MB} MB of article text per session. "
               "Larger corpora: use the command line (`python -m core extract`), which has no limit.")


def session_text_bytes(articles: list[Article]) -> int:
    """How much article text (UTF-8 bytes) the added articles of a session hold: what the session limit counts."""
    return sum(len(a.text.encode("utf-8")) for a in articles)


def read_new_articles(files: list[tuple[str, bytes]], pasted: str, *, source: str = "",
                      published: dt.date | None = None, known_ids: Mapping[str, str] | set[str] | None = None,
                      first_paste_number: int = 1, used_bytes: int = 0) -> tuple[list[Article], list[tuple[str, str]]]:
    """Uploaded files and pasted text → (articles to add, messages as (level, text)).

    A file that yields no text is not added and the message says why and what to do; so is one over the per-file
    limit, or one that would take the session's article text (``used_bytes`` so far) over the per-session limit.
    An article already in the corpus (``known_ids``: article ids, or ids → file names) is reported and skipped.
    An added article's warnings are shown, with those the extraction would add later said now: no sentence to
    extract (it is added all the same, as the command line keeps its row), an unbalanced quotation mark. Every
    message names its file.
    """
    overrides = {k: v for k, v in {"source": source.strip(),
                                   "published": published.isoformat() if published else ""}.items() if v}
    inputs = list(files)
    if pasted.strip():
        inputs.append((f"pasted-{first_paste_number}.txt", pasted.encode("utf-8")))
    known = dict(known_ids) if isinstance(known_ids, Mapping) else dict.fromkeys(known_ids or (), "")
    added: list[Article] = []
    messages: list[tuple[str, str]] = []
    for name, data in inputs:
        if len(data) > FILE_LIMIT_MB * MB:
            messages.append(("error", f"{name} was not added. It is {len(data) / MB:.1f} MB, over the limit of "
                                      f"{FILE_LIMIT_MB} MB per file: split it into smaller files, or run "
                                      "`python -m core extract` on it from the command line, which has no limit."))
            continue
        article = read_article(Path(name), data=data, overrides=overrides)
        problems = "; ".join(article.warnings) or "holds no text"
        if not article.text.strip():
            messages.append(("error", f"{name} was not added. {_naming(name, problems)}."))
            continue
        if article.article_id in known:
            other = known[article.article_id]
            same = f"the same text as {Path(other).name}" if other else "the same text as an article"
            messages.append(("info", f"{name} was not added: it has {same}, already in the corpus (spacing "
                                     "aside), so it would only count twice."))
            continue
        if (reason := corpus.nothing_to_extract(article)) is not None:
            article.warnings.insert(0, reason)
        unbalanced: list[tuple[int, str]] = []
        find_quote_spans(article.body_text, unbalanced)  # the extraction finds the same marks (and says the same)
        article.warnings.extend(unbalanced_message(article.text, at, what) for at, what in unbalanced)
        size = len(article.text.encode("utf-8"))
        if used_bytes + size > SESSION_LIMIT_MB * MB:
            messages.append(("error", f"{name} was not added. This session already holds {used_bytes / MB:.1f} MB "
                                      f"of article text and {name} would add {size / MB:.1f} MB, over the limit of "
                                      f"{SESSION_LIMIT_MB} MB per session: remove the added articles to make room, "
                                      "or run `python -m core extract` from the command line, which has no limit."))
            continue
        used_bytes += size
        known[article.article_id] = name
        added.append(article)
        note = f" Warnings: {'; '.join(article.warnings)}" if article.warnings else ""
        messages.append(("warning" if article.warnings else "success",
                         f"Added {name} as source “{article.source}”.{note}"))
    if not inputs:
        messages.append(("info", "Choose a file or paste some text first."))
    return added, messages


def _naming(name: str, problem: str) -> str:
    """``problem`` as a sentence about the file: "photo.txt is a binary file ..." (ingest's warnings for a file
    that cannot be read start with its name; the others do not)."""
    return problem if problem.startswith(name) else f"{name} {problem}"
