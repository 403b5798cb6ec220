"""Parallel extraction: the same rows with one or two workers, order kept, memory bounded."""

from __future__ import annotations

import json
import os
import select
import signal
import subprocess
import sys
import textwrap
import time
from datetime import date
from pathlib import Path

import pytest

from dashboard import pipeline
from dashboard.models import Article, Event, event_id_for
from dashboard.readers import Found
from dashboard.store import Store

ROOT = Path(__file__).resolve().parents[1]


def word_events(article: Article) -> list[Event]:
    """A stand-in extractor: one event per word of the title."""
    return [Event(event_id=event_id_for(article.article_id, i, i + 1, word),
                  article_id=article.article_id, date_start=article.published,
                  date_end=article.published, granularity="day", date_text=word,
                  date_source="publication", sentence=word, start=i, end=i + 1)
            for i, word in enumerate(article.title.split())]


def fails_on_boom(article: Article) -> list[Event]:
    if "boom" in article.text:
        raise ValueError("odd article")
    return word_events(article)


def missing_package(article: Article) -> list[Event]:
    if "boom" in article.text:
        raise ModuleNotFoundError("No module named 'dateparser'", name="dateparser")
    return word_events(article)


def missing_data(article: Article) -> list[Event]:
    raise FileNotFoundError(2, "No such file or directory", "/site/dashboard/resources/x.tsv")


def buggy(article: Article) -> list[Event]:
    raise TypeError("unsupported operand")


def _folder(tmp_path: Path, files: int = 6, per_file: int = 10) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    for f in range(files):
        rows = [{"title": f"Story {f} {n}", "text": f"Body {f} {n}.", "published": "2024-01-02"}
                for n in range(per_file)]
        (folder / f"{f}.jsonl").write_text("\n".join(map(json.dumps, rows)), encoding="utf-8")
    return folder


def test_one_and_two_workers_store_the_same_rows(tmp_path):
    folder = _folder(tmp_path)
    rows = []
    for workers in (1, 2):
        store = Store(tmp_path / f"w{workers}.duckdb")
        report = pipeline.ingest_paths([folder], store, workers=workers, extract=word_events)
        assert (report.articles_added, report.events_stored) == (60, 180)
        rows.append(store.query_rows("SELECT * EXCLUDE (confidence) FROM events ORDER BY 1"))
    assert rows[0] == rows[1]


def test_results_keep_input_order_and_failures_become_problems():
    articles = [Article(text="boom" if n == 5 else f"Body {n}.", title=f"T {n}",
                        published=date(2024, 1, 2)) for n in range(30)]
    results = list(pipeline.extract_found((Found(a) for a in articles), fails_on_boom, 2))
    assert [r.message for r in results if not isinstance(r, tuple)] == [
        "event extraction failed (ValueError: odd article); article not stored"]
    kept = [r[0].article.title for r in results if isinstance(r, tuple)]
    assert kept == [f"T {n}" for n in range(30) if n != 5]


def test_reading_stays_a_bounded_distance_ahead_of_extraction():
    pulled = []

    def source():
        for n in range(1000):
            pulled.append(n)
            yield Found(Article(text=f"Body {n}.", title=f"T {n}"))

    results = pipeline.extract_found(source(), word_events, workers=2)
    next(results)
    # Workers x chunks in flight x articles per chunk, plus the chunk run here first.
    assert len(pulled) <= 2 * pipeline.IN_FLIGHT_PER_WORKER * pipeline.CHUNK + pipeline.CHUNK
    results.close()


def test_batch_published_date_wins_and_is_recorded(tmp_path):
    folder = _folder(tmp_path, files=1, per_file=2)
    store = Store(tmp_path / "p.duckdb")
    pipeline.ingest_paths([folder], store, published=date(2020, 5, 6), workers=1,
                          extract=word_events)
    assert store.query_rows("SELECT DISTINCT published, published_from FROM articles") == [
        (date(2020, 5, 6), "batch")]


