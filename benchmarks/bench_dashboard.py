"""Dashboard latency with a million events: how long a filter change takes to re-render.

Builds (once) a store of ~1,000,000 events from the GDELT 1.0 sample in ../shared/data,
repeated with each copy shifted back two years, then changes the sidebar filters 20 times and
times each re-render of the timeline page through AppTest (server side: queries, figure
building, element tree), in both of its views: the story (happenings, the default) and every
mention. Each change uses a filter not seen before within a view; the story view runs second
and, unless --separate-caches, reuses the sidebar and provenance answers the mentions view
cached for the same filters. Wall and CPU seconds are printed: on a shared machine the CPU
seconds move much less with the other work.

    python benchmarks/bench_dashboard.py [--db PATH] [--events N] [--changes 20]
                                         [--separate-caches]

Run by hand; it is not part of the test suite.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from dashboard.paths import SHARED_DATA  # noqa: E402
from dashboard.store import Store  # noqa: E402

GDELT = SHARED_DATA / "gdelt"
SAMPLE = GDELT / "events_v1_georgia_2011-06_2013-05.tsv.gz"
HEADER = GDELT / "schema" / "header_v1.tsv"
EVENT_NAMES = GDELT / "lookups" / "CAMEO.eventcodes.txt"
SHIFT_DAYS = 730  # each copy of the sample moves back two years, so dates stay realistic


def _gdelt_select(copies: int) -> str:
    """SQL turning the headerless GDELT TSV into Eventline event rows, ``copies`` times."""
    names = HEADER.read_text().strip().split("\t")
    columns = "{" + ", ".join(f"'{n}': 'VARCHAR'" for n in names) + "}"
    return f"""
        WITH g AS (
            SELECT * FROM read_csv('{SAMPLE}', delim='\\t', header=false, quote='',
                                   columns={columns}, compression='gzip')
        ),
        names AS (
            SELECT CAMEOEVENTCODE AS code,
                   upper(left(EVENTDESCRIPTION, 1)) || lower(substr(EVENTDESCRIPTION, 2)) AS name
            FROM read_csv('{EVENT_NAMES}', delim='\\t', header=true, all_varchar=true)
            WHERE length(CAMEOEVENTCODE) = 2
        ),
        copies AS (SELECT range AS copy FROM range({int(copies)}))
        SELECT
            'gdelt-' || g.GLOBALEVENTID || '-' || copy AS event_id,
            left(md5(coalesce(g.SOURCEURL, g.GLOBALEVENTID)), 16) AS article_id,
            strptime(g.SQLDATE, '%Y%m%d')::DATE - (copy * {SHIFT_DAYS})::INTEGER AS date_start,
            strptime(g.SQLDATE, '%Y%m%d')::DATE - (copy * {SHIFT_DAYS})::INTEGER AS date_end,
            'day' AS granularity, g.SQLDATE AS date_text, 'explicit' AS date_source,
            list_distinct(list_filter([g.Actor1Name, g.Actor2Name], lambda x: x IS NOT NULL))
                AS actors,
            list_distinct(list_filter([g.Actor1CountryCode, g.Actor2CountryCode],
                                      lambda x: x IS NOT NULL AND length(x) = 3)) AS countries,
            list_filter([g.ActionGeo_FullName], lambda x: x IS NOT NULL) AS places,
            g.EventRootCode AS event_code, names.name AS event_name,
            TRY_CAST(g.QuadClass AS INTEGER) AS quad_class,
            coalesce(g.Actor1Name, '') AS source_actor, coalesce(g.Actor2Name, '') AS target_actor,
            concat_ws(' ', g.Actor1Name, lower(names.name), g.Actor2Name, 'in',
                      g.ActionGeo_FullName) AS sentence,
            0 AS "start", 0 AS "end", 1.0 AS confidence,
            TRY_CAST(g.ActionGeo_Lat AS DOUBLE) AS lat, TRY_CAST(g.ActionGeo_Long AS DOUBLE) AS lon,
            'gdelt' AS origin
        FROM g CROSS JOIN copies LEFT JOIN names ON names.code = g.EventRootCode
    """


INSERT_COLUMNS = (
    "event_id, article_id, date_start, date_end, granularity, date_text, date_source, actors, "
    'countries, places, event_code, event_name, quad_class, source_actor, target_actor, '
    'sentence, "start", "end", confidence, lat, lon, origin'
)


def build_store(path: Path, events: int) -> Store:
    """A store with about ``events`` GDELT-derived events (kept if it already has them)."""
    store = Store(path)
    with store.connect() as con:
        have = con.execute("SELECT count(*) FROM events").fetchone()[0]
        if have >= events * 0.95:
            return store
        sample_rows = 105_438
        copies = max(1, -(-events // sample_rows))  # enough copies to reach ``events``
        started = time.perf_counter()
        con.execute(f"INSERT OR IGNORE INTO events ({INSERT_COLUMNS}) {_gdelt_select(copies)}")
        total = con.execute("SELECT count(*) FROM events").fetchone()[0]
        print(f"built {path}: {total:,} events in {time.perf_counter() - started:.1f} s")
    _ensure_happenings(store)
    return store


def _ensure_happenings(store: Store) -> None:
    """The bulk load bypasses ``Store.add``, so the happenings are computed here, once."""
    (have,), = store.query_rows("SELECT count(*) FROM happenings")
    if have and not store.pending_happenings():
        return
    started = time.perf_counter()
    store.recompute_happenings()
    (have,), = store.query_rows("SELECT count(*) FROM happenings")
    print(f"happenings: {have:,} computed in {time.perf_counter() - started:.1f} s")


def filter_changes(store: Store, count: int) -> list[dict[str, str | list[str]]]:
    """``count`` different URL states: countries, actors, types, date ranges and searches."""
    from dashboard import query

    countries = query.facet_counts(store, "countries", limit=5)["value"].tolist()
    actors = query.facet_counts(store, "actors", limit=4)["value"].tolist()
    names = query.event_type_names(store)
    types = [f"{names[c]} ({c})" for c in sorted(names)[:4]]
    low, high = query.date_bounds(store)
    ranges = [
        [str(high - timedelta(days=days)), str(high)] for days in (60, 400, 2000)
    ] + [[str(low), str(low + timedelta(days=3000))]]
    changes: list[dict] = [{"country": c} for c in countries]
    changes += [{"actor": a} for a in actors]
    changes += [{"type": t} for t in types]
    changes += [{"dates": r} for r in ranges]
    changes += [{"q": word} for word in ("protest", "minister", "police")]
    return changes[:count]


def time_app(store: Store, changes: list[dict], show: str) -> tuple[list[float], list[float]]:
    """Seconds per re-render of the timeline page (``show``: happenings or mentions) after
    each filter change: one AppTest session, as one analyst changing the sidebar, every
    rerun timed end to end. Wall seconds, and the CPU seconds of this process (every thread:
    the script's and DuckDB's), which other work on a shared machine disturbs far less."""
    from streamlit.testing.v1 import AppTest

    from dashboard import query

    os.environ["EVENTLINE_DB"] = str(store.path)
    at = AppTest.from_file(str(ROOT / "dashboard" / "app" / "main.py"), default_timeout=120)
    at.query_params["show"] = show
    at.run()  # warm-up: imports, store-wide option lists
    whole = query.date_bounds(store)
    timings, cpu = [], []
    for params in changes:
        set_filters(at, params, whole)
        started, cpu_started = time.perf_counter(), time.process_time()
        at.run()
        timings.append(time.perf_counter() - started)
        cpu.append(time.process_time() - cpu_started)
        if at.exception:
            raise SystemExit(f"page failed for {params}: {at.exception[0].value}")
    return timings, cpu


FACETS = (("countries", "countries"), ("actors", "actors"), ("event_codes", "event_code"),
          ("sources", "source"), ("date_sources", "date_source"))


def time_queries(store: Store, changes: list[dict]) -> list[float]:
    """The same changes through the query layer only (what the page asks the store)."""
    # As the app does: each query opens its own short read-only connection.
    return [_time_query_set(store, _as_filters(params)) for params in changes]


def time_story_queries(store: Store, changes: list[dict]) -> list[float]:
    """The story view's uncached queries for each change, in seconds."""
    return [_time_story_set(store, _as_filters(params)) for params in changes]


