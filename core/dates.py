"""Absolute calendar dates written out in English: "2024-10-21", "21 October 2024", "October 21, 2024",
"Oct. 21, 2024", "Mon 21 Oct 2024". Shared by the metadata reader (publication dates) and the timeline.
"""
from __future__ import annotations

import datetime as dt
import re

MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4, "may": 5,
    "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9, "sep": 9, "sept": 9,
    "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}
MONTH_RE = r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
_WEEKDAY = r"(?:(?:Mon|Tue|Tues|Wed|Thu|Thur|Thurs|Fri|Sat|Sun)[a-z]*\.?,?\s+)?"

ABSOLUTE_DATE = re.compile(
    rf"""
    (?P<iso>(?P<iy>\d{{4}})-(?P<im>\d{{1,2}})-(?P<id>\d{{1,2}}))
    | {_WEEKDAY}(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<m1>{MONTH_RE}),?\s+(?P<y1>\d{{4}})
    | {_WEEKDAY}(?P<m2>{MONTH_RE})\s+(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y2>\d{{4}})
    """,
    re.IGNORECASE | re.VERBOSE,
)


def month_number(name: str) -> int | None:
    return MONTHS.get(name.lower().rstrip("."))


def parse_absolute(match: re.Match) -> dt.date | None:
    """The date an ``ABSOLUTE_DATE`` match denotes, or None when it is impossible (31 February)."""
    g = match.groupdict()
    try:
        if g["iso"]:
            return dt.date(int(g["iy"]), int(g["im"]), int(g["id"]))
        if g["d1"]:
            return dt.date(int(g["y1"]), month_number(g["m1"]) or 0, int(g["d1"]))
        return dt.date(int(g["y2"]), month_number(g["m2"]) or 0, int(g["d2"]))
    except ValueError:
        return None


def find_date(text: str) -> dt.date | None:
    """The first valid absolute date in ``text``."""
    for m in ABSOLUTE_DATE.finditer(text):
        d = parse_absolute(m)
        if d:
            return d
    return None


def complete_year(month: int, day: int, ref: dt.date, *, forward: bool = False) -> dt.date | None:
    """The date of ``day month`` written without a year: the one on or most recently before ``ref`` (with
    ``forward``, the one on or soonest after it). None when no year has that day (31 February).

    Eight years are tried so that 29 February still finds its leap year.
    """
    years = range(ref.year, ref.year + 8) if forward else range(ref.year, ref.year - 8, -1)
    for year in years:
        try:
            date = dt.date(year, month, day)
        except ValueError:
            continue
        if (date >= ref) if forward else (date <= ref):
            return date
    return None
