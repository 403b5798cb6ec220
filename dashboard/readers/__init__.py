"""Readers turn files into Articles; each format lives in its own module.

``read_file`` yields a ``Found`` article (with where its date came from) or a ``Problem``, so
a bad file is reported (file, line, what was expected) and never stops the batch.
"""

from __future__ import annotations

import errno
import io
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path, PurePath

from dashboard.models import Article
from dashboard.readers.archive import read_zip
from dashboard.readers.common import (
    Found,
    Problem,
    ReadError,
    ReadOptions,
    bad_file_errors,
    decode,
    not_regular,
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
    "Blob", "Found", "Problem", "READERS", "ReadOptions", "Source", "expand_paths",
    "iter_articles", "read_file", "supported_suffixes", "walk_folder",
]


def supported_suffixes() -> list[str]:
    return sorted([*READERS, *ARCHIVES])


@dataclass(frozen=True)
class Blob:
    """A file given in memory (an upload): its name as the user knows it, and its bytes."""

    name: str
    data: bytes


Source = Path | Blob


def expand_paths(
    paths: Iterable[Source], follow_symlinks: bool = False
) -> Iterator[Source | Problem]:
    """Files to read under ``paths`` (folders are walked, hidden files skipped), in order,
    or a Problem for a path that does not exist or cannot be read safely."""
    for path in paths:
        if isinstance(path, Blob):
            yield path
        elif path.is_symlink() and not path.exists():
            yield Problem(str(path), None, _broken_link(path))
        elif path.is_dir():
            yield from walk_folder(path, follow_symlinks)
        elif path.exists():
            odd = _odd(path)
            yield Problem(str(path), None, odd) if odd else path
        else:
            yield Problem(str(path), None, "no such file or folder")


def walk_folder(root: Path, follow_symlinks: bool = False) -> Iterator[Path | Problem]:
    """The files under ``root`` in sorted order; links leaving it are refused unless asked."""
    top = root.resolve()
    seen = {top}
    yield from _walk(root, top, follow_symlinks, seen)


def _walk(folder: Path, top: Path, follow: bool, seen: set[Path]) -> Iterator[Path | Problem]:
    try:
        entries = sorted(folder.iterdir())
    except OSError as exc:
        yield Problem(str(folder), None, f"cannot list the folder: {exc.strerror or exc}")
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        if entry.is_symlink():
            yield from _link(entry, top, follow, seen)
        elif entry.is_dir():
            yield from _walk(entry, top, follow, seen)
        else:
            odd = _odd(entry)
            yield Problem(str(entry), None, odd) if odd else entry


def _link(entry: Path, top: Path, follow: bool, seen: set[Path]) -> Iterator[Path | Problem]:
    """A symbolic link met in a folder walk: read, refused or reported, never followed blindly."""
    try:
        target = entry.resolve(strict=True)
    except (OSError, RuntimeError):  # RuntimeError: a loop, on Python before 3.13
        yield Problem(str(entry), None, _broken_link(entry))
        return
    inside = target == top or top in target.parents
    if not inside and not follow:
        yield Problem(str(entry), None, f"symbolic link to {target}, outside the folder; "
                      "not read (give --follow-symlinks to read it)")
    elif target.is_dir():
        # A folder inside is walked anyway; one outside is walked once (links may loop).
        if not inside and target not in seen:
            seen.add(target)
            yield from _walk(entry, top, follow, seen)
    else:
        odd = _odd(entry)
        yield Problem(str(entry), None, odd) if odd else entry


def _broken_link(entry: Path) -> str:
    try:
        target = os.readlink(entry)
    except OSError:
        target = "?"
    try:
        entry.stat()
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return f"symbolic link loop ({entry} -> {target}); expected a link to a file"
    return f"broken symbolic link: {target} does not exist"


def _odd(path: Path) -> str | None:
    """Why ``path`` is not a file to read (FIFO, socket, device), or None."""
    try:
        return not_regular(path.stat().st_mode)
    except OSError as exc:
        return f"cannot read the file: {exc.strerror or exc}"


def read_file(path: Source, options: ReadOptions | None = None) -> Iterator[Found | Problem]:
    """The articles in one file, or Problems saying what could not be read and why."""
    options = options or ReadOptions()
    name = path.name if isinstance(path, Blob) else str(path)
    suffix = PurePath(name).suffix.lower()
    if suffix in ARCHIVES:
        source = io.BytesIO(path.data) if isinstance(path, Blob) else path
        yield from read_zip(source, name, options, read_data, set(READERS))
        return
    # "stories.jsonl.gz": read by the reader of the inner type.
    inner = PurePath(PurePath(name).stem).suffix.lower() if suffix == ".gz" else suffix
    if inner not in READERS:
        expected = ", ".join(supported_suffixes())
        yield Problem(name, None, f"unsupported file type {suffix!r}; expected {expected}"
                      " (or one of them compressed, as .gz)")
        return
    try:
        data = _load(path, suffix, options.max_bytes)
    except ReadError as exc:
        yield Problem(name, None, str(exc))
        return
    yield from read_data(name, data, options, inner)


def _load(path: Source, suffix: str, max_bytes: int) -> bytes:
    if suffix == ".gz":
        return read_gzip(path.data if isinstance(path, Blob) else path, max_bytes)
    if isinstance(path, Path):
        return read_bytes(path, max_bytes)
    if len(path.data) > max_bytes:
        raise ReadError(f"file is {len(path.data):,} bytes; the limit is {max_bytes:,} bytes")
    return path.data


def read_data(
    name: str, data: bytes, options: ReadOptions, suffix: str | None = None,
    reader: Reader | None = None,
) -> Iterator[Found | Problem]:
    """Decode ``data`` and hand it to ``reader`` (default: the reader for ``suffix``, else for
    ``name``'s suffix)."""
    reader = reader or READERS[suffix or PurePath(name).suffix.lower()]
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
    except bad_file_errors() as exc:  # only what a bad file causes: see BAD_FILE_ERRORS
        yield Problem(name, None, f"could not be parsed ({type(exc).__name__}: {exc})")


def iter_articles(
    paths: Iterable[Source], options: ReadOptions | None = None
) -> Iterator[Article | Problem]:
    """Every article found under ``paths``, and a Problem for whatever cannot be read."""
    options = options or ReadOptions()
    for item in expand_paths(paths, options.follow_symlinks):
        if isinstance(item, Problem):
            yield item
            continue
        for result in read_file(item, options):
            yield result.article if isinstance(result, Found) else result
