"""Writers for event rows: spreadsheet-safe CSV, raw CSV, JSON Lines, Parquet, TimelineJS.

The dashboard's download buttons and ``eventline export`` share these functions, so a file
downloaded from a page and one written on the command line hold the same rows.
"""

from __future__ import annotations

import csv
import html
import io
import json
import math
import unicodedata
from collections.abc import Iterable
from datetime import date, datetime
from importlib import metadata
from typing import BinaryIO

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from dashboard.schema import HAPPENING_EXPORT_COLUMNS, HAPPENING_LIST_COLUMNS, LIST_COLUMNS

LIST_SEPARATOR = "; "

# A spreadsheet treats a cell starting with these as a formula (full-width forms included).
_FORMULA_STARTS = frozenset("=+-@\t\r＝＋－＠")


def _is_missing(value: object) -> bool:
    """NULL in any of the forms pandas and DuckDB hand over (None, NaN, NaT, pd.NA)."""
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    if isinstance(value, float):
        return math.isnan(value)
    if isinstance(value, (np.datetime64, np.timedelta64)):
        return bool(np.isnat(value))
    return False


def _plain(value: object) -> object:
    """A JSON/CSV-friendly scalar or list for one cell; every kind of missing is None."""
    # Checked first: pd.NaT is an instance of datetime and would print as "NaT".
    if _is_missing(value):
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
        return [None if _is_missing(v) else str(_plain(v)) for v in value]
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
        return LIST_SEPARATOR.join(v for v in value if v is not None)
    return str(value)


def _is_ignorable(char: str) -> bool:
    """Characters a spreadsheet may skip or hide before a formula: spaces, a quote, and
    invisible format characters (zero-width space, BOM, joiners, word joiner, ...)."""
    return char in ' "' or char.isspace() or unicodedata.category(char) == "Cf"


def neutralise_formula(text: str) -> str:
    """Prefix ``'`` when a spreadsheet would read the cell as a formula."""
    for char in text:
        if char in _FORMULA_STARTS:
            return "'" + text
        if not _is_ignorable(char):
            return text
    return text


def _safe_cell(value: object) -> str:
    """One spreadsheet cell: numbers stay numbers (``-15.7797``), text is neutralised."""
    plain = _plain(value)
    if isinstance(plain, (int, float)):  # bool is an int too: written as True/False
        return str(plain)
    return neutralise_formula(_cell_text(plain))


def to_csv(frame: pd.DataFrame, safe: bool = True) -> bytes:
    """CSV bytes. ``safe``: every cell quoted, formulas in text neutralised, UTF-8 with BOM for
    spreadsheets. Otherwise a raw CSV for scripts (minimal quoting, no BOM)."""
    text = _csv_text(frame, safe, header=True)
    return ("\ufeff" + text).encode("utf-8") if safe else text.encode("utf-8")


