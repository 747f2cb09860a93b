"""The Streamlit side of Triangulate: shared sidebar, cached loaders, filters, views, downloads, highlighting.

``core`` never imports Streamlit; this package is the only bridge between them. Modules:

- ``keys``: every session-state key and URL query parameter, named once.
- ``data``: the spaCy model (``st.cache_resource``), the corpus shown (a store, or the session's articles), its
  tables and their filtered view.
- ``filters``: the shared sidebar filters (``core.filters`` applies them to the tables).
- ``views``: pure pandas views the pages show (figures per quantity, quote groups, timeline marks…).
- ``charts``: the plotly timeline.
- ``highlight``: HTML built only from ``html.escape``'d article text.
- ``downloads``: CSV and zip download buttons.
- ``sidebar``: the add-articles form and the sidebar layout.
- ``pagebench``: times a filter change on a page through ``AppTest`` (used by ``python -m core bench``).
"""
