"""The scaling benchmark: ``python -m core bench [--sizes 100,1000,10000]``.

For each size it writes a corpus of that many articles (``make_corpus``: the seed articles with other people,
figures, dates and outlets, some paragraphs dropped and a generated paragraph added), then measures in a fresh
subprocess, so that peak memory is comparable between sizes:

- bare ``nlp.pipe`` throughput (words/s) over the corpus texts, same model, components and batch size;
- the full cold ingest into an empty store (reading the files, parsing, storing, the corpus-level tables) and
  its throughput, and the ratio of the two (target ≥ 0.8);
- the warm re-run on the unchanged corpus, as cold/warm (target ≥ 50);
- peak resident memory of the process (target: at the largest size ≤ 1.5× at the one ten times smaller);
- loading the store's tables, at the largest size against the seeds;
- a filter change on the Numbers page of the real app (``ui.pagebench``: whole Streamlit script runs through
  ``AppTest``, sidebar included) on the largest store against the same on the seeds' store (target ≤ 3×), for
  all changes and apart for changes to filters not used before (the app keeps what it computed for a filter
  state) and back to filters used before; and the first run of the app (opening the store) and a page switch,
  as ratios too.

``--dask 1,2`` also ingests a corpus of ``--dask-size`` articles on local dask clusters of 1 and 2 workers and
prints their throughput ratio. Every figure the benchmark prints as a target is a ratio of two timings taken
in the same run: the absolute timings depend on a shared, noisy machine.
"""
from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import random
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
START = dt.date(2024, 10, 1)  # generated articles are published over the 45 days from here
FIRST = ("Anna Boris Chen Dana Elif Farid Greta Hana Ivan Jonas Kenji Lena Marco Nadia Omar Pavel Rosa Sami "
         "Tomas Ulla Viktor Wen Yara Zoltan Aiko Bruno Carmen Dmitri Eva Felix Goran Ines Jae Kofi Lucia Mateo "
         "Nina Oleksandr Priya Quentin").split()
LAST = ("Abe Bauer Castro Dubois Eriksen Fischer Garcia Horvat Ito Jensen Kowalski Lindqvist Moreau Novak Okafor "
        "Petrov Quist Rossi Sato Tanaka Urban Varga Weber Xu Yilmaz Zhou Albrecht Brennan Costa Demir Engel Falk "
        "Grant Hale Ivanova Janssen Kaur Lopez Mendes Nakamura Olsen Park Quintero Reyes Schmidt Torres Ueda "
        "Vogel Walsh Young Zeller").split()
CITIES = ("Aberdeen Bergen Cardiff Dresden Eindhoven Florence Geneva Hamburg Innsbruck Jaipur Kyoto Lisbon "
          "Malmo Nantes Osaka Porto Quebec Rotterdam Seville Tampere Utrecht Valencia Warsaw Yokohama Zagreb "
          "Antwerp Bologna Calgary Dublin Essen").split()
OUTLET_FORMS = ("The {} Herald", "{} Times", "{} Daily News", "The {} Post", "{} Tribune", "{} Observer",
                "Radio {}", "{} Gazette", "{} Courier", "{} Monitor")
# people of the seeds that a generated article may replace by someone else: (spellings, surname)
SEED_PEOPLE = ((("Georgy Zinoviev", "Georgiy Zinoviev"), "Zinoviev"), (("Dmitry Peskov",), "Peskov"),
               (("Mark Rutte",), "Rutte"), (("David Lammy",), "Lammy"), (("Valeriy Ryabykh",), "Ryabykh"),
               (("Ihor Solovey",), "Solovey"), (("Andrzej Duda",), "Duda"), (("Justin McCurry",), "McCurry"))
