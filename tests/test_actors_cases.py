"""Actors: canonical names, titles, affiliations and aliases (tests/data/extract_actors.jsonl)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dashboard.extract.actors import find_actors

CASES = [
    json.loads(line)
    for line in (Path(__file__).parent / "data" / "extract_actors.jsonl").read_text().splitlines()
    if line.strip()
]


@pytest.mark.parametrize("case", CASES, ids=[c["text"][:40] for c in CASES])
def test_actor_case(case):
    found = {m.text: m for m in find_actors(case["text"])}
    for expected in case["expect"]:
        mention = found.get(expected["text"])
        assert mention is not None, (expected["text"], sorted(found))
        for key in ("name", "country", "title"):
            if key in expected:
                assert getattr(mention, key) == expected[key], (key, mention)
    for text in case.get("absent", []):
        assert text not in found, found[text]


def test_no_actor_in_plain_text():
    assert find_actors("it rained all day and nobody went out.") == []
