"""Pieces drawn on more than one page: tables, selected events with their evidence, downloads."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from datetime import date, datetime

import pandas as pd
import streamlit as st

from dashboard import export, query
from dashboard.app import highlight, safe, state
from dashboard.app.filters import view_url
from dashboard.charts import lane_of, period_label
from dashboard.query import Filters

# Columns shown in event tables (the downloads carry every column).
TABLE_COLUMNS = [
    "date_start", "date_end", "granularity", "date_text", "date_source", "actors", "countries",
    "event_name", "sentence", "title", "source",
]


# The Data page's order: what happened first, the ids and offsets last (all columns stay).
DATA_FIRST = [
    "date_start", "date_end", "date_text", "event_name", "actors", "countries", "sentence",
    "title", "source", "published", "granularity", "date_source", "places",
]


def no_events(filters: Filters) -> None:
    """Why a page has nothing to show: an empty store, or filters that match nothing."""
    stored, _ = state.cached("summary", Filters())
    if stored == 0:
        st.info("No events yet. Ingest articles on the Ingest page (or with "
                "`eventline ingest PATH`).")
    elif filters != Filters():
        st.info(f"No event matches these filters (the store holds {stored:,} events): widen "
                "them or clear them in the sidebar.")
    else:
        st.info("No events to show.")


def data_order(frame: pd.DataFrame) -> pd.DataFrame:
    first = [c for c in DATA_FIRST if c in frame.columns]
    return frame[first + [c for c in frame.columns if c not in first]]


# Dates arrive from DuckDB as midnight timestamps; show them as the days they are.
DATES = {name: st.column_config.DateColumn(name, format="YYYY-MM-DD")
         for name in ("date_start", "date_end", "published")}


def table(frame: pd.DataFrame, key: str, **options):
    """A read-only table with day-precision dates (the toolbar export is off in config)."""
    config = {**DATES, **options.pop("column_config", {})}
    return st.dataframe(frame, hide_index=True, width="stretch", key=key, column_config=config,
                        **options)


SELECTED_ROWS = 500  # events fetched for a selected bin; the first 20 are shown


def selected_events(points: list[dict], filters: Filters, colour_by: str) -> pd.DataFrame | None:
    """Events behind a timeline selection: marker ids, or the date ranges of selected bins
    (with one bar clicked, only the events of its lane)."""
    ids = [p["customdata"] for p in points if isinstance(p.get("customdata"), str)]
    if ids:
        return state.cached("events_by_id", ids)
    ranges = [p["customdata"] for p in points if isinstance(p.get("customdata"), list)]
    if not ranges:
        return None
    first = max(min(date.fromisoformat(r[0]) for r in ranges), filters.date_from or date.min)
    last = min(max(date.fromisoformat(r[1]) for r in ranges), filters.date_to or date.max)
    rows = state.events(replace(filters, date_from=first, date_to=last), limit=SELECTED_ROWS)
    lanes = {r[2] for r in ranges} - {"other"}
    if len(ranges) == 1 and lanes:
        return rows[lane_of(rows, colour_by).isin(lanes)]
    return rows


def event_details(rows: pd.DataFrame, limit: int = 20) -> None:
    """Each event's evidence highlighted inside its article, with the article's details.

    Every value from the data goes through ``safe.md`` or ``html.escape``: it is shown as
    text, never as Markdown, HTML or an image."""
    for row in rows.head(limit).itertuples():
        with st.container(border=True):
            st.markdown(f"**{safe.md(_when(row))}** · {safe.md(row.event_name or 'event')} · "
                        f"{safe.md(_names(row.actors) or 'no actor')}")
            text = state.cached("article_text", row.article_id) if row.article_id else None
            if text:
                st.html(f'<div style="line-height:1.5">'
                        f"{highlight.evidence_html(text, int(row.start), int(row.end))}</div>")
            else:
                st.text(row.sentence)
            dataset = dataset_fields(row._asdict())
            if dataset:
                st.caption(safe.md(dataset))
            st.caption(provenance_markdown(row._asdict()))
    if len(rows) > limit:
        st.caption(f"{len(rows) - limit:,} more selected events are not shown.")


def _when(row) -> str:
    if row.date_text:
        return str(row.date_text)
    if pd.isna(row.date_start):
        return "undated"
    return period_label(row.date_start, row.date_end, row.granularity)


def _names(values: object) -> str:
    return ", ".join(str(v) for v in values) if isinstance(values, Iterable) \
        and not isinstance(values, str) else ""


def dataset_fields(row: dict) -> str:
    """An imported row's own fields: "Battles: Armed clash · 12 fatalities" (ACLED) or
    "EventCode 042 · Goldstein 1.9" (GDELT); empty for an article's event."""
    parts = []
    origin = row.get("origin") or "article"
    if row.get("origin_type") and origin != "article":
        kind = "EventCode " if origin == "gdelt" else ""
        parts.append(f"{kind}{row['origin_type']}")
    fatalities = row.get("fatalities")
    if fatalities is not None and not pd.isna(fatalities):
        parts.append(f"{int(fatalities):,} fatalit{'y' if int(fatalities) == 1 else 'ies'}")
    goldstein = row.get("goldstein")
    if goldstein is not None and not pd.isna(goldstein):
        parts.append(f"Goldstein {float(goldstein):g}")
    for name, label in (("num_articles", "articles"), ("num_sources", "sources")):
        value = row.get(name)
        if value is not None and not pd.isna(value):
            parts.append(f"{int(value):,} {label}")
    if row.get("admin1") and origin != "article":
        parts.append(f"region {row['admin1']}")
    return " · ".join(parts)


