"""Plotly figure builders: DataFrame in, Figure out. No streamlit, no store access.

Point events (day granularity) are drawn as markers; events that cover a week, month,
quarter, year or decade are drawn as bars spanning their whole interval, so a year-only
mention is never shown as if it happened on one day.
"""

from __future__ import annotations

import html
import math
import textwrap
from collections.abc import Iterable
from datetime import timedelta
from functools import cache
from importlib.resources import files

import numpy as np
import pandas as pd
import plotly.graph_objects as go

MS_PER_DAY = 86_400_000
COLOUR_CHOICES = {"event type": "event_name", "country": "countries", "actor": "actors"}
# Twelve distinguishable colours, one per lane (MAX_LANES); "other" is always grey.
_PALETTE = (
    "#4C78A8", "#F58518", "#54A24B", "#E45756", "#72B7B2", "#EECA3B", "#B279A2",
    "#FF9DA6", "#9D755D", "#1F3A93", "#8CD17D", "#D37295",
)
OTHER_COLOUR = "#BAB0AC"
GREY_LANES = frozenset({"other", "unknown"})


@cache
def event_type_colours() -> dict[str, str]:
    """CAMEO root name -> its fixed colour (resources/event_colours.tsv)."""
    from dashboard.extract.types import CAMEO_ROOTS

    text = files("dashboard").joinpath("resources", "event_colours.tsv").read_text("utf-8")
    rows = [line.split("\t") for line in text.splitlines()
            if line.strip() and not line.startswith("#")][1:]
    return {CAMEO_ROOTS[code]: colour for code, colour in rows}


def lane_colours(lanes: Iterable[str]) -> dict[str, str]:
    """A colour per lane: event types always their own, "other"/"unknown" grey, any other
    lane (a country, an actor) the next colour of the palette in the order given."""
    fixed = event_type_colours()
    colours: dict[str, str] = {}
    others = 0
    for lane in lanes:
        if lane in GREY_LANES:
            colours[lane] = OTHER_COLOUR
        elif lane in fixed:
            colours[lane] = fixed[lane]
        else:
            colours[lane] = _PALETTE[others % len(_PALETTE)]
            others += 1
    return colours
MAX_LANES = 12


def safe(value: object) -> str:
    """Text for a Plotly label, hover or legend: Plotly renders a subset of HTML there
    (``<a href>`` becomes a live link, ``<br>`` a break), so data is always escaped."""
    return html.escape(str(value), quote=False)


# Below the plot: a legend on top collides with Plotly's toolbar and, with long names, covers
# the first lanes (clicks meant for marks would toggle legend entries).
LEGEND = {"orientation": "h", "y": -0.12, "yanchor": "top", "x": 0}
LABEL_CHARS = 40


def lane_label(value: object) -> str:
    """A lane's label on the axis and in the legend: escaped, and short enough to leave the
    chart its width (the whole name is in the hover)."""
    return safe(textwrap.shorten(str(value), LABEL_CHARS, placeholder="…"))


def _wrapped(text: str, width: int = 60, limit: int = 160) -> str:
    return "<br>".join(safe(line) for line in textwrap.wrap(textwrap.shorten(text, limit), width))


def _first_or_other(value: object) -> str:
    if isinstance(value, str):
        return value or "unknown"
    items = list(value) if isinstance(value, Iterable) else []
    return str(items[0]) if items else "unknown"


def lane_of(frame: pd.DataFrame, colour_by: str) -> pd.Series:
    """Each event's lane label before rare ones fold into "other" (as the SQL computes it)."""
    column = COLOUR_CHOICES.get(colour_by, "event_name")
    if frame.empty:
        return pd.Series(dtype=str)
    if column == "event_name":  # as in SQL: the name, else the code, else "unknown"
        named = frame["event_name"].fillna("").where(frame["event_name"].fillna("") != "",
                                                     frame["event_code"].fillna(""))
        return named.map(_first_or_other)
    return frame[column].map(_first_or_other)


def lanes(frame: pd.DataFrame, colour_by: str) -> pd.Series:
    """One label per event for the chosen colour; rare labels fold into "other"."""
    column = COLOUR_CHOICES.get(colour_by, "event_name")
    labels = frame[column].map(_first_or_other) if len(frame) else pd.Series(dtype=str)
    keep = labels.value_counts().index[:MAX_LANES]
    return labels.where(labels.isin(keep), "other")


