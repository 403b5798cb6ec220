"""The finder's rules: one regex and one normaliser per kind of temporal expression.

A normaliser gets the match and the document context and returns a ``Hit`` or None to reject
the candidate (a verb "may", an identifier "Page 1990" ...). Values follow TimeML TIMEX3.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TypeVar

from dashboard.extract.timex_calendar import (
    add_months,
    quarter_of,
    safe_date,
    shift_quarter,
    week_value,
)
from dashboard.extract.timex_context import Context
from dashboard.extract.timex_lexicon import (
    CLOCK_CUED_RE,
    CLOCK_ZONE_RE,
    COUNTED_NOUNS,
    DAY_RE,
    DECADE_WORDS,
    FAR_YEAR_CUES,
    ID_WORDS,
    MONTH_FULL_RE,
    MONTH_RE,
    MONTHS,
    NUM_RE,
    NUMBER_WORDS,
    ORDINALS,
    PARTS_OF_DAY,
    SEASON_RE,
    SEASONS,
    SPELLED_YEAR_RE,
    UNIT_RE,
    UNITS,
    WEEKDAY_FULL_RE,
    WEEKDAY_RE,
    WEEKDAYS,
    YEAR_EVENT_NOUNS,
    YEAR_RE,
    spelled_year,
    word_set,
)


@dataclass(frozen=True, slots=True)
class Hit:
    type: str
    value: str
    relative: bool = False
    mod: str = ""
    anchor: bool = True  # may later expressions count from this one?
    lead: int = 0  # characters at the match's start that stay outside the extent


Normaliser = Callable[[re.Match[str], Context], Hit | None]
UNRESOLVED = {"day": "XXXX-XX-XX", "week": "XXXX-WXX", "month": "XXXX-XX", "year": "XXXX"}
_FLAGS = re.IGNORECASE


def _rel(value: str) -> Hit:
    return Hit("DATE", value, relative=True)


def _is_capitalised(word: str) -> bool:
    return word[:1].isupper()


# --- numbers ---------------------------------------------------------------------------


_VAGUE_COUNTS = {"a couple of": 2.0, "a couple": 2.0, "a dozen": 12.0}


def parse_number(text: str) -> float | None:
    """A count written in digits or words; None for vague counts ("several", "a few")."""
    low = " ".join(text.lower().split())
    if low.startswith("half"):
        return 0.5
    if low in _VAGUE_COUNTS:
        return _VAGUE_COUNTS[low]
    if low[0].isdigit():
        whole, _, fraction = low.partition(" ")
        try:
            return float(whole.replace(",", "")) + (0.5 if fraction == "1/2" else 0.0)
        except ValueError:
            return None
    parts = low.split("-")
    if all(p in NUMBER_WORDS for p in parts):
        return float(sum(NUMBER_WORDS[p] for p in parts))
    return None


def _fmt(number: float) -> str:
    return str(int(number)) if number == int(number) else f"{number:g}"


def duration_value(number: float | None, unit: str) -> str:
    """TIMEX3 duration: P3D, PT5H, P10Y (decades as years), PXM for vague counts."""
    letter, is_time = UNITS[unit]
    prefix = "PT" if is_time else "P"
    if letter == "Q":
        letter, number = "M", None if number is None else number * 3
    elif letter == "DE":
        letter, number = ("DE", None) if number is None else ("Y", number * 10)
    elif letter == "CE":
        letter, number = ("CE", None) if number is None else ("Y", number * 100)
    elif letter == "WE":
        letter, number = "D", None if number is None else number * 2
    if number is None:
        return f"{prefix}X{letter}"
    if number != int(number):
        return _fractional_duration(number, letter, is_time)
    return f"{prefix}{_fmt(number)}{letter}"


def _fractional_duration(number: float, letter: str, is_time: bool) -> str:
    """Whole units plus the rest in the next smaller unit: 5.5 hours is PT5H30M."""
    smaller = {("Y", False): ("M", 12), ("M", False): ("D", 30), ("W", False): ("D", 7),
               ("D", False): ("H", 24), ("H", True): ("M", 60), ("M", True): ("S", 60)}  # fmt: skip
    whole = int(number)
    if (letter, is_time) not in smaller:
        return f"{'PT' if is_time else 'P'}{number:g}{letter}"
    small, factor = smaller[(letter, is_time)]
    rest = _fmt(round((number - whole) * factor, 2))
    head = f"{whole}{letter}" if whole else ""
    if is_time:
        return f"PT{head}{rest}{small}"
    return f"P{head}T{rest}{small}" if small == "H" else f"P{head}{rest}{small}"


def _unit_key(word: str) -> str:
    low = word.lower()
    if low == "centuries":
        return "century"
    return low[:-1] if low.endswith("s") and low[:-1] in UNITS else low


# --- explicit dates ----------------------------------------------------------------------


# A two-digit year may lie this far after the DCT ("expires 12/31/26" in a 2025 story);
# beyond it, the year is in the century before ("5/14/82" in 1987 is 1982, "'98" in 2025 1998).
_TWO_DIGIT_AHEAD = 5


def _two_digit_year(text: str, dct: date | None) -> int:
    """The year of "82" in "5/14/82": the latest one no later than shortly after the DCT."""
    year = int(text)
    if len(text) == 4:
        return year
    if dct is None:
        return year + (1900 if year > 30 else 2000)
    candidate = dct.year // 100 * 100 + year
    return candidate - 100 if candidate > dct.year + _TWO_DIGIT_AHEAD else candidate


def _iso(m: re.Match[str], ctx: Context) -> Hit | None:
    """For "2025-02-17", "2025-02-17T14:30" and the month "2025-02"."""
    if m[3] is None:
        month = int(m[2])
        return Hit("DATE", f"{m[1]}-{m[2]}") if 1 <= month <= 12 else None
    day = safe_date(int(m[1]), int(m[2]), int(m[3]))
    if day is None:
        return None
    if m[4] is not None:
        if int(m[4]) > 23 or int(m[5]) > 59:
            return None
        return Hit("TIME", f"{day.isoformat()}T{m[4]}:{m[5]}")
    return Hit("DATE", day.isoformat())


def _slash(m: re.Match[str], ctx: Context) -> Hit | None:
    first, second = int(m[1]), int(m[2])
    month, day_number = (first, second) if first <= 12 else (second, first)
    day = safe_date(_two_digit_year(m[3], ctx.dct), month, day_number)
    return Hit("DATE", day.isoformat()) if day else None


def _resolve_month_day(month: int, day: int, m: re.Match[str], ctx: Context) -> date | None:
    """A day without a year: the occurrence nearest the DCT, tense deciding close calls."""
    dct = ctx.dct
    if dct is None:
        return None
    options = [d for d in (safe_date(dct.year + k, month, day) for k in (-1, 0, 1)) if d]
    if not options:
        return None
    return _nearest(options, dct, ctx.tense(m.start(), m.end()), lambda d: d)


_T = TypeVar("_T")
_AGAINST_TENSE = 2.5  # how much farther a date on the tense's side may be and still win


def _nearest(options: list[_T], dct: date, tense: int, day_of: Callable[[_T], date]) -> _T:
    """The option closest to ``dct``; one on the side the tense points to wins a close call."""

    def cost(option: _T) -> float:
        gap = (day_of(option) - dct).days
        against = (gap > 0 and tense < 0) or (gap < 0 and tense > 0)
        return abs(gap) * (_AGAINST_TENSE if against else 1.0)

    return min(options, key=cost)


def _day_number(text: str) -> int:
    """The number of a day matched by DAY_RE: "17th" is 17."""
    return int(text[:2]) if text[:2].isdigit() else int(text[:1])


def _month_of(word: str) -> int:
    return MONTHS[word.lower().rstrip(".")]


def _month_day(m: re.Match[str], ctx: Context) -> Hit | None:
    if not _is_capitalised(m["mon"]):
        return None
    month, day_number = _month_of(m["mon"]), _day_number(m["day"])
    year = m["year"] or _range_year(ctx.text, m.end())
    if year:
        day = safe_date(int(year), month, day_number)
        return Hit("DATE", day.isoformat()) if day else None
    if ctx.dct is None:
        return _rel(f"XXXX-{month:02d}-{day_number:02d}")
    day = _resolve_month_day(month, day_number, m, ctx)
    return _rel(day.isoformat()) if day else None


_LIST_GLUE = re.compile(r"\s*(?:and|or|to|through|-|–)\s*$")


def _day_list(m: re.Match[str], ctx: Context) -> Hit | None:
    """The 25 of "April 24 and 25": a day number right after a day date, in the same month."""
    if ctx.last_day is None or not _LIST_GLUE.match(ctx.text, ctx.last_day_end, m.start()):
        return None
    if ctx.word_after(m.end()).lower() in COUNTED_NOUNS:
        return None  # "on April 24 and 25 people died"
    number = _day_number(m["day"])
    day = safe_date(ctx.last_day.year, ctx.last_day.month, number)
    return Hit("DATE", day.isoformat(), relative=True) if day and day > ctx.last_day else None


_RANGE_YEAR = re.compile(rf"\s?(?:-|–|to|and)\s?\d{{1,2}},?\s+(?P<year>{YEAR_RE})")


def _range_year(text: str, end: int) -> str | None:
    """The year closing a range that starts here: "Feb. 10-12, 2025" puts Feb. 10 in 2025."""
    m = _RANGE_YEAR.match(text, end)
    return m["year"] if m else None


def _year_number(text: str) -> int:
    return int(text) if text[:1].isdigit() else spelled_year(text)


def _month_year(m: re.Match[str], ctx: Context) -> Hit | None:
    if not _is_capitalised(m["mon"]):
        return None
    return Hit("DATE", f"{_year_number(m['year']):04d}-{_month_of(m['mon']):02d}")


_MONTH_CUES = word_set(
    """in since until till by from to through of during before after early late mid last next
    this past until and or between"""
)


def _month_rel_year(m: re.Match[str], ctx: Context) -> Hit | None:
    """For "July last year", "February this year"."""
    if not _is_capitalised(m["mon"]):
        return None
    month = _month_of(m["mon"])
    if ctx.dct is None:
        return _rel(f"XXXX-{month:02d}")
    year = ctx.dct.year + {"last": -1, "next": 1}.get(m["yrel"].lower(), 0)
    return _rel(f"{year:04d}-{month:02d}")


def _week_of(m: re.Match[str], ctx: Context) -> Hit | None:
    """For "the week of March 6": the ISO week holding that day."""
    if not _is_capitalised(m["mon"]):
        return None
    month, number = _month_of(m["mon"]), _day_number(m["day"])
    if m["year"]:
        day = safe_date(int(m["year"]), month, number)
    else:
        day = _resolve_month_day(month, number, m, ctx)
    return _rel(week_value(day)) if day else None


def _month_alone(m: re.Match[str], ctx: Context) -> Hit | None:
    word = m["mon"]
    if not _is_capitalised(word):
        return None
    following = ctx.word_after(m.end())
    if following[:1].isupper() and following.lower() not in MONTHS:
        return None  # "June Carter", "August Wilson"
    rel = (m["rel"] or "").lower()
    before = ctx.word_before(m.start())
    cued = before in _MONTH_CUES or (before == "the" and following[:1].islower())
    if word.lower() in ("may", "march") and not rel and not cued:
        return None  # "may" and "march" are verbs unless a preposition says otherwise
    month = _month_of(word)
    if ctx.dct is None:
        return _rel(f"XXXX-{month:02d}")
    return _rel(f"{_pick_month_year(month, rel, m, ctx):04d}-{month:02d}")


def _pick_month_year(month: int, rel: str, m: re.Match[str], ctx: Context) -> int:
    dct = ctx.dct
    assert dct is not None
    if rel in ("last", "past", "previous"):
        return dct.year if month < dct.month else dct.year - 1
    if rel in ("next", "coming"):
        return dct.year if month > dct.month else dct.year + 1
    if rel == "this" or month == dct.month:
        return dct.year
    years = [dct.year - 1, dct.year, dct.year + 1]
    tense = ctx.tense(m.start(), m.end())
    return _nearest(years, dct, tense, lambda y: date(y, month, 15))


# --- weekdays ----------------------------------------------------------------------------


def _weekday_date(weekday: int, rel: str, m: re.Match[str], ctx: Context) -> date:
    dct = ctx.dct
    assert dct is not None
    back = (dct.weekday() - weekday) % 7
    ahead = (weekday - dct.weekday()) % 7
    if rel in ("last", "past", "previous"):
        return dct - timedelta(days=back or 7)
    if rel in ("next", "coming"):
        return dct + timedelta(days=ahead or 7)
    if ctx.text.startswith("'s", m.end()):
        return dct - timedelta(days=back)  # "Wednesday's ruling" has happened
    if ctx.deadline_before(m.start()) or ctx.tense(m.start(), m.end()) > 0:
        return dct + timedelta(days=ahead)
    return dct - timedelta(days=back)


_FEAST_WORDS = word_set("good easter black cyber super ash holy maundy palm whit shrove")


def _weekday(m: re.Match[str], ctx: Context) -> Hit | None:
    word = m["wd"]
    if not _is_capitalised(word):
        return None
    if m["name"] or ctx.word_before(m.start()) in _FEAST_WORDS:
        return None  # "Monday Night Football", "Good Friday": names, not dates
    weekday = WEEKDAYS[word.lower().rstrip(".")]
    rel = (m["rel"] or "").lower()
    if ctx.dct is None:
        value = f"XXXX-WXX-{weekday + 1}"
    else:
        value = _weekday_date(weekday, rel, m, ctx).isoformat()
    # "Wednesday night" is valued as its day, as the TimeBank/AQUAINT annotators mostly did.
    return _rel(value)


# --- years, decades, quarters, seasons -------------------------------------------------------


def _year(m: re.Match[str], ctx: Context) -> Hit | None:
    year = int(m["year"])
    prefix = m["fy"]
    before = ctx.word_before(m.start())
    after = ctx.word_after(m.end())
    if not prefix:
        if _CLOCK_AFTER.match(ctx.text, m.end()):
            return None  # "1805 EST" is a clock time
        if _is_far(year, ctx.dct) and not _far_year_cued(year, before, after, m, ctx):
            return None  # "1500 rose by 1200": counts, not years
        if before in ID_WORDS or before.endswith(("$", "#")):
            return None
        if after.lower() in COUNTED_NOUNS:
            return None
        if before == "the" and _names_a_law(ctx.text, m.end()):
            return None  # "the 1990 Act", "the 1990 Clean Air Act"
        if before.endswith("'s") and _is_capitalised(after):
            return None  # "Kopp's 1987 Chevrolet": a model year
    return Hit("DATE", f"{year:04d}")


_CLOCK_AFTER = re.compile(rf"\s+{CLOCK_ZONE_RE}", _FLAGS)
# Bare numbers from a century before the DCT to 50 years after it read as years freely (the
# TimeML gold's farthest bare year is "in 1898" in a 2000 story); farther ones need a cue.
_NEAR_BACK, _NEAR_AHEAD = 100, 50


def _is_far(year: int, dct: date | None) -> bool:
    if dct is None:
        return year < 1800
    return not dct.year - _NEAR_BACK <= year <= dct.year + _NEAR_AHEAD


_OF_NOUN = re.compile(r"([A-Za-z]+)\s+of\s+$")


def _far_year_cued(year: int, before: str, after: str, m: re.Match[str], ctx: Context) -> bool:
    """Does a date cue vouch for a far-off year: "in 1066", "the 1805 treaty", "by 2100"?"""
    if before in FAR_YEAR_CUES:
        return True
    if before == "by":  # "by 2100" is a target; "rose by 1500" is a count
        return ctx.dct is not None and year > ctx.dct.year
    if before == "the":
        return after.lower() in YEAR_EVENT_NOUNS
    if before == "of":  # "the war of 1812", not "a crowd of 1200"
        noun = _OF_NOUN.search(ctx.text, max(0, m.start() - 40), m.start())
        return noun is not None and noun[1].lower() in YEAR_EVENT_NOUNS
    return False


def _apostrophe_year(m: re.Match[str], ctx: Context) -> Hit | None:
    """For "in '98": the two-digit year nearest before the DCT."""
    if ctx.dct is None:
        return None  # no century to put it in
    return Hit("DATE", f"{_two_digit_year(m['yy'], ctx.dct):04d}")


_LAW_WORDS = word_set("Act Acts Code Statute Bill Amendment Amendments Ordinance")
_CAPITALISED_WORDS = re.compile(r"(?:\s+[A-Z][\w'-]*){1,5}")


def _names_a_law(text: str, end: int) -> bool:
    """Is the year followed by a capitalised title that ends in "Act", "Code" ...?"""
    m = _CAPITALISED_WORDS.match(text, end)
    return m is not None and any(w in _LAW_WORDS for w in m.group(0).split())


def _spelled_year(m: re.Match[str], ctx: Context) -> Hit | None:
    """Years read out in broadcast transcripts: "nineteen ninety-six", "two thousand"."""
    return Hit("DATE", f"{spelled_year(m['spelled']):04d}")


def _century(m: re.Match[str], ctx: Context) -> Hit | None:
    """For "the 20th century", TIMEX3 "19": the hundreds of its years."""
    nth = int(m["nth"])
    return Hit("DATE", f"{nth - 1:02d}") if 1 <= nth <= 21 else None


_POSSESSIVES = word_set("his her their its my your our")


def _decade(m: re.Match[str], ctx: Context) -> Hit | None:
    if m["word"] and ctx.word_before(m.start()) in _POSSESSIVES:
        return None  # "in his nineties" is an age
    if m["cent"]:
        value = f"{m['cent']}{m['dec']}"
    elif m["dec2"]:
        digit = int(m["dec2"])
        value = f"{20 if digit <= 1 else 19}{digit}"
    else:
        value = f"19{DECADE_WORDS[m['word'].lower()]}"
    mod = {"early": "START", "mid": "MID", "late": "END"}.get((m["dmod"] or "").lower(), "")
    return Hit("DATE", value, mod=mod)


def _quarter_year(m: re.Match[str], ctx: Context, part: int, months: int = 3) -> Hit:
    """Quarter (or, with ``months`` 6, half) ``part`` placed in a year: stated, or by the DCT."""
    code = "Q" if months == 3 else "H"
    groups = m.groupdict()
    stated = groups.get("year") or groups.get("year2") or groups.get("pyear")
    back = 1 if (groups.get("ago") or groups.get("ago2")) and "same" not in m[0].lower() else 0
    if stated:
        return Hit("DATE", f"{int(stated) - back:04d}-{code}{part}", anchor=not back)
    rel = (groups.get("qrel") or groups.get("yrel") or "").lower()
    if ctx.dct is None:
        return _rel(f"XXXX-{code}{part}")
    year = ctx.dct.year + {"last": -1, "next": 1}.get(rel, 0)
    if not rel and part != (ctx.dct.month - 1) // months + 1:
        # "the fourth quarter" said in February is last year's, "the third" in June this year's.
        tense = ctx.tense(m.start(), m.end())
        middle = months * part - months // 2
        year = _nearest([year - 1, year], ctx.dct, tense, lambda y: date(y, middle, 15))
    value = f"{year - back:04d}-{code}{part}"
    return Hit("DATE", value, relative=True, anchor=not back and code == "Q")


def _ordinal_quarter(m: re.Match[str], ctx: Context) -> Hit | None:
    ordinal = m["ord"].lower()
    if m["unit"].lower() == "half":
        if ordinal not in ("first", "1st", "second", "2nd", "last", "final"):
            return None
        return _quarter_year(m, ctx, 1 if ordinal in ("first", "1st") else 2, months=6)
    if ordinal == "last" and not any(m[g] for g in ("year", "year2", "pyear", "qrel", "yrel")):
        return _relative_quarter_value(-1, ctx)
    hit = _quarter_year(m, ctx, ORDINALS[ordinal])
    return Hit(hit.type, hit.value, hit.relative, anchor=hit.anchor, lead=_adjective_lead(m))


def _relative_quarter_value(delta: int, ctx: Context) -> Hit:
    if ctx.dct is None:
        return _rel("XXXX-QX")
    year, quarter = shift_quarter(ctx.dct.year, quarter_of(ctx.dct), delta)
    return _rel(f"{year:04d}-Q{quarter}")


_QUARTER_REL = {
    "latest": -1, "last": -1, "past": -1, "previous": -1, "prior": -1, "recent": -1,
    "current": 0, "this": 0, "next": 1, "coming": 1, "": -1, "same": -1,
}  # fmt: skip


def _named_quarter(m: re.Match[str], ctx: Context) -> Hit | None:
    """For "the latest quarter", "the quarter", "the year-ago period", "the 1988 quarter"."""
    rel = (m["rq"] or "").lower().replace(" ", "-")
    if ctx.dct is None:
        return _rel("XXXX-QX")
    current = ctx.last_quarter or shift_quarter(ctx.dct.year, quarter_of(ctx.dct), -1)
    if rel[:1].isdigit():  # "the 1988 period": the quarter under discussion, in that year
        return Hit("DATE", f"{rel}-Q{current[1]}", relative=True, anchor=False)
    if rel in ("year-earlier", "year-ago", "comparable") or m["ago2"]:
        return Hit("DATE", f"{current[0] - 1:04d}-Q{current[1]}", relative=True, anchor=False)
    if rel in ("", "same", "that") and ctx.last_quarter:
        return _rel(f"{current[0]:04d}-Q{current[1]}")
    return _relative_quarter_value(_QUARTER_REL.get(rel, -1), ctx)


def _q_code(m: re.Match[str], ctx: Context) -> Hit | None:
    """For "Q3", "Q1 2025", "2024 Q4", "H1 2025" (a half year)."""
    part = int(m["q"] or m["q2"])
    if (m["kind"] or m["kind2"]) == "H":  # a bare "H2" is more often hydrogen than a half
        stated = m["year"] or m["year2"]
        return _quarter_year(m, ctx, part, months=6) if part <= 2 and stated else None
    return _quarter_year(m, ctx, part)


_SEASON_CUES = word_set(
    "in during by since until till through this last next early late into over of throughout for"
)


def _season(m: re.Match[str], ctx: Context) -> Hit | None:
    code = SEASONS[m["season"].lower()]
    rel = " ".join((m["srel"] or "").lower().split())
    mod = {"early": "START", "mid": "MID", "late": "END"}.get((m["smod"] or "").lower(), "")
    if m["year"]:
        return Hit("DATE", f"{_year_number(m['year']):04d}-{code}", mod=mod)
    cued = ctx.word_before(m.start()) in _SEASON_CUES
    if not rel and not (mod and cued):
        return None  # a bare "spring" or "fall" is too often no season
    if rel == "the" and not cued:
        return None
    if code == "FA" and rel == "the" and ctx.word_after(m.end()).lower() == "of":
        return None  # "the fall of Kabul"
    if ctx.dct is None:
        return Hit("DATE", f"XXXX-{code}", relative=True, mod=mod)
    return Hit("DATE", f"{_season_year(code, rel, m, ctx):04d}-{code}", relative=True, mod=mod)


def _season_year(code: str, rel: str, m: re.Match[str], ctx: Context) -> int:
    dct = ctx.dct
    assert dct is not None
    month = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}[code]
    started = dct.month >= month
    if rel in ("last", "past", "previous", "the past"):
        return dct.year if dct.month > month + 2 else dct.year - 1
    if rel in ("next", "coming"):
        return dct.year + 1 if started else dct.year
    if rel == "the" and ctx.tense(m.start(), m.end()) <= 0 and not started:
        return dct.year - 1
    return dct.year


# --- relative words and units ------------------------------------------------------------------

_REF_WORDS = {
    "now": "PRESENT_REF", "currently": "PRESENT_REF", "nowadays": "PRESENT_REF",
    "at present": "PRESENT_REF", "these days": "PRESENT_REF", "the present": "PRESENT_REF",
    "current": "PRESENT_REF", "recently": "PAST_REF", "lately": "PAST_REF",
    "the past": "PAST_REF", "recent years": "PAST_REF", "recent decades": "PAST_REF",
    "soon": "FUTURE_REF", "future": "FUTURE_REF", "the future": "FUTURE_REF",
    "the near future": "FUTURE_REF", "the distant future": "FUTURE_REF",
}  # fmt: skip
_DAY_WORDS = {"today": 0, "yesterday": -1, "tomorrow": 1, "tonight": 0}


def _starts_sentence(ctx: Context, start: int) -> bool:
    before = ctx.text[max(0, start - 3) : start].rstrip(" \t\"'`(")
    return not before or before[-1] in ".!?:\n"


def _ref_word(m: re.Match[str], ctx: Context) -> Hit | None:
    if _is_capitalised(m[0].split()[-1]) and not _starts_sentence(ctx, m.start()):
        return None  # "Fridays for Future", "Back to the Future": part of a name
    phrase = " ".join(m[0].lower().split())
    before = ctx.word_before(m.start())
    after = ctx.word_after(m.end())
    if phrase == "future" and before not in ("in", "near", "for"):
        return None  # "future losses": an adjective
    if phrase == "the past" and after.lower() in UNITS:
        return None  # "the past two months" is a duration's
    if phrase == "current" and (after.lower() in _CURRENT_NOUNS or _is_capitalised(after)):
        return None  # "the current account", "the current Labour Party"
    if phrase == "soon" and _soon_is_no_future(before, after.lower()):
        return None
    return Hit("DATE", _REF_WORDS[phrase])


_CURRENT_NOUNS = word_set("account accounts affairs events")


def _soon_is_no_future(before: str, after: str) -> bool:
    """For "as soon as", "soon after" (relations) and "was soon released" (narrative past)."""
    if before == "as" or after in ("as", "after"):
        return True
    return before in ("was", "were", "had") or after.endswith("ed")


def _day_word(m: re.Match[str], ctx: Context) -> Hit | None:
    before = ctx.word_before(m.start(), keep_case=True)
    if _is_capitalised(m[0]) and _is_capitalised(before) and before[-1] not in ".!?:\"'":
        return None  # "USA Today", "VOA Today": a title inside a sentence
    words = m[0].lower().split()
    offset = _DAY_WORDS[words[-1]]
    if words[0] == "the":  # the day before yesterday / after tomorrow
        offset += -1 if words[2] == "before" else 1
    # "tonight" is valued as its day, like "Wednesday night" (and as the gold corpus does).
    value = (ctx.dct + timedelta(days=offset)).isoformat() if ctx.dct else "XXXX-XX-XX"
    return _rel(value)


def _day_part(m: re.Match[str], ctx: Context) -> Hit | None:
    """For "this morning", "yesterday afternoon", "last night"."""
    head = m["head"].lower()
    offset = {"yesterday": -1, "tomorrow": 1, "last": -1}.get(head, 0)
    part = PARTS_OF_DAY[m["part"].lower()]
    if head == "last" and part != "NI":
        return None
    if ctx.dct is None:
        return Hit("TIME", f"XXXX-XX-XXT{part}", relative=True)
    day = ctx.dct + timedelta(days=offset)
    return Hit("TIME", f"{day.isoformat()}T{part}", relative=True)


_DELTA = {
    "this": 0, "current": 0, "last": -1, "past": -1, "previous": -1, "prior": -1, "next": 1,
    "coming": 1, "following": 1, "same": 0, "that": 0, "the": 0,
}  # fmt: skip


def shift_value(ref: date, unit: str, delta: int) -> str:
    """The calendar unit containing ``ref`` moved by ``delta`` units, as a TIMEX3 value."""
    if unit == "day":
        return (ref + timedelta(days=delta)).isoformat()
    if unit in ("week", "weekend"):
        value = week_value(ref + timedelta(weeks=delta))
        return value + "-WE" if unit == "weekend" else value
    if unit == "month":
        return add_months(ref, delta).isoformat()[:7]
    if unit == "quarter":
        year, quarter = shift_quarter(ref.year, quarter_of(ref), delta)
        return f"{year:04d}-Q{quarter}"
    if unit == "decade":
        return f"{ref.year // 10 + delta:03d}"
    if unit == "century":
        return f"{ref.year // 100 + delta:02d}"
    return f"{ref.year + delta:04d}"  # year


_ANCHORED = word_set("following same that")
_DURATION_CUES = word_set("for during over throughout")


def _unit_rel(m: re.Match[str], ctx: Context) -> Hit | None:
    """For "last week", "this year", "the following day", "later that year", "the past month"."""
    rel_words = m["urel"].lower().split()
    unit_word = m["unit"].split()[-1]
    if unit_word[0].isupper():
        return None  # "This Week", "Next Year": titles of shows and books
    unit = _unit_key(unit_word)
    has_the = rel_words[0] == "the"
    rel = rel_words[-1]
    anchored = rel in _ANCHORED or (has_the and rel in ("previous", "prior", "next"))
    if unit in PARTS_OF_DAY:
        if not anchored:
            return None  # "this morning", "last night" are day_part's
        unit = "day"  # "the next morning" is dated by its day
    if unit == "day" and not (anchored or rel == "next"):
        return None  # "the day", "this day": rarely a date in news
    if has_the and rel in ("past", "last", "next", "coming") and unit not in ("weekend", "day"):
        return Hit("DURATION", duration_value(1, unit))
    if rel == "the" and unit != "weekend" and ctx.word_before(m.start()) in _DURATION_CUES:
        return Hit("DURATION", duration_value(1, unit))
    if unit == "weekend" and rel in ("the", "this", "that"):
        return _weekend(m, ctx)
    ref = ctx.anchor_for(unit) if anchored else ctx.dct
    if ref is None:
        return _rel(UNRESOLVED.get(unit, "XXXX"))
    if unit == "year" and rel == "last" and not has_the and not m["edge"]:
        return _year_back(m, ctx, near=False)
    return _rel(shift_value(ref, unit, _DELTA.get(rel, 0)))


def _weekend(m: re.Match[str], ctx: Context) -> Hit:
    if ctx.dct is None:
        return _rel("XXXX-WXX-WE")
    dct = ctx.dct
    if dct.weekday() >= 5:
        ref = dct
    elif ctx.deadline_before(m.start()) or ctx.tense(m.start(), m.end()) > 0:
        ref = dct + timedelta(days=5 - dct.weekday())
    else:
        ref = dct - timedelta(days=dct.weekday() + 1)
    return _rel(week_value(ref) + "-WE")


def _year_end(m: re.Match[str], ctx: Context) -> Hit | None:
    if ctx.dct is None:
        return _rel("XXXX")
    return _rel(f"{ctx.dct.year:04d}")


def _year_ago_adj(m: re.Match[str], ctx: Context) -> Hit | None:
    """For "year-earlier results": the same quarter a year back when quarters are discussed."""
    if ctx.dct is None:
        return _rel("XXXX")
    return _year_back(m, ctx)


_QUARTER_TALK = 400  # characters after a quarter within which "a year ago" means its twin


def _year_back(m: re.Match[str], ctx: Context, near: bool = True) -> Hit:
    """A year before the DCT; where a quarter is being discussed, that quarter a year before.

    ``near``: a quarter mentioned shortly before counts, not only one in the same sentence.
    """
    assert ctx.dct is not None
    if ctx.last_quarter and (
        (near and m.start() - ctx.last_quarter_at < _QUARTER_TALK)
        or ctx.mentions(m.start(), m.end(), ("quarter", "period", "quarterly"))
    ):
        year, quarter = ctx.last_quarter
        return Hit("DATE", f"{year - 1:04d}-Q{quarter}", relative=True, anchor=False)
    return Hit("DATE", f"{ctx.dct.year - 1:04d}", relative=True, anchor=False)


def _ago(m: re.Match[str], ctx: Context) -> Hit | None:
    number = parse_number(m["num"])
    unit = _unit_key(m["unit"])
    direction = " ".join(m["dir"].lower().split())
    sign = -1 if direction in ("ago", "earlier", "back") else 1
    if number is None or number != int(number):
        if direction != "ago":
            return None  # "a few days later": the duration alone is the timex
        return Hit("DATE", "PAST_REF")
    ref = ctx.dct if direction in ("ago", "from now", "hence", "back") else ctx.anchor_for("day")
    if ref is None:
        return _rel(UNRESOLVED.get(unit, "XXXX"))
    if ctx.dct and unit == "year" and number == 1 and direction in ("ago", "earlier"):
        return _year_back(m, ctx)
    return _ago_value(ref, unit, int(number) * sign)


def _ago_value(ref: date, unit: str, delta: int) -> Hit | None:
    if unit in ("hour", "minute", "second"):
        return _rel(ref.isoformat())
    if unit in ("night", "weekend"):
        unit = "day" if unit == "night" else "week"
    if unit == "decade":
        return _rel(f"{ref.year + 10 * delta:04d}")
    if unit == "century":
        return _rel(f"{(ref.year + 100 * delta) // 100:02d}")
    return _rel(shift_value(ref, unit, delta))


def _duration(m: re.Match[str], ctx: Context) -> Hit | None:
    if m["old"] or _is_capitalised(m["unit"]):
        return None  # "10-year-old", "60 Minutes"
    unit = _unit_key(m["unit"])
    num_text = m["num"]
    if "-" in m["sep"] and m["unit"].lower().endswith("s") and not num_text[0].isdigit():
        return None  # "three-quarters" is a fraction
    if num_text.lower() in ("a", "an") and m["long"]:
        return None  # "a day-long meeting": the compound alone is the timex
    if num_text.lower() in ("a", "an") and m["unit"].lower().endswith("s"):
        return None  # "a decades-long feud": the count belongs to a compound
    if unit == "quarter" and ctx.word_after(m.end()).lower() == "of":
        return None  # "a quarter of the market": a fraction
    if num_text.lower() in ("a", "an") and unit == "second":
        return None  # "a second time"
    if re.fullmatch(r"1\d{3}|20\d\d", num_text):
        return None  # "the 1988 second quarter": a year, not a count
    number = parse_number(num_text)
    if number is not None and m["half"]:
        number += 0.5
    if num_text.lower() in ("a", "an") and ctx.word_before(m.start()).rstrip(".") in (
        "twice",
        "once",
        "times",
    ):
        return Hit("SET", duration_value(1, unit))
    if num_text.lower() in ("a", "an") and re.search(r"[\d%]\s*(?:\w+\s+)?$", _left(ctx, m)):
        return None  # "$5 a year", "four flights a week": a rate, left untagged like the gold
    return Hit("DURATION", duration_value(number, unit), lead=_adjective_lead(m))


def _adjective_lead(m: re.Match[str]) -> int:
    """For "a two-year plan", "the third-quarter results": the article is not part of the timex."""
    if m["det"] and "-" in m["sep"] and not m.groupdict().get("adj"):
        return m.start("det") - m.start() + len(m["det"]) + 1
    return 0


def _left(ctx: Context, m: re.Match[str]) -> str:
    return ctx.text[max(0, m.start() - 20) : m.start()]


def _long_units(m: re.Match[str], ctx: Context) -> Hit | None:
    """For "a day-long meeting" lasts a day; "a decades-long feud" an unknown number of decades."""
    word = m["unit"].lower()
    count = None if word.endswith("s") else 1
    return Hit("DURATION", duration_value(count, _unit_key(word)))


def _bare_units(m: re.Match[str], ctx: Context) -> Hit | None:
    if ctx.word_before(m.start()) not in ("for", "in", "within", "over", "of", "take", "took"):
        return None
    return Hit("DURATION", duration_value(None, _unit_key(m["unit"])))


def _recent_units(m: re.Match[str], ctx: Context) -> Hit | None:
    return Hit("DURATION", duration_value(None, _unit_key(m["unit"])))


# --- times of day and sets ---------------------------------------------------------------------


def _clock(m: re.Match[str], ctx: Context) -> Hit | None:
    if m["ap"]:
        hour, minute = int(m["h"]), int(m["m"] or 0)
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if m["ap"][0].lower() == "p" else 0)
    elif m["h3"]:  # "1240 GMT"; "10:35 a.m. (0735 GMT)" restates a time already tagged
        if ctx.text[max(0, m.start() - 1) : m.start()] == "(":
            return None
        if m["cued"] and ctx.word_before(m.start()) not in _CLOCK_CUES:
            return None  # "worked 1900 hours" is a count
        hour, minute = int(m["h3"]), int(m["m3"])
    else:
        hour, minute = int(m["h2"]), int(m["m2"])
        if hour > 23 or ctx.word_before(m.start()) not in _CLOCK_CUES:
            return None
    if minute > 59:
        return None
    return Hit("TIME", f"{_clock_day(m, ctx)}T{hour:02d}:{minute:02d}", relative=True)


def _clock_day(m: re.Match[str], ctx: Context) -> str:
    """The day of a clock time: the day named after it, else the last day mentioned."""
    if ctx.dct is None:
        return "XXXX-XX-XX"
    if m["cwd"] and _is_capitalised(m["cwd"]):
        return _weekday_date(WEEKDAYS[m["cwd"].lower()], "", m, ctx).isoformat()
    if m["cword"]:
        return (ctx.dct + timedelta(days=_DAY_WORDS[m["cword"].lower()])).isoformat()
    if m["cmon"] and _is_capitalised(m["cmon"]):
        day = _resolve_month_day(_month_of(m["cmon"]), _day_number(m["cdd"]), m, ctx)
        if day:
            return day.isoformat()
    day = ctx.anchor_for("day")
    return day.isoformat() if day else "XXXX-XX-XX"


_CLOCK_CUES = word_set("at by from until till around about before after to")


def _noon(m: re.Match[str], ctx: Context) -> Hit | None:
    if ctx.word_before(m.start()) not in _CLOCK_CUES and not (m["cwd"] or m["cword"]):
        return None
    clock = "24:00" if m["noon"].lower() == "midnight" else "12:00"
    return Hit("TIME", f"{_clock_day(m, ctx)}T{clock}", relative=True)


# "annually" is left out: annotators mostly leave it untagged ("rose 20% annually").
_SET_WORDS = {
    "daily": "P1D", "weekly": "P1W", "monthly": "P1M", "yearly": "P1Y", "hourly": "PT1H",
    "nightly": "P1D", "biweekly": "P2W", "semiannually": "P6M",
}  # fmt: skip


def _set_word(m: re.Match[str], ctx: Context) -> Hit | None:
    return Hit("SET", _SET_WORDS[m[0].lower()])


def _every(m: re.Match[str], ctx: Context) -> Hit | None:
    unit_word = m["eunit"].lower()
    if unit_word in WEEKDAYS:
        return Hit("SET", f"XXXX-WXX-{WEEKDAYS[unit_word] + 1}")
    if unit_word in SEASONS:
        return Hit("SET", f"XXXX-{SEASONS[unit_word]}")
    if unit_word.rstrip("s") in PARTS_OF_DAY:
        return Hit("SET", f"XXXX-XX-XXT{PARTS_OF_DAY[unit_word.rstrip('s')]}")
    count = m["every_n"]
    number = 2 if count and count.lower() == "other" else parse_number(count) if count else 1
    return Hit("SET", duration_value(number or 1, _unit_key(unit_word)))


def _plural_weekday(m: re.Match[str], ctx: Context) -> Hit | None:
    if not _is_capitalised(m[0]) or ctx.word_before(m.start()) not in ("on", "most", "all"):
        return None
    return Hit("SET", f"XXXX-WXX-{WEEKDAYS[m[0].lower()[:-1]] + 1}")


def _holiday(m: re.Match[str], ctx: Context) -> Hit | None:
    name = " ".join(m["hol"].lower().replace("’", "'").split())
    if not _is_capitalised(m["hol"]):
        return None
    month_day = {"christmas": (12, 25), "christmas day": (12, 25), "christmas eve": (12, 24),
                 "new year's day": (1, 1), "new year's eve": (12, 31),
                 "independence day": (7, 4), "valentine's day": (2, 14),
                 "halloween": (10, 31)}.get(name)  # fmt: skip
    if m["hyear"]:
        day = _holiday_date(name, int(m["hyear"]), month_day)
        return Hit("DATE", day.isoformat()) if day else None
    if ctx.dct is None:
        return _rel("XXXX-XX-XX")
    dct = ctx.dct
    options = [d for d in (_holiday_date(name, dct.year + k, month_day) for k in (-1, 0, 1)) if d]
    rel = (m["hrel"] or "").lower()
    if rel == "last":  # the latest one before the DCT
        options = [d for d in options if d < dct]
    elif rel == "next":
        options = [d for d in options if d > dct]
    elif rel == "this":
        options = [d for d in options if d.year == dct.year]
    if not options:
        return None
    return _rel(_nearest(options, dct, ctx.tense(m.start(), m.end()), lambda d: d).isoformat())


def _holiday_date(name: str, year: int, month_day: tuple[int, int] | None) -> date | None:
    if name.startswith("thanksgiving"):  # the fourth Thursday of November
        first = date(year, 11, 1)
        return first + timedelta(days=(3 - first.weekday()) % 7 + 21)
    if name == "election day":  # US: the Tuesday after the first Monday of November
        first = date(year, 11, 1)
        return first + timedelta(days=(0 - first.weekday()) % 7 + 1)
    return date(year, *month_day) if month_day else None


# --- the rule table ----------------------------------------------------------------------------

# The day a clock time is on, when it follows: "9 a.m. Tuesday", "midnight Friday".
_CLOCK_DAY = (
    rf"(?:,?\s+(?:on\s+)?(?:(?P<cwd>{WEEKDAY_FULL_RE})|(?P<cword>today|yesterday|tomorrow)(?![\w])"
    rf"|(?P<cmon>{MONTH_RE})\s?(?P<cdd>{DAY_RE})))?"
)
_ANY_YEAR = rf"(?:{YEAR_RE}|{SPELLED_YEAR_RE})"
_MONTH_REL = r"(?:(?P<rel>this|last|next|past|coming|previous)\s+)?"
_NUM_UNIT = rf"(?P<num>{NUM_RE})[\s-]+(?P<unit>{UNIT_RE})"

RULES: list[tuple[str, str, Normaliser]] = [
    (
        "iso",
        r"(?<![\w.-])(\d{4})-(\d\d)(?:-(\d\d)(?:T(\d\d):(\d\d)(?::\d\d)?)?)?(?![\w-])",
        _iso,
    ),
    ("slash", r"(?<![\w/.-])(\d{1,2})/(\d{1,2})/(\d{4}|\d\d)(?![\w/-])", _slash),
    (
        "month_day",
        rf"(?<![\w])(?:{WEEKDAY_RE},?\s+)?(?P<mon>{MONTH_RE})\s{{0,3}}(?P<day>{DAY_RE})"
        rf"(?:(?:,\s*|\s+)(?P<year>{YEAR_RE}))?",
        _month_day,
    ),
    (
        "day_month",
        rf"(?<![\w])(?:{WEEKDAY_RE},?\s+)?(?:the\s+)?(?P<day>{DAY_RE})(?:\s+of)?\s+"
        rf"(?P<mon>{MONTH_RE})(?:,?\s+(?P<year>{YEAR_RE}))?",
        _month_day,
    ),
    (
        "month_year",
        rf"(?<![\w])(?P<mon>{MONTH_RE}),?\s+(?:of\s+)?(?P<year>{_ANY_YEAR})",
        _month_year,
    ),
    (
        "day_list",
        rf"(?<![\w/.:,])(?P<day>{DAY_RE})(?:,?\s+(?P<year>{YEAR_RE}))?",
        _day_list,
    ),
    (
        "month_rel_year",
        rf"(?<![\w])(?P<mon>{MONTH_FULL_RE}),?\s+(?:of\s+)?(?P<yrel>this|last|next)\s+year(?![\w'])",
        _month_rel_year,
    ),
    (
        "week_of",
        rf"(?<![\w])the\s+week\s+of\s+(?P<mon>{MONTH_RE})\s?(?P<day>{DAY_RE})"
        rf"(?:,?\s+(?P<year>{YEAR_RE}))?",
        _week_of,
    ),
    ("month", rf"(?<![\w]){_MONTH_REL}(?P<mon>{MONTH_FULL_RE})", _month_alone),
    (
        "weekday",
        rf"(?<![\w])(?:(?P<rel>this|last|next|past|coming|previous)\s+)?(?P<wd>{WEEKDAY_FULL_RE})"
        r"(?:(?P<name>(?-i:\s+(?:Night|Morning|Evening)\s+[A-Z]))"
        r"|\s+(?:morning|afternoon|evening|night)(?![\w]))?",
        _weekday,
    ),
    (
        "year",
        # A year may end a range ("2010-2015") and may carry a short end ("the 1998-99 season").
        r"(?<![\w$#.,/])(?:(?<!\d-)|(?<=(?<!\d)\d{4}-))"
        r"(?:(?P<fy>fiscal(?:\s+year)?|calendar(?:\s+year)?|FY|model\s+year)\s*)?"
        r"(?P<year>(?:1[0-9]|20)\d\d)(?:[-–/]\d\d(?![\w-]))?(?![\w%])(?![.,]\d)"
        r"(?!-(?!(?:1[0-9]|20)\d\d(?!\d)))",
        _year,
    ),
    # "in '98": only after an apostrophe; "'80s" is the decade rule's.
    ("apos_year", r"['’](?P<yy>\d\d)(?![\w'’%-])", _apostrophe_year),
    (
        "decade",
        r"(?<![\w])(?:the\s+)?(?:(?P<dmod>early|mid|late)[\s-]{1,2})?"
        r"(?:(?P<cent>1[0-9]|20)(?P<dec>\d)0'?s|'(?P<dec2>\d)0'?s"
        rf"|(?P<word>{'|'.join(DECADE_WORDS)}))(?![\w])",
        _decade,
    ),
    (
        "ordinal_quarter",
        r"(?<![\w])(?:(?P<det>the)\s+)?"
        rf"(?:(?P<yrel>this|last|next)\s+year['’]s\s+|(?P<pyear>{YEAR_RE})\s+"
        r"|(?P<ago>year[\s-](?:ago|earlier)|comparable|same)\s+)?(?:fiscal\s+)?"
        r"(?P<ord>first|second|third|fourth|1st|2nd|3rd|4th|final|last)"
        r"(?P<sep>[\s-]+)(?:fiscal[\s-]+)?(?P<unit>quarter|half)(?![\w])"
        rf"(?:\s+of\s+(?:(?:fiscal|calendar)\s+)?(?:(?P<year>{YEAR_RE})|(?P<qrel>this|last|next|the)"
        rf"\s+year)|,?\s+(?:fiscal\s+)?(?P<year2>{YEAR_RE}))?"
        r"(?P<ago2>\s+a\s+year\s+(?:ago|earlier))?",
        _ordinal_quarter,
    ),
    (
        "named_quarter",
        r"(?<![\w])(?:the\s+)?(?:comparable\s+|same\s+)?"
        rf"(?P<rq>latest|current|past|previous|prior|recent|last|next|coming|this|same|that"
        rf"|year[\s-]earlier|year[\s-]ago|comparable|{YEAR_RE})[\s-]+(?:fiscal\s+)?"
        r"(?:quarter|period)(?![\w-])|(?<![\w])the\s+quarter(?![\w-])"
        r"(?P<ago2>\s+a\s+year\s+(?:ago|earlier))?",
        _named_quarter,
    ),
    (
        "q_code",
        rf"(?<![\w])(?-i:(?:(?P<kind>[QH])(?P<q>[1-4])(?:\s+(?P<year>{YEAR_RE}))?"
        rf"|(?P<year2>{YEAR_RE})\s+(?P<kind2>[QH])(?P<q2>[1-4])))(?![\w])",
        _q_code,
    ),
    (
        "season",
        r"(?<![\w])(?:(?P<srel>this|last|next|past|coming|the\s+past|the)\s+)?"
        r"(?:(?P<smod>early|late|mid)[\s-]{1,2})?"
        rf"(?P<season>{SEASON_RE})(?:\s+(?:of\s+)?(?P<year>{_ANY_YEAR}))?",
        _season,
    ),
    (
        "ref_word",
        r"(?<![\w])(?:now|currently|nowadays|at\s+present|these\s+days|recently|lately|soon"
        r"|the\s+(?:near\s+|distant\s+)?future|future|recent\s+(?:years|decades)|current"
        r"|the\s+past|the\s+present)(?![\w'])",
        _ref_word,
    ),
    (
        "day_word",
        r"(?<![\w])(?:the\s+day\s+(?:before|after)\s+)?(?:today|yesterday|tomorrow|tonight)"
        r"(?![\w])",
        _day_word,
    ),
    (
        "day_part",
        r"(?<![\w])(?P<head>this|yesterday|tomorrow|last)\s+"
        r"(?P<part>morning|afternoon|evening|night)(?![\w])",
        _day_part,
    ),
    (
        "unit_rel",
        r"(?<![\w])(?:(?P<edge>earlier|later)\s+)?"
        r"(?P<urel>this|last|next|past|coming|previous|current|the\s+past|the\s+last"
        r"|the\s+next|the\s+coming|the\s+previous|the\s+prior|the\s+following|the\s+same|that"
        r"|the\s+current|the)\s+(?P<unit>week|weekend|month|year|decade|century|fiscal\s+year"
        r"|day|morning|afternoon|evening|night)(?![\w-])",
        _unit_rel,
    ),
    ("year_end", r"(?<![\w])(?:year[\s-]end|year['’]s\s+end)(?![\w])", _year_end),
    (
        "spelled_year",
        rf"(?<![\w])(?:the\s+year\s+)?(?P<spelled>{SPELLED_YEAR_RE})",
        _spelled_year,
    ),
    (
        "century",
        r"(?<![\w])(?:the\s+)?(?P<nth>\d{1,2})(?:st|nd|rd|th)[\s-]+century(?![\w])",
        _century,
    ),
    ("year_ago_adj", r"(?<![\w])year[\s-](?:earlier|ago)(?![\w])", _year_ago_adj),
    (
        "ago",
        rf"(?<![\w]){_NUM_UNIT}\s+(?P<dir>ago|earlier|later|back|from\s+now|hence)"
        r"(?![\w])",
        _ago,
    ),
    # Before "duration", so "at 1900 hours" is a clock time, not 1900 hours.
    (
        "clock",
        r"(?<![\w:.])(?:(?:(?P<h>\d{1,2})(?:[:.](?P<m>\d\d))?\s?(?P<ap>[ap]\.m\.|[ap]\.m|[ap]m)"
        r"|(?P<h2>\d{1,2}):(?P<m2>\d\d))(?![\w:])(?:\s+(?:[ECMP][SD]T|GMT|UTC)(?![\w]))?"
        rf"|(?P<h3>[01]\d|2[0-3])(?P<m3>[0-5]\d)\s+(?:{CLOCK_ZONE_RE}|(?P<cued>{CLOCK_CUED_RE})))"
        + _CLOCK_DAY,
        _clock,
    ),
    (
        "duration",
        r"(?<![\w])(?:(?P<det>the|a|an)\s+)?(?:(?P<adj>past|last|next|first|final|previous|coming"
        r"|following|remaining|initial|recent|same|entire|whole|full|latest|other)\s+)?"
        rf"(?P<num>{NUM_RE})(?P<sep>[\s-]+)(?:(?:more|additional|extra|straight)\s+)?"
        rf"(?P<unit>{UNIT_RE})(?![\w])(?P<long>-long)?"
        r"(?P<old>[\s-]old)?(?!-\w)(?P<half>\s+and\s+a\s+half(?![\w]))?",
        _duration,
    ),
    (
        "long_units",
        r"(?<![\w])(?P<unit>years|months|weeks|days|decades|hours|centuries|year|month|week|day"
        r"|decade|hour|century)-long(?![\w-])",
        _long_units,
    ),
    (
        "bare_units",
        r"(?<![\w])(?P<unit>years|months|weeks|days|decades|hours|minutes|centuries)(?![\w])",
        _bare_units,
    ),
    (
        "recent_units",
        r"(?<![\w])(?:the\s+)?(?:recent|past|coming|next|last)\s+(?:few\s+|several\s+)?"
        r"(?P<unit>months|weeks|days|hours|quarters|years|decades)(?![\w])",
        _recent_units,
    ),
    ("noon", r"(?<![\w])(?P<noon>noon|midday|midnight)(?![\w])" + _CLOCK_DAY, _noon),
    (
        "set_word",
        rf"(?<![\w])(?:{'|'.join(_SET_WORDS)})(?![\w])",
        _set_word,
    ),
    (
        "every",
        r"(?<![\w])(?:every|each|per)\s+(?:(?P<every_n>other|two|three|four|five|six|ten|\d{1,2})"
        r"\s+)?(?P<eunit>days?|weeks?|months?|years?|quarters?|hours?|minutes?|decades?"
        rf"|mornings?|evenings?|nights?|{'|'.join(w for w in WEEKDAYS if w.endswith('day'))}"
        r"|summer|winter|spring|autumn|fall)(?![\w])",
        _every,
    ),
    (
        "plural_weekday",
        r"(?<![\w])(?:mondays|tuesdays|wednesdays|thursdays|fridays|saturdays|sundays)(?![\w])",
        _plural_weekday,
    ),
    (
        "holiday",
        r"(?<![\w])(?:(?P<hrel>last|next|this)\s+)?"
        r"(?P<hol>christmas(?:\s+(?:eve|day))?|new\s+year['’]s\s+(?:day|eve)"
        r"|thanksgiving(?:\s+day)?|independence\s+day|valentine['’]s\s+day|halloween"
        r"|election\s+day)"
        rf"(?:,?\s+(?P<hyear>{YEAR_RE}))?",
        _holiday,
    ),
]

# Words that must occur inside a rule's match ("#" = a run of digits): the finder runs a rule
# only near them, which keeps tagging far cheaper than scanning the text once per rule.
_MONTH_T = " ".join(MONTHS)
_DAY_T = " ".join(w for w in WEEKDAYS if w.endswith("day"))
_UNIT_T = (
    "second seconds minute minutes hour hours day days night nights week weeks weekend weekends"
    " month months quarter quarters year years decade decades century centuries"
)
_SEASON_T = " ".join(SEASONS)
TRIGGERS = {
    "iso": "#", "slash": "#", "day_list": "#", "month_day": _MONTH_T, "day_month": _MONTH_T,
    "month_year": _MONTH_T, "month_rel_year": _MONTH_T, "week_of": _MONTH_T,
    "month": _MONTH_T, "weekday": _DAY_T, "year": "#", "apos_year": "#",
    "decade": "# " + " ".join(DECADE_WORDS), "ordinal_quarter": "quarter half",
    "named_quarter": "quarter period", "q_code": "q1 q2 q3 q4 h1 h2", "season": _SEASON_T,
    "ref_word": "now currently nowadays present days recently lately soon current future past"
    " years decades",
    "day_word": "today yesterday tomorrow tonight",
    "day_part": "morning afternoon evening night",
    "unit_rel": _UNIT_T + " morning afternoon evening",
    "year_end": "year", "spelled_year": "nineteen twenty thousand", "century": "century",
    "year_ago_adj": "year", "ago": _UNIT_T,
    "duration": _UNIT_T, "bare_units": _UNIT_T, "long_units": _UNIT_T,
    "recent_units": _UNIT_T, "clock": "#",
    "noon": "noon midday midnight", "set_word": " ".join(_SET_WORDS),
    "every": f"{_UNIT_T} {_DAY_T} {_SEASON_T} mornings evenings",
    "plural_weekday": " ".join(w + "s" for w in _DAY_T.split()),
    "holiday": "christmas new thanksgiving independence valentine halloween election",
}  # fmt: skip

# How many words before its trigger a rule's match may start ("the first nine months": 3).
LOOKBACK = {
    "month_day": 2, "day_month": 4, "week_of": 3, "month": 1, "weekday": 1, "year": 2,
    "decade": 3, "ordinal_quarter": 5, "named_quarter": 4, "q_code": 1, "season": 3,
    "ref_word": 2, "day_word": 3, "day_part": 1, "unit_rel": 3, "spelled_year": 4, "century": 2,
    "ago": 4, "duration": 5, "recent_units": 3, "every": 3, "holiday": 1,
}  # fmt: skip

COMPILED = [(name, re.compile(pattern, _FLAGS), fn) for name, pattern, fn in RULES]
