"""The normalisers: one function per kind of temporal expression, the same for every language.

A rule in a language's rules.toml names its normaliser (``kind``) and captures named groups
the normaliser reads (``mon``, ``day``, ``year``, ``rel``, ``wd``, ``unit`` ...). Every word a
normaliser needs comes from the language's tables (``ctx.lang``): months, weekdays, units,
relative words (mapped to a canonical relation such as "last" or "next"), cue words and the
exclusion lists. A normaliser returns a ``Hit`` or None to reject the candidate (a verb
"may", an identifier "Page 1990" ...). Values follow TimeML TIMEX3.
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
from dashboard.extract.timex_resources import Language


@dataclass(slots=True)  # not frozen: built for every expression, and frozen __init__ is slow
class Hit:
    type: str
    value: str
    relative: bool = False
    mod: str = ""
    anchor: bool = True  # may later expressions count from this one?
    lead: int = 0  # characters at the match's start that stay outside the extent


Normaliser = Callable[[re.Match[str], Context], Hit | None]
UNRESOLVED = {"day": "XXXX-XX-XX", "week": "XXXX-WXX", "month": "XXXX-XX", "year": "XXXX"}

# Canonical unit -> (ISO 8601 duration letter, is a time-of-day unit). Language tables map
# their unit words ("días", "Wochen") to these keys.
UNITS = {
    "second": ("S", True), "minute": ("M", True), "hour": ("H", True), "day": ("D", False),
    "night": ("D", False), "week": ("W", False), "weekend": ("WE", False),
    "month": ("M", False), "quarter": ("Q", False), "half": ("HY", False), "year": ("Y", False),
    "decade": ("DE", False), "century": ("CE", False),
}  # fmt: skip
_BACK = frozenset({"last", "past", "previous"})
_AHEAD = frozenset({"next", "coming"})


def _rel(value: str) -> Hit:
    return Hit("DATE", value, relative=True)


def _is_capitalised(word: str) -> bool:
    return word[:1].isupper()


def _group(m: re.Match[str], name: str) -> str | None:
    """A named group's text, or None when the rule has no such group or it did not match."""
    return m.group(name) if name in m.re.groupindex else None


def _relation(m: re.Match[str], ctx: Context, *names: str) -> str:
    """The canonical relation ("last", "next", "this" ...) of the first of ``names`` matched."""
    for name in names:
        word = _group(m, name)
        if word:
            return ctx.lang.relation(word)
    return ""


# --- numbers -----------------------------------------------------------------------------


def parse_number(text: str, ctx: Context) -> float | None:
    """A count written in digits or words; None for vague counts ("several", "a few")."""
    lang = ctx.lang
    low = " ".join(text.lower().split())
    vague = lang.value("vague_counts", low)
    if vague is not None:
        return float(vague) if vague else None
    if low[0].isdigit():
        whole, _, fraction = low.partition(" ")
        whole = whole.replace(lang.setting("thousands", ","), "").replace(",", ".")
        try:
            return float(whole) + (0.5 if fraction == "1/2" else 0.0)
        except ValueError:
            return None
    joiners = lang.words("number_joiners")
    parts = [p for p in re.split(r"[\s-]+", low) if p not in joiners]
    total = 0
    i = 0
    while i < len(parts):  # the longest run of parts the table knows ("quatre-vingt-dix" 90)
        for j in range(len(parts), i, -1):
            value = _number_entry(parts[i:j], lang)
            if value:
                total += int(value)
                i = j
                break
        else:
            return None
    return float(total) if parts else None


def _number_entry(parts: list[str], lang: Language) -> str | None:
    """The table value of number words read as one entry: "quatre-vingt", "ciento dos"."""
    if len(parts) == 1:
        return lang.value("numbers", parts[0]) or lang.value("indefinite_articles", parts[0])
    return lang.value("numbers", "-".join(parts)) or lang.value("numbers", " ".join(parts))


def _fmt(number: float) -> str:
    return str(int(number)) if number == int(number) else f"{number:g}"


def duration_value(number: float | None, unit: str, decimal: bool = False) -> str:
    """TIMEX3 duration: P3D, PT5H, P10Y (decades as years), P2WE, PXM for vague counts.

    A fraction is written as whole units plus smaller ones (P2Y6M), or with ``decimal`` (the
    language's ``decimal_fractions`` setting) as a decimal (P2.5Y).
    """
    letter, is_time = UNITS[unit]
    prefix = "PT" if is_time else "P"
    if letter == "Q":
        letter, number = "M", None if number is None else number * 3
    elif letter == "HY":
        letter, number = "M", None if number is None else number * 6
    elif letter == "DE":
        letter, number = ("DE", None) if number is None else ("Y", number * 10)
    elif letter == "CE":
        letter, number = ("CE", None) if number is None else ("Y", number * 100)
    if number is None:
        return f"{prefix}X{letter}"
    if number != int(number):
        if decimal and number >= 1:
            return f"{prefix}{_fmt(number)}{letter}"  # "tres días y medio" is P3.5D
        return _fractional_duration(number, letter, is_time)
    return f"{prefix}{_fmt(number)}{letter}"


