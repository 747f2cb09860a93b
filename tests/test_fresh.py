"""Fresh-story quality: a story the extractors had never seen when it was written, scored against hand-made gold.

tests/data/fresh/<story>/ holds three articles from three (fictional) outlets, a manifest (sources.csv) and a gold
folder in the format of tests/data/gold. It first scored 0.865 overall; the claims and timeline errors it exposed
were fixed with general rules, each tested on sentences of its own in tests/test_claims.py and
tests/test_timeline.py (never keyed to this text). The floors below sit just under what the extractors reached
then, so a regression fails here; they are not targets. Raise a floor when a fix lifts a figure; never lower one
to make a test pass. Figures marked WEAK are the ones the engineers should work on.

    wildfire  a wildfire in British Columbia covered on three days (Thursday, Friday, Saturday): growing hectares,
              evacuation orders and alerts, homes destroyed and damaged, deaths, firefighters and helicopters,
              federal and provincial money in (bare-sign) Canadian dollars, "overnight", "until Saturday" and a
              forecast "on Friday", addresses ("the 2200 block of Ridgeview Drive", "300 Lorne St.", "Highway 5A"),
              a mayor spelled McKinnon / MacKinnon and a fire officer Kowalchuk / Kowalczuk, an agency written in
              full and as "BCWS", page furniture (byline, "Published" line, photo caption, "Read more").
    shipwreck a ferry capsizing in the Philippines covered on three days by a wire, a national daily and a local
              paper's web page (HTML with script, cookie banner, navigation and a byline in the markup only): a
              rising toll and disputed counts of the missing and of those on board, a range written "5-7",
              pesos written "₱3.5 million" and "200,000 pesos", "24 crew", "the 1,200-tonne vessel",
              "Dela Paz" / "de la Paz", "Romblon Star" / "Romblon Star Shipping Lines", "the coast guard",
              "navy divers", a quote paragraph after the paragraph introducing its speaker, "by Friday" ahead.
              It scored 0.878 on first contact (0.860 before the gold was reviewed: a quote running over two
              paragraphs is one row, as in the wildfire gold; a photographer's credit names no actor; what an
              organisation does, "suspended five vessels", is no claim of theirs).
    plant     a carmaker closing a plant in Lower Saxony, covered by a financial wire, a British daily and the local
              paper's web page (JSON-LD, newsletter box, pull quote): jobs, money ("€450m", "1.2 billion euros
              ($1.4 billion)", "half a billion euros"), percentages ("12% year on year", "per cent"), share prices,
              "up to 18 months' salary", "Stefan Müller" / "Stefan Mueller", "Hoffmann-Weiß" / "Hoffmann-Weiss",
              "Velmora Automotive" / "Velmora" (a person to the model), "Chief Executive", a quote after "was
              blunt:", a pull quote repeating a quote, "Negotiations ... begin on 3 November" ahead. It scored
              0.814 on first contact.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from core.evaluate import format_report

FRESH = Path(__file__).parent / "data" / "fresh"

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
    "wildfire": {
        # 1.000 (was 0.941: "a further 2,300 on alert", "compared with 2,245", "23 damaged" read; "2200 block" not)
        "claims F1": 0.99,
        # 0.943 WEAK (was 0.844): "Thompson-Nicola Regional District" and "Environment and Climate Change Canada"
        # are no actors in 001, so "the District estimated ..." and "according to ECCC" name no one
        "claimant accuracy": 0.94,
        # 0.914 (was 0.750: bare "$" in a Canadian story is CAD, a contingent of firefighters); the gold counts
        # "deaths" where the product counts people, and "Canadian Armed Forces personnel" as personnel, not troops
        "unit accuracy": 0.91,
        # 0.943 (was 0.906: "as large as" is at_most); "nearly" is approx by design, at_most in this gold
        "qualifier accuracy": 0.94,
        "quotes F1": 0.99,  # 1.000
        # 1.000 (was 0.882: in "“…, some of them in pyjamas,” McKinnon told reporters" the parse gave "told" a
        # second subject inside the quote; quotes._subject now takes the nearer one)
        "speaker accuracy": 0.99,
        "timeline F1": 0.99,  # 1.000 (was 0.873: "overnight", "until Saturday", "forecast to climb again on Friday")
        "people F1": 0.99,  # 1.000
        # 0.833 (was 0.667: a leading acronym now joins the name it abbreviates, BC Wildfire Service = British
        # Columbia Wildfire Service); WEAK: RCMP / police stay apart
        "merge accuracy": 0.83,
        "metadata accuracy": 0.99,  # 1.000
        "overall": 0.97,  # 0.972 (was 0.865 on first contact, then 0.936, 0.951)
    },
    "shipwreck": {
        "claims F1": 0.99,  # 1.000 (was 0.886: ₱ amounts, "at least 17 dead", "down from 47", "cut to 22",
        # "the 1,200-tonne vessel", "five-vessel fleet" missed)
        # 1.000 (was 0.769: documents stand for their authors, "listed" records a count, quotes over several
        # sentences, "the coast guard", companies the model leaves untagged, "the company")
        "claimant accuracy": 0.99,
        "unit accuracy": 0.99,  # 1.000 (was 0.872: "24 crew", bodies and lives count people, pesos)
        "qualifier accuracy": 0.97,  # 0.980: "nearly" is approx by design, at_most in this gold
        "quotes F1": 0.99,  # 1.000
        # 1.000 (was 0.867: a quote paragraph after its speaker's introduction, "Deckhand Ramil Obena")
        "speaker accuracy": 0.99,
        "timeline F1": 0.99,  # 1.000 (was 0.955: "should be able to enter ... by Friday" looks ahead)
        # 1.000 (was 0.765: the HTML byline, "Crisanto Villareal, a fisherman" tagged ORG, "Deckhand ...")
        "people F1": 0.99,
        "merge accuracy": 0.99,  # 1.000 (was 0.727: de la Paz, Romblon Star, navy)
        "metadata accuracy": 0.99,  # 1.000
        "overall": 0.99,  # 1.000 (was 0.878 on first contact)
    },
    "plant": {
        # 0.976 (was 0.914: "12% year on year", "18 months' salary", "half a billion"); WEAK: "months’" with a
        # curly apostrophe and "hold out for 24 months" (a duration in form) are missed
        "claims F1": 0.97,
        # 0.854 (was 0.649: "the company", Velmora taken for a person, "Chief Executive Stefan Mueller"); WEAK:
        # "the union" for IG Metall, "according to data provider AutoMetrica", a claim in a clause the parser
        # gave to the wrong verb
        "claimant accuracy": 0.85,
        "unit accuracy": 0.99,  # 1.000
        "qualifier accuracy": 0.99,  # 1.000 (was 0.974: "closer to")
        "quotes F1": 0.99,  # 1.000
        # 0.947 (was 0.737: "X was blunt: “…”", a pull quote, "Chief Executive"); WEAK: a fragment woven into a
        # clause the parser hung on the wrong subject
        "speaker accuracy": 0.94,
        "timeline F1": 0.99,  # 1.000 (was 0.967: "begin on 3 November" tagged as a base form)
        "people F1": 0.99,  # 1.000 (was 0.848)
        "merge accuracy": 0.99,  # 1.000 (was 0.400: Mueller/Müller, Hoffmann-Weiß, Velmora)
        "metadata accuracy": 0.99,  # 1.000
        "overall": 0.97,  # 0.972 (was 0.814 on first contact)
    },
}

STORIES = sorted(FLOORS)


@pytest.fixture(scope="module")
def fresh_scores(score_story) -> dict[str, dict]:
    """{story: score dict}, each story extracted once and scored against its gold folder."""
    return {story: score_story(FRESH / story) for story in STORIES}


def figure(result: dict, path: tuple[str, ...]) -> float:
    for key in path:
        result = result[key]
    return result


@pytest.mark.parametrize("story", STORIES)
def test_every_fresh_article_is_extracted(fresh_scores, story):
    assert fresh_scores[story]["missing_articles"] == []


@pytest.mark.parametrize("name", list(FIGURES))
@pytest.mark.parametrize("story", STORIES)
def test_fresh_floor(fresh_scores, story, name):
    result = fresh_scores[story]
    value = figure(result, FIGURES[name])
    floor = FLOORS[story][name]
    assert value >= floor, f"{story}: {name} {value:.3f} fell below {floor}\n{format_report(result, details=True)}"