def _hover(frame: pd.DataFrame) -> list[str]:
    def joined(value: object) -> str:
        items = list(value) if isinstance(value, Iterable) and not isinstance(value, str) else []
        return safe(", ".join(map(str, items)) or "-")

    return [
        f"<b>{safe(row.date_text or f'{row.date_start:%Y-%m-%d}')}</b> ({row.granularity})<br>"
        f"{row.date_start:%Y-%m-%d} – {row.date_end:%Y-%m-%d}<br>"
        f"Actors: {joined(row.actors)}<br>Countries: {joined(row.countries)}<br>"
        f"{_dead(row)}<i>{_wrapped(str(row.sentence))}</i>"
        for row in frame.itertuples()
    ]


def _dead(row) -> str:
    value = getattr(row, "fatalities", None)
    if value is None or pd.isna(value):
        return ""
    return f"Fatalities: {int(value):,}<br>"


def timeline_figure(frame: pd.DataFrame, colour_by: str = "event type") -> go.Figure:
    """Events over time: markers for days, bars for longer intervals, one lane per colour."""
    dated = frame.dropna(subset=["date_start", "date_end"]).copy()
    fig = go.Figure()
    if dated.empty:
        return _empty("No dated events match the filters.")
    dated["date_start"] = pd.to_datetime(dated["date_start"])
    dated["date_end"] = pd.to_datetime(dated["date_end"])
    dated["lane"] = lanes(dated, colour_by).map(lane_label)
    dated["hover"] = _hover(dated)
    colours = lane_colours(sorted(dated["lane"].unique()))
    for lane, group in dated.groupby("lane", sort=True):
        colour = colours[str(lane)]
        spans = group[group["granularity"] != "day"]
        points = group[group["granularity"] == "day"]
        if not spans.empty:
            width = (spans["date_end"] - spans["date_start"] + timedelta(days=1))
            fig.add_bar(
                base=spans["date_start"], x=width.dt.total_seconds() * 1000, y=spans["lane"],
                orientation="h", marker_color=colour, opacity=0.45, name=str(lane),
                legendgroup=str(lane), hovertext=spans["hover"], hoverinfo="text",
                # In the lower part of the lane, under the day markers' line: a week or a
                # month never hides the days inside it, and each stays clickable.
                customdata=spans["event_id"], width=0.3, offset=-0.45,
            )
        if not points.empty:
            fig.add_scatter(
                x=points["date_start"] + timedelta(hours=12), y=points["lane"], mode="markers",
                marker={"color": colour, "size": 11, "line": {"width": 1, "color": "white"}},
                name=str(lane), legendgroup=str(lane), showlegend=spans.empty,
                hovertext=points["hover"], hoverinfo="text", customdata=points["event_id"],
            )
    date_axis(fig).update_xaxes(title=None, rangeslider={"visible": False})
    fig.update_yaxes(title=None, automargin=True)
    fig.update_layout(
        barmode="overlay", height=max(260, 90 + 48 * dated["lane"].nunique()),
        margin={"l": 10, "r": 10, "t": 30, "b": 10}, legend=LEGEND,
        hoverlabel={"align": "left"}, clickmode="event+select",
    )
    return fig


# Dates have no time of day: ticks never show a clock ("11:59:59.999"), whatever the zoom.
DATE_TICKS = [
    {"dtickrange": [None, MS_PER_DAY * 7], "value": "%e %b %Y"},
    {"dtickrange": [MS_PER_DAY * 7, "M1"], "value": "%e %b %Y"},
    {"dtickrange": ["M1", "M12"], "value": "%b %Y"},
    {"dtickrange": ["M12", None], "value": "%Y"},
]


def date_axis(fig: go.Figure) -> go.Figure:
    fig.update_xaxes(type="date", tickformatstops=DATE_TICKS, hoverformat="%Y-%m-%d")
    return fig


def axis_range(first: object, last: object) -> list[str]:
    """The x range that shows [first, last] whole, with a little room at both ends."""
    start, end = pd.Timestamp(first), pd.Timestamp(last) + timedelta(days=1)
    pad = max((end - start) * 0.02, timedelta(hours=12))
    return [f"{start - pad:%Y-%m-%d %H:%M}", f"{end + pad:%Y-%m-%d %H:%M}"]


NOTE_COLOUR = "#6B4C9A"
NOTE_LABEL_CHARS = 40


