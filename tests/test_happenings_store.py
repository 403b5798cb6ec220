"""Happenings in the store: kept up to date on every write, incremental and equal to a
full run, ids stable, edited and replaced articles handled, old stores upgraded."""

from __future__ import annotations

import random
from datetime import date
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from dashboard.evaluation.story import story_files
from dashboard.happenings import build_happenings, mention_of
from dashboard.happenings import query as hq
from dashboard.happenings.keydates import key_dates
from dashboard.happenings.model import block_key
from dashboard.pipeline import IngestReport, extract_pairs, ingest, read_articles
from dashboard.query import Filters
from dashboard.store import BLOCK_SQL, IngestCounts, Store, load_mentions

STORIES = Path(__file__).resolve().parent / "data" / "stories"


def _write(path: Path, title: str, published: str, body: str, url: str) -> Path:
    path.write_text(f"---\ntitle: {title}\npublished: {published}\nsource: {path.stem}\n"
                    f"url: {url}\n---\n{body}\n", encoding="utf-8")
    return path


def _stored(store: Store) -> dict[str, tuple]:
    rows = store.query_rows("SELECT happening_id, event_ids, headline, date_start "
                            "FROM happenings")
    return {hid: (tuple(events), headline, day) for hid, events, headline, day in rows}


def _batch(files: list[Path]) -> dict[str, tuple]:
    pairs = list(extract_pairs(read_articles(files, IngestReport())))
    found = build_happenings(mention_of(e, a) for a, events in pairs for e in events)
    return {h.happening_id: (h.event_ids, h.headline, h.date_start) for h in found}


def _consistent(store: Store) -> None:
    """Every event in exactly one happening (these stories print no statement word for word
    on several days: see the page-furniture test); every happening has its members."""
    events = store.query_rows("SELECT count(*) FROM events")[0][0]
    members, orphans, missing = store.query_rows(
        "SELECT (SELECT count(*) FROM happening_members), "
        "(SELECT count(*) FROM happening_members m WHERE NOT EXISTS "
        " (SELECT 1 FROM events e WHERE e.event_id = m.event_id)), "
        "(SELECT count(*) FROM happenings h WHERE NOT EXISTS "
        " (SELECT 1 FROM happening_members m WHERE m.happening_id = h.happening_id))")[0]
    assert (members, orphans, missing) == (events, 0, 0)
    assert store.pending_happenings() == 0


def test_story_ingested_article_by_article_in_any_order_equals_a_full_run(tmp_path):
    files = story_files(STORIES / "lake-ferry") + story_files(STORIES / "trade-talks")
    expected = _batch(files)
    for seed in (1, 2):
        order = files[:]
        random.Random(seed).shuffle(order)
        store = Store(tmp_path / f"s{seed}.duckdb")
        for path in order:
            ingest([path], store, workers=1)
        assert _stored(store) == expected
        _consistent(store)


def test_article_added_later_joins_the_existing_happening_with_its_id(tmp_path):
    folder = STORIES / "lake-ferry"
    store = Store(tmp_path / "s.duckdb")
    ingest([folder / "01-eastafricawire.txt", folder / "05-continental.txt"], store, workers=1)

    def capsizing():
        rows = hq.happenings(store, Filters(text="capsized on lake victoria"))
        return rows[rows.date_start == "2025-03-08"].iloc[0]

    before = capsizing()
    ingest([folder / "02-kampalacourier.txt"], store, workers=1)  # published a day later
    after = capsizing()
    assert after.happening_id == before.happening_id
    assert after.articles == before.articles + 1
    assert "Kampala Courier" in list(after.outlets)


def test_ingesting_again_changes_nothing(tmp_path):
    store = Store(tmp_path / "s.duckdb")
    folder = STORIES / "quake-relief"
    ingest([folder], store, workers=1)
    first = _stored(store)
    report = ingest([folder], store, workers=1)
    assert report.articles_added == 0
    assert _stored(store) == first


def test_recomputing_every_happening_gives_the_same_ones(tmp_path):
    store = Store(tmp_path / "s.duckdb")
    ingest([STORIES / "quake-relief"], store, workers=1)
    first = _stored(store)
    with store.connect() as con:  # as a bulk SQL load leaves it: events without happenings
        con.execute("DELETE FROM happening_members")
        con.execute("DELETE FROM happenings")
    assert store.recompute_happenings() > 0
    assert _stored(store) == first
    _consistent(store)