def _fractional_duration(number: float, letter: str, is_time: bool) -> str:
    """Whole units plus the rest in the next smaller unit: 5.5 hours is PT5H30M."""
    # (Weeks mix with no other unit in ISO 8601: 3.5 weeks stays P3.5W.)
    smaller = {("Y", False): ("M", 12), ("M", False): ("D", 30),
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


def _unit_key(word: str, ctx: Context) -> str:
    """A unit word as its canonical unit ("días" -> "day"); other words as themselves."""
    return (ctx.lang.value("units", word) or ctx.lang.value("calendar_units", word)
            or " ".join(word.lower().split()))


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


def _numeric(m: re.Match[str], ctx: Context) -> Hit | None:
    """For "2/17/2025" and "17/2/2025" (the language's ``day_first`` setting decides when both
    numbers could be a month), "17.2.2025"."""
    first, second = int(m["n1"]), int(m["n2"])
    day_first = ctx.lang.setting("day_first", False)
    if day_first:
        day_number, month = (first, second) if second <= 12 else (second, first)
    else:
        month, day_number = (first, second) if first <= 12 else (second, first)
    day = safe_date(_two_digit_year(m["ny"], ctx.dct), month, day_number)
    return Hit("DATE", day.isoformat()) if day else None


def _resolve_month_day(month: int, day: int, m: re.Match[str], ctx: Context) -> date | None:
    """A day without a year: the occurrence nearest the DCT, tense deciding close calls."""
    dct = ctx.dct
    if dct is None:
        return None
    options = [d for d in (safe_date(dct.year + k, month, day) for k in (-1, 0, 1)) if d]
    rel = _relation(m, ctx, "rel", "after")  # "el pasado 2 de junio", "le 2 juin dernier"
    if rel in _BACK:
        options = [d for d in options if d < dct] or options
    elif rel in _AHEAD:
        options = [d for d in options if d > dct] or options
    if not options:
        return None
    tense = ctx.tense(m.start(), m.end())
    if rel not in _BACK | _AHEAD and _same_year(ctx, tense):
        this_year = [d for d in options if d.year == dct.year]
        if this_year:
            return this_year[0]
    return _nearest(options, dct, tense, lambda d: d)


def _same_year(ctx: Context, tense: int) -> bool:
    """Does a date with no year and no tense cue fall in the reference date's year? (The
    language's ``untensed`` setting: "same_year", as Spanish annotators read "el 3 de
    marzo", or "nearest", as English newswire is read.)"""
    return tense == 0 and ctx.lang.setting("untensed", "nearest") == "same_year"


_T = TypeVar("_T")
_AGAINST_TENSE = 2.5  # how much farther a date on the tense's side may be and still win


def _nearest(options: list[_T], dct: date, tense: int, day_of: Callable[[_T], date]) -> _T:
    """The option closest to ``dct``; one on the side the tense points to wins a close call."""

    def cost(option: _T) -> float:
        gap = (day_of(option) - dct).days
        against = (gap > 0 and tense < 0) or (gap < 0 and tense > 0)
        return abs(gap) * (_AGAINST_TENSE if against else 1.0)

    return min(options, key=cost)


def _day_number(text: str, ctx: Context) -> int:
    """The number of a day: "17th" is 17, "1er" 1, "primero" 1 (the ``day_numbers`` table)."""
    if text[:2].isdigit():
        return int(text[:2])
    if text[:1].isdigit():
        return int(text[:1])
    return ctx.lang.number("day_numbers", text)


def _month_of(word: str, ctx: Context) -> int:
    key = word.lower().rstrip(".")
    value = ctx.lang.value("months", key) or ctx.lang.value("month_abbreviations", key)
    if value is None:
        raise KeyError(word)
    return int(value)


def _month_case_ok(word: str, ctx: Context) -> bool:
    """English and German write month names capitalised: a lower-case "may" is a verb."""
    return not ctx.lang.setting("capitalised_months", False) or _is_capitalised(word)


def _month_day(m: re.Match[str], ctx: Context) -> Hit | None:
    if not _month_case_ok(m["mon"], ctx):
        return None
    month, day_number = _month_of(m["mon"], ctx), _day_number(m["day"], ctx)
    year = _group(m, "year") or _range_year(ctx, m.end())
    if year:
        day = safe_date(_year_number(year, ctx), month, day_number)
        return Hit("DATE", day.isoformat()) if day else None
    if ctx.dct is None:
        return _rel(f"XXXX-{month:02d}-{day_number:02d}")
    day = _resolve_month_day(month, day_number, m, ctx)
    return _rel(day.isoformat()) if day else None


def _day_list(m: re.Match[str], ctx: Context) -> Hit | None:
    """The 25 of "April 24 and 25": a day number right after a day date, in the same month."""
    glue = ctx.lang.regex("list_glue")
    if ctx.last_day is None or glue is None or not glue.match(ctx.text, ctx.last_day_end,
                                                              m.start()):
        return None
    if ctx.word_after(m.end()).lower() in ctx.lang.words("counted_nouns"):
        return None  # "on April 24 and 25 people died"
    number = _day_number(m["day"], ctx)
    day = safe_date(ctx.last_day.year, ctx.last_day.month, number)
    return Hit("DATE", day.isoformat(), relative=True) if day and day > ctx.last_day else None


def _day_alone(m: re.Match[str], ctx: Context) -> Hit | None:
    """For "el día 3" with no month: that day of the month being talked about (the last day
    mentioned, else the reference date's month); "el pasado día 19" is the latest 19th
    before the reference date, "el día 1 del próximo mes" that of the month named (groups
    ``rel``, ``mrel``)."""
    number = _day_number(m["day"], ctx)
    rel = _relation(m, ctx, "rel")
    month_rel = _relation(m, ctx, "mrel", "mrel2") if _group(m, "munit") else ""
    if month_rel or rel in _BACK | _AHEAD:
        if ctx.dct is None:
            return _rel(f"XXXX-XX-{number:02d}")
        base = date(ctx.dct.year, ctx.dct.month, 1)
        if month_rel:
            day = safe_date(*_year_month(add_months(base, _DELTA.get(month_rel, 0))), number)
        else:
            step = -1 if rel in _BACK else 1
            day = safe_date(base.year, base.month, number)
            if day is None or (day >= ctx.dct if step < 0 else day <= ctx.dct):
                day = safe_date(*_year_month(add_months(base, step)), number)
        return _rel(day.isoformat()) if day else None
    ref = ctx.anchor_for("day")
    if ref is None:
        return _rel(f"XXXX-XX-{number:02d}")
    day = safe_date(ref.year, ref.month, number)
    return _rel(day.isoformat()) if day else None


def _year_month(day: date) -> tuple[int, int]:
    return day.year, day.month


def _range_year(ctx: Context, end: int) -> str | None:
    """The year closing a range that starts here: "Feb. 10-12, 2025" puts Feb. 10 in 2025."""
    range_year = ctx.lang.regex("range_year")
    m = range_year.match(ctx.text, end) if range_year else None
    return m["year"] if m else None


def _year_number(text: str, ctx: Context) -> int:
    return int(text) if text[:1].isdigit() else spelled_year(text, ctx)


def spelled_year(text: str, ctx: Context) -> int:
    """A year read out: "nineteen ninety-six" is 1996, "two thousand and one" 2001."""
    lang = ctx.lang
    words = [w for w in re.split(r"[\s-]+", text.lower()) if w not in lang.words("number_joiners")]
    thousands = lang.words("thousand_words")
    if any(w in thousands for w in words):  # "two thousand and one", "mil novecientos"
        total = 0
        for w in words:
            if w in thousands:
                total = max(total, 1) * 1000
            else:
                total += lang.number("numbers", w)
        return total
    return lang.number("numbers", words[0]) * 100 + sum(
        lang.number("numbers", w) for w in words[1:])


def _month_year(m: re.Match[str], ctx: Context) -> Hit | None:
    if not _month_case_ok(m["mon"], ctx):
        return None
    return Hit("DATE", f"{_year_number(m['year'], ctx):04d}-{_month_of(m['mon'], ctx):02d}")


def _month_rel_year(m: re.Match[str], ctx: Context) -> Hit | None:
    """For "July last year", "February this year", "enero del año pasado"."""
    if not _month_case_ok(m["mon"], ctx):
        return None
    month = _month_of(m["mon"], ctx)
    if ctx.dct is None:
        return _rel(f"XXXX-{month:02d}")
    delta = {"last": -1, "preceding": -1, "next": 1, "following": 1}
    year = ctx.dct.year + delta.get(_relation(m, ctx, "yrel", "yrel2"), 0)
    return _rel(f"{year:04d}-{month:02d}")


def _week_of(m: re.Match[str], ctx: Context) -> Hit | None:
    """For "the week of March 6": the ISO week holding that day."""
    if not _month_case_ok(m["mon"], ctx):
        return None
    month, number = _month_of(m["mon"], ctx), _day_number(m["day"], ctx)
    if m["year"]:
        day = safe_date(int(m["year"]), month, number)
    else:
        day = _resolve_month_day(month, number, m, ctx)
    return _rel(week_value(day)) if day else None


def _month_alone(m: re.Match[str], ctx: Context) -> Hit | None:
    word = m["mon"]
    if not _month_case_ok(word, ctx):
        return None
    lang = ctx.lang
    following = ctx.word_after(m.end())
    if following[:1].isupper() and _month_lookup(following, ctx) is None:
        return None  # "June Carter", "August Wilson"
    rel = _relation(m, ctx, "rel", "rel2")
    before = ctx.word_before(m.start())
    if (not lang.setting("capitalised_months", False) and _is_capitalised(word) and not rel
            and not _starts_sentence(ctx, m.start()) and before not in lang.words("month_cues")):
        return None  # "iba con Abril": where months are lower case, a capitalised one is a name
    followers = lang.words("month_followers")
    if (followers and _is_capitalised(word) and not rel and following[:1].islower()
            and following.lower() not in followers):
        return None  # "Julio me pregunta", "Abril es una persona": a name starts the sentence
    cued = before in lang.words("month_cues") or (
        before in lang.words("definite_articles") and following[:1].islower())
    if word.lower() in lang.words("month_needs_cue") and not rel and not cued:
        return None  # "may" and "march" are verbs unless a preposition says otherwise
    month = _month_of(word, ctx)
    if ctx.dct is None:
        return _rel(f"XXXX-{month:02d}")
    return _rel(f"{_pick_month_year(month, rel, m, ctx):04d}-{month:02d}")


def _month_lookup(word: str, ctx: Context) -> int | None:
    try:
        return _month_of(word, ctx)
    except KeyError:
        return None


def _pick_month_year(month: int, rel: str, m: re.Match[str], ctx: Context) -> int:
    dct = ctx.dct
    assert dct is not None
    if rel in _BACK:
        return dct.year if month < dct.month else dct.year - 1
    if rel in _AHEAD:
        return dct.year if month > dct.month else dct.year + 1
    if rel == "this" or month == dct.month:
        return dct.year
    years = [dct.year - 1, dct.year, dct.year + 1]
    tense = ctx.tense(m.start(), m.end())
    if _same_year(ctx, tense):
        return dct.year
    return _nearest(years, dct, tense, lambda y: date(y, month, 15))


# --- weekdays ----------------------------------------------------------------------------


def _weekday_date(weekday: int, rel: str, m: re.Match[str], ctx: Context) -> date:
    dct = ctx.dct
    assert dct is not None
    back = (dct.weekday() - weekday) % 7
    ahead = (weekday - dct.weekday()) % 7
    if rel in _BACK:
        return dct - timedelta(days=back or 7)
    if rel in _AHEAD:
        return dct + timedelta(days=ahead or 7)
    possessive = ctx.lang.regex("possessive")
    if possessive is not None and possessive.match(ctx.text, m.end()):
        return dct - timedelta(days=back)  # "Wednesday's ruling" has happened
    if ctx.deadline_before(m.start()) or ctx.tense(m.start(), m.end()) > 0:
        return dct + timedelta(days=ahead)
    return dct - timedelta(days=back)


def _weekday_of(word: str, ctx: Context) -> int:
    key = word.lower().rstrip(".")
    value = (ctx.lang.value("weekdays", key) or ctx.lang.value("weekday_abbreviations", key + ".")
             or ctx.lang.value("weekday_short", key))
    if value is None:
        raise KeyError(word)
    return int(value)


def _weekday(m: re.Match[str], ctx: Context) -> Hit | None:
    word = m["wd"]
    if ctx.lang.setting("capitalised_weekdays", False) and not _is_capitalised(word):
        return None
    if _group(m, "name"):
        return None  # "Monday Night Football": a name, not a date
    weekday = _weekday_of(word, ctx)
    rel = _relation(m, ctx, "rel", "rel2")
    if ctx.dct is None:
        value = f"XXXX-WXX-{weekday + 1}"
    else:
        value = _weekday_date(weekday, rel, m, ctx).isoformat()
    # "Wednesday night" is valued as its day, as the TimeBank/AQUAINT annotators mostly did.
    return _rel(value)


# --- years, decades, quarters, seasons -------------------------------------------------------


def _year(m: re.Match[str], ctx: Context) -> Hit | None:
    year = int(m["year"])
    prefix = _group(m, "fy")
    lang = ctx.lang
    before = ctx.word_before(m.start())
    after = ctx.word_after(m.end())
    if not prefix:
        clock_after = lang.regex("clock_after")
        if clock_after and clock_after.match(ctx.text, m.end()):
            return None  # "1805 EST" is a clock time
        if _is_far(year, ctx.dct) and not _far_year_cued(year, before, after, m, ctx):
            return None  # "1500 rose by 1200": counts, not years
        if before in lang.words("id_words") or before.endswith(("$", "#")):
            return None
        if after.lower() in lang.words("counted_nouns"):
            return None
        plural = lang.regex("plural_noun")
        if (lang.setting("plural_after_any_year") and plural and plural.fullmatch(after)
                and after.lower() not in lang.words("not_plural")):
            return None  # "en 2000 países": a count
        if before in lang.words("definite_articles") and _names_a_law(ctx, m.end()):
            return None  # "the 1990 Act", "the 1990 Clean Air Act"
        possessive = lang.regex("possessive_end")
        if possessive and possessive.search(before) and _is_capitalised(after):
            return None  # "Kopp's 1987 Chevrolet": a model year
    return Hit("DATE", f"{year:04d}")


# Bare numbers from a century before the DCT to 50 years after it read as years freely (the
# TimeML gold's farthest bare year is "in 1898" in a 2000 story); farther ones need a cue.
_NEAR_BACK, _NEAR_AHEAD = 100, 50


def _is_far(year: int, dct: date | None) -> bool:
    if dct is None:
        return year < 1800
    return not dct.year - _NEAR_BACK <= year <= dct.year + _NEAR_AHEAD


def _far_year_cued(year: int, before: str, after: str, m: re.Match[str], ctx: Context) -> bool:
    """Does a date cue vouch for a far-off year: "in 1066", "the 1805 treaty", "by 2100"?

    A preposition alone does not, when a counted noun follows: "in 1200 shops" is a count.
    """
    lang = ctx.lang
    plural = lang.regex("plural_noun")
    if plural and plural.fullmatch(after) and after.lower() not in lang.words("not_plural"):
        return False  # "in 1200 shops": a count of something
    if before in lang.words("far_year_cues"):
        return True
    if before in lang.words("target_cues"):  # "by 2100" is a target; "rose by 1500" a count
        return ctx.dct is not None and year > ctx.dct.year
    if before in lang.words("definite_articles"):
        return after.lower() in lang.words("year_event_nouns")
    if before in lang.words("of_words"):  # "the war of 1812", not "a crowd of 1200"
        noun = lang.regex("noun_of")
        found = noun.search(ctx.text, max(0, m.start() - 40), m.start()) if noun else None
        return found is not None and found[1].lower() in lang.words("year_event_nouns")
    return False


def _apostrophe_year(m: re.Match[str], ctx: Context) -> Hit | None:
    """For "in '98": the two-digit year nearest before the DCT."""
    if ctx.dct is None:
        return None  # no century to put it in
    return Hit("DATE", f"{_two_digit_year(m['yy'], ctx.dct):04d}")


_CAPITALISED_WORDS = re.compile(r"(?:\s+[A-Z][\w'-]*){1,5}")


def _names_a_law(ctx: Context, end: int) -> bool:
    """Is the year followed by a capitalised title that ends in "Act", "Code" ...?"""
    m = _CAPITALISED_WORDS.match(ctx.text, end)
    laws = ctx.lang.words("law_words")
    return m is not None and any(w.lower() in laws for w in m.group(0).split())


def _spelled_year(m: re.Match[str], ctx: Context) -> Hit | None:
    """Years read out in broadcast transcripts: "nineteen ninety-six", "two thousand"."""
    return Hit("DATE", f"{spelled_year(m['spelled'], ctx):04d}")


def _century(m: re.Match[str], ctx: Context) -> Hit | None:
    """For "the 20th century", "el siglo XX", "el siglo primero": TIMEX3 "19", the hundreds
    of its years; before the common era ("el siglo XI a. C."), "BCE10"."""
    nth = _nth_century(m["nth"], ctx)
    if not 1 <= nth <= 21:
        return None
    return Hit("DATE", f"{_era_prefix(m, ctx)}{nth - 1:02d}")


def _nth_century(word: str, ctx: Context) -> int:
    if word.isdigit():
        return int(word)
    ordinal = ctx.lang.value("ordinals", word)
    return int(ordinal) if ordinal and ordinal.isdigit() else _roman(word)


def _era_prefix(m: re.Match[str], ctx: Context) -> str:
    """ "BCE" when the rule's group ``era`` names the era before Christ (the ``eras`` table:
    "a. C." BC, "d. C." AD), else ""."""
    era = _group(m, "era")
    return "BCE" if era and ctx.lang.value("eras", era) == "BC" else ""


def _era_year(m: re.Match[str], ctx: Context) -> Hit | None:
    """For "el 999 a. C.", "en el año 20 d. C.", "el 3 de octubre de 1932 a. C.": a year
    (and day) with its era; TIMEX3 writes years before the common era as "BCE0999"."""
    year = int(m["year"])
    prefix = _era_prefix(m, ctx)
    if not prefix and year < 1:
        return None
    if _group(m, "mon"):
        month, day = _month_of(m["mon"], ctx), _day_number(m["day"], ctx)
        if safe_date(2000, month, day) is None:  # any leap year: the day must exist
            return None
        return Hit("DATE", f"{prefix}{year:04d}-{month:02d}-{day:02d}")
    return Hit("DATE", f"{prefix}{year:04d}")


_ROMAN = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100}


