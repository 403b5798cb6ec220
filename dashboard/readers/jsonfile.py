"""JSON files holding one article object, or a list of them."""

from __future__ import annotations

import json
from collections.abc import Iterator

from dashboard.readers.common import Found, Problem, ReadOptions
from dashboard.readers.fields import record_article, resolve_fields

_EXPECTED = 'expected one article object or a list of them, each with a "text" field'


def read_json(name: str, text: str, options: ReadOptions) -> Iterator[Found | Problem]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        yield Problem(name, exc.lineno, f"invalid JSON ({exc.msg}, column {exc.colno}); "
                      f"{_EXPECTED}")
        return
    if isinstance(data, dict):
        yield from _record(name, data, None, name, options)
    elif isinstance(data, list):
        for index, item in enumerate(data, start=1):
            if isinstance(item, dict):
                yield from _record(name, item, None, f"{name}#{index}", options)
            else:
                yield Problem(name, None, f"item {index} is a JSON {type(item).__name__}; "
                              f"{_EXPECTED}")
    else:
        yield Problem(name, None, f"the file holds a JSON {type(data).__name__}; {_EXPECTED}")


def _record(name: str, record: dict, line: int | None, where: str, options: ReadOptions):
    fields = resolve_fields(record, options.column_map)
    for result in record_article(record, fields, name, line, where):
        if isinstance(result, Problem) and where != name:
            # No line numbers inside a parsed document: name the item instead.
            item = where.rsplit("#", 1)[1]
            result = Problem(name, None, f"item {item}: {result.message}", result.skipped)
        yield result
