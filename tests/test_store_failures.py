"""Store failures users meet: a full disk, an import cut off between batches, a read-only
disk, and the dashboard keeping the file from the command line (issue 9)."""

from __future__ import annotations

import errno
import hashlib
import os
import shutil
import subprocess
import sys
import textwrap
from datetime import date
from pathlib import Path

import duckdb
import pytest
from click.testing import CliRunner

from dashboard import export, query
from dashboard import store as store_module
from dashboard.importers.gdelt import import_gdelt
from dashboard.models import Article
from dashboard.store import Store, StoreError, StoreFullError
from tests.helpers import make_event, two_articles

ROOT = Path(__file__).resolve().parents[1]
ENOSPC_TEXT = 'IO Error: Could not write file "x.duckdb.wal": No space left on device'


def _pairs(count: int) -> list:
    pairs = []
    for n in range(count):
        article = Article(text=f"Talks number {n} in Rome.", title=f"Story {n}",
                          published=date(2024, 5, 1), path=f"story-{n}.txt")
        pairs.append((article, [make_event(article, 0, date(2024, 5, 1), date(2024, 5, 1),
                                           sentence=article.text)]))
    return pairs


def _dump(store: Store) -> tuple[list, list]:
    return (store.query_rows("SELECT * FROM articles ORDER BY article_id"),
            store.query_rows("SELECT * FROM events ORDER BY event_id"))


# -- disk full -----------------------------------------------------------------------------
def _fail_insert_on(monkeypatch, call: int, error: Exception) -> None:
    """Make the ``call``-th insert of articles raise ``error`` (as a full disk does)."""
    real, seen = store_module._insert, {"articles": 0}

    def insert(con, table, rows, columns):
        if table == "articles":
            seen["articles"] += 1
            if seen["articles"] == call:
                raise error
        return real(con, table, rows, columns)

    monkeypatch.setattr(store_module, "_insert", insert)


@pytest.mark.parametrize("error", [
    duckdb.IOException(ENOSPC_TEXT),
    OSError(errno.ENOSPC, "No space left on device"),
])
def test_disk_full_mid_ingest_says_what_was_stored(tmp_path, monkeypatch, error):
    store = Store(tmp_path / "full.duckdb", batch_articles=2)
    _fail_insert_on(monkeypatch, 2, error)
    with pytest.raises(StoreFullError) as raised:
        store.add(_pairs(5))
    assert str(raised.value) == (
        f"no space left on device while writing {store.path}; nothing after article 2 was "
        "stored; free space and run again")
    assert isinstance(raised.value, StoreError)  # what the CLI already prints
    assert store.query_rows("SELECT count(*) FROM articles") == [(2,)]
    monkeypatch.undo()
    assert store.add(_pairs(5)).articles_added == 3  # the rerun completes
    clean = Store(tmp_path / "clean.duckdb")
    clean.add(_pairs(5))
    assert _dump(store) == _dump(clean)


class _CommitFailsConnection:
    """A connection whose COMMIT fails as on a full disk: DuckDB has then already ended the
    transaction, so a later ROLLBACK raises "no transaction is active"."""

    def __init__(self, con: duckdb.DuckDBPyConnection) -> None:
        self._con = con

    def commit(self):
        self._con.rollback()
        raise duckdb.IOException(ENOSPC_TEXT)

    def __getattr__(self, name):
        return getattr(self._con, name)


def test_disk_full_at_commit_is_not_hidden_behind_a_rollback_error(tmp_path, monkeypatch):
    store = Store(tmp_path / "full.duckdb")
    store.add(_pairs(1))
    real_connect = duckdb.connect

    def connect(path, read_only=False):
        con = real_connect(path, read_only=read_only)
        return con if read_only or path == ":memory:" else _CommitFailsConnection(con)

    monkeypatch.setattr(store_module.duckdb, "connect", connect)
    with pytest.raises(StoreFullError, match="nothing from this run was stored; free space"):
        store.add(_pairs(3)[1:])
    monkeypatch.undo()
    assert store.query_rows("SELECT count(*) FROM articles") == [(1,)]


def test_cli_prints_the_disk_full_message(tmp_path, monkeypatch):
    from dashboard.cli import main

    source = tmp_path / "stories.jsonl"
    source.write_text('{"title": "A", "published": "2024-05-01", "text": "Talks in Rome."}\n',
                      encoding="utf-8")
    _fail_insert_on(monkeypatch, 1, duckdb.IOException(ENOSPC_TEXT))
    result = CliRunner().invoke(main, ["ingest", str(source), "--db", str(tmp_path / "s.duckdb"),
                                       "--workers", "1"])
    assert result.exit_code == 1
    assert "Error: no space left on device while writing" in result.output
    assert "cannot rollback" not in result.output and result.exception.__class__ is SystemExit


