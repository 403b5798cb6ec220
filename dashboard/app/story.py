"""The Timeline page's story view: happenings as labelled marks, and the story list below.

Kept apart from the page file so the page stays a few lines; queries go through ``state``."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import pandas as pd
import streamlit as st

from dashboard.app import safe, state, views
from dashboard.charts import add_notes, period_label
from dashboard.query import Filters
from dashboard.story_chart import CONTEXT, robust_window, story_figure

MAX_MARKS = 400  # happenings drawn at once: the most reported in the window
LABELS = 15  # headlines written on the chart
LIST_ITEMS = 60  # happenings in the story list
MEMBERS_SHOWN = 8
ARTICLES_PAGE = Path(__file__).resolve().parent / "screens" / "articles.py"


def window(filters: Filters) -> tuple[tuple[date, date] | None, bool]:
    """The dates to show and whether the user chose them: the date filter, else where most
    happenings are (a robust percentile window, not min..max)."""
    bounds = state.date_bounds()
    if bounds is None:
        return None, False
    if filters.date_from or filters.date_to:
        first = max(filters.date_from or bounds[0], bounds[0])
        last = min(filters.date_to or bounds[1], bounds[1])
        return (first, last), True
    weights = state.happenings("day_weights", filters)
    if not len(weights):
        return None, False  # none of these happenings has a date: no period to draw
    found = robust_window(weights["date_start"], weights["articles"])
    return (found or bounds), False


def zoom_to_box() -> None:
    """A box drawn on the story chart becomes the date range: the marks are then chosen,
    laid out and labelled again for that period, instead of stretching the old ones."""
    selection = st.session_state["story"].selection
    boxes = [box for box in selection.get("box", []) if box.get("x")]
    if not boxes:
        return
    xs = [pd.Timestamp(x) for box in boxes for x in box["x"]]
    bounds = state.date_bounds()
    if bounds is None:
        return
    first = max(min(xs).date(), bounds[0])
    last = min(max(xs).date(), bounds[1])
    if first <= last:
        st.session_state["dates"] = (first, last)


def chart(filters: Filters, shown_window: tuple[date, date], notes: pd.DataFrame,
          chosen: bool = False):
    """The story chart; returns the happenings it draws (with, when the window was not
    the user's choice, the background before and after it, pinned to the edges)."""
    shown = state.happenings("happenings_in", filters, *shown_window, MAX_MARKS)
    if not chosen:
        context = state.happenings("context_of", filters, *shown_window, CONTEXT)
        if not context.empty:
            shown = (pd.concat([context, shown], ignore_index=True) if not shown.empty
                     else context).sort_values("date_start", kind="stable")
    figure = story_figure(shown, shown_window, labels=LABELS)
    add_notes(figure, notes)
    figure.update_layout(dragmode="select")  # a dragged box is the zoom (``zoom_to_box``)
    event = st.plotly_chart(figure, key="story", on_select=zoom_to_box,
                            selection_mode=("points", "box"))
    return shown, event


def window_caption(filters: Filters, total: int, shown: pd.DataFrame, shown_window,
                   chosen: bool) -> None:
    first, last = shown_window
    starts, ends = pd.to_datetime(shown["date_start"]), pd.to_datetime(shown["date_end"])
    inside = int(((ends >= pd.Timestamp(first)) & (starts <= pd.Timestamp(last))).sum())
    drawn = f"{inside:,} happening{'s' * (inside != 1)} drawn"
    if inside == MAX_MARKS:  # capped: say of how many, so that none is silently left out
        in_window = state.happenings("count_happenings",
                                     replace(filters, date_from=first, date_to=last))
        drawn = f"{inside:,} of the {in_window:,} happenings in this period drawn " \
                "(the most reported)"
    if len(shown) > inside:
        drawn += f", {len(shown) - inside:,} more named at the edges (before or after)"
    if chosen:
        st.caption(f"{drawn} in {first} – {last}. Drag a box over the chart to zoom in.")
        return
    st.caption(f"{drawn}: {first} – {last} is where most of the {total:,} happenings are. "
               "Set the date range (or drag a box over the chart) to see another period; "
               "double-click the chart to see every date.")


def key_dates_list(ranked: pd.DataFrame) -> None:
    """One line per key date: the period, what happened there and how many articles say so."""
    if ranked.empty:
        st.caption("No key date in these happenings.")
        return
    lines = []
    for row in ranked.to_dict("records"):
        by = "" if row["dated by"] == "the text" else " (publication day)"
        count = f"{row['articles']:,} article{'s' * (row['articles'] != 1)}"
        lines.append(f"1. **{safe.md(row['date'])}**{by} — {safe.md(row['what happened'], 120)}"
                     f" · {count}")
    st.markdown("\n".join(lines))


def story_list(shown: pd.DataFrame, picked: list[str]) -> None:
    """Date, headline and sources of each happening; opening one shows its mentions."""
    items = shown[shown["happening_id"].isin(picked)] if picked else shown
    st.subheader("The story" if not picked else f"Selected happenings ({len(items)})")
    if items.empty:
        st.caption("No happening in this period.")
        return
    st.caption("By date; open a happening to read its mentions and their articles.")
    for row in items.head(LIST_ITEMS).itertuples():
        when = period_label(row.date_start, row.date_end, row.granularity)
        sources = f"{row.sources} source{'s' * (row.sources != 1)}"
        # The label is Markdown: a headline is the article's own text, so it goes through safe.
        box = st.expander(f"{when} — {safe.md(row.headline, 160)} · {sources}",
                          key=f"h_{row.happening_id}", on_change="rerun")
        if box.open:
            with box:
                _members(row.happening_id)
    if len(items) > LIST_ITEMS:
        st.caption(f"{len(items) - LIST_ITEMS:,} more; narrow the dates or the filters.")


def _members(happening_id: str) -> None:
    members = state.happenings("members", happening_id)
    views.event_details(members, limit=MEMBERS_SHOWN)
    for article_id, title in _articles(members):
        st.page_link(ARTICLES_PAGE, label=f"Read: {safe.md(title or 'untitled')}",
                     icon=":material/article:", query_params={"article": article_id})


def _articles(members: pd.DataFrame) -> list[tuple[str, str]]:
    seen: dict[str, str] = {}
    for row in members.itertuples():
        if row.article_id and (row.origin or "article") == "article":
            seen.setdefault(row.article_id, row.title)
    return list(seen.items())[:MEMBERS_SHOWN]
