"""Held-out quality: two stories the extractors were never tuned on, scored against hand-made gold.

tests/data/heldout/<story>/ holds three articles from three (fictional) outlets, a manifest (sources.csv) and a
gold folder in the format of tests/data/gold. The floors below sit just under what the extractors reached when
the corpus was written, so a regression fails here; they are not targets. Raise a floor when a fix lifts a
figure; never lower one to make a test pass. Figures marked WEAK are the ones the engineers should work on.

    protest  a housing march in Madrid: disputed crowd sizes from police, organisers and a union, arrests and
             injuries, a minister spelled two ways, an organisation by full name and by acronym, two unrelated
             people called García, straight / single / curly quotes, page furniture in one article.
    quake    an earthquake in eastern Turkey covered on three days: a rising death toll, displaced, buildings,
             UN money, magnitudes (gold lists them with unit `magnitude`), Turkish letters in names (ı, ğ).
"""
from __future__ import annotations

from pathlib import Path

import pytest

from core.evaluate import format_report

HELDOUT = Path(__file__).parent / "data" / "heldout"

# (path into the score dict) -> floor, per story. Values reached at the time of writing in the comments.
FIGURES = {
    "claims F1": ("claims", "f1"),
    "claimant accuracy": ("claims", "claimant_acc"),
    "unit accuracy": ("claims", "unit_acc"),
    "qualifier accuracy": ("claims", "qualifier_acc"),
    "quotes F1": ("quotes", "f1"),
    "speaker accuracy": ("quotes", "speaker_acc"),
    "timeline F1": ("timeline", "f1"),
    "people F1": ("people", "f1"),
    "merge accuracy": ("merge", "accuracy"),
    "metadata accuracy": ("metadata", "accuracy"),
    "overall": ("overall",),
}

FLOORS = {
    "protest": {
        "claims F1": 0.99,  # 1.000 (was 0.939 before "N of whom", quoted bare figures and "to N")
        "claimant accuracy": 0.84,  # 0.846 WEAK: "Vivienda Digna" (org read as a person), "the platform", Guardia Urbana
        "unit accuracy": 0.99,  # 1.000 (turnout, attendance and crowd count people)
        "qualifier accuracy": 0.99,  # 1.000 ("exceeds" is at_least)
        "quotes F1": 0.99,  # 1.000
        "speaker accuracy": 0.89,  # 0.895 WEAK: Carmen García's quote given to Miguel García; "the union leader"
        "timeline F1": 0.99,  # 1.000 ("would" in reported speech and "for <day>" look ahead)
        "people F1": 0.84,  # 0.848 WEAK: Atocha, Getafe, "Vivienda Digna" typed PERSON; Carmen García lost in 002
        "merge accuracy": 0.59,  # 0.600 WEAK: CST / Confederación Sindical de Trabajadores, National Police / Policía Nacional
        "metadata accuracy": 0.99,  # 1.000 (byline "<name> in <place>" read)
        "overall": 0.95,  # 0.953
    },
    "quake": {
        "claims F1": 0.99,  # 1.000 (magnitudes read)
        "claimant accuracy": 0.87,  # 0.880 WEAK: "the country's disaster agency" (named after), "the authority"
        "unit accuracy": 0.99,  # 1.000 (magnitude, rescuers, the death toll counts people)
        "qualifier accuracy": 0.99,  # 1.000
        "quotes F1": 0.99,  # 1.000
        "speaker accuracy": 0.83,  # 0.833 WEAK: Hatice Yılmaz's quotes given to the town "Pütürge"
        "timeline F1": 0.99,  # 1.000
        "people F1": 0.99,  # 1.000 (the agency in a wire dateline no longer reaches the NER)
        "merge accuracy": 0.59,  # 0.600 WEAK: AFAD / Disaster and Emergency Management Authority, Kızılay / Turkish Red Crescent
        "metadata accuracy": 0.99,  # 1.000 (published and outlet come from the manifest)
        "overall": 0.98,  # 0.985
    },
}

STORIES = sorted(FLOORS)


@pytest.fixture(scope="module")
def heldout_scores(score_story) -> dict[str, dict]:
    """{story: score dict}, each story extracted once and scored against its gold folder."""
    return {story: score_story(HELDOUT / story) for story in STORIES}


def figure(result: dict, path: tuple[str, ...]) -> float:
    for key in path:
        result = result[key]
    return result


@pytest.mark.parametrize("story", STORIES)
def test_every_heldout_article_is_extracted(heldout_scores, story):
    assert heldout_scores[story]["missing_articles"] == []


@pytest.mark.parametrize("name", list(FIGURES))
@pytest.mark.parametrize("story", STORIES)
def test_heldout_floor(heldout_scores, story, name):
    result = heldout_scores[story]
    value = figure(result, FIGURES[name])
    floor = FLOORS[story][name]
    assert value >= floor, f"{story}: {name} {value:.3f} fell below {floor}\n{format_report(result, details=True)}"
