"""The story chart: happenings as labelled marks that never hide each other."""

from __future__ import annotations

from datetime import date

import pandas as pd

from dashboard import story_chart


def _happenings(rows: list[tuple]) -> pd.DataFrame:
    """(id, start, end, granularity, headline, type, articles)"""
    return pd.DataFrame([{
        "happening_id": h, "date_start": pd.Timestamp(s), "date_end": pd.Timestamp(e),
        "granularity": g, "date_source": "explicit", "date_text": "", "headline": head,
        "event_name": kind, "articles": n, "mentions": n, "sources": n, "actors": ["A"],
        "outlets": ["Wire"],
    } for h, s, e, g, head, kind, n in rows])


VISIT = _happenings([
    ("h1", "2025-02-16", "2025-02-16", "day", "Taliban delegation arrives in Tokyo", "Consult", 9),
    ("h2", "2025-02-17", "2025-02-17", "day", "Hayashi confirms the visit", "Make public statement",
     12),
    ("h3", "2025-02-17", "2025-02-17", "day", "Delegation meets Nippon Foundation", "Consult", 4),
    ("h4", "2025-02-17", "2025-02-17", "day", "Protest outside the ministry", "Protest", 1),
    ("h5", "2021-08-01", "2021-08-31", "month", "Taliban take control of Afghanistan", "Fight",
     7),
])


def test_same_day_happenings_get_rows_of_their_own():
    points = VISIT[VISIT["granularity"] == "day"].sort_values("date_start")
    layout = story_chart.story_layout(points, (date(2025, 2, 10), date(2025, 2, 24)), labels=3)
    rows = dict(zip(points["happening_id"], layout.rows, strict=True))
    assert len({rows["h2"], rows["h3"], rows["h4"]}) == 3  # the 17th's three never overlap
    labelled = dict(zip(points["happening_id"], layout.labelled, strict=True))
    assert labelled == {"h1": True, "h2": True, "h3": True, "h4": False}  # most reported


def test_a_row_is_reused_once_it_is_free_and_the_first_placed_get_the_lowest_rows():
    assert story_chart.place_by_rank([0, 1, 10, 11], [5, 5, 5, 5], [0, 1, 2, 3]) == [0, 1, 0, 1]
    assert story_chart.place_by_rank([0, 0, 0], [5, 5, 5], [2, 0, 1], max_rows=2) == [1, -1, 0]


def test_headlines_are_written_on_the_chart_and_sizes_follow_articles():
    fig = story_chart.story_figure(VISIT, (date(2025, 2, 10), date(2025, 2, 24)), labels=3)
    texts = [t for trace in fig.data if trace.type == "scatter" for t in trace.text or () if t]
    assert "Hayashi confirms the visit · 12" in texts
    assert "Protest outside the ministry" not in " ".join(texts)  # only the top three
    sizes = {h: s for trace in fig.data if trace.type == "scatter" and trace.yaxis != "y2"
             and trace.customdata is not None
             for h, s in zip(trace.customdata, trace.marker.size, strict=True)}
    assert sizes["h2"] > sizes["h3"] > sizes["h4"]


def test_periods_sit_in_their_own_band_and_the_axis_follows_the_window():
    month = _happenings([("h6", "2025-02-01", "2025-02-28", "month", "A month of talks",
                          "Consult", 3)])
    fig = story_chart.story_figure(pd.concat([VISIT, month]),
                                   (date(2025, 2, 10), date(2025, 2, 24)))
    bars = [trace for trace in fig.data if trace.type == "bar"]
    assert bars and bars[0].yaxis == "y2" and list(bars[0].customdata) == ["h6"]
    assert fig.layout.yaxis.domain == (0.3, 1.0)
    assert fig.layout.xaxis.range[0].startswith("2025-02-09")