UNITS = ("troops", "soldiers", "refugees", "drones", "missiles", "containers of artillery shells", "tanks")
ORGS = ("defence ministry", "foreign ministry", "general staff", "border guard service", "intelligence agency")
VERBS = ("arrived in", "been sent to", "been moved to", "been seen near", "crossed into")
QUOTES = ("We will not accept this escalation", "The situation is changing by the hour",
          "These reports have not been confirmed", "Our partners must respond firmly",
          "This is a dangerous development for the whole region", "We are watching the border closely",
          "Nobody should be surprised by this", "The numbers speak for themselves")
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
NUMBER = re.compile(r"\b\d{1,3}(?:,\d{3})+\b")


# --- corpus generation --------------------------------------------------------------------------------------

def _people(rng: random.Random, n: int = 300) -> list[tuple[str, str]]:
    names = sorted({(f, l) for f in FIRST for l in LAST})
    return rng.sample(names, n)


def _outlets() -> list[str]:
    return [form.format(city) for city in CITIES for form in OUTLET_FORMS]


def _scale(match: re.Match, rng: random.Random) -> str:
    value = int(match[0].replace(",", "")) * rng.choice((0.5, 0.8, 1, 1, 1, 1.2, 1.5, 2, 3))
    digits = len(str(int(value))) - 2
    return f"{int(round(value, -digits)):,}"


def _spelling(first: str, rng: random.Random) -> str:
    """Now and then another transliteration of a first name (Dmitri/Dmitriy), as outlets print them."""
    if rng.random() < 0.15 and first[-1] in "iy":
        return first[:-1] + rng.choice(("i", "iy", "y"))
    return first


def _generated_paragraph(rng: random.Random, people: list[tuple[str, str]], outlets: list[str],
                         published: dt.date) -> str:
    first, last = rng.choice(people)
    day = published - dt.timedelta(days=rng.randint(1, 10))
    n = rng.choice((120, 300, 450, 800, 1_500, 2_000, 3_500, 8_000, 12_000, 25_000))
    sentences = [
        f"{first} {last}, a spokesperson for the {rng.choice(ORGS)}, said on {rng.choice(WEEKDAYS)} that about "
        f"{n:,} {rng.choice(UNITS)} had {rng.choice(VERBS)} {rng.choice(CITIES)} since {day.day} "
        f"{day.strftime('%B')}.",
        f"According to {rng.choice(outlets)}, at least {rng.randint(2, 90) * 10:,} {rng.choice(UNITS)} were "
        f"counted near {rng.choice(CITIES)} on {day.strftime('%B')} {day.day}.",
        f"“{rng.choice(QUOTES)},” {last} told reporters in {rng.choice(CITIES)}.",
    ]
    return " ".join(rng.sample(sentences, rng.randint(1, 3)))


def make_article(seed_text: str, rng: random.Random, people: list[tuple[str, str]], outlets: list[str],
                 published: dt.date) -> str:
    text = seed_text
    for spellings, surname in SEED_PEOPLE:
        if rng.random() < 0.6:
            first, last = rng.choice(people)
            for spelling in spellings:
                text = text.replace(spelling, f"{_spelling(first, rng)} {last}")
            text = re.sub(rf"\b{surname}\b", last, text)
    text = NUMBER.sub(lambda m: _scale(m, rng), text)
    text = text.replace("2024-10-21", published.isoformat())
    text = text.replace("21 October 2024", f"{published.day} {published.strftime('%B %Y')}")
    lines = text.split("\n")
    head, body = lines[:4], [ln for ln in lines[4:] if len(ln.split()) < 40 or rng.random() > 0.12]
    body.insert(rng.randint(0, len(body)), _generated_paragraph(rng, people, outlets, published))
    return "\n".join(head + body)


def make_corpus(n: int, folder: Path, *, seed: int = 0) -> Path:
    """Write ``n`` generated articles and their manifest into ``folder``; returns the manifest's path."""
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    people, outlets = _people(rng), _outlets()
    seeds = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    manifest = folder / "manifest.csv"
    with manifest.open("w", newline="", encoding="utf-8") as fh:
        out = csv.writer(fh)
        out.writerow(["file", "source", "published"])
        for i in range(n):
            published = START + dt.timedelta(days=rng.randint(0, 44))
            text = make_article(seeds[i % len(seeds)], rng, people, outlets, published)
            name = f"{i:06d}.txt"
            (folder / name).write_text(text, encoding="utf-8")
            out.writerow([name, rng.choice(outlets), published.isoformat()])
    return manifest


