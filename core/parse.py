"""Article → ParsedArticle: the spaCy ``Doc`` of the article body and its body sentences.

Extractors read a ``ParsedArticle``; every offset they report is a character offset into ``Article.text``
(the doc is built from ``Article.body_text``, which has the same length).
"""
from __future__ import annotations

import bisect
import dataclasses
import datetime as dt
from collections.abc import Iterable, Iterator

from spacy.language import Language
from spacy.tokens import Doc, Span

from .ingest import Article


@dataclasses.dataclass
class ParsedArticle:
    article: Article
    doc: Doc
    sentences: list[Span]  # body sentences, leading/trailing whitespace tokens trimmed; index = sentence_id

    def __post_init__(self) -> None:
        self._starts = [s.start_char for s in self.sentences]

    @property
    def article_id(self) -> str:
        return self.article.article_id

    @property
    def published(self) -> dt.date | None:
        return dt.date.fromisoformat(self.article.published) if self.article.published else None

    def sentence_id(self, char: int) -> int | None:
        """The id of the sentence holding character ``char``, or None."""
        i = bisect.bisect_right(self._starts, char) - 1
        if i >= 0 and char < self.sentences[i].end_char:
            return i
        return None


def trim(span: Span) -> Span | None:
    """``span`` without leading and trailing whitespace tokens; None when nothing is left."""
    start, end = span.start, span.end
    doc = span.doc
    while start < end and doc[start].is_space:
        start += 1
    while end > start and doc[end - 1].is_space:
        end -= 1
    return doc[start:end] if end > start else None


def body_sentences(doc: Doc) -> list[Span]:
    return [t for s in doc.sents if (t := trim(s)) is not None]


def parse_articles(articles: Iterable[Article], nlp: Language, *, batch_size: int = 32,
                   n_process: int = 1) -> Iterator[ParsedArticle]:
    """Parse articles lazily through ``nlp.pipe`` (one Doc in memory per article being extracted)."""
    stream = ((a.body_text, a) for a in articles)
    for doc, article in nlp.pipe(stream, as_tuples=True, batch_size=batch_size, n_process=n_process):
        yield ParsedArticle(article, doc, body_sentences(doc))


def parse_text(text: str, nlp: Language, *, published: str = "", article_id: str = "t") -> ParsedArticle:
    """Parse one bare text (for tests and quick looks): the whole text is body."""
    article = Article(article_id=article_id, file=f"{article_id}.txt", text=text, published=published)
    doc = nlp(article.body_text)
    return ParsedArticle(article, doc, body_sentences(doc))