def _roman(text: str) -> int:
    values = [_ROMAN[c] for c in text.lower()]
    return sum(-v if i + 1 < len(values) and v < values[i + 1] else v
               for i, v in enumerate(values))


def _decade(m: re.Match[str], ctx: Context) -> Hit | None:
    if _group(m, "word") and ctx.word_before(m.start()) in ctx.lang.words("possessives"):
        return None  # "in his nineties" is an age
    if _group(m, "cent"):
        value = f"{m['cent']}{m['dec']}"
    elif _group(m, "dec2"):
        digit = int(m["dec2"])
        value = f"{20 if digit <= 1 else 19}{digit}"
    else:
        value = f"19{ctx.lang.number('decade_words', m['word'])}"
    mod = ctx.lang.value("part_modifiers", _group(m, "dmod") or "") or ""
    return Hit("DATE", value, mod=mod)


def _quarter_year(m: re.Match[str], ctx: Context, part: int, months: int = 3) -> Hit:
    """Quarter (or, with ``months`` 6, half) ``part`` placed in a year: stated, or by the DCT."""
    code = "Q" if months == 3 else "H"
    groups = m.groupdict()
    stated = groups.get("year") or groups.get("year2") or groups.get("pyear")
    ago = groups.get("ago") or groups.get("ago2")
    back = 1 if ago and ctx.lang.relation(groups.get("ago")) != "same" else 0
    if stated:
        return Hit("DATE", f"{int(stated) - back:04d}-{code}{part}", anchor=not back)
    rel = _relation(m, ctx, "qrel", "yrel")
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
    ordinal = ctx.lang.number("ordinals", m["ord"])
    if ctx.lang.value("quarter_units", m["unit"]) == "H":
        if ordinal not in (1, 2, 4):  # "the last half" is the second
            return None
        return _quarter_year(m, ctx, 1 if ordinal == 1 else 2, months=6)
    stated = any(_group(m, g) for g in ("year", "year2", "pyear", "qrel", "yrel"))
    if ctx.lang.relation(m["ord"]) == "last" and not stated:
        return _relative_quarter_value(-1, ctx)
    hit = _quarter_year(m, ctx, ordinal)
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
    raw = " ".join((m["rq"] or "").lower().replace("-", " ").split())
    rel = ctx.lang.relation(raw) if raw else ""
    if ctx.dct is None:
        return _rel("XXXX-QX")
    current = ctx.last_quarter or shift_quarter(ctx.dct.year, quarter_of(ctx.dct), -1)
    if raw[:1].isdigit():  # "the 1988 period": the quarter under discussion, in that year
        return Hit("DATE", f"{raw}-Q{current[1]}", relative=True, anchor=False)
    if rel == "year-ago" or _group(m, "ago2"):
        return Hit("DATE", f"{current[0] - 1:04d}-Q{current[1]}", relative=True, anchor=False)
    if rel in ("", "same", "that") and ctx.last_quarter:
        return _rel(f"{current[0]:04d}-Q{current[1]}")
    return _relative_quarter_value(_QUARTER_REL.get(rel, -1), ctx)


