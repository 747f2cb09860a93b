"""Numeric claims (core/claims.py): one test per rule on sentences written for the purpose, then the exact
claims of the five seed articles."""
from __future__ import annotations

import csv
import re
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core import claims as claims_mod
from core.actors import find_actors
from core.claims import COLUMNS, NOT_AMOUNTS, extract_claims

GOLD_CLAIMS = Path(__file__).parent / "data" / "gold" / "claims.csv"
NIS = "National Intelligence Service"


@pytest.fixture
def claims_of(parse):
    """claims_of(text) → the claim rows of a text you write, after checking every row's offsets."""
    def _claims(text: str) -> list[dict]:
        parsed = parse(text, published="2024-10-21")
        rows = extract_claims(parsed, find_actors(parsed))
        for r in rows:
            assert parsed.article.text[r["start_char"]:r["end_char"]] == r["text"]
            assert parsed.sentences[r["sentence_id"]].text == r["sentence"]
        return rows
    return _claims


def brief(row: dict) -> tuple:
    return row["value"], row["value_high"], row["unit"], row["qualifier"]


# --- number formats, qualifiers and units ------------------------------------------------------------------

@pytest.mark.parametrize("sentence, expected", [
    # formats
    ("Officials counted 1,500 soldiers at the border.", (1500, None, "troops", "exact")),
    ("Police said 1.500 people attended the rally.", (1500, None, "people", "exact")),
    ("Organisers said 12-thousand protesters came.", (12000, None, "protesters", "exact")),
    ("The army moved four brigades to the front.", (4, None, "brigades", "exact")),
    ("Some 1.5 million people fled the city.", (1_500_000, None, "people", "approx")),
    ("The government pledged $2m in aid.", (2_000_000, None, "USD", "exact")),
    ("The bloc approved a €1.5bn package.", (1_500_000_000, None, "EUR", "exact")),
    ("The firm lost 300 million dollars.", (300_000_000, None, "USD", "exact")),
    ("Turnout was 67 percent.", (67, None, "percent", "exact")),
    ("Prices rose by 3.2% in a month.", (3.2, None, "percent", "exact")),
    ("A dozen people were hurt.", (12, None, "people", "approx")),
    # qualifiers
    ("Some 12,000 troops were deployed.", (12000, None, "troops", "approx")),
    ("Approximately 1,500 soldiers arrived.", (1500, None, "troops", "approx")),
    ("Around 1,500 soldiers arrived.", (1500, None, "troops", "approx")),
    ("The agency counted about 900 drones.", (900, None, "drones", "approx")),
    ("Nearly 11,000 people were evacuated.", (11000, None, "people", "approx")),
    ("Almost 500 shops closed.", (500, None, "shops", "approx")),
    ("An estimated 40,000 people marched.", (40000, None, "people", "approx")),
    ("More than 100,000 people fled.", (100000, None, "people", "at_least")),
    ("Russia received over 13,000 containers of shells.", (13000, None, "containers", "at_least")),
    ("At least 30 people were killed.", (30, None, "people", "at_least")),
    ("Upwards of 2,000 troops crossed.", (2000, None, "troops", "at_least")),
    ("Officials saw 10,000+ troops on the road.", (10000, None, "troops", "at_least")),
    ("The drill involved 500 or more soldiers.", (500, None, "troops", "at_least")),
    ("Up to 6,000 troops could be sent.", (6000, None, "troops", "at_most")),
    ("As many as 12,000 soldiers could be deployed.", (12000, None, "troops", "at_most")),
    ("Fewer than 200 people voted.", (200, None, "people", "at_most")),
    ("Less than 5% of voters turned out.", (5, None, "percent", "at_most")),
    # ranges
    ("Between 88,000 and 107,000 soldiers were killed.", (88000, 107000, "troops", "range")),
    ("Officials estimate 88,000 to 107,000 soldiers were killed.", (88000, 107000, "troops", "range")),
    ("Kyiv says 275,000–325,000 soldiers were wounded.", (275000, 325000, "troops", "range")),
    ("Between 1 and 2 million people were displaced.", (1_000_000, 2_000_000, "people", "range")),
    ("Support stood at 10-15% of voters.", (10, 15, "percent", "range")),
    # the counted thing is written somewhere else than right after the number
    ("At least 30 died in the attack.", (30, None, "people", "at_least")),
    ("A crowd of 10,000 gathered outside parliament.", (10000, None, "people", "exact")),
    ("Police estimated the crowd at 50,000.", (50000, None, "people", "exact")),
    ("They sent a 12,000-strong force.", (12000, None, "troops", "exact")),
    ("A 5,000-strong crowd gathered.", (5000, None, "people", "exact")),
    ("Some 1,500 of the soldiers were wounded.", (1500, None, "troops", "approx")),
])
def test_amount(claims_of, sentence, expected):
    rows = claims_of(sentence)
    assert [brief(r) for r in rows] == [expected]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(n=st.integers(min_value=10, max_value=10**9), qualifier=st.sampled_from(sorted(claims_mod.QUALIFIER_OF)))
def test_any_grouped_number_with_any_qualifier_is_read_back(claims_of, n, qualifier):
    if qualifier in ("between", "from"):  # range words need a second number
        rows = claims_of(f"Officials counted {qualifier} {n:,} {'and' if qualifier == 'between' else 'to'} "
                         f"{n + 1:,} soldiers.")
        assert [brief(r) for r in rows] == [(n, n + 1, "troops", "range")]
    else:
        rows = claims_of(f"Officials counted {qualifier} {n:,} soldiers.")
        assert [brief(r) for r in rows] == [(n, None, "troops", claims_mod.QUALIFIER_OF[qualifier])]