# -- imports cut off between batches ------------------------------------------------------
def _provenance_problems(store: Store) -> list:
    """Events without their source row, and source rows whose event count is wrong."""
    return store.query_rows(
        "SELECT 'orphan', e.event_id FROM events e LEFT JOIN articles a USING (article_id) "
        "WHERE a.article_id IS NULL UNION ALL "
        "SELECT 'count', a.article_id FROM articles a WHERE a.origin = 'gdelt' AND "
        "a.event_count <> (SELECT count(*) FROM events e WHERE e.article_id = a.article_id)")


def test_import_failing_mid_batch_keeps_events_with_their_sources(tmp_path, monkeypatch,
                                                                  shared_data):
    source = shared_data / "gdelt" / "fixtures" / "v2_export_sample100.tsv"
    store = Store(tmp_path / "g.duckdb", batch_events=30)
    real, calls = store_module._insert, {"events": 0}

    def insert(con, table, rows, columns):
        result = real(con, table, rows, columns)
        if table == "events":
            calls["events"] += 1
            if calls["events"] == 3:  # the third batch's sources are written, then it fails
                raise duckdb.IOException("IO Error: simulated crash")
        return result

    monkeypatch.setattr(store_module, "_insert", insert)
    with pytest.raises(StoreError, match="nothing after imported event 60 was stored"):
        import_gdelt([source], store)
    monkeypatch.undo()
    assert store.query_rows("SELECT count(*) FROM events") == [(60,)]
    assert _provenance_problems(store) == []
    import_gdelt([source], store)
    clean = Store(tmp_path / "clean.duckdb", batch_events=30)
    import_gdelt([source], clean)
    assert _provenance_problems(store) == [] and _dump(store) == _dump(clean)


# -- read-only -----------------------------------------------------------------------------
def _snapshot(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.iterdir()}


def test_reads_open_read_only_and_change_no_file(tmp_path, monkeypatch):
    """Reads never open the file for writing, see it attached read-only, and leave the
    folder byte-identical.

    Tests run as root, for whom chmod blocks nothing, so instead opening the file for
    writing fails here as on a read-only disk; ``test_export_from_a_read_only_mount``
    checks the real thing where it can."""
    store = Store(tmp_path / "ro.duckdb")
    store.add(two_articles())
    before = _snapshot(tmp_path)
    real_connect = duckdb.connect

    def connect(path, read_only=False):
        if path != ":memory:" and not read_only:
            raise duckdb.IOException("IO Error: Cannot open file: Read-only file system")
        return real_connect(path, read_only=read_only)

    monkeypatch.setattr(store_module.duckdb, "connect", connect)
    fresh = Store(store.path)  # a new process's first look: the schema check included
    frame = query.events(fresh)
    assert len(frame) == 3 and not fresh.is_empty()
    assert query.summary(fresh) == (3, 2) and len(fresh.articles()) == 2
    for fmt in export.FORMATS:
        assert export.write(frame, fmt)
    assert fresh.query_rows("SELECT readonly, path FROM duckdb_databases() "
                            "WHERE database_name = current_database()") == [
        (True, str(store.path))]
    assert _snapshot(tmp_path) == before  # no WAL, no schema change, nothing else


@pytest.mark.parametrize("page", ["timeline", "map", "actors", "articles", "data"])
def test_every_page_reads_a_store_on_a_read_only_disk(tmp_path, monkeypatch, page):
    """The dashboard on a store it cannot write: every page draws, no traceback."""
    from streamlit.testing.v1 import AppTest

    from dashboard.cli import APP_MAIN

    store = Store(tmp_path / "ro.duckdb")
    store.add(two_articles())
    before = _snapshot(tmp_path)
    real_connect = duckdb.connect

    def connect(path, read_only=False):
        if path != ":memory:" and not read_only:
            raise duckdb.IOException("IO Error: Cannot open file: Read-only file system")
        return real_connect(path, read_only=read_only)

    monkeypatch.setattr(store_module.duckdb, "connect", connect)
    monkeypatch.setenv("EVENTLINE_DB", str(store.path))
    at = AppTest.from_file(str(APP_MAIN), default_timeout=60).run()
    at.switch_page(f"screens/{page}.py").run()
    assert not at.exception, at.exception
    assert not at.error
    assert _snapshot(tmp_path) == before


