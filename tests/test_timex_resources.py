"""The per-language temporal resources: every rule shown at work, and the tables consistent.

Each rule in ``dashboard/resources/timex/<lang>/rules.toml`` carries examples (a sentence, the
expression it must yield, its type and value) and counter-examples (sentences it must not
tag); each exclusion carries sentences it must fire in. The tables are checked against the
values the engine understands, and against the code that reads them.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from dashboard.extract.dates import tag_with_rules
from dashboard.extract.timex_resources import NEUTRAL, available, load
from dashboard.extract.timex_rules import UNITS

LANGUAGES = [*available(), NEUTRAL]
EXTRACT = Path(__file__).resolve().parent.parent / "dashboard" / "extract"


def _rules(kind: str):
    for code in LANGUAGES:
        lang = load(code)
        for rule in lang.rules if kind == "rule" else lang.exclusions:
            yield pytest.param(code, rule, id=f"{code}-{rule.name}")


def test_the_languages_read_are_those_with_resources() -> None:
    from dashboard.extract.language import read_languages

    assert set(available()) == set(read_languages()) == {"en", "es", "fr", "de", "pt", "it"}


@pytest.mark.parametrize(("code", "rule"), list(_rules("rule")))
def test_rule_has_examples_and_finds_them(code, rule) -> None:
    assert rule.examples, f"rule {rule.name} of {code} has no example"
    for example in rule.examples:
        dct = date.fromisoformat(example.dct) if example.dct else None
        found = tag_with_rules(example.sentence, dct, code)
        mine = [(e.text, e.type, e.value) for e, name in found if name == rule.name]
        assert (example.text, example.type, example.value) in mine, (example, found)


@pytest.mark.parametrize(("code", "rule"), list(_rules("rule")))
def test_rule_leaves_its_counter_examples_alone(code, rule) -> None:
    for sentence in rule.counters:
        found = tag_with_rules(sentence, date(2025, 2, 18), code)
        assert not [e for e, name in found if name == rule.name], (sentence, found)


@pytest.mark.parametrize(("code", "rule"), list(_rules("exclude")))
def test_exclusion_fires_in_its_examples(code, rule) -> None:
    assert rule.counters, f"exclusion {rule.name} of {code} has no example"
    for sentence in rule.counters:
        spans = [m.span() for m in (rule.regex.match(sentence, i) for i in range(len(sentence)))
                 if m]
        assert spans, f"{rule.name} does not match {sentence!r}"
        for expr, _ in tag_with_rules(sentence, date(2025, 2, 18), code):
            assert not any(s < expr.end and expr.start < e for s, e in spans), (sentence, expr)


def test_every_rule_has_trigger_words() -> None:
    for code in LANGUAGES:
        for rule in load(code).rules:
            assert rule.triggers, (code, rule.name)


# --- the tables ---------------------------------------------------------------------------------

MODS = {"START", "MID", "END", "APPROX", "LESS_THAN", "MORE_THAN", "EQUAL_OR_LESS",
        "EQUAL_OR_MORE", "BEFORE", "AFTER", "ON_OR_BEFORE", "ON_OR_AFTER"}
RELATIONS = {"last", "past", "previous", "prior", "latest", "recent", "next", "coming",
             "this", "current", "following", "same", "that", "the", "year-ago", "preceding"}
CHECKS = {
    "months": lambda v: v.isdigit() and 1 <= int(v) <= 12,
    "month_abbreviations": lambda v: v.isdigit() and 1 <= int(v) <= 12,
    "weekdays": lambda v: v.isdigit() and 0 <= int(v) <= 6,
    "weekday_abbreviations": lambda v: v.isdigit() and 0 <= int(v) <= 6,
    "weekday_plurals": lambda v: v.isdigit() and 0 <= int(v) <= 6,
    "numbers": lambda v: v.isdigit(),
    "ordinals": lambda v: v.isdigit() and 1 <= int(v) <= 4,
    "day_words": lambda v: re.fullmatch(r"-?\d+", v) is not None,
    "day_shifts": lambda v: v in ("-1", "1"),
    "units": lambda v: v in UNITS,
    "calendar_units": lambda v: v in UNITS,
    "seasons": lambda v: v in ("SP", "SU", "FA", "WI"),
    "parts_of_day": lambda v: v in ("MO", "AF", "EV", "NI"),
    "part_modifiers": lambda v: v in MODS,
    "edge_modifiers": lambda v: v in MODS,
    "quantity_modifiers": lambda v: v in MODS,
    "ref_words": lambda v: v in ("PRESENT_REF", "PAST_REF", "FUTURE_REF"),
    "set_words": lambda v: re.fullmatch(r"PT?\d+[A-Z]|XXXX-WXX-\d", v) is not None,
    "relations": lambda v: v in RELATIONS,
    "directions": lambda v: v in ("-1", "1"),
    "quarter_units": lambda v: v in ("Q", "H"),
    "clock_words": lambda v: re.fullmatch(r"\d\d:\d\d", v) is not None,
    "holidays": lambda v: re.fullmatch(r"\d\d-\d\d|\d{1,2}/[1-5]/[0-6](?:\+\d)?", v) is not None,
    "decade_words": lambda v: v.isdigit() and 1 <= int(v) <= 9,
    "vague_counts": lambda v: v == "" or re.fullmatch(r"\d+(?:\.\d+)?", v) is not None,
    "indefinite_articles": lambda v: v == "1",
    "every_counts": lambda v: v.isdigit(),
    "clock_parts": lambda v: v in ("AM", "PM"),
    "clock_minutes": lambda v: v.isdigit() and int(v) < 60,
}


def _tables():
    for code in LANGUAGES:
        for name in load(code).tables:
            yield pytest.param(code, name, id=f"{code}-{name}")


def _code_text() -> str:
    return "\n".join(p.read_text(encoding="utf-8") for p in EXTRACT.glob("*.py"))


@pytest.mark.parametrize(("code", "name"), list(_tables()))
def test_table_values_are_what_the_engine_understands(code, name) -> None:
    table = load(code).table(name)
    assert table, f"{code}/words/{name}.tsv is empty"
    check = CHECKS.get(name)
    if check:
        bad = {word: value for word, value in table.items() if not check(value)}
        assert not bad, f"{code}/words/{name}.tsv: unexpected values {bad}"


@pytest.mark.parametrize(("code", "name"), list(_tables()))
def test_every_table_is_read(code, name) -> None:
    """A table no pattern names and no normaliser reads is a typo or dead data."""
    rules = (EXTRACT.parent / "resources" / "timex" / code / "rules.toml").read_text("utf-8")
    assert f"{{{name}}}" in rules or f'"{name}"' in _code_text(), name


def test_directions_flags_and_plural_units_agree() -> None:
    for code in available():
        lang = load(code)
        for word in lang.table("directions"):
            flags = set((lang.extra("directions", word) or [""])[0].split())
            assert flags <= {"dct", "anchor", "vague", "yearback"}, (code, word, flags)
            assert flags & {"dct", "anchor"}, (code, word)
        units = set(lang.table("units")) | set(lang.table("calendar_units"))
        assert set(lang.table("plural_units")) <= units, code
        assert set(lang.table("month_needs_cue")) <= set(lang.table("months")), code


@pytest.mark.parametrize("code", available())
def test_calendar_tables_are_complete(code) -> None:
    lang = load(code)
    assert {int(v) for v in lang.table("months").values()} == set(range(1, 13))
    assert {int(v) for v in lang.table("weekdays").values()} == set(range(7))
    assert {lang.value("units", w) for w in lang.table("units")} >= {"day", "week", "month",
                                                                       "year"}