@pytest.mark.parametrize("sentence, noun", [
    ("Approximately 1,500 North Korean special forces soldiers are in Russia.", "troops"),
    ("North Korea sent 1,500 special forces personnel.", "troops"),
    ("North Korea planned to send about 12,000 special forces.", "troops"),
    ("Only one soldier was wounded.", "troops"),
    ("The region hosts 3,000 servicemen.", "troops"),
    ("Rescuers found one person alive.", "people"),
])
def test_unit_normalises_soldiers_forces_and_personnel(claims_of, sentence, noun):
    assert [r["unit"] for r in claims_of(sentence)] == [noun]


def test_text_covers_qualifier_number_and_noun_and_the_noun_phrase_is_kept(claims_of):
    [row] = claims_of("On Friday, the agency said North Korea planned to send about 12,000 special forces to Russia.")
    assert (row["text"], row["noun_phrase"]) == ("about 12,000 special forces", "special forces")


def test_noun_phrase_keeps_what_the_containers_hold(claims_of):
    [row] = claims_of("Pyongyang sent more than 13,000 containers' worth of artillery shells and rockets.")
    assert brief(row) == (13000, None, "containers", "at_least")
    assert row["noun_phrase"] == "containers' worth of artillery shells"


def test_four_brigades_totaling_12000_troops_is_two_claims(claims_of):
    rows = claims_of("The army has begun deploying four brigades totaling 12,000 troops.")
    assert [brief(r) for r in rows] == [(4, None, "brigades", "exact"), (12000, None, "troops", "exact")]


@pytest.mark.parametrize("sentence, expected", [
    ("Seoul condemned the decision to send thousands of soldiers.", ("thousands of soldiers", "troops")),
    ("Tens of thousands of people marched in Paris.", ("Tens of thousands of people", "people")),
    ("A video showed dozens of recruits in uniform.", ("dozens of recruits", "recruits")),
    ("Hundreds of protesters were detained.", ("Hundreds of protesters", "protesters")),
    ("Several thousand soldiers crossed the river.", ("Several thousand soldiers", "troops")),
    ("South Korea has sold billions of dollars worth of arms.", ("billions of dollars", "USD")),
])
def test_vague_amounts_are_kept_without_a_value(claims_of, sentence, expected):
    [row] = claims_of(sentence)
    assert (row["text"], row["unit"]) == expected
    assert (row["value"], row["value_high"], row["qualifier"]) == (None, None, "vague")


# --- what is not a claim -----------------------------------------------------------------------------------

@pytest.mark.parametrize("sentence", [
    "The war began in 2022 and the treaty dates from 1961.",           # years
    "The 2024 election was close.",                                    # a year as a modifier
    "The 2024 budget bill passed.",                                    # ... that spaCy calls CARDINAL
    "The ships sailed from October 8 to 13.",                          # day numbers in dates
    "They moved between Oct. 8 and Oct. 13.",
    "The transfer took place between 8 and 13 October.",
    "The statement was issued on 21 October 2024 at 09:32 GMT.",
    "Update: 2024-10-21 09:32 GMT",
    "The ceasefire began at 9:30 p.m. and ended at 5pm.",              # times
    "The 45-year-old minister, aged 45, resigned.",                    # ages
    "Kim, 45, said nothing.",
    "The first convoy and the 47th Brigade arrived on the 3rd.",       # ordinals
    "The F-16 and the Su-34 flew over Route 66 during Covid-19.",      # numbers inside names
    "Article 5 of the treaty was invoked.",
    "Apollo 11 astronauts met Section 230 lawyers.",
    "Call 555-1234 or +44 20 7946 0958 for details.",                  # phone numbers
    "She is one of the few who stayed.",                               # "one of the", "one thing", pronoun "one"
    "South Koreans say one thing, then the Pentagon says another.",
    "No one was hurt, and the one that fell was empty.",
    "The talks lasted three days and the truce held for 12 hours.",    # durations
    "The siege lasted 1,000 days.",
    "The 27-member bloc met for a 10-day summit.",                     # hyphenated adjectives
    "The two nations signed the pact.",                                # anaphora
    "About one in five adults agreed.",                                # ratios
    "Real won a 3-1 victory.",                                         # scores
    "The vote passed 52 to 48.",                                       # bare numbers count nothing
])
def test_not_a_claim(claims_of, sentence):
    assert claims_of(sentence) == []


@pytest.mark.parametrize("written", [
    "October 8 to 13", "Oct. 8 and Oct. 13", "8 and 13 October", "21 October 2024", "March 3, 2024",
    "2024-10-21", "09:32", "9.30 p.m.", "5pm", "aged 45", "45-year-old", "45 years old", "No. 10",
    "one in five", "555-1234", "+44 20 7946 0958",
    "2200 block", "300 Lorne St.", "1600 Pennsylvania Avenue", "12B Baker Street", "Highway 5A", "Route 66",
])
def test_dates_times_ages_and_phone_numbers_are_masked_whole(written):
    assert any(m.span() == (0, len(written)) for m in NOT_AMOUNTS.finditer(written)), written


@pytest.mark.parametrize("sentence, expected", [
    ("Between 8 and 13 October, some 4,000 people fled.", [(4000, None, "people", "approx")]),
    ("In January 1,500 soldiers crossed.", [(1500, None, "troops", "exact")]),
    ("On Oct. 8, 2024, 300 people fled.", [(300, None, "people", "exact")]),
])
def test_a_date_next_to_an_amount_does_not_hide_it(claims_of, sentence, expected):
    assert [brief(r) for r in claims_of(sentence)] == expected


