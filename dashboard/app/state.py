"""The app's one place for caching and store access.

Query results are cached per (store file version, query, arguments): a new ingest changes the
file's modification time, so fresh events appear without restarting the app.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import streamlit as st

from dashboard import query
from dashboard.happenings import query as happening_query
from dashboard.parquet_store import ParquetStore, open_store
from dashboard.query import Filters
from dashboard.store import Store, default_db_path


def store() -> Store | ParquetStore:
    return open_store(default_db_path())


def store_version(path: Path) -> tuple[tuple[int, ...], ...]:
    """Changes whenever the store file (or its write-ahead log), or a Parquet store's
    manifest, changes."""
    if path.is_dir():
        return (ParquetStore(path).version(),)
    stamps = []
    for candidate in (path, path.with_name(path.name + ".wal")):
        try:
            stat = candidate.stat()
            stamps.append((stat.st_mtime_ns, stat.st_size))
        except FileNotFoundError:
            stamps.append((0, 0))
    return tuple(stamps)


@st.cache_resource(show_spinner=False, max_entries=8)
def _store_at(path: str) -> Store | ParquetStore:
    # One Store object per file, so its schema check runs once, not before every query.
    return open_store(path)


@contextmanager
def reading() -> Iterator[None]:
    """Keep the store file attached while the block draws (``Store.kept_open``).

    Each query attached the file and detached it after (so that nobody keeps it locked); a
    page that runs twenty queries paid the attachment (~2 ms) twenty times and read the
    same column blocks again each time, since detaching drops DuckDB's cache. A writer of
    this process is not kept waiting: it detaches the file, and the next read attaches it
    again. Another process's write waits (up to the store's lock wait) until the block is
    drawn. A Parquet store keeps its own reader anyway."""
    s = store()
    if not isinstance(s, Store):
        yield
        return
    with s.kept_open():
        yield


_MODULES = {"events": query, "happenings": happening_query}


# Filters are hashed by their repr (every field, in order): streamlit's generic hashing of a
# dataclass walks it field by field (1.4 ms a call against 0.4 ms measured), and a page
# makes twenty-odd calls per run.
@st.cache_data(show_spinner=False, max_entries=512, hash_funcs={Filters: repr})
def _run(path: str, version: tuple, module: str, name: str, args: tuple, kwargs: tuple):
    return getattr(_MODULES[module], name)(_store_at(path), *args, **dict(kwargs))


def cached(name: str, *args, **kwargs):
    """``query.<name>(store, *args, **kwargs)``, cached until the store changes."""
    s = store()
    return _run(str(s.path), store_version(s.path), "events", name, args,
                tuple(sorted(kwargs.items())))


def happenings(name: str, *args, **kwargs):
    """``happenings.query.<name>(store, *args, **kwargs)``, cached until the store changes."""
    s = store()
    return _run(str(s.path), store_version(s.path), "happenings", name, args,
                tuple(sorted(kwargs.items())))


def events(filters: Filters, limit: int | None = None):
    return cached("events", filters, limit=limit)


def facet(column: str, filters: Filters | None = None, limit: int | None = None):
    return cached("facet_counts", column, filters or Filters(), limit=limit)


def date_bounds():
    return cached("date_bounds")


def event_type_names() -> dict[str, str]:
    return cached("event_type_names")
