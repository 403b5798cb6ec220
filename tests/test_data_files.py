"""The shipped data files pass the checks their build scripts run (issue 9), and the checks
catch the defects that once shipped: a second header row read as a country, punctuation and
transformation markers taken for verbs, agencies filed as people."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from dashboard.data_checks import (
    Row,
    check_actors,
    check_countries,
    check_countries_dictionary,
    check_event_codes,
    check_table,
    check_verbs,
)
from dashboard.extract.actor_tables import is_organisation_name
from dashboard.extract.resources import Resources
from dashboard.importers.common import countries, fips_to_iso3, resource_lines
from dashboard.paths import DICTIONARIES
from scripts.build_resources import COUNTRY_COLUMNS, picked


def _rows(name: str) -> list[Row]:
    """Data rows of a shipped dictionary, numbered as in the file (comments left out)."""
    text = (DICTIONARIES / name).read_text(encoding="utf-8")
    return [
        Row(line, raw.split("\t"))
        for line, raw in enumerate(text.splitlines(), start=1)
        if raw.strip() and not raw.startswith("#")
    ]


def _resource_rows(name: str) -> list[Row]:
    lines = resource_lines(name)
    return [Row(line, raw.split("\t")) for line, raw in enumerate(lines[1:], start=2) if raw]


def test_shipped_countries_table_is_sound():
    assert check_countries(_resource_rows("countries.tsv")) == []


def test_no_header_row_is_read_as_a_country():
    assert "fips" not in fips_to_iso3()
    assert all(row["iso3"] != "ISO3" for row in countries())


def test_shipped_event_codes_are_sound():
    assert check_event_codes(_resource_rows("cameo_eventcodes.tsv")) == []


def test_shipped_verbs_are_words():
    assert check_verbs(_rows("cameo_verbs.tsv")) == []


def test_shipped_actors_say_their_true_kind():
    assert check_actors(_rows("cameo_actors.tsv"), is_organisation_name) == []


def test_shipped_country_names_are_sound():
    assert check_countries_dictionary(_rows("cameo_countries.tsv")) == []


_WORD = (re.compile(r"[a-z][a-z' -]*"), "a lower-case word or phrase")
_ANY = (re.compile(r"\S(?:.*\S)?"), "a value")


@pytest.mark.parametrize(
    ("name", "columns"),
    [
        ("calendar_names.tsv", {"word": _WORD}),
        ("common_words.tsv", {"word": _WORD}),
        ("not_places.tsv", {"name": _WORD}),
        ("place_nouns.tsv", {"noun": _WORD}),
        ("place_words.tsv", {"word": _WORD}),
        ("credits.tsv", {"kind": (re.compile("signature|credit|byline|boilerplate|rights"),
                                  "a kind"),
                         "phrase": _ANY}),
        ("overlay_actors.tsv", {"alias": _ANY, "canonical": _ANY,
                                "iso3": (re.compile(r"(?:[A-Z]{3})?"), "ISO-3 or nothing"),
                                "kind": _ANY}),
        ("cameo_agents.tsv", {"noun": _ANY, "sector": _ANY}),
        ("overlay_agents.tsv", {"noun": _ANY, "sector": _ANY}),
    ],
)
def test_shipped_word_lists_are_sound(name, columns):
    assert check_table(name, _rows(name), columns) == []


# -- the checks catch what once shipped ---------------------------------------------------


def test_a_repeated_header_row_is_caught_when_the_countries_are_built(tmp_path: Path):
    source = tmp_path / "countryInfo.txt"
    source.write_text(
        "ISO\tISO3\tISO-Numeric\tfips\tCountry\n"
        "ISO\tISO3\tISO-Numeric\tfips\tCountry\n"  # the header again, as it once shipped
        "AF\tAFG\t004\tAF\tAfghanistan\n",
        encoding="utf-8",
    )
    problems = check_countries(picked(source, COUNTRY_COLUMNS), source.name)
    assert problems and all("countryInfo.txt:2:" in p for p in problems), problems
    assert any("'ISO3'" in p and "three capital letters" in p for p in problems)


@pytest.mark.parametrize("form", [",", "~", "~ed", "~ing", "~s"])
def test_a_verb_that_is_no_word_is_caught(form):
    problems = check_verbs([Row(7, [form, "offend", "11"])])
    assert problems == [f"cameo_verbs.tsv:7: form {form!r}; expected lower-case words "
                        "(letters, apostrophes, hyphens)"]


def test_an_agency_filed_as_a_person_is_caught():
    rows = [
        Row(2, ["Yoshimasa Hayashi", "Yoshimasa Hayashi", "JPN", "person", "JPNGOV"]),
        Row(3, ["Us Congress", "United States Congress", "USA", "person", "USALEG"]),
    ]
    problems = check_actors(rows, is_organisation_name)
    assert len(problems) == 1 and problems[0].startswith("cameo_actors.tsv:3: kind 'person'")


def test_actor_kinds_are_read_as_written(tmp_path: Path):
    """Nothing re-classifies actors at load time: the file's kind is the actor's kind."""
    (tmp_path / "overlay_actors.tsv").write_text("# alias\tcanonical\tiso3\tkind\n")
    (tmp_path / "cameo_actors.tsv").write_text(
        "# alias\tcanonical\tiso3\tkind\tcode\n"
        "Ministry of Magic\tMinistry of Magic\t\tperson\tXXXGOV\n"
    )
    (known,) = Resources(tmp_path).actors.get("Ministry of Magic")
    assert known.kind == "person"