def test_edited_article_replaces_its_happenings(tmp_path):
    one = _write(tmp_path / "wire.txt", "Talks open", "2025-05-13",
                 "MEXICO CITY — Canada's trade minister met Mexico's economy secretary on "
                 "Tuesday for talks on steel tariffs.", "https://example.org/talks")
    two = _write(tmp_path / "post.txt", "Steel talks", "2025-05-14",
                 "MEXICO CITY — Canadian and Mexican ministers held talks on steel tariffs on "
                 "Tuesday.", "https://example.org/post")
    store = Store(tmp_path / "s.duckdb")
    ingest([one, two], store, workers=1)
    tuesday = Filters(date_from=date(2025, 5, 13), date_to=date(2025, 5, 13),
                      date_sources=("relative",))
    assert hq.happenings(store, tuesday).articles.tolist() == [2]
    _write(one, "Talks open", "2025-05-13",
           "MEXICO CITY — Canada's trade minister met Mexico's economy secretary on "
           "Monday for talks on steel tariffs.", "https://example.org/talks")
    report = ingest([one], store, workers=1)
    assert report.articles_replaced == 1
    assert hq.happenings(store, tuesday).articles.tolist() == [1]
    monday = Filters(date_from=date(2025, 5, 12), date_to=date(2025, 5, 12),
                     date_sources=("relative",))
    assert hq.happenings(store, monday).articles.tolist() == [1]
    _consistent(store)
    assert _stored(store) == _batch([one, two])


def test_interrupted_refresh_is_finished_by_the_next_write(tmp_path):
    store = Store(tmp_path / "s.duckdb")
    pairs = list(extract_pairs(read_articles(story_files(STORIES / "ship-mutiny"),
                                             IngestReport())))
    store.add_batch(pairs, IngestCounts())  # a batch stored, then the process "dies"
    assert store.pending_happenings() > 0
    assert hq.pending(store) == store.pending_happenings()
    assert store.refresh_happenings(blocks_per_transaction=3) > 0  # several transactions
    _consistent(store)
    assert _stored(store) == _batch(story_files(STORIES / "ship-mutiny"))


def test_store_from_before_happenings_gets_them_on_open(tmp_path):
    path = tmp_path / "old.duckdb"
    store = Store(path)
    ingest([STORIES / "trade-talks"], store, workers=1)
    expected = _stored(store)
    con = duckdb.connect(str(path))
    for table in ("happenings", "happening_members", "happening_dirty"):
        con.execute(f"DROP TABLE {table}")
    con.execute("ALTER TABLE events DROP COLUMN country_inherited")
    con.close()
    reopened = Store(path)
    assert _stored(reopened) == expected  # upgraded on first read, happenings computed
    _consistent(reopened)


def test_block_sql_is_block_key(tmp_path):
    store = Store(tmp_path / "s.duckdb")
    ingest([STORIES / "port-attack-trial", STORIES / "taliban-japan"], store, workers=1)
    with store.connect(read_only=True) as con:
        mentions = load_mentions(con, "TRUE", [])
        in_sql = dict(con.execute(f"SELECT e.event_id, {BLOCK_SQL} FROM events e").fetchall())
    assert len(mentions) > 20
    assert {m.event_id: block_key(m) for m in mentions} == in_sql


@pytest.fixture(scope="module")
def ferry_store(tmp_path_factory):
    store = Store(tmp_path_factory.mktemp("ferry") / "s.duckdb")
    ingest([STORIES / "lake-ferry"], store, workers=1)
    return store


def test_query_filters(ferry_store):
    everything = hq.happenings(ferry_store)
    assert len(everything) == hq.count_happenings(ferry_store) > 10
    ugandan = hq.happenings(ferry_store, Filters(countries=("UGA",)))
    assert 0 < len(ugandan) <= len(everything)
    found = hq.happenings(ferry_store, Filters(text="manslaughter"))
    assert len(found) >= 1
    assert all(d is not None for d in found.date_start)
    outlet = hq.happenings(ferry_store, Filters(sources=("Kampala Courier",)))
    assert all("Kampala Courier" in list(o) for o in outlet.outlets)
    reported = hq.happenings(ferry_store, order="reported", limit=1)
    assert reported.articles.iloc[0] == everything.articles.max()


def test_context_is_what_lies_wholly_outside_the_window_most_reported_first(ferry_store):
    first, last = date(2025, 3, 8), date(2025, 3, 12)
    context = hq.context_of(ferry_store, Filters(), first, last, 2)
    assert not context.empty and len(context[context.date_end.dt.date < first]) <= 2
    assert all(e.date() < first or s.date() > last
               for s, e in zip(context.date_start, context.date_end, strict=True))
    assert set(context.date_source) <= {"explicit", "relative"}
    before = context[context.date_end.dt.date < first]
    assert before.date_start.dt.date.iloc[0] == date(2018, 11, 1)  # 2 articles: first
    assert hq.context_of(ferry_store, Filters(countries=("FRA",)), first, last, 2).empty


