"""Stress: 200 good and bad files in one command-line run, and one article of 5 MB.

The 200 files: 120 good articles and 80 bad ones (empty, blank, binary, an image, a zip, broken UTF-16, a headline
alone, symbols alone, HTML with no text, repeats of good articles). Every table of the mixed run, restricted to the
good articles, equals that of a clean run over the good articles alone, and every bad file is reported.

The long article: 5 MB of text (five times spaCy's ``max_length``) goes through ``python -m core extract`` in
chunks; every sentence, claim, quote and date comes out with offsets that point into the article, and peak memory
stays close to that of a 500 KB article (the ratio is printed, and must stay under ``MAX_MEMORY_RATIO``). This test
takes about four minutes.
"""
from __future__ import annotations

import csv
import io
import os
import random
import re
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
TABLES = ("articles", "sentences", "actors", "mentions", "claims", "quotes", "timeline", "comparison",
          "disagreements")
PLACES = ["Riverton", "Lakeside", "Hollow Creek", "Marston", "Eastvale", "Northport", "Greyford", "Ashby",
          "Kingsmere", "Oldbridge", "Westfield", "Redcliff"]
MAYORS = ["Anna Keller", "Tomas Brandt", "Maria Lopez", "John Okafor", "Ingrid Holm", "Paolo Conti"]
MAX_MEMORY_RATIO = 1.5


def run_cli(*args: str | Path) -> subprocess.CompletedProcess:
    # Each run gets its own hash seed, as any two runs would: the tables must not depend on it.
    return subprocess.run([sys.executable, "-m", "core", *map(str, args)], cwd=ROOT, capture_output=True,
                          text=True, timeout=900, env={k: v for k, v in os.environ.items() if k != "PYTHONHASHSEED"})


def read_rows(path: Path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def good_article(i: int) -> str:
    place, mayor = PLACES[i % len(PLACES)], MAYORS[i % len(MAYORS)]
    return (f"Flooding in {place}, part {i}\n\nPublished 21 October 2024\n\n"
            f"About {100 + 37 * i:,} residents of {place} were moved to shelters on Monday, the regional "
            f"authority said.\n\n“We expect the water to fall by Friday,” said {mayor}, the mayor of {place}, "
            f"in statement number {i}.\n\nOfficials said {i + 3} bridges were closed and {2 * i + 1} roads cut.\n")


def bad_file(k: int, earlier: list[str]) -> bytes:
    """The k-th bad file: one of eleven kinds of input with no article of its own. A repeat repeats one of the
    good articles ``earlier`` in the folder (the first of a text is the one kept)."""
    if k % 11 >= 9 and not earlier:
        k = 0
    zipped = io.BytesIO()
    with zipfile.ZipFile(zipped, "w") as zf:
        zf.writestr("story.txt", good_article(0))
    kinds = [
        b"", b" \n\t \r\n", b"\x00\x01\x02binary\x00\x00", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(64)),
        zipped.getvalue(), b"\xff\xfe" + "Flood".encode("utf-16-le") + b"\x00\xdc",
        f"Flood warning {k}\n".encode(), b"*** --- ***\n\n!!!\n",
        b"<html><head><script>var x = 1;</script></head><body></body></html>",
    ]
    if k % 11 == 9:
        return earlier[k % len(earlier)].encode("utf-8")                                   # a byte-identical repeat
    if k % 11 == 10:
        return earlier[(k * 7) % len(earlier)].replace(" ", "  ").replace("\n", "\r\n").encode("utf-8")  # respaced
    return kinds[k % len(kinds)]


