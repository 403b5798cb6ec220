"""The Timeline as a story: one mark per happening, headlines written on the chart.

DataFrame of happenings in, Plotly figure out; no streamlit, no store. Days sit in the story
band, the most reported first, each on the first row where neither its mark nor its label
touches another, so same-day happenings never hide each other (those that find no row are
counted, "+N", under their day); months, quarters and years sit in their own band below, so
a year never squeezes the days. Mark size follows the number of articles.
"""

from __future__ import annotations

import bisect
import math
import textwrap
from collections import namedtuple
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from dashboard.charts import (
    LEGEND,
    axis_range,
    date_axis,
    lane_colours,
    period_label,
    safe,
)

PLOT_WIDTH_PX = 1000  # the chart's usual drawing width, to size labels in days
CHAR_PX = 6.6  # average width of a label character at 11 px
MARK_PX = 16
MAX_ROWS = 14
LABEL_CHARS = 48
POINT_GRAINS = frozenset({"day"})
CONTEXT = 3  # happenings before (and after) the window named at its edges
SPAN_ROWS = 4  # rows of month, quarter and year bars: the most reported first


@dataclass(frozen=True)
class StoryLayout:
    """Where each happening sits: its row in its band and whether its headline is written."""

    rows: list[int]
    labelled: list[bool]
    left: list[bool]  # the headline is written to the left of its mark (near the right edge)


def robust_window(days: pd.Series, weights: pd.Series | None = None, share: float = 0.8,
                  min_days: int = 7) -> tuple[date, date] | None:
    """The days where most happenings are: the shortest span holding ``share`` of them
    (weighted), widened to at least ``min_days`` and padded by a tenth on each side. None
    without days.

    The shortest span, not a 5th-95th percentile window: in a store holding two stories
    decades apart, or one story and a tail of scattered years, percentiles span the gap
    and squeeze both stories into a few pixels, while the densest span shows the bigger
    story readably (the caption says the rest is outside)."""
    days = pd.to_datetime(days).dropna()
    if days.empty:
        return None
    order = np.argsort(days.to_numpy(), kind="stable")
    values = days.to_numpy()[order]
    w = np.ones(len(values)) if weights is None else \
        np.asarray(weights, dtype=float)[order].clip(min=1.0)
    first, last = _densest_span(values, w, share)
    span = max((last - first).days, min_days - 1)
    pad = max(1, math.ceil(span / 10))
    middle = first + (last - first) / 2
    start = (middle - timedelta(days=span / 2 + pad)).normalize()
    end = (middle + timedelta(days=span / 2 + pad)).normalize()
    return start.date(), end.date()


def _densest_span(values: np.ndarray, weights: np.ndarray, share: float
                  ) -> tuple[pd.Timestamp, pd.Timestamp]:
    """The shortest [values[i], values[j]] whose weights add up to ``share`` of the total
    (``values`` sorted); the earliest such span on a tie."""
    cumulative = np.concatenate(([0.0], np.cumsum(weights)))
    need = share * cumulative[-1]
    # For each first index i, the first j with cumulative[j + 1] - cumulative[i] >= need.
    ends = np.searchsorted(cumulative, cumulative[:-1] + need - 1e-9, side="left") - 1
    valid = ends < len(values)
    starts = np.flatnonzero(valid)
    lengths = values[ends[valid]] - values[starts]
    best = int(starts[int(np.argmin(lengths))])
    return pd.Timestamp(values[best]), pd.Timestamp(values[ends[best]])


def label_text(headline: object, articles: int) -> str:
    short = textwrap.shorten(str(headline or "untitled"), LABEL_CHARS, placeholder="…")
    return f"{short} · {articles}" if articles > 1 else short


