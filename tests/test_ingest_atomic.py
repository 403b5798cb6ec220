"""Crash safety and concurrency, with real processes.

An ingest killed with SIGKILL at any moment leaves a readable store, and running it again
gives exactly the rows of a clean run. Two ingests at once both finish; a reader keeps
working meanwhile; a process that cannot get the store in time fails with a clear message.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from dashboard.store import Store, StoreError

ROOT = Path(__file__).resolve().parents[1]

# The ingest run in a child process: a slow stand-in extractor (so that a kill lands
# mid-ingest), two worker processes and small transactions.
SCRIPT = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from dashboard.models import Event, event_id_for
    from dashboard.pipeline import ingest_paths
    from dashboard.store import Store

    def slow_events(article):
        time.sleep(0.008)
        return [Event(event_id=event_id_for(article.article_id, i, i + 1, ""),
                      article_id=article.article_id, date_start=article.published,
                      date_end=article.published, granularity="day", date_text="",
                      date_source="publication", sentence=word, start=i, end=i + 1,
                      actors=(word,))
                for i, word in enumerate(article.text.split()[:3])]

    if __name__ == "__main__":
        store = Store(sys.argv[1], batch_articles=int(sys.argv[2]))
        report = ingest_paths([Path(p) for p in sys.argv[3:]], store, workers=2,
                              extract=slow_events)
        print(report.articles_added, report.articles_unchanged, flush=True)
    """
)


def _inputs(folder: Path, files: int, per_file: int, tag: str = "") -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for f in range(files):
        path = folder / f"batch-{tag}{f:03d}.jsonl"
        lines = [json.dumps({"title": f"Story {tag}{f}-{n}", "published": "2024-05-01",
                             "text": f"Story {tag}{f} {n} reports talks in Paris on day {n}."})
                 for n in range(per_file)]
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        paths.append(path)
    return paths


def _start(tmp_path: Path, db: Path, paths: list[Path], batch: int = 10) -> subprocess.Popen:
    script = tmp_path / "run_ingest.py"
    script.write_text(SCRIPT, encoding="utf-8")
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.Popen(
        [sys.executable, str(script), str(db), str(batch), *map(str, paths)],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        start_new_session=True,  # its own process group: the kill reaches its workers too
    )


def _rows(db: Path) -> tuple[list, list]:
    store = Store(db)
    articles = store.query_rows("SELECT * FROM articles ORDER BY article_id")
    events = store.query_rows("SELECT * FROM events ORDER BY event_id")
    return articles, events


def _count(db: Path) -> int:
    if not db.exists():
        return 0
    return Store(db).query_rows("SELECT count(*) FROM articles")[0][0]


def test_sigkill_mid_ingest_then_rerun_equals_clean_run(tmp_path: Path):
    paths = _inputs(tmp_path / "in", files=20, per_file=15)  # 300 articles
    clean = tmp_path / "clean.duckdb"
    done = _start(tmp_path, clean, paths)
    assert done.wait(120) == 0, done.stderr.read()

    killed = tmp_path / "killed.duckdb"
    partials = []
    for threshold in (60, 150):  # killed twice, at different points, then finished
        proc = _start(tmp_path, killed, paths)
        deadline = time.monotonic() + 60
        while _count(killed) < threshold and time.monotonic() < deadline:
            time.sleep(0.05)
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(30)
        partials.append(_count(killed))  # readable right after the kill
    partial = partials[-1]
    assert 60 <= partials[0] < 300  # (a very slow poll may let the second run finish first)

    again = _start(tmp_path, killed, paths)
    assert again.wait(120) == 0, again.stderr.read()
    added, unchanged = map(int, again.stdout.read().split())
    assert (added + unchanged, added) == (300, 300 - partial)
    assert _rows(killed) == _rows(clean)


def test_two_ingests_and_a_reader_at_once(tmp_path: Path):
    db = tmp_path / "shared.duckdb"
    first = _inputs(tmp_path / "a", files=6, per_file=20, tag="a")
    second = _inputs(tmp_path / "b", files=6, per_file=20, tag="b")
    procs = [_start(tmp_path, db, first), _start(tmp_path, db, second)]
    reads = 0
    while any(p.poll() is None for p in procs):
        _count(db)  # the dashboard's short reads keep working (they wait their turn)
        reads += 1
        time.sleep(0.02)
    for proc in procs:
        assert proc.returncode == 0, proc.stderr.read()
    assert reads > 0
    assert _count(db) == 240
    assert Store(db).query_rows("SELECT count(*) FROM events")[0][0] == 240 * 3


def test_store_held_too_long_fails_with_a_clear_message(tmp_path: Path):
    db = tmp_path / "held.duckdb"
    Store(db).create()
    holder = subprocess.Popen(
        [sys.executable, "-c", "import duckdb, sys, time; c = duckdb.connect(sys.argv[1]); "
         "print('held', flush=True); time.sleep(5)", str(db)],
        stdout=subprocess.PIPE, text=True, start_new_session=True,
    )
    try:
        assert holder.stdout.readline().strip() == "held"
        with pytest.raises(StoreError, match=r"held\.duckdb is busy: another process kept it"):
            Store(db, lock_wait=0.3).is_empty()
    finally:
        os.killpg(holder.pid, signal.SIGKILL)
        holder.wait()
    assert Store(db).is_empty()  # usable again once the other process is gone


IMPORT_SCRIPT = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from dashboard.importers.gdelt import import_gdelt
    from dashboard.store import Store

    report = import_gdelt([Path(sys.argv[2])], Store(sys.argv[1], batch_events=100))
    print(report.events_added, report.events_replaced, flush=True)
    """
)


def _start_import(tmp_path: Path, db: Path, source: Path) -> subprocess.Popen:
    script = tmp_path / "run_import.py"
    script.write_text(IMPORT_SCRIPT, encoding="utf-8")
    return subprocess.Popen(
        [sys.executable, str(script), str(db), str(source)],
        env=dict(os.environ, PYTHONPATH=str(ROOT)), stdout=subprocess.PIPE,
        stderr=subprocess.PIPE, text=True, start_new_session=True,
    )


def _events(db: Path) -> int:
    return Store(db).query_rows("SELECT count(*) FROM events")[0][0] if db.exists() else 0


def test_sigkill_mid_import_then_rerun_equals_clean_run(tmp_path: Path, shared_data: Path):
    source = shared_data / "gdelt" / "20191024143000.export.CSV.gz"  # 2,111 rows
    clean, killed = tmp_path / "clean.duckdb", tmp_path / "killed.duckdb"
    assert _start_import(tmp_path, clean, source).wait(120) == 0
    proc = _start_import(tmp_path, killed, source)
    deadline = time.monotonic() + 60
    while _events(killed) < 300 and time.monotonic() < deadline:
        time.sleep(0.02)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(30)
    partial = _events(killed)
    assert 300 <= partial < 2111
    orphans = Store(killed).query_rows(  # every stored event has its source row already
        "SELECT count(*) FROM events e LEFT JOIN articles a USING (article_id) "
        "WHERE a.article_id IS NULL")
    assert orphans == [(0,)]
    again = _start_import(tmp_path, killed, source)
    assert again.wait(120) == 0, again.stderr.read()
    added, replaced = map(int, again.stdout.read().split())
    assert (added, replaced) == (2111 - partial, partial)
    assert _rows(killed) == _rows(clean)
