"""Shared pieces of the readers: problems, options, decoding, publication dates."""

from __future__ import annotations

import codecs
import csv
import gzip
import io
import os
import re
import stat
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime
from email.utils import parsedate_to_datetime
from pathlib import Path, PurePosixPath

from dashboard.models import Article

MAX_FILE_BYTES = 50 * 1024 * 1024
UPLOAD_PREFIX = "upload:"  # source path of a file given in memory (the Ingest page)

# What a damaged or odd file can make a parser raise. Anything else (ImportError, a missing
# data file, TypeError ...) is the installation's or the code's fault, not the file's, and
# must stop the run instead of being reported as a bad article. UnicodeError and
# json.JSONDecodeError are ValueErrors; RecursionError comes from deeply nested JSON.
BAD_FILE_ERRORS: tuple[type[BaseException], ...] = (
    ValueError, csv.Error, zipfile.BadZipFile, EOFError, RecursionError,
)


def bad_file_errors() -> tuple[type[BaseException], ...]:
    """``BAD_FILE_ERRORS`` plus the parse errors of lxml and SAX (imported only if present)."""
    extra: list[type[BaseException]] = []
    try:
        from lxml.etree import LxmlError

        extra.append(LxmlError)
    except ImportError:
        pass
    from xml.sax import SAXException

    extra.append(SAXException)
    return (*BAD_FILE_ERRORS, *extra)

# Where an article's publication date came from (stored as ``articles.published_from``).
PUBLISHED_FROM = ("metadata", "byline", "html", "batch")


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

    def as_dict(self) -> dict:
        return {"path": self.path, "line": self.line, "message": self.message,
                "skipped": self.skipped}


@dataclass(frozen=True, slots=True)
class Found:
    """An article as read, with where its publication date came from (None: undated)."""

    article: Article
    published_from: str | None = None


@dataclass(frozen=True)
class ReadOptions:
    """Settings for one batch of reading."""

    max_bytes: int = MAX_FILE_BYTES
    # Read files that symbolic links inside a walked folder point to outside it.
    follow_symlinks: bool = False
    # Article field -> column or key name in CSV/JSON input (``--map text=body``).
    column_map: dict[str, str] = field(default_factory=dict)
    # ISO 639-1 code every article is read in (``--language``); "" = declared or identified.
    language: str = ""


def title_from_name(name: str) -> str:
    """A title for an article without one: the file name without folder, suffix or prefix."""
    stem = PurePosixPath(name.removeprefix(UPLOAD_PREFIX).replace("\\", "/")).stem
    return stem.replace("-", " ").replace("_", " ")


