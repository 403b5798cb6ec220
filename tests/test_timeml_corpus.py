"""Regression guard: the tagger's figures on the TimeBank + AQUAINT gold corpus.

The floors sit a little under the figures measured when they were set, so a change that
loses accuracy fails here. The corpus lives beside the project (research-only data).
"""

from __future__ import annotations

import pytest

from dashboard.evaluation.timeml import evaluate, eventline_tagger, read_corpus, scores
from dashboard.paths import SHARED_DATA

CORPUS = SHARED_DATA / "timeml"

# (relaxed F1, value F1) floors per subcorpus.
FLOORS = {
    "TimeBank": (0.935, 0.81),
    "AQUAINT": (0.935, 0.795),
    "total": (0.935, 0.805),
}


@pytest.fixture(scope="module")
def figures() -> dict:
    if not CORPUS.is_dir():
        pytest.skip(f"TimeML corpus not found at {CORPUS} (it lives in ../shared/data/timeml)")
    return {name: scores(c) for name, c in evaluate(read_corpus(CORPUS), eventline_tagger).items()}


@pytest.mark.parametrize("group", sorted(FLOORS))
def test_figures_stay_above_floor(figures: dict, group: str) -> None:
    relaxed_floor, value_floor = FLOORS[group]
    assert figures[group].relaxed_f1 >= relaxed_floor
    assert figures[group].value_f1 >= value_floor
