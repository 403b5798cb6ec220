"""Timeline page: the filtered events over time, their evidence, and a CSV of exactly them."""

from __future__ import annotations

import streamlit as st

from dashboard.app import state
from dashboard.app.filters import sidebar_filters
from dashboard.charts import COLOUR_CHOICES, timeline_figure
from dashboard.export import to_csv

TABLE_COLUMNS = [
    "date_start", "date_end", "granularity", "date_text", "date_source", "actors", "countries",
    "event_name", "sentence", "title",
]

st.title("Timeline")
filters = sidebar_filters()
frame = state.events(filters)

if frame.empty:
    st.info(
        "No events to show. Ingest articles with `eventline ingest PATH` "
        "or widen the filters."
    )
    st.stop()

articles = frame["article_id"].nunique()
st.caption(f"{len(frame):,} events from {articles:,} articles")
colour_by = st.radio(
    "Colour by", list(COLOUR_CHOICES), horizontal=True, key="colour", bind="query-params"
)
selection = st.plotly_chart(
    timeline_figure(frame, colour_by), key="timeline", on_select="rerun",
    selection_mode=("points", "box"),
)
chosen = {p.get("customdata") for p in (selection.selection.points if selection else [])}
if chosen:
    st.subheader("Selected events")
    for row in frame[frame["event_id"].isin(chosen)].itertuples():
        st.markdown(f"**{row.date_text or row.date_start}** · {row.title} · {row.published}")
        st.markdown(f"> {row.sentence}")

st.download_button(
    "Download these events (CSV)", to_csv(frame), file_name="eventline-events.csv",
    mime="text/csv", key="download_csv",
)
st.dataframe(frame[TABLE_COLUMNS], hide_index=True, width="stretch")
