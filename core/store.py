"""The corpus store: one embedded DuckDB file holding the articles, their per-article rows and every table.

Layout (tables in the DuckDB file):

- ``store_meta(key, value)``: the store's schema version, the key of the assembled tables and the settings
  they were made with (``fingerprint.Settings.describe``).
- ``corpus``: the articles of the corpus in order (``pos``), each with its ``article_key`` (see
  ``core.fingerprint``), the columns of the ``articles`` table, and its text, body regions and warnings, so
  that ``load_articles`` gives back the ``Article`` records the pages highlight.
- ``parsed(article_key, warnings)``: the article keys whose rows are stored (an article may have no rows at
  all), with what extraction added to the article's warnings (a JSON list).
- ``rows_sentences``, ``rows_mentions``, ``rows_claims``, ``rows_quotes``, ``rows_timeline``: what
  ``corpus.extract_article`` returned for each article, actor keys still article-local, keyed by
  ``article_key`` and ordered by ``row_no``. The corpus-level steps (actor merging, comparison) are recomputed
  from these without parsing.
- ``t_articles``, ``t_sentences``, … (``corpus.TABLES``): the assembled tables, and ``table_columns`` with their
  pandas dtypes, so that ``load_tables`` returns exactly the frames ``extract_corpus`` would.

For the app: ``load_tables(path)`` (every table, fast: DuckDB → Arrow → pandas), ``read_table(path, name,
equals=..., contains=..., limit=..., offset=...)`` for filtered and paginated reads, ``table_size`` to count
them, ``load_articles(path)`` for the article texts, ``store_settings(path)`` for what made the tables. All open the file read-only; DuckDB lets one process
write a file at a time, so they fail while an ingest is writing it.
"""
from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow as pa

from .corpus import TABLES, row_columns
from .ingest import COLUMNS as ARTICLE_COLUMNS
from .ingest import Article
from .schema import Columns, frame

DEFAULT_STORE = Path("data") / "triangulate.duckdb"
SCHEMA_VERSION = "2"
MEMORY_LIMIT = "512MB"
ROW_TABLES = ("sentences", "mentions", "claims", "quotes", "timeline")
SQL_TYPES = {"string": "VARCHAR", "Int64": "BIGINT", "Float64": "DOUBLE", "boolean": "BOOLEAN"}
ARROW_TO_PANDAS = {pa.string(): pd.StringDtype("pyarrow"), pa.large_string(): pd.StringDtype("pyarrow"),
                   pa.int64(): pd.Int64Dtype(), pa.int32(): pd.Int64Dtype(), pa.float64(): pd.Float64Dtype(),
                   pa.bool_(): pd.BooleanDtype()}
CORPUS_SCHEMA = {"pos": "Int64", "article_key": "string", **ARTICLE_COLUMNS, "text": "string",
                  "regions": "string", "warning_list": "string"}


def _ddl(columns: Columns) -> str:
    return ", ".join(f'"{name}" {SQL_TYPES[dtype]}' for name, dtype in columns.items())


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def to_arrow(df: pd.DataFrame) -> pa.Table:
    return pa.Table.from_pandas(df, preserve_index=False)


def to_frame(table: pa.Table, dtypes: Mapping[str, str] | None = None) -> pd.DataFrame:
    """Arrow → pandas with nullable dtypes (strings stay Arrow-backed), then exactly ``dtypes`` if given."""
    df = table.to_pandas(types_mapper=ARROW_TO_PANDAS.get)
    return df.astype(dict(dtypes)) if dtypes else df


