"""Cross-source grouping rules on pairs of sentences written for the purpose (no model needed)."""
from __future__ import annotations

import pandas as pd
import pytest

from core.compare import claims_compatible, comparison_tables, complement, descriptors, group_claims, stance
from core.events import event_label, group_events
from core.quote_groups import group_quotes, same_utterance, word_diff


def claims_frame(rows):
    base = {"article_id": "a", "value_high": None, "qualifier": "exact", "claimant": "", "sentence": "", "text": ""}
    df = pd.DataFrame([{**base, **r} for r in rows])
    return df.astype({"value": "Float64", "value_high": "Float64"})


def test_troop_counts_with_and_without_nationality_share_a_group():
    df = claims_frame([
        {"value": 1500, "unit": "troops", "noun_phrase": "North Korean special forces soldiers"},
        {"value": 12000, "unit": "troops", "noun_phrase": "special forces"},
        {"value": 10000, "unit": "troops", "noun_phrase": "soldiers"},
        {"value": 13000, "unit": "containers", "noun_phrase": "containers of artillery shells"},
    ])
    gid, label = group_claims(df)
    assert gid[0] == gid[1] == gid[2] != gid[3]
    assert label[0] == "North Korean troops"
    assert label[3] == "containers of artillery shells"


def test_same_unit_but_different_forces_are_not_grouped():
    df = claims_frame([
        {"value": 1500, "unit": "troops", "noun_phrase": "North Korean troops"},
        {"value": 5000, "unit": "troops", "noun_phrase": "Russian troops"},
    ])
    gid, _ = group_claims(df)
    assert gid[0] != gid[1]


def test_same_unit_but_different_contents_are_not_grouped():
    assert complement("containers of grain") == {"grain"}
    assert not claims_compatible((frozenset(), complement("containers of grain")),
                                 (frozenset(), complement("containers of artillery shells")))
    assert descriptors("Russian troops") == {"russian"}


@pytest.mark.parametrize("sentence, expected", [
    ("North Korea planned to send about 12,000 special forces", "planned"),
    ("as many as 12,000 soldiers could be deployed in Russia", "possible"),
    ("approximately 1,500 soldiers have already arrived in Russia", "present"),
    ("The ministry counted 300 protesters", "reported"),
])
def test_stance(sentence, expected):
    assert stance(sentence) == expected


def test_disagreements_show_spread_and_who_stands_behind_each_figure():
    claims = claims_frame([
        {"article_id": "a", "value": 1500, "unit": "troops", "noun_phrase": "troops", "claimant": "NIS", "qualifier": "approx"},
        {"article_id": "b", "value": 12000, "unit": "troops", "noun_phrase": "troops", "claimant": ""},
        {"article_id": "c", "value": 1500, "unit": "troops", "noun_phrase": "troops", "claimant": "NIS"},
    ])
    claims["group_id"], claims["quantity"] = group_claims(claims)
    articles = pd.DataFrame({"article_id": ["a", "b", "c"], "source": ["AFP", "BBC", "CNN"]})
    comp, dis = comparison_tables(claims, articles)
    assert list(comp["source"]) == ["AFP", "BBC", "CNN"]
    assert list(comp["figures"]) == ["about 1,500", "12,000", "1,500"]
    assert len(dis) == 1
    row = dis.iloc[0]
    assert (row["min_value"], row["max_value"], row["ratio"], row["n_sources"]) == (1500, 12000, 8.0, 3)
    assert row["figures"] == "about 1,500 — AFP (NIS) | 1,500 — CNN (NIS) | 12,000 — BBC (—)"


def test_equal_figures_are_no_disagreement():
    claims = claims_frame([
        {"article_id": "a", "value": 300, "unit": "people", "noun_phrase": "people"},
        {"article_id": "b", "value": 300, "unit": "people", "noun_phrase": "people"},
    ])
    claims["group_id"], claims["quantity"] = group_claims(claims)
    _comp, dis = comparison_tables(claims, pd.DataFrame({"article_id": ["a", "b"], "source": ["X", "Y"]}))
    assert dis.empty


