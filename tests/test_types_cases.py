"""Event types from the main verb (tests/data/extract_types.jsonl) and the CAMEO tables."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dashboard.extract.types import CAMEO_ROOTS, QUAD_CLASS, classify

CASES = [
    json.loads(line)
    for line in (Path(__file__).parent / "data" / "extract_types.jsonl").read_text().splitlines()
    if line.strip()
]


@pytest.mark.parametrize("case", CASES, ids=[c["sentence"][:40] for c in CASES])
def test_type_case(case):
    result = classify(case["sentence"])
    assert (result.code if result else None) == case["code"], result


def test_roots_and_quad_classes():
    assert sorted(CAMEO_ROOTS) == [f"{n:02d}" for n in range(1, 21)]
    assert QUAD_CLASS["01"] == 1 and QUAD_CLASS["07"] == 2
    assert QUAD_CLASS["14"] == 3 and QUAD_CLASS["19"] == 4


def test_event_type_fields():
    result = classify("Police arrested 12 protesters.")
    assert result is not None
    assert (result.name, result.quad_class) == (CAMEO_ROOTS["17"], 4)
