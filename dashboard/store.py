"""The event store: the only module that opens, reads or writes the DuckDB file.

DuckDB lets one process hold a file at a time (even a read-only open fails while another
process has it). So nobody keeps the file open: every read is one short connection, and a
writer opens the file for one bounded transaction (a batch of articles or imported rows),
commits and closes it before preparing the next batch. A process that finds the file locked
retries with a short random pause for up to ``lock_wait`` seconds and then fails with a
message naming the file. A batch is all-or-nothing, so a writer killed at any moment leaves
the store readable and running the same command again completes the job.

Reads open the file read-only (``duckdb.connect(path, read_only=True)``): they create no file,
no write-ahead log and no schema change, so a store on a read-only disk can be read. (Only a
store written by an older version is upgraded once, which needs a writable disk.)
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import random
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

import duckdb
import pandas as pd
import pyarrow as pa

from dashboard.models import Article, Event, Note, SavedView
from dashboard.paths import default_db
from dashboard.schema import (
    ARTICLE_COLUMNS,
    EVENT_COLUMNS,
    HAPPENING_COLUMNS,
    HAPPENING_DIRTY_COLUMNS,
    HAPPENING_MEMBER_COLUMNS,
    NOTE_COLUMNS,
    VIEW_COLUMNS,
    article_row,
    event_row,
)

T = TypeVar("T")

LOCK_WAIT_SECONDS = 30.0
CHUNK_VECTORS = 25  # DuckDB vectors (2,048 rows each) per exported chunk
BATCH_ARTICLES = 200  # articles per write transaction
BATCH_EVENTS = 5000  # imported rows per write transaction

_ARROW_TYPES = {
    "VARCHAR": pa.string(),
    "DATE": pa.date32(),
    "INTEGER": pa.int32(),
    "BIGINT": pa.int64(),
    "DOUBLE": pa.float64(),
    "BOOLEAN": pa.bool_(),
    "VARCHAR[]": pa.list_(pa.string()),
    "TIMESTAMP": pa.timestamp("us"),
}

_TABLES = (
    ("articles", ARTICLE_COLUMNS),
    ("events", EVENT_COLUMNS),
    ("happenings", HAPPENING_COLUMNS),
    ("happening_members", HAPPENING_MEMBER_COLUMNS),
    ("happening_dirty", HAPPENING_DIRTY_COLUMNS),
    ("views", VIEW_COLUMNS),
    ("notes", NOTE_COLUMNS),
)
_TABLE_NAMES = ", ".join(f"'{table}'" for table, _ in _TABLES)

# The block of an event row (alias e): dashboard.happenings.model.block_key in SQL.
BLOCK_SQL = (
    "CASE WHEN e.date_start IS NULL OR e.date_end IS NULL THEN 'u:' || e.article_id "
    "WHEN e.date_source = 'publication' THEN 'p:' || CAST(e.date_start AS VARCHAR) "
    "ELSE 't:' || coalesce(e.granularity, 'day') || ':' || CAST(e.date_start AS VARCHAR) "
    "|| ':' || CAST(e.date_end AS VARCHAR) END"
)
DIRTY_BLOCKS_PER_TRANSACTION = 2000

# What grouping needs of an event and its article (the fields of happenings.Mention).
_MENTION_SQL = (
    "SELECT e.event_id, e.article_id, a.published, coalesce(a.source, ''), "
    "coalesce(a.title, ''), coalesce(a.url, ''), e.date_start, e.date_end, e.granularity, "
    "coalesce(e.date_source, ''), coalesce(e.date_text, ''), coalesce(e.sentence, ''), "
    "coalesce(e.start, 0), e.actors, e.countries, e.places, coalesce(e.event_code, ''), "
    "coalesce(e.event_name, ''), e.lat, e.lon, "
    "(SELECT count(*) FROM events s WHERE s.article_id = e.article_id AND s.start = e.start), "
    "coalesce(e.timex_value, '') FROM events e LEFT JOIN articles a USING (article_id)"
)

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


class StoreFullError(StoreError):
    """The disk filled up during a write; what earlier batches stored is kept."""


class _Gate:
    """Readers share the file, a writer has it alone, within this process.

    DuckDB refuses a read-only connection while the same process holds a read-write one
    ("different configuration"), so the dashboard's threads (pages, downloads, the Ingest
    page) take turns here instead of failing. Other processes are kept apart by DuckDB's own
    file lock (see ``Store._with_retry``).
    """

    def __init__(self, key: str) -> None:
        self.alias = "store_" + hashlib.sha1(key.encode()).hexdigest()[:12]
        self._attach_lock = threading.Lock()
        self._attached = 0  # readers using the file's attachment to the reading instance
        self._kept = 0  # blocks keeping the attachment between their reads (``kept``)
        self._is_attached = False
        self._cond = threading.Condition()
        self._readers: dict[int, int] = {}  # thread id -> open read connections
        self._writer: int | None = None
        self._writers_waiting = 0

    @contextmanager
    def hold(self, exclusive: bool) -> Iterator[None]:
        me = threading.get_ident()
        with self._cond:
            if self._writer == me or (exclusive and me in self._readers):
                raise StoreError("a store connection was opened inside another one in the "
                                 "same thread; close the first one before opening the next")
            if exclusive:
                self._writers_waiting += 1
                self._cond.wait_for(lambda: self._writer is None and not self._readers)
                self._writers_waiting -= 1
                self._writer = me
                self._let_go()
            else:
                # Waiting writers go first, so a busy dashboard cannot starve an ingest (but a
                # thread already reading may nest a read: it would wait on itself).
                self._cond.wait_for(lambda: self._writer is None and (
                    me in self._readers or not self._writers_waiting))
                self._readers[me] = self._readers.get(me, 0) + 1
        try:
            yield
        finally:
            with self._cond:
                if exclusive:
                    self._writer = None
                elif self._readers[me] == 1:
                    del self._readers[me]
                else:
                    self._readers[me] -= 1
                self._cond.notify_all()

    @contextmanager
    def attached(self, attach: Callable[[duckdb.DuckDBPyConnection, str], object]
                 ) -> Iterator[duckdb.DuckDBPyConnection]:
        """A cursor on the file attached read-only to the process's reading instance.

        Starting a DuckDB instance costs ~10 ms, attaching a file to a running one a few:
        so reads share one in-memory instance and attach the file while any of them runs
        (called inside ``hold(exclusive=False)``). The last reader detaches it, which
        releases the file lock for writers in other processes."""
        instance = _reading_instance()
        with self._attach_lock:
            if not self._is_attached:
                attach(instance, self.alias)
                self._is_attached = True
            self._attached += 1
            cursor = instance.cursor()
        try:
            cursor.execute(f'USE "{self.alias}"')
            yield cursor
        finally:
            cursor.close()
            with self._attach_lock:
                self._attached -= 1
                if self._attached == 0 and self._kept == 0:
                    self._detach(instance)

    @contextmanager
    def kept(self) -> Iterator[None]:
        """Keep the file attached between the reads of this block: a page that runs twenty
        queries attaches it once, and DuckDB keeps the blocks it read (a detach drops them).

        The block holds no read, so it never keeps a writer of this process waiting (one
        that comes detaches the file; the block's next read attaches it again): a block
        that held a read while it waited for another thread (Streamlit's cache lock, held
        by a reader that waits for the writer) could deadlock. Writers in other processes
        wait on DuckDB's file lock until the block ends (``Store._with_retry``)."""
        with self._attach_lock:
            self._kept += 1
        try:
            yield
        finally:
            with self._attach_lock:
                self._kept -= 1
                if self._kept == 0 and self._attached == 0 and self._is_attached:
                    self._detach(_reading_instance())

    def _let_go(self) -> None:
        """For a writer, which runs alone: detach the file a block kept (no read uses it)."""
        with self._attach_lock:
            if self._is_attached:
                self._detach(_reading_instance())

    def _detach(self, instance: duckdb.DuckDBPyConnection) -> None:
        instance.execute(f'DETACH "{self.alias}"')
        self._is_attached = False


_READER: list[duckdb.DuckDBPyConnection] = []  # the reading instance, created on first read
_READER_LOCK = threading.Lock()


def _reading_instance() -> duckdb.DuckDBPyConnection:
    with _READER_LOCK:
        if not _READER:
            _READER.append(duckdb.connect(":memory:"))
        return _READER[0]


_GATES: dict[str, _Gate] = {}
_GATES_LOCK = threading.Lock()


def _gate(path: Path) -> _Gate:
    with _GATES_LOCK:
        key = str(path.resolve())
        if key not in _GATES:
            _GATES[key] = _Gate(key)
        return _GATES[key]


def _is_disk_full(exc: BaseException) -> bool:
    if isinstance(exc, OSError) and exc.errno == errno.ENOSPC:
        return True
    return "no space left on device" in str(exc).lower()


def _rollback_quietly(con: duckdb.DuckDBPyConnection) -> None:
    # A failed COMMIT has already ended the transaction; a second error here would hide the
    # first one behind "cannot rollback - no transaction is active".
    with suppress(duckdb.Error):
        con.rollback()


def _empty_store() -> duckdb.DuckDBPyConnection:
    """An in-memory database with the store's tables: what reading a missing store sees."""
    con = duckdb.connect(":memory:")
    for table, columns in _TABLES:
        con.execute(_table_sql(table, columns))
    return con


def _missing_columns(con: duckdb.DuckDBPyConnection) -> list[tuple[str, str, str]]:
    present = set(con.execute(
        "SELECT table_name, column_name FROM duckdb_columns() WHERE database_name = "
        f"current_database() AND table_name IN ({_TABLE_NAMES})").fetchall())
    return [(table, name, kind) for table, columns in _TABLES
            for name, kind in columns if (table, name) not in present]


@dataclass
class IngestCounts:
    articles_added: int = 0
    articles_unchanged: int = 0
    articles_replaced: int = 0  # older versions of edited articles, removed with their events
    articles_dated: int = 0  # stored without a publication date, replaced by a dated copy
    events_added: int = 0
    events_replaced: int = 0  # imported rows that were already stored (updated in place)
    happening_blocks: int = 0  # blocks (dates, publication days) whose happenings were redone
    # Undated articles this run stored, with their event counts: when a dated copy replaces
    # one later in the run, its events were never stored as far as the run's count goes.
    undated_events: dict[str, int] = field(default_factory=dict, compare=False, repr=False)


def default_db_path() -> Path:
    """``EVENTLINE_DB`` if set, else ``data/eventline.duckdb`` in a checkout (see paths)."""
    return Path(os.environ.get("EVENTLINE_DB") or default_db())


def arrow_schema(columns: Sequence[tuple[str, str]]) -> pa.Schema:
    """The Arrow schema of a table declared in schema.py (shared with the Parquet store)."""
    return pa.schema([(name, _ARROW_TYPES[kind.split()[0]]) for name, kind in columns])


def _table_sql(name: str, columns: Sequence[tuple[str, str]]) -> str:
    body = ", ".join(f'"{column}" {kind}' for column, kind in columns)
    return f"CREATE TABLE IF NOT EXISTS {name} ({body})"


def _is_lock_error(exc: Exception) -> bool:
    return "lock" in str(exc).lower()


class Store:
    """An Eventline store in one DuckDB file, created by the first write."""

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
    def connect(self, read_only: bool = False) -> Iterator[duckdb.DuckDBPyConnection]:
        """One short connection. ``read_only`` never writes: no file, schema change or WAL
        is created, so a store on a read-only disk can still be read."""
        if read_only and not self.path.exists():
            con = _empty_store()  # nothing stored yet: empty answers, and no file created
            try:
                yield con
            finally:
                con.close()
            return
        if read_only and not self._schema_ok:
            self._upgrade_if_old()
        if read_only:
            with self._read() as cursor:
                self._schema_ok = True
                yield cursor
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with _gate(self.path).hold(exclusive=True):
            con = self._with_retry(lambda: duckdb.connect(str(self.path)))
            try:
                if not self._schema_ok:
                    self._ensure_schema(con)
                self._schema_ok = True
                yield con
            finally:
                con.close()

    @contextmanager
    def _read(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """A read-only cursor on the file (see ``_Gate.attached``)."""
        gate = _gate(self.path)
        literal = str(self.path).replace("'", "''")

        def attach(instance: duckdb.DuckDBPyConnection, alias: str) -> None:
            self._with_retry(
                lambda: instance.execute(f"ATTACH '{literal}' AS \"{alias}\" (READ_ONLY)"))

        with gate.hold(exclusive=False), gate.attached(attach) as cursor:
            yield cursor

    @contextmanager
    def kept_open(self) -> Iterator[None]:
        """Reads in this block share one attachment of the file (see ``_Gate.kept``)."""
        with _gate(self.path).kept():
            yield

    def create(self) -> None:
        """Create the file with its tables (or upgrade an older one); reads never do this."""
        with self.connect():
            pass

    def _upgrade_if_old(self) -> None:
        """Add the columns a store from an older version lacks (once, before reading it)."""
        with self._read() as cursor:
            missing = _missing_columns(cursor)
        if not missing:
            return
        try:
            self.create()
            self.refresh_happenings()  # an older store gets its happenings computed once
        except StoreError as exc:
            raise StoreError(
                f"the store {self.path} was written by an older Eventline and must be upgraded "
                f"once where it can be written (run any `eventline` command on it there): {exc}"
            ) from exc

    def _with_retry(self, open_file: Callable[[], T]) -> T:
        """``open_file()``, retried while another process holds the file's lock."""
        deadline = time.monotonic() + self.lock_wait
        while True:
            try:
                return open_file()
            except duckdb.IOException as exc:
                if _is_disk_full(exc):
                    raise  # the writer's caller says what was stored (see _transaction)
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

        Checked with a read first, so an up-to-date store is not written; the changes run in
        one transaction, so a migration interrupted half-way is simply done again.
        """
        wanted = _missing_columns(con)
        if not wanted:
            return
        present = {(t, n) for t, cols in _TABLES for n, _ in cols} - {(t, n) for t, n, _ in wanted}
        con.begin()
        for table, columns in _TABLES:
            con.execute(_table_sql(table, columns))
        created = {table for table, cols in _TABLES if (table, cols[0][0]) not in present}
        for table, name, kind in wanted:
            if table not in created:
                con.execute(f'ALTER TABLE {table} ADD COLUMN "{name}" {kind}')
        if ("articles", "origin") in {(t, n) for t, n, _ in wanted} and "articles" not in created:
            con.execute(_BACKFILL_ARTICLES)
        if "happening_dirty" in created and "events" not in created:
            _mark_dirty(con, "TRUE", [])  # events stored before happenings existed
        con.commit()

    @contextmanager
    def _transaction(self, done: str) -> Iterator[duckdb.DuckDBPyConnection]:
        """One write transaction; ``done`` names the last item stored before it (for the
        message when it fails: everything up to there is kept)."""
        try:
            with self.connect() as con:
                con.begin()
                try:
                    yield con
                    con.commit()
                except BaseException:
                    _rollback_quietly(con)
                    raise
        except StoreError:
            raise
        except (duckdb.Error, OSError) as exc:
            raise self._write_failure(exc, done) from exc

    def _write_failure(self, exc: BaseException, done: str) -> StoreError:
        kept = f"nothing after {done} was stored" if done else "nothing from this run was stored"
        if _is_disk_full(exc):
            return StoreFullError(f"no space left on device while writing {self.path}; "
                                  f"{kept}; free space and run again")
        return StoreError(f"writing to the store {self.path} failed: {exc}; {kept}; "
                          "running the same command again continues from there")

    # -- writing articles ----------------------------------------------------------------
    def add(self, pairs: Iterable[Pair], batch_size: int | None = None) -> IngestCounts:
        """Store articles with their events, one transaction per batch.

        An article already stored is left as it is, unless it has no publication date and
        this copy (the same text) has one: then the copy replaces it, with events dated
        from that day. An article whose URL (or, without a URL, source path) is stored with
        other text replaces that version and its events.
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
        counts.happening_blocks += self.refresh_happenings()
        return counts

    def add_batch(self, batch: Sequence[Pair], counts: IngestCounts) -> None:
        """Store one batch in one transaction and update ``counts``."""
        done = counts.articles_added + counts.articles_unchanged
        with self._transaction(f"article {done}" if done else "") as con:
            ids = [p[0].article_id for p in batch]
            known = _existing(con, "articles", "article_id", ids)
            undated = _undated(con, ids) if known else set()
            fresh: dict[str, Pair] = {}
            for pair in batch:
                article_id = pair[0].article_id
                if article_id in fresh:
                    if _dates(pair, fresh[article_id][0]):
                        fresh[article_id] = pair
                        counts.articles_dated += 1
                    else:
                        counts.articles_unchanged += 1
                elif article_id in known and not (
                        article_id in undated and pair[0].published is not None):
                    counts.articles_unchanged += 1
                else:
                    fresh[article_id] = pair
            if not fresh:
                return
            dated = sorted(undated & fresh.keys())
            _delete_articles(con, dated)  # the dated copy replaces the undated one
            counts.articles_dated += len(dated)
            counts.events_added -= sum(counts.undated_events.pop(i, 0) for i in dated)
            counts.articles_replaced += _drop_older_versions(con, list(fresh.values()))
            articles = [
                article_row(p[0], len(p[1]), "article", p[2] if len(p) > 2 else "metadata")
                for p in fresh.values()
            ]
            events = [event_row(e) for p in fresh.values() for e in p[1]]
            _insert(con, "articles", articles, ARTICLE_COLUMNS)
            _insert(con, "events", events, EVENT_COLUMNS)
            _mark_dirty(con, "e.article_id IN (SELECT UNNEST(?))", [list(fresh)])
        counts.articles_added += len(articles) - len(dated)
        counts.events_added += len(events)
        counts.undated_events.update(
            (p[0].article_id, len(p[1])) for p in fresh.values() if p[0].published is None)

    # -- writing imported datasets -------------------------------------------------------
    def import_batch(
        self, articles: Sequence[Article], events: Sequence[Event], origin: str,
        counts: IngestCounts,
    ) -> None:
        """Store imported events (and their provenance articles) in one transaction.

        An event id already stored is replaced, so importing a corrected export again
        updates its rows; provenance articles keep an up-to-date event count.
        """
        done = counts.events_added + counts.events_replaced
        with self._transaction(f"imported event {done}" if done else "") as con:
            event_ids = [e.event_id for e in events]
            stored = _existing(con, "events", "event_id", event_ids)
            if stored:
                _mark_dirty(con, "e.event_id IN (SELECT UNNEST(?))", [sorted(stored)])
                con.execute("DELETE FROM events WHERE event_id IN (SELECT UNNEST(?))", [event_ids])
            known = _existing(con, "articles", "article_id", [a.article_id for a in articles])
            new_articles = {a.article_id: a for a in articles if a.article_id not in known}
            rows = [article_row(a, 0, origin, "metadata") for a in new_articles.values()]
            _insert(con, "articles", rows, ARTICLE_COLUMNS)
            _insert(con, "events", [event_row(e) for e in events], EVENT_COLUMNS)
            _mark_dirty(con, "e.event_id IN (SELECT UNNEST(?))", [event_ids])
            con.execute(
                "UPDATE articles SET event_count = (SELECT count(*) FROM events e "
                "WHERE e.article_id = articles.article_id) "
                "WHERE article_id IN (SELECT UNNEST(?))",
                [sorted({a.article_id for a in articles})],
            )
        counts.articles_added += len(new_articles)
        counts.events_replaced += len(stored)
        counts.events_added += len(events) - len(stored)

    # -- the analyst's own records: saved views and notes --------------------------------
    def save_view(self, view: SavedView) -> bool:
        """Store a view under its name, replacing one of the same name; True if it replaced."""
        with self._transaction("") as con:
            replaced = bool(_existing(con, "views", "name", [view.name]))
            con.execute("DELETE FROM views WHERE name = ?", [view.name])
            con.execute("INSERT INTO views VALUES (?, ?, ?, ?, now())",
                        [view.name, view.page, json.dumps(view.filters, sort_keys=True),
                         json.dumps(view.choices, sort_keys=True)])
        return replaced

    def delete_view(self, name: str) -> bool:
        with self._transaction("") as con:
            found = bool(_existing(con, "views", "name", [name]))
            con.execute("DELETE FROM views WHERE name = ?", [name])
        return found

    def add_note(self, note: Note) -> None:
        with self._transaction("") as con:
            con.execute("DELETE FROM notes WHERE note_id = ?", [note.note_id])
            con.execute("INSERT INTO notes VALUES (?, ?, ?, ?, ?, ?, now())",
                        [note.note_id, note.date_start, note.date_end, note.text, note.author,
                         note.link])

    def delete_note(self, note_id: str) -> bool:
        with self._transaction("") as con:
            found = bool(_existing(con, "notes", "note_id", [note_id]))
            con.execute("DELETE FROM notes WHERE note_id = ?", [note_id])
        return found

    # -- happenings ----------------------------------------------------------------------
    def refresh_happenings(self, blocks_per_transaction: int = DIRTY_BLOCKS_PER_TRANSACTION
                           ) -> int:
        """Recompute the happenings of every block whose events changed (see
        dashboard/happenings/plan.py); returns the number of changed blocks.

        Each transaction takes a share of the changed blocks and clears them, so an
        interrupted run leaves the rest marked and the next write finishes the job."""
        with self.connect(read_only=True) as con:
            (pending,), = con.execute("SELECT count(*) FROM happening_dirty").fetchall()
        done = 0
        while pending:
            with self._transaction("") as con:
                keys = [row[0] for row in con.execute(
                    "SELECT block FROM happening_dirty ORDER BY block LIMIT ?",
                    [blocks_per_transaction]).fetchall()]
                if keys:
                    _refresh_blocks(con, keys)
                    con.execute("DELETE FROM happening_dirty WHERE block IN (SELECT UNNEST(?))",
                                [keys])
            done += len(keys)
            if not keys or len(keys) < blocks_per_transaction:
                break
        return done

    def recompute_happenings(self) -> int:
        """Mark every block changed, then refresh: for events written around ``add`` (a bulk
        SQL load, as the benchmarks do) or after the clustering settings change."""
        with self._transaction("") as con:
            _mark_dirty(con, "TRUE", [])
        return self.refresh_happenings()

    def pending_happenings(self) -> int:
        """Blocks whose happenings are not yet up to date (an interrupted ingest)."""
        return self.query_rows("SELECT count(*) FROM happening_dirty")[0][0]

    # -- reading -------------------------------------------------------------------------
    def is_empty(self) -> bool:
        with self.connect(read_only=True) as con:
            (articles, events), = con.execute(
                "SELECT (SELECT count(*) FROM articles), (SELECT count(*) FROM events)"
            ).fetchall()
            return articles == 0 and events == 0

    def query(self, sql: str, params: list | None = None) -> pd.DataFrame:
        """Run a read query (built by ``dashboard.query``) and return its rows."""
        with self.connect(read_only=True) as con:
            return con.execute(sql, params or []).df()

    def query_rows(self, sql: str, params: list | None = None) -> list[tuple]:
        with self.connect(read_only=True) as con:
            return con.execute(sql, params or []).fetchall()

    def query_chunks(self, sql: str, params: list | None = None,
                     vectors: int = CHUNK_VECTORS) -> Iterator[pd.DataFrame]:
        """A read's rows as DataFrames of ``vectors`` x 2,048 rows (the first one even when
        empty), for exports that must not hold them all. The read connection stays open
        while the caller iterates: an ingest in another process waits for it."""
        with self.connect(read_only=True) as con:
            yield from fetch_chunks(con.execute(sql, params or []), vectors)

    def articles(self) -> pd.DataFrame:
        """Stored articles; ``undated`` marks those without a publication date."""
        with self.connect(read_only=True) as con:
            return con.execute(
                "SELECT article_id, title, published, source, url, path, event_count, origin, "
                "published_from, undated FROM articles ORDER BY published NULLS LAST, title"
            ).df()


def fetch_chunks(cursor: duckdb.DuckDBPyConnection, vectors: int) -> Iterator[pd.DataFrame]:
    """An executed query's rows in DataFrames (typed as ``.df()`` types them)."""
    first = True
    while True:
        frame = cursor.fetch_df_chunk(vectors)
        if frame.empty and not first:
            return
        yield frame
        first = False
        if frame.empty:
            return


def _dates(pair: Pair, earlier: Article) -> bool:
    """Does this copy give a publication date that the earlier copy of its text lacks?"""
    return earlier.published is None and pair[0].published is not None


def _undated(con: duckdb.DuckDBPyConnection, ids: list[str]) -> set:
    """The stored articles among ``ids`` that have no publication date."""
    sql = ("SELECT article_id FROM articles WHERE published IS NULL "
           "AND article_id IN (SELECT UNNEST(?))")
    return {row[0] for row in con.execute(sql, [ids]).fetchall()}


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
    _delete_articles(con, old)
    return len(old)


def _delete_articles(con: duckdb.DuckDBPyConnection, article_ids: list[str]) -> None:
    """Delete stored articles with their events, marking their happenings for recomputing."""
    if not article_ids:
        return
    _mark_dirty(con, "e.article_id IN (SELECT UNNEST(?))", [article_ids])
    con.execute("DELETE FROM events WHERE article_id IN (SELECT UNNEST(?))", [article_ids])
    con.execute("DELETE FROM articles WHERE article_id IN (SELECT UNNEST(?))", [article_ids])


def _mark_dirty(con: duckdb.DuckDBPyConnection, condition: str, params: list) -> None:
    """Mark the blocks of the events matching ``condition`` (alias e) for recomputing."""
    con.execute(f"INSERT OR IGNORE INTO happening_dirty SELECT DISTINCT {BLOCK_SQL} "
                f"FROM events e WHERE {condition}", params)


def load_mentions(con: duckdb.DuckDBPyConnection, condition: str, params: list) -> list:
    """Events matching ``condition`` (aliases e and a) as ``happenings.Mention``."""
    from dashboard.happenings.model import Mention

    rows = con.execute(f"{_MENTION_SQL} WHERE {condition}", params).fetchall()
    return [
        Mention(event_id=r[0], article_id=r[1], published=r[2], source=r[3], title=r[4],
                url=r[5], date_start=r[6], date_end=r[7], granularity=r[8], date_source=r[9],
                date_text=r[10], sentence=r[11], start=r[12], actors=tuple(r[13] or ()),
                countries=tuple(r[14] or ()), places=tuple(r[15] or ()), event_code=r[16],
                event_name=r[17], lat=r[18], lon=r[19], sentence_dates=r[20],
                timex_value=r[21])
        for r in rows
    ]


def _refresh_blocks(con: duckdb.DuckDBPyConnection, changed: list[str]) -> None:
    """Recompute the memberships of the changed blocks (and the publication days that
    depend on them), then the records of every happening that gained or lost a member."""
    from dashboard.happenings.plan import plan_refresh

    blocks = list(plan_refresh(changed).blocks)
    members = block_members(con, blocks)
    old = {row[0] for row in con.execute(
        "SELECT DISTINCT happening_id FROM happening_members WHERE block IN (SELECT UNNEST(?))",
        [blocks]).fetchall()}
    con.execute("DELETE FROM happening_members WHERE block IN (SELECT UNNEST(?))", [blocks])
    _insert(con, "happening_members", members, HAPPENING_MEMBER_COLUMNS)
    _rewrite_happenings(con, sorted(old | {row["happening_id"] for row in members}))


def block_members(con: duckdb.DuckDBPyConnection, blocks: list[str]) -> list[dict]:
    """The memberships (event_id, happening_id, block) of the events of ``blocks``, grouped
    from scratch (see ``block_mentions``). Any set of blocks may be asked for: each block's
    outcome is what a run over every event gives."""
    from dashboard.happenings.cluster import cluster_mentions
    from dashboard.happenings.model import block_key

    wanted = set(blocks)
    return [
        {"event_id": m.event_id, "happening_id": cluster.happening_id, "block": key}
        for cluster in cluster_mentions(block_mentions(con, blocks))
        for m in cluster.all_members()
        if (key := block_key(m)) in wanted
    ]


def block_mentions(con: duckdb.DuckDBPyConnection, blocks: list[str]) -> list:
    """What grouping ``blocks`` reads: their mentions, plus the text-dated days their
    publication days may attach to, as context (``events`` and ``articles`` in ``con``)."""
    from dashboard.happenings.cluster import DEFAULT
    from dashboard.happenings.plan import context_of

    mentions = load_mentions(con, f"{BLOCK_SQL} IN (SELECT UNNEST(?))", [blocks])
    context = context_of(blocks)
    if context:  # the text-dated days that publication days may attach to
        firsts, lasts = [first for first, _ in context], [last for _, last in context]
        mentions += load_mentions(
            con, "e.date_source IN ('explicit', 'relative') AND "
            "coalesce(e.granularity, 'day') = 'day' AND "
            "date_diff('day', e.date_start, e.date_end) < ? AND EXISTS (SELECT 1 FROM "
            "(SELECT UNNEST(?::DATE[]) AS first, UNNEST(?::DATE[]) AS last) AS r "
            "WHERE e.date_start <= r.last AND e.date_end >= r.first) "
            f"AND NOT ({BLOCK_SQL} IN (SELECT UNNEST(?)))",
            [DEFAULT.max_span_days, firsts, lasts, blocks])
    return mentions


def _rewrite_happenings(con: duckdb.DuckDBPyConnection, happening_ids: list[str]) -> None:
    """Rebuild the records of these happenings from their stored members."""
    from dashboard.happenings.summary import summarise
    from dashboard.schema import happening_row

    if not happening_ids:
        return
    con.execute("DELETE FROM happenings WHERE happening_id IN (SELECT UNNEST(?))",
                [happening_ids])
    owner = dict(con.execute(
        "SELECT event_id, happening_id FROM happening_members "
        "WHERE happening_id IN (SELECT UNNEST(?))", [happening_ids]).fetchall())
    grouped: dict[str, list] = {}
    for mention in load_mentions(con, "e.event_id IN (SELECT UNNEST(?))", [list(owner)]):
        grouped.setdefault(owner[mention.event_id], []).append(mention)
    rows = [happening_row(summarise(hid, found)) for hid, found in sorted(grouped.items())]
    _insert(con, "happenings", rows, HAPPENING_COLUMNS)


def _insert(con: duckdb.DuckDBPyConnection, table: str, rows: list[dict], columns) -> None:
    if not rows:
        return
    arrow = pa.Table.from_pylist(rows, schema=arrow_schema(columns))
    names = ", ".join(f'"{name}"' for name, _ in columns)
    con.register("incoming", arrow)
    try:
        con.execute(f"INSERT OR IGNORE INTO {table} ({names}) SELECT {names} FROM incoming")
    finally:
        con.unregister("incoming")
