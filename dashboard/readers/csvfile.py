"""CSV (or TSV) files with a header row: one article per row.

The delimiter is sniffed; columns are recognised by name (``fields.ALIASES``) or named with
``--map text=body --map published=date``. Line numbers are those of the file, so a row
spanning several lines (a quoted multi-line body) is reported at its first line.
"""

from __future__ import annotations

import csv
import io
import sys
from collections.abc import Iterator

from dashboard.readers.common import Found, Problem, ReadOptions
from dashboard.readers.fields import record_article, resolve_fields

_DELIMITERS = ",;\t|"


def read_csv(name: str, text: str, options: ReadOptions) -> Iterator[Found | Problem]:
    dialect = "excel-tab" if name.lower().endswith(".tsv") else _sniff(text)
    rows = csv.reader(io.StringIO(text, newline=""), dialect)
    csv.field_size_limit(sys.maxsize)  # article bodies are long; the file size is capped
    try:
        header = next(rows)
    except (StopIteration, csv.Error):
        yield Problem(name, 1, "no header row; expected column names such as title,text,published")
        return
    fields = resolve_fields(header, options.column_map)
    if "text" not in fields:
        wanted = options.column_map.get("text")
        mapped = f"column {wanted!r} nor a " if wanted else ""
        yield Problem(name, 1, f"no {mapped}text column (text, body, content ...) in the header "
                      f"{', '.join(header)!r}; expected one, or name it with --map text=COLUMN")
        return
    yield from _rows(name, rows, header, fields)


def _rows(name: str, rows, header: list[str], fields: dict[str, str]):
    start = rows.line_num + 1
    while True:
        try:
            row = next(rows)
        except StopIteration:
            return
        except csv.Error as exc:
            yield Problem(name, start, f"unreadable CSV row ({exc}); expected a closed quote")
            return
        if not any(cell.strip() for cell in row):
            pass
        elif len(row) != len(header):
            yield Problem(name, start, f"row has {len(row)} fields; the header has "
                          f"{len(header)}")
        else:
            yield from record_article(dict(zip(header, row, strict=True)), fields, name,
                                      start, f"{name}:{start}")
        start = rows.line_num + 1


def _sniff(text: str) -> type[csv.Dialect] | str:
    """Excel's CSV rules with the header line's delimiter (quoting is not guessed)."""
    try:
        delimiter = csv.Sniffer().sniff(text.split("\n", 1)[0], delimiters=_DELIMITERS).delimiter
    except csv.Error:
        return "excel"

    class Sniffed(csv.excel):
        pass

    Sniffed.delimiter = delimiter
    return Sniffed
