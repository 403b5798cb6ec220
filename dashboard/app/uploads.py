"""Ingest from the browser: uploaded files and pasted text, through the normal pipeline.

No streamlit here, so the limits and the hand-over to ``dashboard.pipeline`` are unit-tested.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from dashboard.models import Article
from dashboard.readers import supported_suffixes
from dashboard.store import Store

MAX_FILES = 20
MAX_FILE_MB = 5
MAX_TEXT_CHARS = 200_000


@dataclass(frozen=True)
class Upload:
    name: str
    data: bytes


def check_uploads(uploads: list[Upload]) -> list[str]:
    """Messages for every limit the batch breaks (empty when it may be ingested)."""
    errors = []
    if len(uploads) > MAX_FILES:
        errors.append(f"{len(uploads)} files chosen; the limit is {MAX_FILES} per batch.")
    for upload in uploads:
        size = len(upload.data)
        if size > MAX_FILE_MB * 1024 * 1024:
            errors.append(f"{upload.name} is {size / 1024 / 1024:.1f} MB; "
                          f"the limit is {MAX_FILE_MB} MB per file.")
        if Path(upload.name).suffix.lower() not in supported_suffixes():
            errors.append(f"{upload.name}: unsupported file type; expected "
                          f"{', '.join(supported_suffixes())}.")
    return errors


def _safe_name(name: str, index: int) -> str:
    # Keep the suffix (it picks the reader) and drop any folder part a browser might send.
    base = Path(name).name or f"upload-{index}.txt"
    return f"{index:03d}-{base}"


def ingest_uploads(uploads: list[Upload], store: Store, published: date | None = None):
    """Write the uploads to a temporary folder and ingest them like `eventline ingest`."""
    from dashboard.pipeline import IngestReport, ingest_articles, read_articles

    report = IngestReport()
    with tempfile.TemporaryDirectory(prefix="eventline-upload-") as folder:
        paths = []
        for index, upload in enumerate(uploads):
            path = Path(folder) / _safe_name(upload.name, index)
            path.write_bytes(upload.data)
            paths.append(path)
        ingest_articles(read_articles(paths, report, published), store, report)
    # Name each file as the user knows it, not by its temporary path.
    report.problems[:] = [replace(p, path=Path(p.path).name.split("-", 1)[-1])
                          for p in report.problems]
    return report


def check_text(text: str) -> list[str]:
    if not text.strip():
        return ["Paste the article text first."]
    if len(text) > MAX_TEXT_CHARS:
        return [f"The text has {len(text):,} characters; the limit is {MAX_TEXT_CHARS:,}."]
    return []


def ingest_text(text: str, store: Store, *, title: str = "", source: str = "",
                url: str = "", published: date | None = None):
    """Ingest one pasted article."""
    from dashboard.pipeline import IngestReport, ingest_articles

    report = IngestReport()
    article = Article(text=text, title=title.strip() or "Pasted article", published=published,
                      source=source.strip(), url=url.strip())
    report.articles_read = 1
    ingest_articles([article], store, report)
    return report
