"""Orchestration: files -> articles -> events -> store. The only impure glue around extract/.

Files are read one at a time in this process and their articles handed, in small chunks, to
worker processes for extraction (extraction is pure, and ``Article``/``Event`` pickle), with
a bounded number of chunks in flight, so memory stays flat however many files there are.
Results come back in input order and are written in bounded transactions (see store.py).
"""

from __future__ import annotations

import gc
import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from datetime import date
from itertools import islice
from pathlib import Path

from dashboard.models import Article, Event
from dashboard.readers import Found, Problem, ReadOptions, expand_paths, read_file
from dashboard.store import IngestCounts, Store

Extractor = Callable[[Article], list[Event]]
CHUNK = 8  # articles per task sent to a worker
IN_FLIGHT_PER_WORKER = 4  # chunks queued per worker: a slow one does not stall the rest


@dataclass
class IngestReport:
    files_read: int = 0
    articles_read: int = 0
    articles_added: int = 0
    articles_unchanged: int = 0
    articles_replaced: int = 0
    articles_undated: int = 0
    events_stored: int = 0
    problems: list[Problem] = field(default_factory=list)

    @property
    def skipped(self) -> list[Problem]:
        return [p for p in self.problems if p.skipped]


def default_extractor(article: Article) -> list[Event]:
    # Imported on first use so that reading and storing work without the extractors loaded.
    from dashboard.extract.events import extract_events

    return extract_events(article)


def with_published(article: Article, published: date | None) -> Article:
    """The article with a batch-wide publication date (keeps its id: the text is unchanged)."""
    return article if published is None else replace(article, published=published)


def read_found(
    paths: Iterable[Path],
    report: IngestReport,
    published: date | None = None,
    on_file: Callable[[Path | Problem], None] | None = None,
    options: ReadOptions | None = None,
) -> Iterator[Found]:
    """Articles under ``paths``; problems go into ``report`` instead of stopping the batch."""
    for item in expand_paths(paths):
        if on_file:
            on_file(item)
        if isinstance(item, Problem):
            report.problems.append(item)
            continue
        report.files_read += 1
        for result in read_file(item, options):
            if isinstance(result, Problem):
                report.problems.append(result)
                continue
            report.articles_read += 1
            if published is not None:
                result = Found(with_published(result.article, published), "batch")
            report.articles_undated += result.article.published is None
            yield result


def read_articles(
    paths: Iterable[Path],
    report: IngestReport,
    published: date | None = None,
    on_file: Callable[[Path | Problem], None] | None = None,
    options: ReadOptions | None = None,
) -> Iterator[Article]:
    for found in read_found(paths, report, published, on_file, options):
        yield found.article


def extract_pairs(
    articles: Iterable[Article], extract: Extractor | None = None
) -> Iterator[tuple[Article, list[Event]]]:
    extract = extract or default_extractor
    for article in articles:
        yield article, extract(article)


def _extract_chunk(extract: Extractor, articles: list[Article]) -> list[list[Event] | str]:
    """Runs in a worker: events per article, or the error that one article raised."""
    results: list[list[Event] | str] = []
    for article in articles:
        try:
            results.append(extract(article))
        except Exception as exc:  # noqa: BLE001 - one bad article must not lose the chunk
            results.append(f"{type(exc).__name__}: {exc}")
    return results