def test_store_from_an_older_version_on_a_read_only_disk_says_so(tmp_path, monkeypatch):
    path = tmp_path / "old.duckdb"
    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE articles (article_id VARCHAR PRIMARY KEY, title VARCHAR)")
    con.close()
    real_connect = duckdb.connect

    def connect(path, read_only=False):
        if path != ":memory:" and not read_only:
            raise duckdb.IOException("IO Error: Cannot open file: Read-only file system")
        return real_connect(path, read_only=read_only)

    monkeypatch.setattr(store_module.duckdb, "connect", connect)
    with pytest.raises(StoreError, match="written by an older Eventline and must be upgraded"):
        Store(path).is_empty()


READ_SCRIPT = textwrap.dedent(
    """
    import sys
    from dashboard import export, query
    from dashboard.store import Store

    store = Store(sys.argv[1])
    frame = query.events(store)
    print(len(frame), query.summary(store), len(export.write(frame, "parquet")) > 0)
    """
)


def test_export_from_a_read_only_mount(tmp_path):
    """The real thing: the store's folder bind-mounted read-only in a private mount
    namespace (``unshare``), so writing there fails with EROFS even for root."""
    unshare = shutil.which("unshare")
    if unshare is None or subprocess.run([unshare, "-rm", "true"],
                                         capture_output=True).returncode != 0:
        pytest.skip("unshare (user and mount namespaces) is not available here")
    folder = tmp_path / "ro"
    store = Store(folder / "events.duckdb")
    store.add(two_articles())
    script = tmp_path / "read.py"
    script.write_text(READ_SCRIPT, encoding="utf-8")
    inner = (f'mount --bind "{folder}" "{folder}" && mount -o remount,bind,ro "{folder}" && '
             f'! touch "{folder}/probe" 2>/dev/null && '
             f'"{sys.executable}" "{script}" "{store.path}"')
    result = subprocess.run([unshare, "-rm", "sh", "-c", inner], capture_output=True, text=True,
                            env=dict(os.environ, PYTHONPATH=str(ROOT)), timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["3", "(3,", "2)", "True"]


# -- the dashboard does not keep the file --------------------------------------------------
WRITE_SCRIPT = textwrap.dedent(
    """
    import sys
    from datetime import date
    from dashboard.models import Article
    from dashboard.store import Store

    article = Article(text="Talks in Oslo.", title="Oslo", published=date(2024, 1, 2))
    print(Store(sys.argv[1], lock_wait=5).add([(article, [])]).articles_added, flush=True)
    """
)


def test_dashboard_run_leaves_the_store_to_other_processes(tmp_path, monkeypatch):
    from streamlit.testing.v1 import AppTest

    from dashboard.cli import APP_MAIN

    store = Store(tmp_path / "shared.duckdb")
    store.add(two_articles())
    monkeypatch.setenv("EVENTLINE_DB", str(store.path))
    script = tmp_path / "write.py"
    script.write_text(WRITE_SCRIPT, encoding="utf-8")
    app = AppTest.from_file(str(APP_MAIN), default_timeout=60).run()  # a page run, cached
    assert not app.exception and app.get("plotly_chart")
    result = subprocess.run([sys.executable, str(script), str(store.path)],
                            capture_output=True, text=True, timeout=120,
                            env=dict(os.environ, PYTHONPATH=str(ROOT)))
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "1"
    assert query.summary(store) == (3, 2) and len(store.articles()) == 3


def test_threads_reading_while_one_writes_in_the_same_process(tmp_path):
    """The dashboard's threads read while its Ingest page writes: DuckDB refuses a
    read-only and a read-write open of one file in one process at the same time, so they
    must take turns rather than fail ("different configuration")."""
    from concurrent.futures import ThreadPoolExecutor

    store = Store(tmp_path / "threads.duckdb", batch_articles=3)
    store.add(_pairs(3))

    def read(_: int) -> int:
        return Store(store.path).query_rows("SELECT count(*) FROM articles")[0][0]

    with ThreadPoolExecutor(max_workers=4) as pool:
        reads = pool.map(read, range(200))
        store.add(_pairs(60))
        counts = list(reads)
    assert all(3 <= count <= 60 and count % 3 == 0 for count in counts)  # whole batches
    assert read(0) == 60
