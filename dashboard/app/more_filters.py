"""The sidebar's second row of filters: who acted on whom, and the fields imported datasets
carry (fatalities, Goldstein scale, their own event types) plus the quad class of every event.

Every widget is bound to the URL like the main filters; ``WIDGET_KEYS`` maps each ``Filters``
field to its widget key, so a saved view can be put back into the widgets.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from dashboard.app import state

QUAD_NAMES = {1: "Verbal cooperation", 2: "Material cooperation", 3: "Verbal conflict",
              4: "Material conflict"}
WIDGET_KEYS = {
    "source_actors": "from", "target_actors": "to", "source_countries": "from_country",
    "target_countries": "to_country", "either_direction": "both_ways", "admin1": "admin1",
    "quad_classes": "quad", "sub_types": "subtype", "fatalities_min": "fat_min",
    "fatalities_max": "fat_max", "goldstein_min": "gold_min", "goldstein_max": "gold_max",
}
MAX_OPTIONS = 1000
# The lists of this row, as (Filters field, facet column).
LISTS = (("source_actors", "source_actor"), ("target_actors", "target_actor"),
         ("source_countries", "source_country"), ("target_countries", "target_country"),
         ("sub_types", "origin_type"), ("admin1", "admin1"))


def _lists(scope) -> pd.DataFrame:
    """Every list of this row under ``scope``, most frequent first: one cached scan for the
    six, which costs less than six (each filtering the events again) once a filter is set."""
    return state.cached("facet_tops", LISTS, scope, limit=MAX_OPTIONS)


def _values(lists: pd.DataFrame, field: str) -> pd.Series:
    return lists.loc[lists["facet"] == field, "value"].astype(str)


def _options(field: str, key: str, lists: pd.DataFrame, found: list[str]) -> list[str]:
    values = _values(lists, field).tolist()
    chosen = [*st.query_params.get_all(key), *st.session_state.get(key, [])]
    return list(dict.fromkeys([*found, *values, *chosen]))


def dyad_filters(scope, found: list[str]) -> dict[str, Any]:
    """Source actor(s) acting on target actor(s); ``found`` are the actor find box's matches."""
    keys = WIDGET_KEYS
    chosen = any(st.session_state.get(keys[f]) or st.query_params.get(keys[f])
                 for f in ("source_actors", "target_actors", "source_countries",
                           "target_countries"))
    lists = _lists(scope)
    with st.sidebar.expander("Who did what to whom", expanded=chosen):
        sources = st.multiselect(
            "Source actors (who acts)", _options("source_actors", keys["source_actors"], lists,
                                                 found),
            key=keys["source_actors"], bind="query-params", filter_mode="contains")
        targets = st.multiselect(
            "Target actors (acted on)", _options("target_actors", keys["target_actors"], lists,
                                                 found),
            key=keys["target_actors"], bind="query-params", filter_mode="contains")
        from_countries = st.multiselect(
            "Source actors' countries", _options("source_countries", keys["source_countries"],
                                                 lists, []),
            key=keys["source_countries"], bind="query-params", filter_mode="contains")
        to_countries = st.multiselect(
            "Target actors' countries", _options("target_countries", keys["target_countries"],
                                                 lists, []),
            key=keys["target_countries"], bind="query-params", filter_mode="contains")
        either = st.checkbox("Either direction", key=keys["either_direction"],
                             bind="query-params",
                             help="Also the targets acting on the sources.")
    return {"source_actors": tuple(sources), "target_actors": tuple(targets),
            "source_countries": tuple(from_countries), "target_countries": tuple(to_countries),
            "either_direction": bool(either)}


def detail_filters(scope) -> dict[str, Any]:
    """Quad class for every event; a dataset's own type, fatalities and Goldstein scale where
    an imported dataset supplies them (the widgets show only when the store has the values)."""
    keys = WIDGET_KEYS
    ranges = state.cached("value_ranges")
    lists = _lists(scope)
    sub_types = _values(lists, "sub_types")
    picked: dict[str, Any] = {}
    with st.sidebar.expander("Event details"):
        picked["quad_classes"] = tuple(st.multiselect(
            "Quad class", list(QUAD_NAMES), format_func=lambda q: f"{QUAD_NAMES[q]} ({q})",
            key=keys["quad_classes"], bind="query-params"))
        subtype_options = sorted(dict.fromkeys(
            [*_with_top_levels(sub_types), *st.query_params.get_all(keys["sub_types"]),
             *st.session_state.get(keys["sub_types"], [])]))
        if subtype_options:
            picked["sub_types"] = tuple(st.multiselect(
                "Dataset's own type (ACLED, GDELT)", subtype_options, key=keys["sub_types"],
                bind="query-params", filter_mode="contains"))
        regions = _options("admin1", keys["admin1"], lists, [])
        if regions:
            picked["admin1"] = tuple(st.multiselect(
                "Region (admin1: ACLED, GDELT)", regions, key=keys["admin1"],
                bind="query-params", filter_mode="contains"))
        for name, label, kind in (("fatalities", "Fatalities (ACLED)", int),
                                  ("goldstein", "Goldstein scale (GDELT)", float)):
            if name in ranges:
                picked.update(_range_inputs(name, label, kind, ranges[name]))
    return picked


def _with_top_levels(types) -> list[str]:
    """ACLED's "Battles: Armed clash" also offers "Battles" (every kind of battle)."""
    values = [str(t) for t in types if str(t).strip(": ")]
    return [*{t.split(": ")[0] for t in values if ": " in t}, *values]


def _range_inputs(name: str, label: str, kind: type, bounds: tuple) -> dict[str, Any]:
    low_key, high_key = WIDGET_KEYS[f"{name}_min"], WIDGET_KEYS[f"{name}_max"]
    step = 1 if kind is int else 0.1
    left, right = st.columns(2)
    low = left.number_input(f"{label}: at least", value=None, step=step, key=low_key,
                            bind="query-params", placeholder=f"{bounds[0]:g}")
    high = right.number_input("at most", value=None, step=step, key=high_key,
                              bind="query-params", placeholder=f"{bounds[1]:g}")
    return {f"{name}_min": None if low is None else kind(low),
            f"{name}_max": None if high is None else kind(high)}