def _q_code(m: re.Match[str], ctx: Context) -> Hit | None:
    """For "Q3", "Q1 2025", "2024 Q4", "H1 2025" (a half year)."""
    part = int(m["q"] or m["q2"])
    if (m["kind"] or m["kind2"]).upper() == "H":  # a bare "H2" is more often hydrogen
        stated = m["year"] or m["year2"]
        return _quarter_year(m, ctx, part, months=6) if part <= 2 and stated else None
    return _quarter_year(m, ctx, part)


def _season(m: re.Match[str], ctx: Context) -> Hit | None:
    lang = ctx.lang
    code = lang.value("seasons", m["season"])
    if not code:
        return None
    rel = _relation(m, ctx, "srel2", "srel")
    if rel in ("el", "la"):
        rel = "the"
    mod = lang.value("part_modifiers", _group(m, "smod") or "") or ""
    if _group(m, "year"):
        return Hit("DATE", f"{_year_number(m['year'], ctx):04d}-{code}", mod=mod)
    cues = lang.words("season_cues")
    # "im Sommer", "au printemps": the article-preposition is a cue itself.
    cued = ctx.word_before(m.start()) in cues or (_group(m, "srel") or "").lower() in cues
    if not lang.setting("bare_seasons", False):
        if not rel and not (mod and cued) and not (cued and lang.setting("cued_bare_seasons")):
            return None  # a bare "spring" or "fall" is too often no season
        if rel == "the" and not cued:
            return None
    if ctx.dct is None:
        return Hit("DATE", f"XXXX-{code}", relative=True, mod=mod)
    return Hit("DATE", f"{_season_year(code, rel, m, ctx):04d}-{code}", relative=True, mod=mod)


def _season_year(code: str, rel: str, m: re.Match[str], ctx: Context) -> int:
    dct = ctx.dct
    assert dct is not None
    month = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}[code]
    started = dct.month >= month
    if rel in (*_BACK, "the past"):
        return dct.year if dct.month > month + 2 else dct.year - 1
    if rel in _AHEAD:
        return dct.year + 1 if started else dct.year
    if rel in ("the", "") and ctx.tense(m.start(), m.end()) <= 0 and not started:
        return dct.year - 1
    return dct.year


# --- relative words and units ------------------------------------------------------------------


def _starts_sentence(ctx: Context, start: int) -> bool:
    before = ctx.text[max(0, start - 3) : start].rstrip(" \t\"'`(«¿¡")
    return not before or before[-1] in ".!?:\n"


def _ref_word(m: re.Match[str], ctx: Context) -> Hit | None:
    """For "now", "recently", "the future" (the ``ref_words`` table: phrase, value, the words
    one of which must stand before it, if any, and flags)."""
    lang = ctx.lang
    if (_is_capitalised(m[0].split()[-1]) and not _starts_sentence(ctx, m.start())
            and lang.setting("capitalised_ref_is_name", True)):
        return None  # "Fridays for Future", "Back to the Future": part of a name
    phrase = m["ref"] if _group(m, "ref") else m[0]
    value = lang.value("ref_words", phrase)
    if not value:
        return None
    needs, flags = [*lang.extra("ref_words", phrase), "", ""][:2]
    if needs and ctx.word_before(m.start()) not in needs.split():
        return None  # "future losses": an adjective
    if "unit" in flags and _unit_key(ctx.word_after(m.end()), ctx) in UNITS:
        return None  # "the past year" is unit_rel's
    return Hit("DATE", value)


