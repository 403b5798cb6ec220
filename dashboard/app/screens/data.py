"""Data page: the filtered table, a page at a time, and every export format."""

from __future__ import annotations

import streamlit as st

from dashboard.app import safe, state, views
from dashboard.app.filters import current

PAGE_ROWS = 100

def _page(filters) -> None:
    total, _ = state.cached("summary", filters)
    st.caption(f"{total:,} events match the filters.")
    if total == 0:
        views.no_events(filters)
        return
    pages = (total + PAGE_ROWS - 1) // PAGE_ROWS
    page = st.number_input(f"Page (of {pages:,})", min_value=1, max_value=pages, value=1,
                           step=1, key="data_page")
    rows = state.cached("events", filters, limit=PAGE_ROWS, offset=(page - 1) * PAGE_ROWS)
    views.table(views.data_order(rows).assign(url=rows["url"].map(safe.http_url)),
                key="data_table", column_config={"url": st.column_config.LinkColumn("url")})

    st.subheader("Download exactly these events")
    st.caption("Each file holds every filtered row (not only this page); its name gives the "
               "filters and the date. A sidecar records the link, version and settings "
               "behind it.")
    with_sidecar = st.toggle("Offer sidecar files", value=True, key="with_sidecar")
    views.downloads(filters, with_sidecar)
    _happenings(filters)
    _notes(filters)


def _happenings(filters) -> None:
    count, _, _ = state.happenings("story_summary", filters)
    st.subheader(f"Download the happenings ({count:,})")
    st.caption("One row per real-world happening, however many articles report it: period, "
               "headline, type, actors, countries, counts of mentions, articles and sources, "
               "and the ids of its articles and events.")
    if count:
        views.happenings_downloads(filters, count)


def _notes(filters) -> None:
    notes = state.cached("notes", filters.date_from, filters.date_to)
    st.subheader(f"Notes on this period ({len(notes)})")
    if notes.empty:
        st.caption("No notes. Add them on the Timeline page or with `eventline notes add`; "
                   "the sidecar files carry them too.")
        return
    shown = notes[["date_start", "date_end", "text", "author", "link"]]
    views.table(shown.assign(link=shown["link"].map(safe.http_url)), key="notes_table",
                column_config={"link": st.column_config.LinkColumn("link")})
    views.notes_downloads(filters)


st.title("Data")
_page(current())