def corpus(n: int, workdir: Path) -> tuple[Path, Path]:
    """The corpus of size ``n`` under ``workdir`` (written once, reused by later runs)."""
    folder = workdir / f"corpus_{n}"
    manifest = folder / "manifest.csv"
    if not manifest.is_file() or len(list(folder.glob("*.txt"))) != n:
        make_corpus(n, folder)
    return folder, manifest


# --- the app on a store -----------------------------------------------------------------------------------------

def time_page(store: Path, *, repeat: int) -> dict:
    """``ui.pagebench`` on ``store``, in its own process (it drives Streamlit, which ``core`` never imports)."""
    cmd = [sys.executable, "-m", "ui.pagebench", str(store), "--repeat", str(repeat)]
    done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"benchmark step failed: {' '.join(cmd)}\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


# --- one measurement, in a fresh process ----------------------------------------------------------------------

def measure(folder: Path, manifest: Path, store: Path, *, batch_size: int, n_process: int, pipe_sample: int,
            engine: str = "local", workers: int | None = None) -> dict:
    """Every measurement of one corpus; run in its own process (``python -m core.bench measure ...``)."""
    import resource

    from .ingest import read_articles
    from .nlp import load_model
    from .pipeline import ingest
    from .store import load_tables

    result: dict = {"engine": engine, "workers": workers}
    nlp = load_model()
    if pipe_sample and engine == "local":
        articles = read_articles([folder], manifest=manifest)[:pipe_sample]
        texts = [a.body_text for a in articles if a.text.strip()]
        words = sum(a.n_words for a in articles if a.text.strip())
        start = time.perf_counter()
        for _doc in nlp.pipe(texts, batch_size=batch_size, n_process=n_process):
            pass
        result["pipe_words_per_s"] = words / (time.perf_counter() - start)
        del articles, texts
    for run in ("cold", "warm"):
        start = time.perf_counter()
        articles = read_articles([folder], manifest=manifest)
        report = ingest(articles, store=store, batch_size=batch_size, n_process=n_process, engine=engine,
                        workers=workers, nlp=nlp, progress=False)
        result[f"{run}_s"] = time.perf_counter() - start
        result[f"{run}_steps"] = report.seconds
        result[f"{run}_parsed"] = report.n_parsed
        if run == "cold":
            result["articles"] = len(articles)
            result["words"] = sum(a.n_words for a in articles)
            result["ingest_words_per_s"] = result["words"] / result["cold_s"]
        del articles
    start = time.perf_counter()
    tables = load_tables(store)
    result["load_s"] = time.perf_counter() - start
    result["rows"] = {name: len(df) for name, df in tables.items()}
    del tables
    usage = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    result["peak_rss_mb"] = max(usage) / 1024
    return result


def _measure_in_subprocess(folder: Path, manifest: Path, store: Path, args: argparse.Namespace, *,
                           pipe_sample: int, engine: str = "local", workers: int | None = None) -> dict:
    for f in (store, Path(f"{store}.wal")):
        f.unlink(missing_ok=True)
    cmd = [sys.executable, "-m", "core.bench", "measure", str(folder), str(manifest), str(store),
           "--batch-size", str(args.batch_size), "--n-process", str(args.n_process),
           "--pipe-sample", str(pipe_sample), "--engine", engine]
    if workers:
        cmd += ["--workers", str(workers)]
    done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"benchmark step failed: {' '.join(cmd)}\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


# --- the command --------------------------------------------------------------------------------------------

