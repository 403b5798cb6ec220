"""Orchestration: files -> articles -> events -> store. The only impure glue around extract/.

Files are read one at a time in this process and their articles handed, in small chunks, to
worker processes for extraction (extraction is pure, and ``Article``/``Event`` pickle), with
a bounded number of chunks in flight, so memory stays flat however many files there are.
Results come back in input order and are written in bounded transactions (see store.py).
Beyond that, only each article's id and source are kept, to report duplicates within a batch.

A bad file or article becomes a Problem; a broken installation (a missing package or data
file) raises SetupError and stops the run, since it would fail every article alike.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from datetime import date
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING

from dashboard import workers as workers_lib
from dashboard.models import Article, Event
from dashboard.readers import (
    Blob,
    Found,
    Problem,
    ReadOptions,
    Source,
    expand_paths,
    read_file,
)
from dashboard.store import IngestCounts, Store

if TYPE_CHECKING:  # for annotations only
    from dashboard.parquet_store import ParquetStore

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
    articles_dated: int = 0  # stored undated, replaced by a copy of the text with a date
    articles_undated: int = 0
    articles_duplicate: int = 0  # same text (and URL) as an earlier article of this batch
    events_stored: int = 0
    problems: list[Problem] = field(default_factory=list)
    languages: Counter[str] = field(default_factory=Counter)  # articles read per language

    @property
    def skipped(self) -> list[Problem]:
        return [p for p in self.problems if p.skipped]


class SetupError(RuntimeError):
    """The installation, not the input, is at fault (a missing package or data file).

    It stops the run: reporting it as a bad article would report every article.
    """


def setup_error(exc: ImportError | OSError) -> SetupError:
    """What an environment failure means for the user, and what to install."""
    if isinstance(exc, ImportError):
        if "lxml.html.clean" in str(exc) or "lxml_html_clean" in str(exc):
            return SetupError(
                "HTML pages cannot be read: lxml no longer includes lxml.html.clean, which "
                "trafilatura needs; install lxml_html_clean (pip install lxml_html_clean)")
        missing = (exc.name or "").split(".")[0] or "the missing package"
        return SetupError(f"a Python package Eventline needs is missing ({exc}); install it "
                          f"(pip install {missing}) or reinstall Eventline")
    # Reading the user's files turns OSError into a Problem first (readers/common.py), so
    # one that gets here is Eventline's own data (a FileNotFoundError, ResourceError).
    where = f" ({exc.filename})" if exc.filename else ""
    return SetupError(f"a data file Eventline needs is missing or unreadable{where}: "
                      f"{exc.strerror or exc}; reinstall Eventline "
                      "(pip install --force-reinstall eventline)")


def default_extractor(article: Article) -> list[Event]:
    # Imported on first use so that reading and storing work without the extractors loaded.
    from dashboard.extract.events import extract_events

    return extract_events(article)


def with_published(article: Article, published: date | None) -> Article:
    """The article with a batch-wide publication date (keeps its id: the text is unchanged)."""
    return article if published is None else replace(article, published=published)


def with_language(article: Article, language: str, report: IngestReport) -> Article:
    """The article with the language it is read in: ``language`` (``--language``) if given,
    else its declared one, else the one identified from its text (see extract/language.py).

    A declared value that is no language is reported and replaced by the identified one; an
    article in a language Eventline does not read is kept and reported, so that its sparse
    events are not mistaken for a complete reading.
    """
    from dashboard.extract.language import identify, is_read, settle

    file, line = _located(article.path)
    try:
        chosen = settle(language or article.language, article.text)
    except ValueError as exc:
        chosen = identify(article.text)
        report.problems.append(Problem(file, line, f"{exc}; read as {chosen.language}, "
                                       "identified from the text", skipped=False))
    report.languages[chosen.language] += 1
    if not is_read(chosen.language):
        report.problems.append(Problem(
            file, line, f"read as unsupported language {chosen.language} ({chosen.how}): "
            "only numeric dates (2024-03-05, 5/3/2024) are read, relative dates are left "
            "unresolved and names are matched as in English; set --language (or a language "
            "field) if this is wrong", skipped=False))
    if chosen.language == article.language:
        return article
    return replace(article, language=chosen.language)


Progress = Callable[[int], None]  # called with the number of bytes of input just read


def source_size(source: Source | Problem) -> int:
    """Bytes of input a source stands for, for the progress bar (0 when unknown)."""
    if isinstance(source, Blob):
        return len(source.data)
    if isinstance(source, Path):
        try:
            return source.stat().st_size
        except OSError:
            return 0
    return 0


def read_found(
    paths: Iterable[Source],
    report: IngestReport,
    published: date | None = None,
    on_progress: Progress | None = None,
    options: ReadOptions | None = None,
) -> Iterator[Found]:
    """Articles under ``paths``; problems go into ``report`` instead of stopping the batch.

    A duplicate of an earlier article of the batch is reported, not passed on, unless it
    gives the publication date the earlier copy lacks: then it is passed on too, and the
    store keeps the dated copy.
    """
    options = options or ReadOptions()
    seen: dict[str, str] = {}  # article id -> where it was first read
    undated: set[str] = set()  # ids read so far only without a publication date
    for item in expand_paths(paths, options.follow_symlinks):
        if isinstance(item, Problem):
            report.problems.append(item)
            continue
        report.files_read += 1
        for found in _read_one(item, report, options, on_progress):
            if published is not None:
                found = Found(with_published(found.article, published), "batch")
            article_id = found.article.article_id
            duplicate = _duplicate(found.article, seen)
            if duplicate and not (article_id in undated and found.article.published):
                report.articles_duplicate += 1
                report.problems.append(duplicate)
                continue
            if duplicate:  # the dated copy of an undated one: counted once, as dated
                report.articles_undated -= 1
            if found.article.published is None:
                undated.add(article_id)
            else:
                undated.discard(article_id)
            found = Found(with_language(found.article, options.language, report),
                          found.published_from)
            report.articles_undated += found.article.published is None
            yield found


def _read_one(item: Source, report: IngestReport, options: ReadOptions,
              on_progress: Progress | None) -> Iterator[Found]:
    """One file's articles, advancing the progress by their share of the file's bytes."""
    size = source_size(item)
    done = 0
    try:
        for result in read_file(item, options):
            if isinstance(result, Problem):
                report.problems.append(result)
                continue
            report.articles_read += 1
            if on_progress:
                # The text's UTF-8 length approximates the bytes it took in the file.
                step = min(size - done, len(result.article.text.encode("utf-8", "replace")))
                done += step
                on_progress(step)
            yield result
    except (ImportError, OSError) as exc:
        raise setup_error(exc) from exc
    if on_progress and size > done:
        on_progress(size - done)


def _duplicate(article: Article, seen: dict[str, str]) -> Problem | None:
    first = seen.setdefault(article.article_id, article.path)
    if first == article.path:
        return None
    return duplicate_problem(article.path, first)


def duplicate_problem(path: str, first: str) -> Problem:
    """The report of an article read at ``path`` whose text was read before at ``first``."""
    file, line = _located(path)
    first_file, first_line = _located(first)
    if first_file == file and first_line:
        earlier = f"line {first_line}" if ":" in first[len(first_file):] else f"item {first_line}"
    else:
        earlier = first
    return Problem(file, line, f"same text as {earlier}, earlier in this batch; stored once")


def _located(path: str) -> tuple[str, int | None]:
    """'f.jsonl:3' -> ('f.jsonl', 3); 'f.json#2' -> ('f.json', 2); else (path, None)."""
    for mark in (":", "#"):
        head, sep, tail = path.rpartition(mark)
        if sep and tail.isdigit():
            return head, int(tail)
    return path, None


def read_articles(
    paths: Iterable[Source],
    report: IngestReport,
    published: date | None = None,
    on_progress: Progress | None = None,
    options: ReadOptions | None = None,
) -> Iterator[Article]:
    for found in read_found(paths, report, published, on_progress, options):
        yield found.article


def extract_pairs(
    articles: Iterable[Article], extract: Extractor | None = None
) -> Iterator[tuple[Article, list[Event]]]:
    extract = extract or default_extractor
    for article in articles:
        yield article, extract(article)


# What extracting one odd article may raise; anything else (a bug, a missing package or
# data file) stops the run instead of being reported once per article.
ARTICLE_ERRORS = (ValueError, ArithmeticError, RecursionError)


def _extract_chunk(extract: Extractor, articles: list[Article]) -> list[list[Event] | str]:
    """Runs in a worker: events per article, or the error that one article raised."""
    results: list[list[Event] | str] = []
    for article in articles:
        try:
            results.append(extract(article))
        except ARTICLE_ERRORS as exc:  # one bad article must not lose the chunk
            results.append(f"{type(exc).__name__}: {exc}")
        except (ImportError, OSError) as exc:
            # Sent back as a SetupError: a plain str message pickles, a custom class may not.
            raise setup_error(exc) from None
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
        with ProcessPoolExecutor(max_workers=workers, mp_context=_context(),
                                 initializer=workers_lib.start_worker,
                                 initargs=(os.getpid(),)) as pool:
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
    pairs: Iterable[tuple[Found, list[Event]] | Problem], store: Store | ParquetStore,
    report: IngestReport,
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
    report.articles_dated += counts.articles_dated
    report.events_stored += counts.events_added
    return counts


def ingest_found(
    found: Iterable[Found], store: Store | ParquetStore, report: IngestReport,
    extract: Extractor | None = None, workers: int = 1,
) -> None:
    """Extract and store articles already read (a pasted text), counting them as read."""
    def counted() -> Iterator[Found]:
        for item in found:
            report.articles_read += 1
            report.articles_undated += item.article.published is None
            yield Found(with_language(item.article, "", report), item.published_from)

    store_pairs(extract_found(counted(), extract, workers), store, report)


def ingest(
    sources: Iterable[Source],
    store: Store | ParquetStore,
    published: date | None = None,
    on_progress: Progress | None = None,
    *,
    workers: int | None = None,
    options: ReadOptions | None = None,
    extract: Extractor | None = None,
) -> IngestReport:
    """Read, extract and store files, folders or in-memory files (``Blob``): the one ingest
    behind both `eventline ingest` and the Ingest page. ``workers`` defaults to all cores.

    Raises SetupError when the installation is incomplete (see ``setup_error``).
    """
    report = IngestReport()
    found = read_found(sources, report, published, on_progress, options)
    store_pairs(extract_found(found, extract, workers or available_cores()), store, report)
    return report


ingest_paths = ingest  # the older name, kept for callers that read files only


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
    if report.articles_dated:
        notes.append(f"{report.articles_dated} articles without a publication date were "
                     "replaced by a copy of the same text that has one, with their events")
    if report.articles_duplicate:
        notes.append(f"{report.articles_duplicate} articles repeat an earlier article of this "
                     "batch (same text): stored once")
    if set(report.languages) - {"en"}:
        counts = ", ".join(f"{code} {n}" for code, n in report.languages.most_common())
        notes.append(f"articles by language: {counts}")
    if report.articles_undated:
        notes.append(f"{report.articles_undated} articles have no publication date: stored "
                     "and flagged undated (relative dates in them stay unresolved)")
    return notes
