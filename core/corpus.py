"""Runs every extractor over a set of articles and returns the tables, keyed by name.

Data flows one way: files → ``Article`` (ingest) → ``ParsedArticle`` (parse, through ``nlp.pipe``) → rows per
extractor, article by article → actor merging across articles → DataFrames. Only one parsed document is held
at a time, so memory does not grow with the corpus beyond the rows themselves; a long article is parsed chunk by
chunk (``core.parse``) and the rows of its chunks are concatenated.

An article with no text (it could not be read) or no body sentences (only a headline, or no words at all) is not
parsed; the second gets a warning that says so. What the extractors find wrong on the way (an unbalanced
quotation mark) is added to the article's warnings too, so it reaches the ``articles`` table and the terminal.
"""
from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator

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
from .schema import Columns, frame

PER_ARTICLE_TABLES = ("sentences", "mentions", "claims", "quotes", "timeline")
TABLES = ("articles", "sentences", "actors", "mentions", "claims", "quotes", "timeline", "comparison",
          "disagreements")
Progress = Callable[[int, int], None]
# Keys of per-article rows that are not columns of the final table: the article-local keys of claimants and
# speakers, which build_tables turns into actor ids (mentions: see actors.MENTION_ROW_FIELDS).
ROW_EXTRA = {"claims": {"claimant_key": "string"}, "quotes": {"speaker_key": "string"}}


def row_columns(table: str) -> dict[str, str]:
    """Columns and dtypes of the per-article rows of ``table`` as ``extract_article`` gives them (before actor
    merging): what the store keeps and ``build_tables`` reads."""
    final = {
        "sentences": sentences_mod.COLUMNS, "mentions": actors_mod.MENTION_ROW_FIELDS,
        "claims": claims_mod.COLUMNS, "quotes": quotes_mod.COLUMNS, "timeline": timeline_mod.COLUMNS,
    }[table]
    return {**final, **ROW_EXTRA.get(table, {})}


def extract_article(parsed: ParsedArticle) -> dict[str, list[dict]]:
    """Rows of every per-article table for one parsed article, or one chunk of a long one (actor keys still
    article-local). Problems found on the way are added to the article's warnings."""
    found = actors_mod.find_actors(parsed)
    problems: list[str] = []
    rows = {
        "sentences": sentences_mod.extract_sentences(parsed),
        "mentions": found.rows(),
        "claims": claims_mod.extract_claims(parsed, found),
        "quotes": quotes_mod.extract_quotes(parsed, found, problems=problems),
        "timeline": timeline_mod.extract_timeline(parsed, problems=problems),
    }
    parsed.article.warnings.extend(p for p in problems if p not in parsed.article.warnings)
    if parsed.char_offset or parsed.sentence_offset:
        # a later chunk of a long article: its offsets and sentence ids go on from the chunks before it
        for table_rows in rows.values():
            for row in table_rows:
                row["start_char"] += parsed.char_offset
                row["end_char"] += parsed.char_offset
                if row["sentence_id"] is not None:
                    row["sentence_id"] += parsed.sentence_offset
    return rows


def extract_articles(parsed: Iterable[ParsedArticle]) -> Iterator[tuple[ParsedArticle, dict[str, list[dict]]]]:
    """``extract_article`` over a ``parse_articles`` stream, one item per article: the rows of a long article's
    chunks come together (with the ParsedArticle of its last chunk), so callers that store rows per article
    never see a chunk."""
    rows: dict[str, list[dict]] | None = None
    for chunk in parsed:
        chunk_rows = extract_article(chunk)
        if rows is None:
            rows = chunk_rows
        else:
            for table, table_rows in chunk_rows.items():
                rows[table].extend(table_rows)
        if chunk.chunk == chunk.n_chunks - 1:
            yield chunk, rows
            rows = None


def one_per_text(articles: Iterable[Article]) -> list[Article]:
    """The first article of each text (``core.ingest.read_articles`` already does this for the files it reads)."""
    kept: dict[str, Article] = {}
    for article in articles:
        first = kept.setdefault(article.article_id, article)
        note = f"duplicate: {article.file} has the same text and was skipped"
        if first is not article and note not in first.warnings:
            first.warnings.append(note)
    return list(kept.values())


