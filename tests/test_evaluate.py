"""The evaluator on small gold and predicted folders written here, with figures computed by hand.

The matching rules are those of the shared yardstick (eval/score.py); each expected figure below is worked out
in a comment from those rules, so a change of semantics shows up as a failing figure.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from core.evaluate import format_report, norm_name, norm_text, score
from core.ingest import InputError

GOLD = {
    "articles.csv": """file,published,headline,byline,outlet
001_a.txt,2024-10-21,Seoul summons Russian envoy,AFP,
002_b.txt,,,,The Guardian
""",
    "actors.csv": """canonical,type,variants,files
Georgy Zinoviev,PERSON,Georgy Zinoviev|Georgiy Zinoviev|Zinoviev,001|002
Dmitry Peskov,PERSON,Dmitry Peskov|Peskov,002
National Intelligence Service,ORG,National Intelligence Service|NIS|South Korea's spy agency,001|002
""",
    "claims.csv": """file,value,unit,qualifier,claimant,evidence
001_a.txt,1500,troops,approx,National Intelligence Service,"about 1,500 troops"
001_a.txt,13000,containers,at_least,,"over 13,000 containers"
002_b.txt,12000,troops,exact,National Intelligence Service|Yoon Suk Yeol,"12,000 troops"
""",
    "quotes.csv": """file,quote,speaker,kind,match
001_a.txt,grave concerns,Kim Hong-kyun,fragment,
002_b.txt,We are seeing a lot of contradictory information,Dmitry Peskov,statement,prefix
002_b.txt,Storm Corps,,term,
""",
    "dates.csv": """file,start,end,granularity,example
001_a.txt,2024-10-21,2024-10-21,day,on Monday
001_a.txt,2023-08-01|2024-08-01,2023-08-31|2024-08-31,month,since last August
002_b.txt,2024-06-01,2024-06-30,month,in June
""",
}

# A perfect prediction: the files are matched by base name, the rows by article_id.
PRED = {
    "articles.csv": """article_id,file,source,published,headline,byline,outlet
A,in/001_a.txt,AFP,2024-10-21,Seoul summons Russian envoy,AFP,
B,in/002_b.txt,The Guardian,,,,The Guardian
""",
    "claims.csv": """article_id,value,unit,qualifier,claimant
A,1500,troops,approx,National Intelligence Service
A,13000,containers,at_least,
B,12000,troops,exact,Yoon Suk Yeol
""",
    "quotes.csv": """article_id,quote,speaker
A,grave concerns,Kim Hong-kyun
B,"We are seeing a lot of contradictory information. South Koreans say one thing",Dmitry Peskov
""",
    "timeline.csv": """article_id,start,end,granularity
A,2024-10-21,2024-10-21,day
A,2024-08-01,2024-08-31,month
B,2024-06-01,2024-06-30,month
""",
    "actors.csv": """actor_id,name,type
z,Georgy Zinoviev,PERSON
p,Dmitry Peskov,PERSON
n,National Intelligence Service,ORG
""",
    "mentions.csv": """article_id,actor_id,text
