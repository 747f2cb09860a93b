"""Tests for core/timeline.py: the calendar rules on their own (no model), then date expressions found in
sentences written here with a known publication date, then the seed articles against their gold dates."""
from __future__ import annotations

import csv
import datetime as dt
import re
from collections import defaultdict
from pathlib import Path

import pytest

from core import timeline
from core.dates import complete_year
from core.schema import frame
from core.timeline import (COLUMNS, GRANULARITIES, extract_timeline, nearest_weekday, relative_span,
                           resolve_expression)

GOLD = Path(__file__).parent / "data" / "gold"

D = dt.date.fromisoformat
MONDAY, SUNDAY = D("2024-10-21"), D("2024-10-27")  # publication on a Monday and on a Sunday (same week)


def span(expression: str, published: str | None, *, forward: bool = False) -> tuple[str, str, str] | None:
    res = resolve_expression(expression, D(published) if published else None, forward=forward)
    if res is None:
        return None
    return (res.start.isoformat() if res.start else "", res.end.isoformat() if res.end else "", res.granularity)


def rows(parse, text: str, published: str = "") -> list[tuple[str, str, str, str]]:
    return [(r["expression"], r["start"], r["end"], r["granularity"])
            for r in extract_timeline(parse(text, published=published))]


# --- calendar rules, without the model ---------------------------------------------------------------------

@pytest.mark.parametrize("published", [MONDAY, SUNDAY])
def test_weeks_run_monday_to_sunday_around_the_publication_week(published):
    assert relative_span("last", "week", published) == (D("2024-10-14"), D("2024-10-20"))
    assert relative_span("this", "week", published) == (D("2024-10-21"), D("2024-10-27"))
    assert relative_span("next", "week", published) == (D("2024-10-28"), D("2024-11-03"))


def test_last_week_across_a_year_boundary():
    assert span("last week", "2025-01-01") == ("2024-12-23", "2024-12-29", "week")
    assert span("Last week", "2025-01-05") == ("2024-12-23", "2024-12-29", "week")


def test_weekday_is_the_latest_on_or_before_publication_publication_day_included():
    assert nearest_weekday(0, MONDAY) == MONDAY  # "on Monday" in a Monday paper is that day
    assert nearest_weekday(4, MONDAY) == D("2024-10-18")
    assert nearest_weekday(6, SUNDAY) == SUNDAY
    assert nearest_weekday(0, SUNDAY) == MONDAY
    assert nearest_weekday(0, MONDAY, strict=True) == D("2024-10-14")
    assert nearest_weekday(3, MONDAY, forward=True) == D("2024-10-24")


def test_weekday_expressions():
    assert span("on Monday", "2024-10-21") == ("2024-10-21", "2024-10-21", "day")
    assert span("On Sunday", "2024-10-21") == ("2024-10-20", "2024-10-20", "day")
    assert span("on Sunday", "2024-10-27") == ("2024-10-27", "2024-10-27", "day")
    assert span("last Monday", "2024-10-21") == ("2024-10-14", "2024-10-14", "day")
    assert span("next Monday", "2024-10-21") == ("2024-10-28", "2024-10-28", "day")
    assert span("on Thursday", "2024-10-21", forward=True) == ("2024-10-24", "2024-10-24", "day")


def test_day_words_cross_month_and_year():
    assert span("yesterday", "2025-01-01") == ("2024-12-31", "2024-12-31", "day")
    assert span("today", "2025-01-01") == ("2025-01-01", "2025-01-01", "day")
    assert span("tomorrow", "2024-12-31") == ("2025-01-01", "2025-01-01", "day")


