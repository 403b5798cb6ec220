"""Actors page: who appears most, and who appears with whom. Clicking an actor filters."""

from __future__ import annotations

import streamlit as st

from dashboard.app import state
from dashboard.app.filters import FACETS, current
from dashboard.charts import actors_figure, cooccurrence_figure

TOP_ACTORS = 25
MATRIX_ACTORS = 15


def _filter_by_clicked_actor() -> None:
    points = st.session_state["actor_chart"].selection.points
    clicked = [p.get("customdata") or p.get("y") for p in points]
    key = FACETS["actors"][0]
    chosen = list(st.session_state.get(key, []))
    chosen += [c for c in clicked if isinstance(c, str) and c not in chosen]
    st.session_state[key] = chosen


def _page(filters) -> None:
    counts = state.facet("actors", filters, limit=TOP_ACTORS)
    if counts.empty:
        st.info("No actors in the events that match the filters.")
        return
    left, right = st.columns(2)
    with left:
        st.subheader(f"Top {len(counts)} actors")
        st.caption("Click a bar to add that actor to the filters.")
        st.plotly_chart(actors_figure(counts), key="actor_chart",
                        on_select=_filter_by_clicked_actor, selection_mode="points")
    with right:
        st.subheader("Who appears with whom")
        st.caption(f"Events shared by the {MATRIX_ACTORS} most frequent actors.")
        st.plotly_chart(cooccurrence_figure(state.cached("actor_pairs", filters, MATRIX_ACTORS)),
                        key="actor_matrix")
    st.dataframe(counts.rename(columns={"value": "actor"}), hide_index=True, width="stretch",
                 key="actor_counts")


st.title("Actors")
_page(current())
