"""Tuning/check splits of the gold corpora and their side-by-side report (no gold data needed)."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

from click.testing import CliRunner

from dashboard.evaluation.acled import AcledScores, read_rows
from dashboard.evaluation.cli import eval_group
from dashboard.evaluation.plover import PloverScores
from dashboard.evaluation.splits import alternate, combine, side_by_side
from dashboard.evaluation.timeml import timeml_command

MINI = Path(__file__).parent / "data" / "mini.tml"
ACLED_FIELDS = ["event_id_cnty", "event_date", "event_type", "sub_event_type", "country",
                "admin1", "location", "notes"]  # fmt: skip


def test_alternate_keeps_every_kind_in_both_splits() -> None:
    records = ["AGREE", "AGREE", "FIGHT", "FIGHT"]  # the PLOVER file is sorted by category
    parts = alternate(records)
    assert parts == {"tuning": ["AGREE", "FIGHT"], "check": ["AGREE", "FIGHT"]}


def test_combine_adds_counts_lists_and_tallies() -> None:
    a = AcledScores(rows=2, date_ok=1, errors=[{"id": 1}], by_type={"Riots": [1, 2]})
    b = AcledScores(rows=3, date_ok=3, by_type={"Riots": [2, 2], "Battles": [0, 1]})
    total = combine([a, b])
    assert (total.rows, total.date_ok, total.errors) == (5, 4, [{"id": 1}])
    assert total.by_type == {"Riots": [3, 4], "Battles": [0, 1]}
    assert a.by_type == {"Riots": [1, 2]}  # the parts are left as they were
    plover = combine([PloverScores(tp=3, fp=1), PloverScores(tp=1, fn=2)])
    assert (plover.tp, plover.fp, plover.fn) == (4, 1, 2)


def test_side_by_side_has_a_column_per_split_and_nested_rows() -> None:
    table = side_by_side({
        "tuning": {"rows": 2, "rate": 0.5, "by": {"x": 1.0}},
        "check": {"rows": 3, "rate": 0.25, "by": {"y": 0.0}},
    })  # fmt: skip
    header, *rows = table.splitlines()
    assert header.split() == ["tuning", "check"]
    assert rows[0].split() == ["rows", "2", "3"]
    assert rows[1].split() == ["rate", "0.5000", "0.2500"]
    assert rows[2].split() == ["by:", "x", "1.0000", "-"]


def _acled_csv(path: Path, rows: int) -> None:
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.DictWriter(out, ACLED_FIELDS)
        writer.writeheader()
        for n in range(1, rows + 1):
            place = {"country": "Kenya", "admin1": "Nairobi", "location": "Nairobi"}
            kind = {"event_type": "Protests", "sub_event_type": "Peaceful protest"}
            note = f"On 1 March 2022, {n} people marched in Nairobi."
            writer.writerow({"event_id_cnty": f"X{n}", "event_date": "2022-03-01",
                             "notes": note, **place, **kind})  # fmt: skip


def test_acled_split_is_fixed_by_row_position(tmp_path: Path) -> None:
    gold = tmp_path / "acled.csv"
    _acled_csv(gold, 4502)
    rows = read_rows(gold)
    assert (len(rows["tuning"]), len(rows["check"])) == (4500, 2)
    assert rows["check"][0]["event_id_cnty"] == "X4501"
    result = CliRunner().invoke(eval_group, ["acled", str(gold), "--split", "check", "--json"])
    assert result.exit_code == 0, result.output
    assert list(json.loads(result.output)) == ["check"]
    assert json.loads(result.output)["check"]["rows"] == 2


def test_timeml_table_puts_splits_side_by_side(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    for group in ("TimeBank", "AQUAINT"):
        (corpus / group).mkdir(parents=True)
        shutil.copy(MINI, corpus / group / "mini.tml")
    result = CliRunner().invoke(timeml_command, [str(corpus)])
    assert result.exit_code == 0, result.output
    header = result.output.splitlines()[1]
    assert header.split() == ["TimeBank", "(tuning)", "AQUAINT", "(check)", "total"]
    assert any(line.startswith("value F1") for line in result.output.splitlines())