def test_months_are_the_latest_on_or_before_publication():
    assert span("in June", "2024-10-21") == ("2024-06-01", "2024-06-30", "month")
    assert span("in October", "2024-10-21") == ("2024-10-01", "2024-10-31", "month")
    assert span("since August", "2024-10-21") == ("2024-08-01", "2024-08-31", "month")
    assert span("in December", "2025-01-10") == ("2024-12-01", "2024-12-31", "month")
    assert span("since last August", "2024-08-15") == ("2023-08-01", "2023-08-31", "month")
    assert span("in February", "2024-03-01") == ("2024-02-01", "2024-02-29", "month")
    assert span("in June last year", "2024-10-21") == ("2023-06-01", "2023-06-30", "month")
    assert span("in June", "2024-10-21", forward=True) == ("2025-06-01", "2025-06-30", "month")


def test_this_last_next_month_and_year():
    assert span("this month", "2024-10-21") == ("2024-10-01", "2024-10-31", "month")
    assert span("last month", "2025-01-10") == ("2024-12-01", "2024-12-31", "month")
    assert span("next month", "2024-12-10") == ("2025-01-01", "2025-01-31", "month")
    assert span("this year", "2024-10-21") == ("2024-01-01", "2024-12-31", "year")
    assert span("last year", "2025-01-01") == ("2024-01-01", "2024-12-31", "year")
    assert span("in 2022", "2024-10-21") == ("2022-01-01", "2022-12-31", "year")
    assert span("between 2014 and 2022", None) == ("2014-01-01", "2022-12-31", "year")


@pytest.mark.parametrize("expression", ["21 October 2024", "Oct. 21, 2024", "2024-10-21", "on Monday, October 21, 2024"])
def test_absolute_dates_resolve_with_or_without_publication(expression):
    assert span(expression, "2025-03-01") == ("2024-10-21", "2024-10-21", "day")
    assert span(expression, None) == ("2024-10-21", "2024-10-21", "day")


def test_day_month_without_year_takes_the_year_on_or_before_publication():
    assert span("October 8", "2024-10-21") == ("2024-10-08", "2024-10-08", "day")
    assert span("October 22", "2024-10-21") == ("2023-10-22", "2023-10-22", "day")
    assert span("on December 28", "2025-01-03") == ("2024-12-28", "2024-12-28", "day")
    assert complete_year(2, 29, D("2025-06-01")) == D("2024-02-29")


@pytest.mark.parametrize("expression", ["between Oct. 8 and Oct. 13", "from October 8 to 13", "between 8 and 13 October",
                                        "8-13 October", "Oct. 8–13, 2024", "from 8 October to 13 October"])
def test_ranges_of_days_are_one_span(expression):
    assert span(expression, "2024-10-21") == ("2024-10-08", "2024-10-13", "day")


def test_range_across_new_year_against_january_publication():
    assert span("from 28 December to 3 January", "2025-01-10") == ("2024-12-28", "2025-01-03", "day")
    assert span("between Dec. 28 and Jan. 3", "2025-01-10") == ("2024-12-28", "2025-01-03", "day")


def test_no_publication_date_leaves_relative_expressions_unresolved():
    for expression, granularity in [("on Monday", "day"), ("last week", "week"), ("in June", "month"),
                                    ("this year", "year"), ("October 8", "day"), ("yesterday", "day"),
                                    ("between 8 and 13 October", "day")]:
        res = resolve_expression(expression, None)
        assert res is not None and not res.resolved, expression
        assert (res.start, res.end, res.granularity) == (None, None, granularity), expression
        assert "no publication date" in res.note, expression


@pytest.mark.parametrize("expression", ["31 February 2024", "February 30", "on 31 February", "between 30 and 31 February",
                                        "between 13 and 8 October"])
def test_impossible_dates_resolve_to_nothing(expression):
    assert resolve_expression(expression, D("2024-10-21")) is None
    assert resolve_expression(expression, None) is None


@pytest.mark.parametrize("expression", ["recently", "soon", "in recent days", "1,500", "2000", "the 1990s", "10:30"])
def test_vague_and_non_dates_are_not_expressions(expression):
    assert resolve_expression(expression, D("2024-10-21")) is None


# --- expressions in text -------------------------------------------------------------------------------------

