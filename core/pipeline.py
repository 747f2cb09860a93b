"""The streaming ingest: articles → the corpus store, parsing only what the store does not hold yet.

``ingest(articles, store=...)`` keys every article by ``fingerprint.article_key`` (its content, the code
version and the model), streams those whose rows the store lacks through ``nlp.pipe`` in batches, and writes
their per-article rows every ``batch_size`` articles, so that memory holds one batch of parsed documents at a
time whatever the size of the corpus. It then recomputes the corpus-level tables (actor merging across
articles, cross-source comparison) from the stored rows when the corpus changed, and stores them. An
unchanged corpus parses nothing, does not load the model and does not recompute anything; one new article
parses one.

``engine="dask"`` hands the parsing to ``core.engine_dask`` (a dask.distributed cluster); everything else is
the same. Returns an ``IngestReport``.
"""
from __future__ import annotations

import dataclasses
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from spacy.language import Language

from .corpus import build_tables, extract_articles, row_columns
from .fingerprint import Settings, article_key, current_settings
from .ingest import Article
from .parse import parse_articles
from .store import DEFAULT_STORE, Store

ENGINES = ("local", "dask")


@dataclasses.dataclass
class IngestReport:
    n_articles: int = 0          # articles in the input
    n_parsed: int = 0            # articles parsed by this run
    n_words_parsed: int = 0      # body words of those
    n_corpus: int = 0            # articles in the store's corpus afterwards
    tables_rebuilt: bool = False  # whether the corpus-level tables were recomputed
    seconds: dict[str, float] = dataclasses.field(default_factory=dict)  # time per step

    def summary(self) -> str:
        rebuilt = "tables rebuilt" if self.tables_rebuilt else "tables unchanged"
        return (f"{self.n_articles} articles read, {self.n_parsed} parsed, {self.n_articles - self.n_parsed} "
                f"already stored; corpus of {self.n_corpus} articles; {rebuilt}")


class _Timer:
    def __init__(self, seconds: dict[str, float], step: str):
        self.seconds, self.step = seconds, step

    def __enter__(self):
        self.start = time.perf_counter()

    def __exit__(self, *exc):
        self.seconds[self.step] = self.seconds.get(self.step, 0.0) + time.perf_counter() - self.start


def ingest(articles: Sequence[Article], *, store: str | Path = DEFAULT_STORE, batch_size: int = 64,
           n_process: int = 1, engine: str = "local", workers: int | None = None, scheduler: str | None = None,
           parts: str | Path | None = None, settings: Settings | None = None, nlp: Language | Callable[[], Language] | None = None,
           progress: bool | None = None, replace: bool = False) -> IngestReport:
    """Bring ``articles`` into the store at ``store`` (see the module docstring).

    ``nlp`` is a loaded model or a function that loads one (called only when something must be parsed);
    ``parts`` is where dask workers write their Parquet partitions (default: a temporary folder beside the
    store); ``settings`` defaults to ``fingerprint.current_settings()``; ``progress`` shows a tqdm bar on stderr
    (None: only on a terminal); ``replace`` makes the corpus exactly ``articles`` instead of adding them."""
    if engine not in ENGINES:
        raise ValueError(f"engine {engine!r} is not one of {', '.join(ENGINES)}")
    if batch_size < 1 or n_process < 1:
        raise ValueError("batch_size and n_process must be at least 1")
    report = IngestReport(n_articles=len(articles))
    settings = settings or current_settings()
    with Store(store) as db:
        with _Timer(report.seconds, "keys"):
            settings_key = settings.key
            keys = [article_key(a, settings_key) for a in articles]
            done = db.parsed_keys(keys)
            todo = [(a, k) for a, k in zip(articles, keys) if k not in done and a.text.strip()]
            todo = list({k: (a, k) for a, k in todo}.values())
        if todo:
            with _Timer(report.seconds, "parse"):
                if engine == "dask":
                    from .engine_dask import parse_on_cluster

                    parse_on_cluster(todo, db, settings=settings, workers=workers, scheduler=scheduler,
                                     batch_size=batch_size, parts=parts, progress=progress)
                else:
                    _parse_locally(todo, db, nlp=nlp, batch_size=batch_size, n_process=n_process,
                                   progress=progress)
            report.n_parsed = len(todo)
            report.n_words_parsed = sum(a.n_words for a, _k in todo)
        with _Timer(report.seconds, "corpus"):
            # what extraction said about an article (stored with its rows) is part of its warnings, run or not
            for article, added in zip(articles, db.extraction_warnings(keys)):
                article.warnings.extend(w for w in added if w not in article.warnings)
            key = f"{settings_key}:{db.set_corpus(articles, keys, replace=replace)}"
            report.n_corpus = db.n_articles()
        if db.meta("tables_key") != key:
            with _Timer(report.seconds, "tables"):
                db.write_tables(corpus_tables(db), key)
                db.set_meta("settings", settings.describe())  # what the app says the tables were made with
                db.prune()
            report.tables_rebuilt = True
    return report


