"""The command line end to end, in a subprocess, as an analyst runs it: ``python -m core extract`` and ``evaluate``."""
from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path

import pytest

from core import actors, claims, quotes, sentences, timeline
from core.ingest import COLUMNS as ARTICLE_COLUMNS

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
GOLD = Path(__file__).parent / "data" / "gold"
AFP = "000_1700f88ec5aa7c5f.txt"
MOSCOW_TIMES = "001_c081621a7dec6798.txt"
TABLE_COLUMNS = {
    "articles": ARTICLE_COLUMNS, "sentences": sentences.COLUMNS, "actors": actors.ACTOR_COLUMNS,
    "mentions": actors.MENTION_COLUMNS, "claims": claims.COLUMNS, "quotes": quotes.COLUMNS,
    "timeline": timeline.COLUMNS,
}


def run_cli(*args: str | Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "core", *map(str, args)], cwd=ROOT, capture_output=True,
                          text=True, timeout=300)


def read_rows(path: Path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def header(path: Path) -> list[str]:
    with path.open(encoding="utf-8", newline="") as fh:
        return next(csv.reader(fh))


def assert_clear_error(proc: subprocess.CompletedProcess, *words: str) -> None:
    assert proc.returncode != 0
    assert proc.stderr.startswith("error: "), proc.stderr
    assert "Traceback" not in proc.stderr
    for word in words:
        assert word in proc.stderr


@pytest.fixture(scope="module")
def two_seeds(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("two_seeds")
    proc = run_cli("extract", SEEDS / AFP, SEEDS / MOSCOW_TIMES, "--out", out, "--quiet")
    assert proc.returncode == 0, proc.stderr
    return out


@pytest.fixture(scope="module")
def mixed_folder(tmp_path_factory) -> tuple[Path, subprocess.CompletedProcess]:
    """A folder with one seed and a binary file, and a manifest that re-dates and renames the seed."""
    folder = tmp_path_factory.mktemp("mixed")
    (folder / "in").mkdir()
    (folder / "in" / AFP).write_bytes((SEEDS / AFP).read_bytes())
    (folder / "in" / "broken.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00")
    (folder / "manifest.csv").write_text(f"file,source,published\n{AFP},Agence France-Presse,2024-10-22\n",
                                         encoding="utf-8")
    proc = run_cli("extract", folder / "in", "--manifest", folder / "manifest.csv", "--out", folder / "out", "--quiet")
    return folder / "out", proc


# --- extract -------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("table", list(TABLE_COLUMNS))
def test_extract_writes_every_table_with_its_header(two_seeds, table):
    path = two_seeds / f"{table}.csv"
    assert path.is_file()
    declared = list(TABLE_COLUMNS[table])
    # every declared column, in order; the comparison step may add its group ids after them
    assert [c for c in header(path) if c in declared] == declared


def test_extract_reads_both_files(two_seeds):
    articles = read_rows(two_seeds / "articles.csv")
    assert sorted(Path(a["file"]).name for a in articles) == [AFP, MOSCOW_TIMES]
    ids = {a["article_id"] for a in articles}
    sentence_ids = {s["article_id"] for s in read_rows(two_seeds / "sentences.csv")}
    assert sentence_ids == ids


def test_extract_missing_path_is_a_clear_error(tmp_path):
    proc = run_cli("extract", tmp_path / "no_such_folder", "--out", tmp_path / "out")
    assert_clear_error(proc, "no_such_folder", "does not exist")
    assert not (tmp_path / "out").exists()


def test_unreadable_file_is_reported_and_the_others_are_processed(mixed_folder):
    out, proc = mixed_folder
    assert proc.returncode == 0, proc.stderr
    rows = {Path(a["file"]).name: a for a in read_rows(out / "articles.csv")}
    assert set(rows) == {AFP, "broken.txt"}
    assert "binary" in rows["broken.txt"]["warnings"]
    assert rows[AFP]["warnings"] == ""
    assert "broken.txt" in proc.stderr  # also said on the terminal
    afp_sentences = [s for s in read_rows(out / "sentences.csv") if s["article_id"] == rows[AFP]["article_id"]]
    assert afp_sentences


def test_manifest_overrides_source_and_published(mixed_folder):
    out, _ = mixed_folder
    [afp] = [a for a in read_rows(out / "articles.csv") if Path(a["file"]).name == AFP]
    # the text says "Update: 2024-10-21" and "By : AFP"; the manifest wins
    assert (afp["source"], afp["published"]) == ("Agence France-Presse", "2024-10-22")
    assert afp["byline"] == "AFP"


def test_malformed_manifest_is_a_clear_error(tmp_path):
    manifest = tmp_path / "manifest.csv"
    manifest.write_text(f"file,published\n{AFP},21/10/2024\n", encoding="utf-8")
    proc = run_cli("extract", SEEDS / AFP, "--manifest", manifest, "--out", tmp_path / "out")
    assert_clear_error(proc, "manifest", "21/10/2024")


def test_manifest_without_a_file_column_is_a_clear_error(tmp_path):
    manifest = tmp_path / "manifest.csv"
    manifest.write_text("name,source\nx.txt,AFP\n", encoding="utf-8")
    proc = run_cli("extract", SEEDS / AFP, "--manifest", manifest, "--out", tmp_path / "out")
    assert_clear_error(proc, "'file' column")


# --- evaluate ------------------------------------------------------------------------------------------------

def test_evaluate_prints_one_line_per_table(two_seeds):
    proc = run_cli("evaluate", "--gold", GOLD, "--pred", two_seeds)
    assert proc.returncode == 0, proc.stderr
    firsts = [line.split()[0] for line in proc.stdout.splitlines() if not line.startswith("articles not")]
    assert firsts == ["claims", "quotes", "timeline", "people", "merge", "metadata", "overall"]


def test_evaluate_exits_1_under_min(two_seeds):
    # three of the five gold articles were not extracted, so recall cannot reach 0.99
    proc = run_cli("evaluate", "--gold", GOLD, "--pred", two_seeds, "--min", "0.99", "--details")
    assert proc.returncode == 1
    assert "articles not extracted: 002_9421d41fcfe75d98.txt" in proc.stdout
    assert ".missed: " in proc.stdout


def test_evaluate_passes_at_min_zero(two_seeds):
    assert run_cli("evaluate", "--gold", GOLD, "--pred", two_seeds, "--min", "0").returncode == 0


def test_evaluate_missing_table_is_a_clear_error(tmp_path):
    proc = run_cli("evaluate", "--gold", GOLD, "--pred", tmp_path)
    assert proc.returncode == 2
    assert_clear_error(proc, "articles.csv", "missing")
