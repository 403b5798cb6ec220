"""The query layer: Filters -> SQL over the store -> DataFrames. No streamlit here.

Pages and the CLI build a ``Filters`` and call these functions; ``Store`` only runs the SQL,
so the database stays behind one module and the pages never see SQL.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from datetime import date

import pandas as pd

from dashboard.schema import EXPORT_COLUMNS
from dashboard.store import Store


@dataclass(frozen=True)
class Filters:
    """What the user asked to see. Empty tuples mean "no restriction".

    Within one field the values are alternatives (any of them); fields combine with AND.
    Dates select events whose interval overlaps [date_from, date_to].
    """

    date_from: date | None = None
    date_to: date | None = None
    countries: tuple[str, ...] = ()
    actors: tuple[str, ...] = ()
    event_codes: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    date_sources: tuple[str, ...] = ()
    text: str = ""

    def without(self, name: str) -> Filters:
        """The same filters less one field: facet counts follow the *other* filters."""
        default = next(f for f in fields(self) if f.name == name).default
        return replace(self, **{name: default})

    def is_empty(self) -> bool:
        return self == Filters()


def where_clause(filters: Filters, alias: str = "e", article_alias: str = "a") -> tuple[str, list]:
    """SQL condition (without WHERE) and its parameters for ``filters``."""
    conditions: list[str] = []
    params: list = []
    if filters.date_from:
        conditions.append(f"{alias}.date_end >= ?")
        params.append(filters.date_from)
    if filters.date_to:
        conditions.append(f"{alias}.date_start <= ?")
        params.append(filters.date_to)
    for column, values in (("countries", filters.countries), ("actors", filters.actors)):
        if values:
            conditions.append(f"list_has_any({alias}.{column}, ?::VARCHAR[])")
            params.append(list(values))
    for column, values in (
        (f"{alias}.event_code", filters.event_codes),
        (f"{article_alias}.source", filters.sources),
        (f"{alias}.date_source", filters.date_sources),
    ):
        if values:
            conditions.append(f"{column} IN ({', '.join('?' for _ in values)})")
            params.extend(values)
    if filters.text.strip():
        conditions.append(f"{alias}.sentence ILIKE ? ESCAPE '\\'")
        params.append(f"%{_escape_like(filters.text.strip())}%")
    return (" AND ".join(conditions) or "TRUE"), params


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


_ARTICLE_FIELDS = ("title", "published", "source", "url")
_SELECT_EVENTS = ", ".join(
    f'a."{c}"' if c in _ARTICLE_FIELDS else f'e."{c}"' for c in EXPORT_COLUMNS
)
_FROM = "FROM events e LEFT JOIN articles a USING (article_id)"
LIST_COLUMNS = frozenset({"actors", "countries", "places"})


def count_events(store: Store, filters: Filters | None = None) -> int:
    where, params = where_clause(filters or Filters())
    return store.query_rows(f"SELECT count(*) {_FROM} WHERE {where}", params)[0][0]


def events(store: Store, filters: Filters | None = None, limit: int | None = None) -> pd.DataFrame:
    """Filtered events in export shape, ordered by date then position in the article."""
    where, params = where_clause(filters or Filters())
    sql = (
        f"SELECT {_SELECT_EVENTS} {_FROM} WHERE {where} "
        "ORDER BY e.date_start NULLS LAST, a.published, e.article_id, e.start"
    )
    if limit is not None:
        sql += f" LIMIT {int(limit)}"
    return store.query(sql, params)


def facet_counts(store: Store, column: str, filters: Filters | None = None) -> pd.DataFrame:
    """Value -> number of matching events for one column, most frequent first."""
    where, params = where_clause(filters or Filters())
    if column == "source":
        expr = "a.source"
    elif column in LIST_COLUMNS:
        expr = f"UNNEST(e.{column})"
    else:
        expr = f"e.{column}"
    sql = (
        f"SELECT value, count(*) AS events FROM (SELECT {expr} AS value {_FROM} WHERE {where}) "
        "WHERE value IS NOT NULL AND value <> '' GROUP BY value ORDER BY events DESC, value"
    )
    return store.query(sql, params)


def event_type_names(store: Store) -> dict[str, str]:
    """CAMEO root code -> name, for the codes present in the store."""
    rows = store.query_rows(
        "SELECT event_code, any_value(event_name) FROM events "
        "WHERE event_code IS NOT NULL AND event_code <> '' GROUP BY event_code"
    )
    return {code: name or "" for code, name in rows}


def date_bounds(store: Store) -> tuple[date, date] | None:
    (low, high), = store.query_rows("SELECT min(date_start), max(date_end) FROM events")
    return None if low is None else (low, high)
