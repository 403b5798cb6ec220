"""The query layer against a small store: filters, aggregates, pages of rows."""

from datetime import date

import pytest

from dashboard import query
from dashboard.models import Article
from dashboard.query import Filters
from dashboard.store import Store
from tests.helpers import geo_articles, rendered, two_articles, undated_article


@pytest.fixture
def store(tmp_path) -> Store:
    store = Store(tmp_path / "q.duckdb")
    store.add(geo_articles())
    return store


def test_filters_combine_and_alternatives_widen(store):
    assert query.summary(store) == (3, 2)
    assert query.count_events(store, Filters(countries=("JPN", "AFG"))) == 3
    assert query.count_events(store, Filters(countries=("AFG",), actors=("Protesters",))) == 1
    assert query.count_events(store, Filters(sources=("Wire A",))) == 2
    assert query.count_events(store, Filters(date_sources=("relative",))) == 1
    assert query.count_events(store, Filters(text="KABUL")) == 1
    assert query.count_events(store, Filters(text="100%")) == 0  # LIKE wildcards are literal


def test_dates_select_overlapping_intervals(store):
    inside_2021 = Filters(date_from=date(2021, 6, 1), date_to=date(2021, 6, 30))
    assert query.events(store, inside_2021)["granularity"].tolist() == ["year"]


def test_events_pages_do_not_overlap(store):
    first = query.events(store, limit=2)
    second = query.events(store, limit=2, offset=2)
    assert len(first) == 2 and len(second) == 1
    assert not set(first["event_id"]) & set(second["event_id"])


@pytest.mark.parametrize(("days", "expected"), [(1, "day"), (92, "day"), (93, "week"),
                                                 (731, "week"), (800, "month"),
                                                 (366 * 15 + 1, "year")])
def test_bin_follows_the_range(days, expected):
    first = date(2000, 1, 1)
    assert query.choose_bin(first, date.fromordinal(first.toordinal() + days - 1)) == expected
    assert query.choose_bin(None, None) == "month"


def test_timeline_bins_keep_coarse_dates_as_spans(store):
    bins = query.timeline_bins(store, Filters(), "month")
    year = bins[bins["kind"] == "span"]
    assert year[["bin_start", "bin_end"]].astype(str).values.tolist() == [
        ["2021-01-01", "2021-12-31"]]
    days = bins[bins["kind"] == "bin"]
    assert sorted(days["bin_start"].astype(str)) == ["2024-06-01", "2025-02-01"]
    assert set(days["bin_end"].astype(str)) == {"2024-06-30", "2025-02-28"}
    assert bins["events"].sum() == 3


def test_timeline_bins_fold_rare_lanes(store, monkeypatch):
    monkeypatch.setattr(query, "MAX_LANES", 1)
    bins = query.timeline_bins(store, Filters(), "year", "actor")
    # Each first-named actor has one event; ties go alphabetically, the rest fold.
    assert set(bins["lane"]) == {"Protesters", "other"}
    assert bins["events"].sum() == 3


def test_key_dates_rank_by_articles(store):
    ranked = query.key_dates(store, Filters())
    assert len(ranked) == 3 and set(ranked["articles"]) == {1}
    assert ranked.set_index("example").loc["2021", "granularity"] == "year"


def test_facets_count_under_the_other_filters(store):
    facets = (("countries", "countries"), ("actors", "actors"), ("sources", "source"))
    filters = Filters(countries=("JPN",))
    scopes = query.facet_scopes(facets, filters)
    assert scopes[Filters()] == (("countries", "countries"),)
    rows = [query.facet_tops(store, members, scope) for scope, members in scopes.items()]
    counts = {(r.facet, r.value): r.events for frame in rows for r in frame.itertuples()}
    assert counts[("countries", "AFG")] == 2  # its own filter left out
    assert counts[("actors", "Yoshimasa Hayashi")] == 1
    assert ("actors", "Protesters") not in counts  # follows the country filter
    assert counts[("sources", "Wire A")] == 1


LISTS = (("countries", "countries"), ("actors", "actors"), ("event_codes", "event_code"),
         ("sources", "source"), ("date_sources", "date_source"), ("languages", "language"))


@pytest.mark.parametrize("scope", [Filters(), Filters(countries=("JPN",)),
                                   Filters(sources=("Wire A",)), Filters(text="kabul")])
@pytest.mark.parametrize("limit", [1, 2, 1000])
def test_facet_tops_give_each_list_as_facet_counts_does(store, scope, limit):
    """The sidebar offers each list from ``facet_tops`` (one scan for all lists) where it
    asked ``facet_counts`` list by list: the same values, counts and order."""
    tops = query.facet_tops(store, LISTS, scope, limit=limit)
    assert tops["facet"].tolist() == sorted(tops["facet"], key=[f for f, _ in LISTS].index)
    for field, column in LISTS:
        mine = tops[tops["facet"] == field][["value", "events"]].reset_index(drop=True)
        alone = query.facet_counts(store, column, scope, limit=limit)
        assert mine.values.tolist() == alone.values.tolist(), field