def test_repeated_problems_share_a_summary_line():
    from dashboard.readers import Problem
    from dashboard.readers.problems import problem_lines

    problems = [Problem("a.jsonl", n, "no text") for n in (1, 2, 3, 5)] + [
        Problem("a.jsonl", 9, "bad date", skipped=False), Problem("b.txt", None, "empty")]
    assert problem_lines(problems) == [
        "skipped: a.jsonl: lines 1-3, 5 (4 lines): no text",
        "warning: a.jsonl:9: bad date",
        "skipped: b.txt: empty",
    ]
    items = [Problem("gold.json", None, f'item {n}: no "text" field') for n in range(1, 7)]
    assert problem_lines([*items, Problem("gold.json", None, "item 9: a JSON list")]) == [
        'skipped: gold.json: items 1-6 (6 items): no "text" field',
        "skipped: gold.json: item 9: a JSON list",
    ]


def _boom_articles() -> list[Found]:
    return [Found(Article(text="boom" if n == 12 else f"Body {n}.", title=f"T {n}"))
            for n in range(30)]


@pytest.mark.parametrize("workers", [1, 2])
@pytest.mark.parametrize("extract, expected", [
    (missing_package, "pip install dateparser"),
    (missing_data, "reinstall Eventline"),
])
def test_environment_errors_stop_the_run_instead_of_failing_each_article(
        workers, extract, expected):
    # Before: every article became "event extraction failed" and the run exited 0.
    with pytest.raises(pipeline.SetupError, match=expected):
        list(pipeline.extract_found(_boom_articles(), extract, workers))


@pytest.mark.parametrize("workers", [1, 2])
def test_a_programming_error_is_not_reported_as_a_bad_article(workers):
    with pytest.raises(TypeError, match="unsupported operand"):
        list(pipeline.extract_found(_boom_articles(), buggy, workers))


# `eventline ingest --workers 2` with a slow stand-in extractor, killed mid-run by the test.
ORPHAN_SCRIPT = textwrap.dedent("""
    import sys, time
    from dashboard import pipeline
    from dashboard.cli import main

    def slow(article):
        time.sleep(0.05)  # sleeping, not computing: the CPU is shared
        return []

    pipeline.default_extractor = slow
    print("started", flush=True)
    main(sys.argv[1:])
""")


def _children(pid: int) -> list[int]:
    """Pids whose parent is ``pid`` (Linux /proc)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"  # a zombie has exited; only its exit status waits to be collected


def _reaches_end(fd: int, seconds: float) -> bool:
    """True when the pipe reaches end-of-file (every writer closed it) within ``seconds``."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], max(0.0, deadline - time.monotonic()))
        if ready and os.read(fd, 65536) == b"":
            return True
    return False


def _wait_for(condition, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return condition()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_workers_exit_when_the_parent_is_killed(tmp_path):
    folder = _folder(tmp_path, files=20, per_file=40)  # 800 articles: ~20 s with 2 workers
    # stdout and stderr into one pipe, as in `eventline ingest ... 2>&1 | tee log`.
    child = subprocess.Popen(
        [sys.executable, "-c", ORPHAN_SCRIPT, "ingest", str(folder), "--workers", "2",
         "--db", str(tmp_path / "o.duckdb")],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    workers: list[int] = []
    try:
        assert child.stdout is not None and child.stdout.readline() == b"started\n"
        assert _wait_for(lambda: len(_children(child.pid)) >= 2, 60), "no workers started"
        workers = _children(child.pid)
        child.send_signal(signal.SIGKILL)
        child.wait(10)
        assert _wait_for(lambda: not any(_alive(p) for p in workers), 20), workers
        # Nobody holds the caller's pipe any more: `tee` sees its end instead of hanging.
        assert _reaches_end(child.stdout.fileno(), 20)
    finally:
        child.kill()
        for pid in workers:  # only on failure: never leave orphans behind
            if _alive(pid):
                os.kill(pid, signal.SIGKILL)
