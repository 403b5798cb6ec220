"""Chart builders: what reaches the browser, and that periods are never drawn as days."""

from datetime import date

import pandas as pd

from dashboard import charts, query
from dashboard.query import Filters
from dashboard.store import Store
from tests.helpers import geo_articles


def _store(tmp_path) -> Store:
    store = Store(tmp_path / "c.duckdb")
    store.add(geo_articles())
    return store


def test_timeline_draws_days_as_markers_and_years_as_bars(tmp_path):
    fig = charts.timeline_figure(query.events(_store(tmp_path)))
    bars = [t for t in fig.data if t.type == "bar"]
    markers = [t for t in fig.data if t.type == "scatter"]
    assert len(bars) == 1 and bars[0].x[0] == 365 * charts.MS_PER_DAY  # the whole of 2021
    assert sum(len(t.x) for t in markers) == 2


def test_timeline_hover_names_date_actors_and_evidence(tmp_path):
    fig = charts.timeline_figure(query.events(_store(tmp_path)))
    hover = " ".join(text for trace in fig.data for text in trace.hovertext)
    assert "2024-06-01" in hover and "Protesters, Taliban" in hover and "Protest in Kabul" in hover


def test_binned_timeline_sends_counts_not_events(tmp_path):
    bins = query.timeline_bins(_store(tmp_path), Filters(), "month")
    fig = charts.binned_timeline_figure(bins, "month")
    counted = [t for t in fig.data if t.type == "bar"]
    assert sum(sum(t.y) for t in counted) == 2
    # (first day, last day, lane) of each bin, for reading a clicked bar's events
    assert all(len(t.customdata[0]) == 3 for t in counted)
    assert counted[0].customdata[0][2] == counted[0].name
    spans = [t for t in fig.data if t.type == "scatter"]
    assert spans and str(spans[0].x[0]).startswith("2021-01-01")
    assert str(spans[0].x[1]).startswith("2022-01-01")  # drawn up to the end of 2021
    assert fig.layout.yaxis2.domain is not None


def test_binned_timeline_handles_nothing():
    empty = pd.DataFrame(columns=["lane", "kind", "bin_start", "bin_end", "events"])
    assert charts.binned_timeline_figure(empty, "day").layout.annotations


def test_period_labels():
    assert charts.period_label(date(2021, 1, 1), date(2021, 12, 31), "year") == "2021"
    assert charts.period_label(date(2021, 8, 1), date(2021, 8, 31), None) == "2021-08"
    assert charts.period_label(date(2025, 2, 17), date(2025, 2, 17), "day") == "2025-02-17"
    assert charts.period_label(date(2025, 2, 10), date(2025, 2, 16), "week") == (
        "2025-02-10 – 2025-02-16")


def test_map_counts_countries_by_iso3_and_places_points(tmp_path):
    store = _store(tmp_path)
    fig = charts.map_figure(query.facet_counts(store, "countries"),
                            query.geo_points(store, Filters()))
    choropleth, points = fig.data
    assert choropleth.locationmode == "ISO-3"
    assert dict(zip(choropleth.locations, choropleth.text, strict=True)) == {"AFG": "2", "JPN": "1"}
    assert choropleth.z[0] > choropleth.z[1] > 0  # log scale, most events darkest
    assert list(choropleth.customdata) == ["AFG", "JPN"]
    assert len(points.lat) == 3


def test_actor_charts(tmp_path):
    store = _store(tmp_path)
    bars = charts.actors_figure(query.facet_counts(store, "actors"))
    assert bars.data[0].y[0] == "Taliban" and bars.data[0].customdata[0] == "Taliban"
    matrix = charts.cooccurrence_figure(query.actor_pairs(store, Filters()))
    heat = matrix.data[0]
    index = {name: i for i, name in enumerate(heat.x)}
    assert heat.z[index["Taliban"]][index["Protesters"]] == 1
    # the fewest shared events are a visible blue, not the white of an empty cell
    assert heat.colorscale[0][1] != "rgb(255,255,255)" and heat.colorscale[0][1] != "#ffffff"
    assert heat.colorscale[0][1].lower() == "#c6dbef"
    assert charts.cooccurrence_figure(query.actor_pairs(store, Filters(countries=("JPN",))))


