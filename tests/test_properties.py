"""Property-based tests: on arbitrary unicode text every extractor (sentences, actors, claims, quotes, timeline) and
the whole extraction never raise, and every offset they report points at text that is really there.

Texts are drawn from a mix of news-like fragments (figures, quotes in several styles, dates, names, headlines,
blank lines) and arbitrary unicode, so the rules get exercised and still meet the unexpected. Example counts are
modest (the suite shares two cores with everything else); the spaCy model is the session's, loaded once.
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from core import claims, quotes, sentences, timeline
from core.actors import find_actors
from core.corpus import extract_article, extract_corpus
from core.decode import DecodeError, decode
from core.export import neutralise
from core.ingest import Article, read_article
from core.parse import ParsedArticle, chunk_bounds, parse_in_chunks, parse_text

from test_robustness import time_limit

FRAGMENTS = [
    "Officials said 1,500 troops arrived on Monday.", "About 12,000 people fled, the ministry said.",
    "“We are ready,” said Kim Hong-kyun.", 'He said "never again" and left.', "« Nous restons », a-t-il dit.",
    "„Wir bleiben“, sagte sie.", "‹nein›", "「はい」と述べた。", "‘fine’", "between 8 and 13 October 2024",
    "on 31 February", "last week", "in 2023", "10,000–12,000", "up to $3 billion", "Vladimir Putin", "NATO",
    "the Kremlin spokesperson, Dmitry Peskov,", "By : AFP", "Update: 2024-10-21 09:32 GMT", "Tags: Korea",
    "(Photo: AFP)", "\n", "\n\n", "  ", "\t", "-", "=1+2", '"', "“", "”", "«", "'", "’", "…", ".", ",", ":",
]
TEXT = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=40)), max_size=25).map(" ".join)
PUBLISHED = st.sampled_from(["", "2024-10-21", "2024-02-29"])
# With the model: few examples, each under a time limit (an endless loop fails instead of hanging the suite), and
# no shrinking, which would rerun a hanging example over and over; a failing example is short enough as drawn.
MODEL = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow],
                 phases=[Phase.explicit, Phase.reuse, Phase.generate])
LIMIT = 15  # seconds per example; they take well under one


def assert_rows_point_at_the_text(rows: list[dict], text: str, column: str, parsed: ParsedArticle | None = None):
    for row in rows:
        start, end = row["start_char"], row["end_char"]
        assert 0 <= start < end <= len(text), row
        assert text[start:end] == row[column], row
        if parsed is not None and row["sentence_id"] is not None:
            sentence = parsed.sentences[row["sentence_id"]]
            assert sentence.start_char <= start < sentence.end_char, row


@MODEL
@given(text=TEXT, published=PUBLISHED)
def test_every_extractor_on_arbitrary_text(nlp, text, published):
    with time_limit(LIMIT):
        check_every_extractor(nlp, text, published)


def check_every_extractor(nlp, text: str, published: str) -> None:
    parsed = parse_text(text, nlp, published=published)
    found = find_actors(parsed)
    assert_rows_point_at_the_text(sentences.extract_sentences(parsed), text, "text", parsed)
    assert_rows_point_at_the_text(found.rows(), text, "text", parsed)
    assert_rows_point_at_the_text(claims.extract_claims(parsed, found), text, "text", parsed)
    problems: list[str] = []
    rows = quotes.extract_quotes(parsed, found, problems=problems)
    assert_rows_point_at_the_text(rows, text, "quote", parsed)
    assert all(r["quote"] in r["sentence"] for r in rows)
    assert all(p.startswith("unbalanced quotation mark at character ") for p in problems)
    dated = timeline.extract_timeline(parsed)
    assert_rows_point_at_the_text(dated, text, "expression", parsed)
    for row in dated:
        for day in (row["start"], row["end"]):
            assert day == "" or dt.date.fromisoformat(day)


@settings(max_examples=300, deadline=None)
@given(text=TEXT)
def test_quote_pairing_on_arbitrary_text(text):
    problems: list[tuple[int, str]] = []
    for span in quotes.find_quote_spans(text, problems):
        assert span.open < span.start < span.end <= span.close <= len(text)
        assert text[span.start:span.end].strip() == text[span.start:span.end]
    assert all(0 <= at < len(text) for at, _what in problems)


@settings(MODEL, max_examples=40)
@given(texts=st.lists(st.tuples(TEXT, PUBLISHED), min_size=1, max_size=3))
def test_the_whole_extraction_on_arbitrary_articles(nlp, texts):
    articles = [read_article(Path(f"a{i}.txt"), text.encode("utf-8"), overrides={"published": published})
                for i, (text, published) in enumerate(texts)]
    with time_limit(LIMIT):
        tables = extract_corpus(articles, nlp)
    by_id: dict[str, str] = {}
    for a in articles:
        by_id.setdefault(a.article_id, a.text)  # the same text twice (spacing aside) is the first article
    assert len(tables["articles"]) == len(by_id)  # the same text twice is one article
    for name, column in (("sentences", "text"), ("mentions", "text"), ("claims", "text"), ("quotes", "quote"),
                         ("timeline", "expression")):
        for row in tables[name].to_dict("records"):
            text = by_id[row["article_id"]]
            assert text[row["start_char"]:row["end_char"]] == row[column], (name, row)


@MODEL
@given(text=TEXT, limit=st.integers(min_value=20, max_value=400))
def test_chunks_cover_the_text_and_keep_offsets_and_sentence_ids_whole(nlp, text, limit):
    bounds = chunk_bounds(text, limit)
    assert bounds[0][0] == 0 and bounds[-1][1] == len(text)
    assert all(a < b <= a + limit for a, b in bounds) or text == ""
    assert all(prev[1] == nxt[0] for prev, nxt in zip(bounds, bounds[1:]))
    article = Article(article_id="long", file="long.txt", text=text, published="2024-10-21")
    rows: dict[str, list[dict]] = {}
    with time_limit(LIMIT):
        for parsed in parse_in_chunks(article, nlp, limit=limit):
            for table, table_rows in extract_article(parsed).items():
                rows.setdefault(table, []).extend(table_rows)
    ids = [r["sentence_id"] for r in rows.get("sentences", [])]
    assert ids == list(range(len(ids)))
    starts = [r["start_char"] for r in rows.get("sentences", [])]
    assert starts == sorted(starts)
    spans = {r["sentence_id"]: (r["start_char"], r["end_char"]) for r in rows.get("sentences", [])}
    for table, column in (("sentences", "text"), ("mentions", "text"), ("claims", "text"), ("quotes", "quote"),
                          ("timeline", "expression")):
        for row in rows.get(table, []):
            assert text[row["start_char"]:row["end_char"]] == row[column], (table, row)
            if row["sentence_id"] is not None:
                first, last = spans[row["sentence_id"]]
                assert first <= row["start_char"] < last, (table, row)


@settings(max_examples=300, deadline=None)
@given(data=st.one_of(st.binary(max_size=300), TEXT.map(lambda t: t.encode("utf-8")),
                      st.tuples(TEXT, st.sampled_from(["cp1252", "utf-16", "latin-1", "utf-8-sig"]))
                      .map(lambda te: te[0].encode(te[1], errors="ignore"))))
def test_decode_gives_text_or_a_message_and_nothing_else(data):
    try:
        text, warnings = decode(data, name="x.txt")
    except DecodeError as exc:
        assert str(exc) and ": " in str(exc)  # what is wrong: what to do
        return
    assert text.strip() and all(isinstance(w, str) and w for w in warnings)


@settings(max_examples=300, deadline=None)
@given(value=st.text(max_size=20))
def test_neutralised_cells_read_as_the_text_itself(value):
    out = neutralise(value)
    assert out == value or out == "'" + value
    assert not str(out).startswith(("=", "+", "@", "\t", "\r")) or out == value