@pytest.fixture(scope="module")
def two_hundred(tmp_path_factory) -> dict:
    base = tmp_path_factory.mktemp("stress")
    (base / "mixed").mkdir()
    (base / "clean").mkdir()
    good = [good_article(i) for i in range(120)]
    order = list(range(200))
    random.Random(7).shuffle(order)  # good and bad files interleave in the folder's (sorted) order
    good_names, bad_names, earlier = [], [], []
    for slot, n in enumerate(order):
        if n < 120:
            name = f"{slot:03d}-good.txt"
            good_names.append(name)
            earlier.append(good[n])
            for folder in ("mixed", "clean"):
                (base / folder / name).write_text(good[n], encoding="utf-8")
        else:
            name = f"{slot:03d}-bad" + (".html" if (n - 120) % 11 == 8 else ".txt")
            bad_names.append(name)
            (base / "mixed" / name).write_bytes(bad_file(n - 120, earlier))
    procs = {run: run_cli("extract", base / run, "--out", base / f"{run}-out", "--quiet") for run in ("mixed", "clean")}
    for proc in procs.values():
        assert proc.returncode == 0, proc.stderr
        assert "Traceback" not in proc.stderr
    tables = {run: {t: read_rows(base / f"{run}-out" / f"{t}.csv") for t in TABLES} for run in procs}
    return {"tables": tables, "stderr": procs["mixed"].stderr, "good": good_names, "bad": bad_names,
            "folder": base / "mixed"}


def without_repeats(warnings: str) -> str:
    return "; ".join(w for w in warnings.split("; ") if not w.startswith("duplicate: "))


def test_two_hundred_files_in_one_run(two_hundred):
    assert len(two_hundred["good"]) == 120 and len(two_hundred["bad"]) == 80


@pytest.mark.parametrize("table", TABLES)
def test_the_good_articles_tables_equal_those_of_a_clean_run(two_hundred, table):
    mixed, clean = two_hundred["tables"]["mixed"][table], two_hundred["tables"]["clean"][table]
    if table == "articles":
        good = set(two_hundred["good"])
        mixed = [{**r, "file": Path(r["file"]).name, "warnings": without_repeats(r["warnings"])}
                 for r in mixed if Path(r["file"]).name in good]
        clean = [{**r, "file": Path(r["file"]).name} for r in clean]
    assert len(clean) > 0
    assert mixed == clean


def test_every_bad_file_is_reported_by_name(two_hundred):
    articles = {Path(r["file"]).name: r for r in two_hundred["tables"]["mixed"]["articles"]}
    repeats = " ".join(r["warnings"] for r in articles.values())
    for name in two_hundred["bad"]:
        path = two_hundred["folder"] / name
        if name in articles:
            assert articles[name]["warnings"], name
            assert f"warning: {path}: " in two_hundred["stderr"]
        else:  # a repeat of a good article: said on the article kept
            assert f"duplicate: {path} has the same text and was skipped" in repeats


# --- one article of 5 MB ----------------------------------------------------------------------------------------

SUBJECTS = ["The committee", "The regional council", "A group of engineers", "The local school board",
            "Residents of the valley", "The transport authority", "Farmers in the area", "The hospital staff",
            "Volunteers from the town", "The port operator", "The weather service", "Shop owners nearby"]
VERBS = ["reviewed", "discussed", "postponed", "approved", "questioned", "welcomed", "criticised", "studied"]
OBJECTS = ["the plan for the northern district", "a proposal to widen the coastal road", "the budget for the new "
           "stadium", "new rules for the market square", "a report on the old bridge", "the cost of the tram line",
           "an idea to plant trees along the river", "a request for more night buses"]
TAILS = ["after a long meeting", "without much debate", "in a short statement", "at the request of residents",
         "despite some objections", "with broad support"]
EVERY = 40  # every 40th paragraph holds a figure, a quote and a date, each numbered, so none can go missing


def long_article(size: int, seed: int = 1) -> str:
    """About ``size`` characters of plain report prose in paragraphs; marker paragraphs carry what is counted."""
    rng = random.Random(seed)
    parts, n, k = ["Report on the valley works\n\n"], 0, 0
    while n < size:
        sentences = [f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(OBJECTS)} {rng.choice(TAILS)}."
                     for _ in range(rng.randint(3, 6))]
        if k % EVERY == 0:
            sentences.append(f"Officials said {1000 + k:,} people were moved from the harbour on {k % 28 + 1} "
                             "March 2024.")
            sentences.append(f"“We opened shelter number {k} before dawn,” a spokesman for the authority said.")
        parts.append(" ".join(sentences) + "\n\n")
        n += len(parts[-1])
        k += 1
    return "".join(parts)