def story_layout(frame: pd.DataFrame, window: tuple[date, date], labels: int) -> StoryLayout:
    """Rows for the day-level happenings of ``frame`` (sorted by date), with headlines for the
    ``labels`` most reported ones in the window."""
    days_shown = max(1, (window[1] - window[0]).days + 1)
    px_per_day = PLOT_WIDTH_PX / days_shown
    in_window = (frame["date_start"] >= pd.Timestamp(window[0])) & \
        (frame["date_start"] <= pd.Timestamp(window[1]))
    ranked = frame[in_window].sort_values(["articles", "mentions"], ascending=False)
    chosen = set(ranked.index[:labels])
    labelled = [index in chosen for index in frame.index]
    starts, widths, left = [], [], []
    origin = pd.Timestamp(window[0])
    for start_day, headline, articles, has_label in zip(
            frame["date_start"], frame["headline"], frame["articles"], labelled, strict=True):
        day = (start_day - origin).total_seconds() / 86400
        text = label_text(headline, int(articles)) if has_label else ""
        width = (MARK_PX + CHAR_PX * len(text)) / px_per_day
        start = day - MARK_PX / 2 / px_per_day
        # A headline that would run past the right edge is written on the mark's left, when
        # it fits better there (it would be cut off by the edge otherwise).
        flip = bool(text) and start + width > days_shown and day - width > \
            days_shown - (start + width)
        starts.append(day + MARK_PX / 2 / px_per_day - width if flip else start)
        widths.append(width)
        left.append(flip)
    return StoryLayout(place_by_rank(starts, widths, _most_reported_first(frame, labelled)),
                       labelled, left)


def _most_reported_first(frame: pd.DataFrame, ahead: list[bool] | None = None) -> list[int]:
    """Positions in ``frame`` by articles, then mentions, earlier rows first on a tie;
    those flagged in ``ahead`` (the labelled ones) before all others."""
    articles, mentions = frame["articles"].to_numpy(), frame["mentions"].to_numpy()
    first = ahead or [False] * len(frame)
    return sorted(range(len(frame)), key=lambda i: (
        not first[i], -int(articles[i]), -int(mentions[i]), i))


def place_by_rank(starts: list[float], widths: list[float], order: list[int],
                  max_rows: int = MAX_ROWS) -> list[int]:
    """Rows for items placed in ``order`` (most important first): each on the lowest row
    where it touches nothing placed before it; -1 where no row has room, so a crowded day
    never draws one mark over another (the chart counts the ones left out instead)."""
    taken: list[list[tuple[float, float]]] = [[] for _ in range(max_rows)]
    rows = [-1] * len(starts)
    for index in order:
        first, last = starts[index], starts[index] + widths[index]
        for row, spans in enumerate(taken):
            at = bisect.bisect_left(spans, (first, -math.inf))
            if (at == 0 or spans[at - 1][1] < first) and (at == len(spans)
                                                           or spans[at][0] > last):
                spans.insert(at, (first, last))
                rows[index] = row
                break
    return rows


# What a hover reads of a happening; rows are built from these columns alone, since
# ``itertuples`` makes a new tuple class per call and slices every column of the frame.
_HoverRow = namedtuple("_HoverRow", ("period", "date_text", "headline", "articles", "sources",
                                     "outlets", "actors"))


def _hovers(frame: pd.DataFrame) -> list[str]:
    return [_hover(_HoverRow(*values))
            for values in zip(*(frame[name] for name in _HoverRow._fields), strict=True)]


def _hover(row) -> str:
    outlets = list(row.outlets)[:5] if isinstance(row.outlets, (list, tuple, np.ndarray)) \
        else []
    actors = list(row.actors)[:6] if isinstance(row.actors, (list, tuple, np.ndarray)) else []
    written = f" (“{safe(row.date_text)}”)" if row.date_text else ""
    return (f"<b>{safe(row.period)}</b>{written}<br>{safe(row.headline)}<br>"
            f"{row.articles:,} article{'s' * (row.articles != 1)} · "
            f"{row.sources:,} source{'s' * (row.sources != 1)}"
            + (f": {safe(', '.join(map(str, outlets)))}" if outlets else "")
            + (f"<br>Actors: {safe(', '.join(map(str, actors)))}" if actors else ""))


def _sizes(articles: pd.Series) -> pd.Series:
    return (8 + 5 * np.sqrt(articles.clip(lower=1) - 1)).clip(upper=30)


