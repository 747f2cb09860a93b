"""Session-state keys and URL query parameters, named in one place.

The filter keys double as query-parameter names: the sidebar widgets are bound to the URL
(``bind="query-params"``), so ``/numbers?source=AFP&q=troops`` opens the Numbers page already filtered.
"""
from __future__ import annotations

# Shared sidebar filters (widget keys = query parameters).
SOURCES = "source"
ACTORS = "actor"
DATES = "dates"
TEXT = "q"
FILTER_KEYS = (SOURCES, ACTORS, DATES, TEXT)

# Corpus of this session.
ADDED_ARTICLES = "added_articles"      # list[core.ingest.Article] the user uploaded or pasted
USE_SEEDS = "use_seeds"                # bool: include the seed articles
ADD_FORM = "add_articles"              # the add-articles form
UPLOADS = "add_uploads"                # its file uploader
PASTED_TEXT = "add_pasted_text"
NEW_SOURCE = "add_source"
NEW_PUBLISHED = "add_published"
ADD_MESSAGES = "add_messages"          # list[(level, text)] shown after an upload

# Page-local widgets.
ARTICLE = "article"                    # Articles page: the article shown (bound to the URL)
LAYERS = "article_layers"
ACTOR_DETAIL = "actor_detail"
QUOTE_SPEAKERS = "quote_speakers"
QUOTE_KIND = "quote_kind"
QUOTE_SHARED_ONLY = "quote_shared_only"
QUOTES_PAGE = "quotes_page"            # Quotes page: which page of shared-quote boxes is shown
NUMBERS_DISAGREE_ONLY = "numbers_disagree_only"
NUMBERS_PAGE = "numbers_page"          # Numbers page: which page of quantity cards is shown
TIMELINE_ZOOM = "timeline_zoom"
