"""Reading options given on the command line: the size cap and column mappings."""

from __future__ import annotations

from collections.abc import Iterable

from dashboard.readers.common import ReadOptions
from dashboard.readers.fields import FIELDS

_UNITS = {"": 1, "B": 1, "KB": 1024, "K": 1024, "MB": 1024**2, "M": 1024**2, "GB": 1024**3,
          "G": 1024**3}


def parse_size(text: str) -> int:
    """'50MB' -> bytes; accepts B, KB, MB, GB (binary multiples) or a plain number."""
    value = text.strip().upper().replace(" ", "")
    number = value.rstrip("KMGB")
    unit = value[len(number):]
    try:
        size = int(float(number) * _UNITS[unit])
    except (ValueError, KeyError):
        size = 0
    if size <= 0:
        raise ValueError(f"size {text!r} is not understood; expected a number with an "
                         "optional unit, such as 500KB or 50MB")
    return size


def parse_mappings(pairs: Iterable[str]) -> dict[str, str]:
    """['text=body', ...] -> {'text': 'body'}; the field must be an article field."""
    mapping: dict[str, str] = {}
    for pair in pairs:
        name, sep, column = pair.partition("=")
        name = name.strip().lower()
        if not sep or not column.strip() or name not in FIELDS:
            raise ValueError(f"--map {pair!r} is not understood; expected FIELD=COLUMN with "
                             f"FIELD one of {', '.join(FIELDS)}")
        mapping[name] = column.strip()
    return mapping


def read_options(max_size: str, mappings: Iterable[str]) -> ReadOptions:
    return ReadOptions(max_bytes=parse_size(max_size), column_map=parse_mappings(mappings))
