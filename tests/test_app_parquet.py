"""AppTest: every page on a Parquet store (`eventline serve --store DIR`), with the answers
the same pages give on the DuckDB file, saved views and a new ingest seen at once."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard import query
from dashboard.cli import serve_command
from dashboard.export import records
from dashboard.parquet_store import ParquetStore
from dashboard.store import Store
from tests.app_helpers import run_app
from tests.helpers import geo_articles, undated_article

TIMEOUT = 60
PAGES = ["timeline", "map", "actors", "articles", "ingest", "data"]


def _run(monkeypatch, path: Path, page: str | None = None, **params) -> AppTest:
    return run_app(monkeypatch, path, page, check=False, **params)


@pytest.fixture
def stores(tmp_path) -> tuple[Store, ParquetStore]:
    pairs = [*geo_articles(), *undated_article()]
    duck, parquet = Store(tmp_path / "s.duckdb"), ParquetStore(tmp_path / "pq")
    duck.add(pairs)
    parquet.add(pairs)
    return duck, parquet


def _tables(at: AppTest) -> list:
    return [df.value for df in at.dataframe]


def _texts(at: AppTest) -> list[str]:
    return [str(e.value) for kind in ("caption", "info", "markdown", "warning")
            for e in getattr(at, kind)]


@pytest.mark.parametrize("page", PAGES)
def test_every_page_runs_on_a_parquet_store_as_on_the_duckdb_file(monkeypatch, stores, page):
    duck, parquet = stores
    seen = []
    for store in (duck, parquet):
        at = _run(monkeypatch, store.path, page, country="AFG", actor="Taliban")
        assert not at.exception, at.exception
        assert at.multiselect(key="country").value == ["AFG"]
        seen.append((_texts(at), [records(t) for t in _tables(at)]))
    assert seen[0] == seen[1]


def test_timeline_counts_on_a_parquet_store(monkeypatch, stores):
    _, parquet = stores
    at = _run(monkeypatch, parquet.path)
    assert not at.exception
    assert "4 events from 3 articles" in at.caption[0].value


def test_saving_a_view_on_a_parquet_store(monkeypatch, stores):
    _, parquet = stores
    at = _run(monkeypatch, parquet.path, country="JPN")
    at.text_input(key="view_name").set_value("Japan only")
    at.button(key="view_save").click().run()
    assert not at.exception, at.exception
    assert [(v.name, v.filters["countries"]) for v in query.saved_views(parquet)] == [
        ("Japan only", ["JPN"])]


def test_a_new_commit_shows_without_a_restart(monkeypatch, tmp_path):
    parquet = ParquetStore(tmp_path / "pq")
    parquet.add(undated_article())
    at = _run(monkeypatch, parquet.path)
    assert "1 event from 1 article" in at.caption[0].value
    parquet.add(geo_articles())
    at.run()
    assert "4 events from 3 articles" in at.caption[0].value


def test_serve_store_passes_the_folder_to_the_app(tmp_path, stores):
    _, parquet = stores
    _, env = serve_command(parquet.path, 8501)
    assert env["EVENTLINE_DB"] == str(parquet.path.resolve())
