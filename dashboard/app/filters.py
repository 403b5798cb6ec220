"""The sidebar filters shared by every page; each widget is bound to the URL.

They are drawn by ``main.py`` before the page runs, so the bindings belong to the app's main
script and survive moving between pages (a page's own bound widgets would be dropped).
"""

from __future__ import annotations

from datetime import date
from urllib.parse import urlencode

import pandas as pd
import streamlit as st

from dashboard.app import state
from dashboard.models import DATE_SOURCES
from dashboard.query import Filters, facet_scopes

# URL parameter names (widget keys) of the date range and the search box.
KEYS = {"dates": "dates", "text": "q"}
# Filters field -> (widget key = URL parameter, facet column, label) for the lists.
FACETS = {
    "countries": ("country", "countries", "Countries"),
    "actors": ("actor", "actors", "Actors"),
    "event_codes": ("type", "event_code", "Event types"),
    "sources": ("source", "source", "Sources"),
    "date_sources": ("datesrc", "date_source", "Date source"),
}
MAX_OPTIONS = 1000  # a multiselect with more options slows the browser and says nothing more
_CURRENT = "_eventline_filters"


def current() -> Filters:
    """The filters drawn in this run (pages call this; main.py draws them first)."""
    return st.session_state.get(_CURRENT, Filters())


def _options(column: str, key: str) -> list[str]:
    """The most frequent values in the store, plus any the URL or the user already chose."""
    values = state.facet(column, limit=MAX_OPTIONS)["value"].astype(str).tolist()
    chosen = [*st.query_params.get_all(key), *st.session_state.get(key, [])]
    return values + [v for v in dict.fromkeys(chosen) if v not in values]


def _date_range() -> tuple[date | None, date | None]:
    bounds = state.date_bounds()
    if bounds is None:
        return None, None
    low, high = bounds
    chosen = st.sidebar.date_input(
        "Date range", value=(low, high), min_value=low, max_value=high,
        key=KEYS["dates"], bind="query-params", format="YYYY-MM-DD",
    )
    first, last = _ends(chosen)
    # The whole range means "no date filter", so undated events are not silently dropped.
    return (None if first == low else first), (None if last == high else last)


def _ends(chosen) -> tuple[date | None, date | None]:
    if isinstance(chosen, (tuple, list)):
        if len(chosen) == 2:
            return chosen[0], chosen[1]
        if len(chosen) == 1:  # the user has picked the first day of a range only
            return chosen[0], None
        return None, None
    return chosen, chosen


def _type_label(names: dict[str, str]):
    return lambda code: f"{names.get(code, '')} ({code})".strip()


def sidebar_filters() -> Filters:
    """Draw the filters in the sidebar, remember and return what they select."""
    st.sidebar.header("Filters")
    date_from, date_to = _date_range()
    text = st.sidebar.text_input(
        "Search the evidence", key=KEYS["text"], bind="query-params",
        placeholder="words in the evidence sentence",
    )
    type_names = state.event_type_names()
    picked, slots = {}, {}
    for field in FACETS:
        picked[field] = _multiselect(field, type_names)
        slots[field] = st.sidebar.empty()  # filled with counts once every filter is known
    filters = Filters(date_from=date_from, date_to=date_to, text=text.strip(), **picked)
    st.session_state[_CURRENT] = filters
    _facet_captions(slots, filters, type_names)
    share_link()
    return filters


def _multiselect(field: str, type_names: dict[str, str]) -> tuple[str, ...]:
    # Labels must not carry counts: a bound widget writes its label into the URL, and a link
    # has to reopen the same view after new articles change the counts. Counts go below.
    key, column, label = FACETS[field]
    extra = {}
    if field == "date_sources":
        options = list(DATE_SOURCES)
    elif field == "event_codes":  # few codes, all listed; the URL holds labels, not codes
        options = state.facet(column)["value"].astype(str).tolist()
        extra = {"format_func": _type_label(type_names)}
    else:
        options = _options(column, key)
    return tuple(st.sidebar.multiselect(label, options, key=key, bind="query-params", **extra))


def _facet_captions(slots: dict, filters: Filters, type_names: dict[str, str]) -> None:
    """Under each list, its top values with counts that follow the *other* filters."""
    facets = tuple((field, FACETS[field][1]) for field in slots)
    # One cached query per scope: a facet whose own filter is set is counted over rows that
    # other changes leave alone, so its answer is often reused.
    tops = pd.concat([state.cached("facet_tops", members, scope, limit=5)
                      for scope, members in facet_scopes(facets, filters).items()])
    for field, slot in slots.items():
        rows = tops[tops["facet"] == field]
        label = _type_label(type_names) if field == "event_codes" else str
        parts = [f"{label(v)} {n:,}" for v, n in zip(rows["value"], rows["events"], strict=True)]
        if parts:
            slot.caption(" · ".join(parts))


def view_url() -> str:
    """The link that reopens this view: the page URL with the bound filters."""
    base = st.context.url or "http://localhost:8501/"
    params = {key: st.query_params.get_all(key) for key in st.query_params}
    query_string = urlencode(params, doseq=True)
    return f"{base}?{query_string}" if query_string else base


def share_link() -> None:
    with st.sidebar.expander("Copy link to this view"):
        st.code(view_url(), language=None, wrap_lines=True)
        st.caption("Use the copy icon; the link reopens these filters on this page.")
