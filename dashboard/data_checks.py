"""Checks of the bundled data files, run where they are built (scripts/) and by the tests.

Each check takes the rows of one file (lists of cells, comment lines already left out, with
their line numbers) and returns its problems as messages that name the file, the line, the
value and what was expected; an empty list means the file is sound. A header row read as
data, a punctuation mark taken for a verb or an agency filed as a person are caught here,
before they ship, instead of surfacing later as a wrong country or a wrong actor.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable
from typing import NamedTuple


class Row(NamedTuple):
    line: int  # 1-based line number in the file
    cells: list[str]


# Allowed values, as (pattern, what the message says was expected).
_ISO2 = (re.compile(r"[A-Z]{2}"), "two capital letters")
_ISO3 = (re.compile(r"[A-Z]{3}"), "three capital letters (ISO 3166-1 alpha-3)")
_FIPS = (re.compile(r"(?:[A-Z]{2})?"), "two capital letters (FIPS 10-4) or nothing")
_NUMERIC = (re.compile(r"\d{1,3}"), "an ISO 3166-1 numeric code (digits)")
_CAMEO_EVENT = (re.compile(r"\d{2,4}"), "a CAMEO event code of 2 to 4 digits")
_ROOT = (re.compile(r"(?:0[1-9]|1\d|20)?"), "a CAMEO root code 01..20 or nothing")
_PHRASE = (
    re.compile(r"[a-z][a-z'-]*(?: [a-z][a-z'-]*)*"),
    "lower-case words (letters, apostrophes, hyphens)",
)
_TEXT = (re.compile(r"\S(?:.*\S)?"), "a non-empty value without surrounding spaces")
_OPTIONAL_ISO3 = (re.compile(r"(?:[A-Z]{3})?"), "three capital letters or nothing")

ACTOR_KINDS = ("person", "organisation", "government", "group", "international")


def _kinds(*allowed: str) -> tuple[re.Pattern[str], str]:
    return re.compile("|".join(map(re.escape, allowed))), "one of " + ", ".join(allowed)


def check_table(
    name: str,
    rows: Iterable[Row],
    columns: dict[str, tuple[re.Pattern[str], str]],
    unique: tuple[str, ...] = (),
) -> list[str]:
    """Every row has the columns, every cell matches its pattern, ``unique`` columns repeat no
    (non-empty) value."""
    problems: list[str] = []
    names = list(columns)
    seen: dict[str, Counter[str]] = {column: Counter() for column in unique}
    for row in rows:
        if len(row.cells) != len(names):
            problems.append(
                f"{name}:{row.line}: {len(row.cells)} fields; expected {len(names)} "
                f"({', '.join(names)})"
            )
            continue
        for column, value in zip(names, row.cells, strict=True):
            pattern, expected = columns[column]
            if not pattern.fullmatch(value):
                problems.append(f"{name}:{row.line}: {column} {value!r}; expected {expected}")
            if column in seen and value:
                seen[column][value] += 1
    for column, counts in seen.items():
        problems.extend(
            f"{name}: {column} {value!r} appears {n} times; expected once"
            for value, n in counts.items()
            if n > 1
        )
    return problems


def check_countries(rows: Iterable[Row], name: str = "countries.tsv") -> list[str]:
    """dashboard/resources/countries.tsv: fips, iso2, iso3, iso_numeric, name."""
    columns = {
        "fips": _FIPS,
        "iso2": _ISO2,
        "iso3": _ISO3,
        "iso_numeric": _NUMERIC,
        "name": _TEXT,
    }
    return check_table(name, rows, columns, unique=("fips", "iso2", "iso3"))


def check_event_codes(rows: Iterable[Row], name: str = "cameo_eventcodes.tsv") -> list[str]:
    return check_table(
        name, rows, {"code": _CAMEO_EVENT, "description": _TEXT}, unique=("code",)
    )


def check_verbs(rows: Iterable[Row], name: str = "cameo_verbs.tsv") -> list[str]:
    """Verb forms are words: not ",", not PETRARCH's "~ed" transformation markers."""
    return check_table(
        name, rows, {"form": _PHRASE, "verb block": _TEXT, "root": _ROOT}, unique=("form",)
    )


def check_countries_dictionary(rows: Iterable[Row], name: str = "cameo_countries.tsv") -> list[str]:
    columns = {"alias": _TEXT, "iso3": _ISO3, "kind": _kinds("country", "alias"), "name": _TEXT}
    return check_table(name, rows, columns)


