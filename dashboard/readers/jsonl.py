"""JSON Lines: one article per line with ``title, text, published, source, url``."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

from dashboard.extract.text import normalise
from dashboard.models import Article
from dashboard.readers.common import Problem, parse_published


def read_jsonl(path: Path, text: str) -> Iterator[Article | Problem]:
    for number, line in enumerate(text.splitlines(), start=1):
        if line.strip():
            yield from _read_line(path, number, line)


def _read_line(path: Path, number: int, line: str) -> Iterator[Article | Problem]:
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        yield Problem(str(path), number, f"invalid JSON ({exc.msg}); expected one object per line")
        return
    if not isinstance(record, dict):
        yield Problem(str(path), number, "expected a JSON object with a \"text\" field")
        return
    body = record.get("text")
    if not isinstance(body, str) or not body.strip():
        yield Problem(str(path), number, "missing or empty \"text\"; expected the article text")
        return
    published = None
    if record.get("published"):
        try:
            published = parse_published(record["published"])
        except ValueError as exc:
            yield Problem(str(path), number, f"{exc}; article kept without a date", skipped=False)
    yield Article(
        text=normalise(body).strip("\n"),
        title=str(record.get("title") or ""),
        published=published,
        source=str(record.get("source") or ""),
        url=str(record.get("url") or ""),
        language=str(record.get("language") or "en"),
        path=f"{path}:{number}",
    )