def test_key_dates_table_names_publication_dates(tmp_path):
    ranked = pd.DataFrame({"date_start": [date(2025, 2, 18)], "date_end": [date(2025, 2, 18)],
                           "granularity": ["day"], "example": [None], "articles": [1],
                           "events": [3]})
    table = charts.key_dates_table(ranked)
    assert table.iloc[0].tolist() == ["2025-02-18", "(publication date)", 1, 3]


def test_lane_of_matches_the_sql_lanes(tmp_path):
    frame = query.events(_store(tmp_path))
    assert set(charts.lane_of(frame, "event type")) == {"Consult", "Fight", "Protest"}
    assert set(charts.lane_of(frame, "country")) == {"JPN", "AFG"}


LINK = "<a href='http://evil.test/x'>Click here</a>"


def _hostile_store(tmp_path) -> Store:
    from dataclasses import replace

    from tests.helpers import two_articles

    pairs = [(article, [replace(event, actors=(LINK,), sentence=LINK, lat=1.5, lon=2.5,
                                places=(LINK,)) for event in events])
             for article, events in two_articles()]
    store = Store(tmp_path / "hostile.duckdb")
    store.add(pairs)
    return store


def _strings(fig) -> str:
    """Every string Plotly renders: names, labels, hovers and categories (not customdata,
    which only comes back to the app)."""
    shown = []
    for trace in fig.data:
        for field in ("name", "text", "hovertext", "x", "y", "locations"):
            value = getattr(trace, field, None)
            if value is not None:
                shown += [str(v) for v in (value if isinstance(value, (list, tuple)) or
                                           hasattr(value, "tolist") else [value])]
    return " ".join(shown)


def test_data_is_escaped_in_every_plotly_label(tmp_path):
    """Plotly renders <a href> in labels, legends and hovers as a live link; data never."""
    store = _hostile_store(tmp_path)
    rows = query.events(store)
    figures = [
        charts.timeline_figure(rows, "actor"),
        charts.binned_timeline_figure(query.timeline_bins(store, Filters(), "month", "actor"),
                                      "month"),
        charts.actors_figure(query.facet_counts(store, "actors")),
        charts.cooccurrence_figure(pd.DataFrame({"actor_a": [LINK], "actor_b": ["B"],
                                                 "events": [1]})),
        charts.map_figure(query.facet_counts(store, "countries"),
                          query.geo_points(store, Filters())),
    ]
    for fig in figures:
        text = _strings(fig)
        assert "<a href" not in text, text[:300]
        assert "&lt;a href" in text


def test_actor_bars_keep_the_raw_name_for_the_click(tmp_path):
    bars = charts.actors_figure(query.facet_counts(_hostile_store(tmp_path), "actors"))
    assert bars.data[0].customdata[0] == LINK and bars.data[0].y[0].startswith("&lt;a")


def test_map_dots_carry_their_country_and_place(tmp_path):
    store = _store(tmp_path)
    points = charts.map_figure(query.facet_counts(store, "countries"),
                               query.geo_points(store, Filters())).data[1]
    assert sorted(points.customdata) == ["AFG", "AFG", "JPN"]  # a click filters by it
    assert any(text.startswith("<b>JPN</b>: 1 event") for text in points.hovertext)


def test_event_types_keep_their_colour_whatever_else_is_shown(tmp_path):
    store = _store(tmp_path)
    everything = charts.timeline_figure(query.events(store))
    protests_only = charts.timeline_figure(query.events(store, Filters(event_codes=("14",))))
    colour = {trace.name: trace.marker.color for trace in everything.data}
    assert protests_only.data[0].marker.color == colour["Protest"]
    assert charts.lane_colours(["Fight", "other", "unknown", "JPN"]) == {
        "Fight": charts.event_type_colours()["Fight"], "other": charts.OTHER_COLOUR,
        "unknown": charts.OTHER_COLOUR, "JPN": charts.lane_colours(["JPN"])["JPN"]}
    assert len(set(charts.event_type_colours().values())) == 20


def test_date_axes_never_show_a_clock(tmp_path):
    fig = charts.timeline_figure(query.events(_store(tmp_path)))
    formats = [stop.value for stop in fig.layout.xaxis.tickformatstops]
    assert formats and not any("%H" in f or "%M" in f for f in formats)
    assert fig.layout.xaxis.hoverformat == "%Y-%m-%d"
