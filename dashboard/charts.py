"""Plotly figure builders: DataFrame in, Figure out. No streamlit, no store access.

Point events (day granularity) are drawn as markers; events that cover a week, month,
quarter, year or decade are drawn as bars spanning their whole interval, so a year-only
mention is never shown as if it happened on one day.
"""

from __future__ import annotations

import textwrap
from datetime import timedelta

import pandas as pd
import plotly.graph_objects as go

MS_PER_DAY = 86_400_000
COLOUR_CHOICES = {"event type": "event_name", "country": "countries", "actor": "actors"}
_PALETTE = (
    "#4C78A8", "#F58518", "#54A24B", "#E45756", "#72B7B2", "#EECA3B", "#B279A2",
    "#FF9DA6", "#9D755D", "#BAB0AC",
)
MAX_LANES = 12


def _first_or_other(value: object) -> str:
    if isinstance(value, str):
        return value or "unknown"
    items = list(value) if value is not None and hasattr(value, "__len__") else []
    return str(items[0]) if items else "unknown"


def lanes(frame: pd.DataFrame, colour_by: str) -> pd.Series:
    """One label per event for the chosen colour; rare labels fold into "other"."""
    column = COLOUR_CHOICES.get(colour_by, "event_name")
    labels = frame[column].map(_first_or_other) if len(frame) else pd.Series(dtype=str)
    keep = labels.value_counts().index[:MAX_LANES]
    return labels.where(labels.isin(keep), "other")


def _hover(frame: pd.DataFrame) -> list[str]:
    def short(text: str) -> str:
        return "<br>".join(textwrap.wrap(textwrap.shorten(str(text), 160), 60))

    def joined(value: object) -> str:
        return ", ".join(map(str, value)) if value is not None and len(value) else "-"

    return [
        f"<b>{row.date_text or row.date_start}</b> ({row.granularity})<br>"
        f"{row.date_start:%Y-%m-%d} – {row.date_end:%Y-%m-%d}<br>"
        f"Actors: {joined(row.actors)}<br>Countries: {joined(row.countries)}<br>"
        f"<i>{short(row.sentence)}</i>"
        for row in frame.itertuples()
    ]


def timeline_figure(frame: pd.DataFrame, colour_by: str = "event type") -> go.Figure:
    """Events over time: markers for days, bars for longer intervals, one lane per colour."""
    dated = frame.dropna(subset=["date_start", "date_end"]).copy()
    fig = go.Figure()
    if dated.empty:
        return _empty("No dated events match the filters.")
    dated["date_start"] = pd.to_datetime(dated["date_start"])
    dated["date_end"] = pd.to_datetime(dated["date_end"])
    dated["lane"] = lanes(dated, colour_by)
    dated["hover"] = _hover(dated)
    for index, (lane, group) in enumerate(dated.groupby("lane", sort=True)):
        colour = _PALETTE[index % len(_PALETTE)]
        spans = group[group["granularity"] != "day"]
        points = group[group["granularity"] == "day"]
        if not spans.empty:
            width = (spans["date_end"] - spans["date_start"] + timedelta(days=1))
            fig.add_bar(
                base=spans["date_start"], x=width.dt.total_seconds() * 1000, y=spans["lane"],
                orientation="h", marker_color=colour, opacity=0.45, name=str(lane),
                legendgroup=str(lane), hovertext=spans["hover"], hoverinfo="text",
                customdata=spans["event_id"], width=0.5,
            )
        if not points.empty:
            fig.add_scatter(
                x=points["date_start"] + timedelta(hours=12), y=points["lane"], mode="markers",
                marker={"color": colour, "size": 11, "line": {"width": 1, "color": "white"}},
                name=str(lane), legendgroup=str(lane), showlegend=spans.empty,
                hovertext=points["hover"], hoverinfo="text", customdata=points["event_id"],
            )
    fig.update_xaxes(type="date", title=None, rangeslider={"visible": False})
    fig.update_yaxes(title=None, automargin=True)
    fig.update_layout(
        barmode="overlay", height=max(260, 90 + 48 * dated["lane"].nunique()),
        margin={"l": 10, "r": 10, "t": 30, "b": 10}, legend={"orientation": "h", "y": 1.12},
        hoverlabel={"align": "left"}, clickmode="event+select",
    )
    return fig


def _empty(message: str) -> go.Figure:
    fig = go.Figure()
    fig.add_annotation(text=message, showarrow=False, font={"size": 16})
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    fig.update_layout(height=220, margin={"l": 10, "r": 10, "t": 10, "b": 10})
    return fig