def test_period_headlines_are_written_at_full_size_and_never_run_into_each_other():
    """A month is a few pixels wide in a year's window: its headline is text beside the bar,
    not squeezed inside it, and a bar whose headline would cover the next one moves down."""
    months = _happenings([
        ("m1", "2025-01-01", "2025-01-31", "month", "The quarrel began when tariffs were imposed",
         "Coerce", 4),
        ("m2", "2025-03-01", "2025-03-31", "month", "Steelworkers marched in the capital",
         "Protest", 2),
        ("m3", "2025-12-01", "2025-12-31", "month", "Talks are due to resume in December",
         "Consult", 1),
    ])
    window = (date(2025, 1, 1), date(2025, 12, 31))
    fig = story_chart.story_figure(months, window)
    assert all(not trace.text for trace in fig.data if trace.type == "bar")
    written = {trace.customdata[0]: trace for trace in fig.data
               if trace.type == "scatter" and trace.mode == "text" and trace.customdata is not None}
    assert written["m1"].text == ("The quarrel began when tariffs were imposed · 4",)
    assert written["m1"].textfont.size == 11
    assert written["m1"].y[0] != written["m2"].y[0]  # the January headline runs over March
    assert written["m3"].textposition == ("middle left",)  # near the right edge: leftwards
    assert pd.Timestamp(written["m3"].x[0]) == pd.Timestamp("2026-01-01")


def test_background_outside_the_window_is_named_at_its_edge():
    """The seed's "in 2021" lies years before the visit's week: it is not stretched into
    the axis but pinned to the left edge, its period written out."""
    later = _happenings([("h7", "2025-06-01", "2025-06-01", "day", "Report due", "Consult", 1)])
    fig = story_chart.story_figure(pd.concat([VISIT, later]),
                                   (date(2025, 2, 10), date(2025, 2, 24)))
    pinned = {trace.customdata[0]: trace for trace in fig.data
              if trace.type == "scatter" and trace.yaxis == "y2"}
    assert set(pinned) == {"h5", "h7"}
    assert pinned["h5"].text == ("2021-08: Taliban take control of Afghanistan · 7",)
    assert pd.Timestamp(pinned["h5"].x[0]) == pd.Timestamp("2025-02-10")
    assert pinned["h5"].marker.symbol == "triangle-left"
    assert pd.Timestamp(pinned["h7"].x[0]) == pd.Timestamp("2025-02-24")
    assert pinned["h7"].textposition == "middle left"
    assert not any(trace.type == "bar" for trace in fig.data)  # no bar far off the axis
    legend = {trace.name for trace in fig.data if trace.showlegend is not False}
    assert {"Fight", "Consult", "Protest"} <= legend  # Fight is only pinned: still named
    assert fig.layout.yaxis2.range[1] > 1  # room over the band's first row: no tick touches


def test_the_robust_window_ignores_a_far_background_date():
    days = pd.Series(pd.to_datetime(["2021-08-15"] + ["2025-02-16", "2025-02-17"] * 20))
    first, last = story_chart.robust_window(days)
    assert date(2025, 2, 1) < first <= date(2025, 2, 16) and date(2025, 2, 17) <= last
    assert (last - first).days < 40
    assert story_chart.robust_window(pd.Series([], dtype="datetime64[ns]")) is None


def test_the_window_shows_the_bigger_of_two_stories_decades_apart():
    """A store with a 1987 news run and a small 2025 story: a percentile window spanned
    1983-2028 and squeezed both into a few pixels; the densest span shows 1987's days."""
    old = pd.to_datetime(pd.Series(pd.date_range("1987-02-20", "1987-03-20")))
    days = pd.concat([old.repeat(5), pd.Series(pd.to_datetime(["2025-02-17"] * 10)),
                      pd.Series(pd.to_datetime(["1981-06-01", "1999-01-01"]))])
    first, last = story_chart.robust_window(days)
    assert date(1987, 1, 1) < first <= date(1987, 2, 25)
    assert date(1987, 3, 15) <= last < date(1987, 5, 1)