def _day_word(m: re.Match[str], ctx: Context) -> Hit | None:
    """For "today", "yesterday", "the day before yesterday", "pasado mañana"."""
    if _names_a_title(m[0], m.start(), ctx):
        return None  # "USA Today", "La Crónica de Hoy": a title inside a sentence
    offset = ctx.lang.number("day_words", m["dword"])
    not_after = (ctx.lang.extra("day_words", m["dword"]) or [""])[0].split()
    if ctx.word_before(m.start()) in not_after:
        return None  # "esta mañana" is this morning, not tomorrow
    shift = _group(m, "shift")
    if shift:  # the day before yesterday / after tomorrow
        offset += ctx.lang.number("day_shifts", shift)
    # "tonight" is valued as its day, like "Wednesday night" (and as the gold corpus does).
    value = (ctx.dct + timedelta(days=offset)).isoformat() if ctx.dct else "XXXX-XX-XX"
    return _rel(value)


def _names_a_title(word: str, start: int, ctx: Context) -> bool:
    """Is a capitalised day word inside a sentence part of a name? After a capitalised word
    ("USA Today") it is; after a lower-case word too ("el diario Hoy", "à Aujourd'hui en
    France"), since every language we read writes these words in lower case mid-sentence,
    unless a line break stands between them (a headline without a full stop above)."""
    if not _is_capitalised(word):
        return False
    before = ctx.word_before(start, keep_case=True)
    if not before or before[-1] in ".!?:\"'":
        return False
    if _is_capitalised(before):
        return True
    gap = ctx.text[max(0, start - 30):start]
    return before.isalpha() and not word.isupper() and "\n" not in gap[gap.rfind(before):]


def _day_part(m: re.Match[str], ctx: Context) -> Hit | None:
    """For "this morning", "yesterday afternoon", "last night", "esta mañana"."""
    lang = ctx.lang
    head = _group(m, "head") or m["part"]  # "anoche" is its own day
    not_after = (lang.extra("day_words", head) or [""])[0].split()
    offset = None if ctx.word_before(m.start()) in not_after else lang.value("day_words", head)
    delta = int(offset) if offset is not None else {"last": -1}.get(lang.relation(head), 0)
    part = lang.value("parts_of_day", m["part"])
    if not part:
        return None
    if lang.relation(head) == "last" and part != "NI":
        return None
    if ctx.dct is None:
        return Hit("TIME", f"XXXX-XX-XXT{part}", relative=True)
    if (_group(m, "head") is None and offset is None) or lang.relation(head) in ("that", "same"):
        # "por la noche", "esa mañana": of the day in talk
        anchor = ctx.anchor_for("day")
        assert anchor is not None
        return Hit("TIME", f"{anchor.isoformat()}T{part}", relative=True)
    day = ctx.dct + timedelta(days=delta)
    return Hit("TIME", f"{day.isoformat()}T{part}", relative=True)


def _weekday_part(m: re.Match[str], ctx: Context) -> Hit | None:
    """For "el viernes por la mañana": the weekday's date with its part of the day."""
    hit = _weekday(m, ctx)
    part = ctx.lang.value("parts_of_day", m["part"])
    if hit is None or not part:
        return None
    return Hit("TIME", f"{hit.value}T{part}", relative=True)