# --- quotes ---------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("a, b", [
    ("grave concerns", "grave concerns regarding North Korea's recent dispatch of troops"),
    ("We will respond by mobilising all available means", "We will respond by mobilizing all available means"),
    ("confirming the start of North Korea's military participation,", "Confirming the start of North Korea’s military participation"),
    ("We will respond jointly with the international community by mobilising all available means against acts that threaten our core security interests",
     "all available means in cooperation with the international community to any acts that threaten the core interests of South Korea"),
])
def test_same_utterance(a, b):
    assert same_utterance(a, b)


@pytest.mark.parametrize("a, b", [
    ("We condemn the attack in the strongest terms", "We will continue to develop this cooperation"),  # same speaker, two quotes
    ("immediate", "the immediate withdrawal of all forces"),      # one word is too little to tell
    ("grave", "engrave the names"),                                 # whole words only
])
def test_different_utterances(a, b):
    assert not same_utterance(a, b)


def test_quote_groups_diff_and_speaker_agreement():
    quotes = pd.DataFrame({
        "article_id": ["a", "b", "c", "c"],
        "quote": ["not directed against third countries",
                  "This should not cause any concerns, because this cooperation is not directed against third countries.",
                  "We will continue to develop this cooperation",
                  "not directed against third countries"],
        "speaker": ["Dmitry Peskov", "Dmitry Peskov", "Dmitry Peskov", "Maria Zakharova"],
    })
    out = group_quotes(quotes)
    assert out["group_id"].tolist() == ["q1", "q1", "q2", "q1"]
    assert out["diff"].iloc[1] == ""  # the longest version
    assert out["diff"].iloc[0] == "… not directed against third countries"
    assert out["speaker_agrees"].tolist() == [False, False, True, False]


def test_word_diff_marks_changed_words():
    assert word_diff("a Russian navy ship", "a Russian Navy transport ship") == "a Russian navy [-transport-] ship"
    assert word_diff("we act now", "we act today") == "we act [-today-] {+now+}"


# --- events ---------------------------------------------------------------------------------------------------

def timeline_frame(rows):
    base = {"expression": "on Monday", "granularity": "day"}
    return pd.DataFrame([{**base, **r} for r in rows])


ARTICLES = pd.DataFrame({"article_id": ["a", "b", "c"], "source": ["AFP", "BBC", "CNN"]})


def test_one_event_across_outlets_and_another_on_the_same_day():
    tl = timeline_frame([
        {"article_id": "a", "start": "2024-10-21", "end": "2024-10-21",
         "sentence": "Seoul summoned the Russian ambassador on Monday to protest the troop deployment."},
        {"article_id": "b", "start": "2024-10-21", "end": "2024-10-21",
         "sentence": "South Korea's foreign ministry summoned the Russian ambassador on Monday."},
        {"article_id": "b", "start": "2024-10-21", "end": "2024-10-21",
         "sentence": "Ukrainian officials on Monday released a video of recruits collecting uniforms."},
        {"article_id": "c", "start": "2024-06-01", "end": "2024-06-30", "expression": "in June", "granularity": "month",
         "sentence": "Putin and Kim signed a defence treaty in June."},
    ])
    out = group_events(tl, ARTICLES)
    ids = out["event_id"].tolist()
    assert ids[0] == ids[1] and len({ids[0], ids[2], ids[3]}) == 3
    assert out["event_label"].iloc[0].startswith(("Seoul summoned the Russian ambassador", "South Korea's foreign ministry summoned"))
    assert not out["date_differs"].any()


def test_an_event_dated_differently_by_two_outlets_is_flagged():
    tl = timeline_frame([
        {"article_id": "a", "start": "2024-10-21", "end": "2024-10-21",
         "sentence": "The foreign ministry summoned the Russian ambassador over the troop deployment on Monday."},
        {"article_id": "b", "start": "2024-10-22", "end": "2024-10-22", "expression": "on Tuesday",
         "sentence": "The foreign ministry summoned the Russian ambassador over the troop deployment on Tuesday."},
    ])
    out = group_events(tl, ARTICLES)
    assert out["event_id"].nunique() == 1
    assert out["date_differs"].all()


