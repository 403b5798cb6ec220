"""The one declared schema of the event store, and records -> DataFrame conversion.

Every table, export and page agrees on these column names and order.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from dashboard.happenings.model import Happening
from dashboard.models import Article, Event

# (column, DuckDB type) for the articles table.
ARTICLE_COLUMNS: tuple[tuple[str, str], ...] = (
    ("article_id", "VARCHAR PRIMARY KEY"),
    ("title", "VARCHAR"),
    ("published", "DATE"),
    ("source", "VARCHAR"),
    ("url", "VARCHAR"),
    ("language", "VARCHAR"),
    ("path", "VARCHAR"),
    ("text", "VARCHAR"),
    ("event_count", "INTEGER"),
    # Added by issue 5 (older stores gain them on first open, see store.py):
    ("origin", "VARCHAR"),  # "article" for ingested text; "gdelt"/"acled" for imported rows
    ("doc_key", "VARCHAR"),  # URL, else source path: an edited article replaces its old self
    ("published_from", "VARCHAR"),  # metadata / byline / html / batch; NULL when undated
    ("undated", "BOOLEAN"),  # no publication date found: the dashboard can show these apart
)

# (column, DuckDB type) for the events table.
EVENT_COLUMNS: tuple[tuple[str, str], ...] = (
    ("event_id", "VARCHAR PRIMARY KEY"),
    ("article_id", "VARCHAR"),
    ("date_start", "DATE"),
    ("date_end", "DATE"),
    ("granularity", "VARCHAR"),
    ("date_text", "VARCHAR"),
    ("date_source", "VARCHAR"),
    ("actors", "VARCHAR[]"),
    ("countries", "VARCHAR[]"),
    ("places", "VARCHAR[]"),
    ("event_code", "VARCHAR"),
    ("event_name", "VARCHAR"),
    ("quad_class", "INTEGER"),
    ("source_actor", "VARCHAR"),
    ("target_actor", "VARCHAR"),
    ("sentence", "VARCHAR"),
    ("start", "INTEGER"),
    ("end", "INTEGER"),
    ("confidence", "DOUBLE"),
    ("lat", "DOUBLE"),
    ("lon", "DOUBLE"),
    ("origin", "VARCHAR"),
    # Provenance of imported datasets (NULL for events extracted from articles):
    ("origin_id", "VARCHAR"),  # GDELT GLOBALEVENTID, ACLED event_id_cnty
    ("origin_type", "VARCHAR"),  # full CAMEO EventCode, or ACLED "event type: sub type"
    ("goldstein", "DOUBLE"),  # GDELT GoldsteinScale
    ("fatalities", "INTEGER"),  # ACLED fatalities
    ("country_inherited", "BOOLEAN"),  # countries = the article's home country (issue 10)
)

# Happenings (dashboard/happenings): one row per happening, kept up to date on every write.
HAPPENING_COLUMNS: tuple[tuple[str, str], ...] = (
    ("happening_id", "VARCHAR PRIMARY KEY"),
    ("date_start", "DATE"),
    ("date_end", "DATE"),
    ("granularity", "VARCHAR"),
    ("date_source", "VARCHAR"),  # explicit / relative / publication / unresolved
    ("date_text", "VARCHAR"),  # the date as most members write it
    ("headline", "VARCHAR"),
    ("event_code", "VARCHAR"),
    ("event_name", "VARCHAR"),
    ("actors", "VARCHAR[]"),
    ("countries", "VARCHAR[]"),
    ("places", "VARCHAR[]"),
    ("lat", "DOUBLE"),
    ("lon", "DOUBLE"),
    ("mentions", "INTEGER"),
    ("articles", "INTEGER"),
    ("sources", "INTEGER"),
    ("first_reported", "DATE"),
    ("article_ids", "VARCHAR[]"),
    ("titles", "VARCHAR[]"),
    ("event_ids", "VARCHAR[]"),
    ("outlets", "VARCHAR[]"),  # distinct sources, for the source filter
    ("dated_article_ids", "VARCHAR[]"),  # articles whose text dates it (key dates)
    ("article_sources", "VARCHAR[]"),  # source of each of article_ids (for links)
    ("article_urls", "VARCHAR[]"),  # URL of each of article_ids
)

# Which happening each event belongs to; ``block`` is the event's block (see
# dashboard/happenings/model.block_key), so a recomputed block replaces its rows.
HAPPENING_MEMBER_COLUMNS: tuple[tuple[str, str], ...] = (
    ("event_id", "VARCHAR PRIMARY KEY"),
    ("happening_id", "VARCHAR"),
    ("block", "VARCHAR"),
)

# Blocks whose events changed since their happenings were last computed.
HAPPENING_DIRTY_COLUMNS: tuple[tuple[str, str], ...] = (("block", "VARCHAR PRIMARY KEY"),)

# Columns of an exported happening (CSV, JSON Lines, Parquet), in this order.
HAPPENING_EXPORT_COLUMNS: tuple[str, ...] = (
    "happening_id", "date_start", "date_end", "granularity", "date_source", "headline",
    "event_code", "event_name", "actors", "countries", "places", "mentions", "articles",
    "sources", "first_reported", "article_ids", "titles", "event_ids",
)
HAPPENING_LIST_COLUMNS = tuple(name for name, kind in HAPPENING_COLUMNS if kind == "VARCHAR[]")

# Event columns that are not attributes of ``Event``: importers put them in ``Event.extra``.
EXTRA_EVENT_COLUMNS = ("origin_id", "origin_type", "goldstein", "fatalities")

LIST_COLUMNS = ("actors", "countries", "places")

# Columns of an exported event row: the event plus its article's title, date and source.
EXPORT_COLUMNS: tuple[str, ...] = (
    "event_id",
    "article_id",
    "title",
    "published",
    "source",
    "url",
    "date_start",
    "date_end",
    "granularity",
    "date_text",
    "date_source",
    "actors",
    "countries",
    "country_inherited",
    "places",
    "event_code",
    "event_name",
    "quad_class",
    "source_actor",
    "target_actor",
    "sentence",
    "start",
    "end",
    "confidence",
    "lat",
    "lon",
    "origin",
)


def article_row(
    article: Article,
    event_count: int,
    origin: str = "article",
    published_from: str | None = None,
) -> dict:
    return {
        "article_id": article.article_id,
        "title": article.title,
        "published": article.published,
        "source": article.source,
        "url": article.url,
        "language": article.language,
        "path": article.path,
        "text": article.text,
        "event_count": event_count,
        "origin": origin,
        "doc_key": article.url or article.path or None,
        "published_from": published_from if article.published else None,
        "undated": article.published is None,
    }


_EVENT_ATTRIBUTES = tuple(
    name for name, _ in EVENT_COLUMNS if name != "origin" and name not in EXTRA_EVENT_COLUMNS
)


def event_row(event: Event, origin: str = "article") -> dict:
    row = {name: getattr(event, name) for name in _EVENT_ATTRIBUTES}
    for name in LIST_COLUMNS:
        row[name] = list(row[name])
    for name in EXTRA_EVENT_COLUMNS:
        row[name] = event.extra.get(name)
    row["origin"] = event.extra.get("origin", origin)
    return row


def happening_row(happening: Happening) -> dict:
    """A ``happenings.Happening`` as a row of the happenings table (lists as lists)."""
    row = {name: getattr(happening, name) for name, _ in HAPPENING_COLUMNS}
    for name in HAPPENING_LIST_COLUMNS:
        row[name] = list(row[name])
    return row


def events_frame(pairs: Iterable[tuple[Article, list[Event]]]) -> pd.DataFrame:
    """Export-shaped DataFrame of events straight from extraction (no store involved)."""
    rows = []
    for article, events in pairs:
        for event in events:
            row = event_row(event)
            row.update(
                title=article.title,
                published=article.published,
                source=article.source,
                url=article.url,
            )
            rows.append(row)
    return pd.DataFrame(rows, columns=list(EXPORT_COLUMNS))