def test_x_and_y_is_two_amounts_unless_after_between(claims_of):
    rows = claims_of("The two battles cost 500 and 700 soldiers respectively.")
    assert [(r["text"], *brief(r)) for r in rows] == [("500", 500, None, "troops", "exact"),
                                                       ("700 soldiers", 700, None, "troops", "exact")]


# --- who claims it -----------------------------------------------------------------------------------------

@pytest.mark.parametrize("sentence, claimant, cue", [
    ("Ukrainian President Volodymyr Zelensky said 10,000 North Korean soldiers were training in Russia.",
     "Volodymyr Zelensky", "said"),
    ("About 1,500 soldiers have arrived in Russia, according to South Korea's spy agency.", NIS, "according to"),
    ("According to South Korea’s intelligence agency, approximately 1,500 soldiers have arrived.",
     NIS, "according to"),
    # a speech verb higher up names the source of "intelligence suggesting"
    ("Ukrainian President Volodymyr Zelensky recently noted intelligence suggesting that North Korea was "
     "preparing to train 10,000 soldiers.", "Volodymyr Zelensky", "noted"),
    # a pronoun subject is resolved through actors
    ("South Korea's spy agency said on Friday it believes North Korea has sent four brigades.", NIS, "believes"),
    # "... and said", "adding that": the subject of the first verb speaks
    ("Volodymyr Zelensky spoke on Sunday and said 10,000 soldiers were ready.", "Volodymyr Zelensky", "said"),
    # "we" in a quotation is the speaker higher up
    ("Volodymyr Zelensky said: \"We estimate that 1,500 soldiers are there.\"", "Volodymyr Zelensky", "said"),
    # "put" reports a figure only as "put X at N"
    ("Prosecutors put 12 people on trial, Volodymyr Zelensky said.", "Volodymyr Zelensky", "said"),
    ("Health ministry figures put the death toll at over 40,000.", None, "put"),
    # "X's estimate"
    ("The UN's estimate of 12,000 civilian deaths was disputed.", "UN", "estimate"),
    # a number inside a quotation takes the speaker the sentence names
    ("\"1,500 soldiers are in Russia,\" said Volodymyr Zelensky.", "Volodymyr Zelensky", "said"),
    ("Volodymyr Zelensky was blunt: \"Russia has lost 1,500 tanks.\"", "Volodymyr Zelensky", ""),
    # no named actor: the claimant stays empty, the cue is kept
    ("Furthermore, North Korea is believed to have supplied Russia with over 13,000 containers of shells.",
     None, "believed"),
    ("Some reports suggest that as many as 12,000 North Korean soldiers could be deployed in Russia.",
     None, "suggest"),
    ("Analysts say about 2,000 soldiers were wounded.", None, "say"),
    ("Approximately 1,500 soldiers are in Russia.", None, ""),
    # the number is who speaks, not what is said
    ("In the poll, 45% of voters said no.", None, ""),
])
def test_claimant_and_cue(claims_of, sentence, claimant, cue):
    [row] = claims_of(sentence)
    assert (row["claimant_key"], row["cue"]) == (claimant, cue)


def test_a_source_that_names_no_actor_is_not_skipped_for_one_higher_up(claims_of):
    [row] = claims_of("Volodymyr Zelensky said some reports suggest 12,000 soldiers were sent.")
    assert (row["claimant_key"], row["cue"]) == (None, "suggest")


# --- units, magnitudes, hedging verbs and counts read elsewhere (held-out error classes) -------------------

@pytest.mark.parametrize("sentence, expected", [
    # crowd sizes and death tolls count people
    ("Police put the turnout at about 45,000.", [(45000, None, "people", "approx")]),
    ("Organisers put attendance at between 60,000 and 70,000.", [(60000, 70000, "people", "range")]),
    ("Officials estimated the crowd at 12,000.", [(12000, None, "people", "exact")]),
    ("The death toll rose to more than 2,300.", [(2300, None, "people", "at_least")]),
    ("Health officials recorded 45 deaths.", [(45, None, "people", "exact")]),
    ("The number of dead has reached 310.", [(310, None, "people", "exact")]),
    # ... but a percentage stays a percentage
    ("Turnout was 67 percent.", [(67, None, "percent", "exact")]),
])
def test_crowds_and_death_tolls_count_people(claims_of, sentence, expected):
    assert [brief(r) for r in claims_of(sentence)] == expected


@pytest.mark.parametrize("sentence, unit", [
    ("The agency sent 600 search and rescue personnel to the valley.", "rescuers"),
    ("Some 900 rescue workers combed the ruins.", "rescuers"),
    ("Another 40 rescuers arrived from Italy.", "rescuers"),
    ("The army deployed 3,000 personnel along the border.", "troops"),  # a military word in the sentence
    ("The hospital has 200 medical personnel.", "personnel"),           # no military context: not troops
])
def test_personnel_are_troops_only_in_a_military_context(claims_of, sentence, unit):
    assert [r["unit"] for r in claims_of(sentence)] == [unit]


@pytest.mark.parametrize("sentence, value, text", [
    ("A magnitude 7.1 earthquake hit the coast.", 7.1, "magnitude 7.1 earthquake"),
    ("Seismologists measured the quake at magnitude 6.4.", 6.4, "magnitude 6.4"),
    ("The 5.9-magnitude quake was the strongest in a decade.", 5.9, "5.9-magnitude quake"),
    ("A 4.8 tremor followed at dawn.", 4.8, "4.8 tremor"),
    ("The quake, which measured 6.2 on the Richter scale, hit at night.", 6.2, "6.2 on the Richter scale"),
])
def test_earthquake_magnitudes(claims_of, sentence, value, text):
    [row] = claims_of(sentence)
    assert (brief(row), row["text"]) == ((value, None, "magnitude", "exact"), text)


