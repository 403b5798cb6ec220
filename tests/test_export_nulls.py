"""Every export format on a store holding what real stores hold: an ACLED import, a GDELT
import and ingested articles, one of them undated and one event without a type.

Nulls are empty cells in CSV and null in JSON and Parquet: never the text NaT, NaN, <NA>
or None (issue 9).
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

from dashboard import query
from dashboard.cli import EXPORT_FORMATS, main
from dashboard.export import FORMATS, write
from dashboard.store import Store
from tests.mixed_store import build_mixed_store

BANNED = ("NaT", "NaN", "<NA>", "None")


@pytest.fixture
def mixed_store(tmp_path: Path) -> Store:
    return build_mixed_store(tmp_path)


def _no_banned_text(data: str) -> None:
    for word in BANNED:
        assert word not in data, f"{word!r} written for a missing value"


def test_fixture_holds_the_awkward_rows(mixed_store: Store):
    frame = query.events(mixed_store)
    assert sorted(frame["origin"].value_counts().items()) == [
        ("acled", 2), ("article", 2), ("gdelt", 2)]
    assert frame["published"].isna().sum() >= 3  # ACLED rows, the undated article, no-URL row
    assert frame["quad_class"].isna().sum() >= 2  # the untyped event, the GDELT row


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_every_format_writes_nulls_as_nulls(mixed_store: Store, fmt: str):
    data = write(query.events(mixed_store), fmt)  # what the Data page's buttons call
    if fmt == "parquet":
        rows = pq.read_table(io.BytesIO(data)).to_pylist()
        assert len(rows) == 6
        _no_banned_text(json.dumps(rows, default=str))
        acled = [r for r in rows if r["origin"] == "acled"]
        assert all(r["published"] is None for r in acled)
        untyped = next(r for r in rows if r["title"] == "Undated note")
        assert (untyped["quad_class"], untyped["date_start"], untyped["confidence"]) == (
            None, None, None)
        return
    text = data.decode("utf-8-sig")
    _no_banned_text(text)
    if fmt == "jsonl":
        rows = [json.loads(line) for line in text.splitlines()]
        untyped = next(r for r in rows if r["title"] == "Undated note")
        assert (untyped["published"], untyped["quad_class"], untyped["event_code"]) == (
            None, None, "")
    elif fmt in ("csv", "raw-csv"):
        rows = list(csv.DictReader(io.StringIO(text)))
        assert len(rows) == 6
        untyped = next(r for r in rows if r["title"] == "Undated note")
        assert (untyped["published"], untyped["quad_class"], untyped["date_start"]) == (
            "", "", "")
    else:  # timelinejs: the dated events only
        assert len(json.loads(text)["events"]) == 5


@pytest.mark.parametrize("fmt", EXPORT_FORMATS)
def test_cli_export_with_sidecar(mixed_store: Store, tmp_path: Path, fmt: str):
    out = tmp_path / f"out.{fmt}"
    result = CliRunner().invoke(main, ["export", "--db", str(mixed_store.path), "--format", fmt,
                                       "-o", str(out), "--sidecar"])
    assert result.exit_code == 0, result.output
    if fmt == "parquet":
        assert pq.read_table(out).num_rows == 6
        _no_banned_text(json.dumps(pq.read_table(out).to_pylist(), default=str))
    else:
        _no_banned_text(out.read_text(encoding="utf-8-sig"))
    meta = out.with_name(out.name + ".meta.json").read_text(encoding="utf-8")
    _no_banned_text(meta)
    assert json.loads(meta)["rows"] == 6


def test_safe_csv_keeps_negative_coordinates_numbers(mixed_store: Store):
    rows = list(csv.DictReader(io.StringIO(
        write(query.events(mixed_store), "csv").decode("utf-8-sig"))))
    la_paz = next(r for r in rows if r["event_id"] == "acled:BOL100")
    assert (la_paz["lat"], la_paz["lon"]) == ("-16.4955", "-68.1336")
