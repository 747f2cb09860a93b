"""Command line: ``python -m core extract PATH... [--manifest CSV] --out DIR`` and
``python -m core evaluate --gold DIR --pred DIR``."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .ingest import InputError


def cmd_extract(args: argparse.Namespace) -> int:
    from .corpus import extract_corpus
    from .export import write_tables
    from .ingest import read_articles
    from .nlp import ModelNotFoundError, load_model

    try:
        articles = read_articles(args.paths, manifest=args.manifest)
    except InputError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if not articles:
        print(f"error: no .txt, .html or .htm files under {', '.join(args.paths)}", file=sys.stderr)
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
