import csv
import io
import json

import pandas as pd
from hypothesis import given
from hypothesis import strategies as st

from dashboard import query
from dashboard.export import neutralise_formula, to_csv, to_jsonl, write
from dashboard.store import Store
from tests.helpers import two_articles


def _frame(tmp_path) -> pd.DataFrame:
    store = Store(tmp_path / "e.duckdb")
    store.add(two_articles())
    return query.events(store)


def test_safe_csv_is_quoted_bom_and_joined(tmp_path):
    data = to_csv(_frame(tmp_path))
    assert data.startswith("\ufeff".encode())
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert len(rows) == 3
    kabul = next(r for r in rows if r["title"] == "Kabul protest")
    assert kabul["actors"] == "Protesters; Taliban"
    assert kabul["date_start"] == "2024-06-01"
    takeover = next(r for r in rows if r["granularity"] == "year")
    assert takeover["sentence"] == "'=Takeover in 2021."
    assert data.decode("utf-8-sig").splitlines()[1].startswith('"')


def test_raw_csv_and_jsonl_keep_values(tmp_path):
    frame = _frame(tmp_path)
    raw = to_csv(frame, safe=False).decode("utf-8")
    assert not raw.startswith("\ufeff") and "=Takeover in 2021." in raw
    rows = [json.loads(line) for line in to_jsonl(frame).decode().splitlines()]
    assert [r["actors"] for r in rows if r["title"] == "Kabul protest"] == [
        ["Protesters", "Taliban"]]
    assert {r["date_end"] for r in rows} >= {"2021-12-31"}
    assert write(frame, "jsonl") == to_jsonl(frame)


@given(st.text())
def test_no_safe_cell_starts_a_formula(text):
    cell = neutralise_formula(text)
    first = cell.lstrip(" ")[:1]
    assert first == "" or first not in "=+-@\t\r＝＋－＠"
    assert cell.endswith(text)


@given(st.lists(st.text(), min_size=1, max_size=5))
def test_safe_csv_round_trip_has_no_formula_cells(cells):
    frame = pd.DataFrame({f"c{i}": [v] for i, v in enumerate(cells)})
    for row in csv.reader(io.StringIO(to_csv(frame).decode("utf-8-sig"), newline="")):
        for cell in row:
            first = cell.lstrip(" ")[:1]
            assert first == "" or first not in "=+-@\t\r＝＋－＠"
