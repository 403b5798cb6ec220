"""The app's one place for caching and store access.

Query results are cached per (store file version, filters): a new ingest changes the file's
modification time, so fresh events appear without restarting the app.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import streamlit as st

from dashboard import query
from dashboard.query import Filters
from dashboard.store import Store, default_db_path


def store() -> Store:
    return Store(default_db_path())


def store_version(path: Path) -> tuple[int, int]:
    """Changes whenever the store file (or its write-ahead log) changes."""
    stamps = []
    for candidate in (path, path.with_name(path.name + ".wal")):
        try:
            stat = candidate.stat()
            stamps.append((stat.st_mtime_ns, stat.st_size))
        except FileNotFoundError:
            stamps.append((0, 0))
    return hash(tuple(stamps)), len(stamps)


@st.cache_data(show_spinner=False, max_entries=64)
def _events(path: str, version: tuple, filters: Filters) -> pd.DataFrame:
    return query.events(Store(path), filters)


@st.cache_data(show_spinner=False, max_entries=256)
def _facet(path: str, version: tuple, column: str, filters: Filters) -> pd.DataFrame:
    return query.facet_counts(Store(path), column, filters)


@st.cache_data(show_spinner=False, max_entries=8)
def _bounds(path: str, version: tuple):
    return query.date_bounds(Store(path))


def events(filters: Filters) -> pd.DataFrame:
    s = store()
    return _events(str(s.path), store_version(s.path), filters)


def facet(column: str, filters: Filters | None = None) -> pd.DataFrame:
    s = store()
    return _facet(str(s.path), store_version(s.path), column, filters or Filters())


def date_bounds():
    s = store()
    return _bounds(str(s.path), store_version(s.path))


@st.cache_data(show_spinner=False, max_entries=8)
def _type_names(path: str, version: tuple) -> dict[str, str]:
    return query.event_type_names(Store(path))


def event_type_names() -> dict[str, str]:
    s = store()
    return _type_names(str(s.path), store_version(s.path))
