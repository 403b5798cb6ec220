"""Ingest from the browser: uploaded files and pasted text, through the normal pipeline.

No streamlit here, so the limits and the hand-over to ``dashboard.pipeline`` are unit-tested.
Uploads are read from memory (nothing is written to disk) and stored under their own name,
``upload:story.txt``, so uploading an edited file again replaces it as `eventline ingest`
does for a file on disk.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from datetime import date
from pathlib import PurePath, PurePosixPath
from typing import TYPE_CHECKING

from dashboard.readers import Blob, supported_suffixes
from dashboard.readers.common import UPLOAD_PREFIX
from dashboard.store import Store

if TYPE_CHECKING:  # for annotations only
    from dashboard.parquet_store import ParquetStore

MAX_FILES = 20
MAX_FILE_MB = 5
# The uploader widget itself refuses bigger files without saying why, so it is set well above
# MAX_FILE_MB and check_uploads names the file and the limit.
WIDGET_MAX_MB = 50
MAX_TEXT_CHARS = 200_000
ALLOW_UPLOADS_ENV = "EVENTLINE_ALLOW_UPLOADS"
PASTE_PREFIX = "paste:"


def uploads_allowed() -> bool:
    """Uploads and pastes are on only when `serve --allow-uploads` (or the variable) says so."""
    return os.environ.get(ALLOW_UPLOADS_ENV, "").strip().lower() in ("1", "true", "yes", "on")


@dataclass(frozen=True)
class Upload:
    name: str
    data: bytes


def upload_name(name: str, index: int = 0) -> str:
    """The file name without any folder part a browser (or a crafted request) may send:
    '../../x.txt' and 'C:\\\\in\\\\x.txt' are both 'x.txt'."""
    base = PurePosixPath(name.replace("\\", "/")).name.strip()
    return base if base not in ("", ".", "..") else f"upload-{index + 1}.txt"


def check_uploads(uploads: list[Upload]) -> list[str]:
    """Messages for every limit the batch breaks (empty when it may be ingested)."""
    errors = []
    if len(uploads) > MAX_FILES:
        errors.append(f"{len(uploads)} files chosen; the limit is {MAX_FILES} per batch.")
    for index, upload in enumerate(uploads):
        size = len(upload.data)
        name = upload_name(upload.name, index)
        if size > MAX_FILE_MB * 1024 * 1024:
            errors.append(f"{name} is {size / 1024 / 1024:.1f} MB; "
                          f"the limit is {MAX_FILE_MB} MB per file.")
        if _suffix(name) not in supported_suffixes():
            errors.append(f"{name}: unsupported file type; expected "
                          f"{', '.join(supported_suffixes())}.")
    return errors


def _suffix(name: str) -> str:
    path = PurePath(name)
    # "stories.jsonl.gz" is read as its inner type.
    if path.suffix.lower() == ".gz":
        return PurePath(path.stem).suffix.lower()
    return path.suffix.lower()


def ingest_uploads(uploads: list[Upload], store: Store | ParquetStore,
                   published: date | None = None):
    """Ingest uploaded files like `eventline ingest` (the same pipeline.ingest)."""
    from dashboard.pipeline import ingest

    blobs = [Blob(UPLOAD_PREFIX + upload_name(u.name, i), u.data) for i, u in enumerate(uploads)]
    report = ingest(blobs, store, published, workers=1)
    # Name each file as the user knows it.
    report.problems[:] = [replace(p, path=p.path.removeprefix(UPLOAD_PREFIX))
                          for p in report.problems]
    return report


def check_text(text: str) -> list[str]:
    if not text.strip():
        return ["Paste the article text first."]
    if len(text) > MAX_TEXT_CHARS:
        return [f"The text has {len(text):,} characters; the limit is {MAX_TEXT_CHARS:,}."]
    return []


def ingest_text(text: str, store: Store | ParquetStore, *, title: str = "", source: str = "",
                url: str = "", published: date | None = None):
    """Ingest one pasted article; without a date its byline is searched, as for a file.

    Its source path is ``paste:TITLE``: pasting an edited version under the same title (or
    with the same URL) replaces it; an untitled paste is replaced only through its URL.
    """
    from dashboard.pipeline import IngestReport, ingest_found
    from dashboard.readers.common import Found, Problem
    from dashboard.readers.fields import record_article, resolve_fields

    report = IngestReport()
    # Untitled pastes get no source path: two of them must not replace each other.
    where = PASTE_PREFIX + title.strip() if title.strip() else ""
    record = {"text": text, "title": title.strip() or "Pasted article", "source": source,
              "url": url, "published": published}
    found: list[Found] = []
    for result in record_article(record, resolve_fields(record, {}), "pasted text", None, where):
        if isinstance(result, Problem):
            report.problems.append(result)
        else:
            found.append(result)
    ingest_found(found, store, report)
    return report
