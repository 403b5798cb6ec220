"""The Parquet event store: a folder of immutable Parquet files, read through DuckDB.

This is the store for work beyond one machine (``eventline ingest --cluster ... --out DIR``);
the embedded DuckDB file (store.py) stays the default. The two modules are the only ones
that read or write a store, and they offer the same read interface (``query``,
``query_rows``, ``is_empty``, ``articles``, saved views and notes), so the query layer, the
pages and the exports work on either.

Layout (every dataset partitioned Hive-style, so DuckDB, Spark or pandas can read it too)::

    DIR/eventline-store.json                           the manifest: every file that counts
    DIR/articles/month=2025-02/batch=B/part-B-0.parquet   articles by month of publication
    DIR/events/month=2025-02/batch=B/part-B-0.parquet     events by month of date_start
    DIR/events/month=undated/batch=B/...                  events without a date
    DIR/rollups/batch=B/part-B-0.parquet                  per-batch counts (see ROLLUP_KEYS)
    DIR/records/views-N.parquet, records/notes-N.parquet  saved views and notes
    DIR/_staging/B/...                                    an ingest in progress (never read)

Why a manifest: files are written under new names and never changed in place; a commit
moves them into their partitions (a rename each) and then swaps the manifest with one
atomic rename. A reader sees the store before or after a commit, never half of one; a
writer killed at any point leaves files nobody lists, which the next writer deletes. Each
dataset is listed by name, so a new one (happenings) is one more entry in ``DATASETS``.

Writes are idempotent: article ids are content hashes, and a commit keeps only articles the
store does not hold yet (a rerun adds nothing). An article whose URL (or source path) is
stored with other text replaces that version and its events, as in the DuckDB store: the
files holding the old rows are rewritten without them under new names in the same commit.
One commit runs at a time (a lock file); staging, the slow part, runs without the lock.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import shutil
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from dashboard.models import Note, SavedView
from dashboard.schema import (
    ARTICLE_COLUMNS,
    EVENT_COLUMNS,
    HAPPENING_COLUMNS,
    HAPPENING_MEMBER_COLUMNS,
    NOTE_COLUMNS,
    VIEW_COLUMNS,
    article_row,
    event_row,
)
from dashboard.store import (
    BLOCK_SQL,
    CHUNK_VECTORS,
    LOCK_WAIT_SECONDS,
    IngestCounts,
    Pair,
    StoreError,
    arrow_schema,
    fetch_chunks,
)

try:  # POSIX: one commit at a time, across processes and machines sharing the folder
    import fcntl
except ImportError:  # pragma: no cover - Windows: a single writer is the user's care
    fcntl = None  # type: ignore[assignment]

FORMAT = "eventline-parquet"
FORMAT_VERSION = 1
MANIFEST = "eventline-store.json"
LOCK_FILE = ".eventline-commit.lock"
STAGING = "_staging"
UNDATED = "undated"  # the month partition of rows without a date
ORDER = "_order"  # staged rows: input order (task, position), so the first copy wins


@dataclass(frozen=True)
class Dataset:
    """A partitioned table of the store: its columns, the date column whose month partitions
    it, and the order rows are written in (tight min/max statistics per row group, so DuckDB
    skips the row groups a date filter excludes)."""

    name: str
    columns: tuple[tuple[str, str], ...]
    month_of: str
    order: str


DATASETS: dict[str, Dataset] = {
    "articles": Dataset("articles", ARTICLE_COLUMNS, "published", "published, article_id"),
    "events": Dataset("events", EVENT_COLUMNS, "date_start",
                      'date_start, date_end, article_id, "start"'),
}

# The rollup: events counted per combination of the fields most filters and charts use,
# one file per ingest batch (counts add up across batches). dashboard/query.py answers
# counts, timeline bins and facet counts from it when every filter set is one of these.
ROLLUP_KEYS: tuple[tuple[str, str], ...] = (
    ("date_start", "DATE"),
    ("date_end", "DATE"),
    ("granularity", "VARCHAR"),
    ("event_code", "VARCHAR"),
    ("event_name", "VARCHAR"),
    ("quad_class", "INTEGER"),
    ("date_source", "VARCHAR"),
    ("origin", "VARCHAR"),
    ("countries", "VARCHAR[]"),
    ("source", "VARCHAR"),  # the article's
    ("language", "VARCHAR"),  # the article's
)
ROLLUP_COLUMNS = (*ROLLUP_KEYS, ("events", "BIGINT"), ("fatalities", "BIGINT"))
ROLLUP_ARTICLE_FIELDS = frozenset({"source", "language"})
# Small or derived tables, each one file replaced whole. The happenings are brought up to
# date at each commit that adds or removes events (see parquet_happenings).
RECORDS = {"views": VIEW_COLUMNS, "notes": NOTE_COLUMNS, "happenings": HAPPENING_COLUMNS,
           "happening_members": HAPPENING_MEMBER_COLUMNS}

COMMIT_MEMORY = "2GB"  # DuckDB's limit while committing; beyond it, it spills to disk
STAGE_CHUNK = 5000  # articles per staged file when a store is written in one process


class ParquetStoreError(StoreError):
    """A Parquet store that cannot be read or written; the message names the folder."""


# -- the manifest ---------------------------------------------------------------------------
@dataclass
class Manifest:
    """Every file that belongs to the store, by dataset, as paths relative to its folder."""

    files: dict[str, list[str]] = field(default_factory=dict)
    generation: int = 0

    def listed(self, name: str) -> list[str]:
        return list(self.files.get(name, []))

    def all_files(self) -> set[str]:
        return {path for paths in self.files.values() for path in paths}

    def to_json(self) -> str:
        return json.dumps({"format": FORMAT, "version": FORMAT_VERSION,
                           "generation": self.generation,
                           "files": {k: sorted(v) for k, v in sorted(self.files.items())}},
                          indent=1)


def is_parquet_store(path: Path) -> bool:
    """True for a folder (a Parquet store, or one to become one); a file is a DuckDB store."""
    return path.is_dir() or (path / MANIFEST).exists()


def read_manifest(root: Path) -> Manifest:
    path = root / MANIFEST
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return Manifest()
    except (OSError, ValueError) as exc:
        raise ParquetStoreError(f"cannot read {path}: {exc}; expected an Eventline Parquet "
                                "store manifest") from exc
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise ParquetStoreError(f"{path} is not an Eventline Parquet store manifest "
                                f"(expected \"format\": \"{FORMAT}\")")
    if int(document.get("version", 0)) > FORMAT_VERSION:
        raise ParquetStoreError(f"{path} was written by a newer Eventline (format version "
                                f"{document['version']}; this one reads {FORMAT_VERSION})")
    files = {str(k): [str(p) for p in v] for k, v in dict(document.get("files", {})).items()}
    return Manifest(files, int(document.get("generation", 0)))


_OWN_ENTRIES = frozenset({MANIFEST, LOCK_FILE, STAGING, *DATASETS, "rollups", "records"})


def check_folder(root: Path) -> None:
    """Refuse to write into a folder that holds other things than a store: the clean-up of
    a killed writer's files must never touch someone else's."""
    if (root / MANIFEST).exists() or not root.exists():
        return
    if not root.is_dir():
        raise ParquetStoreError(f"{root} is a file; expected a folder for a Parquet store")
    foreign = sorted(p.name for p in root.iterdir() if p.name not in _OWN_ENTRIES)
    if foreign:
        raise ParquetStoreError(
            f"{root} is not an Eventline Parquet store (no {MANIFEST}) and holds other files "
            f"({', '.join(foreign[:3])}); give a new or empty folder")


def _write_atomically(path: Path, data: bytes) -> None:
    """Write ``path`` under a temporary name, flush it to disk, then rename it into place."""
    temporary = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    with open(temporary, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temporary, path)


# -- SQL over the listed files ----------------------------------------------------------------
def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _typed_nulls(columns: Sequence[tuple[str, str]]) -> str:
    return ", ".join(f'CAST(NULL AS {kind.split()[0]}) AS "{name}"' for name, kind in columns)


def relation_sql(root: Path, files: Sequence[str], columns: Sequence[tuple[str, str]],
                 hive: bool = True) -> str:
    """A SELECT of ``columns`` over ``files`` (an empty, typed relation when there are none)."""
    names = ", ".join(f'"{name}"' for name, _ in columns)
    if not files:
        return f"SELECT {_typed_nulls(columns)} WHERE false"
    listed = ", ".join(_literal(str(root / path)) for path in files)
    options = ", hive_partitioning = true, hive_types_autocast = false" if hive else ""
    return f"SELECT {names} FROM read_parquet([{listed}]{options})"


def _dataset_relations(root: Path, manifest: Manifest) -> dict[str, str]:
    relations = {name: relation_sql(root, manifest.listed(name), dataset.columns)
                 for name, dataset in DATASETS.items()}
    relations["rollup"] = relation_sql(root, manifest.listed("rollup"), ROLLUP_COLUMNS)
    for name, columns in RECORDS.items():
        relations[name] = relation_sql(root, manifest.listed(name), columns, hive=False)
    return relations


def _memory_connection() -> duckdb.DuckDBPyConnection:
    con = duckdb.connect(":memory:")
    con.execute("SET enable_progress_bar = false")
    # Keep the files' Parquet footers between queries: files never change in place (new
    # names for new content), so a cached footer is never stale (a 1M-event scan: 0.20 s
    # -> 0.17 s, in one measurement).
    con.execute("SET enable_object_cache = true")
    return con


# -- the store --------------------------------------------------------------------------------
class ParquetStore:
    """An Eventline store in a folder of Parquet files (see the module's docstring)."""

    def __init__(self, path: str | Path, lock_wait: float = LOCK_WAIT_SECONDS) -> None:
        self.path = Path(path)
        self.lock_wait = lock_wait
        self._reading: duckdb.DuckDBPyConnection | None = None
        self._stamp: tuple | None = None
        self._refresh_lock = threading.Lock()

    # -- reading ---------------------------------------------------------------------------
    def version(self) -> tuple[int, int, int]:
        """Changes with every commit (the manifest is replaced, never edited in place)."""
        try:
            stat = (self.path / MANIFEST).stat()
        except FileNotFoundError:
            return (0, 0, 0)
        return (stat.st_mtime_ns, stat.st_size, stat.st_ino)

    @property
    def has_rollup(self) -> bool:
        """Every commit writes the rollup of its events, so the query layer may use it."""
        return True

    def _connection(self) -> duckdb.DuckDBPyConnection:
        """The reading instance, its views pointing at the files the manifest lists now."""
        with self._refresh_lock:
            stamp = self.version()
            if self._reading is None or stamp != self._stamp:
                manifest = read_manifest(self.path)
                con = self._reading or _memory_connection()
                for name, sql in _dataset_relations(self.path, manifest).items():
                    con.execute(f'CREATE OR REPLACE VIEW "{name}" AS {sql}')
                self._reading, self._stamp = con, stamp
            return self._reading

    @contextlib.contextmanager
    def connect(self, read_only: bool = True) -> Iterator[duckdb.DuckDBPyConnection]:
        """A cursor over the store's views (reads only: writes go through the methods)."""
        if not read_only:
            raise ParquetStoreError(f"{self.path} is a Parquet store: it is written by "
                                    "`eventline ingest --out` and its own methods, not SQL")
        cursor = self._connection().cursor()
        try:
            yield cursor
        finally:
            cursor.close()

    def _run(self, work: Callable[[duckdb.DuckDBPyConnection], object]):
        """Run a read; a file deleted by a commit under a reader is read again once from
        the new manifest."""
        for attempt in (1, 2):
            try:
                with self.connect() as cursor:
                    return work(cursor)
            except duckdb.IOException as exc:
                if attempt == 2 or not (self.path / MANIFEST).exists():
                    raise ParquetStoreError(f"cannot read the store {self.path}: {exc}") \
                        from exc
                with self._refresh_lock:
                    self._stamp = None
            except duckdb.Error as exc:
                raise ParquetStoreError(f"cannot read the store {self.path}: {exc}") from exc
        raise AssertionError("unreachable")

    def query(self, sql: str, params: list | None = None) -> pd.DataFrame:
        return self._run(lambda con: con.execute(sql, params or []).df())

    def query_rows(self, sql: str, params: list | None = None) -> list[tuple]:
        return self._run(lambda con: con.execute(sql, params or []).fetchall())

    def query_chunks(self, sql: str, params: list | None = None,
                     vectors: int = CHUNK_VECTORS) -> Iterator[pd.DataFrame]:
        """A read's rows as DataFrames of ``vectors`` x 2,048 rows, for exports that must not
        hold them all. (A commit that replaces edited articles meanwhile removes the files
        it rewrote: a read that reaches one then fails, and is simply run again.)"""
        with self.connect() as cursor:
            yield from fetch_chunks(cursor.execute(sql, params or []), vectors)

    def is_empty(self) -> bool:
        manifest = read_manifest(self.path)
        return not manifest.listed("articles") and not manifest.listed("events")

    def articles(self) -> pd.DataFrame:
        return self.query(
            "SELECT article_id, title, published, source, url, path, event_count, origin, "
            "published_from, undated FROM articles ORDER BY published NULLS LAST, title")

    def create(self) -> None:
        """Create the folder and an empty manifest (reads never do)."""
        with self._committing() as manifest:
            if not (self.path / MANIFEST).exists():
                self._publish(manifest)

    # -- committing ------------------------------------------------------------------------
    @contextlib.contextmanager
    def _committing(self) -> Iterator[Manifest]:
        """The commit lock held, stale files removed, the current manifest read."""
        check_folder(self.path)
        self.path.mkdir(parents=True, exist_ok=True)
        with _file_lock(self.path / LOCK_FILE, self.lock_wait, self.path):
            manifest = read_manifest(self.path)
            collect_garbage(self.path, manifest)
            yield manifest

    def _publish(self, manifest: Manifest) -> None:
        manifest.generation += 1
        _write_atomically(self.path / MANIFEST, manifest.to_json().encode("utf-8"))

    # -- saved views and notes: small tables replaced whole --------------------------------
    def _records(self, name: str, manifest: Manifest) -> list[dict]:
        files = manifest.listed(name)
        if not files:
            return []
        return pq.read_table(self.path / files[0]).to_pylist()

    def _replace_records(self, name: str, change: Callable[[list[dict]], list[dict]]) -> None:
        with self._committing() as manifest:
            rows = change(self._records(name, manifest))
            relative = f"records/{name}-{manifest.generation + 1}-{secrets.token_hex(3)}.parquet"
            target = self.path / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            table = pa.Table.from_pylist(rows, schema=arrow_schema(RECORDS[name]))
            sink = pa.BufferOutputStream()
            pq.write_table(table, sink)
            _write_atomically(target, sink.getvalue().to_pybytes())
            old = manifest.listed(name)
            manifest.files[name] = [relative]
            self._publish(manifest)
            _remove_files(self.path, old)

    def save_view(self, view: SavedView) -> bool:
        replaced = []

        def change(rows: list[dict]) -> list[dict]:
            kept = [row for row in rows if row["name"] != view.name]
            replaced.append(len(kept) != len(rows))
            return [*kept, {"name": view.name, "page": view.page,
                            "filters": json.dumps(view.filters, sort_keys=True),
                            "choices": json.dumps(view.choices, sort_keys=True),
                            "updated": _now()}]

        self._replace_records("views", change)
        return replaced[0]

    def delete_view(self, name: str) -> bool:
        found = []

        def change(rows: list[dict]) -> list[dict]:
            kept = [row for row in rows if row["name"] != name]
            found.append(len(kept) != len(rows))
            return kept

        self._replace_records("views", change)
        return found[0]

    def add_note(self, note: Note) -> None:
        def change(rows: list[dict]) -> list[dict]:
            kept = [row for row in rows if row["note_id"] != note.note_id]
            return [*kept, {"note_id": note.note_id, "date_start": note.date_start,
                            "date_end": note.date_end, "text": note.text,
                            "author": note.author, "link": note.link, "created": _now()}]

        self._replace_records("notes", change)

    def delete_note(self, note_id: str) -> bool:
        found = []

        def change(rows: list[dict]) -> list[dict]:
            kept = [row for row in rows if row["note_id"] != note_id]
            found.append(len(kept) != len(rows))
            return kept

        self._replace_records("notes", change)
        return found[0]

    def recompute_happenings(self) -> None:
        """Group every stored event into happenings again (``eventline regroup``), as
        ``Store.recompute_happenings`` does: a commit regroups only the blocks it touched."""
        from dashboard.parquet_happenings import refresh

        with staging(self.path) as batch, self._committing() as manifest:
            dropped = refresh(self.path, manifest, None, batch.folder)
            self._publish(manifest)
            _remove_files(self.path, dropped)

    # -- writing articles ------------------------------------------------------------------
    def add(self, pairs: Iterable[Pair], batch_size: int | None = None) -> IngestCounts:
        """Store articles with their events in one commit (the rules of ``Store.add``):
        staged in chunks of ``batch_size`` articles, published together."""
        size = batch_size or STAGE_CHUNK
        with staging(self.path) as batch:
            rows: list[Pair] = []
            chunk = 0
            for pair in pairs:
                rows.append(pair)
                if len(rows) >= size:
                    write_stage(batch.folder, chunk, rows)
                    rows, chunk = [], chunk + 1
            if rows:
                write_stage(batch.folder, chunk, rows)
            result = self.commit(batch)
        # Given twice in one call, an article is stored once (Store.add counts the repeat).
        result.counts.articles_unchanged += len(result.duplicates)
        return result.counts

    def commit(self, batch: Staging, client=None) -> CommitResult:
        """Publish what ``batch`` staged: new articles and their events, the batch's rollup,
        the rewrites that drop the older versions of edited articles, and the happenings of
        the blocks their events touched (grouped on the Dask ``client``'s workers if given:
        see parquet_happenings)."""
        from dashboard.parquet_happenings import refresh

        with self._committing() as manifest:
            result = _commit(self.path, manifest, batch)
            if result.changed:
                result.dropped += refresh(self.path, manifest, result.blocks, batch.folder,
                                          client)
                self._publish(manifest)
                _remove_files(self.path, result.dropped)
        return result


def _now():
    from datetime import datetime

    return datetime.now().replace(tzinfo=None)


# -- locking and garbage --------------------------------------------------------------------
@contextlib.contextmanager
def _file_lock(path: Path, wait: float, store: Path) -> Iterator[None]:
    """An exclusive lock on ``path`` (``flock``), waited for up to ``wait`` seconds."""
    if fcntl is None:  # pragma: no cover
        yield
        return
    handle = open(path, "a+b")  # noqa: SIM115 - held open while the lock is needed
    deadline = time.monotonic() + wait
    try:
        while True:
            try:
                fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise ParquetStoreError(
                        f"the store {store} is busy: another process kept committing for "
                        f"{wait:.0f} s; try again when it has finished") from None
                time.sleep(0.05)
        yield
    finally:
        handle.close()  # closing releases the lock


def _owner_alive(folder: Path) -> bool:
    """True while the process that staged ``folder`` holds its owner lock."""
    if fcntl is None:  # pragma: no cover
        return True
    owner = folder / ".owner"
    if not owner.exists():
        return False
    with open(owner, "a+b") as handle:
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            return True
        fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
        return False


def collect_garbage(root: Path, manifest: Manifest) -> None:
    """Remove what a killed writer left: Parquet files no manifest lists, and staging
    folders whose ingest is gone. Runs with the commit lock held."""
    listed = manifest.all_files()
    for top in (*DATASETS, "rollups", "records"):
        folder = root / top
        if not folder.is_dir():
            continue
        for path in folder.rglob("*"):
            relative = path.relative_to(root).as_posix()
            if path.is_file() and relative not in listed:
                path.unlink(missing_ok=True)
    staging_root = root / STAGING
    if staging_root.is_dir():
        for folder in staging_root.iterdir():
            if folder.is_dir() and not _owner_alive(folder):
                shutil.rmtree(folder, ignore_errors=True)


def _remove_files(root: Path, relatives: Iterable[str]) -> None:
    for relative in relatives:
        (root / relative).unlink(missing_ok=True)


# -- staging ----------------------------------------------------------------------------------
@dataclass
class Staging:
    """An ingest's staging folder: tasks write their rows here, the commit publishes them."""

    root: Path
    batch: str
    folder: Path

    def tasks(self) -> list[Path]:
        return sorted((self.folder / "articles").glob("*.parquet"))


def new_batch_id() -> str:
    """Sortable by time, unique across machines: 20260102T030405-1a2b3c."""
    return time.strftime("%Y%m%dT%H%M%S", time.gmtime()) + "-" + secrets.token_hex(3)


@contextlib.contextmanager
def staging(root: Path) -> Iterator[Staging]:
    """A staging folder owned by this process until it ends (then it is removed)."""
    check_folder(root)
    batch = new_batch_id()
    folder = root / STAGING / batch
    (folder / "articles").mkdir(parents=True)
    (folder / "events").mkdir(parents=True)
    handle = open(folder / ".owner", "a+b")  # noqa: SIM115 - held while staging
    if fcntl is not None:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
    try:
        yield Staging(root, batch, folder)
    finally:
        handle.close()
        shutil.rmtree(folder, ignore_errors=True)


STAGED_ARTICLES = (*ARTICLE_COLUMNS, (ORDER, "BIGINT"))
STAGED_EVENTS = (*EVENT_COLUMNS, (ORDER, "BIGINT"))
TASK_SPAN = 10**8  # positions per task in the input order (a task reads fewer articles)


def write_stage(folder: Path, task: int, pairs: Sequence[Pair]) -> None:
    """Write task number ``task``'s articles and events into the staging ``folder``, each
    file under a temporary name first: a task killed half-way leaves nothing the commit
    reads, and a task run again writes the same files. Tasks are numbered in input order,
    which decides the copy of a repeated article that is kept (the first, as in one run)."""
    base = task * TASK_SPAN
    articles, events = [], []
    for offset, pair in enumerate(pairs):
        article, found_events = pair[0], pair[1]
        published_from = pair[2] if len(pair) > 2 else "metadata"
        row = article_row(article, len(found_events), "article", published_from)
        row[ORDER] = base + offset
        articles.append(row)
        for event in found_events:
            event_fields = event_row(event)
            event_fields[ORDER] = base + offset
            events.append(event_fields)
    name = f"task-{task:09d}.parquet"
    _write_table(folder / "events" / name, events, STAGED_EVENTS)
    # The articles file last: the commit reads a task's events only through its articles.
    _write_table(folder / "articles" / name, articles, STAGED_ARTICLES)


def _write_table(path: Path, rows: list[dict], columns) -> None:
    table = pa.Table.from_pylist(rows, schema=arrow_schema(columns))
    sink = pa.BufferOutputStream()
    pq.write_table(table, sink)
    _write_atomically(path, sink.getvalue().to_pybytes())


# -- the commit -------------------------------------------------------------------------------
@dataclass
class Duplicate:
    """A repeat, within one ingest, of an article already read (same text and URL)."""

    path: str
    first: str


@dataclass
class CommitResult:
    counts: IngestCounts = field(default_factory=IngestCounts)
    duplicates: list[Duplicate] = field(default_factory=list)
    duplicate_undated: int = 0  # repeats without a date (counted by the tasks, not stored)
    duplicate_languages: dict[str, int] = field(default_factory=dict)
    dropped: list[str] = field(default_factory=list)  # files replaced by rewrites
    changed: bool = False
    blocks: list[str] = field(default_factory=list)  # of the events added or removed


def _commit(root: Path, manifest: Manifest, batch: Staging) -> CommitResult:
    result = CommitResult()
    if not batch.tasks():
        return result
    con = _memory_connection()
    try:
        con.execute(f"SET memory_limit = '{COMMIT_MEMORY}'")
        con.execute(f"SET temp_directory = {_literal(str(batch.folder / 'spill'))}")
        for name, sql in _dataset_relations(root, manifest).items():
            con.execute(f'CREATE VIEW "stored_{name}" AS {sql}')
        staged_articles = _literal(str(batch.folder / "articles" / "*.parquet"))
        staged_events = _literal(str(batch.folder / "events" / "*.parquet"))
        # The copy kept of a text read twice is the first with a publication date, else the
        # first; a stored copy without a date is replaced by one with a date (as Store.add).
        kept_first = f"PARTITION BY article_id ORDER BY published IS NULL, {ORDER}"
        con.execute(f"""
            CREATE TEMP TABLE incoming AS
            SELECT s.*,
                   row_number() OVER ({kept_first}) AS nth,
                   first_value(path) OVER ({kept_first}) AS first_path,
                   first_value({ORDER}) OVER ({kept_first}) AS kept_order,
                   article_id IN (SELECT article_id FROM stored_articles) AS stored,
                   article_id IN (SELECT article_id FROM stored_articles
                                  WHERE published IS NOT NULL OR s.published IS NULL) AS known
            FROM read_parquet({staged_articles}) s""")
        _count(con, result)
        con.execute("CREATE TEMP TABLE fresh AS SELECT * FROM incoming WHERE nth = 1 AND NOT known")
        if _scalar(con, "SELECT count(*) FROM fresh") == 0:
            return result
        con.execute(f"""
            CREATE TEMP TABLE fresh_events AS
            SELECT e.* FROM read_parquet({staged_events}) e
            SEMI JOIN fresh f ON f.article_id = e.article_id AND f.{ORDER} = e.{ORDER}""")
        _replace_older_versions(con, root, manifest, batch, result)
        result.blocks = _touched_blocks(con)
        for name in DATASETS:
            source = "fresh" if name == "articles" else "fresh_events"
            manifest.files[name] = [*manifest.listed(name),
                                    *_write_partitioned(con, source, name, root, batch)]
        rollup = _write_rollup(con, "fresh_events", "fresh", root, batch, batch.batch)
        manifest.files["rollup"] = [*manifest.listed("rollup"), *rollup]
        result.counts.events_added = _scalar(con, "SELECT count(*) FROM fresh_events")
        result.changed = True
        return result
    finally:
        con.close()


def _touched_blocks(con: duckdb.DuckDBPyConnection) -> list[str]:
    """The happening blocks of the events this commit adds or removes."""
    return sorted(row[0] for row in con.execute(
        f"SELECT {BLOCK_SQL} FROM fresh_events e UNION SELECT {BLOCK_SQL} FROM stored_events e "
        "WHERE article_id IN (SELECT article_id FROM replaced)").fetchall())


# A copy without a date read before the kept copy, which has one: not a repeat to report
# but, as the DuckDB store counts it, an article dated by a later copy (or, when the text
# was stored before, an article already stored).
_EARLY_UNDATED = (f"nth > 1 AND path <> first_path AND published IS NULL "
                  f"AND {ORDER} < kept_order")


def _count(con: duckdb.DuckDBPyConnection, result: CommitResult) -> None:
    """Added, unchanged and repeated articles, as the DuckDB store's ingest counts them."""
    added, unchanged, undated, dated = con.execute(
        f"SELECT count(*) FILTER (WHERE nth = 1 AND NOT known), "
        f"count(*) FILTER (WHERE (nth = 1 AND known) OR (nth > 1 AND path = first_path) "
        f"OR ({_EARLY_UNDATED} AND stored)), "
        f"count(*) FILTER (WHERE nth > 1 AND path <> first_path AND published IS NULL), "
        f"count(*) FILTER (WHERE {_EARLY_UNDATED} AND NOT stored) FROM incoming").fetchall()[0]
    result.counts.articles_added = added
    result.counts.articles_unchanged = unchanged
    result.counts.articles_dated = dated
    result.duplicate_undated = undated
    repeats = con.execute(
        f"SELECT path, first_path, language FROM incoming WHERE nth > 1 AND path <> first_path "
        f"AND NOT ({_EARLY_UNDATED}) ORDER BY {ORDER}").fetchall()
    result.duplicates = [Duplicate(path, first) for path, first, _ in repeats]
    languages: dict[str, int] = {}
    for _, _, language in repeats:
        languages[language] = languages.get(language, 0) + 1
    result.duplicate_languages = languages


def _scalar(con: duckdb.DuckDBPyConnection, sql: str):
    row = con.execute(sql).fetchone()
    assert row is not None  # an aggregate always returns a row
    return row[0]


def _month(column: str) -> str:
    return f"coalesce(strftime({column}, '%Y-%m'), '{UNDATED}')"


def _write_partitioned(con: duckdb.DuckDBPyConnection, source: str, name: str, root: Path,
                       batch: Staging, ordered: bool = True) -> list[str]:
    """Write ``source`` as the batch's files of dataset ``name``, one per month, moved into
    their partitions once complete; returns their paths relative to the store. ``ordered``
    sorts the rows by date first (tight statistics per row group); a conversion of a big
    store leaves that out, since the sort would spill the whole store to disk."""
    dataset = DATASETS[name]
    order = f"ORDER BY month, {dataset.order}" if ordered else ""
    out = batch.folder / "out" / name
    out.parent.mkdir(parents=True, exist_ok=True)
    columns = ", ".join(f'"{column}"' for column, _ in dataset.columns)
    con.execute(f"""
        COPY (SELECT {columns}, {_month(dataset.month_of)} AS month,
                     {_literal(batch.batch)} AS batch
              FROM {source} {order})
        TO {_literal(str(out))}
        (FORMAT parquet, PARTITION_BY (month, batch), FILENAME_PATTERN 'part-{batch.batch}-{{i}}',
         COMPRESSION zstd, ROW_GROUP_SIZE 100000)""")
    return _move_into(out, root / name, root)


def _move_into(out: Path, target: Path, root: Path) -> list[str]:
    moved = []
    for path in sorted(out.rglob("*.parquet")):
        destination = target / path.relative_to(out)
        destination.parent.mkdir(parents=True, exist_ok=True)
        os.replace(path, destination)
        moved.append(destination.relative_to(root).as_posix())
    return moved


def rollup_sql(events: str, articles: str) -> str:
    """The rollup of the events in relation ``events`` (their articles in ``articles``)."""
    keys = ", ".join(f'a."{k}"' if k in ROLLUP_ARTICLE_FIELDS else f'e."{k}"'
                     for k, _ in ROLLUP_KEYS)
    return (f"SELECT {keys}, count(*)::BIGINT AS events, sum(e.fatalities)::BIGINT AS fatalities "
            f"FROM {events} e LEFT JOIN {articles} a USING (article_id) GROUP BY ALL")


def _write_rollup(con: duckdb.DuckDBPyConnection, events: str, articles: str, root: Path,
                  batch: Staging, of_batch: str) -> list[str]:
    """The rollup file of batch ``of_batch`` (none when it has no events left)."""
    if _scalar(con, f"SELECT count(*) FROM {events}") == 0:
        return []
    out = batch.folder / "out" / "rollups" / f"batch={of_batch}"
    out.mkdir(parents=True, exist_ok=True)
    path = out / f"part-{batch.batch}-0.parquet"
    con.execute(f"COPY ({rollup_sql(events, articles)} ORDER BY date_start) TO "
                f"{_literal(str(path))} (FORMAT parquet, COMPRESSION zstd)")
    return _move_into(batch.folder / "out" / "rollups", root / "rollups", root)


def _batch_of(relative: str) -> str:
    return next(part.split("=", 1)[1] for part in relative.split("/") if part.startswith("batch="))


def _replace_older_versions(con: duckdb.DuckDBPyConnection, root: Path, manifest: Manifest,
                            batch: Staging, result: CommitResult) -> None:
    """Drop stored articles whose URL (or source path) a new article has, with their events:
    each file holding them is rewritten without them, and the rollups of their batches."""
    # A fresh article already stored is the dated copy of a stored undated one (see
    # ``known``): the undated copy goes, with its events, as an older version does.
    con.execute("""
        CREATE TEMP TABLE replaced AS SELECT article_id,
               article_id IN (SELECT article_id FROM fresh) AS dated
        FROM stored_articles
        WHERE article_id IN (SELECT article_id FROM fresh)
           OR (origin = 'article'
               AND doc_key IN (SELECT doc_key FROM fresh WHERE doc_key IS NOT NULL))""")
    count, dated = con.execute(
        "SELECT count(*), count(*) FILTER (WHERE dated) FROM replaced").fetchall()[0]
    if count == 0:
        return
    result.counts.articles_replaced = count - dated
    result.counts.articles_dated += dated
    result.counts.articles_added -= dated
    touched_batches: set[str] = set()
    for name, dataset in DATASETS.items():
        listed = manifest.listed(name)
        if not listed:
            continue
        paths = [str(root / p) for p in listed]
        hits = {row[0] for row in con.execute(
            f"SELECT DISTINCT filename FROM read_parquet({_list(paths)}, filename = true) "
            "WHERE article_id IN (SELECT article_id FROM replaced)").fetchall()}
        kept = []
        for relative in listed:
            if str(root / relative) not in hits:
                kept.append(relative)
                continue
            touched_batches.add(_batch_of(relative))
            result.dropped.append(relative)
            rewritten = _rewrite_without_replaced(con, root, relative, dataset, batch)
            kept.extend(rewritten)
        manifest.files[name] = kept
    _rebuild_rollups(con, root, manifest, batch, touched_batches, result)


def _list(paths: Sequence[str]) -> str:
    return "[" + ", ".join(_literal(p) for p in paths) + "]"


def _rewrite_without_replaced(con: duckdb.DuckDBPyConnection, root: Path, relative: str,
                              dataset: Dataset, batch: Staging) -> list[str]:
    """The file's rows less the replaced articles', under a new name beside it."""
    columns = ", ".join(f'"{c}"' for c, _ in dataset.columns)
    source = (f"(SELECT {columns} FROM read_parquet({_literal(str(root / relative))}) "
              "WHERE article_id NOT IN (SELECT article_id FROM replaced))")
    if _scalar(con, f"SELECT count(*) FROM {source}") == 0:
        return []
    target = (root / relative).with_name(f"part-{batch.batch}-r{secrets.token_hex(3)}.parquet")
    staged = batch.folder / "out" / "rewrites" / target.name
    staged.parent.mkdir(parents=True, exist_ok=True)
    con.execute(f"COPY (SELECT * FROM {source} ORDER BY {dataset.order}) TO "
                f"{_literal(str(staged))} (FORMAT parquet, COMPRESSION zstd, "
                "ROW_GROUP_SIZE 100000)")
    os.replace(staged, target)
    return [target.relative_to(root).as_posix()]


def _rebuild_rollups(con: duckdb.DuckDBPyConnection, root: Path, manifest: Manifest,
                     batch: Staging, batches: set[str], result: CommitResult) -> None:
    rollups = manifest.listed("rollup")
    articles = relation_sql(root, manifest.listed("articles"), ARTICLE_COLUMNS)
    for of_batch in sorted(batches):
        files = [p for p in manifest.listed("events") if _batch_of(p) == of_batch]
        events = f"({relation_sql(root, files, EVENT_COLUMNS)})"
        old = [p for p in rollups if _batch_of(p) == of_batch]
        result.dropped.extend(old)
        rollups = [p for p in rollups if p not in old]
        rollups += _write_rollup(con, events, f"({articles})", root, batch, of_batch)
    manifest.files["rollup"] = rollups


def convert_duckdb(source: Path, target: Path) -> IngestCounts:
    """Copy a DuckDB store (``--db``) into a new Parquet store: one batch, rollup included."""
    from dashboard.store import Store

    store = ParquetStore(target)
    manifest = read_manifest(target)
    if manifest.listed("articles") or manifest.listed("events"):
        raise ParquetStoreError(f"{target} already holds a store; convert into a new folder")
    counts = IngestCounts()
    with staging(target) as batch, store._committing() as manifest:
        con = _memory_connection()
        try:
            con.execute(f"SET memory_limit = '{COMMIT_MEMORY}'")
            con.execute(f"SET temp_directory = {_literal(str(batch.folder / 'spill'))}")
            Store(source).create()  # brings an older store's columns up to date first
            con.execute(f"ATTACH {_literal(str(source))} AS src (READ_ONLY)")
            for name in DATASETS:
                manifest.files[name] = _write_partitioned(con, f"src.{name}", name, root=target,
                                                          batch=batch, ordered=False)
            manifest.files["rollup"] = _write_rollup(con, "src.events", "src.articles", target,
                                                     batch, batch.batch)
            for name, columns in RECORDS.items():
                relative = f"records/{name}-1.parquet"
                (target / "records").mkdir(parents=True, exist_ok=True)
                names = ", ".join(f'"{c}"' for c, _ in columns)
                con.execute(f"COPY (SELECT {names} FROM src.{name}) TO "
                            f"{_literal(str(target / relative))} (FORMAT parquet)")
                manifest.files[name] = [relative]
            counts.articles_added = _scalar(con, "SELECT count(*) FROM src.articles")
            counts.events_added = _scalar(con, "SELECT count(*) FROM src.events")
        finally:
            con.close()
        store._publish(manifest)
    return counts


__all__ = [
    "DATASETS", "ROLLUP_COLUMNS", "ROLLUP_KEYS", "CommitResult", "Manifest", "ParquetStore",
    "ParquetStoreError", "Staging", "collect_garbage", "convert_duckdb", "is_parquet_store",
    "open_store", "read_manifest", "relation_sql", "rollup_sql", "staging", "write_stage",
]


def open_store(path: str | Path):
    """The store at ``path``: a Parquet store for a folder, else the DuckDB file."""
    from dashboard.store import Store

    path = Path(path)
    return ParquetStore(path) if is_parquet_store(path) else Store(path)