def extract_measuring_memory(paths: dict[str, Path], out: Path) -> dict[str, int]:
    """Run ``extract`` on each file at once (one process each) and return each run's peak memory in kB."""
    procs = {name: subprocess.Popen([sys.executable, "-m", "core", "extract", path, "--out", out / name, "--quiet"],
                                    cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
             for name, path in paths.items()}
    peaks = {}
    for name, proc in procs.items():
        _pid, status, usage = os.wait4(proc.pid, 0)
        stderr = proc.stderr.read().decode()
        proc.stderr.close()
        proc.returncode = os.waitstatus_to_exitcode(status)
        assert proc.returncode == 0, stderr
        assert "Traceback" not in stderr
        peaks[name] = usage.ru_maxrss
    return peaks


@pytest.fixture(scope="module")
def five_megabytes(tmp_path_factory) -> dict:
    base = tmp_path_factory.mktemp("long")
    texts = {"5MB": long_article(5_000_000), "500KB": long_article(500_000)}
    paths = {}
    for name, text in texts.items():
        paths[name] = base / f"report-{name}.txt"
        paths[name].write_text(text, encoding="utf-8")
    started = time.monotonic()
    peaks = extract_measuring_memory(paths, base)
    print(f"\npeak memory: 5 MB article {peaks['5MB'] // 1024} MB, 500 KB article {peaks['500KB'] // 1024} MB, "
          f"ratio {peaks['5MB'] / peaks['500KB']:.2f}; {time.monotonic() - started:.0f} s")
    return {"text": texts["5MB"], "peaks": peaks,
            "tables": {t: read_rows(base / "5MB" / f"{t}.csv") for t in ("articles", "sentences", "claims",
                                                                          "quotes", "timeline")}}


def test_a_5_mb_article_is_read_in_full(five_megabytes):
    text, tables = five_megabytes["text"], five_megabytes["tables"]
    assert len(text) >= 5_000_000
    [article] = tables["articles"]
    assert all(w.startswith("no publication date") for w in article["warnings"].split("; "))  # none on its size
    words = len(re.findall(r"\w+", text)) - 5  # the headline's five words are not body
    assert int(article["n_words"]) == words
    sentences = tables["sentences"]
    assert [int(s["sentence_id"]) for s in sentences] == list(range(len(sentences)))
    starts = [int(s["start_char"]) for s in sentences]
    assert starts == sorted(set(starts))
    for s in sentences:
        assert text[int(s["start_char"]):int(s["end_char"])] == s["text"]
    assert sum(len(re.findall(r"\w+", s["text"])) for s in sentences) == words  # every body word is in a sentence


def test_nothing_is_lost_between_chunks(five_megabytes):
    text, tables = five_megabytes["text"], five_megabytes["tables"]
    markers = text.count("shelter number ")
    paragraphs = text.count("\n\n") - 1  # the headline's break is not a paragraph
    assert markers == (paragraphs - 1) // EVERY + 1
    sentence_of = {int(s["sentence_id"]): (int(s["start_char"]), int(s["end_char"])) for s in tables["sentences"]}
    for table, column in (("claims", "text"), ("quotes", "quote"), ("timeline", "expression")):
        rows = tables[table]
        assert len(rows) == markers, table
        for row in rows:
            start, end = int(row["start_char"]), int(row["end_char"])
            assert text[start:end] == row[column]
            first, last = sentence_of[int(row["sentence_id"])]
            assert first <= start < last
    numbers = [int(q["quote"].split("shelter number ")[1].split()[0]) for q in tables["quotes"]]
    assert numbers == list(range(0, EVERY * markers, EVERY))  # the last chunk's included


def test_memory_stays_bounded_on_a_5_mb_article(five_megabytes):
    peaks = five_megabytes["peaks"]
    assert peaks["5MB"] / peaks["500KB"] < MAX_MEMORY_RATIO, peaks