@pytest.mark.parametrize("sentence, expected", [
    ("More than 30 aftershocks were recorded.", [(30, None, "aftershocks", "at_least")]),  # whole numbers count
    ("Two earthquakes hit the region.", [(2, None, "earthquakes", "exact")]),
    ("The building stood 4.5 metres tall.", [(4.5, None, "metres", "exact")]),
    ("Growth slowed to 1.5 after the quake.", []),  # a decimal near a quake is not its magnitude
])
def test_not_magnitudes(claims_of, sentence, expected):
    assert [brief(r) for r in claims_of(sentence)] == expected


@pytest.mark.parametrize("sentence, expected", [
    ("The bill now exceeds $3,000 a year.", (3000, None, "USD", "at_least")),
    ("Sales topped 2 million units last year.", (2_000_000, None, "units", "at_least")),
    ("The death toll has surpassed 500.", (500, None, "people", "at_least")),
    ("The budget could top $4bn.", (4_000_000_000, None, "USD", "at_least")),
    ("Turnout fell short of 40 percent.", (40, None, "percent", "at_most")),
    ("Prices stayed below €900 a month.", (900, None, "EUR", "at_most")),
    ("The death toll passed 1,400 on Tuesday.", (1400, None, "people", "at_least")),  # "pass": a bare figure
    # verbs that do not bound the figure
    ("Sales reached 2 million units last year.", (2_000_000, None, "units", "exact")),
    ("The firm paid $4bn for the site.", (4_000_000_000, None, "USD", "exact")),
    ("Parliament passed 12 laws this year.", (12, None, "laws", "exact")),  # what was passed, not a bound
    ("Troops crossed 3 rivers.", (3, None, "rivers", "exact")),
])
def test_verbs_that_bound_the_amount_are_qualifiers(claims_of, sentence, expected):
    assert [brief(r) for r in claims_of(sentence)] == [expected]


@pytest.mark.parametrize("sentence, expected", [
    # "to N" closing a counted noun phrase
    ("Police detained 12 more people, bringing the total number of people arrested to 57.",
     [(12, None, "people", "exact"), (57, None, "people", "exact")]),
    # "N of whom / of which" counts the antecedent
    ("Officials said 20 officers were hurt, five of whom were taken to hospital.",
     [(20, None, "officers", "exact"), (5, None, "officers", "exact")]),
    ("The storm cut off 120 villages, 40 of which still have no power.",
     [(120, None, "villages", "exact"), (40, None, "villages", "exact")]),
    # a bare "to N" with nothing counted before it stays out
    ("Prices rose to 45.", []),
])
def test_counts_given_by_to_n_and_of_whom(claims_of, sentence, expected):
    assert [brief(r) for r in claims_of(sentence)] == expected


@pytest.mark.parametrize("text, expected", [
    ("Police put the crowd at 15,000. The organisers claimed '40,000'.",
     [(15000, None, "people", "exact"), (40000, None, "people", "exact")]),
    ('Police put the crowd at 15,000. The organisers claimed "well over 100,000".',
     [(15000, None, "people", "exact"), (100000, None, "people", "at_least")]),
    # with no figure just before it, a bare reported number says nothing countable
    ("The organisers claimed '40,000'.", []),
    ("The company said 45.", []),
])
def test_a_bare_reported_figure_counts_what_the_figure_before_it_counted(claims_of, text, expected):
    assert [brief(r) for r in claims_of(text)] == expected


@pytest.mark.parametrize("sentence, claimant, cue", [
    # commitments are the committer's figures
    ("Mayor Tom Hale has promised to plant 10,000 trees.", "Tom Hale", "promised"),
    ("Governor Tom Hale pledged $5m for the victims.", "Tom Hale", "pledged"),
    ("Senator Jane Cole vowed to hire 300 teachers.", "Jane Cole", "vowed"),
    # a reporting clause hung on the clause that holds the number
    ("Some 25,000 people are sheltering in schools, the Red Cross said, and aid is arriving.", "Red Cross", "said"),
    # "measure" names who measured, and a thing measuring something does not stop the search
    ("The US Geological Survey measured the quake at magnitude 6.4.", "US Geological Survey", "measured"),
    ("The wall measured 3 metres, Volodymyr Zelensky said.", "Volodymyr Zelensky", "said"),
    # unowned hearsay: the figure is not the reporter's
    ("Volodymyr Zelensky said there were claims that Pyongyang sent 3,000 soldiers.", None, "claims"),
    # a name the parser split into two subjects of "insists" ("Movimiento por" + "Justicia Social") is resolved whole
    ("The Movimiento por la Justicia Social (MJS), which called the strike, insists 3,000 workers walked out.",
     "Movimiento por la Justicia Social", "insists"),
])
def test_claimant_from_commitments_reporting_clauses_and_split_subjects(claims_of, sentence, claimant, cue):
    [row] = claims_of(sentence)
    assert (row["claimant_key"], row["cue"]) == (claimant, cue)


# --- fresh-story error classes: elided nouns, addresses, bounds, claimants, currencies ---------------------