def not_regular(mode: int) -> str | None:
    """What a non-regular file is (reading a FIFO or a device blocks or never ends)."""
    if stat.S_ISREG(mode) or stat.S_ISDIR(mode):
        return None
    kinds = ((stat.S_ISFIFO, "a named pipe (FIFO)"), (stat.S_ISSOCK, "a socket"),
             (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"))
    kind = next((label for test, label in kinds if test(mode)), "not a regular file")
    return f"{kind}, not a regular file; expected an article file"


def read_bytes(path: Path, max_bytes: int = MAX_FILE_BYTES) -> bytes:
    """A file's bytes, refusing files over the size cap before reading them."""
    try:
        # Refused before opening: opening a FIFO waits for a writer, reading a device never ends.
        odd = not_regular(path.stat().st_mode)
        if odd:
            raise ReadError(odd)
        with path.open("rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            if size > max_bytes:
                raise ReadError(
                    f"file is {size:,} bytes; the limit is {max_bytes:,} bytes (raise it with "
                    "--max-size)"
                )
            return handle.read()
    except PermissionError as exc:
        raise ReadError("permission denied: cannot read the file") from exc
    except IsADirectoryError as exc:
        raise ReadError("is a folder; expected a file") from exc
    except OSError as exc:
        raise ReadError(f"cannot read the file: {exc.strerror or exc}") from exc


def read_gzip(path: Path | bytes, max_bytes: int = MAX_FILE_BYTES) -> bytes:
    """A gzip file's content; the size cap applies to the unpacked bytes (no gzip bombs)."""
    if isinstance(path, Path):
        odd = _odd_path(path)
        if odd:
            raise ReadError(odd)
    source = io.BytesIO(path) if isinstance(path, bytes) else path
    try:
        with gzip.open(source, "rb") as handle:
            data = handle.read(max_bytes + 1)
    except PermissionError as exc:
        raise ReadError("permission denied: cannot read the file") from exc
    except (OSError, EOFError) as exc:
        raise ReadError(f"not a readable gzip file ({exc}); expected a .gz of article "
                        "files") from exc
    if len(data) > max_bytes:
        raise ReadError(f"unpacks to more than {max_bytes:,} bytes, the limit (raise it with "
                        "--max-size)")
    return data


def _odd_path(path: Path) -> str | None:
    try:
        return not_regular(path.stat().st_mode)
    except OSError:
        return None  # reported by the read that follows


def read_text(path: Path, max_bytes: int = MAX_FILE_BYTES) -> str:
    """Read a file as text (see ``decode``)."""
    return decode(read_bytes(path, max_bytes)).text


@dataclass(frozen=True, slots=True)
class Decoded:
    text: str
    fallback_lines: tuple[int, ...] = ()  # lines read as Windows-1252 in a UTF-8 file


def decode(data: bytes) -> Decoded:
    """Bytes to text: UTF-16/32 by BOM or NUL pattern, else UTF-8, else Windows-1252.

    A file that is UTF-8 except for some lines (pasted from an older system) is decoded line by
    line, and those lines are reported.
    """
    if not data.strip():
        raise ReadError("empty file; expected article text")
    for bom, encoding in (
        (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            return Decoded(_strict(data, encoding))
    utf16 = _utf16_without_bom(data)
    if utf16:
        return Decoded(_strict(data, utf16))
    if b"\x00" in data[:4096] or _looks_binary(data[:4096]):
        raise ReadError("binary file (not text); expected UTF-8, UTF-16 or Latin-1 text")
    try:
        return Decoded(data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        return _decode_mixed(data)


def _strict(data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise ReadError(f"broken {encoding.upper()} text at byte {exc.start}") from exc


def _utf16_without_bom(data: bytes) -> str | None:
    """'utf-16-le'/'utf-16-be' when every other byte is NUL, as in BOM-less UTF-16 text."""
    sample = data[:4096]
    if len(sample) < 4:
        return None
    even, odd = sample[0::2], sample[1::2]
    if odd.count(0) > 0.4 * len(odd) and even.count(0) < 0.05 * len(even):
        return "utf-16-le"
    if even.count(0) > 0.4 * len(even) and odd.count(0) < 0.05 * len(odd):
        return "utf-16-be"
    return None


_CONTROL = bytes(b for b in range(32) if b not in (9, 10, 12, 13))


def _looks_binary(sample: bytes) -> bool:
    controls = sum(sample.count(bytes([b])) for b in _CONTROL)
    return controls > 0.05 * len(sample)


def _decode_mixed(data: bytes) -> Decoded:
    lines, fallback = [], []
    utf8 = False  # a line beyond ASCII that is valid UTF-8: the file mixes encodings
    for number, raw in enumerate(data.split(b"\n"), start=1):
        try:
            lines.append(raw.decode("utf-8"))
            utf8 = utf8 or not raw.isascii()
        except UnicodeDecodeError:
            # Older newsroom systems write cp1252; it maps curly quotes where latin-1 would not.
            lines.append(raw.decode("cp1252", errors="replace"))
            fallback.append(number)
    if not utf8:
        fallback = []  # a plain Windows-1252 file (ASCII lines fit both), nothing mixed
    return Decoded("\n".join(lines).removeprefix("\ufeff"), tuple(fallback))


# Formats seen in newsroom exports and feeds, tried after ISO 8601.
_DATE_FORMATS = (
    "%d-%b-%Y %H:%M:%S.%f",  # Reuters: 26-FEB-1987 15:01:01.79
    "%d-%b-%Y",
    "%B %d, %Y",
    "%b %d, %Y",
    "%d %B %Y",
    "%d %b %Y",
    "%Y/%m/%d",
    "%d.%m.%Y",
    "%Y%m%d",
)


def parse_published(value: object) -> date:
    """Parse a publication date: YYYY-MM-DD, ISO 8601, RFC 2822 or a spelled-out date."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = re.sub(r"\s+", " ", str(value).strip())
    parsed = _parse_iso(text) or _parse_formats(text) or _parse_rfc2822(text)
    if parsed is None:
        raise ValueError(
            f"publication date {text!r} is not a valid date; expected YYYY-MM-DD "
            "(or an ISO 8601 timestamp, or a date such as 18 February 2025)"
        )
    return parsed


def _parse_iso(text: str) -> date | None:
    try:
        if len(text) == 10:
            return date.fromisoformat(text)
        return datetime.fromisoformat(text.replace("Z", "+00:00")).date()
    except ValueError:
        return None


def _parse_formats(text: str) -> date | None:
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


def _parse_rfc2822(text: str) -> date | None:
    try:
        return parsedate_to_datetime(text).date()
    except (TypeError, ValueError, IndexError):
        return None
