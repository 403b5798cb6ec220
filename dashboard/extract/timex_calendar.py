"""Calendar arithmetic for TIMEX3 values: shifting dates and turning a value into days.

Pure functions of their arguments; nothing here reads the clock.
"""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta
from functools import lru_cache

# Meteorological seasons as (first month, last month); winter runs into the next year.
SEASON_MONTHS = {"SP": (3, 5), "SU": (6, 8), "FA": (9, 11), "WI": (12, 2)}

_DAY = re.compile(r"(\d{4})-(\d\d)-(\d\d)(?:T.*)?$")
_MONTH = re.compile(r"(\d{4})-(\d\d)$")
_YEAR = re.compile(r"(\d{4})$")
_DECADE = re.compile(r"(\d{3})$")
_WEEK = re.compile(r"(\d{4})-W(\d\d)(?:-WE)?$")
_QUARTER = re.compile(r"(\d{4})-Q([1-4])$")
_HALF = re.compile(r"(\d{4})-H([12])$")
_SEASON = re.compile(r"(\d{4})-(SP|SU|FA|WI)$")

Interval = tuple[date, date, str]


def month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def add_months(day: date, months: int) -> date:
    """The same day-of-month ``months`` later, clamped to the month's end."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def week_value(day: date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year:04d}-W{week:02d}"


def quarter_of(day: date) -> int:
    return (day.month - 1) // 3 + 1


def shift_quarter(year: int, quarter: int, delta: int) -> tuple[int, int]:
    index = year * 4 + quarter - 1 + delta
    return index // 4, index % 4 + 1


def _week_interval(year: int, week: int) -> Interval | None:
    try:
        monday = date.fromisocalendar(year, week, 1)
    except ValueError:
        return None
    return monday, monday + timedelta(days=6), "week"


def _season_interval(year: int, code: str) -> Interval | None:
    first_month, last_month = SEASON_MONTHS[code]
    if code == "WI":  # winter 1998 is Dec 1998 to Feb 1999
        return date(year, 12, 1), month_end(year + 1, 2), "quarter"
    return date(year, first_month, 1), month_end(year, last_month), "quarter"


@lru_cache(maxsize=4096)
def interval_of(value: str) -> Interval | None:
    """The days a DATE value denotes, with its granularity; None for anything else."""
    if not value or value[0] not in "0123456789" or "X" in value:
        return None
    try:
        return _interval(value)
    except ValueError:
        return None


def _interval(value: str) -> Interval | None:
    if m := _DAY.match(value):
        day = date(int(m[1]), int(m[2]), int(m[3]))
        return day, day, "day"
    if m := _MONTH.match(value):
        year, month = int(m[1]), int(m[2])
        return date(year, month, 1), month_end(year, month), "month"
    if m := _YEAR.match(value):
        year = int(m[1])
        return date(year, 1, 1), date(year, 12, 31), "year"
    if m := _DECADE.match(value):
        start = int(m[1]) * 10
        return date(start, 1, 1), date(start + 9, 12, 31), "decade"
    if m := _WEEK.match(value):
        return _week_interval(int(m[1]), int(m[2]))
    if m := _QUARTER.match(value):
        year, quarter = int(m[1]), int(m[2])
        return date(year, 3 * quarter - 2, 1), month_end(year, 3 * quarter), "quarter"
    if m := _HALF.match(value):
        # A half-year is coarser than a quarter: say "year" rather than claim more precision.
        year, half = int(m[1]), int(m[2])
        return date(year, 6 * half - 5, 1), month_end(year, 6 * half), "year"
    if m := _SEASON.match(value):
        return _season_interval(int(m[1]), m[2])
    return None
