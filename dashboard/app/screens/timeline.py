"""Timeline page: the story (happenings, with their headlines on the chart) or every mention
over time; key dates, notes, and a CSV of exactly what is shown."""

from __future__ import annotations

import streamlit as st

from dashboard.app import state, story, views
from dashboard.app.filters import current
from dashboard.app.notes_panel import notes_panel
from dashboard.charts import (
    COLOUR_CHOICES,
    add_notes,
    axis_range,
    binned_timeline_figure,
    happening_key_dates,
    key_dates_table,
    timeline_figure,
)
from dashboard.query import choose_bin, visible_range

MAX_MARKERS = 1500  # above this the browser gets counts per bin, not one mark per event
TABLE_ROWS = 200


def _visible(filters):
    """The dates the chart spans: the chosen ones, else those of the events the filters keep
    (two months of French articles are not squeezed into the store's twenty-five years)."""
    chosen = filters.date_from or filters.date_to
    return visible_range(state.date_bounds() if chosen else
                         state.cached("date_bounds", filters), filters)


def _chart(filters, total: int, colour_by: str, notes, visible):
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


def _mentions(filters, origin) -> None:
    total = origin.events
    colour_by = st.radio("Colour by", list(COLOUR_CHOICES), horizontal=True, key="colour",
                         bind="query-params")
    visible = _visible(filters)
    notes = state.cached("notes", *(visible or (None, None)))
    selection = _chart(filters, total, colour_by, notes, visible)
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


def _happenings(filters) -> None:
    count, mentions, articles = state.happenings("story_summary", filters)
    if count == 0:
        st.info("No happenings match: widen the filters, or show every mention.")
        return
    st.caption(f"{count:,} happening{'s' * (count != 1)} reported by {mentions:,} mention"
               f"{'s' * (mentions != 1)} in {articles:,} article{'s' * (articles != 1)} "
               "or dataset rows")
    shown_window, chosen = story.window(filters)
    if shown_window is None:
        which = "This happening has" if count == 1 else f"None of these {count:,} happenings has"
        st.info(f"{which} a date: their articles have no publication date and their text "
                "names none. Show mentions to read them; give the articles a date (a "
                "'published:' line, a date column, or --published) to place them on the "
                "timeline.")
        return
    notes = state.cached("notes", *shown_window)
    shown, event = story.chart(filters, shown_window, notes, chosen)
    story.window_caption(filters, count, shown, shown_window, chosen)
    notes_panel(notes, shown_window[1])
    listing, key_dates = st.columns([3, 2])
    with listing:
        picked = [p["customdata"] for p in (event.selection.points if event else [])
                  if isinstance(p.get("customdata"), str)]
        story.story_list(shown, picked)
    with key_dates:
        st.subheader("Key dates")
        st.caption("Days and periods by the articles that date a happening there in their own "
                   "text; publication days only after them.")
        # A list, not a table: the headlines wrap in the half-width column instead of being cut.
        story.key_dates_list(happening_key_dates(state.happenings("key_dates", filters)))
    views.happenings_download(filters)


def _page(filters) -> None:
    origin = state.cached("provenance_summary", filters)
    if origin.events == 0:
        views.no_events(filters)
        return
    st.caption(origin.caption())
    # The bound radio writes its label into the URL, so the labels are short single words.
    show = st.radio("Show", SHOW, horizontal=True, key="show", bind="query-params",
                    help="Happenings: one mark per real-world event, however many articles "
                         "report it. Mentions: every dated sentence.")
    if show == "mentions":
        _mentions(filters, origin)
    else:
        _happenings(filters)


SHOW = ["happenings", "mentions"]

st.title("Timeline")
with state.reading():  # the page's queries share one attachment of the store
    _page(current())