def _time_story_set(store: Store, filters) -> float:
    from dashboard import query
    from dashboard.happenings import query as happening_query
    from dashboard.story_chart import robust_window

    started = time.perf_counter()
    query.summary(store, filters)
    happening_query.story_summary(store, filters)
    weights = happening_query.day_weights(store, filters)
    window = robust_window(weights["date_start"], weights["articles"]) if len(weights) else None
    window = window or query.date_bounds(store)
    if len(happening_query.happenings_in(store, filters, *window, 400)) == 400:
        # the page then says how many of the period's happenings it draws
        happening_query.count_happenings(
            store, replace(filters, date_from=window[0], date_to=window[1]))
    happening_query.key_dates(store, filters)
    return time.perf_counter() - started


def _time_query_set(store: Store, filters) -> float:
    """The timeline page's uncached queries for one filter state, in seconds."""
    from dashboard import query

    started = time.perf_counter()
    query.summary(store, filters)
    bounds = query.visible_range(query.date_bounds(store), filters)
    query.timeline_bins(store, filters, query.choose_bin(*bounds), "event type")
    query.key_dates(store, filters)
    query.events(store, filters, limit=200)
    for scope, members in query.facet_scopes(FACETS, filters).items():
        query.facet_tops(store, members, scope, limit=5)
    return time.perf_counter() - started