def _csv_text(frame: pd.DataFrame, safe: bool, header: bool) -> str:
    buffer = io.StringIO()
    if safe:
        writer = csv.writer(buffer, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
    else:
        writer = csv.writer(buffer, quoting=csv.QUOTE_MINIMAL, lineterminator="\n")
    if header:
        writer.writerow(list(frame.columns))
    cell = _safe_cell if safe else _cell_text
    for row in frame.itertuples(index=False, name=None):
        writer.writerow([cell(v) for v in row])
    return buffer.getvalue()


def to_jsonl(frame: pd.DataFrame) -> bytes:
    lines = (json.dumps(row, ensure_ascii=False) for row in records(frame))
    return "".join(line + "\n" for line in lines).encode("utf-8")


def to_parquet(frame: pd.DataFrame) -> bytes:
    """Parquet bytes; dates stay dates and lists stay lists."""
    buffer = io.BytesIO()
    pq.write_table(_parquet_table(frame), buffer)
    return buffer.getvalue()


def _parquet_table(frame: pd.DataFrame) -> pa.Table:
    rows = [_parquet_row(row) for row in records(frame)]
    return pa.Table.from_pylist(rows, schema=_arrow_schema(frame))


def _arrow_schema(frame: pd.DataFrame) -> pa.Schema:
    types = {"start": pa.int64(), "end": pa.int64(), "quad_class": pa.int64(),
             "confidence": pa.float64(), "lat": pa.float64(), "lon": pa.float64(),
             "fatalities": pa.int64(), "goldstein": pa.float64(), "num_articles": pa.int64(),
             "num_sources": pa.int64(), "country_inherited": pa.bool_(), "mentions": pa.int64(),
             "articles": pa.int64(), "sources": pa.int64()}
    fields = []
    for column in frame.columns:
        if column in LIST_COLUMNS or column in HAPPENING_LIST_COLUMNS:
            kind = pa.list_(pa.string())
        elif column in _DATE_COLUMNS:
            kind = pa.date32()
        else:
            kind = types.get(column, pa.string())
        fields.append((column, kind))
    return pa.schema(fields)


_DATE_COLUMNS = frozenset({"published", "date_start", "date_end", "first_reported"})


def _parquet_row(row: dict) -> dict:
    return {k: date.fromisoformat(v) if k in _DATE_COLUMNS and v else v for k, v in row.items()}


def _timeline_date(day: str, granularity: str | None) -> dict:
    """A TimelineJS date with only the parts the event knows (a year stays a year)."""
    year, month, dom = (int(part) for part in day.split("-"))
    if granularity in ("year", "decade"):
        return {"year": year}
    if granularity in ("month", "quarter"):
        return {"year": year, "month": month}
    return {"year": year, "month": month, "day": dom}


def to_timelinejs(frame: pd.DataFrame, title: str = "Eventline events") -> bytes:
    """TimelineJS 3 JSON: one slide per dated event, grouped by event type."""
    slides = []
    for row in records(frame):
        if not row.get("date_start"):
            continue  # TimelineJS needs a start date; undated events stay in the other formats
        grain = row.get("granularity")
        slide = {
            "unique_id": row.get("event_id"),
            "start_date": _timeline_date(row["date_start"], grain),
            "text": {"headline": html.escape(row.get("date_text") or row["date_start"]),
                     "text": html.escape(row.get("sentence") or "")},
            "group": row.get("event_name") or "event",
        }
        if row.get("date_end") and row["date_end"] != row["date_start"] and grain == "day":
            slide["end_date"] = _timeline_date(row["date_end"], grain)
        if row.get("date_text"):
            slide["display_date"] = html.escape(row["date_text"])  # shown as HTML, as text is
        slides.append(slide)
    document = {"title": {"text": {"headline": html.escape(title), "text": ""}}, "events": slides}
    return json.dumps(document, ensure_ascii=False, indent=1).encode("utf-8")


TIMELINEJS_MAX_SLIDES = 200  # TimelineJS is made for tens of slides, not thousands


def _source_links(row: dict) -> str:
    """'<ul><li><a href="URL">Outlet</a>: title</li>...</ul>', every value escaped; only
    http(s) addresses become links."""
    items = []
    ids = row.get("article_ids") or []
    sources = row.get("article_sources") or [""] * len(ids)
    urls = row.get("article_urls") or [""] * len(ids)
    titles = row.get("titles") or [""] * len(ids)
    for source, url, title in zip(sources, urls, titles, strict=False):
        name = html.escape(source or "unknown source")
        if url and url.lower().startswith(("http://", "https://")):
            name = f'<a href="{html.escape(url, quote=True)}">{name}</a>'
        items.append(f"<li>{name}: {html.escape(title or 'untitled')}</li>")
    count = f"{row.get('articles') or 0} article(s) from {row.get('sources') or 0} source(s)"
    return f"<p>{count}</p><ul>{''.join(items)}</ul>"


def happenings_timelinejs(frame: pd.DataFrame, max_slides: int = TIMELINEJS_MAX_SLIDES,
                          title: str = "Eventline happenings") -> tuple[bytes, str | None]:
    """TimelineJS 3 JSON, one slide per dated happening: its headline, its period as the
    display date, its sources as links. Beyond ``max_slides`` the most reported are kept
    (articles, then mentions) and a warning says so."""
    from dashboard.happenings.labels import period_label

    rows = [row for row in records(frame) if row.get("date_start")]
    warning = None
    if len(rows) > max_slides:
        rows.sort(key=lambda r: (-(r.get("articles") or 0), -(r.get("mentions") or 0),
                                 r.get("happening_id") or ""))
        warning = (f"{len(rows)} dated happenings: kept the {max_slides} most reported (by "
                   "articles, then mentions), since TimelineJS is made for tens of slides")
        rows = rows[:max_slides]
    rows.sort(key=lambda r: (r["date_start"], r.get("happening_id") or ""))
    slides = []
    for row in rows:
        grain = row.get("granularity")
        first, last = date.fromisoformat(row["date_start"]), date.fromisoformat(
            row.get("date_end") or row["date_start"])
        slide = {
            "unique_id": row.get("happening_id"),
            "start_date": _timeline_date(row["date_start"], grain),
            "display_date": html.escape(period_label(first, last, grain)),
            "text": {"headline": html.escape(row.get("headline") or ""),
                     "text": _source_links(row)},
            "group": row.get("event_name") or "event",
        }
        if last != first:  # a span: TimelineJS draws it from start to end
            slide["end_date"] = _timeline_date(last.isoformat(), grain)
        slides.append(slide)
    document = {"title": {"text": {"headline": html.escape(title), "text": ""}}, "events": slides}
    return json.dumps(document, ensure_ascii=False, indent=1).encode("utf-8"), warning


HAPPENING_FORMATS = ("csv", "raw-csv", "jsonl", "parquet", "timelinejs")


def write_happenings(frame: pd.DataFrame, fmt: str,
                     max_slides: int = TIMELINEJS_MAX_SLIDES) -> tuple[bytes, str | None]:
    """Serialise happenings (a frame with the happenings table's columns): the export
    columns for csv/raw-csv/jsonl/parquet; TimelineJS slides with their sources.
    Returns the bytes and a warning (or None)."""
    if fmt == "timelinejs":
        return happenings_timelinejs(frame, max_slides)
    if fmt not in HAPPENING_FORMATS:
        raise ValueError(f"unknown format {fmt!r}; expected one of "
                         f"{', '.join(HAPPENING_FORMATS)}")
    return write(frame.loc[:, list(HAPPENING_EXPORT_COLUMNS)], fmt), None


FORMATS = {
    "csv": (lambda frame: to_csv(frame, safe=True), "text/csv", "csv"),
    "raw-csv": (lambda frame: to_csv(frame, safe=False), "text/csv", "raw.csv"),
    "jsonl": (to_jsonl, "application/x-ndjson", "jsonl"),
    "parquet": (to_parquet, "application/vnd.apache.parquet", "parquet"),
    "timelinejs": (to_timelinejs, "application/json", "timeline.json"),
}

# What each format is for, shown beside the download buttons and in `eventline export --help`.
FORMAT_HELP = {
    "csv": "CSV for spreadsheets (formula-safe, UTF-8 with BOM)",
    "raw-csv": "raw CSV for scripts (values exactly as stored; not for spreadsheets)",
    "jsonl": "JSON Lines, one event per line",
    "parquet": "Parquet, typed columns",
    "timelinejs": "TimelineJS 3 JSON",
}


def write(frame: pd.DataFrame, fmt: str) -> bytes:
    """Serialise ``frame`` in one of FORMATS."""
    try:
        writer = FORMATS[fmt][0]
    except KeyError:
        raise ValueError(f"unknown format {fmt!r}; expected one of {', '.join(FORMATS)}") from None
    return writer(frame)


STREAMED = ("csv", "raw-csv", "jsonl", "parquet")


def write_chunks(chunks: Iterable[pd.DataFrame], fmt: str, out: BinaryIO,
                 bom: bool = True) -> int:
    """Write the rows of ``chunks`` (DataFrames of one shape, the first possibly empty) to
    ``out`` in ``fmt``, one chunk at a time, with the same cells as ``write``: an export of
    millions of rows never holds them all. ``bom``: the UTF-8 mark of a spreadsheet CSV (left
    out on a terminal). Returns the number of rows written."""
    if fmt not in STREAMED:
        raise ValueError(f"format {fmt!r} cannot be streamed; expected one of "
                         f"{', '.join(STREAMED)}")
    rows = 0
    parquet: pq.ParquetWriter | None = None
    try:
        for number, frame in enumerate(chunks):
            rows += len(frame)
            if fmt in ("csv", "raw-csv"):
                text = _csv_text(frame, safe=fmt == "csv", header=number == 0)
                if number == 0 and fmt == "csv" and bom:
                    text = "\ufeff" + text
                out.write(text.encode("utf-8"))
            elif fmt == "jsonl":
                out.write(to_jsonl(frame))
            else:
                table = _parquet_table(frame)
                parquet = parquet or pq.ParquetWriter(out, table.schema)
                parquet.write_table(table)
    finally:
        if parquet is not None:
            parquet.close()
    return rows


def file_name(slug: str, fmt: str, day: date, stem: str = "eventline") -> str:
    """A name that says what the file holds: the filters, the export date and the format."""
    return f"{stem}_{slug}_{day.isoformat()}.{FORMATS[fmt][2]}"


def sidecar(*, url: str, filters: dict, rows: int, fmt: str, data_file: str,
            created: datetime, extraction: dict | None = None,
            notes: pd.DataFrame | None = None) -> bytes:
    """A small JSON beside an export that says how to get the same rows again, with the
    analyst's notes on the exported period."""
    try:
        version = metadata.version("eventline")
    except metadata.PackageNotFoundError:
        version = "unknown"
    document = {
        "data_file": data_file, "format": fmt, "rows": rows, "filters": filters,
        "view_url": url, "eventline_version": version,
        "created": created.isoformat(timespec="seconds"), "extraction": extraction or {},
        "notes": records(notes[list(NOTE_FIELDS)]) if notes is not None else [],
    }
    return json.dumps(document, ensure_ascii=False, indent=2).encode("utf-8")


NOTE_FIELDS = ("note_id", "date_start", "date_end", "text", "author", "link")
NOTE_FORMATS = {"csv": "text/csv", "jsonl": "application/x-ndjson"}


def write_notes(notes: pd.DataFrame, fmt: str) -> bytes:
    """Notes as spreadsheet-safe CSV or JSON Lines (the same writers as events)."""
    if fmt not in NOTE_FORMATS:
        raise ValueError(f"unknown notes format {fmt!r}; expected one of "
                         f"{', '.join(NOTE_FORMATS)}")
    return write(notes[list(NOTE_FIELDS)], fmt)


def sidecar_name(data_file: str) -> str:
    return f"{data_file}.meta.json"


__all__ = [
    "HAPPENING_FORMATS", "happenings_timelinejs", "write_happenings",
    "FORMATS", "FORMAT_HELP", "LIST_COLUMNS", "NOTE_FIELDS", "file_name", "neutralise_formula",
    "records", "sidecar", "sidecar_name", "write_notes", "to_csv", "to_jsonl", "to_parquet",
    "to_timelinejs", "write", "write_chunks", "STREAMED",
]
