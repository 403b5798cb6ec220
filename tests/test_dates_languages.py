"""The date tagger in Spanish, French, German, Portuguese and Italian: gold phrases and traps.

Each language has ``tests/data/timex_gold_<lang>.tsv`` (a sentence, its reference date, the
expression it must yield with its type and value) and ``timex_traps_<lang>.tsv`` (sentences
with words that must not be tagged), expanded one test per line.
"""

from __future__ import annotations

import csv
from datetime import date

import pytest

from dashboard.extract.dates import tag
from dashboard.extract.timex_calendar import interval_of
from dashboard.paths import PROJECT_ROOT

DATA = PROJECT_ROOT / "tests" / "data"
LANGUAGES = ("es", "fr", "de", "pt", "it")


def _rows(name: str) -> list[list[str]]:
    with (DATA / name).open(encoding="utf-8") as handle:
        return [r for r in csv.reader(handle, delimiter="\t") if r and not r[0].startswith("#")]


GOLD = [pytest.param(lang, *row, id=f"{lang}-{row[0]}")
        for lang in LANGUAGES for row in _rows(f"timex_gold_{lang}.tsv")]
TRAPS = [pytest.param(lang, r[0], r[1], r[2] if len(r) > 2 else "2025-02-18",
                      id=f"{lang}-{r[0][:30]}")
         for lang in LANGUAGES for r in _rows(f"timex_traps_{lang}.tsv")]


@pytest.mark.parametrize(("lang", "case_id", "dct", "sentence", "text", "kind", "value"), GOLD)
def test_gold_phrase(lang, case_id, dct, sentence, text, kind, value) -> None:
    found = tag(sentence, date.fromisoformat(dct), lang)
    mine = [e for e in found if e.text == text]
    assert mine, f"{text!r} not found in {sentence!r}: {found}"
    assert (mine[0].type, mine[0].value) == (kind, value)
    interval = interval_of(value) if kind in ("DATE", "TIME") else None
    assert (mine[0].first, mine[0].last) == ((interval[0], interval[1]) if interval else
                                             (None, None))


@pytest.mark.parametrize(("lang", "text", "forbidden", "dct"), TRAPS)
def test_trap_not_tagged(lang, text, forbidden, dct) -> None:
    found = tag(text, date.fromisoformat(dct), lang)
    if forbidden == "*":
        assert found == []
    else:
        assert all(forbidden not in e.text.lower() for e in found), found


def test_unknown_language_reads_numeric_dates_only() -> None:
    found = tag("Mkutano wa 17/2/2025 uliahirishwa jana na 2024-03-05.", date(2025, 2, 18), "sw")
    assert [(e.text, e.value) for e in found] == [("17/2/2025", "2025-02-17"),
                                                  ("2024-03-05", "2024-03-05")]


def test_article_language_reaches_the_tagger() -> None:
    from dashboard.extract.events import extract_events
    from dashboard.models import Article

    text = "El Gobierno egipcio anunció ayer un toque de queda en El Cairo."
    spanish = extract_events(Article(text=text, published=date(2011, 1, 29), language="es"))
    assert {(e.date_start, e.date_source) for e in spanish} == {(date(2011, 1, 28), "relative")}
    unread = extract_events(Article(text=text, published=date(2011, 1, 29), language="sw"))
    assert {e.date_source for e in unread} == {"publication"}
