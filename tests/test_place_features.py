"""A natural feature's name ("Lake Victoria", "Mount Kenya") is a place, never an actor."""

from __future__ import annotations

import pytest

from dashboard.extract.actors import find_actors
from dashboard.extract.lexicon import read_rows
from dashboard.extract.places import find_places
from dashboard.extract.resources import default_resources
from dashboard.paths import DICTIONARIES

ROWS = [tuple(row) for row in read_rows(DICTIONARIES, "place_features.tsv")]


def _actors(text: str, language: str = "en") -> list[str]:
    res = default_resources().for_language(language)
    return [a.text for a in find_actors(text, find_places(text, resources=res), resources=res)]


@pytest.mark.parametrize(("word", "example"), ROWS)
def test_no_feature_name_is_an_actor(word, example):
    assert word in example.lower()
    language = "en" if example.endswith("day.") else ("es" if " el " in example else "fr")
    assert not [a for a in _actors(example, language) if a.lower().startswith(word)], example
