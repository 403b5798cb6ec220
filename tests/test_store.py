from datetime import date

import pytest

from dashboard import query
from dashboard.query import Filters
from dashboard.store import Store, StoreError
from tests.helpers import two_articles


@pytest.fixture
def store(tmp_path):
    store = Store(tmp_path / "events.duckdb")
    store.add(two_articles())
    return store


def test_created_on_first_write_and_reads_create_nothing(tmp_path):
    store = Store(tmp_path / "sub" / "new.duckdb")
    assert store.is_empty() and query.events(store).empty  # a missing store reads as empty
    assert not (tmp_path / "sub").exists()  # ... without creating anything (read-only disks)
    store.add(two_articles())
    assert (tmp_path / "sub" / "new.duckdb").exists() and not store.is_empty()


def test_ingest_twice_changes_nothing(store):
    before = query.events(store)
    counts = store.add(two_articles())
    assert counts.articles_added == 0 and counts.events_added == 0
    assert counts.articles_unchanged == 2
    assert query.events(store).equals(before)


def test_event_rows_keep_lists_and_grain(store):
    frame = query.events(store)
    assert len(frame) == 3
    year = frame[frame["granularity"] == "year"].iloc[0]
    assert (year["date_start"].isoformat()[:10], year["date_end"].isoformat()[:10]) == (
        "2021-01-01", "2021-12-31")
    assert list(year["actors"]) == ["Taliban"]
    assert year["title"] == "Tokyo talks"


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        (Filters(), 3),
        (Filters(countries=("AFG",)), 2),
        (Filters(countries=("AFG", "JPN")), 3),
        (Filters(actors=("Taliban",), countries=("AFG",)), 2),
        (Filters(actors=("Yoshimasa Hayashi",), countries=("AFG",)), 0),
        (Filters(event_codes=("14",)), 1),
        (Filters(date_from=date(2021, 6, 1), date_to=date(2021, 6, 30)), 1),  # year overlaps
        (Filters(date_from=date(2025, 1, 1)), 1),
        (Filters(sources=("Wire B",)), 1),
        (Filters(date_sources=("relative",)), 1),
        (Filters(text="kabul"), 1),
        (Filters(text="100%_"), 0),
    ],
)
def test_filters(store, filters, expected):
    assert query.count_events(store, filters) == expected
    assert len(query.events(store, filters)) == expected


def test_facets_follow_filters(store):
    counts = query.facet_counts(store, "countries", Filters())
    assert dict(zip(counts["value"], counts["events"], strict=True)) == {"AFG": 2, "JPN": 1}
    counts = query.facet_counts(store, "actors", Filters(countries=("AFG",)))
    assert dict(zip(counts["value"], counts["events"], strict=True)) == {
        "Taliban": 2, "Protesters": 1}
    assert query.event_type_names(store) == {"04": "Consult", "19": "Fight", "14": "Protest"}
    assert query.date_bounds(store) == (date(2021, 1, 1), date(2025, 2, 17))


def test_not_a_store_names_the_file(tmp_path):
    path = tmp_path / "notes.duckdb"
    path.write_text("not a database")
    with pytest.raises(StoreError, match="notes.duckdb"):
        Store(path).is_empty()


def test_reads_in_a_kept_block_share_one_attachment_and_writers_never_wait(store):
    """The dashboard keeps the file attached while a page draws (``Store.kept_open``):
    reads inside answer as alone and attach it once; a write (this thread's or another's)
    detaches it instead of waiting for the block, and the next read sees the write; the
    file is released when the block ends."""
    import threading

    from dashboard import saved
    from dashboard.store import _gate

    gate = _gate(store.path)
    alone = query.summary(store), query.facet_counts(store, "actors").values.tolist()
    assert not gate._is_attached
    with store.kept_open():
        assert (query.summary(store),
                query.facet_counts(store, "actors").values.tolist()) == alone
        assert gate._is_attached  # kept between the reads
        store.add_note(saved.note(date(2025, 2, 17), None, "inside"))
        assert not gate._is_attached  # the writer let it go
        writer = threading.Thread(
            target=store.add_note, args=(saved.note(date(2025, 2, 18), None, "other"),))
        writer.start()
        writer.join(timeout=30)
        assert not writer.is_alive()  # another thread's write did not wait for the block
        assert query.notes(store)["text"].tolist() == ["inside", "other"]
        assert gate._is_attached
    assert not gate._is_attached
