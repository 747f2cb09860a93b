"""Triangulate: who claims which number, who said what and when things happened, source by source.

Run with ``streamlit run app.py``. This file sets the page up, draws the shared sidebar (filters, adding
articles, the zip download) and hands over to the page chosen in the navigation.
"""
from __future__ import annotations

import streamlit as st

from ui import sidebar

st.set_page_config(page_title="Triangulate", page_icon=":material/change_history:", layout="wide")

PAGES = [
    st.Page("pages/overview.py", title="Overview", icon=":material/dashboard:", url_path="overview", default=True),
    st.Page("pages/timeline.py", title="Timeline", icon=":material/timeline:", url_path="timeline"),
    st.Page("pages/numbers.py", title="Numbers", icon=":material/tag:", url_path="numbers"),
    st.Page("pages/quotes.py", title="Quotes", icon=":material/format_quote:", url_path="quotes"),
    st.Page("pages/actors.py", title="Actors", icon=":material/groups:", url_path="actors"),
    st.Page("pages/articles.py", title="Articles", icon=":material/article:", url_path="articles"),
]

page = st.navigation(PAGES, position="top")
sidebar.render()
page.run()
