"""The temporal tagger on a gold corpus kept as data, with a pinned reference date."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import date

import pytest

from dashboard.extract.dates import tag
from dashboard.paths import PROJECT_ROOT, SAMPLE_ARTICLES
from dashboard.readers.textfile import split_front_matter

DATA = PROJECT_ROOT / "tests" / "data"
SEED = SAMPLE_ARTICLES / "taliban-japan-visit.txt"  # shipped in the repo, with front matter


@dataclass(frozen=True)
class Case:
    case_id: str
    dct: date
    sentence: str
    text: str
    type: str
    value: str
    first: date | None
    last: date | None
    granularity: str | None


def _optional(raw: str) -> str | None:
    return None if raw == "-" else raw


def _rows(name: str) -> list[list[str]]:
    with (DATA / name).open(encoding="utf-8") as handle:
        return [r for r in csv.reader(handle, delimiter="\t") if r and not r[0].startswith("#")]


def _gold() -> list[Case]:
    cases = []
    for row in _rows("timex_gold.tsv"):
        case_id, dct, sentence, text, kind, value, first, last, granularity = row
        cases.append(
            Case(
                case_id,
                date.fromisoformat(dct),
                sentence,
                text,
                kind,
                value,
                date.fromisoformat(first) if first != "-" else None,
                date.fromisoformat(last) if last != "-" else None,
                _optional(granularity),
            )  # fmt: skip
        )
    return cases


GOLD = _gold()


@pytest.mark.parametrize("case", GOLD, ids=[c.case_id for c in GOLD])
def test_gold_phrase(case: Case) -> None:
    found = [e for e in tag(case.sentence, case.dct) if e.text == case.text]
    assert found, f"{case.text!r} not found in {case.sentence!r}: {tag(case.sentence, case.dct)}"
    expr = found[0]
    assert (expr.type, expr.value) == (case.type, case.value)
    assert (expr.first, expr.last) == (case.first, case.last)
    if case.type == "DATE":
        assert expr.granularity == case.granularity


TRAPS = [(*r[:2], r[2] if len(r) > 2 else "2025-02-18") for r in _rows("timex_traps.tsv")]


@pytest.mark.parametrize(("text", "forbidden", "dct"), TRAPS, ids=[t[0][:40] for t in TRAPS])
def test_trap_not_tagged(text: str, forbidden: str, dct: str) -> None:
    found = tag(text, date.fromisoformat(dct))
    if forbidden == "*":
        assert found == []
    else:
        assert all(forbidden not in e.text.lower() for e in found), found


def test_seed_article_dates() -> None:
    body = split_front_matter(SEED.read_text(encoding="utf-8"))[1]
    found = {e.text: e for e in tag(body, date(2025, 2, 18))}
    assert found["2021"].value == "2021"
    assert (found["2021"].first, found["2021"].last) == (date(2021, 1, 1), date(2021, 12, 31))
    assert found["Monday"].value == "2025-02-17"
    assert found["Monday"].granularity == "day"


def test_without_reference_date_relative_values_stay_unresolved() -> None:
    found = tag("He left on Monday and returns next week; the deal dates from 2021.", None)
    by_text = {e.text: e for e in found}
    assert by_text["Monday"].value == "XXXX-WXX-1"
    assert by_text["Monday"].first is None and by_text["Monday"].relative
    assert by_text["next week"].first is None and by_text["next week"].relative
    assert by_text["2021"].value == "2021" and not by_text["2021"].relative


def test_modifiers() -> None:
    by_text = {e.text: e for e in tag("In early 2022 and late last year, about five hours.", None)}
    assert by_text["early 2022"].mod == "START"
    assert by_text["late last year"].mod == "END"
    assert by_text["five hours"].mod == "APPROX"


def test_empty_text() -> None:
    assert tag("", date(2025, 2, 18)) == []
