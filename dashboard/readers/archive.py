"""Zip archives of article files: each member is read by the reader for its type."""

from __future__ import annotations

import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path, PurePosixPath

from dashboard.readers.common import Found, Problem, ReadOptions

# (name, bytes, options) -> results; passed in to avoid a circular import.
ReadData = Callable[..., Iterator[Found | Problem]]


def read_zip(
    path: Path, options: ReadOptions, read_data: ReadData, suffixes: set[str]
) -> Iterator[Found | Problem]:
    try:
        archive = zipfile.ZipFile(path)
    except PermissionError:
        yield Problem(str(path), None, "permission denied: cannot read the file")
        return
    except (zipfile.BadZipFile, OSError) as exc:
        yield Problem(str(path), None, f"not a readable zip archive ({exc}); expected a .zip "
                      "of article files")
        return
    with archive:
        for info in sorted(archive.infolist(), key=lambda i: i.filename):
            yield from _member(path, archive, info, options, read_data, suffixes)


def _member(path, archive, info, options, read_data, suffixes):
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
