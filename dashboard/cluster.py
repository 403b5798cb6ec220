"""Ingest on a Dask cluster into a Parquet store (``eventline ingest ... --cluster --out``).

The client lists the input files and cuts them into tasks of about ``TASK_BYTES`` (whole
files; a big JSON Lines file in parts of ``PART_BYTES``). Each worker reads its task's files
itself (so inputs must be paths the workers see, or fsspec URLs such as ``s3://...``),
extracts the events with the dictionaries it loaded once when it started, and writes the
task's rows into the store's staging folder, each file under a temporary name and then
renamed (parquet_store.write_stage). A worker killed mid-task leaves no file the commit
reads; Dask runs the task again elsewhere, and the rerun writes the same files. When every
task is done the client commits the batch (parquet_store.ParquetStore.commit): repeated and
already stored articles are left out there, so the result is the embedded store's.

Nothing here holds the store's rows in memory: workers stream files to disk, the client
keeps only each task's counts and problems.
"""

from __future__ import annotations

import glob
import logging
import math
import re
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from functools import partial
from pathlib import Path, PurePosixPath

from distributed.diagnostics.plugin import WorkerPlugin

from dashboard.models import Article
from dashboard.parquet_store import ParquetStore, Staging, staging, write_stage
from dashboard.pipeline import (
    IngestReport,
    SetupError,
    _extract_chunk,
    _pair_up,
    default_extractor,
    duplicate_problem,
    setup_error,
    with_language,
    with_published,
)
from dashboard.readers import Blob, Found, Problem, ReadOptions, expand_paths, read_file
from dashboard.readers.common import ReadError

TASK_BYTES = 1024 * 1024  # input per task: small enough to keep every worker busy to the end
TASK_FILES = 64  # files per task at most (many tiny files)
PART_BYTES = 1024 * 1024  # a JSON Lines file above this is read by several tasks
TASKS_PER_WORKER = 4  # at least, when the input allows: the last tasks end close together
MIN_TASK_BYTES = 32 * 1024  # below this, scheduling costs more than the task's work
SPLITTABLE = (".jsonl", ".ndjson")
WORKER_MEMORY = "2GiB"  # a local worker above this is restarted (its task runs again)
_LOCAL = re.compile(r"local:(\d+)$")
_GLOB = re.compile(r"[*?\[]")
WARM_UP = Article(text="TOKYO - Japan said on Monday it met Taliban officials in Kabul.",
                  published=date(2025, 2, 18))


class ClusterError(Exception):
    """The cluster cannot be reached or an input cannot be listed; the message says which."""


@dataclass(frozen=True)
class Source:
    """One input file (or a part of one) as a worker will open it: a local path or a URL."""

    location: str
    size: int
    part: int = 0
    parts: int = 1

    @property
    def is_url(self) -> bool:
        return "://" in self.location