def add_notes(fig: go.Figure, notes: pd.DataFrame) -> go.Figure:
    """The analyst's notes as labelled markers: a line on a day, a shaded band over a period.

    Note text is user text: escaped like every other label."""
    for index, note in enumerate(notes.itertuples()):
        first = pd.Timestamp(note.date_start)
        last = pd.Timestamp(note.date_end) + timedelta(days=1)
        label = textwrap.shorten(str(note.text), NOTE_LABEL_CHARS, placeholder="…")
        text = safe(label) + (f" ({safe(note.author)})" if note.author else "")
        if last - first <= timedelta(days=1):
            middle = first + timedelta(hours=12)
            fig.add_shape(type="line", x0=middle, x1=middle, y0=0, y1=1, yref="paper",
                          line={"color": NOTE_COLOUR, "width": 1.5, "dash": "dot"})
            x = middle
        else:
            fig.add_shape(type="rect", x0=first, x1=last, y0=0, y1=1, yref="paper",
                          fillcolor=NOTE_COLOUR, opacity=0.08, line={"width": 0})
            x = first + (last - first) / 2
        # Labels alternate between two heights, so neighbouring notes do not overwrite.
        fig.add_annotation(x=x, y=1.0 if index % 2 == 0 else 0.9, yref="paper", text=text,
                           showarrow=False, yanchor="bottom", font={"size": 11,
                                                                   "color": NOTE_COLOUR},
                           bgcolor="rgba(255,255,255,0.85)")
    return fig


def _empty(message: str) -> go.Figure:
    fig = go.Figure()
    fig.add_annotation(text=message, showarrow=False, font={"size": 16})
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    fig.update_layout(height=220, margin={"l": 10, "r": 10, "t": 10, "b": 10})
    return fig


# -- aggregated timeline (many events) -----------------------------------------------------
def period_label(start: object, end: object, granularity: str | None) -> str:
    """A date or period as people write it: 2025-02-17, 2021-08, 2021, or a range."""
    first, last = pd.Timestamp(start), pd.Timestamp(end)
    if granularity == "year" or (first.is_year_start and last.is_year_end
                                 and first.year == last.year):
        return f"{first:%Y}"
    if granularity == "month" or (first.is_month_start and last.is_month_end
                                  and (first.year, first.month) == (last.year, last.month)):
        return f"{first:%Y-%m}"
    if first == last:
        return f"{first:%Y-%m-%d}"
    return f"{first:%Y-%m-%d} – {last:%Y-%m-%d}"


def binned_timeline_figure(bins: pd.DataFrame, bin_name: str) -> go.Figure:
    """Stacked counts per bin and lane; longer periods as lines spanning their interval.

    ``bins`` comes from ``query.timeline_bins``: the browser gets a few hundred bars, not the
    events themselves. Arrays go to plotly as strings and numbers (not timestamps), which
    keeps building the figure well under a tenth of a second."""
    if bins.empty:
        return _empty("No dated events match the filters.")
    frame = bins.copy()
    frame["bin_start"] = pd.to_datetime(frame["bin_start"])
    frame["bin_end"] = pd.to_datetime(frame["bin_end"])
    counted = frame[frame["kind"] == "bin"]
    spans = frame[frame["kind"] == "span"]
    lane_names = sorted(frame["lane"].unique(), key=lambda v: (v in GREY_LANES, v))
    colours = lane_colours(lane_names)
    two_rows = not spans.empty and not counted.empty
    fig = go.Figure()
    if not counted.empty:
        _add_bin_bars(fig, counted, colours, bin_name)
    for lane, group in spans.groupby("lane", sort=False):
        _add_span_lines(fig, group, str(lane), colours[lane], "y2" if two_rows else "y",
                        show_legend=counted.empty or lane not in set(counted["lane"]))
    date_axis(fig)
    layout: dict[str, dict[str, object]] = {
        "yaxis": {"title": {"text": f"events per {bin_name}" if not counted.empty else ""}}}
    if two_rows:  # bins above, long periods in a strip below sharing the time axis
        layout["yaxis"]["domain"] = [0.3, 1.0]
        layout["yaxis2"] = {"domain": [0.0, 0.24], "anchor": "x", "automargin": True}
    fig.update_layout(
        **layout, barmode="stack", bargap=0.05, height=460 if two_rows else 380,
        margin={"l": 10, "r": 10, "t": 30, "b": 10}, legend=LEGEND,
        hoverlabel={"align": "left"}, clickmode="event+select",
    )
    return fig


_BIN_LABELS = {"day": "%Y-%m-%d", "week": "week of %Y-%m-%d", "month": "%Y-%m", "year": "%Y"}