@pytest.mark.parametrize("sentence, expected", [
    # coordinated with the counted noun of the amount before
    ("Officials said 1,900 properties were under evacuation order and a further 2,300 on alert.",
     [(1900, None, "properties", "exact"), (2300, None, "properties", "exact")]),
    # the same role of a coordinated verb
    ("Inspectors confirmed 87 homes destroyed and 23 damaged.",
     [(87, None, "homes", "exact"), (23, None, "homes", "exact")]),
    ("The blast killed 30 people and injured 12.", [(30, None, "people", "exact"), (12, None, "people", "exact")]),
    # compared, "up from", "including"
    ("The agency counted 1,140 wildfires this year, compared with 2,245 in all of 2023.",
     [(1140, None, "wildfires", "exact"), (2245, None, "wildfires", "exact")]),
    ("The party won 30 seats, up from 12 in 2019.", [(30, None, "seats", "exact"), (12, None, "seats", "exact")]),
    ("The agency counted 1,140 fires, compared with about 2,000 a year earlier.",
     [(1140, None, "fires", "exact"), (2000, None, "fires", "approx")]),
    ("About 320 firefighters are on the fire, including 60 from Mexico.",
     [(320, None, "firefighters", "approx"), (60, None, "firefighters", "exact")]),
    # not elided: an age after a comma, a year after "compared with", nothing counted before
    ("The fire killed two people, including Harold Beattie, 64, a retired worker.", [(2, None, "people", "exact")]),
    ("Sales reached 40,000 units, compared with 2019.", [(40000, None, "units", "exact")]),
    ("Compared with 2,245 last year, the figure is small.", []),
    ("Mayor Ann Ruiz, 71, and her husband, 74, lost 3 homes.", [(3, None, "homes", "exact")]),
])
def test_an_amount_that_leaves_its_noun_out_counts_what_the_amount_before_counted(claims_of, sentence, expected):
    rows = claims_of(sentence)
    assert [brief(r) for r in rows] == expected
    for r in rows[1:]:
        assert r["noun_phrase"] == rows[0]["noun_phrase"]  # the comparison step groups them on it


@pytest.mark.parametrize("sentence, expected", [
    # the small model calls these a DATE, NORP, PRODUCT and FAC; the read-back property test above met them
    ("Officials counted between 85 and 86 soldiers.", [(85, 86, "troops", "range")]),
    ("Officials counted about 288 soldiers.", [(288, None, "troops", "approx")]),
    ("Officials counted over 148 soldiers.", [(148, None, "troops", "at_least")]),
    ("Officials counted over 398,764,081 soldiers.", [(398_764_081, None, "troops", "at_least")]),
    ("Officials counted between 103 and 104 soldiers.", [(103, 104, "troops", "range")]),
    # but a year, a time noun or a name before the number still rules the count out
    ("The 2022 elections were close.", []),
    ("The talks lasted between 3 and 4 days.", []),
])
def test_a_number_counting_a_plural_noun_is_a_count_whatever_the_entity(claims_of, sentence, expected):
    assert [brief(r) for r in claims_of(sentence)] == expected


@pytest.mark.parametrize("sentence", [
    "A man was found dead in a house in the 2200 block of Ridgeview Drive.",
    "Evacuees registered at the centre at 300 Lorne St. in Kamloops.",
    "The embassy at 1600 Pennsylvania Avenue was closed.",
    "The fire jumped Highway 5A and closed Highway 97C.",
    "Crews closed Route 66 and Interstate 95.",
])
def test_addresses_and_road_numbers_are_not_claims(claims_of, sentence):
    assert claims_of(sentence) == []


@pytest.mark.parametrize("sentence, expected", [
    ("300 protesters blocked the road.", [(300, None, "protesters", "exact")]),
    ("Workers cut 300 blocks of ice.", [(300, None, "blocks", "exact")]),
    ("500 people marched down Main Street.", [(500, None, "people", "exact")]),
    ("One in 2000 births is affected, but 40 babies were born in 2020.", [(40, None, "babies", "exact")]),
])
def test_numbers_near_street_words_or_years_still_count(claims_of, sentence, expected):
    assert [brief(r) for r in claims_of(sentence)] == expected


@pytest.mark.parametrize("sentence, expected", [
    ("The burned area could be as large as 31,000 hectares.", [(31000, None, "hectares", "at_most")]),
    ("Temperatures could be as high as 40 degrees.", [(40, None, "degrees", "at_most")]),
    ("Fares could cost as much as $40, and prices start as low as $5.",
     [(40, None, "USD", "at_most"), (5, None, "USD", "at_least")]),
    ("As few as 200 people voted.", [(200, None, "people", "at_least")]),
])
def test_as_large_as_and_as_low_as_bound_the_amount(claims_of, sentence, expected):
    assert [brief(r) for r in claims_of(sentence)] == expected


@pytest.mark.parametrize("sentence, claimant, cue", [
    # an observation verb yields to "according to X"; a speech verb does not
    ("Kamloops recorded just 3.2 millimetres of rain in July, according to Environment Canada.",
     "Environment Canada", "according to"),
    ("Kamloops recorded just 3.2 millimetres of rain in July, according to local farmers.", None, "according to"),
    ("Governor Tom Hale said 300 families were in shelters, according to Reuters.", "Tom Hale", "said"),
    # a place recording something is where it happened: the search goes on to who says so
    ("British Columbia has recorded 1,140 wildfires this year, Premier David Eby said.", "David Eby", "said"),
    ("The Health Ministry recorded 40 new cases on Monday.", "Health Ministry", "recorded"),
    # a subject owned by a pronoun passes the question up; an unowned one naming no one still stops it
    ("The Red Cross said its volunteers had counted 300 families in shelters.", "Red Cross", "said"),
    ("The Red Cross said local teams had counted 300 families in shelters.", None, "counted"),
    # "put X at N, up from M": both figures are X's; "put 12 people on trial" reports nothing
    ("The BC Wildfire Service put the fire at more than 26,000 hectares on Thursday, up from about 12,400 "
     "hectares a day earlier.", "BC Wildfire Service", "put"),
    ("The court put 12 people on trial at the central court.", None, ""),
])
def test_according_to_places_possessives_and_put_at(claims_of, sentence, claimant, cue):
    rows = claims_of(sentence)
    assert rows and all((r["claimant_key"], r["cue"]) == (claimant, cue) for r in rows)