def check_actors(
    rows: Iterable[Row],
    is_organisation: Callable[[str], bool],
    name: str = "cameo_actors.tsv",
) -> list[str]:
    """Actors: the kind tells the truth, so that nothing re-classifies them when they load.

    ``is_organisation(canonical)`` says whether a name is an organisation's by its form
    ("United States Congress", "Ministry of Defence"); such a name is never a "person".
    """
    rows = list(rows)
    columns = {
        "alias": _TEXT,
        "canonical": _TEXT,
        "iso3": _OPTIONAL_ISO3,
        "kind": _kinds(*ACTOR_KINDS),
        "cameo code": _TEXT,
    }
    problems = check_table(name, rows, columns)
    problems.extend(
        f"{name}:{row.line}: kind 'person' for {row.cells[1]!r}, an organisation's name; "
        "expected organisation or government"
        for row in rows
        if len(row.cells) == len(columns) and row.cells[3] == "person"
        and is_organisation(row.cells[1])
    )
    return problems


# -- the per-language tables (data/dictionaries/<lang>/) -----------------------------------

PLACE_KINDS = ("country", "capital", "city", "admin1", "alias")
_WORDS = (re.compile(r"[^\W\d_][\w'’.-]*(?: [\w'’.-]+)*"), "a word or phrase (no digits first)")
_LOWER_WORDS = (
    re.compile(r"[^\W\d_A-Z][\w'’-]*(?: [\w'’-]+)*"),
    "lower-case word(s)",
)
_CLASS = (re.compile(r"=|[\w-]+"), "an inflection class of inflections.tsv, or '='")
_ENDINGS = (re.compile(r"[^\s,]*(?:,[^\s,]+)*"), "endings separated by commas, no spaces")
_FORMS = (re.compile(r"(?:[^\t,]+(?:,[^\t,]+)*)?"), "forms separated by commas, or nothing")


def check_language_places(rows: Iterable[Row], name: str = "cldr_places.tsv") -> list[str]:
    """cldr_places.tsv and places.tsv: alias, ISO-3, kind, the English name."""
    columns = {"alias": _WORDS, "iso3": _ISO3, "kind": _kinds(*PLACE_KINDS), "english": _TEXT}
    return check_table(name, rows, columns)


def check_language_words(
    rows: Iterable[Row], kinds: tuple[str, ...], name: str = "words.tsv"
) -> list[str]:
    return check_table(name, rows, {"kind": _kinds(*kinds), "word": _TEXT})


def check_inflections(rows: Iterable[Row], name: str = "inflections.tsv") -> list[str]:
    columns = {"class": _CLASS, "ending": _ENDINGS, "replacements": _ENDINGS, "example": _TEXT}
    return check_table(name, rows, columns, unique=("class",))


def check_language_verbs(rows: Iterable[Row], name: str = "verbs.tsv") -> list[str]:
    """verbs.tsv: lemma, class, CAMEO root ("" for a light verb), extra forms, example."""
    columns = {
        "lemma": _LOWER_WORDS,
        "class": _CLASS,
        "root": _ROOT,
        "extra forms": _FORMS,
        "example": _TEXT,
    }
    return check_table(name, rows, columns)


def check_event_nouns(rows: Iterable[Row], name: str = "event_nouns.tsv") -> list[str]:
    root = (re.compile(r"0[1-9]|1\d|20"), "a CAMEO root code 01..20")
    columns = {"noun": _LOWER_WORDS, "class": _CLASS, "root": root, "example": _TEXT}
    return check_table(name, rows, columns, unique=("noun",))


def check_demonyms(rows: Iterable[Row], name: str = "demonyms.tsv") -> list[str]:
    return check_table(name, rows, {"form": _WORDS, "class": _CLASS, "iso3": _ISO3})


def check_agents(rows: Iterable[Row], name: str = "agents.tsv") -> list[str]:
    columns = {
        "nouns": (re.compile(r"[^\t,]+(?:,[^\t,]+)*"), "forms separated by commas"),
        "sector": (re.compile(r"[A-Z]{3}"), "a CAMEO sector such as GOV, MIL, COP"),
        "gloss": _TEXT,
    }
    return check_table(name, rows, columns)


def check_language_actors(rows: Iterable[Row], name: str = "actors.tsv") -> list[str]:
    columns = {
        "alias": _TEXT,
        "canonical": _TEXT,
        "iso3": _OPTIONAL_ISO3,
        "kind": _kinds(*ACTOR_KINDS),
    }
    return check_table(name, rows, columns, unique=("alias",))