class Store:
    """A corpus store opened for reading and writing (``with Store(path) as store: ...``)."""

    def __init__(self, path: str | Path = DEFAULT_STORE, *, read_only: bool = False):
        self.path = Path(path)
        if not read_only:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        elif not self.path.is_file():
            raise FileNotFoundError(f"no corpus store at {self.path}: run `python -m core ingest` first")
        # DuckDB would cache up to 80 % of the machine's memory; it shares the process with the model and the
        # tables, and spills to disk beyond this
        self.con = duckdb.connect(str(self.path), read_only=read_only, config={"memory_limit": MEMORY_LIMIT})
        if not read_only:
            self._create_schema()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        self.con.close()

    # --- schema ---------------------------------------------------------------------------------------------

    def _create_schema(self) -> None:
        con = self.con
        con.execute("CREATE TABLE IF NOT EXISTS store_meta (key VARCHAR PRIMARY KEY, value VARCHAR)")
        if self.meta("schema_version") not in (None, SCHEMA_VERSION):
            for (name,) in con.execute("SELECT table_name FROM information_schema.tables").fetchall():
                con.execute(f"DROP TABLE {_quote(name)}")
            con.execute("CREATE TABLE store_meta (key VARCHAR PRIMARY KEY, value VARCHAR)")
            self.set_meta("schema_version", SCHEMA_VERSION)
        elif self.meta("schema_version") is None:
            self.set_meta("schema_version", SCHEMA_VERSION)
        have: dict[str, list[str]] = {}
        for table, column in con.execute("SELECT table_name, column_name FROM information_schema.columns "
                                         "ORDER BY table_name, ordinal_position").fetchall():
            have.setdefault(table, []).append(column)

        def ensure(name: str, columns: Columns) -> bool:
            """Create table ``name`` with ``columns``, replacing one of another shape; True if one was replaced."""
            if have.get(name) == list(columns):
                return False
            con.execute(f"CREATE OR REPLACE TABLE {name} ({_ddl(columns)})")
            return name in have

        ensure("corpus", CORPUS_SCHEMA)
        ensure("parsed", {"article_key": "string", "warnings": "string"})
        ensure("table_columns", {"name": "string", "col": "string", "dtype": "string", "i": "Int64"})
        for table in ROW_TABLES:
            if ensure(f"rows_{table}", {"article_key": "string", "row_no": "Int64", **row_columns(table)}):
                # rows of another shape come from other code: nothing parsed before is valid
                con.execute("DELETE FROM parsed")

    def meta(self, key: str) -> str | None:
        # fetchall, not fetchone: a result left unfinished makes the next ``con.sql`` (``corpus_frame``) fail
        rows = self.con.execute("SELECT value FROM store_meta WHERE key = ?", [key]).fetchall()
        return rows[0][0] if rows else None

    def set_meta(self, key: str, value: str) -> None:
        self.con.execute("INSERT OR REPLACE INTO store_meta VALUES (?, ?)", [key, value])

    # --- per-article rows ---------------------------------------------------------------------------------

    def parsed_keys(self, keys: Iterable[str]) -> set[str]:
        """Which of ``keys`` already have their rows stored."""
        wanted = pa.table({"article_key": pa.array(list(keys), pa.string())})
        self.con.register("wanted_keys", wanted)
        try:
            return {k for (k,) in self.con.execute(
                "SELECT article_key FROM parsed JOIN wanted_keys USING (article_key)").fetchall()}
        finally:
            self.con.unregister("wanted_keys")

    def add_rows(self, extracted: Sequence[tuple[str, dict[str, list[dict]], list[str]]]) -> None:
        """Store the rows of a batch of articles: ``[(article_key, rows by table, warnings extraction added)]``
        (see ``pipeline.extract_stream``)."""
        self.con.execute("BEGIN")
        try:
            for table in ROW_TABLES:
                columns = row_columns(table)
                flat = []
                for key, rows, _warnings in extracted:
                    for row_no, row in enumerate(rows.get(table, ())):
                        if unknown := row.keys() - columns.keys():
                            raise ValueError(f"{table} rows have keys the store does not know: {sorted(unknown)}; "
                                             "add them to the table's COLUMNS or to corpus.ROW_EXTRA")
                        flat.append({"article_key": key, "row_no": row_no, **row})
                if flat:
                    self._insert(f"rows_{table}", frame(flat, {"article_key": "string", "row_no": "Int64", **columns}))
            parsed = pd.DataFrame({"article_key": [k for k, _r, _w in extracted],
                                   "warnings": [json.dumps(w, ensure_ascii=False) for _k, _r, w in extracted]})
            self._insert("parsed", parsed.astype("string"), new_only=True)
            self.con.execute("COMMIT")
        except BaseException:
            self.con.execute("ROLLBACK")
            raise

    def extraction_warnings(self, keys: Sequence[str]) -> list[list[str]]:
        """For each key, the warnings its extraction added (empty for keys not parsed)."""
        wanted = pa.table({"article_key": pa.array(list(keys), pa.string())})
        self.con.register("wanted_keys", wanted)
        try:
            found = dict(self.con.execute("SELECT p.article_key, p.warnings FROM parsed p "
                                          "JOIN wanted_keys USING (article_key)").fetchall())
        finally:
            self.con.unregister("wanted_keys")
        return [json.loads(found[k]) if found.get(k) else [] for k in keys]

    def import_parquet(self, folder: Path) -> None:
        """Import the rows of one partition written by the distributed engine: ``folder/<table>.parquet`` for
        each row table and ``folder/parsed.parquet`` with the article keys parsed."""
        self.con.execute("BEGIN")
        try:
            for table in ROW_TABLES:
                if (folder / f"{table}.parquet").is_file():
                    cols = ", ".join(_quote(c) for c in ["article_key", "row_no", *row_columns(table)])
                    self.con.execute(f"INSERT INTO rows_{table} ({cols}) SELECT {cols} FROM read_parquet(?)",
                                     [str(folder / f"{table}.parquet")])
            self.con.execute("INSERT INTO parsed SELECT DISTINCT article_key, warnings FROM read_parquet(?) "
                             "WHERE article_key NOT IN (SELECT article_key FROM parsed)",
                             [str(folder / "parsed.parquet")])
            self.con.execute("COMMIT")
        except BaseException:
            self.con.execute("ROLLBACK")
            raise

    def _insert(self, table: str, df: pd.DataFrame, *, new_only: bool = False) -> None:
        """Append ``df`` to ``table``; with ``new_only``, only the article keys ``table`` does not have yet."""
        self.con.register("batch_rows", to_arrow(df))
        try:
            cols = ", ".join(_quote(c) for c in df.columns)
            select = f"SELECT {cols} FROM batch_rows"
            if new_only:
                select = f"SELECT DISTINCT {cols} FROM batch_rows WHERE article_key NOT IN (SELECT article_key FROM {table})"
            self.con.execute(f"INSERT INTO {table} ({cols}) {select}")
        finally:
            self.con.unregister("batch_rows")

    def corpus_rows(self, tables: Sequence[str] = ROW_TABLES) -> dict[str, list[dict]]:
        """The stored rows of every corpus article, in corpus order, as the dicts ``extract_article`` gave."""
        out: dict[str, list[dict]] = {}
        for table in tables:
            columns = list(row_columns(table))
            result = self.con.execute(self._corpus_rows_sql(table, columns))
            out[table] = [dict(zip(columns, values)) for values in _fetch(result)]
        return out

    def corpus_frame(self, table: str, columns: Columns) -> pd.DataFrame:
        """The stored rows of every corpus article as one DataFrame with ``columns``, in corpus order (no Python
        object per row: what ``pipeline.corpus_tables`` rebuilds the corpus-level tables from)."""
        return to_frame(self.con.sql(self._corpus_rows_sql(table, list(columns))).to_arrow_table(), columns)

    @staticmethod
    def _corpus_rows_sql(table: str, columns: list[str]) -> str:
        cols = ", ".join(f"r.{_quote(c)}" for c in columns)
        return f"SELECT {cols} FROM rows_{table} r JOIN corpus c USING (article_key) ORDER BY c.pos, r.row_no"

    def prune(self) -> None:
        """Drop the rows of article keys no corpus article has any more (old versions, old code)."""
        for table in ROW_TABLES:
            self.con.execute(f"DELETE FROM rows_{table} WHERE article_key NOT IN (SELECT article_key FROM corpus)")
        self.con.execute("DELETE FROM parsed WHERE article_key NOT IN (SELECT article_key FROM corpus)")

    # --- the corpus -------------------------------------------------------------------------------------------

    def set_corpus(self, articles: Sequence[Article], keys: Sequence[str], *, replace: bool = False) -> str:
        """Make ``articles`` (with their article keys) part of the corpus and return the corpus key (a hash of
        every corpus article and its key, in order: what the assembled tables depend on). An article already
        stored keeps its place; a stored article read from the same file but with other text is replaced;
        with ``replace`` the corpus becomes exactly ``articles``. Writes nothing when the corpus already is
        exactly ``articles``."""
        rows = [{"article_key": key, **article.row()} for article, key in zip(articles, keys)]
        if corpus_digest(rows) == self.meta("corpus_key"):
            return self.meta("corpus_key")
        for row, article in zip(rows, articles):
            row.update(text=article.text, regions=json.dumps([list(r) for r in article.regions], ensure_ascii=False),
                       warning_list=json.dumps(article.warnings, ensure_ascii=False))
        incoming = frame(rows, {k: v for k, v in CORPUS_SCHEMA.items() if k != "pos"})
        incoming["order_in"] = pd.array(range(len(incoming)), dtype="Int64")
        del rows
        con = self.con
        con.execute("BEGIN")
        try:
            con.register("incoming", to_arrow(incoming))
            if replace:
                con.execute("DELETE FROM corpus WHERE article_id NOT IN (SELECT article_id FROM incoming)")
            else:
                con.execute("DELETE FROM corpus WHERE file IN (SELECT file FROM incoming) "
                            "AND article_id NOT IN (SELECT article_id FROM incoming)")
            cols = [c for c in CORPUS_SCHEMA if c != "pos"]
            sets = ", ".join(f"{_quote(c)} = i.{_quote(c)}" for c in cols if c != "article_id")
            con.execute(f"UPDATE corpus SET {sets} FROM incoming i WHERE corpus.article_id = i.article_id")
            col_list = ", ".join(_quote(c) for c in cols)
            con.execute(f"""
                INSERT INTO corpus (pos, {col_list})
                SELECT (SELECT coalesce(max(pos), -1) FROM corpus) + row_number() OVER (ORDER BY order_in),
                       {', '.join('i.' + _quote(c) for c in cols)}
                FROM incoming i WHERE i.article_id NOT IN (SELECT article_id FROM corpus)""")
            con.unregister("incoming")
            key = self._corpus_key()
            self.set_meta("corpus_key", key)
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise
        return key

    def _corpus_key(self) -> str:
        cols = ", ".join(_quote(c) for c in ["article_key", *ARTICLE_COLUMNS])
        names = ["article_key", *ARTICLE_COLUMNS]
        return corpus_digest(dict(zip(names, v)) for v in _fetch(self.con.execute(f"SELECT {cols} FROM corpus ORDER BY pos")))

    def article_rows(self) -> list[dict]:
        """The rows of the ``articles`` table, in corpus order."""
        columns = list(ARTICLE_COLUMNS)
        result = self.con.execute(f"SELECT {', '.join(map(_quote, columns))} FROM corpus ORDER BY pos")
        return [dict(zip(columns, values)) for values in _fetch(result)]

    def articles(self) -> list[Article]:
        """The corpus as ``Article`` records (text, regions and warnings included), in corpus order."""
        fields = ["article_id", "file", "text", "source", "outlet", "byline", "headline", "published"]
        result = self.con.execute(
            f"SELECT {', '.join(map(_quote, fields))}, regions, warning_list FROM corpus ORDER BY pos")
        return [Article(**dict(zip(fields, values[:-2])), regions=[tuple(r) for r in json.loads(values[-2])],
                        warnings=json.loads(values[-1])) for values in _fetch(result)]

    def n_articles(self) -> int:
        return self.con.execute("SELECT count(*) FROM corpus").fetchall()[0][0]  # finished: see ``meta``

    # --- assembled tables ---------------------------------------------------------------------------------

    def write_tables(self, tables: Mapping[str, pd.DataFrame], key: str) -> None:
        """Replace the assembled tables by ``tables``, stamped with ``key`` (what they were computed from)."""
        con = self.con
        con.execute("BEGIN")
        try:
            con.execute("DELETE FROM table_columns")
            for name, df in tables.items():
                con.register("table_rows", to_arrow(df))
                con.execute(f"CREATE OR REPLACE TABLE {_quote('t_' + name)} AS SELECT * FROM table_rows")
                con.unregister("table_rows")
                con.executemany("INSERT INTO table_columns VALUES (?, ?, ?, ?)",
                                [[name, col, str(dtype), i] for i, (col, dtype) in enumerate(df.dtypes.items())])
            self.set_meta("tables_key", key)
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise

    def table_names(self) -> list[str]:
        names = {n for (n,) in self.con.execute("SELECT DISTINCT name FROM table_columns").fetchall()}
        return [n for n in TABLES if n in names] + sorted(names - set(TABLES))

    def dtypes(self, name: str) -> dict[str, str]:
        rows = self.con.execute("SELECT col, dtype FROM table_columns WHERE name = ? ORDER BY i", [name]).fetchall()
        if not rows:
            raise KeyError(f"the store has no table {name!r} (tables: {', '.join(self.table_names()) or 'none'})")
        return dict(rows)

    def read_table(self, name: str, *, columns: Sequence[str] | None = None,
                   equals: Mapping[str, Iterable] | None = None, contains: Mapping[str, str] | None = None,
                   limit: int | None = None, offset: int = 0) -> pd.DataFrame:
        """Rows of table ``name`` in stored order, filtered in DuckDB: ``equals={"source": ["AFP"]}`` keeps rows
        whose source is one of those, ``contains={"sentence": "troops"}`` rows whose sentence holds that text
        (case folded); ``limit``/``offset`` give one page."""
        dtypes = self.dtypes(name)
        cols = list(columns or dtypes)
        sql, params = self._where(name, dtypes, equals, contains)
        sql = f"SELECT {', '.join(map(_quote, cols))} FROM {_quote('t_' + name)}{sql}"
        if limit is not None:
            sql += f" LIMIT {int(limit)} OFFSET {int(offset)}"
        table = self.con.sql(sql, params=params).to_arrow_table()
        return to_frame(table, {c: dtypes[c] for c in cols})

    def table_size(self, name: str, *, equals: Mapping[str, Iterable] | None = None,
                   contains: Mapping[str, str] | None = None) -> int:
        """How many rows ``read_table`` would give without ``limit``."""
        sql, params = self._where(name, self.dtypes(name), equals, contains)
        return self.con.execute(f"SELECT count(*) FROM {_quote('t_' + name)}{sql}", params).fetchone()[0]

    @staticmethod
    def _where(name: str, dtypes: Mapping[str, str], equals, contains) -> tuple[str, list]:
        clauses, params = [], []
        for col in [*(equals or {}), *(contains or {})]:
            if col not in dtypes:
                raise ValueError(f"table {name!r} has no column {col!r} (columns: {', '.join(dtypes)})")
        for col, values in (equals or {}).items():
            values = list(values)
            clauses.append(f"{_quote(col)} IN ({', '.join('?' * len(values))})" if values else "false")
            params += values
        for col, needle in (contains or {}).items():
            clauses.append(f"contains(lower({_quote(col)}), lower(?))")
            params.append(needle)
        return (" WHERE " + " AND ".join(clauses) if clauses else ""), params

    def load_tables(self) -> dict[str, pd.DataFrame]:
        return {name: self.read_table(name) for name in self.table_names()}


