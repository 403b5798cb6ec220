"""Filters over the event store, expressed as SQL WHERE clauses with bound parameters.

Pages and the CLI build a ``Filters``; the store runs the SQL. No streamlit here.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from datetime import date


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
