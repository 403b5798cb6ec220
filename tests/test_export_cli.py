"""`eventline export` in-process: every format, the new filters, the sidecar."""

import json

import pyarrow.parquet as pq
from click.testing import CliRunner

from dashboard.cli import main
from dashboard.store import Store
from tests.helpers import two_articles


def _db(tmp_path):
    store = Store(tmp_path / "cli.duckdb")
    store.add(two_articles())
    return str(store.path)


def test_parquet_with_sidecar(tmp_path):
    out = tmp_path / "afg.parquet"
    result = CliRunner().invoke(main, ["export", "--db", _db(tmp_path), "--country", "AFG",
                                       "--format", "parquet", "-o", str(out), "--sidecar"])
    assert result.exit_code == 0, result.output
    assert pq.read_table(out).num_rows == 2
    meta = json.loads((tmp_path / "afg.parquet.meta.json").read_text())
    assert meta["rows"] == 2 and meta["filters"]["countries"] == ["AFG"]
    assert "--country AFG" in meta["extraction"]["command"]


def test_timelinejs_and_text_filters_to_stdout(tmp_path):
    result = CliRunner().invoke(main, ["export", "--db", _db(tmp_path), "--format", "timelinejs",
                                       "--search", "kabul", "--date-source", "relative",
                                       "--source", "Wire B"])
    assert result.exit_code == 0, result.output
    assert [s["display_date"] for s in json.loads(result.output)["events"]] == ["June 1"]


def test_binary_format_needs_a_file(tmp_path):
    result = CliRunner().invoke(main, ["export", "--db", _db(tmp_path), "--format", "parquet"])
    assert result.exit_code != 0 and "-o FILE" in result.output