def test_rows_point_at_their_text_and_sentence(parse):
    text = "Talks stalled. Seoul summoned the envoy on Monday, officials said Friday, citing a deal signed in June."
    parsed = parse(text, published="2024-10-21")
    got = extract_timeline(parsed)
    assert [(r["expression"], r["start"]) for r in got] == [
        ("on Monday", "2024-10-21"), ("Friday", "2024-10-18"), ("in June", "2024-06-01")]
    for r in got:
        assert text[r["start_char"]:r["end_char"]] == r["expression"]
        assert r["sentence_id"] == 1 and r["sentence"] == text[15:]
        assert r["resolved"] is True and r["note"]
    df = frame(got, COLUMNS)
    assert list(df.columns) == list(COLUMNS) and str(df["resolved"].dtype) == "boolean"
    assert set(df["granularity"]) <= set(GRANULARITIES)


def test_weekdays_in_a_monday_and_a_sunday_paper(parse):
    text = "Kim met the envoy on Monday. He left On Sunday, aides said Friday."
    assert rows(parse, text, "2024-10-21") == [
        ("on Monday", "2024-10-21", "2024-10-21", "day"), ("On Sunday", "2024-10-20", "2024-10-20", "day"),
        ("Friday", "2024-10-18", "2024-10-18", "day")]
    assert rows(parse, text, "2024-10-27") == [
        ("on Monday", "2024-10-21", "2024-10-21", "day"), ("On Sunday", "2024-10-27", "2024-10-27", "day"),
        ("Friday", "2024-10-25", "2024-10-25", "day")]


def test_future_tense_points_forward(parse):
    text = "Talks will resume on Thursday. Duda is set to visit Seoul in June, officials said Friday."
    assert rows(parse, text, "2024-10-21") == [
        ("on Thursday", "2024-10-24", "2024-10-24", "day"), ("in June", "2025-06-01", "2025-06-30", "month"),
        ("Friday", "2024-10-18", "2024-10-18", "day")]


def test_relative_weeks_months_years_and_ranges_in_text(parse):
    text = ("Last week, troops moved between 8 and 13 October. A deal struck this year followed the invasion in 2022. "
            "Shipments since last August rose, and the president visits Seoul this week.")
    assert rows(parse, text, "2024-10-21") == [
        ("Last week", "2024-10-14", "2024-10-20", "week"), ("between 8 and 13 October", "2024-10-08", "2024-10-13", "day"),
        ("this year", "2024-01-01", "2024-12-31", "year"), ("in 2022", "2022-01-01", "2022-12-31", "year"),
        ("since last August", "2024-08-01", "2024-08-31", "month"), ("this week", "2024-10-21", "2024-10-27", "week")]


def test_december_date_read_against_a_january_paper(parse):
    assert rows(parse, "The border closed on December 28 and reopened yesterday.", "2025-01-03") == [
        ("on December 28", "2024-12-28", "2024-12-28", "day"), ("yesterday", "2025-01-02", "2025-01-02", "day")]


def test_without_publication_date_relative_rows_are_unresolved(parse):
    got = extract_timeline(parse("The envoy was summoned on Monday, after a deal signed on 19 June 2024.", published=""))
    assert [(r["expression"], r["start"], r["resolved"]) for r in got] == [
        ("on Monday", "", False), ("on 19 June 2024", "2024-06-19", True)]
    assert got[0]["note"] == "no publication date"


def test_impossible_dates_in_text_are_not_rows_and_are_reported(parse):
    text = "The order was dated 31 February 2024 and signed on February 30."
    problems: list[str] = []
    assert extract_timeline(parse(text, "2024-10-21"), problems=problems) == []
    assert [p.split(" names ")[0] for p in problems] == [
        f"impossible date “31 February 2024” at character {text.index('31')}",
        f"impossible date “February 30” at character {text.index('February 30')}"]