def test_a_finite_verb_hung_on_a_would_clause_shares_the_reporting_subject(claims_of):
    rows = claims_of("Minister Marc Bélanger said about 150 soldiers would reach the area by Saturday and pledged "
                     "up to $10 million for the town.")
    assert [(r["value"], r["qualifier"], r["claimant_key"], r["cue"]) for r in rows] == [
        (150, "approx", "Marc Bélanger", "said"), (10_000_000, "at_most", "Marc Bélanger", "pledged")]
    # a base form does share "would": the promise is the Red Cross's
    [row] = claims_of("Mayor Ana Ruiz said the Red Cross would send volunteers and promise 300 beds.")
    assert (row["claimant_key"], row["cue"]) == ("Red Cross", "promise")


@pytest.mark.parametrize("text, units", [
    # a bare "$" is the story's dollar: US dollars unless the story is set in Canada, Australia or New Zealand
    ("The UN released $5 million for Turkey.", ["USD"]),
    ("The Ontario government pledged $2m in aid, and Ottawa promised 3 million dollars.", ["CAD", "CAD"]),
    ("Sydney and Canberra approved $3m for New South Wales.", ["AUD"]),
    # one Canadian word in an American story does not make it Canadian
    ("California firefighters, helped by a Canadian crew, got $3m from Washington.", ["USD"]),
    # a writer who marks the local dollar ("C$") means US dollars by "$"; "US$" leaves "$" local
    ("Ottawa pledged C$2m, and Toronto gave $3m.", ["CAD", "USD"]),
    ("Ottawa approved US$4m for the project and $3m for Ontario.", ["USD", "CAD"]),
    # the sign or the noun's modifier says which dollar
    ("The fund got A$3m, CA$1m, NZ$2m and HK$2bn.", ["AUD", "CAD", "NZD", "HKD"]),
    ("The city gave 10 million Canadian dollars and 2 million US dollars.", ["CAD", "USD"]),
    ("The bloc approved a €1.5bn package and £2m in aid.", ["EUR", "GBP"]),
])
def test_currency_of_signs_and_dollars(claims_of, text, units):
    assert [r["unit"] for r in claims_of(text)] == units


def test_prefixed_dollar_signs_are_read_as_numbers(claims_of):
    rows = claims_of("The firm paid US$4m and C$2.5bn.")
    assert [(r["value"], r["unit"]) for r in rows] == [(4_000_000, "USD"), (2_500_000_000, "CAD")]


@pytest.mark.parametrize("text, expected", [
    ("Ottawa approved $5m for Alberta and British Columbia.", "CAD"),
    ("The Australian government gave Queensland $5m.", "AUD"),
    ("The Canadian-born mayor of Seattle, Washington, asked Congress for $5m.", "USD"),
    ("The UN gave $5m.", "USD"),
    ("Toronto and Ottawa paid C$5m and $2m.", "USD"),
])
def test_home_dollar(text, expected):
    assert claims_mod.home_currency(text, "dollar") == expected


@pytest.mark.parametrize("sentence, unit", [
    ("About 320 firefighters are on the fire, including a contingent of 60 from Mexico.", "firefighters"),
    ("The army sent a contingent of 500 to the border.", "troops"),
    ("A contingent of 40 arrived on Monday.", "people"),
])
def test_a_contingent_is_troops_only_in_a_military_context(claims_of, sentence, unit):
    assert claims_of(sentence)[-1]["unit"] == unit


# --- the contract with corpus.py ---------------------------------------------------------------------------

def test_rows_carry_claimant_key_not_the_canonical_claimant(claims_of):
    [row] = claims_of("Volodymyr Zelensky said 10,000 soldiers were training.")
    assert set(row) == set(COLUMNS) - {"claimant", "claimant_id"} | {"claimant_key"}


def test_every_column_is_documented_in_the_module_docstring():
    documented = set()
    for line in claims_mod.__doc__.splitlines():
        if line.startswith("| ") and not line.startswith("| column") and not line.startswith("| ---"):
            documented |= {c.strip() for c in line.split("|")[1].split(",")}
    assert documented == set(COLUMNS)


def test_seed_claims_table_has_the_declared_schema(seed_tables):
    # later stages may add columns: the article's source right after article_id (corpus.with_source), the
    # cross-source groups after ours; the extractor's own columns keep their order
    df = seed_tables["claims"].drop(columns=["source"], errors="ignore")
    assert list(df.columns)[:len(COLUMNS)] == list(COLUMNS)
    assert {c: str(df[c].dtype) for c in COLUMNS} == COLUMNS


def test_seed_offsets_point_at_the_claim_text(seed_tables, seed_articles):
    texts = {a.article_id: a.text for a in seed_articles}
    for r in seed_tables["claims"].itertuples():
        assert texts[r.article_id][r.start_char:r.end_char] == r.text


# --- the seed articles -------------------------------------------------------------------------------------

# (value, unit, qualifier, claimant) in document order; vague amounts have no value.
SEED_CLAIMS = {
    "000_1700f88ec5aa7c5f.txt": [
        (None, "troops", "vague", ""),                     # thousands of soldiers
        (1500, "troops", "approx", NIS),
        (13000, "containers", "at_least", ""),             # is believed to have supplied
        (10000, "troops", "exact", "Volodymyr Zelensky"),
        (None, "USD", "vague", ""),                        # billions of dollars
    ],
    "001_c081621a7dec6798.txt": [
        (None, "troops", "vague", ""),
        (1500, "troops", "approx", NIS),
        (13000, "containers", "at_least", NIS),
    ],
    "002_9421d41fcfe75d98.txt": [
        (1500, "troops", "approx", NIS),
        (12000, "troops", "at_most", ""),                  # some reports suggest
    ],
    "003_03c885aabdb3101b.txt": [
        (4, "brigades", "exact", NIS),
        (12000, "troops", "exact", NIS),
    ],
    "004_5c51c3c021cbefec.txt": [
        (None, "troops", "vague", ""),
        (1500, "troops", "exact", NIS),
        (12000, "troops", "approx", NIS),
        (None, "recruits", "vague", ""),                   # dozens of North Korean recruits
        (13000, "containers", "at_least", NIS),
    ],
}


