"""The sidebar filters shared by every page; each widget is bound to the URL."""

from __future__ import annotations

from datetime import date

import streamlit as st

from dashboard.app import state
from dashboard.query import Filters

# URL parameter names (widget keys).
KEYS = {"dates": "dates", "countries": "country", "actors": "actor", "types": "type"}


def _options(column: str) -> list[str]:
    return state.facet(column)["value"].astype(str).tolist()


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
    # Labels must not carry counts: a bound widget writes its label into the URL, and a link
    # has to reopen the same view after new articles change the counts.
    picked_countries = st.sidebar.multiselect(
        "Countries", _options("countries"), key=KEYS["countries"], bind="query-params"
    )
    picked_actors = st.sidebar.multiselect(
        "Actors", _options("actors"), key=KEYS["actors"], bind="query-params"
    )
    type_names = state.event_type_names()
    picked_types = st.sidebar.multiselect(
        "Event types", _options("event_code"), key=KEYS["types"], bind="query-params",
        format_func=lambda code: f"{type_names.get(code, '')} ({code})".strip(),
    )
    return Filters(
        date_from=date_from,
        date_to=date_to,
        countries=tuple(picked_countries),
        actors=tuple(picked_actors),
        event_codes=tuple(picked_types),
    )