def extract_found(
    found: Iterable[Found], extract: Extractor | None = None, workers: int = 1
) -> Iterator[tuple[Found, list[Event]] | Problem]:
    """Events for each article, in input order; ``workers`` > 1 uses worker processes."""
    extract = extract or default_extractor
    chunks = _chunks(found, CHUNK)
    first = list(islice(chunks, 2))
    if workers <= 1 or len(first) < 2:  # a pool costs more than it saves on a few articles
        for chunk in _chain(first, chunks):
            yield from _pair_up(chunk, _extract_chunk(extract, [f.article for f in chunk]))
        return
    # The first chunk runs here: it loads the extractor's dictionaries once, and forked
    # workers then share them instead of each loading its own copy.
    yield from _pair_up(first[0], _extract_chunk(extract, [f.article for f in first[0]]))
    # Frozen objects are never scanned by the workers' garbage collector, so their memory
    # pages stay shared with this process instead of being copied into every worker.
    gc.freeze()
    try:
        with ProcessPoolExecutor(max_workers=workers, mp_context=_context()) as pool:
            yield from _run_pool(pool, _chain(first[1:], chunks), extract, workers)
    finally:
        gc.unfreeze()


def _run_pool(pool: ProcessPoolExecutor, chunks: Iterator[list[Found]], extract: Extractor,
              workers: int) -> Iterator[tuple[Found, list[Event]] | Problem]:
    """Submit chunks with a bounded number in flight; yield results in input order."""
    pending: deque[tuple[list[Found], Future]] = deque()
    for chunk in chunks:
        pending.append((chunk, pool.submit(_extract_chunk, extract, [f.article for f in chunk])))
        if len(pending) >= workers * IN_FLIGHT_PER_WORKER:
            done, future = pending.popleft()
            yield from _pair_up(done, future.result())
    while pending:
        done, future = pending.popleft()
        yield from _pair_up(done, future.result())


def _context() -> multiprocessing.context.BaseContext:
    # fork shares the loaded dictionaries copy-on-write; elsewhere use the platform default.
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else None)


def _chain(first: list, rest: Iterator) -> Iterator:
    yield from first
    yield from rest


def _chunks(items: Iterable, size: int) -> Iterator[list]:
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


def _pair_up(chunk: list[Found], results: list[list[Event] | str]):
    for found, result in zip(chunk, results, strict=True):
        if isinstance(result, str):
            yield Problem(found.article.path, None,
                          f"event extraction failed ({result}); article not stored")
        else:
            yield found, result


def store_pairs(
    pairs: Iterable[tuple[Found, list[Event]] | Problem], store: Store, report: IngestReport
) -> IngestCounts:
    def items():
        for item in pairs:
            if isinstance(item, Problem):
                report.problems.append(item)
            else:
                found, events = item
                yield found.article, events, found.published_from

    counts = store.add(items())
    report.articles_added += counts.articles_added
    report.articles_unchanged += counts.articles_unchanged
    report.articles_replaced += counts.articles_replaced
    report.events_stored += counts.events_added
    return counts


def ingest_articles(
    articles: Iterable[Article], store: Store, report: IngestReport,
    extract: Extractor | None = None, workers: int = 1,
) -> None:
    found = (Found(a, "metadata" if a.published else None) for a in articles)
    store_pairs(extract_found(found, extract, workers), store, report)


def ingest_paths(
    paths: Iterable[Path],
    store: Store,
    published: date | None = None,
    on_file: Callable[[Path | Problem], None] | None = None,
    *,
    workers: int | None = None,
    options: ReadOptions | None = None,
    extract: Extractor | None = None,
) -> IngestReport:
    """Read, extract and store everything under ``paths``; ``workers`` defaults to all cores."""
    report = IngestReport()
    found = read_found(paths, report, published, on_file, options)
    store_pairs(extract_found(found, extract, workers or available_cores()), store, report)
    return report


def available_cores() -> int:
    """Cores this process may use (a container or taskset may allow fewer than exist)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0)) or 1
    return os.cpu_count() or 1


def report_notes(report: IngestReport) -> list[str]:
    """Summary lines beyond the counts, only when they apply."""
    notes = []
    if report.articles_replaced:
        notes.append(f"{report.articles_replaced} stored articles were replaced by an edited "
                     "version (same URL, or same file without a URL), with their events")
    if report.articles_undated:
        notes.append(f"{report.articles_undated} articles have no publication date: stored "
                     "and flagged undated (relative dates in them stay unresolved)")
    return notes