def _fold(name: str) -> str:
    return re.sub(r"[^a-z ]", "", name.lower())


def _rows_of(seed_tables, seed_file_of, file: str) -> list[tuple]:
    """(value, unit, qualifier, claimant) per claim of one seed; the claimant is written as the gold names it
    when that name is the actor's canonical name or one of its spellings (Zelensky/Zelenskyy)."""
    actors = seed_tables["actors"].set_index("actor_id")
    df = seed_tables["claims"]
    df = df[df["article_id"].map(seed_file_of) == file].sort_values("start_char")
    out = []
    for r in df.itertuples():
        claimant = "" if pd.isna(r.claimant) else r.claimant
        if claimant:
            spellings = {_fold(claimant), *(_fold(v) for v in str(actors.loc[r.claimant_id, "variants"]).split("|"))}
            claimant = next((g for g in {NIS, "Volodymyr Zelensky"} if _fold(g) in spellings), claimant)
        out.append((None if pd.isna(r.value) else int(r.value), r.unit, r.qualifier, claimant))
    return out


@pytest.mark.parametrize("file", sorted(SEED_CLAIMS))
def test_seed_claims(seed_tables, seed_file_of, file):
    assert _rows_of(seed_tables, seed_file_of, file) == SEED_CLAIMS[file]


def test_seed_expectations_agree_with_the_gold():
    with GOLD_CLAIMS.open(encoding="utf-8") as fh:
        gold = sorted((r["file"], int(r["value"]), r["unit"], r["qualifier"], r["claimant"])
                      for r in csv.DictReader(fh))
    ours = sorted((f, v, u, q, c) for f, rows in SEED_CLAIMS.items() for v, u, q, c in rows if v is not None)
    assert ours == gold


def test_of_whom_in_a_sentence_with_no_verb_returns(parse):
    # climbing to the clause's verb must stop at the root (spaCy makes a new Token object on every access)
    from core.actors import find_actors
    from core.claims import extract_claims

    parsed = parse("A crowd of 300 people, 40 of whom children.", published="2024-10-21")
    assert "300 people" in [r["text"] for r in extract_claims(parsed, find_actors(parsed))]


# --- shipwreck error classes: currency signs and pesos, member and people nouns, hyphenated measures, documents --

@pytest.mark.parametrize("text, expected", [
    ("The fund got ₱3.5 million, ₴2,000, ₺5bn, ₦40m, ₫1m, ฿300, ₪40 and ₸1bn.",
     [(3_500_000, "PHP"), (2000, "UAH"), (5_000_000_000, "TRY"), (40_000_000, "NGN"), (1_000_000, "VND"),
      (300, "THB"), (40, "ILS"), (1_000_000_000, "KZT")]),
    # one sign per amount: "5bn" after a second sign is not what the first amount counts
    ("Kyiv paid ฿300 and ₺5bn.", [(300, "THB"), (5_000_000_000, "TRY")]),
])
def test_one_character_currency_signs(claims_of, text, expected):
    assert [(r["value"], r["unit"]) for r in claims_of(text)] == expected
    assert [r["text"] for r in claims_of("Kyiv paid ฿300 and ₺5bn.")] == ["฿300", "₺5bn"]


@pytest.mark.parametrize("text, units", [
    # a peso is the currency of the country the story is set in (two of its words, more than any other's)...
    ("Manila gave 200,000 pesos to Filipino families.", ["PHP"]),
    ("Mexico City paid 3 million pesos to Mexicans.", ["MXN"]),
    # ... and of none when no country is evident; New Mexico is not Mexico
    ("The firm gave 200,000 pesos.", ["pesos"]),
    ("Santa Fe, New Mexico, and New Mexico gave 5 pesos.", ["pesos"]),
    # the modifier says which peso
    ("Manila and Luzon got 3 million Mexican pesos.", ["MXN"]),
    # dollars keep their rule
    ("Manila and Luzon got $3 million.", ["USD"]),
])
def test_pesos_are_the_pesos_of_the_story(claims_of, text, units):
    assert [r["unit"] for r in claims_of(text)] == units


@pytest.mark.parametrize("text, noun, expected", [
    ("Manila and the Philippines, Filipinos", "peso", "PHP"),
    ("Buenos Aires and Argentina", "peso", "ARS"),
    ("Manila and Buenos Aires", "peso", ""),            # no country ahead: unresolved
    ("Ottawa and Toronto", "dollar", "CAD"),
    ("Ottawa, Toronto, Sydney and Canberra", "dollar", "USD"),  # a tie is no home
])
def test_home_currency(text, noun, expected):
    assert claims_mod.home_currency(text, noun) == expected