def test_members_of_a_happening(ferry_store):
    top = hq.happenings(ferry_store, order="reported", limit=1).iloc[0]
    members = hq.members(ferry_store, top.happening_id)
    assert sorted(members.event_id) == sorted(top.event_ids)
    assert members.text_dated.any()
    owners = hq.happening_of_events(ferry_store, list(members.event_id))
    assert set(owners.happening_id) == {top.happening_id}


@pytest.mark.parametrize("filters", [
    Filters(), Filters(countries=("UGA",)), Filters(text="ferry"), Filters(languages=("en",)),
    Filters(text="no such words anywhere")])
def test_story_summary_counts_the_filtered_happenings(ferry_store, filters):
    """Happenings, mentions and distinct articles, whether the filters read the members
    (a word, a language: one scan) or only the happenings table."""
    found = hq.happenings(ferry_store, filters)
    articles = {a for ids in found["article_ids"] for a in ids}
    assert hq.story_summary(ferry_store, filters) == (
        len(found), int(found["mentions"].sum()), len(articles))


def test_page_furniture_is_stored_as_events_and_counted_once_in_happenings(tmp_path):
    """A "related news" line printed under stories of four days: four events, one report."""
    line = "Havana airport will reopen to international flights on 15 November 2011."
    files = [_write(tmp_path / f"story{n}.md", f"Story {n}", f"2011-02-2{n}",
                    f"Fighting went on in Benghazi on {20 + n} February 2011.\n\n{line}",
                    f"https://example.org/{n}") for n in range(4)]
    store = Store(tmp_path / "f.duckdb")
    ingest(files, store, workers=1)
    assert store.query_rows("SELECT count(*) FROM events WHERE sentence LIKE 'Havana%'") == [(4,)]
    airport = [h for h in hq.happenings(store).itertuples() if h.headline.startswith("Havana")]
    assert [(h.articles, len(h.event_ids)) for h in airport] == [(1, 1)]
    assert store.pending_happenings() == 0
    assert _stored(store) == _batch(files)  # the store counts it as a full run does


def test_key_dates_in_sql_match_the_pure_ranking(ferry_store):
    with ferry_store.connect(read_only=True) as con:
        mentions = load_mentions(con, "TRUE", [])
    pure = key_dates(build_happenings(mentions), limit=40)
    sql = hq.key_dates(ferry_store, limit=40)
    assert [(r.date_start.date(), r.articles, r.kind) for r in sql.itertuples()] == [
        (k.date_start, k.articles, k.kind) for k in pure]
    assert any(k.planned for k in pure)  # "remanded until March 27": ties put plans last
    assert sql.label.iloc[0] == "8 March 2025"


@pytest.mark.parametrize("candidates", [1, 2, 5, None])  # None: the default start
@pytest.mark.parametrize("limit", [1, 3, 8, 40])
def test_key_dates_counted_from_few_candidates_are_exact(ferry_store, limit, candidates):
    """Only the periods whose bound can reach the top are counted; the ranking is the one
    counting every period, ties and publication fallbacks included."""
    for filters in (Filters(), Filters(countries=("UGA",)), Filters(text="ferry")):
        every = hq.key_dates(ferry_store, filters, limit=limit, candidates=10**6)
        few = hq.key_dates(ferry_store, filters, limit=limit, candidates=candidates)
        pd.testing.assert_frame_equal(few, every)


def test_imported_gdelt_rows_get_happenings(shared_data, tmp_path):
    from dashboard.importers.gdelt import import_gdelt

    store = Store(tmp_path / "g.duckdb")
    import_gdelt([shared_data / "gdelt" / "fixtures" / "v2_export_sample100.tsv"], store)
    events = store.query_rows("SELECT count(*) FROM events")[0][0]
    assert events == 100
    assert 0 < hq.count_happenings(store) <= events
    _consistent(store)


def test_the_story_rows_hold_the_first_values_of_each_list_as_python_lists(ferry_store):
    """The story's rows carry each list cut to its first eight values, as plain lists (the
    page caches them: one NumPy array per cell pickled several times slower)."""
    first, last = date(2025, 3, 1), date(2025, 3, 31)
    shown = hq.happenings_in(ferry_store, Filters(), first, last, 400)
    context = hq.context_of(ferry_store, Filters(), date(2025, 3, 8), date(2025, 3, 12), 2)
    full = hq.happenings(ferry_store).set_index("happening_id")
    assert not shown.empty and not context.empty
    for frame in (shown, context):
        for row in frame.itertuples():
            for name in ("actors", "countries", "places", "outlets"):
                value = getattr(row, name)
                assert isinstance(value, list), name
                assert value == list(full.loc[row.happening_id, name])[:8], name
