"""Parallel extraction: the same rows with one or two workers, order kept, memory bounded."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from dashboard import pipeline
from dashboard.models import Article, Event, event_id_for
from dashboard.readers import Found
from dashboard.store import Store


def word_events(article: Article) -> list[Event]:
    """A stand-in extractor: one event per word of the title."""
    return [Event(event_id=event_id_for(article.article_id, i, i + 1, word),
                  article_id=article.article_id, date_start=article.published,
                  date_end=article.published, granularity="day", date_text=word,
                  date_source="publication", sentence=word, start=i, end=i + 1)
            for i, word in enumerate(article.title.split())]


def fails_on_boom(article: Article) -> list[Event]:
    if "boom" in article.text:
        raise RuntimeError("extractor bug")
    return word_events(article)


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
        "event extraction failed (RuntimeError: extractor bug); article not stored"]
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
