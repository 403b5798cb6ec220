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
    # Added by issue 9 (older stores gain them on first open, NULL in their rows):
    ("primary_country", "VARCHAR"),  # where it happened (ISO-3)
    ("source_country", "VARCHAR"),  # ISO-3 affiliation of source_actor
    ("target_country", "VARCHAR"),  # ISO-3 affiliation of target_actor
    ("timex_value", "VARCHAR"),  # TIMEX3 value of date_text
    ("places_written", "VARCHAR[]"),  # place names as written, where they differ from places
    # Added by issue 13: more of the imported datasets' own fields.
    ("admin1", "VARCHAR"),  # ACLED admin1; GDELT: the region of ActionGeo_FullName
    ("num_articles", "INTEGER"),  # GDELT NumArticles
    ("num_sources", "INTEGER"),  # GDELT NumSources
    ("country_inherited", "BOOLEAN"),  # countries = the article's home country (issue 10)
)

# Saved views and notes: the analyst's own records, kept beside the data they describe.
VIEW_COLUMNS: tuple[tuple[str, str], ...] = (
    ("name", "VARCHAR PRIMARY KEY"),
    ("page", "VARCHAR"),
    ("filters", "VARCHAR"),  # JSON of Filters.as_dict()
    ("choices", "VARCHAR"),  # JSON of the page's own choices, e.g. {"colour": "actor"}
    ("updated", "TIMESTAMP"),
)
NOTE_COLUMNS: tuple[tuple[str, str], ...] = (
    ("note_id", "VARCHAR PRIMARY KEY"),
    ("date_start", "DATE"),
    ("date_end", "DATE"),
    ("text", "VARCHAR"),
    ("author", "VARCHAR"),
    ("link", "VARCHAR"),
    ("created", "TIMESTAMP"),
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

LIST_COLUMNS = ("actors", "countries", "places", "places_written")

# Columns of an exported event row: the event plus its article's title, date and source.
EXPORT_COLUMNS: tuple[str, ...] = (
    "event_id",
    "article_id",
    "title",
    "published",
    "source",
    "url",
    "language",
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
    # The imported datasets' own fields, empty for events extracted from articles:
    "origin_id",
    "origin_type",
    "fatalities",
    "goldstein",
    "admin1",
    "num_articles",
    "num_sources",
    "source_country",
    "target_country",
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


def event_row(event: Event) -> dict:
    """An event as a row of the events table (every column is an attribute of Event)."""
    row = {name: getattr(event, name) for name, _ in EVENT_COLUMNS}
    for name in LIST_COLUMNS:
        row[name] = list(row[name])
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
                language=article.language,
            )
            rows.append(row)
    frame = pd.DataFrame(rows, columns=list(EXPORT_COLUMNS))
    # Whole numbers stay whole where a row has none (pandas would make the column 4.0, 5.0),
    # as the store's export writes them.
    whole = [name for name, kind in EVENT_COLUMNS if kind == "INTEGER" and name in frame]
    return frame.astype({name: "Int64" for name in whole})
