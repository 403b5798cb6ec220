"""The PLOVER and ACLED scorers on the shared gold files; figures must not slip.

Floors are the figures reached when these tests were written, minus a small margin. The gold
files are read from the shared folder at run time; the tests skip when it is absent.
"""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from dashboard.evaluation.acled import DEFAULT_GOLD as ACLED_GOLD
from dashboard.evaluation.acled import expected_roots
from dashboard.evaluation.cli import eval_group
from dashboard.evaluation.plover import DEFAULT_GOLD as PLOVER_GOLD
from dashboard.evaluation.plover import gold_countries


def run(args: list[str]) -> dict:
    result = CliRunner().invoke(eval_group, args)
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


@pytest.mark.skipif(not PLOVER_GOLD.exists(), reason="PLOVER gold file not available")
def test_plover_figures(tmp_path):
    errors = tmp_path / "errors.jsonl"
    scores = run(["plover", str(PLOVER_GOLD), "--errors", str(errors)])
    assert scores["sentences"] == 322
    assert scores["actor_country_f1"] >= 0.86
    assert scores["cameo_root_accuracy"] >= 0.65
    assert errors.read_text(encoding="utf-8").count("\n") > 0


@pytest.mark.skipif(not ACLED_GOLD.exists(), reason="ACLED gold file not available")
def test_acled_figures(tmp_path):
    errors = tmp_path / "errors.jsonl"
    scores = run(["acled", str(ACLED_GOLD), "--limit", "1500", "--errors", str(errors)])
    assert scores["rows"] == 1500
    assert scores["date_exact"] >= 0.97
    assert scores["country_accuracy"] >= 0.92
    assert scores["event_type_agreement"] >= 0.82
    assert scores["place_recall"] >= 0.90
    first = json.loads(errors.read_text(encoding="utf-8").splitlines()[0])
    assert {"id", "failed", "notes", "got"} <= set(first)


def test_gold_country_codes_ignore_organisations_and_fix_typos():
    record = {"source": [{"code": "USAGOV"}, {"code": "IGOUNO"}], "target": [{"code": "JAP"}]}
    assert gold_countries(record) == {"USA", "JPN"}
    assert gold_countries({"source": [{"code": "ISR"}], "target": "diplomatic"}) == {"ISR"}


def test_acled_type_mapping():
    assert expected_roots("Protests", "Peaceful protest") == {"14"}
    assert "17" in expected_roots("Strategic developments", "Arrests")
    assert expected_roots("Battles", "Armed clash") == {"19"}


def test_missing_gold_file_is_reported(tmp_path):
    result = CliRunner().invoke(eval_group, ["acled", str(tmp_path / "nope.csv")])
    assert result.exit_code != 0 and "nope.csv" in result.output
