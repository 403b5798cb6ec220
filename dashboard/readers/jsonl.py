"""JSON Lines: one article object per line (field names as in ``fields.ALIASES``)."""

from __future__ import annotations

import json
from collections.abc import Iterator

from dashboard.readers.common import Found, Problem, ReadOptions
from dashboard.readers.fields import record_article, resolve_fields


def read_jsonl(name: str, text: str, options: ReadOptions) -> Iterator[Found | Problem]:
    for number, line in enumerate(text.splitlines(), start=1):
        if line.strip():
            yield from _read_line(name, number, line, options)


def read_jsonl_part(name: str, text: str, options: ReadOptions, part: int = 0,
                    parts: int = 1) -> Iterator[Found | Problem]:
    """Part ``part`` of ``parts`` equal runs of lines (line numbers as in the whole file), so
    that several workers can share one big file."""
    lines = text.splitlines()
    first, last = len(lines) * part // parts, len(lines) * (part + 1) // parts
    for number in range(first + 1, last + 1):
        line = lines[number - 1]
        if line.strip():
            yield from _read_line(name, number, line, options)


def _read_line(name: str, number: int, line: str, options: ReadOptions):
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        yield Problem(name, number, f"invalid JSON ({exc.msg}); expected one object per line")
        return
    if not isinstance(record, dict):
        yield Problem(name, number, 'expected a JSON object with a "text" field')
        return
    fields = resolve_fields(record, options.column_map)
    yield from record_article(record, fields, name, number, f"{name}:{number}")
