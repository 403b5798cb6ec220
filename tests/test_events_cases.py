"""Event records from short texts (tests/data/extract_events.jsonl): dates, roles, places."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from dashboard.extract.events import extract_events
from dashboard.models import Article

CASES = [
    json.loads(line)
    for line in (Path(__file__).parent / "data" / "extract_events.jsonl").read_text().splitlines()
    if line.strip()
]
_SCALARS = {
    "date_text": "date_text",
    "granularity": "granularity",
    "date_source": "date_source",
    "code": "event_code",
    "source": "source_actor",
    "target": "target_actor",
}


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


@pytest.mark.parametrize("case", CASES, ids=[c["text"][:40] for c in CASES])
def test_event_case(case):
    published = _day(case["published"])
    events = extract_events(Article(text=case["text"], published=published))
    assert len(events) == len(case["events"]), [(e.date_text, e.sentence) for e in events]
    for event, expected in zip(events, case["events"], strict=True):
        _check(event, expected)


def _check(event, expected: dict) -> None:
    for key in ("date_start", "date_end"):
        if key in expected:
            assert getattr(event, key) == _day(expected[key]), (key, event)
    for key, field in _SCALARS.items():
        if key in expected:
            assert getattr(event, field) == expected[key], (key, event)
    assert set(expected.get("actors", ())) <= set(event.actors), event.actors
    assert not set(expected.get("no_actors", ())) & set(event.actors), event.actors
    assert set(expected.get("countries", ())) <= set(event.countries), event.countries
    assert set(expected.get("places", ())) <= set(event.places), event.places
    if "located" in expected:
        assert (event.lat is not None) == expected["located"], (event.lat, event.lon)


def test_every_event_has_a_valid_type_or_none():
    text = "Protesters gathered in Nairobi on Monday. The weather was fine."
    for event in extract_events(Article(text=text, published=date(2022, 5, 10))):
        assert event.event_code == "" or (event.quad_class in (1, 2, 3, 4) and event.event_name)
