"""Timeline: the dates an article mentions, each resolved to a calendar span against its publication date.

``extract_timeline(parsed)`` returns one row per dated mention in the article body (``COLUMNS``):

| column | dtype | meaning |
| --- | --- | --- |
| article_id | string | the article |
| sentence_id | Int64 | the body sentence holding the expression (see the ``sentences`` table) |
| start_char | Int64 | offset of the expression's first character in the article text |
| end_char | Int64 | offset just past its last character (``text[start_char:end_char] == expression``) |
| expression | string | the expression as written, with its preposition: "on Monday", "between 8 and 13 October" |
| start | string | first day of the span, `YYYY-MM-DD`; empty when unresolved |
| end | string | last day of the span, `YYYY-MM-DD`; empty when unresolved |
| granularity | string | `day`, `week` (Monday to Sunday), `month` or `year`; a range of days (a weekend too) is `day` with start < end |
| resolved | boolean | whether start and end are known |
| note | string | how it was resolved ("weekday: latest Monday on or before publication") or why not ("no publication date") |
| sentence | string | the sentence, as evidence |

What counts as a date: absolute dates ("21 October 2024", "Oct. 21, 2024", "2024-10-21"), day-month without a
year ("October 8", "7 October last year"), ranges of days ("between 8 and 13 October", "from Oct. 8 to 13",
"from Monday to Wednesday"), months ("in June",
"since last August", "June last year", "October 2024"), years after a preposition or as a modifier ("in 2022",
"the 2022 invasion", "from 2014 to 2022"), weekdays ("on Monday", "said Friday"), "yesterday" / "today" /
"tomorrow" / "last night", "last/this/next week|month|year", weekends (Saturday to Sunday), "three days ago",
and a bare "overnight" (an adverb: "the wind pushed the fire across the highway overnight"; not "an overnight
curfew", nor "overnight Tuesday", where the day named is the date): the night before publication, a range of
two days from the day before publication to publication day (in the future tense, the coming night: publication
day and the day after).

Relative expressions are read against the publication date: a weekday, a month or a day-month without a year is
the latest one on or before publication (publication day and month count), unless the clause it belongs to
points forward: future tense ("will meet on Thursday", "is due to vote in June"), a present-tense schedule
("the vote is on Nov. 5", "polls open on Tuesday"), the future seen from the past in reported speech ("said the
talks would resume on Thursday", "said it could reopen on Friday"; a "would" that no speech verb governs, a
conditional or a habit, does not count), a modal that looks ahead ("divers should be able to enter by Friday",
"residents may return on Monday", "can"; not with "have": "may have sunk on Monday")
or a day something is planned for ("a vote set for Thursday", "talks scheduled for 3 June"; not "for Thursday's
attack"), or a forecast or expectation without auxiliary ("with temperatures forecast to climb again on Friday",
"a ruling, expected to come on Monday, could ..."; not when the clause it hangs on is told in the past: "the
verdict, expected on Monday, was delayed"), or the end of something under way ("a heat warning until Saturday",
"the road stays closed till Monday"; "until" in a past clause looks back: "the road was closed until Monday");
then it is the first one on or after publication. "since" always looks back. Without a publication
date they are listed unresolved, never guessed.

Not rows: vague expressions ("recently", "soon", "in recent days", "the past week"), decades ("the 1990s": the
granularities have no decade, and a ten-year span would claim more precision than the text has), numbers that
are counts ("2000 troops", "1,500"), times of day, numeric dates such as 10/08/2024 (day-month order is
ambiguous), and impossible dates ("31 February").
"""
from __future__ import annotations

import calendar
import dataclasses
import datetime as dt
import re
from collections.abc import Callable

from spacy.tokens import Doc

from .dates import ABSOLUTE_DATE, complete_year, month_number, parse_absolute
from .parse import ParsedArticle

COLUMNS = {
    "article_id": "string", "sentence_id": "Int64", "start_char": "Int64", "end_char": "Int64",
    "expression": "string", "start": "string", "end": "string", "granularity": "string", "resolved": "boolean",
    "note": "string", "sentence": "string",
}
GRANULARITIES = ("day", "week", "month", "year")
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
NO_PUBLICATION = "no publication date"


@dataclasses.dataclass(frozen=True)
class Resolution:
    """A date expression's calendar span; ``start``/``end`` are None when it cannot be resolved."""
    start: dt.date | None
    end: dt.date | None
    granularity: str
    note: str

    @property
    def resolved(self) -> bool:
        return self.start is not None


# --- calendar spans -----------------------------------------------------------------------------------------

