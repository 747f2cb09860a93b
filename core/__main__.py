"""Command line.

- ``python -m core extract PATH... [--manifest CSV] --out DIR``: every table as CSV, no store.
- ``python -m core ingest PATH... [--manifest CSV] [--store FILE] [--batch-size N] [--n-process N]
  [--engine local|dask] [--workers N] [--scheduler ADDRESS]``: bring articles into the corpus store.
- ``python -m core export [--store FILE] --out DIR``: the store's tables as the same CSVs as ``extract``.
- ``python -m core bench [--sizes 100,1000,10000]``: the scaling benchmark (``core.bench``).
- ``python -m core evaluate --gold DIR --pred DIR``: score tables against a gold annotation.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .ingest import InputError

DEFAULT_STORE = "data/triangulate.duckdb"  # core.store.DEFAULT_STORE, named here so --help needs no imports


def _read_or_complain(args: argparse.Namespace):
    """The articles the user named, or None after saying on stderr why there are none."""
    from .ingest import read_articles

    try:
        articles = read_articles(args.paths, manifest=args.manifest)
    except InputError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return None
    if not articles:
        print(f"error: no .txt, .html or .htm files under {', '.join(args.paths)}", file=sys.stderr)
        return None
    return articles


def cmd_extract(args: argparse.Namespace) -> int:
    from .corpus import extract_corpus
    from .export import write_tables
    from .nlp import ModelNotFoundError, load_model

    articles = _read_or_complain(args)
    if articles is None:
        return 2
    try:
        nlp = load_model()
    except ModelNotFoundError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 3
    progress = _progress_bar(len(articles)) if not args.quiet else None
    tables = extract_corpus(articles, nlp, progress=progress)
    if progress:
        progress.close()
    write_tables(tables, Path(args.out))
    for a in articles:
        for w in a.warnings:
            print(f"warning: {a.file}: {w}", file=sys.stderr)
    counts = ", ".join(f"{len(df)} {name}" for name, df in tables.items())
    print(f"wrote {counts} to {args.out}")
    return 0


def _progress_bar(total: int):
    from tqdm import tqdm

    bar = tqdm(total=total, unit="article", file=sys.stderr, disable=None)

    class Progress:
        def __call__(self, done: int, _total: int) -> None:
            bar.update(done - bar.n)

        def close(self) -> None:
            bar.close()

    return Progress()


def cmd_ingest(args: argparse.Namespace) -> int:
    from .nlp import ModelNotFoundError
    from .pipeline import ingest

    articles = _read_or_complain(args)
    if articles is None:
        return 2
    try:
        report = ingest(articles, store=args.store, batch_size=args.batch_size, n_process=args.n_process,
                        engine=args.engine, workers=args.workers, scheduler=args.scheduler, parts=args.parts,
                        progress=False if args.quiet else None, replace=args.replace)
    except ModelNotFoundError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 3
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    for a in articles:
        for w in a.warnings:
            print(f"warning: {a.file}: {w}", file=sys.stderr)
    print(f"{report.summary()}; store {args.store}")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from .export import write_tables
    from .store import load_tables

    try:
        tables = load_tables(args.store)
    except FileNotFoundError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    write_tables(tables, Path(args.out))
    counts = ", ".join(f"{len(df)} {name}" for name, df in tables.items())
    print(f"wrote {counts} to {args.out}")
    return 0


def cmd_bench(args: argparse.Namespace) -> int:
    from .bench import run_bench

    return run_bench(args)


def cmd_evaluate(args: argparse.Namespace) -> int:
    from .evaluate import format_report, score

    try:
        result = score(Path(args.gold), Path(args.pred))
    except InputError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(format_report(result, details=args.details))
    return 1 if args.min is not None and result["overall"] < args.min else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m core", description="Triangulate: news articles → tables")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("extract", help="extract every table from articles and write them as CSV")
    p.add_argument("paths", nargs="+", metavar="PATH", help=".txt/.html/.htm files or folders of them")
    p.add_argument("--manifest", help="CSV with file, source, published (overrides what is detected)")
    p.add_argument("--out", required=True, help="folder to write the CSV tables into")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.set_defaults(func=cmd_extract)
    p = sub.add_parser("ingest", help="bring articles into the corpus store, parsing only what is new or changed")
    p.add_argument("paths", nargs="+", metavar="PATH", help=".txt/.html/.htm files or folders of them")
    p.add_argument("--manifest", help="CSV with file, source, published (overrides what is detected)")
    p.add_argument("--store", default=str(DEFAULT_STORE), help=f"DuckDB file of the store (default {DEFAULT_STORE})")
    p.add_argument("--batch-size", type=int, default=64, help="articles per nlp.pipe batch and per write")
    p.add_argument("--n-process", type=int, default=1, help="processes nlp.pipe parses with (local engine)")
    p.add_argument("--engine", choices=("local", "dask"), default="local",
                   help="local: this machine; dask: a dask.distributed cluster")
    p.add_argument("--workers", type=int, help="dask: workers of the local cluster (default: the CPU count)")
    p.add_argument("--scheduler", help="dask: address of an existing scheduler (tcp://host:8786)")
    p.add_argument("--parts", help="dask: folder the workers write Parquet partitions into (shared with them)")
    p.add_argument("--replace", action="store_true", help="the corpus becomes exactly these articles")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.set_defaults(func=cmd_ingest)
    p = sub.add_parser("export", help="write the store's tables as CSV (the same files as extract)")
    p.add_argument("--store", default=str(DEFAULT_STORE), help=f"DuckDB file of the store (default {DEFAULT_STORE})")
    p.add_argument("--out", required=True, help="folder to write the CSV tables into")
    p.set_defaults(func=cmd_export)
    p = sub.add_parser("bench", help="scaling benchmark on generated corpora (prints ratios)")
    from .bench import add_arguments

    add_arguments(p)
    p.set_defaults(func=cmd_bench)
    p = sub.add_parser("evaluate", help="score extracted tables against a gold annotation folder")
    p.add_argument("--gold", required=True)
    p.add_argument("--pred", required=True)
    p.add_argument("--details", action="store_true", help="list every miss and spurious row")
    p.add_argument("--min", type=float, help="exit 1 when the overall score is below this")
    p.set_defaults(func=cmd_evaluate)
    args = parser.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