def test_a_crowded_day_never_draws_a_mark_over_another_and_counts_the_rest():
    crowd = _happenings([(f"c{n:02d}", "2025-02-17", "2025-02-17", "day", f"Statement {n}",
                          "Consult", 1 + n % 5) for n in range(story_chart.MAX_ROWS + 6)])
    window = (date(2025, 2, 10), date(2025, 2, 24))
    layout = story_chart.story_layout(crowd, window, labels=3)
    placed = [r for r in layout.rows if r >= 0]
    assert len(placed) == len(set(placed)) == story_chart.MAX_ROWS
    kept = {h for h, r in zip(crowd["happening_id"], layout.rows, strict=True) if r >= 0}
    labelled = {h for h, shown in zip(crowd["happening_id"], layout.labelled, strict=True)
                if shown}
    assert labelled <= kept  # the headlines written are never the ones left out
    fig = story_chart.story_figure(crowd, window, labels=3)
    (more,) = [trace for trace in fig.data if trace.name == "more"]
    assert list(more.text) == ["+6"]
    drawn = [h for trace in fig.data if trace.type == "scatter" and trace.customdata is not None
             for h in trace.customdata]
    assert len(drawn) == story_chart.MAX_ROWS


def test_placed_items_never_touch_on_a_row():
    starts = [float(n % 7) for n in range(60)]
    widths = [1.5 + (n % 3) for n in range(60)]
    rows = story_chart.place_by_rank(starts, widths, list(range(60)), max_rows=5)
    for row in range(5):
        spans = sorted((starts[i], starts[i] + widths[i]) for i in range(60) if rows[i] == row)
        assert all(a[1] < b[0] for a, b in zip(spans, spans[1:], strict=False))
    assert rows[0] == 0 and -1 in rows


def test_labels_and_hovers_are_escaped():
    hostile = _happenings([("x", "2025-01-01", "2025-01-01", "day",
                            "<a href='http://evil.test'>Click</a>", "Consult", 2)])
    fig = story_chart.story_figure(hostile, (date(2024, 12, 25), date(2025, 1, 5)))
    shown = " ".join(list(fig.data[0].text) + list(fig.data[0].hovertext))
    assert "<a href" not in shown and "&lt;a href" in shown


def test_a_headline_near_the_right_edge_is_written_on_the_left_of_its_mark():
    """On a 15-day window a headline takes days of width: the 24th's would be cut off by the
    edge, so it goes left; the 10th's stays right; each row still holds no two labels that
    touch."""
    story = _happenings([
        ("early", "2025-02-10", "2025-02-10", "day", "Talks open in the capital", "Consult", 5),
        ("late", "2025-02-24", "2025-02-24", "day", "Agreement signed after two weeks of talks",
         "Consult", 6),
        ("late2", "2025-02-23", "2025-02-23", "day", "Ministers arrive for the signing",
         "Consult", 4),
    ])
    window = (date(2025, 2, 10), date(2025, 2, 24))
    layout = story_chart.story_layout(story, window, labels=3)
    left = dict(zip(story["happening_id"], layout.left, strict=True))
    assert left == {"early": False, "late": True, "late2": True}
    rows = dict(zip(story["happening_id"], layout.rows, strict=True))
    assert rows["late"] != rows["late2"]  # both written leftwards, over the same days
    fig = story_chart.story_figure(story, window, labels=3)
    positions = {h: p for trace in fig.data if trace.type == "scatter"
                 for h, p in zip(trace.customdata, trace.textposition, strict=True)}
    assert positions == {"early": "middle right", "late": "middle left",
                         "late2": "middle left"}


def test_the_figure_is_the_same_whether_the_text_is_arrow_or_python_strings():
    """The chart converts Arrow-backed text (what the store returns) to Python strings once,
    for speed: the figure must not change, nor the caller's frame."""
    arrow = pd.concat([VISIT, _happenings([("h6", "2025-02-01", "2025-02-28", "month",
                                            "A month of talks", "Consult", 3)])])
    arrow = arrow.astype({c: "str" for c in ("happening_id", "granularity", "headline",
                                              "event_name", "date_text", "date_source")})
    python = arrow.astype({c: object for c in arrow.columns if arrow[c].dtype == "str"})
    window = (date(2025, 2, 10), date(2025, 2, 24))
    assert story_chart.story_figure(arrow, window, labels=3).to_json() == \
        story_chart.story_figure(python, window, labels=3).to_json()
    assert isinstance(arrow["headline"].dtype, pd.StringDtype)