def test_dates_that_exist_give_no_problem(parse):
    problems: list[str] = []
    got = extract_timeline(parse("It met on 29 February 2024 and in June, not in the June report.", "2024-10-21"),
                           problems=problems)
    assert [r["start"] for r in got] == ["2024-02-29", "2024-06-01"] and problems == []


def test_a_reversed_range_of_existing_days_is_reported_as_a_range(parse):
    problems: list[str] = []
    assert extract_timeline(parse("Talks ran from 13 to 8 October.", "2024-10-21"), problems=problems) == []
    assert len(problems) == 1 and "“from 13 to 8 October” at character 10 is a range that ends before it starts" \
        in problems[0]


def test_numbers_that_are_not_dates_are_not_rows(parse):
    text = ("Approximately 1,500 soldiers and 2000 troops arrived at 10:30, joining a force of 2000 men. "
            "Kim, 40, cited Resolution 2231 and 12,000 shells. In the 1990s the two were close. "
            "Troops rose from 1900 to 2000 soldiers; the score was 8-13.")
    assert rows(parse, text, "2024-10-21") == []


def test_vague_expressions_and_names_with_day_words_are_not_rows(parse):
    text = ("Zelensky recently warned that troops would arrive soon; the footage was shot in recent days. "
            "The Sunday Times and USA Today reported it every Monday over the past week. They may march.")
    assert rows(parse, text, "2024-10-21") == []


def test_docstring_documents_every_column():
    documented = set(re.findall(r"^\| (\w+) \| (\w+) \|", timeline.__doc__, re.MULTILINE)) - {("column", "dtype")}
    assert documented == set(COLUMNS.items())


# --- the seed articles ---------------------------------------------------------------------------------------

# What is right for the seeds (tests/data/gold/dates.csv; where gold allows two years for "last August" this is
# the one the rule picks: the latest August before the publication month).
SEED_DATES = {
    "000_1700f88ec5aa7c5f.txt": {("2024-10-21", "2024-10-21", "day"), ("2024-06-01", "2024-06-30", "month"),
                                 ("2024-10-08", "2024-10-13", "day"), ("2024-08-01", "2024-08-31", "month"),
                                 ("2022-01-01", "2022-12-31", "year"), ("2024-10-21", "2024-10-27", "week")},
    "001_c081621a7dec6798.txt": {("2024-10-21", "2024-10-21", "day"), ("2024-06-01", "2024-06-30", "month"),
                                 ("2024-10-18", "2024-10-18", "day"), ("2024-10-08", "2024-10-13", "day"),
                                 ("2024-08-01", "2024-08-31", "month")},
    "002_9421d41fcfe75d98.txt": {("2024-06-01", "2024-06-30", "month"), ("2024-10-14", "2024-10-20", "week")},
    "003_03c885aabdb3101b.txt": {("2024-10-21", "2024-10-21", "day"), ("2024-10-18", "2024-10-18", "day"),
                                 ("2024-06-01", "2024-06-30", "month")},
    "004_5c51c3c021cbefec.txt": {("2024-10-21", "2024-10-21", "day"), ("2024-01-01", "2024-12-31", "year"),
                                 ("2024-10-14", "2024-10-20", "week"), ("2024-10-18", "2024-10-18", "day"),
                                 ("2024-10-08", "2024-10-13", "day"), ("2024-06-01", "2024-06-30", "month"),
                                 ("2024-08-01", "2024-08-31", "month"), ("2024-10-20", "2024-10-20", "day")},
}


def test_expected_seed_dates_agree_with_gold():
    gold: dict[str, list[set[tuple[str, str, str]]]] = defaultdict(list)
    with (GOLD / "dates.csv").open(encoding="utf-8") as fh:
        for g in csv.DictReader(fh):
            gold[g["file"]].append({(s, e, g["granularity"]) for s, e in zip(g["start"].split("|"), g["end"].split("|"))})
    assert set(gold) == set(SEED_DATES)
    for file, expected in SEED_DATES.items():
        assert len(gold[file]) == len(expected), file
        assert all(alternatives & expected for alternatives in gold[file]), file


