"""The sidebar filters shared by every page; each widget is bound to the URL."""

from __future__ import annotations

from datetime import date

import streamlit as st

from dashboard.app import state
from dashboard.query import Filters

# URL parameter names (widget keys).
KEYS = {"dates": "dates", "countries": "country", "actors": "actor", "types": "type"}


def _options_with_counts(column: str) -> tuple[list[str], dict[str, int]]:
    counts = state.facet(column)
    values = counts["value"].astype(str).tolist()
    return values, dict(zip(values, counts["events"].tolist(), strict=True))


def _date_range() -> tuple[date | None, date | None]:
    bounds = state.date_bounds()
    if bounds is None:
        return None, None
    low, high = bounds
    chosen = st.sidebar.date_input(
        "Date range", value=(low, high), min_value=low, max_value=high,
        key=KEYS["dates"], bind="query-params", format="YYYY-MM-DD",
    )
    if isinstance(chosen, (tuple, list)):
        if len(chosen) == 2:
            return chosen[0], chosen[1]
        if len(chosen) == 1:  # the user has picked the first day of a range only
            return chosen[0], None
        return None, None
    return chosen, chosen


def sidebar_filters() -> Filters:
    """Draw the filters in the sidebar and return what they select."""
    st.sidebar.header("Filters")
    date_from, date_to = _date_range()
    countries, country_counts = _options_with_counts("countries")
    picked_countries = st.sidebar.multiselect(
        "Countries", countries, key=KEYS["countries"], bind="query-params",
        format_func=lambda c: f"{c} ({country_counts.get(c, 0)})",
    )
    actors, actor_counts = _options_with_counts("actors")
    picked_actors = st.sidebar.multiselect(
        "Actors", actors, key=KEYS["actors"], bind="query-params",
        format_func=lambda a: f"{a} ({actor_counts.get(a, 0)})",
    )
    type_names = state.event_type_names()
    types, type_counts = _options_with_counts("event_code")
    picked_types = st.sidebar.multiselect(
        "Event types", types, key=KEYS["types"], bind="query-params",
        format_func=lambda c: f"{c} {type_names.get(c, '')} ({type_counts.get(c, 0)})",
    )
    return Filters(
        date_from=date_from,
        date_to=date_to,
        countries=tuple(picked_countries),
        actors=tuple(picked_actors),
        event_codes=tuple(picked_types),
    )
