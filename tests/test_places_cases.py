"""Countries and places, including the classic traps (tests/data/extract_places.jsonl)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dashboard.extract.places import country_code, find_places

CASES = [
    json.loads(line)
    for line in (Path(__file__).parent / "data" / "extract_places.jsonl").read_text().splitlines()
    if line.strip()
]


@pytest.mark.parametrize("case", CASES, ids=[c["text"][:40] for c in CASES])
def test_place_case(case):
    found = {p.text: p for p in find_places(case["text"])}
    for text, iso3 in case.get("expect", {}).items():
        assert text in found, (text, sorted(found))
        assert found[text].country == iso3, (text, found[text])
    for text, kind in case.get("kinds", {}).items():
        assert found[text].kind == kind
    for text in case.get("absent", []):
        assert text not in found, found.get(text)


def test_offsets_cut_the_text():
    text = "Clashes broke out in Minakulu (Oyam, Northern) and in Kampala."
    for place in find_places(text):
        assert text[place.start : place.end] == place.text


def test_country_code_by_name():
    assert country_code("Democratic Republic of Congo") == "COD"
    assert country_code("Japan") == "JPN"
    assert country_code("Nowhere-land") is None


def test_city_keeps_coordinates():
    kabul = [p for p in find_places("Talks were held in Kabul.") if p.text == "Kabul"][0]
    assert kabul.lat is not None and abs(kabul.lat - 34.5) < 1
