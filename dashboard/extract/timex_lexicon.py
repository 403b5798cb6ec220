"""Word lists and regex fragments for the temporal tagger (English newswire).

Fragments avoid nested unbounded repetition so that every pattern runs in linear time.
"""

from __future__ import annotations

import re
from collections.abc import Iterable


def word_set(text: str) -> frozenset[str]:
    """Whitespace-separated words as a set: long word lists stay readable in the source."""
    return frozenset(text.split())


MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
    "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip

WEEKDAYS = {
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5,
    "sunday": 6, "mon": 0, "tue": 1, "tues": 1, "wed": 2, "thu": 3, "thur": 3, "thurs": 3,
    "fri": 4, "sat": 5, "sun": 6,
}  # fmt: skip

NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100, "dozen": 12, "single": 1,
}  # fmt: skip

ORDINALS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4,
    "final": 4, "last": 4,
}  # fmt: skip

# Unit word -> (ISO duration letter, is a time-of-day unit).
UNITS = {
    "second": ("S", True), "minute": ("M", True), "hour": ("H", True), "day": ("D", False),
    "night": ("D", False), "week": ("W", False), "weekend": ("WE", False),
    "month": ("M", False), "quarter": ("Q", False), "year": ("Y", False),
    "decade": ("DE", False), "century": ("CE", False),
}  # fmt: skip

SEASONS = {"spring": "SP", "summer": "SU", "fall": "FA", "autumn": "FA", "winter": "WI"}

DECADE_WORDS = {
    "twenties": 2, "thirties": 3, "forties": 4, "fifties": 5, "sixties": 6, "seventies": 7,
    "eighties": 8, "nineties": 9,
}  # fmt: skip

PARTS_OF_DAY = {"morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI"}

# Nouns counted by a bare number, so "1990 people" is no year.
COUNTED_NOUNS = word_set(
    """people persons men women children kids troops soldiers police officers workers employees
    jobs shares stocks tons tonnes units cars vehicles dollars euros yen pounds barrels votes
    seats feet foot meters metres miles kilometers kilometres km acres hectares points students
    cases deaths homes houses copies members residents refugees years times calories pages
    patients voters delegates marines sailors pilots planes aircraft ships boats rounds shots
    rockets missiles bombs companies firms banks families households villages acres hours
    hrs minutes cities towns"""
)

# Clock times written as four 24-hour digits ("1805 EST", "0930 local time"): a zone or
# "local time" after them makes them a TIME (and never a year) wherever they stand.
CLOCK_ZONE_RE = r"(?:GMT|UTC|Zulu|[ECMP][SD]T|local\s+time)(?![\w])"
# "1900 hours", "1000 London time": a TIME only after a clock cue ("at", "by"), since
# "worked 1900 hours" is a count and "the 2000 Olympic time trials" a year.
CLOCK_CUED_RE = r"(?:hours|hrs|(?-i:[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?)\s+time)(?![\w])"

# A bare number far from the reference year is a year only after one of these words:
# "in 1066", "since 1776", "the year 1492" (but "rose by 1500" and "a crowd of 1200" are counts).
FAR_YEAR_CUES = word_set("in since until till from before after circa c. year")
# Nouns that make "the 1805 treaty" / "the war of 1812" name a year, however far back.
YEAR_EVENT_NOUNS = word_set(
    """war wars revolution treaty treaties constitution battle rebellion uprising revolt coup
    massacre earthquake famine flood floods fire plague siege invasion conquest election
    elections census referendum accord armistice declaration expedition voyage riots crisis
    epidemic pandemic eruption exhibition olympics"""
)

# Words before a number that make it an identifier, not a year.
ID_WORDS = word_set(
    """page pages no no. number flight route room rooms highway interstate channel model article
    section chapter rule resolution amendment item gate platform bus unit suite box apt exit
    lot phone ext code version catalog serial"""
)


