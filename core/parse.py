"""Article → ParsedArticle: the spaCy ``Doc`` of the article body and its body sentences.

Extractors read a ``ParsedArticle``; every offset they report is a character offset into ``Article.text``
(the doc is built from ``Article.body_text``, which has the same length).

An article longer than ``CHUNK_CHARS`` (a report of several megabytes, far beyond spaCy's ``max_length``) is
parsed in chunks cut at paragraph breaks, one ``ParsedArticle`` per chunk, so that memory holds one chunk's parse
at a time and the time an extractor spends on a chunk does not grow with the article. The ``article`` of a chunk's
ParsedArticle is the chunk itself: an ``Article`` with the same id, metadata and warnings whose text is the
chunk's text, so the extractors read it as a short article and need not know about chunks.
``ParsedArticle.char_offset`` and ``sentence_offset`` say where the chunk starts in the whole article;
``corpus.extract_article`` adds them to the offsets and sentence ids of the chunk's rows.
"""
from __future__ import annotations

import bisect
import dataclasses
import datetime as dt
import itertools
import re
from collections.abc import Iterable, Iterator

from spacy.language import Language
from spacy.tokens import Doc, Span

from .ingest import Article

CHUNK_CHARS = 100_000   # the longest stretch of an article parsed at once (spaCy needs ~1 GB per 100,000)
PARAGRAPH_CUTS = (re.compile(r"\n[^\S\n]*\n\s*"), re.compile(r"\n\s*"), re.compile(r"(?<=[.!?。])\s+"),
                  re.compile(r"\s+"))


@dataclasses.dataclass
class ParsedArticle:
    article: Article       # the article, or one chunk of a long one (see the module docstring)
    doc: Doc
    sentences: list[Span]  # body sentences, leading/trailing whitespace tokens trimmed; index = sentence_id
    char_offset: int = 0      # where this chunk starts in the whole article's text
    sentence_offset: int = 0  # body sentences of the article's earlier chunks
    chunk: int = 0            # which chunk of the article this is, of ``n_chunks``
    n_chunks: int = 1

    def __post_init__(self) -> None:
        self._starts = [s.start_char for s in self.sentences]
        self._text: str | None = None

    @property
    def text(self) -> str:
        """The doc's text (the body, blanked where it is not body), kept: spaCy's ``doc.text`` joins every token
        again on each access."""
        if self._text is None:
            self._text = self.doc.text
        return self._text

    @property
    def article_id(self) -> str:
        return self.article.article_id

    @property
    def published(self) -> dt.date | None:
        return dt.date.fromisoformat(self.article.published) if self.article.published else None

    def sentence_id(self, char: int) -> int | None:
        """The id of the sentence holding character ``char``, or None (both within this chunk)."""
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
    """Parse articles lazily through ``nlp.pipe`` (one Doc in memory per article being extracted). An article
    longer than ``CHUNK_CHARS`` gives one ParsedArticle per chunk, in order (see the module docstring)."""
    for long, group in itertools.groupby(articles, key=lambda a: len(a.text) > CHUNK_CHARS):
        if long:
            for article in group:
                yield from parse_in_chunks(article, nlp)
            continue
        stream = ((a.body_text, a) for a in group)
        for doc, article in nlp.pipe(stream, as_tuples=True, batch_size=batch_size, n_process=n_process):
            yield ParsedArticle(article, doc, body_sentences(doc))


def parse_in_chunks(article: Article, nlp: Language, *, limit: int = CHUNK_CHARS) -> Iterator[ParsedArticle]:
    """One ParsedArticle per chunk of at most ``limit`` characters, cut at paragraph breaks, parsed through
    ``nlp.pipe`` one at a time (the model's ``max_length`` is never reached, so it is left alone)."""
    bounds = chunk_bounds(article.body_text, limit)
    chunks = ((chunk_article(article, start, end), start) for start, end in bounds)
    stream = ((chunk.body_text, (chunk, start)) for chunk, start in chunks)
    offset = 0
    for k, (doc, (chunk, start)) in enumerate(nlp.pipe(stream, as_tuples=True, batch_size=1)):
        sentences = body_sentences(doc)
        yield ParsedArticle(chunk, doc, sentences, char_offset=start, sentence_offset=offset, chunk=k,
                            n_chunks=len(bounds))
        offset += len(sentences)


def chunk_article(article: Article, start: int, end: int) -> Article:
    """``article.text[start:end]`` as an article of its own: same id and metadata, the same warnings list (what
    an extractor adds reaches the article), its regions clipped to the chunk and counted from its start."""
    regions = [(max(a, start) - start, min(b, end) - start, kind) for a, b, kind in article.regions
               if a < end and b > start]
    return dataclasses.replace(article, text=article.text[start:end], regions=regions, warnings=article.warnings)


def chunk_bounds(text: str, limit: int = CHUNK_CHARS) -> list[tuple[int, int]]:
    """(start, end) of consecutive chunks covering ``text``, each at most ``limit`` characters, cut after the last
    paragraph break that fits (else a line break, a sentence end, a space; a text with none is cut anywhere)."""
    bounds, start = [], 0
    while len(text) - start > limit:
        window = text[start:start + limit]
        cut = next((end for pattern in PARAGRAPH_CUTS if (end := _last_cut(pattern, window))), limit)
        bounds.append((start, start + cut))
        start += cut
    bounds.append((start, len(text)))
    return bounds


def _last_cut(pattern: re.Pattern, window: str) -> int:
    """Where the last match of ``pattern`` in ``window`` ends, if something comes before it; else 0."""
    ends = [m.end() for m in pattern.finditer(window) if m.start() > 0]
    return ends[-1] if ends else 0


def parse_text(text: str, nlp: Language, *, published: str = "", article_id: str = "t") -> ParsedArticle:
    """Parse one bare text (for tests and quick looks): the whole text is body."""
    article = Article(article_id=article_id, file=f"{article_id}.txt", text=text, published=published)
    doc = nlp(article.body_text)
    return ParsedArticle(article, doc, body_sentences(doc))