def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--sizes", default="100,1000,10000", help="corpus sizes, comma-separated")
    p.add_argument("--batch-size", type=int, default=64)
    p.add_argument("--n-process", type=int, default=1)
    p.add_argument("--pipe-sample", type=int, default=1000,
                   help="articles of each corpus timed through bare nlp.pipe (0: skip)")
    p.add_argument("--workdir", help="where corpora and stores go (default: a temporary folder)")
    p.add_argument("--dask", default="", help="also time the dask engine with these worker counts, e.g. 1,2")
    p.add_argument("--dask-size", type=int, default=200, help="articles of the dask runs")
    p.add_argument("--page-repeat", type=int, default=5,
                   help="rounds of filter changes timed on the Numbers page (4 changes each)")
    p.add_argument("--json", help="also write every measurement to this JSON file")


def _sizes(text: str) -> list[int]:
    try:
        sizes = sorted({int(s) for s in text.split(",") if s.strip()})
    except ValueError:
        raise SystemExit(f"error: --sizes takes whole numbers separated by commas, not {text!r}") from None
    if not sizes or sizes[0] < 1:
        raise SystemExit("error: --sizes needs at least one size of 1 or more")
    return sizes


def run_bench(args: argparse.Namespace) -> int:
    sizes = _sizes(args.sizes)
    with tempfile.TemporaryDirectory(prefix="triangulate-bench-") as tmp:
        workdir = Path(args.workdir) if args.workdir else Path(tmp)
        workdir.mkdir(parents=True, exist_ok=True)
        results: dict = {"sizes": {}}
        say = lambda line: print(line, flush=True)
        say(f"benchmark: sizes {', '.join(map(str, sizes))}; batch size {args.batch_size}, "
            f"n_process {args.n_process}; work folder {workdir}")
        results["seeds"] = _measure_in_subprocess(SEEDS, SEEDS / "sources.csv", workdir / "seeds.duckdb", args,
                                                  pipe_sample=0)
        for n in sizes:
            folder, manifest = corpus(n, workdir)
            r = _measure_in_subprocess(folder, manifest, workdir / f"store_{n}.duckdb", args,
                                       pipe_sample=args.pipe_sample)
            results["sizes"][n] = r
            say(_size_line(n, r))
        results["page"] = {"seeds": time_page(workdir / "seeds.duckdb", repeat=args.page_repeat),
                           "top": time_page(workdir / f"store_{sizes[-1]}.duckdb", repeat=args.page_repeat)}
        say(f"Numbers page at {sizes[-1]:,} articles: filter change {results['page']['top']['filter_change_s']:.2f} s "
            f"(on the seeds {results['page']['seeds']['filter_change_s']:.2f} s)")
        for w in [int(x) for x in args.dask.split(",") if x.strip()]:
            folder, manifest = corpus(args.dask_size, workdir)
            r = _measure_in_subprocess(folder, manifest, workdir / f"dask_{w}.duckdb", args, pipe_sample=0,
                                       engine="dask", workers=w)
            results.setdefault("dask", {})[w] = r
            say(f"dask, {w} worker(s), {args.dask_size} articles: cold ingest {r['ingest_words_per_s']:,.0f} words/s")
        say("")
        for line in ratio_lines(results):
            say(line)
        if args.json:
            Path(args.json).write_text(json.dumps(results, indent=2, default=str), encoding="utf-8")
    return 0


def _size_line(n: int, r: dict) -> str:
    pipe = r.get("pipe_words_per_s")
    ratio = f"{r['ingest_words_per_s'] / pipe:.2f}" if pipe else "n/a"
    return (f"{n:>7,} articles ({r['words']:,} words): ingest/pipe throughput {ratio}; "
            f"cold/warm {r['cold_s'] / r['warm_s']:,.0f}×; peak RSS {r['peak_rss_mb']:,.0f} MB; "
            f"steps (s) {', '.join(f'{k} {v:.1f}' for k, v in r['cold_steps'].items())}")