def trie_pattern(words: list[str] | set[str] | frozenset[str]) -> str:
    """A regex matching exactly ``words``, factored by shared prefixes.

    Python's regex engine tries alternatives one by one; a prefix tree makes each position
    cost one branch per letter instead of one per word.
    """
    tree: dict = {}
    for word in words:
        node = tree
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}
    return _trie_regex(tree)


def _trie_regex(node: dict) -> str:
    branches = [re.escape(ch) + _trie_regex(child) for ch, child in sorted(node.items()) if ch]
    if not branches:
        return ""
    if "" in node:  # a word ends here and longer words go on
        return f"(?:{'|'.join(branches)})?"
    return branches[0] if len(branches) == 1 else f"(?:{'|'.join(branches)})"


def alternation(words: Iterable[str]) -> str:
    """Longest first, so a regex alternation never stops at a prefix ("sept" before "sep")."""
    return "|".join(sorted(words, key=lambda w: (-len(w), w)))


_FULL_MONTHS = [w for w in MONTHS if len(w) > 3 and w != "sept"]
_ABBR_MONTHS = [w for w in MONTHS if w not in _FULL_MONTHS and w != "may"]
MONTH_FULL_RE = rf"(?:{alternation(_FULL_MONTHS)}|may)(?![\w])"
MONTH_RE = rf"(?:{alternation(_FULL_MONTHS)}|may|(?:{alternation(_ABBR_MONTHS)})(?:\.|(?![\w])))"
_FULL_DAYS = [w for w in WEEKDAYS if w.endswith("day")]
WEEKDAY_FULL_RE = rf"(?:{alternation(_FULL_DAYS)})(?![\w])"
_ABBR_DAYS = [w for w in WEEKDAYS if w not in _FULL_DAYS]
WEEKDAY_RE = rf"(?:{alternation(_FULL_DAYS)}|(?:{alternation(_ABBR_DAYS)})\.)"
DAY_RE = r"(?:3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?(?![\w])"
YEAR_RE = r"(?:1\d\d\d|20\d\d)(?![\w])"
_NUMBER_WORD_RE = alternation([w for w in NUMBER_WORDS if w not in ("a", "an")])
NUM_RE = (
    rf"(?:\d{{1,3}}\s1/2|\d{{1,4}}(?:[.,]\d{{1,3}})?|(?:{_NUMBER_WORD_RE})(?:-(?:{_NUMBER_WORD_RE}))?"
    r"|a\s+few|a\s+couple\s+of|a\s+couple|a\s+dozen|several|few|many|some|half\s+an?|an?)"
)
UNIT_RE = (
    r"(?:seconds?|minutes?|hours?|days?|nights?|weeks?|months?|quarters?|years?|decades?"
    r"|century|centuries)"
)
SEASON_RE = rf"(?:{alternation(SEASONS)})(?![\w])"
_TEENS_AND_TENS = (
    "ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen twenty"
    " thirty forty fifty sixty seventy eighty ninety"
)
_ONES = "one two three four five six seven eight nine"
# Years read out in broadcast transcripts: "nineteen ninety-six", "two thousand and one".
SPELLED_YEAR_RE = (
    rf"(?:(?:nineteen|twenty)[\s-]+(?:{alternation(_TEENS_AND_TENS.split())})"
    rf"(?:[\s-](?:{alternation(_ONES.split())}))?"
    rf"|two\s+thousand(?:\s+and\s+(?:{alternation(_ONES.split())}))?)(?![\w-])"
)


def spelled_year(text: str) -> int:
    """The number of a year matched by SPELLED_YEAR_RE."""
    words = text.lower().replace("-", " ").split()
    if words[:2] == ["two", "thousand"]:
        return 2000 + (NUMBER_WORDS.get(words[-1], 0) if len(words) > 2 else 0)
    return NUMBER_WORDS[words[0]] * 100 + sum(NUMBER_WORDS[w] for w in words[1:])
