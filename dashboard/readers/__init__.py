"""Readers turn files into Articles; each format lives in its own module.

``read_file`` yields a ``Found`` article (with where its date came from) or a ``Problem``, so
a bad file is reported (file, line, what was expected) and never stops the batch.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from pathlib import Path, PurePath

from dashboard.models import Article
from dashboard.readers.archive import read_zip
from dashboard.readers.common import (
    Found,
    Problem,
    ReadError,
    ReadOptions,
    decode,
    read_bytes,
    read_gzip,
)
from dashboard.readers.csvfile import read_csv
from dashboard.readers.feed import read_feed
from dashboard.readers.htmlpage import read_html
from dashboard.readers.jsonfile import read_json
from dashboard.readers.jsonl import read_jsonl
from dashboard.readers.textfile import read_text_article

Reader = Callable[[str, str, ReadOptions], Iterator[Found | Problem]]

READERS: dict[str, Reader] = {
    ".txt": read_text_article,
    ".md": read_text_article,
    ".markdown": read_text_article,
    ".jsonl": read_jsonl,
    ".ndjson": read_jsonl,
    ".json": read_json,
    ".csv": read_csv,
    ".tsv": read_csv,
    ".html": read_html,
    ".htm": read_html,
    ".xhtml": read_html,
    ".rss": read_feed,
    ".atom": read_feed,
    ".xml": read_feed,
}
ARCHIVES = (".zip",)

__all__ = [
    "Found", "Problem", "READERS", "ReadOptions", "expand_paths", "iter_articles", "read_file",
    "supported_suffixes",
]


def supported_suffixes() -> list[str]:
    return sorted([*READERS, *ARCHIVES])


def expand_paths(paths: Iterable[Path]) -> Iterator[Path | Problem]:
    """Files to read under ``paths`` (folders are walked, hidden files skipped), in order,
    or a Problem for a path that does not exist."""
    for path in paths:
        if path.is_dir():
            yield from sorted(
                p for p in path.rglob("*")
                if p.is_file() and not any(part.startswith(".") for part in
                                           p.relative_to(path).parts)
            )
        elif path.exists():
            yield path
        else:
            yield Problem(str(path), None, "no such file or folder")


def read_file(path: Path, options: ReadOptions | None = None) -> Iterator[Found | Problem]:
    """The articles in one file, or Problems saying what could not be read and why."""
    options = options or ReadOptions()
    suffix = path.suffix.lower()
    if suffix in ARCHIVES:
        yield from read_zip(path, options, read_data, set(READERS))
        return
    # "stories.jsonl.gz": read by the reader of the inner type.
    inner = PurePath(path.stem).suffix.lower() if suffix == ".gz" else suffix
    if inner not in READERS:
        expected = ", ".join(supported_suffixes())
        yield Problem(str(path), None, f"unsupported file type {suffix!r}; expected {expected}"
                      " (or one of them compressed, as .gz)")
        return
    try:
        data = read_gzip(path, options.max_bytes) if suffix == ".gz" else read_bytes(
            path, options.max_bytes)
    except ReadError as exc:
        yield Problem(str(path), None, str(exc))
        return
    yield from read_data(str(path), data, options, inner)


def read_data(
    name: str, data: bytes, options: ReadOptions, suffix: str | None = None
) -> Iterator[Found | Problem]:
    """Decode ``data`` and hand it to the reader for ``suffix`` (default: ``name``'s)."""
    reader = READERS[suffix or PurePath(name).suffix.lower()]
    try:
        decoded = decode(data)
    except ReadError as exc:
        yield Problem(name, None, str(exc))
        return
    if decoded.fallback_lines:
        lines = ", ".join(str(n) for n in decoded.fallback_lines[:5])
        more = " ..." if len(decoded.fallback_lines) > 5 else ""
        yield Problem(name, decoded.fallback_lines[0],
                      f"mixed encodings: line(s) {lines}{more} are not UTF-8 and were read as "
                      "Windows-1252; expected one encoding per file", skipped=False)
    try:
        yield from reader(name, decoded.text, options)
    except Exception as exc:  # noqa: BLE001 - a parser bug on one odd file must not stop the batch
        yield Problem(name, None, f"could not be parsed ({type(exc).__name__}: {exc})")


def iter_articles(
    paths: Iterable[Path], options: ReadOptions | None = None
) -> Iterator[Article | Problem]:
    """Every article found under ``paths``, and a Problem for whatever cannot be read."""
    for item in expand_paths(paths):
        if isinstance(item, Problem):
            yield item
            continue
        for result in read_file(item, options):
            yield result.article if isinstance(result, Found) else result