def _parse_locally(todo: list[tuple[Article, str]], db: Store, *, nlp, batch_size: int, n_process: int,
                   progress: bool | None) -> None:
    from .nlp import load_model

    if nlp is None:
        nlp = load_model()
    elif callable(nlp) and not isinstance(nlp, Language):
        nlp = nlp()
    bar = progress_bar(len(todo), progress)
    batch: list[Extracted] = []
    try:
        for extracted in extract_stream(todo, nlp, batch_size=batch_size, n_process=n_process):
            batch.append(extracted)
            if len(batch) >= batch_size:
                db.add_rows(batch)
                bar.update(len(batch))
                batch = []
        if batch:
            db.add_rows(batch)
            bar.update(len(batch))
    finally:
        bar.close()


Extracted = tuple[str, dict[str, list[dict]], list[str]]  # (article key, rows by table, warnings extraction added)


def extract_stream(todo: Sequence[tuple[Article, str]], nlp: Language, *, batch_size: int = 64,
                   n_process: int = 1) -> Iterator[Extracted]:
    """Parse and extract ``todo`` (articles with their keys) lazily, one article at a time: the rows of every
    chunk of a long article joined, as ``corpus.extract_corpus`` joins them, and the warnings extraction added
    to the article (an unbalanced quotation mark), which the store keeps with the rows."""
    key_of = {a.article_id: k for a, k in todo}
    before = {a.article_id: list(a.warnings) for a, _k in todo}
    chunks = parse_articles((a for a, _k in todo), nlp, batch_size=batch_size, n_process=n_process)
    for last_chunk, rows in extract_articles(chunks):
        added = [w for w in last_chunk.article.warnings if w not in before[last_chunk.article_id]]
        yield key_of[last_chunk.article_id], rows, added


def progress_bar(total: int, enabled: bool | None):
    """A tqdm bar on stderr counting articles, with rate and time left; None: only on a terminal."""
    from tqdm import tqdm

    return tqdm(total=total, unit="article", desc="parsing", file=sys.stderr, dynamic_ncols=True,
                disable=None if enabled is None else not enabled, mininterval=0.5)


def corpus_tables(db: Store) -> dict:
    """The corpus-level tables recomputed from the stored per-article rows (no parsing), as
    ``corpus.extract_corpus`` computes them after parsing (``corpus.build_tables``). The rows are read table by
    table as DataFrames, not as a Python dict per row, so that memory grows with the corpus by little more than
    the tables themselves."""
    return build_tables([_StoredArticle(r) for r in db.article_rows()],
                        lambda table: db.corpus_frame(table, row_columns(table)))


@dataclasses.dataclass
class _StoredArticle:
    """A stored ``articles`` row standing in for an ``Article`` in ``corpus.build_tables`` (which calls ``.row()``)."""
    values: dict

    def row(self) -> dict:
        return self.values
