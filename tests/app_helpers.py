"""Starting the dashboard under Streamlit's AppTest, as every page test does."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.cli import APP_MAIN

APP_TIMEOUT = 60  # seconds per script run: the first run imports the whole app


def start_app(page: str | None = None, check: bool = True, **params: str | list[str]
              ) -> AppTest:
    """The app on the store EVENTLINE_DB names, with ``params`` as the URL's query
    parameters, switched to ``page`` (screens/<page>.py); ``check``: no run raised."""
    at = AppTest.from_file(str(APP_MAIN), default_timeout=APP_TIMEOUT)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    if page:
        at.switch_page(f"screens/{page}.py").run()
    if check:
        assert not at.exception, at.exception
    return at


def run_app(monkeypatch: pytest.MonkeyPatch, store: Path, page: str | None = None,
            check: bool = True, **params: str | list[str]) -> AppTest:
    """``start_app`` on the store at ``store`` (a DuckDB file or a Parquet folder)."""
    monkeypatch.setenv("EVENTLINE_DB", str(store))
    return start_app(page, check, **params)
