"""Shared pieces of the readers: problems, decoding, publication dates."""

from __future__ import annotations

import codecs
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

MAX_FILE_BYTES = 50 * 1024 * 1024


class ReadError(Exception):
    """A file that cannot be read at all; the message says why."""


@dataclass(frozen=True, slots=True)
class Problem:
    """Something a reader could not use: which file, which line, and what was expected."""

    path: str
    line: int | None
    message: str
    skipped: bool = True  # False: the article was kept, only a field was dropped

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.message}"


def read_text(path: Path, max_bytes: int = MAX_FILE_BYTES) -> str:
    """Read a file as text, detecting UTF-8, UTF-16 (by BOM) and falling back to cp1252."""
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise ReadError(f"file is {size:,} bytes; the limit is {max_bytes:,} bytes")
        data = path.read_bytes()
    except PermissionError as exc:
        raise ReadError("permission denied: cannot read the file") from exc
    except OSError as exc:
        raise ReadError(f"cannot read the file: {exc.strerror or exc}") from exc
    return decode(data)


def decode(data: bytes) -> str:
    """Bytes to text: UTF-16 by its BOM, else UTF-8, else cp1252 (a Latin-1 superset)."""
    if not data.strip():
        raise ReadError("empty file; expected article text")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16")
    if b"\x00" in data[:4096]:
        raise ReadError("binary file (contains NUL bytes); expected text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Older newsroom systems write cp1252; it maps curly quotes where latin-1 would not.
        return data.decode("cp1252", errors="replace")


def parse_published(value: object) -> date:
    """Parse a publication date given as YYYY-MM-DD or an ISO 8601 timestamp."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip()
    try:
        if len(text) == 10:
            return date.fromisoformat(text)
        return datetime.fromisoformat(text.replace("Z", "+00:00")).date()
    except ValueError as exc:
        raise ValueError(
            f"publication date {text!r} is not a valid date; expected YYYY-MM-DD"
        ) from exc