def test_geo_points_aggregate_when_many(store):
    single = query.geo_points(store, Filters())
    assert len(single) == 3 and set(single["events"]) == {1}
    grid = query.geo_points(store, Filters(), max_points=1)
    assert grid["events"].sum() <= 3 and len(grid) == 1


def test_actor_pairs_and_articles(store):
    pairs = query.actor_pairs(store, Filters())
    assert pairs.values.tolist() == [["Protesters", "Taliban", 1]]
    listed = query.articles(store, Filters(countries=("JPN",)))
    assert listed[["title", "events", "matching"]].values.tolist() == [["Tokyo talks", 2, 1]]
    assert len(query.articles(store, Filters())) == 2
    one = query.article(store, listed.iloc[0]["article_id"])
    assert one["text"].startswith("Talks in Tokyo")
    assert len(query.article_events(store, one["article_id"])) == 2
    assert query.count_articles(store, Filters()) == 2


def test_articles_page_through_every_article_and_search(tmp_path):
    store = Store(tmp_path / "many.duckdb")
    store.add([(Article(text=f"Story {n} text.", title=f"Story {n:03d}", source="Wire",
                        published=date(2024, 1, 1)), []) for n in range(250)])
    assert query.count_articles(store, Filters()) == 250  # not capped at a page
    pages = [query.articles(store, Filters(), limit=100, offset=o)["title"].tolist()
             for o in (0, 100, 200)]
    assert [len(p) for p in pages] == [100, 100, 50]
    assert len(set(sum(pages, []))) == 250
    assert query.articles(store, Filters(), search="STORY 007")["title"].tolist() == [
        "Story 007"]
    assert query.count_articles(store, Filters(), search="wire") == 250


def test_imported_rows_are_not_listed_as_articles(tmp_path):
    from tests.mixed_store import build_mixed_store

    mixed = build_mixed_store(tmp_path)
    assert query.count_articles(mixed, Filters()) == 2
    assert query.article_checks(mixed)["articles"] == 2


def test_facet_search_finds_values_beyond_the_lists(store):
    assert query.facet_search(store, "actors", "HAYASHI") == ["Yoshimasa Hayashi"]
    assert query.facet_search(store, "actors", "  ") == []
    with pytest.raises(ValueError, match="cannot search the facet 'sentence'"):
        query.facet_search(store, "sentence", "x")


def test_undated_events_stay_without_a_filter(tmp_path):
    store = Store(tmp_path / "u.duckdb")
    store.add(undated_article() + two_articles())
    assert query.count_events(store, Filters()) == 4
    assert query.count_events(store, Filters(date_sources=("unresolved",))) == 1
    assert query.timeline_bins(store, Filters(), "year")["events"].sum() == 3


def test_slug_and_dict_describe_the_filters():
    filters = Filters(countries=("JPN",), actors=("Yoshimasa Hayashi",), event_codes=("04",),
                      date_from=date(2025, 1, 1), text="visit/Tokyo")
    assert filters.slug() == "JPN_Yoshimasa-Hayashi_type04_2025-01-01.._q-visit-Tokyo"
    assert Filters().slug() == "all"
    assert filters.as_dict()["date_from"] == "2025-01-01"
    assert filters.as_dict()["countries"] == ["JPN"]


def test_article_checks_count_undated_and_eventless(tmp_path):
    store = Store(tmp_path / "c.duckdb")
    store.add(undated_article() + two_articles())
    assert query.article_checks(store) == {"articles": 3, "undated": 1, "without events": 0}


def test_provenance_counts_imported_outlets_as_datasets_not_articles(tmp_path):
    from tests.mixed_store import build_mixed_store

    mixed = build_mixed_store(tmp_path)
    assert query.summary(mixed) == (6, 5)  # the old caption: outlets counted as articles
    found = query.provenance_summary(mixed)
    assert (found.events, found.articles, found.article_events) == (6, 2, 2)
    assert (found.datasets, found.dataset_events) == (("ACLED", "GDELT"), 4)
    assert found.caption() == "6 events from 2 articles and 2 imported datasets (ACLED, GDELT)"
    only_acled = query.provenance_summary(mixed, Filters(sources=("24 Channel",)))
    assert only_acled.caption() == "2 events from 1 imported dataset (ACLED)"
    assert query.provenance_summary(Store(tmp_path / "none.duckdb")).caption() == (
        "0 events from 0 articles")


def test_source_lines_say_where_each_event_comes_from(tmp_path):
    from dashboard.app.views import provenance_markdown
    from tests.mixed_store import build_mixed_store

    mixed = build_mixed_store(tmp_path)
    lines = {row["event_id"]: rendered(provenance_markdown(row))
             for row in query.events(mixed).to_dict("records")}
    assert lines["acled:BOL100"] == "ACLED · source: 24 Channel"
    assert lines["gdelt:900001"] == (
        "GDELT · source: news.example.org · [link](https://news.example.org/bolivia-visit)")
    assert {line for line in lines.values() if "published" in line} == {
        "Sucre talks · Wire A · published 2022-03-05 · [link](https://a.example/1)",
        "Undated note · Wire B · published undated"}