def test_event_label_is_the_first_clause_without_the_date():
    assert event_label("South Korea summoned the Russian ambassador on Monday to condemn the deployment.", "on Monday") \
        == "South Korea summoned the Russian ambassador"


def test_stance_reads_the_clause_of_the_figure_not_the_whole_sentence():
    s = "Approximately 1,500 soldiers are currently in Russia, and are expected to head to the front lines soon."
    assert stance(s, "Approximately 1,500 soldiers") == "present"
    s = "The agency said North Korea planned to send about 12,000 special forces, possibly to make up for losses."
    assert stance(s, "about 12,000 special forces") == "planned"


def test_a_fragment_given_to_another_speaker_in_the_same_article_stays_apart():
    quotes = pd.DataFrame({
        "article_id": ["g", "g", "e"],
        "quote": ["in the strongest terms", "We condemn the cooperation in the strongest terms",
                  "We condemn the cooperation in the strongest terms"],
        "speaker": ["South Korea", "Kim Hong-kyun", "Kim Hong-kyun"],
    })
    out = group_quotes(quotes)
    assert out["group_id"].tolist() == ["q1", "q2", "q2"]
    assert out["speaker_agrees"].tolist() == [True, True, True]


def test_one_article_never_gives_one_event_two_dates():
    tl = timeline_frame([
        {"article_id": "a", "start": "2024-10-08", "end": "2024-10-13", "expression": "from October 8 to 13",
         "sentence": "The agency said troops were moved by ship from October 8 to 13."},
        {"article_id": "b", "start": "2024-10-08", "end": "2024-10-13", "expression": "between Oct. 8 and Oct. 13",
         "sentence": "Between Oct. 8 and Oct. 13 the navy carried soldiers to Vladivostok."},
        {"article_id": "b", "start": "2024-10-18", "end": "2024-10-18", "expression": "On Friday",
         "sentence": "On Friday the agency released images showing soldiers carried to Vladivostok."},
        {"article_id": "c", "start": "2024-10-08", "end": "2024-10-13", "expression": "between 8 and 13 October",
         "sentence": "It released images showing soldiers carried to Vladivostok between 8 and 13 October."},
    ])
    out = group_events(tl, ARTICLES)
    ids = out["event_id"].tolist()
    assert ids[0] == ids[1] == ids[3] != ids[2]   # the same 8-13 October span joins; the Friday release stays apart
    assert not out["date_differs"].any()


def test_the_dead_and_the_injured_are_different_quantities():
    df = claims_frame([
        {"article_id": "a", "value": 1200, "unit": "people", "noun_phrase": "people", "text": "at least 1,200 people",
         "sentence": "The quake struck on Monday, killing at least 1,200 people."},
        {"article_id": "b", "value": 1400, "unit": "people", "noun_phrase": "death toll", "text": "more than 1,400",
         "sentence": "The death toll rose to more than 1,400."},
        {"article_id": "a", "value": 3000, "unit": "people", "noun_phrase": "people", "text": "about 3,000 people",
         "sentence": "Officials said about 3,000 people had been injured."},
        {"article_id": "b", "value": 25000, "unit": "people", "noun_phrase": "people", "text": "Some 25,000 people",
         "sentence": "Some 25,000 people are now living in tents."},
    ])
    gid, label = group_claims(df, {"a": 2025, "b": 2025})
    assert gid[0] == gid[1] and len({gid[0], gid[2], gid[3]}) == 3
    assert (label[0], label[2], label[3]) == ("people killed", "people injured", "people displaced")


def test_a_figure_dated_to_another_year_is_another_happening():
    df = claims_frame([
        {"article_id": "a", "value": 1200, "unit": "people", "noun_phrase": "people", "text": "1,200 people",
         "sentence": "The earthquake killed 1,200 people, the agency said, in a region scarred since 2023."},
        {"article_id": "a", "value": 53000, "unit": "people", "noun_phrase": "people", "text": "more than 53,000 people",
         "sentence": "The region was hit by the earthquakes of February 2023, which killed more than 53,000 people."},
    ])
    gid, label = group_claims(df, {"a": 2025})
    assert gid[0] != gid[1]
    assert label[1] == "people killed (2023)"