def set_filters(at, params: dict, whole: tuple) -> None:
    """Put a filter change into the sidebar widgets of a running AppTest (``whole``: the
    store's date bounds, for an open end of the date range)."""
    filters = _as_filters(params)
    at.multiselect(key="country").set_value(list(filters.countries))
    at.multiselect(key="actor").set_value(list(filters.actors))
    at.multiselect(key="type").set_value(list(filters.event_codes))
    at.text_input(key="q").set_value(filters.text)
    at.date_input(key="dates").set_value(
        (filters.date_from or whole[0], filters.date_to or whole[1]))


def _as_filters(params: dict):
    from dashboard.query import Filters

    dates = params.get("dates") or [None, None]
    return Filters(
        countries=tuple(filter(None, [params.get("country")])),
        actors=tuple(filter(None, [params.get("actor")])),
        event_codes=tuple(str(params["type"])[-3:-1] for _ in [0] if "type" in params),
        date_from=date.fromisoformat(dates[0]) if dates[0] else None,
        date_to=date.fromisoformat(dates[1]) if dates[1] else None,
        text=str(params.get("q", "")),
    )


def _report(label: str, timings: list[float], changes: list[dict] | None = None,
            cpu: list[float] | None = None) -> None:
    if changes and os.environ.get("BENCH_VERBOSE"):
        for params, seconds, used in zip(changes, timings, cpu or timings, strict=True):
            print(f"  {seconds:.3f} s" + (f" ({used:.3f} s CPU)" if cpu else "") + f"  {params}")
    print(f"{label}: {len(timings)} filter changes, median {statistics.median(timings):.3f} s, "
          f"worst {max(timings):.3f} s")
    if cpu:
        print(f"  CPU of this process: median {statistics.median(cpu):.3f} s, "
              f"worst {max(cpu):.3f} s")


def _report_figure(store: Store) -> None:
    """What the browser receives for the unfiltered timeline: bars per bin, not events."""
    from dashboard import charts, query
    from dashboard.query import Filters

    bounds = query.visible_range(query.date_bounds(store), Filters())
    bin_name = query.choose_bin(*bounds)
    figure = charts.binned_timeline_figure(
        query.timeline_bins(store, Filters(), bin_name, "event type"), bin_name)
    marks = sum(len(trace.x) for trace in figure.data)
    size = len(figure.to_json()) / 1024
    print(f"unfiltered timeline figure: {marks:,} bars per {bin_name} in "
          f"{len(figure.data)} traces, {size:,.0f} KiB of JSON")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", type=Path,
                        default=Path(tempfile.gettempdir()) / "eventline-bench-1m.duckdb")
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--changes", type=int, default=20)
    parser.add_argument("--separate-caches", action="store_true",
                        help="clear the query cache between the two views: by default the story "
                             "view reuses the sidebar and provenance answers of the mentions run")
    args = parser.parse_args()
    if not SAMPLE.exists():
        raise SystemExit(f"GDELT sample not found at {SAMPLE}")
    store = build_store(args.db, args.events)
    from dashboard import query

    total, _ = query.summary(store)
    print(f"store {args.db}: {total:,} events, {os.cpu_count()} CPUs")
    _report_figure(store)
    changes = filter_changes(store, args.changes)
    _report("query layer, mentions view", time_queries(store, changes), changes)
    _report("query layer, story view", time_story_queries(store, changes), changes)
    mentions, mentions_cpu = time_app(store, changes, "mentions")
    if args.separate_caches:
        import streamlit as st

        st.cache_data.clear()
    story, story_cpu = time_app(store, changes, "happenings")
    _report("page re-render, mentions view (AppTest, server side)", mentions, changes,
            mentions_cpu)
    _report("page re-render, story view (AppTest, server side)", story, changes, story_cpu)
    print(f"story / mentions median ratio: "
          f"{statistics.median(story) / statistics.median(mentions):.2f}")


if __name__ == "__main__":
    main()
