import csv
import io
import json
from datetime import UTC

import pandas as pd
from hypothesis import given
from hypothesis import strategies as st

from dashboard import query
from dashboard.export import (
    FORMAT_HELP,
    FORMATS,
    file_name,
    neutralise_formula,
    sidecar,
    sidecar_name,
    to_csv,
    to_jsonl,
    to_timelinejs,
    write,
)
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


FORMULA_STARTS = "=+-@\t\r＝＋－＠"
# What a spreadsheet may skip or hide before a formula: spaces, quotes, invisible characters.
HIDDEN = " \"\u200b\u200c\u200d\u2060\ufeff\u00a0\n"
# Text rich in the characters that matter, besides any text at all.
RISKY_TEXT = st.text(alphabet=st.sampled_from(FORMULA_STARTS + HIDDEN + "a1'")) | st.text()


def _first_visible(cell: str) -> str:
    """The first character a spreadsheet acts on, after hidden and skipped ones."""
    import unicodedata

    for char in cell:
        if char in FORMULA_STARTS:
            return char
        if not (char in HIDDEN or char.isspace() or unicodedata.category(char) == "Cf"):
            return char
    return ""


@given(RISKY_TEXT)
def test_no_safe_cell_starts_a_formula(text):
    cell = neutralise_formula(text)
    assert _first_visible(cell) not in FORMULA_STARTS or _first_visible(cell) == ""
    assert cell.endswith(text)


@given(st.lists(RISKY_TEXT, min_size=1, max_size=5))
def test_safe_csv_round_trip_has_no_formula_cells(cells):
    frame = pd.DataFrame({f"c{i}": [v] for i, v in enumerate(cells)})
    for row in csv.reader(io.StringIO(to_csv(frame).decode("utf-8-sig"), newline="")):
        for cell in row:
            first = _first_visible(cell)
            assert first == "" or first not in FORMULA_STARTS


def test_formulas_behind_quotes_or_invisible_characters_are_neutralised():
    for text in ('"=1+1', "\u200b=1+1", "\ufeff=1", "\u200c\u200d=1", "\u2060+1",
                 ' "\u200b@SUM(A1)'):
        assert neutralise_formula(text) == "'" + text
    assert neutralise_formula('"quoted" text') == '"quoted" text'


def test_safe_csv_keeps_numbers_numbers_and_neutralises_text():
    frame = pd.DataFrame({"lat": [-15.7797], "lon": [-47.9297], "quad_class": [-1],
                          "sentence": ["-15.7797"]})
    row = next(csv.DictReader(io.StringIO(to_csv(frame).decode("utf-8-sig"))))
    assert (row["lat"], row["lon"], row["quad_class"]) == ("-15.7797", "-47.9297", "-1")
    assert row["sentence"] == "'-15.7797"  # the same characters as text stay neutralised


def test_parquet_keeps_types_and_lists(tmp_path):
    import pyarrow.parquet as pq

    frame = _frame(tmp_path)
    table = pq.read_table(io.BytesIO(write(frame, "parquet")))
    assert table.num_rows == 3
    assert str(table.schema.field("date_start").type) == "date32[day]"
    assert str(table.schema.field("actors").type).startswith("list")
    rows = table.to_pylist()
    assert ["Protesters", "Taliban"] in [r["actors"] for r in rows]


def test_timelinejs_keeps_a_year_a_year(tmp_path):
    document = json.loads(write(_frame(tmp_path), "timelinejs"))
    slides = {s["display_date"]: s for s in document["events"]}
    assert slides["2021"]["start_date"] == {"year": 2021}
    assert slides["Monday"]["start_date"] == {"year": 2025, "month": 2, "day": 17}
    assert slides["2021"]["text"]["text"] == "=Takeover in 2021."
    assert document["title"]["text"]["headline"]


def test_timelinejs_skips_undated_and_escapes_html():
    frame = pd.DataFrame([
        {"event_id": "a", "date_start": None, "date_end": None, "granularity": None,
         "date_text": "Monday", "sentence": "x", "event_name": ""},
        {"event_id": "b", "date_start": "2024-05-01", "date_end": "2024-05-01",
         "granularity": "day", "date_text": "", "sentence": "<b>hi</b>", "event_name": "Talk"},
    ])
    slides = json.loads(to_timelinejs(frame))["events"]
    assert [s["unique_id"] for s in slides] == ["b"]
    assert slides[0]["text"]["text"] == "&lt;b&gt;hi&lt;/b&gt;"


def test_timelinejs_escapes_display_date_like_headline_and_text():
    frame = pd.DataFrame([
        {"event_id": "c", "date_start": "2024-05-01", "date_end": "2024-05-01",
         "granularity": "day", "date_text": '<img src=x onerror="alert(1)">',
         "sentence": "s", "event_name": "Talk"},
    ])
    slide = json.loads(to_timelinejs(frame))["events"][0]
    assert slide["display_date"] == "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;"
    assert slide["display_date"] == slide["text"]["headline"]


def test_file_names_and_sidecar_say_what_is_inside():
    from datetime import date, datetime

    name = file_name("JPN_Taliban", "raw-csv", date(2026, 1, 2))
    assert name == "eventline_JPN_Taliban_2026-01-02.raw.csv"
    meta = json.loads(sidecar(
        url="http://localhost:8501/?country=JPN", filters={"countries": ["JPN"]}, rows=4,
        fmt="csv", data_file=name, created=datetime(2026, 1, 2, tzinfo=UTC),
        extraction={"reference_date": "publication"}))
    assert meta["rows"] == 4 and meta["view_url"].endswith("country=JPN")
    assert meta["eventline_version"] and meta["extraction"]["reference_date"] == "publication"
    assert sidecar_name(name) == name + ".meta.json"


def test_every_format_has_a_help_text():
    assert set(FORMAT_HELP) == set(FORMATS)
    assert "script" in FORMAT_HELP["raw-csv"] and "spreadsheet" in FORMAT_HELP["csv"]
