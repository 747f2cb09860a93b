"""README.md documents every column of every table, in a markdown table row of that table's section."""
from __future__ import annotations

import importlib
import pkgutil
import re
from collections.abc import Mapping
from pathlib import Path

import pytest

import core

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"

# (module, attribute) of each declared column set → the README section ("### name") that documents it
DECLARED = {
    ("core.ingest", "COLUMNS"): "articles",
    ("core.sentences", "COLUMNS"): "sentences",
    ("core.actors", "ACTOR_COLUMNS"): "actors",
    ("core.actors", "MENTION_COLUMNS"): "mentions",
    ("core.claims", "COLUMNS"): "claims",
    ("core.quotes", "COLUMNS"): "quotes",
    ("core.timeline", "COLUMNS"): "timeline",
    ("core.compare", "COMPARISON_COLUMNS"): "comparison",
    ("core.compare", "DISAGREEMENT_COLUMNS"): "disagreements",
    ("core.compare", "PROFILE_COLUMNS"): "actor profile",
}
COLUMNS_NAME = re.compile(r"^(?:[A-Z]+_)*COLUMNS$")


def documented_columns(text: str) -> dict[str, set[str]]:
    """{section title: names in the first cell of its markdown table rows}; "| start_char, end_char |" names two."""
    sections: dict[str, set[str]] = {}
    current = ""
    for line in text.splitlines():
        if line.startswith("#"):
            current = line.lstrip("#").strip()
            sections.setdefault(current, set())
        elif line.startswith("|") and not re.match(r"^\|\s*-", line):
            first_cell = line.split("|")[1]
            sections.setdefault(current, set()).update(n.strip().strip("`") for n in first_cell.split(","))
    return sections


@pytest.fixture(scope="module")
def readme_columns() -> dict[str, set[str]]:
    return documented_columns(README.read_text(encoding="utf-8"))


def column_sets() -> list[tuple[str, str, Mapping]]:
    """Every ``COLUMNS``-like dict ({column: dtype}) declared at the top of a module of core."""
    found = []
    for info in pkgutil.iter_modules(core.__path__, "core."):
        if info.name == "core.__main__":
            continue
        module = importlib.import_module(info.name)
        for attr, value in vars(module).items():
            if COLUMNS_NAME.match(attr) and isinstance(value, Mapping) and value and all(
                    isinstance(k, str) and isinstance(v, str) for k, v in value.items()):
                found.append((info.name, attr, value))
    return found


def test_readme_starts_with_the_two_commands():
    commands = [line.strip() for line in README.read_text(encoding="utf-8").splitlines() if line.startswith("    ")]
    assert commands[:2] == ["bash scripts/setup.sh && .venv/bin/streamlit run app.py",
                            "bash scripts/setup.sh --test && .venv/bin/python -m pytest"]


def test_ci_runs_the_readme_test_command():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "set -euo pipefail" in ci
    assert "bash scripts/setup.sh --test && .venv/bin/python -m pytest" in ci.splitlines()


def test_every_declared_column_set_has_a_readme_section():
    declared = {id(getattr(importlib.import_module(m), a)) for m, a in DECLARED}
    # a dict imported from another module (corpus's ARTICLE_COLUMNS) is the same object: documented once
    undocumented = [f"{m}.{a}" for m, a, value in column_sets() if id(value) not in declared]
    assert not undocumented, f"add these tables to README.md and to DECLARED in this test: {undocumented}"


@pytest.mark.parametrize("module, attr", list(DECLARED), ids=lambda x: x)
def test_every_column_is_documented(readme_columns, module, attr):
    columns = getattr(importlib.import_module(module), attr)
    section = DECLARED[(module, attr)]
    assert section in readme_columns, f"README.md has no '### {section}' section"
    missing = [c for c in columns if c not in readme_columns[section]]
    assert not missing, f"README.md, section {section!r}, has no table row for {missing}"


def test_every_column_the_product_writes_is_documented(readme_columns, seed_tables):
    """Columns added after extraction (the comparison's group ids) are in the README too."""
    missing = {table: [c for c in df.columns if c not in readme_columns.get(table, set())]
               for table, df in seed_tables.items()}
    assert not {t: m for t, m in missing.items() if m}


def test_the_parser_reads_combined_rows():
    text = "### t\n| column | dtype |\n| --- | --- |\n| start_char, end_char | Int64 |\n| `text` | string |\n"
    assert documented_columns(text)["t"] == {"column", "start_char", "end_char", "text"}
