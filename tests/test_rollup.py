"""The rollup path gives the numbers of the scan path: counts, timeline bins, facet counts,
facet tops, provenance and date bounds, for every filter the rollup can answer.

The same Parquet store is read twice: with its rollup, and with ``has_rollup`` off (every
answer then scans the events); the DuckDB file it was converted from is the third witness.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from dashboard import query
from dashboard.export import records
from dashboard.parquet_store import ParquetStore, convert_duckdb
from dashboard.query import Filters
from tests.conflict_store import build_conflict_store
from tests.helpers import geo_articles, undated_article
from tests.mixed_store import build_mixed_store

FILTERS = [
    Filters(),
    Filters(countries=("AFG",)),
    Filters(countries=("UKR", "RUS")),
    Filters(countries=("UKR", "RUS"), all_countries=True),
    Filters(event_codes=("19",)),
    Filters(event_codes=("14", "18")),
    Filters(sources=("Wire A",)),
    Filters(languages=("en",)),
    Filters(date_sources=("relative", "explicit")),
    Filters(quad_classes=(4,)),
    Filters(date_from=date(2022, 2, 25), date_to=date(2022, 2, 26)),
    Filters(date_from=date(2021, 6, 1)),
    Filters(date_to=date(2021, 6, 1)),
    Filters(date_from=date(2022, 2, 20), date_to=date(2022, 3, 5), countries=("UKR",),
            event_codes=("19",)),
]
NOT_FROM_ROLLUP = [Filters(actors=("Taliban",)), Filters(text="kabul"),
                   Filters(fatalities_min=10), Filters(source_actors=("Taliban",))]
FACETS = (("countries", "countries"), ("event_codes", "event_code"), ("sources", "source"),
          ("date_sources", "date_source"), ("languages", "language"), ("actors", "actors"))


class Scanning(ParquetStore):
    """The same folder, read without its rollup."""

    has_rollup = False  # type: ignore[assignment]


@pytest.fixture(scope="module")
def stores(tmp_path_factory) -> tuple[ParquetStore, ParquetStore]:
    folder: Path = tmp_path_factory.mktemp("rollup")
    duck = build_mixed_store(folder)
    (folder / "conflict").mkdir()
    conflict = build_conflict_store(folder / "conflict")
    # One store with articles, GDELT and ACLED rows, and the war's rows.
    duck.add([*geo_articles(), *undated_article()])
    with duck.connect() as con:
        con.execute(f"ATTACH '{conflict.path}' AS c (READ_ONLY)")
        con.execute("INSERT OR IGNORE INTO events SELECT * FROM c.events")
        con.execute("INSERT OR IGNORE INTO articles SELECT * FROM c.articles")
    convert_duckdb(duck.path, folder / "pq")
    return ParquetStore(folder / "pq"), Scanning(folder / "pq")


def _frames_equal(left: pd.DataFrame, right: pd.DataFrame, keys: list[str]) -> None:
    pd.testing.assert_frame_equal(left.sort_values(keys, ignore_index=True),
                                  right.sort_values(keys, ignore_index=True),
                                  check_dtype=False)


def test_the_stores_hold_every_kind_of_row(stores):
    rolled, _ = stores
    origins = dict(rolled.query_rows("SELECT origin, count(*) FROM events GROUP BY 1"))
    assert {"acled", "gdelt", "article"} <= set(origins)
    assert rolled.query_rows("SELECT count(*) FROM rollup")[0][0] > 5


@pytest.mark.parametrize("filters", FILTERS, ids=lambda f: f.slug())
def test_counts_and_provenance(stores, filters):
    rolled, scanning = stores
    assert query.uses_rollup(rolled, filters) and not query.uses_rollup(scanning, filters)
    assert query.count_events(rolled, filters) == query.count_events(scanning, filters)
    assert query.provenance_summary(rolled, filters) == \
        query.provenance_summary(scanning, filters)


@pytest.mark.parametrize("filters", FILTERS, ids=lambda f: f.slug())
@pytest.mark.parametrize("bin_name", ["day", "week", "month", "year"])
@pytest.mark.parametrize("colour", ["event type", "country"])
def test_timeline_bins(stores, filters, bin_name, colour):
    rolled, scanning = stores
    _frames_equal(query.timeline_bins(rolled, filters, bin_name, colour),
                  query.timeline_bins(scanning, filters, bin_name, colour),
                  ["bin_start", "lane", "kind", "bin_end"])


@pytest.mark.parametrize("filters", FILTERS, ids=lambda f: f.slug())
def test_facets(stores, filters):
    rolled, scanning = stores
    for column in ("countries", "event_code", "source", "language", "date_source", "origin"):
        for limit in (None, 2):
            pd.testing.assert_frame_equal(
                query.facet_counts(rolled, column, filters, limit=limit),
                query.facet_counts(scanning, column, filters, limit=limit), check_dtype=False)
    for scope, members in query.facet_scopes(FACETS, filters).items():
        _frames_equal(query.facet_tops(rolled, members, scope, limit=3),
                      query.facet_tops(scanning, members, scope, limit=3),
                      ["facet", "events", "value"])


def test_date_bounds(stores):
    rolled, scanning = stores
    assert query.date_bounds(rolled) == query.date_bounds(scanning) is not None


@pytest.mark.parametrize("filters", NOT_FROM_ROLLUP, ids=lambda f: f.slug())
def test_other_filters_scan(stores, filters):
    rolled, scanning = stores
    assert not query.uses_rollup(rolled, filters)
    assert query.count_events(rolled, filters) == query.count_events(scanning, filters)
    _frames_equal(query.timeline_bins(rolled, filters, "month"),
                  query.timeline_bins(scanning, filters, "month"), ["bin_start", "lane"])


@pytest.mark.parametrize("filters", [*FILTERS, *NOT_FROM_ROLLUP], ids=lambda f: f.slug())
@pytest.mark.parametrize(("limit", "offset"), [(1, 0), (3, 2), (1000, 0)])
def test_a_page_of_events_is_the_same_page_of_the_whole_list(stores, filters, limit, offset):
    rolled, _ = stores
    whole = query.events(rolled, filters)
    page = query.events(rolled, filters, limit=limit, offset=offset)
    # Compared as plain values: a page without a NULL has other pandas dtypes.
    assert records(page) == records(whole.iloc[offset:offset + limit])