def nothing_to_extract(article: Article) -> str | None:
    """Why an article with text has no body sentence to extract from (said to the user), or None if it has one."""
    if re.search(r"\w", article.body_text):
        return None
    preview = " ".join(article.text.replace(";", ",").split())  # "; " separates an article's warnings
    preview = preview if len(preview) <= 60 else preview[:60] + "…"
    if not re.search(r"\w", article.text):
        return (f"has no words, only punctuation or symbols (“{preview}”), so nothing was extracted: check that "
                "the file holds the article's text")
    kinds = sorted({kind for start, end, kind in article.regions if re.search(r"\w", article.text[start:end])})
    advice = ("check that the page holds the article (not a menu, login or cookie page), or save the article's "
              "text as a .txt file" if article.file.lower().endswith((".html", ".htm"))
              else "if it is the article's text, write it as sentences below a headline line")
    return (f"has no body sentences: all of its text was read as {' and '.join(kinds) or 'page furniture'} "
            f"(“{preview}”), so nothing was extracted: {advice}")


def build_tables(articles: Iterable[Article], read: Callable[[str], pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """Every table (``TABLES``) from the per-article rows: actors merged across articles, claims and quotes
    given their canonical actor, the cross-source comparison (``compare.compare``) and the source of each row.

    ``read(table)`` gives the per-article rows of a table as one frame with ``row_columns(table)``, in corpus
    order (the store reads them from DuckDB: no Python object per row). The comparison does not use sentences
    and mentions, so they are read only after it, and the mentions a second time: at no point does memory hold
    them together with what the comparison builds, the largest part of the work on a large corpus."""
    merged = actors_mod.merge_mentions(read("mentions"))
    tables = compare_mod.compare({
        "articles": frame((a.row() for a in articles), ARTICLE_COLUMNS),
        "actors": merged.actors,
        "claims": _attributed(read("claims"), merged, "claimant", claims_mod.COLUMNS),
        "quotes": _attributed(read("quotes"), merged, "speaker", quotes_mod.COLUMNS),
        "timeline": _conform(read("timeline"), timeline_mod.COLUMNS),
    })
    tables["sentences"] = _conform(read("sentences"), sentences_mod.COLUMNS)
    tables["mentions"] = merged.mention_table(read("mentions"))
    return with_source({name: tables[name] for name in TABLES})


def _attributed(rows: pd.DataFrame, merged: actors_mod.MergedActors, who: str, columns: Columns) -> pd.DataFrame:
    """Claim or quote rows with ``<who>_id`` and ``<who>`` (claimant, speaker): the actor their key stands for."""
    ids, names = merged.canonical(rows["article_id"], rows[f"{who}_key"])
    return _conform(rows.assign(**{f"{who}_id": ids, who: names}), columns)


def _conform(df: pd.DataFrame, columns: Columns) -> pd.DataFrame:
    """``df`` with exactly ``columns``, in that order and with those dtypes (as ``schema.frame`` builds it)."""
    return df[list(columns)].astype(dict(columns))


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
    """All tables for ``articles``. ``progress(done, total)`` is called after each article. Articles with the same
    text (the same ``article_id``) are one article: the first is kept and told of the others."""
    articles = one_per_text(articles)
    rows: dict[str, list[dict]] = defaultdict(list)
    readable = []
    for article in (a for a in articles if a.text.strip()):
        reason = nothing_to_extract(article)
        if reason is None:
            readable.append(article)
        elif reason not in article.warnings:
            article.warnings.append(reason)
    parsed = parse_articles(readable, nlp, batch_size=batch_size)
    for done, (_last_chunk, article_rows) in enumerate(extract_articles(parsed), start=1):
        for table, table_rows in article_rows.items():
            rows[table].extend(table_rows)
        if progress:
            progress(done, len(readable))
    return build_tables(articles, lambda table: frame(rows[table], row_columns(table)))