def test_an_aftershock_is_not_the_main_quake():
    df = claims_frame([
        {"value": 6.8, "unit": "magnitude", "noun_phrase": "earthquake", "text": "magnitude 6.8 earthquake",
         "sentence": "A magnitude 6.8 earthquake struck on Monday."},
        {"value": 6.7, "unit": "magnitude", "noun_phrase": "", "text": "magnitude 6.7",
         "sentence": "The survey measured it at magnitude 6.7."},
        {"value": 5.1, "unit": "magnitude", "noun_phrase": "tremor", "text": "magnitude 5.1 tremor",
         "sentence": "The strongest aftershock was a magnitude 5.1 tremor."},
    ])
    gid, _label = group_claims(df)
    assert gid[0] == gid[1] != gid[2]


def test_destroyed_and_damaged_homes_and_alerts_are_different_quantities():
    df = claims_frame([
        {"value": 87, "unit": "homes", "noun_phrase": "homes", "text": "87 homes",
         "sentence": "Teams confirmed 87 homes destroyed and 23 damaged."},
        {"value": 23, "unit": "homes", "noun_phrase": "", "text": "23",
         "sentence": "Teams confirmed 87 homes destroyed and 23 damaged."},
        {"value": 1900, "unit": "properties", "noun_phrase": "properties", "text": "1,900 properties",
         "sentence": "There are 1,900 properties under evacuation order and a further 2,300 on alert."},
        {"value": 2300, "unit": "properties", "noun_phrase": "", "text": "2,300",
         "sentence": "There are 1,900 properties under evacuation order and a further 2,300 on alert."},
    ])
    gid, label = group_claims(df)
    assert len(set(gid)) == 4
    assert (label[0], label[1], label[3]) == ("homes destroyed", "homes damaged", "properties on alert")


# --- events at scale: each unit's most alike candidates, kept in arrays -----------------------------------------

def heap_reference(pairs: list[tuple[int, int, float]], k: int) -> dict[tuple[int, int], float]:
    """What a min-heap of ``k`` (similarity, other unit) entries per unit keeps, as the pairs it holds."""
    import heapq

    best: dict[int, list[tuple[float, int]]] = {}
    for u, v, sim in pairs:
        for x, y in ((u, v), (v, u)):
            heap = best.setdefault(x, [])
            if len(heap) < k:
                heapq.heappush(heap, (sim, y))
            elif (sim, y) > heap[0]:
                heapq.heapreplace(heap, (sim, y))
    return {(min(x, y), max(x, y)): sim for x, heap in best.items() for sim, y in heap}


@pytest.mark.parametrize("k, flush_at", [(1, 4), (3, 6), (3, 1 << 20), (50, 8)])
def test_top_pairs_keeps_what_a_bounded_heap_per_unit_keeps(k, flush_at):
    import random

    from core.events import TopPairs

    rng = random.Random(k * 1000 + flush_at)
    # each pair once (as the candidate search gives them), similarities with many ties
    pairs = [(u, v, rng.choice([0.1, 0.2, 0.35, 0.5, 0.5, 0.9, 1.0])) for u in range(60) for v in range(u)
             if rng.random() < 0.3]
    top = TopPairs(k, flush_at=flush_at)
    for u, v, sim in pairs:
        top.add(u, v, sim)
    low, high, sim = top.pairs()
    got = dict(zip(zip(low.tolist(), high.tolist()), sim.tolist()))
    assert len(got) == len(low)  # each pair once
    assert got == heap_reference(pairs, k)
    if k == 1:
        assert len(got) < len(pairs)  # the bound really cuts


def test_top_pairs_of_nothing_is_empty():
    from core.events import TopPairs

    low, high, sim = TopPairs(3).pairs()
    assert len(low) == len(high) == len(sim) == 0