A,z,Georgy Zinoviev
A,z,Georgiy Zinoviev
A,n,NIS
B,z,Zinoviev
B,p,Peskov
B,p,Dmitry Peskov
B,n,South Korea's spy agency
""",
}


def write_folder(folder: Path, tables: dict[str, str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, content in tables.items():
        (folder / name).write_text(content, encoding="utf-8")
    return folder


@pytest.fixture
def run(tmp_path):
    """run(pred_changes, gold_changes) → score() of the base folders with those tables replaced or appended to.

    A value starting with "+" is appended to the base table; any other value replaces it."""
    def _run(pred: dict[str, str] | None = None, gold: dict[str, str] | None = None) -> dict:
        def merged(base: dict[str, str], changes: dict[str, str] | None) -> dict[str, str]:
            out = dict(base)
            for name, value in (changes or {}).items():
                out[name] = base[name] + value[1:] if value.startswith("+") else value
            return out

        gold_dir = write_folder(tmp_path / "gold", merged(GOLD, gold))
        pred_dir = write_folder(tmp_path / "pred", merged(PRED, pred))
        return score(gold_dir, pred_dir)

    return _run


def figures(result: dict) -> dict[str, float]:
    return {"claims": result["claims"]["f1"], "claimant": result["claims"]["claimant_acc"],
            "quotes": result["quotes"]["f1"], "speaker": result["quotes"]["speaker_acc"],
            "timeline": result["timeline"]["f1"], "people": result["people"]["f1"],
            "merge": result["merge"]["accuracy"], "metadata": result["metadata"]["accuracy"]}


def test_perfect_prediction_scores_one_everywhere(run):
    r = run()
    assert set(figures(r).values()) == {1.0}
    assert r["overall"] == 1.0
    assert r["missing_articles"] == []
    assert (r["claims"]["tp"], r["claims"]["pred"], r["claims"]["gold"]) == (3, 3, 3)
    assert (r["quotes"]["tp"], r["quotes"]["pred"], r["quotes"]["gold"]) == (2, 2, 2)  # the term is not a quote
    assert (r["people"]["tp"], r["people"]["gold"]) == (3, 3)  # 001: Zinoviev; 002: Zinoviev, Peskov
    assert (r["merge"]["n"], r["metadata"]["n"]) == (3, 4)  # 001 published/headline/byline, 002 outlet


# --- claims --------------------------------------------------------------------------------------------------

def test_missed_claim(run):
    r = run(pred={"claims.csv": PRED["claims.csv"].replace("A,13000,containers,at_least,\n", "")})
    # tp 2 of 3 gold, 2 predicted: P 1, R 2/3, F1 = 2·(2/3)/(5/3) = 0.8
    assert (r["claims"]["precision"], r["claims"]["recall"], r["claims"]["f1"]) == (1.0, 0.667, 0.8)
    assert r["claims"]["missed"] == ["001_a.txt 13000 containers (over 13,000 containers)"]
    assert r["overall"] == 0.975  # (0.8 + 7 × 1) / 8


def test_spurious_claim_a_year(run):
    r = run(pred={"claims.csv": "+A,2022,,exact,\n"})
    # tp 3 of 4 predicted: P 0.75, R 1, F1 = 1.5/1.75 = 0.857
    assert (r["claims"]["precision"], r["claims"]["recall"], r["claims"]["f1"]) == (0.75, 1.0, 0.857)
    assert r["claims"]["spurious"] == ["001_a.txt 2022 "]


def test_vague_claim_without_a_value_is_not_scored(run):
    r = run(pred={"claims.csv": "+A,,soldiers,vague,\n"})
    assert (r["claims"]["pred"], r["claims"]["f1"]) == (3, 1.0)


def test_claims_match_one_to_one(run):
    r = run(pred={"claims.csv": "+A,1500,soldiers,approx,\n"})
    # the second 1500 finds no gold left: P 3/4; the one with the gold's unit is the one matched
    assert (r["claims"]["tp"], r["claims"]["pred"], r["claims"]["precision"]) == (3, 4, 0.75)
    assert r["claims"]["unit_acc"] == 1.0 and r["claims"]["claimant_acc"] == 1.0
    assert r["claims"]["spurious"] == ["001_a.txt 1500 soldiers"]


def test_claim_in_the_wrong_article_does_not_match(run):
    r = run(pred={"claims.csv": PRED["claims.csv"].replace("A,1500", "B,1500")})
    assert (r["claims"]["tp"], r["claims"]["precision"], r["claims"]["recall"]) == (2, 0.667, 0.667)


def test_number_formats_match(run):
    r = run(pred={"claims.csv": PRED["claims.csv"].replace("A,1500,", "A,1500.0,").replace("A,13000,", 'A,"13,000",')})
    assert r["claims"]["f1"] == 1.0


def test_wrong_claimant(run):
    r = run(pred={"claims.csv": PRED["claims.csv"].replace("Yoon Suk Yeol", "Dmitry Peskov")})
    # the claim still matches on (article, value); claimant right for 2 of the 3 matches
    assert (r["claims"]["f1"], r["claims"]["claimant_acc"]) == (1.0, 0.667)
    assert r["claims"]["claimant_misses"] == [
        "002_b.txt 12000: claimant want 'National Intelligence Service|Yoon Suk Yeol' got 'Dmitry Peskov'"]
    assert r["overall"] == 0.958  # (7 + 0.667) / 8 = 0.9584


@pytest.mark.parametrize("claimant, ok", [
    ("NIS", True),                                  # acronym of the gold name
    ("South Korea's spy agency", True),             # a variant listed in gold actors.csv
    ("the National Intelligence Service", True),    # a leading "the" is set aside
    ("National Intelligence Service (NIS)", True),  # the name plus a gloss
    ("", False),
])
def test_claimant_name_matching(run, claimant, ok):
    r = run(pred={"claims.csv": PRED["claims.csv"].replace("approx,National Intelligence Service", f"approx,{claimant}")})
    assert r["claims"]["claimant_acc"] == (1.0 if ok else 0.667)


@pytest.mark.parametrize("claimant, ok", [("", True), ("unknown", True), ("NIS", False)])
def test_unattributed_gold_claim_wants_no_claimant(run, claimant, ok):
    r = run(pred={"claims.csv": PRED["claims.csv"].replace("at_least,\n", f"at_least,{claimant}\n")})
    assert r["claims"]["claimant_acc"] == (1.0 if ok else 0.667)


def test_unit_and_qualifier_accuracies(run):
    r = run(pred={"claims.csv": PRED["claims.csv"].replace("troops,approx", "troop,exact")})
    # "troop" is "troops" in the singular; the qualifier is wrong for 1 of 3
    assert (r["claims"]["unit_acc"], r["claims"]["qualifier_acc"]) == (1.0, 0.667)


# --- quotes --------------------------------------------------------------------------------------------------

def test_prefix_quote_needs_only_its_opening(run):
    too_short = PRED["quotes.csv"].replace(
        '"We are seeing a lot of contradictory information. South Koreans say one thing"', "We are seeing a lot")
    r = run(pred={"quotes.csv": too_short})
    # a prediction shorter than the gold opening does not match: tp 1 of 2 both ways
    assert (r["quotes"]["tp"], r["quotes"]["f1"]) == (1, 0.5)


def test_term_in_quotation_marks_counts_neither_way(run):
    r = run(pred={"quotes.csv": "+B,“Storm Corps”,\n"})
    assert (r["quotes"]["pred"], r["quotes"]["gold"], r["quotes"]["f1"]) == (2, 2, 1.0)


def test_quote_marks_case_and_trailing_punctuation_are_set_aside(run):
    r = run(pred={"quotes.csv": PRED["quotes.csv"].replace("A,grave concerns", "A,“Grave  concerns.”")})
    assert r["quotes"]["tp"] == 2


def test_spurious_quote(run):
    r = run(pred={"quotes.csv": "+A,reckless and illegal,David Lammy\n"})
    # P 2/3, R 1: F1 = (4/3)/(5/3) = 0.8
    assert (r["quotes"]["precision"], r["quotes"]["f1"]) == (0.667, 0.8)
    assert r["quotes"]["spurious"] == ["001_a.txt “reckless and illegal”"]


def test_wrong_speaker(run):
    r = run(pred={"quotes.csv": PRED["quotes.csv"].replace("grave concerns,Kim Hong-kyun", "grave concerns,Kim")})
    # a bare "Kim" is not Kim Hong-kyun: speaker right for 1 of 2 matches
    assert (r["quotes"]["f1"], r["quotes"]["speaker_acc"]) == (1.0, 0.5)


def test_quote_under_90_percent_alike_is_missed(run):
    r = run(pred={"quotes.csv": PRED["quotes.csv"].replace("A,grave concerns", "A,grave concerns about the troops")})
    assert r["quotes"]["missed"] == ["001_a.txt “grave concerns”"]


# --- timeline ------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("start, end, ok", [
    ("2024-08-01", "2024-08-31", True),
    ("2023-08-01", "2023-08-31", True),   # the other alternative
    ("2023-08-01", "2024-08-31", False),  # alternatives pair start with end
])
def test_date_alternatives(run, start, end, ok):
    r = run(pred={"timeline.csv": PRED["timeline.csv"].replace("A,2024-08-01,2024-08-31", f"A,{start},{end}")})
    assert r["timeline"]["f1"] == (1.0 if ok else 0.667)  # else P 2/3, R 2/3


def test_timeline_is_a_set_per_article(run):
    r = run(pred={"timeline.csv": "+A,2024-10-21T00:00:00,,day\nA,2024-06-01,2024-06-30,month\n"})
    # a repeat (end empty = start, a time after the date is dropped) adds nothing;
    # the same month in another article is spurious there: P 3/4
    assert (r["timeline"]["pred"], r["timeline"]["precision"]) == (4, 0.75)
    assert r["timeline"]["spurious"] == ["001_a.txt 2024-06-01..2024-06-30"]


def test_missed_date(run):
    r = run(pred={"timeline.csv": PRED["timeline.csv"].replace("B,2024-06-01,2024-06-30,month\n", "")})
    assert (r["timeline"]["recall"], r["timeline"]["f1"]) == (0.667, 0.8)
    assert r["timeline"]["missed"] == ["002_b.txt 'in June' -> 2024-06-01..2024-06-30"]


# --- people and merging --------------------------------------------------------------------------------------

def test_split_actor(run):
    r = run(pred={"actors.csv": "+z2,Zinoviev,PERSON\n",
                  "mentions.csv": PRED["mentions.csv"].replace("B,z,Zinoviev", "B,z2,Zinoviev")})
    # Zinoviev's three spellings got two ids: merged 2 of 3 actors
    assert (r["merge"]["n"], r["merge"]["accuracy"]) == (3, 0.667)
    assert r["merge"]["split"] == ["Georgy Zinoviev: ['Georgy Zinoviev', 'Zinoviev']"]
    # in 002 the people are now z2 and p (z is no longer mentioned there): still 3 of 3
    assert r["people"]["f1"] == 1.0


def test_split_actor_counts_twice_in_people(run):
    r = run(pred={"actors.csv": "+z2,Georgiy Zinoviev,PERSON\n", "mentions.csv": "+B,z2,Georgiy Zinoviev\n"})
    # 002 now has z, z2 and p: 3 predicted for 2 gold, so people P = 3/4 overall, F1 = 1.5/1.75
    assert (r["people"]["precision"], r["people"]["f1"]) == (0.75, 0.857)
    assert r["merge"]["accuracy"] == 0.667


def test_actor_with_one_spelling_found_is_not_scored_for_merge(run):
    r = run(pred={"mentions.csv": PRED["mentions.csv"].replace("B,p,Peskov\n", "")})
    assert r["merge"]["n"] == 2


def test_merge_is_zero_when_no_actor_has_two_spellings(run):
    only_one = "article_id,actor_id,text\nA,z,Georgy Zinoviev\nB,p,Peskov\n"
    r = run(pred={"mentions.csv": only_one})
    assert (r["merge"]["n"], r["merge"]["accuracy"]) == (0, 0.0)  # as the shared yardstick counts it


def test_person_typed_as_org_is_a_missed_person(run):
    r = run(pred={"actors.csv": PRED["actors.csv"].replace("p,Dmitry Peskov,PERSON", "p,Dmitry Peskov,ORG")})
    # P 1, R 2/3: F1 0.8
    assert (r["people"]["recall"], r["people"]["f1"]) == (0.667, 0.8)
    assert r["people"]["missed"] == ["002_b.txt Dmitry Peskov"]


@pytest.mark.parametrize("name", ["Dmitri Peskov", "DMITRY PESKOV"])
def test_person_spelled_differently_still_counts(run, name):
    r = run(pred={"actors.csv": PRED["actors.csv"].replace("p,Dmitry Peskov,PERSON", f"p,{name},per")})
    assert r["people"]["f1"] == 1.0


# --- metadata and missing articles -------------------------------------------------------------------------

def test_wrong_publication_date(run):
    r = run(pred={"articles.csv": PRED["articles.csv"].replace("AFP,2024-10-21", "AFP,2024-10-20")})
    assert r["metadata"]["accuracy"] == 0.75  # 3 of 4 fields
    assert r["metadata"]["misses"] == ["001_a.txt published: want '2024-10-21' got '2024-10-20'"]


def test_metadata_tolerances(run):
    articles = """article_id,file,source,published,headline,byline,outlet