def story_figure(frame: pd.DataFrame, window: tuple[date, date], labels: int = 15
                 ) -> go.Figure:
    """The happenings of ``frame`` as a readable story over ``window`` (the x range)."""
    data = _plain_strings(frame.dropna(subset=["date_start", "date_end"]))
    fig = go.Figure()
    if data.empty:
        return fig
    data["date_start"] = pd.to_datetime(data["date_start"])
    data["date_end"] = pd.to_datetime(data["date_end"])
    data["type"] = data["event_name"].fillna("").replace("", "unknown")
    data["period"] = [period_label(s, e, g) for s, e, g in
                      zip(data["date_start"], data["date_end"], data["granularity"],
                          strict=True)]
    data = data.sort_values(["date_start", "articles"], ascending=[True, False])
    outside = (data["date_end"] < pd.Timestamp(window[0])) | \
        (data["date_start"] > pd.Timestamp(window[1]))
    context, data = data[outside], data[~outside]
    points = data[data["granularity"].isin(POINT_GRAINS)]
    spans = data[~data["granularity"].isin(POINT_GRAINS)]
    colours = lane_colours(sorted(set(data["type"]) | set(context["type"])))
    _add_points(fig, points, window, labels, colours)
    two_bands = not points.empty and not (spans.empty and context.empty)
    rows = _add_spans(fig, spans, window, colours, two_bands)
    rows += _add_context(fig, context, window, colours, first_row=rows, two_bands=two_bands)
    if two_bands:  # headroom over the first row, so no headline touches the date ticks
        fig.update_layout(yaxis2={"range": [-max(rows, 2) + 0.4, 1.2]})
    _complete_legend(fig, colours)
    date_axis(fig).update_xaxes(range=axis_range(*window), title=None)
    fig.update_yaxes(visible=False)
    fig.update_layout(
        height=520 if two_bands else 440, showlegend=True,
        legend=LEGEND, margin={"l": 10, "r": 10, "t": 30, "b": 10}, hoverlabel={"align": "left"},
        clickmode="event+select",
    )
    return fig


