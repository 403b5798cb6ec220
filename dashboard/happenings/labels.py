"""Dates as a reader says them, formatted from the period (never "Monday" or "today"). Pure."""

from __future__ import annotations

from datetime import date

_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")


def _day(day: date, with_year: bool = True) -> str:
    text = f"{day.day} {_MONTHS[day.month - 1]}"
    return f"{text} {day.year}" if with_year else text


def period_label(first: date | None, last: date | None, granularity: str | None) -> str:
    """'17 February 2025', '15–19 February 2025', 'week of 10 February 2025', 'February 2025',
    'Q1 2025', '2021', 'the 2020s'; '' when undated."""
    if first is None:
        return ""
    last = last or first
    grain = granularity or "day"
    if grain == "decade":
        return f"the {first.year // 10 * 10}s"
    if grain == "year":
        return str(first.year) if first.year == last.year else f"{first.year}–{last.year}"
    if grain == "quarter":
        return f"Q{(first.month - 1) // 3 + 1} {first.year}"
    if grain == "month":
        return f"{_MONTHS[first.month - 1]} {first.year}"
    if grain == "week":
        return f"week of {_day(first)}"
    if first == last:
        return _day(first)
    if (first.year, first.month) == (last.year, last.month):
        return f"{first.day}–{last.day} {_MONTHS[first.month - 1]} {first.year}"
    if first.year == last.year:
        return f"{_day(first, with_year=False)} – {_day(last)}"
    return f"{_day(first)} – {_day(last)}"