def corpus_digest(rows: Iterable[Mapping]) -> str:
    """Hash of corpus rows (``article_key`` and the ``articles`` columns), in order."""
    digest = hashlib.sha1()
    for row in rows:
        values = [row["article_key"], *(row[c] for c in ARTICLE_COLUMNS)]
        digest.update(json.dumps(values, ensure_ascii=False, default=str).encode("utf-8"))
    return digest.hexdigest()


def _fetch(result, size: int = 50_000) -> Iterator[tuple]:
    """The rows of a DuckDB result, fetched in chunks."""
    while chunk := result.fetchmany(size):
        yield from chunk


# --- read-only helpers for the app ------------------------------------------------------------------------------

def load_tables(path: str | Path = DEFAULT_STORE) -> dict[str, pd.DataFrame]:
    """Every table of the store, as ``extract_corpus`` returns them (same columns, dtypes and rows)."""
    with Store(path, read_only=True) as store:
        return store.load_tables()


def read_table(path: str | Path, name: str, **filters) -> pd.DataFrame:
    """One table, filtered and paginated in DuckDB (see ``Store.read_table``)."""
    with Store(path, read_only=True) as store:
        return store.read_table(name, **filters)


def table_size(path: str | Path, name: str, **filters) -> int:
    with Store(path, read_only=True) as store:
        return store.table_size(name, **filters)


def store_settings(path: str | Path = DEFAULT_STORE) -> str:
    """What the store's tables were made with ("code …, model …, spaCy …"; empty for a store written before
    this was recorded)."""
    with Store(path, read_only=True) as store:
        return store.meta("settings") or ""


def load_articles(path: str | Path = DEFAULT_STORE) -> list[Article]:
    """The stored articles with their text (for the pages that show and highlight an article)."""
    with Store(path, read_only=True) as store:
        return store.articles()