def test_seed_timeline_is_exactly_the_expected_dates(seed_tables, seed_file_of):
    tl = seed_tables["timeline"].drop(columns=["source"], errors="ignore")  # added by corpus.with_source
    assert list(tl.columns[:len(COLUMNS)]) == list(COLUMNS)
    got: dict[str, set[tuple[str, str, str]]] = defaultdict(set)
    for r in tl.itertuples():
        got[seed_file_of[r.article_id]].add((r.start, r.end, r.granularity))
    assert dict(got) == SEED_DATES
    assert tl["resolved"].all()


def test_present_tense_schedules_point_forward_but_since_and_reports_do_not(parse):
    text = ("The vote is on Nov. 5 and polls open on Tuesday. North Korea is believed to have sent shells since August. "
            "Ukraine says its forces shot down drones on Sunday.")
    assert rows(parse, text, "2024-10-21") == [
        ("on Nov. 5", "2024-11-05", "2024-11-05", "day"), ("on Tuesday", "2024-10-22", "2024-10-22", "day"),
        ("since August", "2024-08-01", "2024-08-31", "month"), ("on Sunday", "2024-10-20", "2024-10-20", "day")]


def test_weekday_ranges_and_days_of_last_year(parse):
    text = "Talks ran from Monday to Wednesday, a year after the attack on 7 October last year."
    assert rows(parse, text, "2024-12-03") == [
        ("from Monday to Wednesday", "2024-11-25", "2024-11-27", "day"),
        ("on 7 October last year", "2023-10-07", "2023-10-07", "day")]


def test_would_in_reported_speech_points_forward(parse):
    # published on a Sunday: the Thursday "would" looks at is the coming one
    text = ("The minister said talks would resume on Thursday. "
            "The mayor told reporters that the bridge would reopen on Friday and traffic would return.")
    assert rows(parse, text, "2025-05-11") == [
        ("on Thursday", "2025-05-15", "2025-05-15", "day"), ("on Friday", "2025-05-16", "2025-05-16", "day")]


@pytest.mark.parametrize("text, day", [
    ("The minister said the deal would have collapsed on Thursday without the union.", "2025-05-08"),  # past conditional
    ("In those years she would walk to work on Thursday.", "2025-05-08"),  # a habit, no speech verb
    ("The minister said talks resumed on Thursday.", "2025-05-08"),  # reported past
])
def test_would_without_reported_speech_or_with_have_looks_back(parse, text, day):
    assert [r[1] for r in rows(parse, text, "2025-05-11")] == [day]


@pytest.mark.parametrize("text, day", [
    ("Engineers said the line should be able to reopen by Thursday.", "2025-05-15"),  # through "be able to"
    ("Residents may return to their homes on Thursday.", "2025-05-15"),
    ("Crews can restore power on Thursday, the utility said.", "2025-05-15"),
    ("The mayor said the bridge could reopen on Thursday.", "2025-05-15"),  # "could" in reported speech
    ("The ferry may have sunk on Thursday.", "2025-05-08"),  # "have": a past possibility
    ("Rescuers could not reach the village on Thursday.", "2025-05-08"),  # "could" as the past of "can"
    ("Rescuers were able to reach the village on Thursday.", "2025-05-08"),
])
def test_modals_that_look_ahead_point_forward(parse, text, day):
    assert [r[1] for r in rows(parse, text, "2025-05-11")] == [day]


@pytest.mark.parametrize("text, day", [
    ("The union has called a strike for Tuesday.", "2025-05-13"),
    ("Talks are scheduled for 3 June.", "2025-06-03"),
    ("Police arrested two men for Tuesday's attack.", "2025-05-06"),  # a past event named by its day
    ("The talks began on Tuesday.", "2025-05-06"),
])
def test_a_day_something_is_planned_for_lies_ahead(parse, text, day):
    assert [r[1] for r in rows(parse, text, "2025-05-11")] == [day]


