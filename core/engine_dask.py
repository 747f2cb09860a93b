"""The per-article extraction on a dask.distributed cluster (``ingest --engine dask``).

``parse_on_cluster(todo, store, ...)`` splits the articles to parse into partitions and runs
``extract_partition`` on the cluster's workers: a local cluster of ``workers`` processes with one thread each
(the default), or the cluster whose scheduler address is given. Each worker loads the model once
(``nlp.load_model`` is cached per process), parses its partition through ``nlp.pipe``, and writes the
per-article rows as Parquet files into a folder of its own under ``parts`` (one file per table, plus the
article keys it parsed); the store imports each folder as soon as its partition is done, so an interrupted
run keeps what was finished. The corpus-level steps then run in the calling process, as with the local
engine. At most two partitions per worker are in flight, so the client does not hold the whole corpus
in the scheduler's memory.

With a remote scheduler, ``parts`` must be a folder that the workers and this process both see (a shared
file system), and the workers must run the same code and model: each checks its own
``fingerprint.current_settings()`` against this process's and refuses to parse otherwise.
"""
from __future__ import annotations

import json
import logging
import math
import os
import shutil
import tempfile
from collections.abc import Sequence
from pathlib import Path

from .fingerprint import Settings, current_settings
from .ingest import Article
from .store import ROW_TABLES, Store, row_columns

MAX_PARTITION = 256  # articles per partition at most
IN_FLIGHT_PER_WORKER = 2


def extract_partition(part: Sequence[tuple[Article, str]], folder: str, expected: Settings,
                      batch_size: int = 64) -> tuple[str, int]:
    """On a worker: parse ``part`` (articles with their keys), write its rows as Parquet into ``folder``."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from .nlp import load_model
    from .pipeline import extract_stream
    from .schema import frame

    mine = current_settings()
    if mine != expected:
        raise RuntimeError(f"this worker runs other code or another model ({mine.describe()}) than the client "
                           f"({expected.describe()}): install the same version of the project on the workers")
    nlp = load_model()
    flat: dict[str, list[dict]] = {t: [] for t in ROW_TABLES}
    parsed_keys, added = [], []
    for key, rows, warnings in extract_stream(part, nlp, batch_size=batch_size):
        for table, table_rows in rows.items():
            flat[table] += [{"article_key": key, "row_no": i, **row} for i, row in enumerate(table_rows)]
        parsed_keys.append(key)
        added.append(json.dumps(warnings, ensure_ascii=False))
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    for table, rows in flat.items():
        df = frame(rows, {"article_key": "string", "row_no": "Int64", **row_columns(table)})
        pq.write_table(pa.Table.from_pandas(df, preserve_index=False), out / f"{table}.parquet")
    # written last: a folder with parsed.parquet is complete
    pq.write_table(pa.table({"article_key": parsed_keys, "warnings": added}), out / "parsed.parquet")
    return folder, len(part)


def partitions(todo: Sequence, n_workers: int) -> list[Sequence]:
    """Split ``todo`` into about four partitions per worker, each of at most ``MAX_PARTITION`` articles."""
    size = max(1, min(MAX_PARTITION, math.ceil(len(todo) / (4 * max(1, n_workers)))))
    return [todo[i:i + size] for i in range(0, len(todo), size)]


def parse_on_cluster(todo: Sequence[tuple[Article, str]], db: Store, *, settings: Settings | None = None,
                     workers: int | None = None, scheduler: str | None = None, batch_size: int = 64,
                     parts: str | Path | None = None, progress: bool | None = None) -> None:
    """Parse ``todo`` on a dask cluster and import the rows into ``db`` (see the module docstring).
    ``settings`` is accepted for symmetry with the local engine; workers check the code they run against
    this process's ``current_settings()``, whatever keys the articles were given."""
    from distributed import Client, LocalCluster, as_completed

    from .pipeline import progress_bar

    if workers is not None and workers < 1:
        raise ValueError("workers must be at least 1")
    expected = current_settings()
    cluster = None
    if scheduler:
        client = Client(scheduler)
    else:
        cluster = LocalCluster(n_workers=workers or os.cpu_count() or 1, threads_per_worker=1, processes=True,
                               dashboard_address=None, silence_logs=logging.ERROR)
        client = Client(cluster)
    root = Path(parts) if parts else Path(tempfile.mkdtemp(prefix="parts-", dir=db.path.parent))
    bar = progress_bar(len(todo), progress)
    try:
        n_workers = max(1, len(client.scheduler_info()["workers"]))
        pending = iter(enumerate(partitions(todo, n_workers)))

        def submit(item):
            i, part = item
            return client.submit(extract_partition, part, str(root / f"part-{i:06d}"), expected, batch_size,
                                 pure=False)

        running = as_completed([submit(item) for item in _take(pending, IN_FLIGHT_PER_WORKER * n_workers)])
        for future in running:
            folder, n = future.result()
            db.import_parquet(Path(folder))
            shutil.rmtree(folder, ignore_errors=True)
            bar.update(n)
            for item in _take(pending, 1):
                running.add(submit(item))
    finally:
        bar.close()
        client.close()
        if cluster is not None:
            cluster.close()
        if not parts:
            shutil.rmtree(root, ignore_errors=True)


def _take(iterator, n: int) -> list:
    out = []
    for item in iterator:
        out.append(item)
        if len(out) == n:
            break
    return out