def provenance_markdown(row: dict) -> str:
    """The event's source line, escaped, with a link only for an http(s) article URL.

    An imported row reads "ACLED · source: 24 Channel" (its outlet is not an article)."""
    origin = row.get("origin") or "article"
    line = query.source_line({
        "dataset": "" if origin == "article" else query.DATASET_LABELS.get(origin,
                                                                          origin.upper()),
        "outlet": row.get("source"), "title": row.get("title"), "published": row.get("published"),
        "url": row.get("url"),
    })
    url = safe.http_url(row.get("url"))
    return safe.md(line) + (f" · {safe.md_link('link', url)}" if url else "")


def _rows_writer(path: str, filters: Filters, fmt: str):
    # Runs on click, on Streamlit's download thread: query the store directly, no st.* calls.
    def build() -> bytes:
        from dashboard.parquet_store import open_store

        return export.write(query.events(open_store(path), filters), fmt)

    return build


def _sidecar_writer(path: str, filters: Filters, fmt: str, data_file: str, url: str):
    def build() -> bytes:
        from dashboard.parquet_store import open_store

        store = open_store(path)
        rows, _ = query.summary(store, filters)
        notes = query.notes(store, filters.date_from, filters.date_to)
        return export.sidecar(url=url, filters=filters.as_dict(), rows=rows, fmt=fmt,
                              data_file=data_file, created=datetime.now().astimezone(),
                              extraction=EXTRACTION, notes=notes)

    return build


EXTRACTION = {
    "extractor": "dashboard.extract (rule-based, offline)",
    "reference_date": "each article's publication date; undated articles stay unresolved",
}


def download_button(filters: Filters, fmt: str, label: str, key: str) -> None:
    """One download of exactly the filtered rows, built only when clicked."""
    path = str(state.store().path)
    name = export.file_name(filters.slug(), fmt, datetime.now().date())
    st.download_button(label, _rows_writer(path, filters, fmt), file_name=name,
                       mime=export.FORMATS[fmt][1], key=key, on_click="ignore")


def _happenings_writer(path: str, filters: Filters, fmt: str):
    def build() -> bytes:
        from dashboard.happenings import query as happening_query
        from dashboard.store import Store

        data, _ = export.write_happenings(happening_query.happenings(Store(path), filters), fmt)
        return data

    return build


def happenings_download(filters: Filters, fmt: str = "csv",
                        label: str = "Download these happenings (CSV)",
                        key: str = "download_happenings") -> None:
    """The filtered happenings in one format, built only when clicked."""
    path = str(state.store().path)
    name = export.file_name(filters.slug(), fmt, datetime.now().date(), stem="happenings")
    st.download_button(label, _happenings_writer(path, filters, fmt), file_name=name,
                       mime=export.FORMATS[fmt][1], key=key, on_click="ignore")


def happenings_downloads(filters: Filters, count: int) -> None:
    """Every happenings format side by side (the Data page)."""
    if count > export.TIMELINEJS_MAX_SLIDES:
        st.caption(f"TimelineJS keeps the {export.TIMELINEJS_MAX_SLIDES} most reported of "
                   f"these {count:,} happenings: it is made for tens of slides.")
    for column, fmt in zip(st.columns(len(export.HAPPENING_FORMATS)),
                           export.HAPPENING_FORMATS, strict=True):
        with column:
            happenings_download(filters, fmt, f"happenings: {fmt}", key=f"happenings_{fmt}")


def _notes_writer(path: str, filters: Filters, fmt: str):
    def build() -> bytes:
        from dashboard.parquet_store import open_store

        return export.write_notes(query.notes(open_store(path), filters.date_from,
                                              filters.date_to), fmt)

    return build


def notes_downloads(filters: Filters) -> None:
    """The notes on the filtered period, as CSV and JSON Lines."""
    path = str(state.store().path)
    left, right = st.columns(2)
    for column, fmt in ((left, "csv"), (right, "jsonl")):
        name = export.file_name(filters.slug(), fmt, datetime.now().date(), stem="notes")
        column.download_button(f"Notes ({fmt.upper()})", _notes_writer(path, filters, fmt),
                               file_name=name, mime=export.NOTE_FORMATS[fmt],
                               key=f"notes_{fmt}", on_click="ignore", width="stretch")


def downloads(filters: Filters, with_sidecar: bool) -> None:
    """A button per export format, each optionally with its sidecar."""
    path, url = str(state.store().path), view_url()
    for fmt, help_text in export.FORMAT_HELP.items():
        name = export.file_name(filters.slug(), fmt, datetime.now().date())
        left, right = st.columns([3, 2])
        left.download_button(
            f"{help_text}", _rows_writer(path, filters, fmt), file_name=name,
            mime=export.FORMATS[fmt][1], key=f"download_{fmt}", on_click="ignore",
            width="stretch",
        )
        if with_sidecar:
            right.download_button(
                f"sidecar for {fmt}", _sidecar_writer(path, filters, fmt, name, url),
                file_name=export.sidecar_name(name), mime="application/json",
                key=f"sidecar_{fmt}", on_click="ignore",
            )