def _add_bin_bars(fig: go.Figure, counted: pd.DataFrame, colours: dict, bin_name: str):
    """One stacked bar trace per lane; every string is formatted once for all lanes."""
    start, end = counted["bin_start"], counted["bin_end"]
    days = (end - start).dt.days + 1
    middle = (start + pd.to_timedelta(days * 12, unit="h")).dt.strftime("%Y-%m-%d %H:%M")
    width = (days * MS_PER_DAY * 0.9).to_numpy(dtype=float)
    first, last = start.dt.strftime("%Y-%m-%d"), end.dt.strftime("%Y-%m-%d")
    hover = ("<b>" + start.dt.strftime(_BIN_LABELS.get(bin_name, "%Y-%m-%d")) + "</b><br>"
             + counted["lane"].map(safe) + ": " + counted["events"].map("{:,}".format)
             + " events" + _fatalities_text(counted))
    lanes_now = counted["lane"].to_numpy()
    for lane in pd.unique(lanes_now):
        rows = lanes_now == lane
        fig.add_bar(
            x=middle.to_numpy()[rows], y=counted["events"].to_numpy()[rows], width=width[rows],
            marker_color=colours[lane], name=lane_label(lane), legendgroup=str(lane),
            customdata=np.stack([first.to_numpy()[rows], last.to_numpy()[rows],
                                 np.full(rows.sum(), str(lane), dtype=object)], axis=1),
            hovertext=hover.to_numpy()[rows], hoverinfo="text",
        )


def _fatalities_text(counted: pd.DataFrame) -> pd.Series:
    """", 340 fatalities" for bins of imported ACLED rows; nothing where there are none."""
    if "fatalities" not in counted:
        return pd.Series("", index=counted.index)
    dead = counted["fatalities"].fillna(0).astype(int)
    return dead.map(lambda n: f", {n:,} fatalities" if n else "")


def _add_span_lines(fig: go.Figure, group: pd.DataFrame, lane: str, colour: str, yaxis: str,
                    show_legend: bool):
    xs: list = []
    ys: list = []
    texts: list = []
    for item in group.itertuples():
        label = period_label(item.bin_start, item.bin_end, None)
        dead = int(getattr(item, "fatalities", 0) or 0)
        text = (f"<b>{label}</b><br>{safe(lane)}: {item.events:,} events over the whole period"
                + (f", {dead:,} fatalities" if dead else ""))
        end = item.bin_end + timedelta(days=1)
        xs += [item.bin_start, end, None]
        ys += [lane_label(lane), lane_label(lane), None]
        texts += [text, text, None]
    fig.add_scatter(
        x=xs, y=ys, mode="lines+markers", line={"color": colour, "width": 9},
        marker={"size": 6, "color": colour}, opacity=0.55, name=lane_label(lane), legendgroup=lane,
        showlegend=show_legend, hovertext=texts, hoverinfo="text", yaxis=yaxis,
    )


def key_dates_table(frame: pd.DataFrame) -> pd.DataFrame:
    """Key dates shaped for display: the period, an example phrase, articles, events."""
    return pd.DataFrame({
        "date": [period_label(s, e, g) for s, e, g in
                 zip(frame["date_start"], frame["date_end"], frame["granularity"], strict=True)],
        "as written": frame["example"].fillna("(publication date)"),
        "articles": frame["articles"],
        "events": frame["events"],
    })


def happening_key_dates(frame: pd.DataFrame) -> pd.DataFrame:
    """Key dates of happenings shaped for display: the period, what happened, articles."""
    return pd.DataFrame({
        "date": frame["label"],
        "what happened": frame["headline"],
        "articles": frame["articles"],
        "dated by": frame["kind"].map({"text": "the text", "publication": "publication"}),
    })


