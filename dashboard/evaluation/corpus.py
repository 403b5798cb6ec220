"""Evaluation corpora kept as JSON Lines (the ML-Crisis articles, language samples).

One reader for every eval command that takes such a file, so they agree on the fields and
on what a bad line is. The ingest path has its own readers (``dashboard/readers``): those
keep going past a bad record, while an evaluation must stop, since a score over a silently
shortened corpus is not the score it claims to be.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path

from dashboard.models import Article


def jsonl_articles(path: Path, topic: str | None = None, language: str | None = None
                   ) -> Iterator[Article]:
    """Articles of a JSON Lines file (``.gz`` too), one object a line: ``text``, and
    optionally ``date``/``published``, ``title``/``doc_id``, ``source``/``source_kind``,
    ``url``, ``lang``/``language`` and ``topic`` (only records of ``topic`` are read when
    it is given). ``language`` overrides the records' own. Records with empty text are
    passed over; a line that is not such an object is a ValueError naming file and line."""
    opener = gzip.open if path.name.endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            record = _record(path, number, line)
            if topic is not None and record.get("topic") != topic:
                continue
            if record["text"].strip():
                yield _article(path, number, record, language)


def _record(path: Path, number: int, line: str) -> dict:
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        raise ValueError(f"{path}:{number}: invalid JSON ({exc.msg})") from exc
    if not isinstance(record, dict) or not isinstance(record.get("text"), str):
        raise ValueError(f"{path}:{number}: expected a JSON object with a \"text\" string")
    return record


def _article(path: Path, number: int, record: dict, language: str | None) -> Article:
    when = record.get("published") or record.get("date")
    try:
        published = date.fromisoformat(str(when)[:10]) if when else None
    except ValueError as exc:
        raise ValueError(f"{path}:{number}: {when!r} is not a YYYY-MM-DD date") from exc
    return Article(
        text=record["text"], title=str(record.get("title") or record.get("doc_id") or ""),
        published=published,
        source=str(record.get("source") or record.get("source_kind") or ""),
        url=str(record.get("url") or ""),
        language=language or str(record.get("lang") or record.get("language") or ""),
        path=f"{path}:{number}")
