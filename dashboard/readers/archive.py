"""Zip archives of article files: each member is read by the reader for its type."""

from __future__ import annotations

import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path, PurePosixPath
from typing import IO

from dashboard.readers.common import Found, Problem, ReadOptions, not_regular

# (name, bytes, options) -> results; passed in to avoid a circular import.
ReadData = Callable[..., Iterator[Found | Problem]]


def read_zip(
    source: Path | IO[bytes], name: str, options: ReadOptions, read_data: ReadData,
    suffixes: set[str],
) -> Iterator[Found | Problem]:
    """The articles in a zip archive, a file on disk or bytes in memory (an upload)."""
    odd = _odd(source)
    if odd:
        yield Problem(name, None, odd)
        return
    try:
        archive = zipfile.ZipFile(source)
    except PermissionError:
        yield Problem(name, None, "permission denied: cannot read the file")
        return
    except (zipfile.BadZipFile, OSError, EOFError) as exc:
        yield Problem(name, None, f"not a readable zip archive ({exc}); expected a .zip "
                      "of article files")
        return
    with archive:
        for info in sorted(archive.infolist(), key=lambda i: i.filename):
            yield from _member(name, archive, info, options, read_data, suffixes)


def _odd(source: Path | IO[bytes]) -> str | None:
    # zipfile would open a FIFO and wait for a writer forever.
    if not isinstance(source, Path):
        return None
    try:
        return not_regular(source.stat().st_mode)
    except OSError:
        return None  # the open below reports it


def _member(path: str, archive: zipfile.ZipFile, info: zipfile.ZipInfo, options: ReadOptions,
            read_data: ReadData, suffixes: set[str]) -> Iterator[Found | Problem]:
    member = PurePosixPath(info.filename)
    if info.is_dir() or any(part.startswith((".", "__MACOSX")) for part in member.parts):
        return
    name = f"{path}/{info.filename}"
    suffix = member.suffix.lower()
    if suffix not in suffixes:
        yield Problem(name, None, f"unsupported file type {suffix!r} in the archive")
        return
    if info.file_size > options.max_bytes:
        yield Problem(name, None, f"file is {info.file_size:,} bytes; the limit is "
                      f"{options.max_bytes:,} bytes (raise it with --max-size)")
        return
    try:
        data = archive.read(info)
    except (zipfile.BadZipFile, OSError, NotImplementedError, RuntimeError) as exc:
        yield Problem(name, None, f"cannot unpack this member ({exc})")
        return
    yield from read_data(name, data, options)
