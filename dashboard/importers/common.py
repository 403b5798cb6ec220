"""Shared pieces of the importers: lookups, file reading, batched writing, the report."""

from __future__ import annotations

import gzip
import hashlib
import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path

from dashboard.models import Article, Event
from dashboard.readers.common import Problem
from dashboard.store import IngestCounts, Store


@dataclass
class ImportReport:
    files_read: int = 0
    rows_read: int = 0
    events_added: int = 0
    events_replaced: int = 0
    sources_added: int = 0  # provenance article rows
    problems: list[Problem] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Imported:
    """One imported row: its event and its provenance article."""

    event: Event
    article: Article


def resource_lines(name: str) -> list[str]:
    """Lines of a bundled lookup table in ``dashboard/resources`` (see its README)."""
    return resources.files("dashboard").joinpath("resources", name).read_text("utf-8").splitlines()


@cache
def countries() -> list[dict[str, str]]:
    """Rows of ``resources/countries.tsv``: fips, iso2, iso3, iso_numeric, name."""
    lines = resource_lines("countries.tsv")
    header = lines[0].split("\t")
    return [dict(zip(header, line.split("\t"), strict=True)) for line in lines[1:] if line]


@cache
def iso3_codes() -> frozenset[str]:
    return frozenset(row["iso3"] for row in countries())


@cache
def fips_to_iso3() -> dict[str, str]:
    return {row["fips"]: row["iso3"] for row in countries() if row["fips"]}


@cache
def numeric_to_iso3() -> dict[str, str]:
    return {str(int(row["iso_numeric"])): row["iso3"] for row in countries()
            if row["iso_numeric"].isdigit()}


@cache
def name_to_iso3() -> dict[str, str]:
    return {row["name"].lower(): row["iso3"] for row in countries()}


@cache
def iso2_to_iso3() -> dict[str, str]:
    return {row["iso2"]: row["iso3"] for row in countries() if row["iso2"]}


def source_article(origin: str, key: str, *, title: str, source: str = "", url: str = "",
                   path: str = "", published=None) -> Article:
    """The provenance row for imported events: one per source URL or outlet, no text."""
    digest = hashlib.sha1(f"{origin}\n{key}".encode()).hexdigest()[:16]
    return Article(text="", title=title, published=published, source=source, url=url,
                   path=path, article_id=f"{origin}:{digest}")


def open_lines(path: Path) -> Iterator[str]:
    """Lines of a plain or gzip-compressed UTF-8 file, streamed (bad bytes replaced)."""
    with path.open("rb") as raw:
        gzipped = raw.read(2) == b"\x1f\x8b"
    opener = gzip.open if gzipped else open
    with opener(path, "rb") as handle:
        yield from io.TextIOWrapper(handle, encoding="utf-8", errors="replace", newline="")


def write_batches(
    items: Iterable[Imported | Problem], store: Store, origin: str, report: ImportReport
) -> None:
    """Store imported rows in transactions of at most ``store.batch_events`` rows."""
    counts = IngestCounts()
    batch_size = store.batch_events
    batch: list[Imported] = []
    for item in items:
        if isinstance(item, Problem):
            report.problems.append(item)
            continue
        report.rows_read += 1
        batch.append(item)
        if len(batch) >= batch_size:
            _flush(batch, store, origin, counts)
            batch = []
    if batch:
        _flush(batch, store, origin, counts)
    store.refresh_happenings()  # once for the whole import: a day's block is grouped once
    report.events_added += counts.events_added
    report.events_replaced += counts.events_replaced
    report.sources_added += counts.articles_added


def _flush(batch: list[Imported], store: Store, origin: str, counts: IngestCounts) -> None:
    events = {item.event.event_id: item.event for item in batch}  # a repeated id: last wins
    articles = {item.article.article_id: item.article for item in batch}
    store.import_batch(list(articles.values()), list(events.values()), origin, counts)


def import_files(paths: Iterable[Path], store: Store, origin: str, read) -> ImportReport:
    """Import every file with ``read(path) -> Iterator[Imported | Problem]``."""
    report = ImportReport()

    def items() -> Iterator[Imported | Problem]:
        for path in paths:
            if not path.is_file():
                what = "is a folder; expected an export file" if path.is_dir() else (
                    "no such file")
                yield Problem(str(path), None, what)
                continue
            report.files_read += 1
            try:
                yield from read(path)
            except PermissionError:
                yield Problem(str(path), None, "permission denied: cannot read the file")
            except (OSError, EOFError) as exc:
                yield Problem(str(path), None, f"cannot read the file ({exc}); "
                              "expected a plain or gzip-compressed export")

    write_batches(items(), store, origin, report)
    return report


def to_int(value: str) -> int | None:
    """An optional integer cell: empty or malformed gives None, not an error."""
    try:
        return int(value)
    except ValueError:
        return None


def to_float(value: str) -> float | None:
    """An optional decimal cell (coordinates, Goldstein scale): None when absent or bad."""
    try:
        return float(value)
    except ValueError:
        return None