@dataclass(frozen=True)
class Task:
    number: int  # in input order: the first copy of a repeated article is kept
    sources: tuple[Source, ...]

    @property
    def size(self) -> int:
        return sum(s.size // s.parts for s in self.sources)


def parse_cluster(spec: str) -> int | str:
    """``local:N`` -> N worker processes on this machine; ``tcp://host:port`` -> a scheduler."""
    match = _LOCAL.match(spec.strip())
    if match:
        workers = int(match.group(1))
        if workers < 1:
            raise ValueError(f"{spec!r} asks for no worker; expected local:N with N >= 1")
        return workers
    if re.match(r"(tcp|tls)://[^:/]+:\d+$", spec.strip()):
        return spec.strip()
    raise ValueError(f"{spec!r} is not a cluster; expected local:N (N worker processes here) "
                     "or tcp://HOST:PORT (a running `dask scheduler`)")


# -- planning -----------------------------------------------------------------------------------
def list_sources(inputs: Sequence[str], options: ReadOptions, part_bytes: int = PART_BYTES
                 ) -> tuple[list[Source], list[Problem]]:
    """The files under ``inputs`` (paths, folders, globs, fsspec URLs), in order; a JSON
    Lines file bigger than ``part_bytes`` is cut into parts of about that size."""
    sources: list[Source] = []
    problems: list[Problem] = []
    for text in inputs:
        if "://" in text:
            _list_url(text, sources, problems, part_bytes)
            continue
        paths = [Path(p) for p in sorted(glob.glob(text))] if _GLOB.search(text) and \
            not Path(text).exists() else [Path(text)]
        if not paths:
            problems.append(Problem(text, None, "no file matches this pattern"))
        for item in expand_paths(paths, options.follow_symlinks):
            if isinstance(item, Problem):
                problems.append(item)
            elif isinstance(item, Path):
                sources.extend(_split(str(item), item.stat().st_size, part_bytes))
    return sources, problems


def _list_url(url: str, sources: list[Source], problems: list[Problem],
              part_bytes: int) -> None:
    """Files behind an fsspec URL (a file, a folder or a glob)."""
    try:
        import fsspec

        fs, path = fsspec.core.url_to_fs(url)
        if _GLOB.search(path):
            found = sorted(fs.glob(path))
        elif fs.isdir(path):
            found = sorted(fs.find(path))
        else:
            found = [path]
        for item in found:
            if PurePosixPath(item).name.startswith("."):
                continue
            sources.extend(_split(fs.unstrip_protocol(item), int(fs.size(item) or 0),
                                  part_bytes))
        if not found:
            problems.append(Problem(url, None, "no file matches this URL"))
    except ImportError as exc:
        problems.append(Problem(url, None, f"cannot read this kind of URL ({exc}); install the "
                                "fsspec filesystem for it, e.g. pip install s3fs for s3://"))
    except (OSError, ValueError) as exc:
        problems.append(Problem(url, None, f"cannot list it: {exc}"))


def _split(location: str, size: int, part_bytes: int) -> list[Source]:
    if PurePosixPath(location).suffix.lower() not in SPLITTABLE or size <= part_bytes:
        return [Source(location, size)]
    parts = math.ceil(size / part_bytes)
    return [Source(location, size, part, parts) for part in range(parts)]


def plan_tasks(sources: Sequence[Source], task_bytes: int = TASK_BYTES) -> list[Task]:
    """Consecutive sources grouped into tasks of about ``task_bytes`` (order is kept)."""
    tasks: list[Task] = []
    group: list[Source] = []
    size = 0
    for source in sources:
        share = source.size // source.parts
        if group and (size + share > task_bytes or len(group) >= TASK_FILES):
            tasks.append(Task(len(tasks), tuple(group)))
            group, size = [], 0
        group.append(source)
        size += share
    if group:
        tasks.append(Task(len(tasks), tuple(group)))
    return tasks


# -- on a worker --------------------------------------------------------------------------------
def warm_up() -> None:
    """Load the extraction dictionaries and the language model (once per worker process,
    when it starts): together about 3 CPU seconds the first task would otherwise pay."""
    from dashboard.extract.language import identify

    identify(WARM_UP.text)
    default_extractor(WARM_UP)


class WarmUp(WorkerPlugin):
    """Every worker, and every restarted one, loads the dictionaries before its first task,
    so no task pays for them."""

    name = "eventline-warm-up"

    def setup(self, worker=None) -> None:
        warm_up()


def run_task(folder: str, task: Task, published: date | None, options: ReadOptions
             ) -> IngestReport:
    """Read, extract and stage one task (runs on a worker); returns its counts and problems."""
    report = IngestReport()
    found: list[Found] = []
    for source in task.sources:
        for item in _read_source(source, options, report):
            if published is not None:
                item = Found(with_published(item.article, published), "batch")
            item = Found(with_language(item.article, options.language, report),
                         item.published_from)
            report.articles_undated += item.article.published is None
            found.append(item)
    results = _extract_chunk(default_extractor, [f.article for f in found])
    pairs = []
    for result in _pair_up(found, results):
        if isinstance(result, Problem):
            report.problems.append(result)
        else:
            pairs.append((result[0].article, result[1], result[0].published_from))
    write_stage(Path(folder), task.number, pairs)
    return report


def _read_source(source: Source, options: ReadOptions, report: IngestReport
                 ) -> Iterator[Found]:
    if source.part == 0:
        report.files_read += 1
    try:
        for result in _results(source, options):
            if isinstance(result, Problem):
                # A problem of the whole file is told once, by its first part.
                if source.part == 0 or (result.line is not None and
                                        not result.message.startswith("mixed encodings")):
                    report.problems.append(result)
                continue
            report.articles_read += 1
            yield result
    except (ImportError, OSError) as exc:
        raise setup_error(exc) from exc


def _results(source: Source, options: ReadOptions) -> Iterator[Found | Problem]:
    from dashboard.readers import read_data
    from dashboard.readers.jsonl import read_jsonl_part

    if source.parts > 1:
        try:
            data = _fetch(source, options.max_bytes)
        except ReadError as exc:
            yield Problem(source.location, None, str(exc))
            return
        reader = partial(read_jsonl_part, part=source.part, parts=source.parts)
        yield from read_data(source.location, data, options, reader=reader)
    elif source.is_url:
        try:
            data = _fetch(source, options.max_bytes)
        except ReadError as exc:
            yield Problem(source.location, None, str(exc))
            return
        yield from read_file(Blob(source.location, data), options)
    else:
        yield from read_file(Path(source.location), options)


def _fetch(source: Source, max_bytes: int) -> bytes:
    if not source.is_url:
        from dashboard.readers.common import read_bytes

        return read_bytes(Path(source.location), max_bytes)
    import fsspec

    try:
        with fsspec.open(source.location, "rb") as handle:
            data = handle.read(max_bytes + 1)
    except OSError as exc:
        raise ReadError(f"cannot read it: {exc}") from exc
    if len(data) > max_bytes:
        raise ReadError(f"file is over the limit of {max_bytes:,} bytes (raise it with "
                        "--max-size)")
    return data


# -- on the client ------------------------------------------------------------------------------
@contextmanager
def connect(spec: str, workers_memory: str = WORKER_MEMORY):
    """A Dask client on ``spec`` (see parse_cluster); a local cluster ends with the block."""
    from distributed import Client, LocalCluster

    target = parse_cluster(spec)
    if isinstance(target, int):
        cluster = LocalCluster(n_workers=target, threads_per_worker=1, processes=True,
                               dashboard_address=":0", silence_logs=logging.ERROR,
                               memory_limit=workers_memory)
        try:
            with Client(cluster) as client:
                client.register_plugin(WarmUp())
                yield client
        finally:
            cluster.close()
        return
    try:
        client = Client(target, timeout=30)
    except OSError as exc:
        raise ClusterError(f"cannot reach the Dask scheduler at {target}: {exc}; start it with "
                           "`dask scheduler` and its workers with `dask worker ADDRESS`") from exc
    try:
        client.register_plugin(WarmUp())
        yield client
    finally:
        client.close()


# Called with the input bytes of each finished task; first once with (0, total bytes).
Progress = Callable[..., None]


def ingest_on_cluster(
    inputs: Sequence[str], out: Path, cluster: str, published: date | None = None,
    options: ReadOptions | None = None, on_progress: Progress | None = None,
    client=None, task_bytes: int | None = None, part_bytes: int | None = None,
) -> IngestReport:
    """Ingest ``inputs`` on the cluster ``cluster`` into the Parquet store ``out``.

    ``client``: an open Dask client to use instead of connecting (tests, benchmarks);
    ``task_bytes``/``part_bytes``: the input each task reads (see plan_tasks, list_sources);
    by default small enough for every worker to get several tasks (see task_size)."""
    options = options or ReadOptions()
    sources, problems = list_sources(inputs, options, part_bytes or PART_BYTES)
    report = IngestReport(problems=list(problems))
    store = ParquetStore(out)
    with staging(out) as batch:
        if sources:
            with _using(client, cluster) as active:
                size = task_bytes or task_size(sources, _worker_count(active))
                if part_bytes is None and size < PART_BYTES:
                    sources = resplit(sources, size)
                tasks = plan_tasks(sources, size)
                if on_progress:
                    on_progress(0, sum(task.size for task in tasks))
                _run_tasks(active, tasks, batch, published, options, report, on_progress)
                result = store.commit(batch, active)  # the happenings are grouped on it
        else:
            result = store.commit(batch)
    counts = result.counts
    report.articles_added += counts.articles_added
    report.articles_unchanged += counts.articles_unchanged
    report.articles_replaced += counts.articles_replaced
    report.articles_dated += counts.articles_dated
    report.events_stored += counts.events_added
    report.articles_duplicate += len(result.duplicates)
    report.problems.extend(duplicate_problem(d.path, d.first) for d in result.duplicates)
    report.articles_undated -= result.duplicate_undated
    report.languages.subtract(result.duplicate_languages)
    report.languages += Counter()  # drops the languages only repeats had
    return report


@contextmanager
def _using(client, cluster: str):
    """The client given, or one connected to ``cluster`` for the block."""
    if client is not None:
        yield client
        return
    with connect(cluster) as own:
        yield own


def _worker_count(client) -> int:
    return max(1, len(client.scheduler_info().get("workers", {})))


def task_size(sources: Sequence[Source], workers: int) -> int:
    """Input bytes per task: ``TASK_BYTES``, or less when the input is small, so that each
    worker gets about ``TASKS_PER_WORKER`` tasks (2,000 stories are only 2 MB: in 1 MB tasks
    one worker of two would wait for the other at the end)."""
    total = sum(source.size // source.parts for source in sources)
    return max(MIN_TASK_BYTES, min(TASK_BYTES, total // (workers * TASKS_PER_WORKER)))


def resplit(sources: Sequence[Source], part_bytes: int) -> list[Source]:
    """``sources`` with their JSON Lines files cut into parts of about ``part_bytes``."""
    return [part for source in sources if source.part == 0
            for part in _split(source.location, source.size, part_bytes)]


def _run_tasks(client, tasks: list[Task], batch: Staging, published: date | None,
               options: ReadOptions, report: IngestReport, on_progress: Progress | None) -> None:
    from distributed import as_completed

    folder = str(batch.folder)
    futures = {
        client.submit(run_task, folder, task, published, options, pure=False,
                      key=f"eventline-{batch.batch}-{task.number}"): task
        for task in tasks
    }
    try:
        for future in as_completed(futures):
            part = future.result()
            _merge(report, part)
            if on_progress:
                on_progress(futures[future].size)
    except SetupError:
        raise
    except Exception as exc:
        if type(exc).__name__ == "KilledWorker":
            raise ClusterError(f"a task was running on workers that died {exc}: it was tried "
                               "several times (out of memory?); what was stored before this "
                               "ingest is kept, nothing of it was") from exc
        raise
    finally:
        client.cancel(list(futures))


def _merge(report: IngestReport, part: IngestReport) -> None:
    report.files_read += part.files_read
    report.articles_read += part.articles_read
    report.articles_undated += part.articles_undated
    report.problems.extend(part.problems)
    report.languages.update(part.languages)


def same_report_fields(report: IngestReport) -> dict[str, int]:
    """The counts of a report, for comparing runs (tests and benchmarks)."""
    return {name: getattr(report, name) for name in (
        "files_read", "articles_read", "articles_added", "articles_unchanged",
        "articles_replaced", "articles_dated", "articles_undated", "articles_duplicate",
        "events_stored")}


__all__ = ["ClusterError", "Source", "Task", "connect", "ingest_on_cluster", "list_sources",
           "parse_cluster", "plan_tasks", "resplit", "run_task", "task_size"]