# --- fresh-story error classes: "until", forecasts, "overnight" ---------------------------------------------

@pytest.mark.parametrize("text, day", [
    # the end of something under way lies ahead (published Wednesday 14 May 2025) ...
    ("The weather office has issued a flood warning for the region until Saturday.", "2025-05-17"),
    ("The bridge stays closed till Monday.", "2025-05-19"),
    # ... unless the clause is told in the past
    ("The bridge was closed until Monday, when crews reopened it.", "2025-05-12"),
    ("Protesters stayed in the square until Sunday.", "2025-05-11"),
    ("The store had been closed until Monday.", "2025-05-12"),
])
def test_until_a_day_looks_ahead_unless_the_clause_is_past(parse, text, day):
    assert [r[1] for r in rows(parse, text, "2025-05-14")] == [day]


@pytest.mark.parametrize("text, day", [
    ("Rain is forecast to return on Friday.", "2025-05-16"),
    ("The agency has warned of heat, with temperatures forecast to climb again on Friday.", "2025-05-16"),
    ("A ruling, expected to come on Monday, could reshape the case.", "2025-05-19"),
    # a participle hung on a clause told in the past keeps the day in the past
    ("The verdict, expected to come on Monday, was delayed.", "2025-05-12"),
])
def test_forecast_and_expected_without_auxiliary_look_ahead(parse, text, day):
    assert [r[1] for r in rows(parse, text, "2025-05-14")] == [day]


def test_overnight_on_its_own_is_the_night_before_publication():
    assert span("overnight", "2025-08-14") == ("2025-08-13", "2025-08-14", "day")
    assert span("Overnight", "2025-03-01") == ("2025-02-28", "2025-03-01", "day")
    assert span("overnight", "2025-08-14", forward=True) == ("2025-08-14", "2025-08-15", "day")
    res = resolve_expression("overnight", None)
    assert res is not None and not res.resolved and res.granularity == "day"


@pytest.mark.parametrize("text, expected", [
    ("Gunmen attacked the village overnight.", [("overnight", "2025-05-13", "2025-05-14", "day")]),
    ("Overnight, the rebels advanced on the capital.", [("Overnight", "2025-05-13", "2025-05-14", "day")]),
    ("Orders were extended overnight to the village.", [("overnight", "2025-05-13", "2025-05-14", "day")]),
    ("Crews will work overnight to contain the blaze.", [("overnight", "2025-05-14", "2025-05-15", "day")]),
    # the news present tells what happened, not a schedule
    ("Russia attacks Kyiv overnight, killing three people.", [("overnight", "2025-05-13", "2025-05-14", "day")]),
    # an adjective, or a night that a day after it dates
    ("Officials imposed an overnight curfew.", []),
    ("The overnight hours were calm.", []),
    ("The city became an overnight success.", []),
    ("He stayed overnight on Tuesday at the hospital.", [("on Tuesday", "2025-05-13", "2025-05-13", "day")]),
])
def test_overnight_in_text(parse, text, expected):
    assert rows(parse, text, "2025-05-14") == expected


def test_a_date_in_a_sentence_with_no_verb_resolves_and_returns(parse):
    # climbing to the clause's verb must stop at the root (spaCy makes a new Token object on every access)
    from core.timeline import extract_timeline

    rows = extract_timeline(parse("Flood damage in Riverton on Monday.", published="2024-10-21"))
    assert [r["start"] for r in rows] == ["2024-10-21"]


def test_a_present_tense_the_tagger_reads_as_a_base_form_is_a_schedule(parse):
    # "begin" after a long plural subject is tagged VB, not VBP: with a subject and no auxiliary it is the present
    text = "Negotiations between management and the works council on a social plan begin on 3 November."
    assert [r[1] for r in rows(parse, text, "2025-10-16")] == ["2025-11-03"]
    assert [r[1] for r in rows(parse, "Talks began on 3 November.", "2025-10-16")] == ["2024-11-03"]
