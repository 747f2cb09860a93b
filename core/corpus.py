"""Runs every extractor over a set of articles and returns the tables, keyed by name.

Data flows one way: files → ``Article`` (ingest) → ``ParsedArticle`` (parse, through ``nlp.pipe``) → rows per
extractor, article by article → actor merging across articles → DataFrames. Only one parsed document is held
at a time, so memory does not grow with the corpus beyond the rows themselves.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable

import pandas as pd
from spacy.language import Language

from . import actors as actors_mod
from . import claims as claims_mod
from . import compare as compare_mod
from . import quotes as quotes_mod
from . import sentences as sentences_mod
from . import timeline as timeline_mod
from .ingest import COLUMNS as ARTICLE_COLUMNS
from .ingest import Article
from .parse import ParsedArticle, parse_articles
from .schema import frame

PER_ARTICLE_TABLES = ("sentences", "mentions", "claims", "quotes", "timeline")
TABLES = ("articles", "sentences", "actors", "mentions", "claims", "quotes", "timeline", "comparison",
          "disagreements")
Progress = Callable[[int, int], None]


def extract_article(parsed: ParsedArticle) -> dict[str, list[dict]]:
    """Rows of every per-article table for one parsed article (actor keys still article-local)."""
    found = actors_mod.find_actors(parsed)
    return {
        "sentences": sentences_mod.extract_sentences(parsed),
        "mentions": found.rows(),
        "claims": claims_mod.extract_claims(parsed, found),
        "quotes": quotes_mod.extract_quotes(parsed, found),
        "timeline": timeline_mod.extract_timeline(parsed),
    }


def assemble(articles: Iterable[Article], rows: dict[str, list[dict]]) -> dict[str, pd.DataFrame]:
    """Merge actors across articles, give claims and quotes their canonical actor, and build the DataFrames."""
    actor_rows, mention_rows, by_key = actors_mod.merge_actors(rows["mentions"])

    def canonical(article_id: str, key: str | None) -> tuple[str, str]:
        if not key:
            return "", ""
        return by_key.get((article_id, key)) or by_key.get(("*", key)) or ("", key)

    for row in rows["claims"]:
        row["claimant_id"], row["claimant"] = canonical(row["article_id"], row.pop("claimant_key", None))
    for row in rows["quotes"]:
        row["speaker_id"], row["speaker"] = canonical(row["article_id"], row.pop("speaker_key", None))
    return {
        "articles": frame((a.row() for a in articles), ARTICLE_COLUMNS),
        "sentences": frame(rows["sentences"], sentences_mod.COLUMNS),
        "actors": frame(actor_rows, actors_mod.ACTOR_COLUMNS),
        "mentions": frame(mention_rows, actors_mod.MENTION_COLUMNS),
        "claims": frame(rows["claims"], claims_mod.COLUMNS),
        "quotes": frame(rows["quotes"], quotes_mod.COLUMNS),
        "timeline": frame(rows["timeline"], timeline_mod.COLUMNS),
    }


def with_source(tables: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """Add the article's ``source`` right after ``article_id`` to every per-article table, so that each row
    (and each exported CSV) says which outlet printed it."""
    source_of = tables["articles"].set_index("article_id")["source"]
    out = dict(tables)
    for name in PER_ARTICLE_TABLES:
        df = tables[name]
        if "source" in df.columns or "article_id" not in df.columns:
            continue
        df = df.copy()
        df.insert(df.columns.get_loc("article_id") + 1, "source", df["article_id"].map(source_of).astype("string"))
        out[name] = df
    return out


def extract_corpus(articles: list[Article], nlp: Language, *, progress: Progress | None = None,
                   batch_size: int = 32) -> dict[str, pd.DataFrame]:
    """All tables for ``articles``. ``progress(done, total)`` is called after each article."""
    rows: dict[str, list[dict]] = defaultdict(list)
    readable = [a for a in articles if a.text.strip()]
    for done, parsed in enumerate(parse_articles(readable, nlp, batch_size=batch_size), start=1):
        for table, table_rows in extract_article(parsed).items():
            rows[table].extend(table_rows)
        if progress:
            progress(done, len(readable))
    return with_source(compare_mod.compare(assemble(articles, rows)))