# -- map -----------------------------------------------------------------------------------
def map_figure(countries: pd.DataFrame, points: pd.DataFrame | None = None) -> go.Figure:
    """Choropleth of events per ISO-3 country, with event points where coordinates exist.

    The outlines come from the app's own static folder (see the page's ``topojsonURL``)."""
    fig = go.Figure()
    if not countries.empty:
        # A log colour scale: one country with most events would leave the others blank.
        counts = countries["events"].astype(float)
        top = max(1.0, float(counts.max()))
        ticks = [10**k for k in range(int(math.log10(top)) + 1)]
        fig.add_choropleth(
            locations=countries["value"], z=counts.map(lambda n: math.log10(n + 1)),
            locationmode="ISO-3", customdata=countries["value"], text=counts.map("{:,.0f}".format),
            colorscale="Blues", marker_line_color="white", zmin=0,
            colorbar={"title": {"text": "events"}, "thickness": 12,
                      "tickvals": [math.log10(t + 1) for t in ticks],
                      "ticktext": [f"{t:,}" for t in ticks]},
            hovertemplate="<b>%{location}</b><br>%{text} events<extra></extra>", name="countries",
        )
    if points is not None and not points.empty:
        sizes = (4 + 3 * points["events"].clip(lower=1).map(math.log2)).clip(upper=24)
        fig.add_scattergeo(
            lat=points["lat"], lon=points["lon"], mode="markers", name="events with coordinates",
            marker={"size": sizes, "color": "#E45756", "opacity": 0.7,
                    "line": {"width": 0.5, "color": "white"}},
            customdata=points["country"].fillna(""), hovertext=_point_hover(points),
            hoverinfo="text",
        )
    fig.update_geos(
        projection_type="natural earth", showcountries=True, countrycolor="#999",
        showcoastlines=True, coastlinecolor="#999", showland=True, landcolor="#f4f4f4",
        resolution=110, fitbounds=False,
    )
    fig.update_layout(height=520, margin={"l": 0, "r": 0, "t": 10, "b": 0},
                      clickmode="event+select", showlegend=False)
    return fig


def _point_hover(points: pd.DataFrame) -> list[str]:
    """"Kabul, AFG: 32 events" (a click on the dot filters by that country)."""
    texts = []
    for row in points.itertuples():
        where = ", ".join(safe(v) for v in (row.place, row.country) if isinstance(v, str) and v)
        head = f"<b>{where or 'unnamed place'}</b>: {row.events:,} event{'s' * (row.events != 1)}"
        label = row.label if isinstance(row.label, str) and row.label else ""
        texts.append(head + (f"<br>{_wrapped(label)}" if label else ""))
    return texts


# -- actors --------------------------------------------------------------------------------
def actors_figure(counts: pd.DataFrame) -> go.Figure:
    """Top actors as horizontal bars, most frequent on top; clicking one selects it."""
    if counts.empty:
        return _empty("No actors in the filtered events.")
    fig = go.Figure(go.Bar(
        x=counts["events"], y=counts["value"].map(safe), orientation="h",
        customdata=counts["value"],
        marker_color=_PALETTE[0], hovertemplate="<b>%{y}</b><br>%{x:,} events<extra></extra>",
    ))
    fig.update_yaxes(autorange="reversed", automargin=True, title=None)
    fig.update_xaxes(title="events")
    # Top margin: room for plotly's toolbar, which would otherwise cover the first bar.
    fig.update_layout(height=max(260, 90 + 22 * len(counts)), clickmode="event+select",
                      margin={"l": 10, "r": 10, "t": 40, "b": 10})
    return fig


# Plotly's "Blues" starts at white, so the pairs with the fewest shared events looked like
# blank cells (no link at all); this scale starts at a blue that shows on white.
_SHARED_BLUES = [[0.0, "#c6dbef"], [0.5, "#4292c6"], [1.0, "#08306b"]]


def cooccurrence_figure(pairs: pd.DataFrame) -> go.Figure:
    """A symmetric actor x actor matrix of shared events."""
    if pairs.empty:
        return _empty("No two actors share an event in this view.")
    names = sorted(set(pairs["actor_a"]) | set(pairs["actor_b"]))
    matrix = pd.DataFrame(0, index=names, columns=names)
    for row in pairs.itertuples():
        matrix.loc[row.actor_a, row.actor_b] = row.events
        matrix.loc[row.actor_b, row.actor_a] = row.events
    fig = go.Figure(go.Heatmap(
        # No shared event: a blank cell, not a pale one.
        z=matrix.replace(0, np.nan).values, x=[safe(n) for n in names],
        y=[safe(n) for n in names], colorscale=_SHARED_BLUES,
        hovertemplate="%{y} & %{x}<br>%{z:,} shared events<extra></extra>",
    ))
    fig.update_yaxes(autorange="reversed", automargin=True)
    fig.update_xaxes(automargin=True, tickangle=-40)
    fig.update_layout(height=max(320, 120 + 26 * len(names)),
                      margin={"l": 10, "r": 10, "t": 10, "b": 10})
    return fig