_DELTA = {
    "this": 0, "current": 0, "last": -1, "past": -1, "previous": -1, "prior": -1, "next": 1,
    "coming": 1, "following": 1, "same": 0, "that": 0, "the": 0, "preceding": -1,
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
    if unit == "half":
        index = ref.year * 2 + (ref.month - 1) // 6 + delta
        return f"{index // 2:04d}-H{index % 2 + 1}"
    if unit == "decade":
        return f"{ref.year // 10 + delta:03d}"
    if unit == "century":
        return f"{ref.year // 100 + delta:02d}"
    return f"{ref.year + delta:04d}"  # year


# Counted from the last date mentioned: "the following day", "el año anterior".
_ANCHORED = frozenset({"following", "same", "that", "preceding"})


def _unit_rel(m: re.Match[str], ctx: Context) -> Hit | None:
    """For "last week", "this year", "the following day", "later that year", "the past month",
    "la semana pasada" (the relation may come after the unit: group ``rel2``)."""
    lang = ctx.lang
    raw = " ".join((_group(m, "urel") or _group(m, "rel2") or "").lower().split())
    elided = _group(m, "art2")  # "quest'anno": the relation is in the elided article
    if not raw and elided and lang.relation(elided) != "the":
        raw = elided.lower().replace("’", "'")
    unit_word = m["unit"].split()[-1]
    if unit_word[0].isupper() and lang.setting("capitalised_units_are_titles", True):
        return None  # "This Week", "Next Year": titles of shows and books
    unit = _unit_key(m["unit"], ctx)  # "fin de semana" is a weekend
    if unit not in UNITS:
        unit = _unit_key(unit_word, ctx)  # "fiscal year" is a year
    if lang.setting("unit_needs_determiner") and not (raw or _group(m, "art") or elided or _group(
            m, "the") or _group(m, "edge")):
        return None  # a bare "fin de semana" is no date ("Jahresende" holds its own edge)
    rel_words = raw.split()
    has_the = bool(_group(m, "the")) or (bool(rel_words) and rel_words[0] == "the")
    rel = lang.relation(raw) if raw else "the"
    if rel.startswith("the "):
        rel = rel[4:]
    anchored = rel in _ANCHORED or (has_the and rel in ("previous", "prior", "next"))
    if unit in lang.table("parts_of_day"):
        if not anchored:
            return None  # "this morning", "last night" are day_part's
        unit = "day"  # "the next morning" is dated by its day
    if unit == "day" and not (anchored or rel == "next"):
        return None  # "the day", "this day": rarely a date in news
    if has_the and rel in ("past", "last", "next", "coming") and unit not in ("weekend", "day"):
        return Hit("DURATION", duration_value(1, unit))
    if rel == "the" and unit != "weekend" and ctx.word_before(m.start()) in lang.words(
            "duration_cues"):
        return Hit("DURATION", duration_value(1, unit))
    if unit == "weekend" and rel in ("the", "this", "that"):
        return _weekend(m, ctx)
    ref = ctx.anchor_for(unit) if anchored else ctx.dct
    if ref is None:
        return _rel(UNRESOLVED.get(unit, "XXXX"))
    if unit == "year" and rel == "last" and not has_the and not _group(m, "edge"):
        return _year_back(m, ctx, near=False, anchor=True)
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


def _year_back(m: re.Match[str], ctx: Context, near: bool = True, anchor: bool = False) -> Hit:
    """A year before the DCT; where a quarter is being discussed, that quarter a year before.

    ``near``: a quarter mentioned shortly before counts, not only one in the same sentence.
    ``anchor``: may a later "the year before" count from the year (not from a quarter)?
    """
    assert ctx.dct is not None
    if ctx.last_quarter and (
        (near and m.start() - ctx.last_quarter_at < _QUARTER_TALK)
        or ctx.mentions(m.start(), m.end(), ctx.lang.words("quarter_talk"))
    ):
        year, quarter = ctx.last_quarter
        return Hit("DATE", f"{year - 1:04d}-Q{quarter}", relative=True, anchor=False)
    return Hit("DATE", f"{ctx.dct.year - 1:04d}", relative=True, anchor=anchor)


def _ago(m: re.Match[str], ctx: Context) -> Hit | None:
    """For "three years ago", "two days later", "hace tres años", "dentro de dos semanas".

    The ``directions`` table gives each direction word its sign and what it counts from
    ("dct" or the last date mentioned, "anchor"), and flags: "vague" (a vague count still
    says "in the past": "a few days ago" is PAST_REF), "yearback" (a year ago may be a
    quarter's twin, see ``_year_back``).
    """
    lang = ctx.lang
    number = parse_number(m["num"], ctx)
    unit = _unit_key(m["unit"], ctx)
    direction = m["dir"]
    sign = lang.number("directions", direction)
    flags = (lang.extra("directions", direction) or [""])[0].split()
    if number is None or number != int(number):
        if "vague" not in flags:
            return None  # "a few days later": the duration alone is the timex
        if unit in ("hour", "minute", "second") and ctx.dct:
            return _rel(ctx.dct.isoformat())  # "a few hours ago" is still today
        return Hit("DATE", "PAST_REF" if sign < 0 else "FUTURE_REF")
    ref = ctx.dct if "dct" in flags else ctx.anchor_for("day")
    if ref is None:
        return _rel(UNRESOLVED.get(unit, "XXXX"))
    if ctx.dct and unit == "year" and number == 1 and "yearback" in flags:
        return _year_back(m, ctx)
    if _group(m, "half"):  # "hace dos años y medio": the half unit first, then the whole ones
        ref = _half_unit_on(ref, unit, sign)
    return _ago_value(ref, unit, int(number * _unit_factor(m["unit"], ctx)) * sign)


# Half a unit, in months or days ("y medio", "et demi"); a half day or hour stays on its day.
_HALF_UNIT_MONTHS = {"year": 6, "decade": 60, "century": 600}
_HALF_UNIT_DAYS = {"month": 15, "week": 3}


def _half_unit_on(ref: date, unit: str, sign: int) -> date:
    if unit in _HALF_UNIT_MONTHS:
        return add_months(ref, _HALF_UNIT_MONTHS[unit] * sign)
    return ref + timedelta(days=_HALF_UNIT_DAYS.get(unit, 0) * sign)


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
    lang = ctx.lang
    unit_text = m["unit"]
    if _group(m, "old") or (_is_capitalised(unit_text) and lang.setting(
            "capitalised_units_are_titles", True)):
        return None  # "10-year-old", "60 Minutes"
    unit = _unit_key(unit_text, ctx)
    num_text = _group(m, "num") or "1"  # "hora y media": one unit and the half, unsaid
    plural = lang.value("units", unit_text) is not None and _is_plural(unit_text, ctx)
    indefinite = num_text.lower() in lang.words("indefinite_articles")
    sep = _group(m, "sep") or " "
    if "-" in sep and plural and not num_text[0].isdigit():
        return None  # "three-quarters" is a fraction
    if indefinite and _group(m, "long"):
        return None  # "a day-long meeting": the compound alone is the timex
    if indefinite and plural:
        return None  # "a decades-long feud": the count belongs to a compound
    if indefinite and unit_text.lower() in lang.words("ordinal_units"):
        return None  # "a second time"
    if unit == "quarter" and ctx.word_after(m.end()).lower() in lang.words("of_words"):
        return None  # "a quarter of the market": a fraction
    if re.fullmatch(r"1\d{3}|20\d\d", num_text) and not (
            plural and lang.setting("plural_after_any_year")):
        return None  # "the 1988 second quarter": a year; "en 2000 días" is a count
    number = parse_number(num_text, ctx)
    half = _group(m, "half") or _group(m, "half_before")  # "two and a half hours"
    if number is not None and half:
        number += float(lang.value("fractions", half) or 0.5)
    factor = _unit_factor(unit_text, ctx)
    if number is not None:
        number *= factor
    if indefinite and ctx.word_before(m.start()).rstrip(".") in lang.words("rate_cues"):
        return Hit("SET", duration_value(1, unit))
    if indefinite and re.search(r"[\d%]\s*(?:\w+\s+)?$", _left(ctx, m)):
        return None  # "$5 a year", "four flights a week": a rate, left untagged like the gold
    decimal = lang.setting("decimal_fractions", False)
    if decimal and factor < 1 and number is not None:  # "tres cuartos de hora" is PT0.75H
        return Hit("DURATION", f"{'PT' if UNITS[unit][1] else 'P'}{_fmt(number)}{UNITS[unit][0]}")
    return Hit("DURATION", duration_value(number, unit, decimal), lead=_adjective_lead(m))


def _duration_chain(m: re.Match[str], ctx: Context) -> Hit | None:
    """For "dos años, tres meses y un día": one duration, P2Y3M1D (the parts are found with
    the language's ``duration_part`` context regex)."""
    part_re = ctx.lang.regex("duration_part")
    if part_re is None:
        return None
    totals: dict[str, float] = {}
    for part in part_re.finditer(m[0]):
        number = parse_number(part["num"], ctx)
        unit = _unit_key(part["unit"], ctx)
        if number is None or unit not in UNITS:
            return None
        number *= _unit_factor(part["unit"], ctx)
        if unit in ("decade", "century"):
            number, unit = number * (10 if unit == "decade" else 100), "year"
        if unit in ("quarter", "half"):
            number, unit = number * (3 if unit == "quarter" else 6), "month"
        totals[unit] = totals.get(unit, 0) + number
    if len(totals) < 2:
        return None
    dated = "".join(f"{_fmt(totals[u])}{UNITS[u][0]}" for u in
                    ("year", "month", "week", "weekend", "day", "night") if u in totals)
    timed = "".join(f"{_fmt(totals[u])}{UNITS[u][0]}" for u in ("hour", "minute", "second")
                    if u in totals)
    return Hit("DURATION", f"P{dated}" + (f"T{timed}" if timed else ""))


def _is_plural(word: str, ctx: Context) -> bool:
    return word.lower() in ctx.lang.words("plural_units")


def _adjective_lead(m: re.Match[str]) -> int:
    """For "a two-year plan", "the third-quarter results": the article is not part of the timex."""
    det = _group(m, "det")
    if det and "-" in (_group(m, "sep") or "") and not _group(m, "adj"):
        return m.start("det") - m.start() + len(det) + 1
    return 0


def _left(ctx: Context, m: re.Match[str]) -> str:
    return ctx.text[max(0, m.start() - 20) : m.start()]


def _long_units(m: re.Match[str], ctx: Context) -> Hit | None:
    """For "a day-long meeting" lasts a day; "a decades-long feud" an unknown number of decades."""
    word = m["unit"]
    count = None if _is_plural(word, ctx) else 1
    return Hit("DURATION", duration_value(count, _unit_key(word, ctx)))


def _bare_units(m: re.Match[str], ctx: Context) -> Hit | None:
    if ctx.word_before(m.start()) not in ctx.lang.words("bare_unit_cues"):
        return None
    return Hit("DURATION", duration_value(None, _unit_key(m["unit"], ctx)))


def _recent_units(m: re.Match[str], ctx: Context) -> Hit | None:
    """"the last few years", "ces derniers mois", "nei giorni scorsi" (the relation after the
    unit: group ``unit2``)."""
    unit = _group(m, "unit") or _group(m, "unit2") or ""
    return Hit("DURATION", duration_value(None, _unit_key(unit, ctx)))


# --- times of day and sets ---------------------------------------------------------------------


def _clock(m: re.Match[str], ctx: Context) -> Hit | None:
    lang = ctx.lang
    cues = lang.words("clock_cues")
    if _group(m, "ap"):
        hour, minute = int(m["h"]), int(m["m"] or 0)
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if m["ap"][0].lower() == "p" else 0)
    elif _group(m, "h3"):  # "1240 GMT"; "10:35 a.m. (0735 GMT)" restates a time already tagged
        if ctx.text[max(0, m.start() - 1) : m.start()] == "(":
            return None
        if _group(m, "cued") and ctx.word_before(m.start()) not in cues:
            return None  # "worked 1900 hours" is a count
        hour, minute = int(m["h3"]), int(m["m3"])
    else:
        hour, minute = int(m["h2"]), int(m["m2"])
        if hour > 23 or (ctx.word_before(m.start()) not in cues and not _group(m, "hcue")):
            return None
    if minute > 59:
        return None
    return Hit("TIME", f"{_clock_day(m, ctx)}T{hour:02d}:{minute:02d}", relative=True)


