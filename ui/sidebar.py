"""The shared sidebar: filters on top, then adding articles to the session's corpus, then the zip download.

``render()`` runs on every page (from ``app.py``), before the page itself, so the filters persist across page
switches and an added article is in the tables the page reads.
"""
from __future__ import annotations

import streamlit as st

from core.nlp import ModelNotFoundError

from . import data, downloads, filters, keys
from .highlight import md_escape

ALERTS = {"error": st.error, "warning": st.warning, "info": st.info, "success": st.success}


def render() -> None:
    """Draw the sidebar; stops the app with a clear message when no spaCy model is installed or the store
    named at start cannot be read."""
    filter_box = st.sidebar.container()
    path = data.store_path()
    if path is None:
        with st.sidebar.expander("Add articles", icon=":material/note_add:"):
            add_articles_form()
    try:
        if path is None:
            data.load_nlp()
        tables = data.corpus_tables()
    except ModelNotFoundError as exc:
        st.error(f"**The spaCy model is missing.**\n\n```\n{exc}\n```", icon=":material/error:")
        st.stop()
    except data.StoreError as exc:
        st.error(md_escape(str(exc)), icon=":material/error:")
        st.stop()
    if path is not None:
        st.sidebar.caption(md_escape(f"Corpus: the store {path} ({len(tables['articles']):,} articles). To add "
                                     f"articles: python -m core ingest FILES... --store {path}"))
    with filter_box:
        st.subheader("Filters")
        filters.filter_widgets(tables, data.corpus_key())
    with st.sidebar:
        st.divider()
        downloads.zip_button(data.load_view().tables)


def add_articles_form() -> None:
    """Upload .txt/.html files or paste text; they join this session's corpus (session state only)."""
    with st.form(keys.ADD_FORM, clear_on_submit=True, border=False):
        files = st.file_uploader("Files", type=["txt", "html", "htm"], accept_multiple_files=True,
                                 key=keys.UPLOADS, help=data.LIMITS_HELP)
        pasted = st.text_area("…or paste an article", key=keys.PASTED_TEXT, height=110,
                              placeholder="Headline on the first line, then the text")
        source = st.text_input("Source name (optional)", key=keys.NEW_SOURCE, placeholder="e.g. Reuters")
        published = st.date_input("Publication date (optional)", value=None, key=keys.NEW_PUBLISHED,
                                  help="Needed to resolve relative dates such as 'on Monday'.")
        submitted = st.form_submit_button("Add to corpus", icon=":material/add:")
    if submitted:
        added: list = st.session_state.setdefault(keys.ADDED_ARTICLES, [])
        known = {a.article_id: a.file for a in data.session_articles()}
        n_pasted = sum(a.file.startswith("pasted-") for a in added)
        new, messages = data.read_new_articles([(f.name, f.getvalue()) for f in files or []], pasted,
                                               source=source, published=published, known_ids=known,
                                               first_paste_number=n_pasted + 1,
                                               used_bytes=data.session_text_bytes(added))
        added.extend(new)
        st.session_state[keys.ADD_MESSAGES] = messages
    for level, text in st.session_state.pop(keys.ADD_MESSAGES, []):  # shown once, after the upload
        ALERTS[level](md_escape(text))
    st.toggle("Include the seed articles", value=True, key=keys.USE_SEEDS)
    if st.session_state.get(keys.ADDED_ARTICLES):
        st.button("Remove the added articles", on_click=_remove_added, icon=":material/delete:")


def _remove_added() -> None:
    st.session_state[keys.ADDED_ARTICLES] = []
    st.session_state[keys.ADD_MESSAGES] = []
