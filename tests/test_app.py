"""AppTest: the timeline page against a temporary store."""

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.cli import APP_MAIN
from dashboard.store import Store
from tests.helpers import two_articles

TIMEOUT = 60


@pytest.fixture
def app_with(monkeypatch, tmp_path):
    def start(store: Store | None = None, **params: str | list[str]) -> AppTest:
        path = store.path if store else tmp_path / "empty.duckdb"
        monkeypatch.setenv("EVENTLINE_DB", str(path))
        at = AppTest.from_file(str(APP_MAIN), default_timeout=TIMEOUT)
        for key, value in params.items():
            at.query_params[key] = value
        return at.run()

    return start


def _store(tmp_path: Path) -> Store:
    store = Store(tmp_path / "two.duckdb")
    store.add(two_articles())
    return store


def test_empty_store_explains_what_to_do(app_with):
    at = app_with()
    assert not at.exception
    assert any("No events to show" in info.value for info in at.info)


def test_timeline_shows_all_events(app_with, tmp_path):
    at = app_with(_store(tmp_path))
    assert not at.exception
    assert "3 events from 2 articles" in at.caption[0].value
    assert len(at.dataframe[0].value) == 3
    assert at.get("plotly_chart")


def test_country_filter_from_url(app_with, tmp_path):
    at = app_with(_store(tmp_path), country="JPN")
    assert not at.exception
    assert at.multiselect(key="country").value == ["JPN"]
    table = at.dataframe[0].value
    assert len(table) == 1 and table.iloc[0]["date_text"] == "Monday"


def test_filter_widgets_change_the_view(app_with, tmp_path):
    at = app_with(_store(tmp_path))
    at.multiselect(key="actor").select("Taliban").run()
    assert len(at.dataframe[0].value) == 2
    at.multiselect(key="type").select("14").run()
    assert len(at.dataframe[0].value) == 1
    assert at.dataframe[0].value.iloc[0]["event_name"] == "Protest"


def test_seed_store_offers_seed_filters(app_with, seed_store):
    at = app_with(seed_store)
    assert not at.exception
    assert {"JPN", "AFG"} <= set(at.multiselect(key="country").options_values())
