"""Writers for event rows: spreadsheet-safe CSV, raw CSV and JSON Lines.

The dashboard's download buttons and ``eventline export`` share these functions, so a file
downloaded from a page and one written on the command line hold the same rows.
"""

from __future__ import annotations

import csv
import io
import json
import math
from datetime import date, datetime

import pandas as pd

from dashboard.schema import LIST_COLUMNS

LIST_SEPARATOR = "; "

# A spreadsheet treats a cell starting with these as a formula (full-width forms included).
_FORMULA_STARTS = frozenset("=+-@\t\r＝＋－＠")


def _plain(value: object) -> object:
    """A JSON/CSV-friendly scalar or list for one cell."""
    if value is None:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, datetime):
        # DuckDB DATE columns arrive as midnight timestamps: keep them as plain dates.
        at_midnight = (value.hour, value.minute, value.second, value.microsecond) == (0, 0, 0, 0)
        return value.date().isoformat() if at_midnight else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if hasattr(value, "tolist"):  # numpy arrays and scalars from DuckDB/pandas
        return _plain(value.tolist())
    if isinstance(value, (list, tuple)):
        return [str(v) for v in value]
    if value is pd.NaT:
        return None
    return value


def records(frame: pd.DataFrame) -> list[dict]:
    """Rows as plain dicts (ISO dates, lists as lists, missing values as None)."""
    columns = list(frame.columns)
    return [
        {c: _plain(v) for c, v in zip(columns, row, strict=True)}
        for row in frame.itertuples(index=False, name=None)
    ]


def _cell_text(value: object) -> str:
    value = _plain(value)
    if value is None:
        return ""
    if isinstance(value, list):
        return LIST_SEPARATOR.join(value)
    return str(value)


def neutralise_formula(text: str) -> str:
    """Prefix ``'`` when a spreadsheet would read the cell as a formula."""
    stripped = text.lstrip(" ")
    if stripped and stripped[0] in _FORMULA_STARTS:
        return "'" + text
    return text


def to_csv(frame: pd.DataFrame, safe: bool = True) -> bytes:
    """CSV bytes. ``safe``: every cell quoted, formulas neutralised, UTF-8 with BOM for
    spreadsheets. Otherwise a raw CSV for scripts (minimal quoting, no BOM)."""
    buffer = io.StringIO()
    quoting = csv.QUOTE_ALL if safe else csv.QUOTE_MINIMAL
    writer = csv.writer(buffer, quoting=quoting, lineterminator="\r\n" if safe else "\n")
    writer.writerow(list(frame.columns))
    for row in frame.itertuples(index=False, name=None):
        cells = [_cell_text(v) for v in row]
        if safe:
            cells = [neutralise_formula(c) for c in cells]
        writer.writerow(cells)
    text = buffer.getvalue()
    return ("\ufeff" + text).encode("utf-8") if safe else text.encode("utf-8")


def to_jsonl(frame: pd.DataFrame) -> bytes:
    lines = (json.dumps(row, ensure_ascii=False) for row in records(frame))
    return "".join(line + "\n" for line in lines).encode("utf-8")


FORMATS = {
    "csv": (lambda frame: to_csv(frame, safe=True), "text/csv", "csv"),
    "raw-csv": (lambda frame: to_csv(frame, safe=False), "text/csv", "raw.csv"),
    "jsonl": (to_jsonl, "application/x-ndjson", "jsonl"),
}


def write(frame: pd.DataFrame, fmt: str) -> bytes:
    """Serialise ``frame`` in one of FORMATS."""
    try:
        writer = FORMATS[fmt][0]
    except KeyError:
        raise ValueError(f"unknown format {fmt!r}; expected one of {', '.join(FORMATS)}") from None
    return writer(frame)


__all__ = [
    "FORMATS", "LIST_COLUMNS", "neutralise_formula", "records", "to_csv", "to_jsonl", "write",
]