def _clock_words(m: re.Match[str], ctx: Context) -> Hit | None:
    """A clock time in words: "a las cinco y media", "à 15 heures", "um 8 Uhr", "alle 9"."""
    lang = ctx.lang
    hour_text = m["wh"]
    hour = int(hour_text) if hour_text.isdigit() else lang.number("numbers", hour_text)
    minute = 0
    if _group(m, "wm"):
        words = m["wm"]
        minute = int(words) if words.isdigit() else int(lang.value("clock_minutes", words) or
                                                         lang.number("numbers", words))
        if lang.value("clock_minus", _group(m, "minus") or ""):
            hour, minute = hour - 1, 60 - minute
    part_word = _group(m, "wpart") or _group(m, "wpart2") or _group(m, "wpart3") or ""
    if not (minute or part_word or _said_as_clock(m)) and not _bare_hour_ok(m, ctx):
        return None  # "Las tres personas", "entre las dos partes": a count, not a time
    part = lang.value("clock_parts", part_word.replace(" ", "").replace(".", ""))
    if part == "PM" and hour < 12:
        hour += 12
    elif part == "AM" and hour == 12:
        hour = 0
    if not 0 <= hour <= 24 or not 0 <= minute <= 59:
        return None
    zone = "Z" if _group(m, "utc") else ""  # a time given in UTC keeps its zone
    return Hit("TIME", f"{_clock_day(m, ctx)}T{hour:02d}:{minute:02d}{zone}", relative=True)


def _said_as_clock(m: re.Match[str]) -> bool:
    """Is the hour marked as a clock time: minutes, "h", a zone, a day named after it?"""
    return any(_group(m, g) for g in ("wm", "hmark", "utc", "zone", "pword", "cwd", "cword"))


def _bare_hour_ok(m: re.Match[str], ctx: Context) -> bool:
    """Where the language says so (``bare_hour_needs_cue``), a bare "las tres" is a time only
    after a cue word ("a las tres", "son las tres") and before no plural noun."""
    lang = ctx.lang
    if not lang.setting("bare_hour_needs_cue", False):
        return True
    if ctx.word_before(m.start()) not in lang.words("clock_cues"):
        return False
    after = ctx.word_after(m.end())
    plural = lang.regex("plural_noun")
    return not (plural and plural.fullmatch(after) and after.lower() not in lang.words(
        "not_plural"))


def _clock_day(m: re.Match[str], ctx: Context) -> str:
    """The day of a clock time: the day named after it, else the last day mentioned."""
    if ctx.dct is None:
        return "XXXX-XX-XX"
    lang = ctx.lang
    cwd = _group(m, "cwd")
    if cwd and (_is_capitalised(cwd) or not lang.setting("capitalised_weekdays", False)):
        return _weekday_date(_weekday_of(cwd, ctx), "", m, ctx).isoformat()
    day_word = _group(m, "cword") or _group(m, "pword")
    if day_word:
        return (ctx.dct + timedelta(days=lang.number("day_words", day_word))).isoformat()
    cmon = _group(m, "cmon")
    if cmon and _month_case_ok(cmon, ctx):
        day = _resolve_month_day(_month_of(cmon, ctx), _day_number(m["cdd"], ctx), m, ctx)
        if day:
            return day.isoformat()
    day = ctx.day_of_time(m.start())
    return day.isoformat() if day else "XXXX-XX-XX"


def _noon(m: re.Match[str], ctx: Context) -> Hit | None:
    if ctx.word_before(m.start()) not in ctx.lang.words("clock_cues") and not (
            _group(m, "cwd") or _group(m, "cword")):
        return None
    clock = ctx.lang.value("clock_words", m["noon"]) or "12:00"
    return Hit("TIME", f"{_clock_day(m, ctx)}T{clock}", relative=True)


def _set_word(m: re.Match[str], ctx: Context) -> Hit | None:
    value = ctx.lang.value("set_words", m[0])
    return Hit("SET", value) if value else None


def _every(m: re.Match[str], ctx: Context) -> Hit | None:
    lang = ctx.lang
    unit_word = m["eunit"].lower()
    singular = lang.value("singular", unit_word) or unit_word
    clock = _every_clock(m)
    if lang.value("weekdays", singular) is not None:
        return Hit("SET", f"XXXX-WXX-{lang.number('weekdays', singular) + 1}{clock}")
    if lang.value("seasons", singular):
        return Hit("SET", f"XXXX-{lang.value('seasons', singular)}")
    part = lang.value("parts_of_day", singular) or lang.value("parts_of_day", unit_word.rstrip("s"))
    if part:
        return Hit("SET", f"XXXX-XX-XXT{part}")
    count = _group(m, "every_n")
    number = parse_number(count, ctx) if count else 1
    if count and lang.value("every_counts", count):
        number = float(lang.number("every_counts", count))
    unit = _unit_key(unit_word, ctx)
    if unit not in UNITS:
        return None
    if clock and unit == "day" and not count:  # "todos los días a las 8"
        return Hit("SET", f"XXXX-XX-XX{clock}")
    return Hit("SET", duration_value(number or 1, unit))


def _every_clock(m: re.Match[str]) -> str:
    """The clock time a set is at ("cada lunes a las 10": "T10:00"), from groups
    ``every_h``/``every_m``; "" when none is given or it is no time of day."""
    hour_text = _group(m, "every_h")
    if not hour_text:
        return ""
    hour, minute = int(hour_text), int(_group(m, "every_m") or 0)
    return f"T{hour:02d}:{minute:02d}" if hour <= 24 and minute <= 59 else ""


def _plural_weekday(m: re.Match[str], ctx: Context) -> Hit | None:
    lang = ctx.lang
    word = _group(m, "wd") or m[0]
    capitalised = lang.setting("capitalised_weekday_plurals",
                               lang.setting("capitalised_weekdays", False))
    if capitalised and not _is_capitalised(word):
        return None
    if not _group(m, "wd") and ctx.word_before(m.start()) not in lang.words(
            "plural_weekday_cues"):
        return None
    weekday = lang.value("weekday_plurals", word)
    if weekday is None:
        weekday = lang.value("weekdays", word)
    if weekday is None:
        return None
    return Hit("SET", f"XXXX-WXX-{int(weekday) + 1}")


def _holiday(m: re.Match[str], ctx: Context) -> Hit | None:
    lang = ctx.lang
    if lang.setting("capitalised_months", False) and not _is_capitalised(m["hol"]):
        return None
    rule = lang.value("holidays", m["hol"])
    if not rule:
        return None
    if _group(m, "hyear"):
        day = _holiday_date(rule, int(m["hyear"]))
        return Hit("DATE", day.isoformat()) if day else None
    if ctx.dct is None:
        return _rel("XXXX-XX-XX")
    dct = ctx.dct
    options = [d for d in (_holiday_date(rule, dct.year + k) for k in (-1, 0, 1)) if d]
    rel = _relation(m, ctx, "hrel")
    if rel == "last":  # the latest one before the DCT
        options = [d for d in options if d < dct]
    elif rel == "next":
        options = [d for d in options if d > dct]
    elif rel == "this":
        options = [d for d in options if d.year == dct.year]
    if not options:
        return None
    return _rel(_nearest(options, dct, ctx.tense(m.start(), m.end()), lambda d: d).isoformat())