def _plain_strings(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy whose text columns hold Python strings: the figure reads its few hundred rows
    one by one (labels, hovers), and each read of an Arrow-backed string (what the store
    returns) costs a conversion; one conversion per column costs less."""
    data = frame.copy()
    for column in data.columns:
        if isinstance(data[column].dtype, pd.StringDtype):
            data[column] = data[column].astype(object)
    return data


def _add_points(fig: go.Figure, points: pd.DataFrame, window, labels: int,
                colours: dict[str, str]) -> None:
    if points.empty:
        return
    layout = story_layout(points, window, labels)
    points = points.assign(row=layout.rows, labelled=layout.labelled, left=layout.left)
    _add_crowds(fig, points[points["row"] < 0], window)
    points = points[points["row"] >= 0]
    for kind, group in points.groupby("type", sort=True):
        texts = [label_text(h, a) if shown else "" for h, a, shown in
                 zip(group["headline"], group["articles"], group["labelled"], strict=True)]
        fig.add_scatter(
            x=group["date_start"] + timedelta(hours=12), y=-group["row"],
            mode="markers+text", text=[safe(t) for t in texts],
            textposition=["middle left" if flip else "middle right" for flip in group["left"]],
            textfont={"size": 11}, name=safe(kind), legendgroup=str(kind),
            marker={"color": colours[str(kind)], "size": _sizes(group["articles"]),
                    "line": {"width": 1, "color": "white"}},
            customdata=group["happening_id"], hovertext=_hovers(group),
            hoverinfo="text", cliponaxis=False,
        )


def _add_crowds(fig: go.Figure, left_out: pd.DataFrame, window) -> None:
    """"+N" under each day whose happenings did not all find a row: the count stays
    visible, and zooming in (a box, or the date range) gives them room."""
    if left_out.empty:
        return
    groups = _nearby(left_out.groupby("date_start").size(), window)
    fig.add_scatter(
        x=[first + (last - first) / 2 + timedelta(hours=12) for first, last, _ in groups],
        y=[-MAX_ROWS] * len(groups), mode="text",
        text=[f"+{n}" for _, _, n in groups], textfont={"size": 11, "color": "#555"},
        hovertext=[f"{n} more happening{'s' * (n != 1)} on {first:%Y-%m-%d}"
                   + (f" – {last:%Y-%m-%d}" if last != first else "")
                   + ": drag a box over the chart to zoom in" for first, last, n in groups],
        hoverinfo="text", showlegend=False, name="more", cliponaxis=False,
    )


COUNT_PX = 34  # room a "+NN" needs: closer days share one count


def _nearby(counts: pd.Series, window) -> list[tuple[pd.Timestamp, pd.Timestamp, int]]:
    """Per-day counts (sorted by day) joined while the days lie closer than ``COUNT_PX``
    on the chart: (first day, last day, count) each."""
    days_shown = max(1, (window[1] - window[0]).days + 1)
    gap_days = COUNT_PX * days_shown / PLOT_WIDTH_PX
    groups: list[tuple[pd.Timestamp, pd.Timestamp, int]] = []
    for day, n in counts.items():
        stamp = pd.Timestamp(day)
        if groups and (stamp - groups[-1][0]).days < gap_days:
            first, _, total = groups[-1]
            groups[-1] = (first, stamp, total + int(n))
        else:
            groups.append((stamp, stamp, int(n)))
    return groups


def _add_spans(fig: go.Figure, spans: pd.DataFrame, window, colours: dict[str, str],
               two_bands: bool) -> int:
    """Months, quarters and years as bars in the period band, each headline written at 11 px
    from where its bar enters the window (a month is a few pixels wide: text inside the bar
    shrank until it could not be read); returns the rows they take."""
    if spans.empty:
        _two_bands(fig, two_bands)
        return 0
    spans = spans.assign(label=[label_text(h, a) for h, a in
                                zip(spans["headline"], spans["articles"], strict=True)])
    starts, widths, left = _span_extents(spans, window)
    spans = spans.assign(row=place_by_rank(starts, widths, _most_reported_first(spans),
                                           max_rows=SPAN_ROWS), left=left)
    axis = "y2" if two_bands else "y"
    left_out = int((spans["row"] < 0).sum())
    spans = spans[spans["row"] >= 0]
    if left_out:  # written under the bars, at the left edge: nothing is hidden silently
        fig.add_scatter(
            x=[pd.Timestamp(window[0])], y=[-SPAN_ROWS], mode="text", yaxis=axis,
            text=[f"+{left_out} more month{'s' * (left_out != 1)} and years: zoom in"],
            textposition="middle right", textfont={"size": 11, "color": "#555"},
            showlegend=False, name="more periods", hoverinfo="skip", cliponaxis=False)
    first, last = pd.Timestamp(window[0]), pd.Timestamp(window[1]) + pd.Timedelta(days=1)
    for kind, group in spans.groupby("type", sort=True):
        width_ms = ((group["date_end"] - group["date_start"]).dt.days + 1) * 86_400_000
        hover = _hovers(group)
        fig.add_bar(
            base=group["date_start"], x=width_ms, y=-group["row"], orientation="h",
            marker_color=colours[str(kind)], opacity=0.5, width=0.7, yaxis=axis,
            name=safe(kind), legendgroup=str(kind), showlegend=False,
            customdata=group["happening_id"], hovertext=hover, hoverinfo="text",
        )
        fig.add_scatter(
            x=[min(e + pd.Timedelta(days=1), last) if flip else max(s, first)
               for s, e, flip in zip(group["date_start"], group["date_end"], group["left"],
                                     strict=True)],
            y=-group["row"], mode="text", yaxis=axis, text=[safe(t) for t in group["label"]],
            textposition=["middle left" if flip else "middle right" for flip in group["left"]],
            textfont={"size": 11}, cliponaxis=False, showlegend=False,
            name=f"{safe(kind)} periods", customdata=group["happening_id"], hovertext=hover,
            hoverinfo="text",
        )
    _two_bands(fig, two_bands)
    return int(spans["row"].max()) + 1 + bool(left_out)


def _span_extents(spans: pd.DataFrame, window) -> tuple[list[float], list[float], list[bool]]:
    """Where each bar and its headline lie, in days from the window's start (for placing
    them on rows that nothing else touches), and whether the headline is written leftwards
    from the bar's end (it would run past the right edge otherwise)."""
    days_shown = max(1, (window[1] - window[0]).days + 1)
    px_per_day = PLOT_WIDTH_PX / days_shown
    origin = pd.Timestamp(window[0])
    starts, widths, left = [], [], []
    for first, last, text in zip(spans["date_start"], spans["date_end"], spans["label"],
                                 strict=True):
        bar_start = (first - origin).total_seconds() / 86400
        bar_end = (last - origin).total_seconds() / 86400 + 1
        text_days = CHAR_PX * len(text) / px_per_day
        shown_start, shown_end = max(bar_start, 0.0), min(bar_end, float(days_shown))
        flip = shown_start + text_days > days_shown and shown_end - text_days >= 0
        extent_start = min(bar_start, shown_end - text_days) if flip else bar_start
        extent_end = bar_end if flip else max(bar_end, shown_start + text_days)
        starts.append(extent_start)
        widths.append(extent_end - extent_start)
        left.append(flip)
    return starts, widths, left


