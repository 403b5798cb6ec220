"""Timeline page: events over time, their evidence, key dates, and a CSV of exactly them."""

from __future__ import annotations

import streamlit as st

from dashboard.app import state, views
from dashboard.app.filters import current
from dashboard.app.notes_panel import notes_panel
from dashboard.charts import (
    COLOUR_CHOICES,
    add_notes,
    axis_range,
    binned_timeline_figure,
    key_dates_table,
    timeline_figure,
)
from dashboard.query import choose_bin, visible_range

MAX_MARKERS = 1500  # above this the browser gets counts per bin, not one mark per event
TABLE_ROWS = 200


def _chart(filters, total: int, colour_by: str, notes):
    visible = visible_range(state.date_bounds(), filters)
    bin_name = choose_bin(*visible) if visible else "month"
    if total <= MAX_MARKERS:
        figure = timeline_figure(state.events(filters, limit=MAX_MARKERS), colour_by)
    else:
        figure = binned_timeline_figure(
            state.cached("timeline_bins", filters, bin_name, colour_by), bin_name)
        st.caption(f"{total:,} events: counts per {bin_name}; select bars to read their events.")
    add_notes(figure, notes)
    if visible:  # the axis follows the chosen range, so notes and spans in it are shown
        figure.update_xaxes(range=axis_range(*visible))
    return st.plotly_chart(figure, key="timeline", on_select="rerun",
                           selection_mode=("points", "box"))


def _page(filters) -> None:
    origin = state.cached("provenance_summary", filters)
    if origin.events == 0:
        st.info("No events to show. Ingest articles on the Ingest page (or with "
                "`eventline ingest PATH`), or widen the filters.")
        return
    total = origin.events
    st.caption(origin.caption())
    colour_by = st.radio("Colour by", list(COLOUR_CHOICES), horizontal=True, key="colour",
                         bind="query-params")
    visible = visible_range(state.date_bounds(), filters)
    notes = state.cached("notes", *(visible or (None, None)))
    selection = _chart(filters, total, colour_by, notes)
    notes_panel(notes, visible[1] if visible else None)
    details, key_dates = st.columns([3, 2])
    with details:
        points = selection.selection.points if selection else []
        chosen = views.selected_events(points, filters, colour_by)
        st.subheader("Selected events")
        if chosen is None or chosen.empty:
            st.caption("Select points or bars (click, or drag a box) to read their evidence.")
        else:
            views.event_details(chosen)
    with key_dates:
        st.subheader("Key dates")
        st.caption("The dates and periods mentioned by the most articles.")
        ranked = state.cached("key_dates", filters)
        st.dataframe(key_dates_table(ranked), hide_index=True, width="stretch", key="key_dates")

    views.download_button(filters, "csv", "Download these events (CSV)", key="download_csv")
    st.caption(f"The first {min(total, TABLE_ROWS):,} of {total:,} events; "
               "the Data page pages through all of them and offers every format.")
    table = state.events(filters, limit=TABLE_ROWS)
    views.table(table[views.TABLE_COLUMNS], key="events")


st.title("Timeline")
_page(current())