A,in/001_a.txt,AFP,2024-10-21T09:32:00,Seoul summons Russian envoy.,By AFP,
B,in/002_b.txt,The Guardian,,,,
"""
    # a time after the date, a full stop after the headline, "By" before the byline, the outlet taken from source
    assert run(pred={"articles.csv": articles})["metadata"]["accuracy"] == 1.0


def test_missing_article(run):
    r = run(pred={"articles.csv": PRED["articles.csv"].replace("B,in/002_b.txt,The Guardian,,,,The Guardian\n", "")})
    assert r["missing_articles"] == ["002_b.txt"]
    # rows of B no longer belong to a gold article: claims tp 2 of 3 gold, P 1
    assert (r["claims"]["pred"], r["claims"]["recall"]) == (2, 0.667)
    assert r["metadata"]["accuracy"] == 0.75  # 002's outlet is now missing


# --- the whole result, hand-computed -------------------------------------------------------------------------

def test_several_errors_at_once(run):
    r = run(pred={
        "claims.csv": PRED["claims.csv"].replace("A,13000,containers,at_least,\n", "") + "B,2022,,exact,\n",
        "quotes.csv": PRED["quotes.csv"].replace("grave concerns,Kim Hong-kyun", "grave concerns,Georgy Zinoviev"),
        "timeline.csv": PRED["timeline.csv"] + "B,2024-10-21,2024-10-21,day\n",
    })
    # claims: tp 2, pred 3, gold 3 → P = R = F1 = 0.667; claimant 2/2
    # quotes: F1 1, speaker 1/2; timeline: tp 3, pred 4 → F1 = 1.5/1.75 = 0.857
    assert figures(r) == {"claims": 0.667, "claimant": 1.0, "quotes": 1.0, "speaker": 0.5, "timeline": 0.857,
                          "people": 1.0, "merge": 1.0, "metadata": 1.0}
    assert r["overall"] == 0.878  # (0.667 + 1 + 1 + 0.5 + 0.857 + 1 + 1 + 1) / 8 = 0.8780


# --- input errors --------------------------------------------------------------------------------------------

def test_missing_file_is_an_input_error(tmp_path):
    gold = write_folder(tmp_path / "gold", GOLD)
    pred = write_folder(tmp_path / "pred", {k: v for k, v in PRED.items() if k != "quotes.csv"})
    with pytest.raises(InputError, match=r"quotes\.csv is missing"):
        score(gold, pred)


def test_missing_column_is_an_input_error(tmp_path):
    gold = write_folder(tmp_path / "gold", GOLD | {"dates.csv": "file,start,granularity\n"})
    pred = write_folder(tmp_path / "pred", PRED)
    with pytest.raises(InputError, match=r"dates\.csv lacks column\(s\) end"):
        score(gold, pred)


def test_gold_written_with_a_bom_is_read(run):
    bom_gold = {name: "\ufeff" + content for name, content in GOLD.items()}
    assert run(gold=bom_gold)["overall"] == 1.0


# --- normalisation and the report ----------------------------------------------------------------------------

def test_norm_text_and_norm_name():
    assert norm_text("  “Grave   Concerns.” ") == "grave concerns"
    assert norm_name("The Élysée’s") == "elysee"
    assert norm_name("Kim Hong-kyun") == "kim hong kyun"


def test_report_has_one_line_per_table(run):
    r = run(pred={"claims.csv": PRED["claims.csv"].replace("A,13000,containers,at_least,\n", "")})
    lines = format_report(r).splitlines()
    assert [line.split()[0] for line in lines] == ["claims", "quotes", "timeline", "people", "merge", "metadata",
                                                   "overall"]
    assert lines[0].startswith("claims    P=1.000 R=0.667 F1=0.800 (tp 2, pred 2, gold 3)")
    assert "claimant_acc=1.000" in lines[0]
    assert lines[-1] == "overall   0.975"


def test_report_details_list_misses(run):
    r = run(pred={"claims.csv": PRED["claims.csv"].replace("A,13000,containers,at_least,\n", ""),
                  "articles.csv": PRED["articles.csv"].replace("B,in/002_b.txt,The Guardian,,,,The Guardian\n", "")})
    report = format_report(r, details=True)
    assert report.splitlines()[0] == "articles not extracted: 002_b.txt"
    assert "  claims.missed: 001_a.txt 13000 containers (over 13,000 containers)" in report.splitlines()
    assert "claims.missed" not in format_report(r)