def _two_bands(fig: go.Figure, two_bands: bool) -> None:
    if two_bands:  # the story above, periods in a band of their own below
        fig.update_layout(yaxis={"domain": [0.3, 1.0]},
                          yaxis2={"domain": [0.0, 0.24], "anchor": "x", "visible": False})


def _add_context(fig: go.Figure, context: pd.DataFrame, window, colours: dict[str, str],
                 first_row: int, two_bands: bool) -> int:
    """Happenings wholly before or after the window (the background a story refers to:
    "since the Taliban took control in 2021"), pinned to the edge they lie beyond, with
    their period written out, in the period band; the most reported ``CONTEXT`` a side.
    Returns the rows they take."""
    if context.empty:
        return 0
    before = context[context["date_end"] < pd.Timestamp(window[0])]
    after = context[context["date_start"] > pd.Timestamp(window[1])]
    # Both sides share rows: one is written rightwards, the other leftwards.
    for side, group, edge in (("before", before, window[0]), ("after", after, window[1])):
        group = group.sort_values(["articles", "mentions"], ascending=False).head(CONTEXT)
        if group.empty:
            continue
        texts = [f"{p}: {label_text(h, a)}" for p, h, a in
                 zip(group["period"], group["headline"], group["articles"], strict=True)]
        fig.add_scatter(
            x=[pd.Timestamp(edge)] * len(group), y=[-(first_row + n) for n in range(len(group))],
            mode="markers+text", text=[safe(t) for t in texts],
            textposition="middle right" if side == "before" else "middle left",
            textfont={"size": 11}, yaxis="y2" if two_bands else "y",
            marker={"symbol": "triangle-left" if side == "before" else "triangle-right",
                    "size": 12, "color": [colours[str(t)] for t in group["type"]]},
            name=f"{side} this period", showlegend=False, cliponaxis=False,
            customdata=group["happening_id"],
            hovertext=_hovers(group), hoverinfo="text",
        )
    return min(CONTEXT, max(len(before), len(after)))


def _complete_legend(fig: go.Figure, colours: dict[str, str]) -> None:
    """A legend entry for every colour on the chart: a type seen only in the period band or
    at the edges (drawn without a legend entry of its own) would be a colour nobody can name."""
    named = {trace.legendgroup for trace in fig.data
             if trace.showlegend is not False and trace.legendgroup}
    for kind in sorted(set(colours) - named):
        fig.add_scatter(x=[None], y=[None], mode="markers", name=safe(kind), legendgroup=kind,
                        marker={"color": colours[kind], "size": 10}, hoverinfo="skip")
