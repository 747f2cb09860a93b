"""CSV injection: every exported cell that a spreadsheet would run as a formula is neutralised as OWASP recommends
(a single quote in front), and numbers stay numbers.

The rule on values first, then a table written and read back, then ``python -m core extract`` on an article built
to put formulas into every text table (headline, file name, sentences, quotes). The app's downloads go through the
same ``core.export`` functions; ``tests/test_app.py`` reads a downloaded CSV back too.
"""
from __future__ import annotations

import csv
import io
import subprocess
import sys
import zipfile
from pathlib import Path

import pandas as pd
import pytest

from core.export import neutralise, safe_frame, to_csv_bytes, write_tables, zip_tables

ROOT = Path(__file__).resolve().parents[1]
FORMULAS = ["=1+2", "+1+2", "-1+2", "@SUM(A1:A2)", "\t=1+2", "\r=1+2", '=HYPERLINK("http://x.example","click")',
            "=cmd|' /C calc'!A0", "-2+3+cmd|' /C calc'!A0", "@", "-", "+"]
HOSTILE = ('+Breaking: markets fall\n\n'
           '=HYPERLINK("http://x.example","click") was painted on a wall in the harbour, officials said on Monday.\n\n'
           '"=1+2 is the whole formula," the teacher said.\n\n'
           '-Some 40 boats were moved to the dock on 21 October 2024, the port authority said.\n\n'
           'Officials said 2,000 people were evacuated from the harbour district.\n')


def read_back(data: bytes) -> list[dict]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8"), newline="")))


@pytest.mark.parametrize("value", FORMULAS)
def test_a_cell_that_starts_like_a_formula_gets_a_quote_in_front(value):
    assert neutralise(value) == "'" + value


@pytest.mark.parametrize("value", ["-5", "+3.5", "-1,500", "-0.25", "12", "plain text", "a=1", " =1", "", "'=1"])
def test_numbers_and_ordinary_text_are_left_alone(value):
    assert neutralise(value) == value


@pytest.mark.parametrize("value", [None, pd.NA, -5, -5.5, True])
def test_values_that_are_not_text_are_left_alone(value):
    assert neutralise(value) is value


def test_a_table_read_back_shows_the_literal_text_and_keeps_its_numbers():
    df = pd.DataFrame({
        "text": pd.array(FORMULAS + ["-5", "fine"], dtype="string"),
        "value": pd.array([-5.0, -1.5, 0.0, 2.0, None, 3.0, -7.25, 1.0, 8.0, -1.0, 2.0, 4.0, -5.0, 6.0],
                          dtype="Float64"),
        "n": pd.array([-5, -4, -3, -2, -1, 0, 1, 2, 3, 4, 5, 6, 7, 8], dtype="Int64"),
        "flag": [True, False] * 7,
    })
    data = to_csv_bytes(df)
    rows = read_back(data)
    assert [r["text"] for r in rows] == ["'" + f for f in FORMULAS] + ["-5", "fine"]
    back = pd.read_csv(io.BytesIO(data))
    assert pd.api.types.is_float_dtype(back["value"]) and back["value"].iloc[0] == -5.0
    assert pd.api.types.is_integer_dtype(back["n"]) and back["n"].min() == -5
    assert back["flag"].dtype == bool
    assert df.equals(df.copy()) and safe_frame(df)["value"].equals(df["value"])  # the input is not modified


def test_a_carriage_return_or_line_break_in_a_cell_cannot_start_a_new_row():
    df = pd.DataFrame({"text": ["a\rb", "c\nd", "\r=1+2", "=x\r\n=y"], "n": [1, 2, 3, 4]})
    data = to_csv_bytes(df)
    assert data.startswith(b"text,n\r\n")
    assert read_back(data) == [{"text": "a\rb", "n": "1"}, {"text": "c\nd", "n": "2"},
                               {"text": "'\r=1+2", "n": "3"}, {"text": "'=x\r\n=y", "n": "4"}]


def test_files_and_zips_hold_the_same_neutralised_bytes(tmp_path):
    tables = {"claims": pd.DataFrame({"text": ["=1+2"], "value": [-5.0]}),
              "quotes": pd.DataFrame({"quote": ["@x"], "start_char": [3]})}
    write_tables(tables, tmp_path)
    with zipfile.ZipFile(io.BytesIO(zip_tables(tables))) as zf:
        for name, df in tables.items():
            assert (tmp_path / f"{name}.csv").read_bytes() == zf.read(f"{name}.csv") == to_csv_bytes(df)
    assert read_back((tmp_path / "claims.csv").read_bytes()) == [{"text": "'=1+2", "value": "-5.0"}]


def test_the_command_line_neutralises_every_table(tmp_path):
    source = tmp_path / "in" / "@SUM(A1) wire.txt"
    source.parent.mkdir()
    source.write_text(HOSTILE, encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "core", "extract", source, "--out", tmp_path / "out", "--quiet"],
                          cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    out = tmp_path / "out"
    [article] = read_back((out / "articles.csv").read_bytes())
    assert article["headline"] == "'+Breaking: markets fall"
    assert article["source"] == "'@SUM(A1) wire"
    sentences = [s["text"] for s in read_back((out / "sentences.csv").read_bytes())]
    assert "'=HYPERLINK(\"http://x.example\",\"click\") was painted on a wall in the harbour, officials said on " \
           "Monday." in sentences
    assert any(s.startswith("'-Some 40 boats") for s in sentences)
    quotes = [q["quote"] for q in read_back((out / "quotes.csv").read_bytes())]
    assert "'=1+2 is the whole formula," in quotes
    for path in out.glob("*.csv"):  # no cell anywhere starts like a formula, whatever its column
        for row in read_back(path.read_bytes()):
            for column, cell in row.items():
                assert not cell.startswith(("=", "+", "@", "\t", "\r")), (path.name, column, cell)
                assert not cell.startswith("-") or cell.lstrip("-").replace(".", "", 1).isdigit(), (path.name, cell)
    claims = pd.read_csv(out / "claims.csv")
    assert len(claims) and pd.api.types.is_float_dtype(claims["value"])  # numbers stay numbers
    assert pd.api.types.is_integer_dtype(claims["start_char"])
