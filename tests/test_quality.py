"""The quality bars: the seed articles, extracted and scored against their gold annotations (tests/data/gold).

One test per figure, so a failure names the figure that fell short; the report in the failure message lists
every miss. These bars are the product's promise to analysts: do not lower them to make a test pass.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from core.evaluate import format_report, score
from core.export import write_tables

GOLD = Path(__file__).parent / "data" / "gold"

BARS = {
    "claims F1": (("claims", "f1"), 0.95),
    "claimant accuracy": (("claims", "claimant_acc"), 0.9),
    "quotes F1": (("quotes", "f1"), 0.95),
    "speaker accuracy": (("quotes", "speaker_acc"), 0.9),
    "timeline F1": (("timeline", "f1"), 0.9),
    "people F1": (("people", "f1"), 0.9),
    "merge accuracy": (("merge", "accuracy"), 0.9),
    "overall": (("overall",), 0.93),
}


@pytest.fixture(scope="module")
def seed_score(seed_tables, tmp_path_factory):
    out = tmp_path_factory.mktemp("seed_tables")
    write_tables(seed_tables, out)
    return score(GOLD, out)


def figure(result: dict, path: tuple[str, ...]) -> float:
    for key in path:
        result = result[key]
    return result


@pytest.mark.parametrize("name", list(BARS))
def test_quality_bar(seed_score, name):
    path, bar = BARS[name]
    value = figure(seed_score, path)
    assert value >= bar, f"{name} {value:.3f} is below {bar}\n{format_report(seed_score, details=True)}"


def test_every_seed_article_is_extracted(seed_score):
    assert seed_score["missing_articles"] == []