@pytest.mark.parametrize("sentence, expected", [
    # collective nouns written in the singular after a number count their members
    ("The ferry carried 24 crew and 300 police.", [(24, None, "crew", "exact"), (300, None, "police", "exact")]),
    ("The farm lost 40 cattle and 5 livestock.", [(40, None, "cattle", "exact"), (5, None, "livestock", "exact")]),
    ("Three crews of firefighters arrived.", [(3, None, "crews", "exact")]),
    # bodies and lives in a death toll count people, adjectives for people too; other bodies stay bodies
    ("Divers found 14 bodies and four more bodies.", [(14, None, "people", "exact"), (4, None, "people", "exact")]),
    ("The storm caused the loss of 27 lives.", [(27, None, "people", "exact")]),
    ("Three regulatory bodies met.", [(3, None, "bodies", "exact")]),
    ("The council gave a figure of at least 17 dead.", [(17, None, "people", "at_least")]),
    ("Officials said 12 missing were found.", [(12, None, "people", "exact")]),
    # "the number of confirmed dead", "the list of the missing": what the "of" phrase holds
    ("The number of confirmed dead from the storm rose to 19 on Friday.", [(19, None, "people", "exact")]),
    ("The list of the missing has been cut to 22.", [(22, None, "people", "exact")]),
    ("The list of candidates was cut to 12.", [(12, None, "candidates", "exact")]),
])
def test_member_nouns_bodies_lives_and_the_number_of_the_dead(claims_of, sentence, expected):
    assert [brief(r) for r in claims_of(sentence)] == expected


@pytest.mark.parametrize("sentence, expected", [
    # a date or time entity that runs on past the amount ("47 in the afternoon") dates it, it is no date
    ("Police said 152 people were rescued and 31 remained missing, down from 47 in the afternoon.",
     [(152, None, "people", "exact"), (31, None, "people", "exact"), (47, None, "people", "exact")]),
    ("The ferry left at 3 in the afternoon.", []),
])
def test_an_amount_dated_by_the_phrase_after_it_is_kept(claims_of, sentence, expected):
    assert [brief(r) for r in claims_of(sentence)] == expected


@pytest.mark.parametrize("sentence, expected", [
    ("The company said the 1,200-tonne vessel sank.", [("1,200-tonne", 1200, "tonnes")]),
    ("A 30-metre wave hit a 10-km stretch of coast.", [("30-metre", 30, "metres"), ("10-km", 10, "kilometres")]),
    ("The regulator grounded the firm's five-vessel fleet.", [("five-vessel", 5, "vessels")]),
    # ages, adjectives, time spans and names of races are no measure
    ("Ramil Cruz, a 34-year-old deckhand, swam to a raft.", []),
    ("The 27-member bloc met for a 10-day summit.", []),
    ("The Six-Day War ended before the 100-metre sprint.", []),
])
def test_a_hyphenated_measure_before_a_noun_is_a_claim(claims_of, sentence, expected):
    assert [(r["text"], r["value"], r["unit"]) for r in claims_of(sentence)] == expected


@pytest.mark.parametrize("sentence, claimant, cue", [
    # a document's author is the source: the agent of a verb of issuing, or "by" / "from"
    ("It was carrying 86 passengers, according to a manifest released by the operator, Blue Anchor Ferries Inc.",
     "Blue Anchor Ferries Inc.", "according to"),
    ("A revised list released by the Red Cross on Monday shows 212 people in shelters.", "Red Cross", "shows"),
    ("Data from the Health Ministry show 40 deaths.", "Health Ministry", "show"),
    # ... not whoever merely obtained it
    ("A list obtained by the Red Cross shows 212 people in shelters.", None, "shows"),
    # verbs of recording a count
    ("The Red Cross listed 86 passengers on its manifest.", "Red Cross", "listed"),
    # a figure given, issued or released by X
    ("The National Weather Service gave a higher figure of at least 17 dead in a report.",
     "National Weather Service", "gave"),
    ("Officials in Lagos disputed the figure of 17 dead.", None, ""),
    # a relative clause without "that" reporting the amount, which the parser hangs elsewhere
    ("The town approved more aid, on top of the €5 million the Department of Social Welfare says it has released.",
     "Department of Social Welfare", "says"),
    ("Officials counted the 1,500 troops Seoul believes were sent.", "Seoul", "believes"),
])
def test_claimant_from_documents_recording_verbs_and_contact_clauses(claims_of, sentence, claimant, cue):
    rows = claims_of(sentence)
    assert rows and all((r["claimant_key"], r["cue"]) == (claimant, cue) for r in rows)


def test_a_number_in_a_quotation_over_several_sentences_is_the_speakers(claims_of):
    rows = claims_of("“The hull has settled on a ledge at about 30 metres. Our divers can only work for short "
                     "periods at that depth,” Rodel Cruz said.")
    assert [(r["value"], r["unit"], r["claimant_key"], r["cue"]) for r in rows] == [
        (30, "metres", "Rodel Cruz", "said")]


@pytest.mark.parametrize("sentence, expected", [
    ("The union said the bill would be closer to half a billion euros.", [(5e8, None, "EUR", "approx")]),
    ("Officials put the cost at half a million dollars.", [(5e5, None, "USD", "exact")]),
    ("The firm will spend a billion euros.", [(1e9, None, "EUR", "exact")]),
])
def test_half_a_million_is_half_of_it(claims_of, sentence, expected):
    assert [brief(r) for r in claims_of(sentence)] == expected


def test_a_percentage_before_year_on_year_is_no_duration(claims_of):
    assert [brief(r) for r in claims_of("Sales fell 12% year on year to 212,000 vehicles.")] == [
        (12, None, "percent", "exact"), (212000, None, "vehicles", "exact")]
    assert [brief(r) for r in claims_of("The plant ran for 12 years.")] == []  # a duration stays out


@pytest.mark.parametrize("sentence, expected", [
    ("The firm offered severance of up to 18 months' salary.", [(18, None, "months", "at_most")]),
    ("Staff were given two weeks’ notice.", [(2, None, "weeks", "exact")]),
    ("The strike lasted 18 months.", []),  # a duration
])
def test_a_time_noun_in_the_possessive_measures_what_follows(claims_of, sentence, expected):
    assert [brief(r) for r in claims_of(sentence)] == expected