def week_of(day: dt.date) -> tuple[dt.date, dt.date]:
    monday = day - dt.timedelta(days=day.weekday())
    return monday, monday + dt.timedelta(days=6)


def month_of(year: int, month: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])


def year_of(year: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def add_months(year: int, month: int, delta: int) -> tuple[int, int]:
    y, m = divmod(year * 12 + month - 1 + delta, 12)
    return y, m + 1


def nearest_weekday(weekday: int, ref: dt.date, *, forward: bool = False, strict: bool = False) -> dt.date:
    """The latest day with ``weekday`` (0 = Monday) on or before ``ref`` (strictly before with ``strict``);
    with ``forward``, the first one on or after it."""
    if forward:
        gap = (weekday - ref.weekday()) % 7 or (7 if strict else 0)
        return ref + dt.timedelta(days=gap)
    gap = (ref.weekday() - weekday) % 7 or (7 if strict else 0)
    return ref - dt.timedelta(days=gap)


def nearest_month(month: int, ref: dt.date, *, forward: bool = False, strict: bool = False) -> tuple[int, int]:
    """(year, month) of the latest ``month`` on or before ``ref``'s month (strictly before with ``strict``);
    with ``forward``, the first one on or after it."""
    if forward:
        year = ref.year if month > ref.month or (month == ref.month and not strict) else ref.year + 1
    else:
        year = ref.year if month < ref.month or (month == ref.month and not strict) else ref.year - 1
    return year, month


def relative_span(which: str, unit: str, published: dt.date) -> tuple[dt.date, dt.date]:
    """"last/this/next" + "week/weekend/month/year" against ``published`` (weeks run Monday to Sunday)."""
    step = {"last": -1, "this": 0, "next": 1}[which]
    if unit in ("week", "weekend"):
        monday, sunday = week_of(published + dt.timedelta(weeks=step))
        return (sunday - dt.timedelta(days=1), sunday) if unit == "weekend" else (monday, sunday)
    if unit == "month":
        return month_of(*add_months(published.year, published.month, step))
    return year_of(published.year + step)


def _direction(forward: bool) -> str:
    return "on or after publication (future tense)" if forward else "on or before publication"


# --- patterns: each rule is a regex and a resolver (match, published, forward) → Resolution | None ----------
# A resolver returns None for an impossible date; the match still occupies its text so that no shorter rule
# reads a piece of it ("February" out of "31 February").

# \b: "within June" must not read as "in June"
PREP = r"\b(?i:on|in|since|during|until|till|by|from|through|throughout|before|after|of|around|as\s+of)"
LEAD = rf"(?P<lead>{PREP}\s+)?"
EDGE = r"\b(?i:early|mid|late)"
WHICH = r"\b(?i:last|this|next)"
# Capitalised names only: "may" and "march" in lower case are verbs. Bare abbreviations need their full stop.
MONTH_NAME = (r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
              r"|(?:Jan|Feb|Mar|Apr|Aug|Sept?|Oct|Nov|Dec)\.)")
# Full names first, so that "13 October." leaves the full stop to the sentence; abbreviations may keep theirs.
MONTH = (r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
         r"|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?)(?![A-Za-z])")
DAY = r"(?<![\d,.])\d{1,2}(?:st|nd|rd|th)?(?![\d:]|[.,]\d)"
YEAR = r"(?:19|20)\d\d(?![\d]|[.,]\d)"
WEEKDAY = r"\b(?:" + "|".join(WEEKDAYS) + ")"
SEP = r"(?:\s*[-–—]\s*|\s+(?i:to|through|until|till)\s+)"
NUMBER_WORDS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
                "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12}


def _day_range_patterns() -> list[str]:
    def md(p: str) -> str:
        return rf"(?P<{p}m>{MONTH})\s+(?P<{p}d>{DAY})"

    def dm(p: str) -> str:
        return rf"(?:the\s+)?(?P<{p}d>{DAY})\s+(?:of\s+)?(?P<{p}m>{MONTH})"

    def year(p: str) -> str:
        return rf"(?:,?\s+(?P<{p}y>{YEAR}))?"

    forms = [
        md("s") + year("s") + "<SEP>" + md("e") + year("e"),  # Oct. 8 to Oct. 13, 2024
        md("s") + "<SEP>" + rf"(?P<ed>{DAY})" + year("e"),  # October 8 to 13
        rf"(?P<sd>{DAY})" + "<SEP>" + dm("e") + year("e"),  # 8-13 October
        dm("s") + year("s") + "<SEP>" + dm("e") + year("e"),  # 28 September to 3 October
    ]
    # "8 and 13 October" names two days unless "between" makes it a range
    return ([r"(?i:between)\s+" + f.replace("<SEP>", r"\s+(?i:and)\s+") for f in forms]
            + [r"(?:(?i:from)\s+)?" + f.replace("<SEP>", SEP) for f in forms])


def _int(text: str) -> int:
    return int(re.match(r"\d+", text).group())


def resolve_absolute(m: re.Match, published: dt.date | None, forward: bool) -> Resolution | None:
    day = parse_absolute(m)
    return Resolution(day, day, "day", "absolute date") if day else None


def resolve_day_month(m: re.Match, published: dt.date | None, forward: bool) -> Resolution | None:
    month = month_number(m["m1"] or m["m2"])
    day = _int(m["d1"] or m["d2"])
    if m["yw"] and published is not None:  # "on 7 October last year"
        try:
            date = dt.date(published.year + {"last": -1, "this": 0, "next": 1}[m["yw"].lower()], month, day)
        except ValueError:
            return None
        return Resolution(date, date, "day", f"day of {m['yw'].lower()} year")
    if published is None:
        try:
            dt.date(2000, month, day)  # a leap year: only days no year has are impossible
        except ValueError:
            return None
        return Resolution(None, None, "day", "no year and no publication date")
    date = complete_year(month, day, published, forward=forward)
    if date is None:
        return None
    return Resolution(date, date, "day", f"no year: the one {_direction(forward)}")


def resolve_day_range(m: re.Match, published: dt.date | None, forward: bool) -> Resolution | None:
    g = m.groupdict()
    sm, em = month_number(g.get("sm") or g["em"]), month_number(g.get("em") or g["sm"])
    sd, ed = _int(g["sd"]), _int(g["ed"])
    sy, ey = g.get("sy"), g.get("ey")
    wraps = sm > em  # "28 December to 3 January" crosses a new year; "13 to 8 October" is no range
    try:
        if sy or ey:
            end_year = int(ey) if ey else int(sy) + wraps
            start = dt.date(int(sy) if sy else end_year - wraps, sm, sd)
            note = "range of days"
        elif published is None:  # still tell an impossible range (in a leap year) from an unknown one
            if not wraps and dt.date(2000, sm, sd) >= dt.date(2000, em, ed):
                return None
            return Resolution(None, None, "day", "no year and no publication date")
        else:
            start = complete_year(sm, sd, published, forward=forward)
            if start is None:
                return None
            end_year = start.year + wraps
            note = f"range of days, no year: starting {_direction(forward)}"
        end = dt.date(end_year, em, ed)
    except ValueError:
        return None
    return Resolution(start, end, "day", note) if start < end else None


def resolve_month_year(m: re.Match, published: dt.date | None, forward: bool) -> Resolution:
    return Resolution(*month_of(int(m["y"]), month_number(m["m"])), "month", "month and year")


def resolve_month(m: re.Match, published: dt.date | None, forward: bool) -> Resolution | None:
    words = (m["pre"] or "").lower().split()
    if not words and not m["yw"]:
        return None  # a bare month name ("the June summit") is too often part of a name
    if published is None:
        return Resolution(None, None, "month", NO_PUBLICATION)
    month = month_number(m["m"])
    which = next((w for w in words if w in ("last", "this", "next")), None)
    if m["yw"]:
        year = published.year + {"last": -1, "this": 0, "next": 1}[m["yw"].lower()]
        note = f"month of {m['yw'].lower()} year"
    elif which == "this":
        year, note = published.year, "month: the one in the publication year"
    elif which:  # "last August" read in August is a year ago; gold accepts either year for it otherwise
        year, _ = nearest_month(month, published, forward=which == "next", strict=True)
        note = "month: " + ("first one after" if which == "next" else "latest one before") + " the publication month"
    else:
        year, _ = nearest_month(month, published, forward=forward)
        note = f"month: the one {_direction(forward)}"
    return Resolution(*month_of(year, month), "month", note)


def resolve_year(m: re.Match, published: dt.date | None, forward: bool) -> Resolution:
    return Resolution(*year_of(int(m["y"])), "year", "year")


def resolve_year_range(m: re.Match, published: dt.date | None, forward: bool) -> Resolution | None:
    first, last = int(m["y1"] or m["y3"]), int(m["y2"] or m["y4"])
    return Resolution(year_of(first)[0], year_of(last)[1], "year", "range of years") if first < last else None


def resolve_weekday(m: re.Match, published: dt.date | None, forward: bool) -> Resolution:
    if published is None:
        return Resolution(None, None, "day", NO_PUBLICATION)
    weekday = WEEKDAYS.index(m["wd"])
    which = next((w for w in (m["pre"] or "").lower().split() if w in ("last", "this", "next")), None)
    if which == "this":
        day, note = week_of(published)[0] + dt.timedelta(days=weekday), "weekday: in the publication week"
    elif which:
        day = nearest_weekday(weekday, published, forward=which == "next", strict=True)
        note = f"weekday: {'first' if which == 'next' else 'latest'} {m['wd']} " + (
            "after publication" if which == "next" else "before publication")
    else:
        day = nearest_weekday(weekday, published, forward=forward)
        note = f"weekday: {'first' if forward else 'latest'} {m['wd']} {_direction(forward)}"
    return Resolution(day, day, "day", note)


def resolve_weekday_range(m: re.Match, published: dt.date | None, forward: bool) -> Resolution | None:
    first, last = WEEKDAYS.index(m["sw"] or m["sw2"]), WEEKDAYS.index(m["ew"] or m["ew2"])
    length = dt.timedelta(days=(last - first) % 7)
    if not length:
        return None
    if published is None:
        return Resolution(None, None, "day", NO_PUBLICATION)
    if forward:  # starts on or after publication
        start = nearest_weekday(first, published, forward=True)
        return Resolution(start, start + length, "day", "weekdays: the first such days on or after publication")
    end = nearest_weekday(last, published)  # over by publication
    return Resolution(end - length, end, "day", "weekdays: the latest such days on or before publication")


def resolve_relative_unit(m: re.Match, published: dt.date | None, forward: bool) -> Resolution:
    which, unit = m["which"].lower(), m["unit"].lower()
    granularity = "day" if unit == "weekend" else unit
    if published is None:
        return Resolution(None, None, granularity, NO_PUBLICATION)
    start, end = relative_span(which, unit, published)
    note = {"last": f"the {unit} before publication's", "this": f"publication's {unit}",
            "next": f"the {unit} after publication's"}[which]
    return Resolution(start, end, granularity, note + (" (Monday to Sunday)" if unit == "week" else ""))


def resolve_the_weekend(m: re.Match, published: dt.date | None, forward: bool) -> Resolution:
    if published is None:
        return Resolution(None, None, "day", NO_PUBLICATION)
    saturday = nearest_weekday(5, published, forward=forward)  # on a Sunday, the day before
    return Resolution(saturday, saturday + dt.timedelta(days=1), "day", f"weekend {_direction(forward)}")


def resolve_overnight(m: re.Match, published: dt.date | None, forward: bool) -> Resolution:
    """A bare "overnight" is the night before publication, which runs over two days (the evening before and the
    publication day's small hours); in the future tense it is the coming night."""
    if published is None:
        return Resolution(None, None, "day", NO_PUBLICATION)
    if forward:
        return Resolution(published, published + dt.timedelta(days=1), "day",
                          "overnight: the night after publication (future tense)")
    return Resolution(published - dt.timedelta(days=1), published, "day", "overnight: the night before publication")


DAY_WORDS = {"the day before yesterday": -2, "yesterday": -1, "last night": -1, "today": 0, "tonight": 0,
             "this morning": 0, "this afternoon": 0, "this evening": 0, "tomorrow": 1, "the day after tomorrow": 2}


def resolve_day_word(m: re.Match, published: dt.date | None, forward: bool) -> Resolution:
    if published is None:
        return Resolution(None, None, "day", NO_PUBLICATION)
    word = " ".join(m["word"].lower().split())
    day = published + dt.timedelta(days=DAY_WORDS[word])
    return Resolution(day, day, "day", f"{word}: publication day {DAY_WORDS[word]:+d}")


def resolve_ago(m: re.Match, published: dt.date | None, forward: bool) -> Resolution:
    unit = m["unit"].lower()
    if published is None:
        return Resolution(None, None, unit, NO_PUBLICATION)
    n = NUMBER_WORDS.get(m["n"].lower()) or int(m["n"])
    note = f"{n} {unit}(s) before publication"
    if unit == "day":
        day = published - dt.timedelta(days=n)
        return Resolution(day, day, "day", note)
    if unit == "week":
        return Resolution(*week_of(published - dt.timedelta(weeks=n)), "week", note)
    if unit == "month":
        return Resolution(*month_of(*add_months(published.year, published.month, -n)), "month", note)
    return Resolution(*year_of(published.year - n), "year", note)


Resolver = Callable[[re.Match, dt.date | None, bool], Resolution | None]
# name, pattern, resolver, whether a future-tense clause turns it forward
RULES: list[tuple[str, re.Pattern, Resolver, bool]] = [
    ("absolute", re.compile(LEAD + "(?:" + ABSOLUTE_DATE.pattern + ")", re.IGNORECASE | re.VERBOSE),
     resolve_absolute, False),
    *[("day_range", re.compile(p), resolve_day_range, True) for p in _day_range_patterns()],
    ("day_month", re.compile(
        rf"{LEAD}(?:(?:{WEEKDAY}),?\s+)?(?:(?:the\s+)?(?P<d1>{DAY})\s+(?:of\s+)?(?P<m1>{MONTH})"
        rf"|(?P<m2>{MONTH})\s+(?P<d2>{DAY}))(?:,?\s+(?P<yw>{WHICH})\s+(?i:year)\b)?"), resolve_day_month, True),
    ("month_year", re.compile(rf"{LEAD}(?:{EDGE}[-\s]+)?(?P<m>{MONTH}),?\s+(?P<y>{YEAR})"), resolve_month_year, False),
    ("month", re.compile(rf"(?P<pre>(?:{PREP}\s+)?(?:{EDGE}[-\s]+)?(?:{WHICH}\s+)?)(?P<m>{MONTH_NAME})"
                         rf"(?:\s+(?:(?i:of)\s+)?(?P<yw>{WHICH})\s+(?i:year)\b)?(?![\w-])"), resolve_month, True),
    ("year_range", re.compile(rf"(?i:between)\s+(?P<y1>{YEAR})\s+(?i:and)\s+(?P<y2>{YEAR})"
                              rf"|(?i:from)\s+(?P<y3>{YEAR}){SEP}(?P<y4>{YEAR})"), resolve_year_range, False),
    # a year needs a preposition or an edge ("in 2022", "early 2022") or to modify a noun after a determiner
    # ("the 2022 invasion", "Russia's 2022 invasion"); "1990s" and "2022's" are not matched
    ("year", re.compile(rf"(?:{PREP}\s+(?:{EDGE}[-\s]+)?|{EDGE}[-\s]+|(?<=[Tt]he\s)|(?<=\b[Aa]\s)|(?<=[’']s\s)"
                        r"|(?<=\b[Ii]ts\s)|(?<=\b[Hh]is\s)|(?<=\b[Hh]er\s)|(?<=\b[Tt]heir\s))"
                        # "from 1900 to 2000 soldiers" is a count that the year range rule turned down
                        rf"(?P<y>{YEAR})(?!s\b|[’']s\b|\s*(?:[-–—]|to\s)\s*\d)"), resolve_year, False),
    ("weekday", re.compile(rf"(?P<pre>(?:{PREP}\s+)?(?:{WHICH}\s+)?)(?P<wd>{WEEKDAY})(?!s\b|\w)"),
     resolve_weekday, True),
    ("weekday_range", re.compile(rf"(?i:between)\s+(?P<sw>{WEEKDAY})\s+(?i:and)\s+(?P<ew>{WEEKDAY})"
                                 rf"|(?:(?i:from)\s+)?(?P<sw2>{WEEKDAY}){SEP}(?P<ew2>{WEEKDAY})"), resolve_weekday_range, True),
    ("relative_unit", re.compile(rf"{LEAD}(?:(?i:earlier|later)\s+)?(?P<which>{WHICH})\s+"
                                 rf"(?P<unit>(?i:week|weekend|month|year))\b"), resolve_relative_unit, False),
    ("the_weekend", re.compile(r"(?i:over|at|on|during)\s+the\s+(?i:weekend)\b"), resolve_the_weekend, True),
    ("day_word", re.compile(rf"{LEAD}(?P<word>\b(?i:the\s+day\s+(?:before\s+yesterday|after\s+tomorrow)|yesterday"
                            r"|today|tonight|tomorrow|last\s+night|this\s+(?:morning|afternoon|evening)))\b"),
     resolve_day_word, False),
    ("overnight", re.compile(r"\b(?i:overnight)\b(?!-)"), resolve_overnight, True),
    ("ago", re.compile(rf"(?P<n>\b(?:\d{{1,2}}|(?i:{'|'.join(NUMBER_WORDS)})))\s+(?P<unit>(?i:day|week|month|year))s?"
                       r"\s+(?i:ago)\b"), resolve_ago, False),
]


def resolve_expression(expression: str, published: dt.date | None, *, forward: bool = False) -> Resolution | None:
    """Resolve one date expression on its own ("last week", "in June", "between 8 and 13 October") against
    ``published``; ``forward`` says its clause is in the future tense. None when it is not a date expression
    this module reads, or names an impossible date."""
    text = expression.strip()
    for _name, pattern, resolve, _tensed in RULES:
        m = pattern.fullmatch(text)
        if m:
            return resolve(m, published, forward)
    return None


# --- reading an article -------------------------------------------------------------------------------------

FUTURE_AUX = {"will", "'ll", "’ll", "shall", "wo"}  # "wo" is how spaCy splits "won't"
# Modals that look ahead from the time of writing unless "have" follows ("divers should be able to enter by
# Friday", "talks may resume on Monday"; not "may have sunk on Monday"); "could" is also the past of "can"
# ("could not see on Monday") and counts only in reported speech, like "would"; "ca" is how spaCy splits "can't"
MODALS_AHEAD = {"should", "must", "may", "might", "can", "ca"}
# "is set to", "are due to", "is forecast to"
FUTURE_HEADS = {"set", "due", "schedule", "plan", "expect", "go", "slate", "forecast", "predict", "project"}
# Verbs that report speech or intent: "would" in a clause they govern is the future seen from the past
# ("said talks would resume on Thursday")
REPORTING_VERBS = {"say", "tell", "announce", "warn", "threaten", "promise", "pledge", "vow", "confirm", "insist",
                   "add", "state", "declare", "predict", "expect", "hope", "agree", "decide", "indicate", "signal",
                   "suggest", "report", "write", "claim", "believe", "think", "know", "plan", "intend"}
WOULD = {"would", "'d", "’d", "could"}
NOT_A_DAY_BEFORE = {"the", "a", "an", "every", "each", "that", "one", "following", "previous", "same"}


def _clause_verb(doc: Doc, start: int, end: int):
    """The verb of the clause a date phrase belongs to (the phrase's root, climbing to the first verb), or None."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return None
    verb = span.root
    while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
        verb = verb.head
    return verb


def _past(verb) -> bool:
    """A verb in the simple past or past perfect, active or passive ("stayed", "was closed", "had been open")."""
    return verb.tag_ == "VBD" or any(c.dep_ in ("aux", "auxpass") and c.tag_ == "VBD" for c in verb.children)


def _governing_verb(tok):
    """The nearest verb above ``tok`` that carries a tense of its own (a finite verb or one with auxiliaries)."""
    node = tok
    for _ in range(8):
        if node.head is node:
            return node
        node = node.head
        if node.pos_ in ("VERB", "AUX") and (node.tag_ in ("VBD", "VBZ", "VBP", "MD")
                                             or any(c.dep_ in ("aux", "auxpass") for c in node.children)):
            return node
    return node


def is_future(doc: Doc, start: int, end: int, *, schedules: bool = True) -> bool:
    """Whether the clause a date phrase belongs to is in the future tense ("will meet on Thursday", "is due to
    vote in June", "with temperatures forecast to climb on Friday"): then a weekday or month names the next one,
    not the last. ``schedules=False`` leaves out the present tense read as a schedule ("polls open on Tuesday"),
    for expressions that a present tense does not move ("overnight")."""
    verb = _clause_verb(doc, start, end)
    if verb is None:
        return False
    auxes = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    # present simple or progressive with a date is a schedule ("the vote is on Nov. 5", "polls open on Tuesday",
    # "Kim is meeting Putin on Friday"); the present perfect ("has said") and passive ("is believed") are not
    # (a base form with a subject and no auxiliary is the present the tagger misread: "negotiations begin on ...")
    present = verb.tag_ in ("VBZ", "VBP") or verb.tag_ == "VB" and not auxes and any(
        c.dep_ == "nsubj" for c in verb.children)
    if schedules and not any(a.lemma_ == "have" or a.dep_ == "auxpass" for a in auxes) and (
            present or verb.tag_ == "VBG" and any(a.tag_ in ("VBZ", "VBP") for a in auxes)):
        return True
    if _future_in_the_past(verb) or _modal_ahead(verb):
        return True
    for _ in range(3):  # climb "is set to visit", "are expected to be deployed"
        auxes = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
        if any(a.lower_ in FUTURE_AUX for a in auxes):
            return True
        head = verb.head
        if verb.dep_ != "xcomp" or head.lemma_.lower() not in FUTURE_HEADS:
            return False
        be = [c for c in head.children if c.dep_ in ("aux", "auxpass")] + ([head.head] if head.dep_ == "acomp" else [])
        if any(b.tag_ in ("VBZ", "VBP") for b in be):
            return True
        # a participle without auxiliary ("with temperatures forecast to climb on Friday", "a ruling, expected to
        # come on Monday") looks ahead unless the clause it hangs on is told in the past ("troops, expected to
        # arrive on Monday, were delayed")
        if not be and head.tag_ == "VBN" and head.dep_ != "ROOT" and not _past(_governing_verb(head)):
            return True
        verb = head
    return False


def _modal_ahead(verb) -> bool:
    """A modal that looks ahead (``MODALS_AHEAD``) on the verb or on the verbs it completes ("divers should be
    able to enter by Friday", "talks may have to resume on Monday"), without "have" ("may have sunk")."""
    for _ in range(4):
        auxes = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
        if any(a.lemma_ == "have" for a in auxes):
            return False
        if any(a.lower_ in MODALS_AHEAD for a in auxes):
            return True
        if verb.dep_ not in ("xcomp", "acomp") or verb.head.i == verb.i:
            return False
        verb = verb.head
    return False


def _until_ahead(doc: Doc, start: int, end: int) -> bool:
    """"a heat warning until Saturday", "the road stays closed till Monday": the end of something still under
    way lies ahead, unless the clause is told in the past ("the road was closed until Monday")."""
    verb = _clause_verb(doc, start, end)
    return verb is not None and not _past(verb)


def _future_in_the_past(verb) -> bool:
    """"would" in reported speech: "the minister said talks would resume on Thursday". "would have" is a
    past conditional, and a "would" that no speech verb governs is left alone: in news it is mostly a
    conditional ("the deal would cost $2bn") or, rarely, a habit ("she would walk to work on Mondays"), and
    neither says the date lies ahead."""
    auxes = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    if not any(a.lower_ in WOULD for a in auxes) or any(a.lemma_ == "have" for a in auxes):
        return False
    clause = verb
    while clause.dep_ in ("conj", "xcomp") and clause.head.i != clause.i:
        clause = clause.head  # "would meet and sign on Friday", "would try to vote on Friday"
    return clause.dep_ == "ccomp" and clause.head.lemma_.lower() in REPORTING_VERBS


def _planned_for(text: str, start: int, end: int) -> bool:
    """"a vote set for Thursday", "talks scheduled for 3 June": a day after "for" is the date something is planned
    for, so it lies ahead; "for Thursday's attack" names a past event and is not read so."""
    return _previous_word(text, start).lower() == "for" and not re.match(r"[’']s\b", text[end:])


def _previous_word(text: str, start: int) -> str:
    m = re.search(r"([\w’'.-]+)\W*$", text[max(0, start - 40):start])
    return m.group(1) if m else ""


def _sentence_initial(text: str, start: int) -> bool:
    before = text[:start].rstrip(" \t\"“‘'(")
    return not before or before[-1] in ".!?:;\n"


def _plausible(name: str, m: re.Match, text: str, doc: Doc) -> bool:
    """Rule-specific checks that need the words around a match: "the Sunday Times", "Bloody Sunday", "USA
    Today", "over the last year" (a rolling window), "2000 troops" (a count)."""
    start, end = m.span()
    prev = _previous_word(text, start)
    if name == "weekday" and not m["pre"]:
        if prev.lower() in NOT_A_DAY_BEFORE or (prev[:1].isupper() and not _sentence_initial(text, start)):
            return False
        nxt = re.match(r"\s([A-Z]\w+)", text[end:])
        if nxt and not re.fullmatch(MONTH, nxt.group(1)):
            return False  # "Sunday Times", "Friday Prayers"
    if name == "relative_unit" and not m["lead"] and prev.lower() == "the":
        return False  # "over the last year" is a rolling window, not last year
    if name == "month" and not m["pre"] and not m["yw"]:
        return False  # a bare month name ("the June summit") is too often part of a name
    if name == "day_word" and m["word"][:1].isupper() and not m["lead"] and not _sentence_initial(text, start):
        return False  # "USA Today", "Russia Today"
    if name == "overnight":
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is None or span.root.pos_ == "ADJ" or span.root.dep_ == "amod":
            return False  # "an overnight curfew", "the overnight hours", "an overnight success"
        if re.match(rf"\s+(?:(?i:on|into|to|from|until|till|through)\s+)?(?:{WEEKDAY}|(?i:today|tonight|yesterday"
                    rf"|tomorrow)\b|{MONTH}|{DAY}\s)", text[end:]):
            return False  # "overnight Tuesday", "overnight into Thursday": the day named is the date
    if name in ("year", "year_range"):
        span = doc.char_span(start, end, alignment_mode="expand")
        after = doc[span.end] if span is not None and span.end < len(doc) else None
        if after is not None and after.tag_ in ("NNS", "NNPS"):
            return False  # "in 2000 cases", "of 2000 troops"
    return True


# The rules as scanned: every expression starts at a word boundary, and saying so lets the regex engine give up
# at once inside words instead of trying each rule's optional lead-in there (a third of the scan's time).
_SCANNERS = [(name, re.compile(r"\b(?:" + pattern.pattern + ")", pattern.flags)) for name, pattern, _r, _t in RULES]


def find_expressions(text: str, doc: Doc) -> list[tuple[int, int, str, re.Match]]:
    """Non-overlapping date expressions in ``text``: the longest match wins, so "Monday, October 21, 2024" is
    one date and "since last August" is not split into "last August"."""
    found = [(m.start(), m.end(), name, m) for name, scanner in _SCANNERS for m in scanner.finditer(text)
             if m.end() > m.start() and _plausible(name, m, text, doc)]
    found.sort(key=lambda f: (f[0] - f[1], f[0]))
    taken: list[tuple[int, int, str, re.Match]] = []
    for f in found:
        if all(f[1] <= t[0] or f[0] >= t[1] for t in taken):
            taken.append(f)
    return sorted(taken, key=lambda f: f[0])


def impossible_date_message(name: str, m: re.Match, text: str, start: int, end: int, *, shift: int = 0) -> str | None:
    """What the reader is told about a date expression that resolved to nothing, or None when nothing is wrong
    (a bare month name is simply not read as a date). ``shift`` turns an offset in one chunk of a long article
    into one in the article."""
    if name not in ("absolute", "day_month", "day_range"):  # "from 2000 to 1500" is more often a count
        return None
    lead = re.match(r"(?:(?:on|in|since|by|until|till|before|after|at|of)\s+)?", text[start:end], re.IGNORECASE)
    start += lead.end()
    written = " ".join(text[start:end].replace(";", ",").split())  # "; " separates an article's warnings
    where = f"“{written}” at character {start + shift}"
    if name == "absolute" or name == "day_month" or not _days_exist(m):
        what = "names a day that is not in the calendar"
    else:
        what = "is a range that ends before it starts"
    return f"impossible date {where} {what}, so it is not on the timeline: check the date in the article"


def _days_exist(m: re.Match) -> bool:
    """Whether every day a range names exists in some year (29 February does, 31 February does not)."""
    g = m.groupdict()
    if not g.get("sd"):
        return True
    sm, em = month_number(g.get("sm") or g["em"]), month_number(g.get("em") or g["sm"])
    try:
        dt.date(int(g["sy"]) if g.get("sy") else 2000, sm, _int(g["sd"]))
        dt.date(int(g["ey"]) if g.get("ey") else 2000, em, _int(g["ed"]))
    except ValueError:
        return False
    return True


def extract_timeline(parsed: ParsedArticle, *, problems: list[str] | None = None) -> list[dict]:
    """One row per dated mention in the article body (see the module docstring for the columns). A date that
    cannot be (31 February, "13 to 8 October") has no row; when ``problems`` is given it gets a message there."""
    text, doc, published = parsed.article.text, parsed.doc, parsed.published
    rules = {name: (resolve, tensed) for name, _p, resolve, tensed in RULES}
    rows = []
    for start, end, name, m in find_expressions(parsed.text, doc):
        resolve, tensed = rules[name]
        # "since" always looks back, whatever the tense ("is believed to have supplied ... since August"); "until"
        # looks ahead unless its clause is in the past; a present tense does not move "overnight"
        lead = m.group().lower()
        forward = (tensed and published is not None and not lead.startswith("since")
                   and (is_future(doc, start, end, schedules=name != "overnight")
                        or name in ("weekday", "day_month") and _planned_for(text, start, end)
                        or re.match(r"(?:until|till)\s", lead) is not None and _until_ahead(doc, start, end)))
        res = resolve(m, published, forward)
        if res is None:  # an impossible date, or a bare month name
            message = impossible_date_message(name, m, text, start, end, shift=parsed.char_offset)
            if message and problems is not None:
                problems.append(message)
            continue
        sid = parsed.sentence_id(start)
        sentence = parsed.sentences[sid] if sid is not None else None
        rows.append({
            "article_id": parsed.article_id, "sentence_id": sid, "start_char": start, "end_char": end,
            "expression": text[start:end], "start": res.start.isoformat() if res.start else "",
            "end": res.end.isoformat() if res.end else "", "granularity": res.granularity,
            "resolved": res.resolved, "note": res.note,
            "sentence": text[sentence.start_char:sentence.end_char] if sentence is not None else "",
        })
    return rows
