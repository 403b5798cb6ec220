"""The event store: the only module that opens, reads or writes the DuckDB file.

DuckDB lets one process hold a file at a time (even a read-only open fails while another
process has it). So nobody keeps the file open: every read is one short connection, and a
writer opens the file for one bounded transaction (a batch of articles or imported rows),
commits and closes it before preparing the next batch. A process that finds the file locked
retries with a short random pause for up to ``lock_wait`` seconds and then fails with a
message naming the file. A batch is all-or-nothing, so a writer killed at any moment leaves
the store readable and running the same command again completes the job.
"""

from __future__ import annotations

import os
import random
import time
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow as pa

from dashboard.models import Article, Event
from dashboard.paths import default_db
from dashboard.schema import ARTICLE_COLUMNS, EVENT_COLUMNS, article_row, event_row

LOCK_WAIT_SECONDS = 30.0
BATCH_ARTICLES = 200  # articles per write transaction
BATCH_EVENTS = 5000  # imported rows per write transaction

_ARROW_TYPES = {
    "VARCHAR": pa.string(),
    "DATE": pa.date32(),
    "INTEGER": pa.int32(),
    "DOUBLE": pa.float64(),
    "BOOLEAN": pa.bool_(),
    "VARCHAR[]": pa.list_(pa.string()),
}

_TABLES = (("articles", ARTICLE_COLUMNS), ("events", EVENT_COLUMNS))

# Stores written before these columns existed get them filled in once, on first open.
_BACKFILL_ARTICLES = (
    "UPDATE articles SET origin = 'article', doc_key = coalesce(nullif(url, ''), path), "
    "undated = published IS NULL, "
    "published_from = CASE WHEN published IS NULL THEN NULL ELSE 'metadata' END "
    "WHERE origin IS NULL"
)

# An item to store: an article with its events, optionally with where its date came from.
Pair = tuple[Article, list[Event]] | tuple[Article, list[Event], str | None]


class StoreError(Exception):
    """The store cannot be opened or used; the message names the file and the cause."""


@dataclass
class IngestCounts:
    articles_added: int = 0
    articles_unchanged: int = 0
    articles_replaced: int = 0  # older versions of edited articles, removed with their events
    events_added: int = 0
    events_replaced: int = 0  # imported rows that were already stored (updated in place)


def default_db_path() -> Path:
    """``EVENTLINE_DB`` if set, else ``data/eventline.duckdb`` in a checkout (see paths)."""
    return Path(os.environ.get("EVENTLINE_DB") or default_db())


def _arrow_schema(columns: Sequence[tuple[str, str]]) -> pa.Schema:
    return pa.schema([(name, _ARROW_TYPES[kind.split()[0]]) for name, kind in columns])


def _table_sql(name: str, columns: Sequence[tuple[str, str]]) -> str:
    body = ", ".join(f'"{column}" {kind}' for column, kind in columns)
    return f"CREATE TABLE IF NOT EXISTS {name} ({body})"


def _is_lock_error(exc: Exception) -> bool:
    return "lock" in str(exc).lower()


