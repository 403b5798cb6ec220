"""The event store: the only module that opens, reads or writes the DuckDB file.

Connections are short-lived (one per call) so that a dashboard and a command-line ingest can
take turns on the same file: DuckDB lets one process hold a file at a time, so a call that
finds the file locked waits and retries for a while before giving up with a clear message.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow as pa

from dashboard.models import Article, Event
from dashboard.paths import DEFAULT_DB
from dashboard.schema import ARTICLE_COLUMNS, EVENT_COLUMNS, article_row, event_row

LOCK_WAIT_SECONDS = 30.0

_ARROW_TYPES = {
    "VARCHAR": pa.string(),
    "DATE": pa.date32(),
    "INTEGER": pa.int32(),
    "DOUBLE": pa.float64(),
    "VARCHAR[]": pa.list_(pa.string()),
}


class StoreError(Exception):
    """The store cannot be opened or used; the message names the file and the cause."""


@dataclass
class IngestCounts:
    articles_added: int = 0
    articles_unchanged: int = 0
    events_added: int = 0


def default_db_path() -> Path:
    """``EVENTLINE_DB`` if set, else ``data/eventline.duckdb`` in the project."""
    return Path(os.environ.get("EVENTLINE_DB") or DEFAULT_DB)


def _arrow_schema(columns: tuple[tuple[str, str], ...]) -> pa.Schema:
    return pa.schema([(name, _ARROW_TYPES[kind.split()[0]]) for name, kind in columns])


def _table_sql(name: str, columns: tuple[tuple[str, str], ...]) -> str:
    body = ", ".join(f'"{column}" {kind}' for column, kind in columns)
    return f"CREATE TABLE IF NOT EXISTS {name} ({body})"


class Store:
    """An Eventline store in one DuckDB file, created on first use."""

    def __init__(self, path: str | Path | None = None) -> None:
        self.path = Path(path) if path else default_db_path()

    # -- connections ---------------------------------------------------------------------
    @contextmanager
    def connect(self) -> Iterator[duckdb.DuckDBPyConnection]:
        con = self._open_with_retry()
        try:
            con.execute(_table_sql("articles", ARTICLE_COLUMNS))
            con.execute(_table_sql("events", EVENT_COLUMNS))
            yield con
        finally:
            con.close()

    def _open_with_retry(self) -> duckdb.DuckDBPyConnection:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        deadline = time.monotonic() + LOCK_WAIT_SECONDS
        while True:
            try:
                return duckdb.connect(str(self.path))
            except duckdb.IOException as exc:
                if "lock" not in str(exc).lower() or time.monotonic() > deadline:
                    raise StoreError(f"cannot open the store {self.path}: {exc}") from exc
                time.sleep(0.2)
            except duckdb.Error as exc:
                raise StoreError(
                    f"cannot open the store {self.path}: {exc}; expected an Eventline DuckDB file"
                ) from exc

    # -- writing -------------------------------------------------------------------------
    def add(
        self, pairs: Iterable[tuple[Article, list[Event]]], batch_size: int = 200
    ) -> IngestCounts:
        """Store articles with their events; an article already stored is left as it is.

        Each batch is one transaction, so an interrupted ingest never leaves half an article.
        """
        counts = IngestCounts()
        batch: list[tuple[Article, list[Event]]] = []
        for pair in pairs:
            batch.append(pair)
            if len(batch) >= batch_size:
                self._add_batch(batch, counts)
                batch = []
        if batch:
            self._add_batch(batch, counts)
        return counts

    def _add_batch(self, batch: list[tuple[Article, list[Event]]], counts: IngestCounts) -> None:
        with self.connect() as con:
            ids = [article.article_id for article, _ in batch]
            known = {
                row[0]
                for row in con.execute(
                    "SELECT article_id FROM articles WHERE article_id IN (SELECT UNNEST(?))",
                    [ids],
                ).fetchall()
            }
            fresh, seen = [], set(known)
            for article, events in batch:
                if article.article_id in seen:
                    counts.articles_unchanged += 1
                    continue
                seen.add(article.article_id)
                fresh.append((article, events))
            if not fresh:
                return
            articles = [article_row(a, len(evs)) for a, evs in fresh]
            events = [event_row(e) for _, evs in fresh for e in evs]
            con.begin()
            try:
                self._insert(con, "articles", articles, ARTICLE_COLUMNS)
                self._insert(con, "events", events, EVENT_COLUMNS)
                con.commit()
            except Exception:
                con.rollback()
                raise
            counts.articles_added += len(articles)
            counts.events_added += len(events)

    @staticmethod
    def _insert(con, table: str, rows: list[dict], columns) -> None:
        if not rows:
            return
        arrow = pa.Table.from_pylist(rows, schema=_arrow_schema(columns))
        con.register("incoming", arrow)
        try:
            con.execute(f"INSERT OR IGNORE INTO {table} SELECT * FROM incoming")
        finally:
            con.unregister("incoming")

    # -- reading -------------------------------------------------------------------------
    def is_empty(self) -> bool:
        with self.connect() as con:
            return con.execute("SELECT count(*) FROM articles").fetchone()[0] == 0 and (
                con.execute("SELECT count(*) FROM events").fetchone()[0] == 0
            )

    def query(self, sql: str, params: list | None = None) -> pd.DataFrame:
        """Run a read query (built by ``dashboard.query``) and return its rows."""
        with self.connect() as con:
            return con.execute(sql, params or []).df()

    def query_rows(self, sql: str, params: list | None = None) -> list[tuple]:
        with self.connect() as con:
            return con.execute(sql, params or []).fetchall()

    def articles(self) -> pd.DataFrame:
        with self.connect() as con:
            return con.execute(
                "SELECT article_id, title, published, source, url, path, event_count "
                "FROM articles ORDER BY published NULLS LAST, title"
            ).df()

    def article_text(self, article_id: str) -> str | None:
        with self.connect() as con:
            row = con.execute(
                "SELECT text FROM articles WHERE article_id = ?", [article_id]
            ).fetchone()
        return row[0] if row else None