def _holiday_date(rule: str, year: int) -> date | None:
    """A holiday's day in ``year``: "12-25" (fixed), or "11/4/3" (the 4th Thursday, weekday 3,
    of November), "11/1/0+1" (the day after the first Monday of November)."""
    if "/" not in rule:
        fixed_month, fixed_day = rule.split("-")
        return safe_date(year, int(fixed_month), int(fixed_day))
    spec, _, offset = rule.partition("+")
    month, nth, weekday = (int(x) for x in spec.split("/"))
    first = date(year, month, 1)
    found = first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (nth - 1))
    return found + timedelta(days=int(offset or 0))


# --- days and periods named by reference -------------------------------------------------------


def _day_anaphor(m: re.Match[str], ctx: Context) -> Hit | None:
    """For "la jornada" a market closed, "al final del día": the day being talked about
    (the last day mentioned, else the reference date). Group ``edge`` gives the mod."""
    day = ctx.anchor_for("day")
    mod = ctx.lang.value("edge_modifiers", _group(m, "edge") or "") or ""
    return Hit("DATE", day.isoformat() if day else "XXXX-XX-XX", relative=True, mod=mod)


_THEN_REACH = 250  # characters back a "then" may look for the time it refers to


def _then(m: re.Match[str], ctx: Context) -> Hit | None:
    """For "para entonces", "desde entonces": the time mentioned just before, as precisely as
    it was given. Nothing when none was, close by: the reference date is no "then"."""
    ref = ctx.last_point
    if ref is None or m.start() - ctx.last_point_end > _THEN_REACH:
        return None
    granularity = ctx.last_granularity
    if granularity == "day":
        value = ref.isoformat()
    elif granularity == "week":
        value = week_value(ref)
    elif granularity == "month":
        value = ref.isoformat()[:7]
    elif granularity == "quarter":
        value = f"{ref.year:04d}-Q{quarter_of(ref)}"
    else:
        value = f"{ref.year:04d}"
    return Hit("DATE", value, relative=True, anchor=False)


def _same_period(m: re.Match[str], ctx: Context) -> Hit | None:
    """For "el mismo periodo del año anterior", "the same month a year earlier": the period
    last mentioned (a month or quarter), a year before; a named ``unit`` says which."""
    if ctx.dct is None:
        return _rel("XXXX")
    unit = _unit_key(_group(m, "unit") or "", ctx)
    ref = ctx.last_point or ctx.dct
    kind = unit if unit in ("month", "quarter") else ctx.last_granularity
    if kind == "month":
        return Hit("DATE", f"{ref.year - 1:04d}-{ref.month:02d}", relative=True, anchor=False)
    if kind == "quarter" or ctx.last_quarter:
        year, quarter = ctx.last_quarter or (ref.year, quarter_of(ref))
        return Hit("DATE", f"{year - 1:04d}-Q{quarter}", relative=True, anchor=False)
    return Hit("DATE", f"{ref.year - 1:04d}", relative=True, anchor=False)


def _nth_week(m: re.Match[str], ctx: Context) -> Hit | None:
    """For "la última semana de marzo", "the first week of May": the ISO week holding the
    middle of that seven-day stretch of the month (the 4th, 11th ... or 4 days before its end)."""
    if not _month_case_ok(m["mon"], ctx):
        return None
    month = _month_of(m["mon"], ctx)
    word = m["ord"]
    last = ctx.lang.relation(word) == "last"
    nth = 0 if last else ctx.lang.number("ordinals", word)
    if not last and not 1 <= nth <= 4:
        return None
    if _group(m, "year"):
        year = int(m["year"])
    elif ctx.dct is None:
        return _rel("XXXX-WXX")
    else:
        year = _pick_month_year(month, _relation(m, ctx, "rel"), m, ctx)
    first = date(year, month, 1)
    middle = (add_months(first, 1) - timedelta(days=4)) if last else first + timedelta(
        days=7 * nth - 4)
    return Hit("DATE", week_value(middle), relative=not _group(m, "year"))


def _date_part(m: re.Match[str], ctx: Context) -> Hit | None:
    """For "la noche del 14 de julio", "la madrugada del domingo", "la mañana del día 10":
    the day named, with its part of the day."""
    part = ctx.lang.value("parts_of_day", m["part"])
    if not part:
        return None
    if _group(m, "mon"):
        hit = _month_day(m, ctx)
    elif _group(m, "wd"):
        hit = _weekday(m, ctx)
    else:
        hit = _day_alone(m, ctx)
    if hit is None or not re.fullmatch(r"(?:\d{4}|XXXX)-(?:\d\d|XX)-(?:\d\d|XX)", hit.value):
        return None
    return Hit("TIME", f"{hit.value}T{part}", relative=hit.relative)


def _range_head(m: re.Match[str], ctx: Context) -> Hit | None:
    """For the 3 of "de 3 a 5 días", "dos o tres semanas": a count that takes its unit from
    the count after it."""
    number = parse_number(m["num"], ctx)
    unit = _unit_key(m["unit"], ctx)
    if number is None or unit not in UNITS:
        return None
    return Hit("DURATION", duration_value(number * _unit_factor(m["unit"], ctx), unit))


def _unit_factor(word: str, ctx: Context) -> float:
    """How many canonical units one ``word`` is ("lustro" is 5 years): the ``units`` table's
    third column, 1 if none."""
    extra = ctx.lang.extra("units", word)
    return float(extra[0]) if extra and extra[0] else 1.0


def _period_duration(m: re.Match[str], ctx: Context) -> Hit | None:
    """For "beneficio anual", "pérdidas trimestrales": the period a result covers, a
    duration (the value comes from the ``set_words`` table, as "annually" does)."""
    value = ctx.lang.value("set_words", m["adj"])
    return Hit("DURATION", value) if value else None


def _idiom(m: re.Match[str], ctx: Context) -> Hit | None:
    """A set phrase with its value (the ``idioms`` table: phrase, value, type): "en un
    santiamén" lasts an instant."""
    phrase = m["idiom"]
    value = ctx.lang.value("idioms", phrase)
    if not value:
        return None
    kind = (ctx.lang.extra("idioms", phrase) or ["DURATION"])[0] or "DURATION"
    return Hit(kind, value)


def _age_years(m: re.Match[str], ctx: Context) -> Hit | None:
    """For "cumplió 37 primaveras": an age said in idiom, a number of years."""
    number = parse_number(m["num"], ctx)
    return Hit("DURATION", duration_value(number, "year")) if number else None



NORMALISERS: dict[str, Normaliser] = {
    "iso": _iso, "numeric": _numeric, "month_day": _month_day, "month_year": _month_year,
    "day_list": _day_list, "month_rel_year": _month_rel_year, "week_of": _week_of,
    "month": _month_alone, "weekday": _weekday, "year": _year, "apos_year": _apostrophe_year,
    "decade": _decade, "ordinal_quarter": _ordinal_quarter, "named_quarter": _named_quarter,
    "q_code": _q_code, "season": _season, "ref_word": _ref_word, "day_word": _day_word,
    "day_part": _day_part, "unit_rel": _unit_rel, "year_end": _year_end,
    "spelled_year": _spelled_year, "century": _century, "year_ago_adj": _year_ago_adj,
    "ago": _ago, "clock": _clock, "clock_words": _clock_words, "duration": _duration,
    "long_units": _long_units, "bare_units": _bare_units, "recent_units": _recent_units,
    "noon": _noon, "then": _then, "set_word": _set_word, "every": _every,
    "plural_weekday": _plural_weekday,
    "holiday": _holiday, "duration_chain": _duration_chain, "day_alone": _day_alone,
    "weekday_part": _weekday_part, "era_year": _era_year, "day_anaphor": _day_anaphor,
    "same_period": _same_period, "nth_week": _nth_week, "date_part": _date_part,
    "range_head": _range_head, "period_duration": _period_duration, "idiom": _idiom,
    "age_years": _age_years,
}  # fmt: skip