class Store:
    """An Eventline store in one DuckDB file, created on first use."""

    def __init__(
        self,
        path: str | Path | None = None,
        lock_wait: float = LOCK_WAIT_SECONDS,
        batch_articles: int = BATCH_ARTICLES,
        batch_events: int = BATCH_EVENTS,
    ) -> None:
        self.path = Path(path) if path else default_db_path()
        self.lock_wait = lock_wait
        self.batch_articles = batch_articles  # articles per write transaction
        self.batch_events = batch_events  # imported rows per write transaction
        self._schema_ok = False

    # -- connections ---------------------------------------------------------------------
    @contextmanager
    def connect(self) -> Iterator[duckdb.DuckDBPyConnection]:
        con = self._open_with_retry()
        try:
            if not self._schema_ok:
                self._ensure_schema(con)
                self._schema_ok = True
            yield con
        finally:
            con.close()

    def _open_with_retry(self) -> duckdb.DuckDBPyConnection:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        deadline = time.monotonic() + self.lock_wait
        while True:
            try:
                return duckdb.connect(str(self.path))
            except duckdb.IOException as exc:
                if not _is_lock_error(exc):
                    raise StoreError(f"cannot open the store {self.path}: {exc}") from exc
                if time.monotonic() > deadline:
                    raise StoreError(
                        f"the store {self.path} is busy: another process kept it locked for "
                        f"{self.lock_wait:.0f} s; try again when it has finished ({exc})"
                    ) from exc
                # A random pause lets a reader slip in between a writer's batches.
                time.sleep(random.uniform(0.01, 0.08))
            except duckdb.Error as exc:
                raise StoreError(
                    f"cannot open the store {self.path}: {exc}; expected an Eventline DuckDB file"
                ) from exc

    @staticmethod
    def _ensure_schema(con: duckdb.DuckDBPyConnection) -> None:
        """Create the tables, or add the columns a store from an older version lacks.

        Checked with a read first, so that readers never write; the changes run in one
        transaction, so a migration interrupted half-way is simply done again.
        """
        present = set(con.execute(
            "SELECT table_name, column_name FROM duckdb_columns() "
            "WHERE table_name IN ('articles', 'events')").fetchall())
        wanted = [(table, name, kind) for table, columns in _TABLES
                  for name, kind in columns if (table, name) not in present]
        if not wanted:
            return
        con.begin()
        for table, columns in _TABLES:
            con.execute(_table_sql(table, columns))
        created = {table for table, cols in _TABLES if (table, cols[0][0]) not in present}
        for table, name, kind in wanted:
            if table not in created:
                con.execute(f'ALTER TABLE {table} ADD COLUMN "{name}" {kind}')
        if ("articles", "origin") in {(t, n) for t, n, _ in wanted} and "articles" not in created:
            con.execute(_BACKFILL_ARTICLES)
        con.commit()

    @contextmanager
    def _transaction(self) -> Iterator[duckdb.DuckDBPyConnection]:
        with self.connect() as con:
            con.begin()
            try:
                yield con
                con.commit()
            except duckdb.Error as exc:
                con.rollback()
                raise StoreError(f"writing to the store {self.path} failed: {exc}; "
                                 "nothing from this batch was stored") from exc
            except BaseException:
                con.rollback()
                raise

    # -- writing articles ----------------------------------------------------------------
    def add(self, pairs: Iterable[Pair], batch_size: int | None = None) -> IngestCounts:
        """Store articles with their events, one transaction per batch.

        An article already stored is left as it is; an article whose URL (or, without a
        URL, source path) is stored with other text replaces that version and its events.
        """
        counts = IngestCounts()
        batch_size = batch_size or self.batch_articles
        batch: list[Pair] = []
        for pair in pairs:
            batch.append(pair)
            if len(batch) >= batch_size:
                self.add_batch(batch, counts)
                batch = []
        if batch:
            self.add_batch(batch, counts)
        return counts

    def add_batch(self, batch: Sequence[Pair], counts: IngestCounts) -> None:
        """Store one batch in one transaction and update ``counts``."""
        with self._transaction() as con:
            known = _existing(con, "articles", "article_id", [p[0].article_id for p in batch])
            fresh: dict[str, Pair] = {}
            for pair in batch:
                article_id = pair[0].article_id
                if article_id in known or article_id in fresh:
                    counts.articles_unchanged += 1
                else:
                    fresh[article_id] = pair
            if not fresh:
                return
            counts.articles_replaced += _drop_older_versions(con, list(fresh.values()))
            articles = [
                article_row(p[0], len(p[1]), "article", p[2] if len(p) > 2 else "metadata")
                for p in fresh.values()
            ]
            events = [event_row(e) for p in fresh.values() for e in p[1]]
            _insert(con, "articles", articles, ARTICLE_COLUMNS)
            _insert(con, "events", events, EVENT_COLUMNS)
        counts.articles_added += len(articles)
        counts.events_added += len(events)

    # -- writing imported datasets -------------------------------------------------------
    def import_batch(
        self, articles: Sequence[Article], events: Sequence[Event], origin: str,
        counts: IngestCounts,
    ) -> None:
        """Store imported events (and their provenance articles) in one transaction.

        An event id already stored is replaced, so importing a corrected export again
        updates its rows; provenance articles keep an up-to-date event count.
        """
        with self._transaction() as con:
            event_ids = [e.event_id for e in events]
            stored = _existing(con, "events", "event_id", event_ids)
            if stored:
                con.execute("DELETE FROM events WHERE event_id IN (SELECT UNNEST(?))", [event_ids])
            known = _existing(con, "articles", "article_id", [a.article_id for a in articles])
            new_articles = {a.article_id: a for a in articles if a.article_id not in known}
            rows = [article_row(a, 0, origin, "metadata") for a in new_articles.values()]
            _insert(con, "articles", rows, ARTICLE_COLUMNS)
            _insert(con, "events", [event_row(e, origin) for e in events], EVENT_COLUMNS)
            con.execute(
                "UPDATE articles SET event_count = (SELECT count(*) FROM events e "
                "WHERE e.article_id = articles.article_id) "
                "WHERE article_id IN (SELECT UNNEST(?))",
                [sorted({a.article_id for a in articles})],
            )
        counts.articles_added += len(new_articles)
        counts.events_replaced += len(stored)
        counts.events_added += len(events) - len(stored)

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
        """Stored articles; ``undated`` marks those without a publication date."""
        with self.connect() as con:
            return con.execute(
                "SELECT article_id, title, published, source, url, path, event_count, origin, "
                "published_from, undated FROM articles ORDER BY published NULLS LAST, title"
            ).df()


def _existing(con: duckdb.DuckDBPyConnection, table: str, column: str, ids: list[str]) -> set:
    if not ids:
        return set()
    sql = f"SELECT {column} FROM {table} WHERE {column} IN (SELECT UNNEST(?))"
    return {row[0] for row in con.execute(sql, [ids]).fetchall()}


def _drop_older_versions(con: duckdb.DuckDBPyConnection, fresh: list[Pair]) -> int:
    """Delete stored articles (and their events) that share a doc key with a new version."""
    keys = sorted({p[0].url or p[0].path for p in fresh if p[0].url or p[0].path})
    if not keys:
        return 0
    old = [
        row[0]
        for row in con.execute(
            "SELECT article_id FROM articles WHERE origin = 'article' "
            "AND doc_key IN (SELECT UNNEST(?))",
            [keys],
        ).fetchall()
    ]
    if old:
        con.execute("DELETE FROM events WHERE article_id IN (SELECT UNNEST(?))", [old])
        con.execute("DELETE FROM articles WHERE article_id IN (SELECT UNNEST(?))", [old])
    return len(old)


def _insert(con: duckdb.DuckDBPyConnection, table: str, rows: list[dict], columns) -> None:
    if not rows:
        return
    arrow = pa.Table.from_pylist(rows, schema=_arrow_schema(columns))
    names = ", ".join(f'"{name}"' for name, _ in columns)
    con.register("incoming", arrow)
    try:
        con.execute(f"INSERT OR IGNORE INTO {table} ({names}) SELECT {names} FROM incoming")
    finally:
        con.unregister("incoming")
