"""The PLOVER and ACLED scorers on the shared gold files; figures must not slip.

Each corpus has a tuning split (looked at while writing the rules) and a check split (see
``dashboard.evaluation.splits``). Floors are set on the check split only, a little under its
figures when they were set; the tuning split and the total are reported by the eval commands
beside it, not held to a floor. The gold files are read from ../shared/data at run time; the
tests skip when they are absent. ACLED is scored on its 4,500 check rows (a few seconds).
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


def test_plover_check_split_figures(tmp_path):
    if not PLOVER_GOLD.exists():
        pytest.skip(f"PLOVER gold file not found at {PLOVER_GOLD} (../shared/data)")
    errors = tmp_path / "errors.jsonl"
    figures = run(["plover", str(PLOVER_GOLD), "--split", "check", "--json",
                   "--errors", str(errors)])["check"]  # fmt: skip
    assert figures["sentences"] == 161
    # Measured on the check split: actor-country F1 0.866, CAMEO root accuracy 0.696.
    assert figures["actor_country_f1"] >= 0.855
    assert figures["cameo_root_accuracy"] >= 0.68
    assert errors.read_text(encoding="utf-8").count("\n") > 0


def test_acled_check_split_figures(tmp_path):
    if not ACLED_GOLD.exists():
        pytest.skip(f"ACLED gold file not found at {ACLED_GOLD} (../shared/data)")
    errors = tmp_path / "errors.jsonl"
    figures = run(["acled", str(ACLED_GOLD), "--split", "check", "--json",
                   "--errors", str(errors)])["check"]  # fmt: skip
    assert figures["rows"] == 4500
    # Measured on rows 4,501-9,000: date 1.000, country 0.940, type 0.851, place 0.916.
    assert figures["date_exact"] >= 0.99
    assert figures["country_accuracy"] >= 0.93
    assert figures["event_type_agreement"] >= 0.84
    assert figures["place_recall"] >= 0.905
    first = json.loads(errors.read_text(encoding="utf-8").splitlines()[0])
    assert {"id", "failed", "notes", "got"} <= set(first) and first["split"] == "check"


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