def ratio_lines(results: dict) -> list[str]:
    """The benchmark's ratios, each with its target."""
    lines = ["ratios (each measured in this run; target in brackets):"]
    sizes = sorted(results["sizes"])
    mark = lambda ok: "ok" if ok else "MISSED"
    for n in sizes:
        r = results["sizes"][n]
        if r.get("pipe_words_per_s"):
            ratio = r["ingest_words_per_s"] / r["pipe_words_per_s"]
            lines.append(f"  full ingest / bare nlp.pipe throughput at {n:,}: {ratio:.2f} [≥ 0.8] {mark(ratio >= 0.8)}")
    for n in sizes:
        r = results["sizes"][n]
        ratio = r["cold_s"] / r["warm_s"]
        lines.append(f"  cold / warm re-run at {n:,}: {ratio:,.0f}× [≥ 50] {mark(ratio >= 50)}")
    for small, big in zip(sizes, sizes[1:]):
        ratio = results["sizes"][big]["peak_rss_mb"] / results["sizes"][small]["peak_rss_mb"]
        target = big == 10 * small
        lines.append(f"  peak RSS at {big:,} / at {small:,}: {ratio:.2f}"
                     + (f" [≤ 1.5] {mark(ratio <= 1.5)}" if target else ""))
    seeds, top = results["seeds"], results["sizes"][sizes[-1]]
    if "page" in results:
        page_seeds, page_top = results["page"]["seeds"], results["page"]["top"]
        ratio = page_top["filter_change_s"] / page_seeds["filter_change_s"]
        lines.append(f"  Numbers filter change at {sizes[-1]:,} / on the seeds: {ratio:.2f} [≤ 3] {mark(ratio <= 3)}")
        if "new_filter_s" in page_top and "new_filter_s" in page_seeds:
            ratio = page_top["new_filter_s"] / page_seeds["new_filter_s"]
            lines.append(f"    to filters not used before: {ratio:.2f} [≤ 3] {mark(ratio <= 3)}; back to filters used "
                         f"before: {page_top['back_filter_s'] / page_seeds['back_filter_s']:.2f}")
        lines.append(f"  page switch to Numbers at {sizes[-1]:,} / on the seeds: "
                     f"{page_top['page_switch_s'] / page_seeds['page_switch_s']:.2f}")
        lines.append(f"  first run of the app (opening the store) at {sizes[-1]:,} / on the seeds: "
                     f"{page_top['first_run_s'] / page_seeds['first_run_s']:.2f}")
    lines.append(f"  loading the store at {sizes[-1]:,} / on the seeds: {top['load_s'] / seeds['load_s']:.1f}")
    if len(results.get("dask", {})) >= 2:
        runs = sorted(results["dask"].items())
        (w1, r1), (w2, r2) = runs[0], runs[-1]
        lines.append(f"  dask throughput, {w2} workers / {w1}: {r2['ingest_words_per_s'] / r1['ingest_words_per_s']:.2f}")
    return lines


def main(argv: list[str] | None = None) -> int:
    """``python -m core.bench measure FOLDER MANIFEST STORE ...``: one measurement, printed as JSON."""
    p = argparse.ArgumentParser(prog="python -m core.bench")
    sub = p.add_subparsers(dest="command", required=True)
    m = sub.add_parser("measure")
    m.add_argument("folder", type=Path)
    m.add_argument("manifest", type=Path)
    m.add_argument("store", type=Path)
    m.add_argument("--batch-size", type=int, default=64)
    m.add_argument("--n-process", type=int, default=1)
    m.add_argument("--pipe-sample", type=int, default=1000)
    m.add_argument("--engine", default="local")
    m.add_argument("--workers", type=int)
    args = p.parse_args(argv)
    result = measure(args.folder, args.manifest, args.store, batch_size=args.batch_size, n_process=args.n_process,
                     pipe_sample=args.pipe_sample, engine=args.engine, workers=args.workers)
    print(json.dumps(result, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main())
