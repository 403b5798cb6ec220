"""The Parquet store: the same rows and answers as the DuckDB file, idempotent commits,
edits that replace older versions, saved views and notes, and what a killed writer leaves."""

from __future__ import annotations

import io
import json
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from dashboard import export, query
from dashboard.models import Article
from dashboard.parquet_store import (
    MANIFEST,
    STAGING,
    ParquetStore,
    ParquetStoreError,
    convert_duckdb,
    read_manifest,
    staging,
    write_stage,
)
from dashboard.pipeline import ingest_paths
from dashboard.saved import note, view
from dashboard.store import Store
from tests.helpers import geo_articles, make_event, two_articles, undated_article
from tests.test_pipeline_workers import word_events


def _pairs():
    return [*geo_articles(), *undated_article()]


def _both(tmp_path: Path, pairs=None) -> tuple[Store, ParquetStore]:
    pairs = pairs if pairs is not None else _pairs()
    duck, parquet = Store(tmp_path / "s.duckdb"), ParquetStore(tmp_path / "pq")
    duck.add(pairs)
    parquet.add(pairs)
    return duck, parquet


def _sorted(frame: pd.DataFrame, key: str) -> pd.DataFrame:
    return frame.sort_values(key, ignore_index=True)


def test_rows_are_the_duckdb_stores(tmp_path):
    duck, parquet = _both(tmp_path)
    pd.testing.assert_frame_equal(_sorted(query.events(parquet), "event_id"),
                                  _sorted(query.events(duck), "event_id"))
    pd.testing.assert_frame_equal(parquet.articles(), duck.articles())
    assert query.summary(parquet) == query.summary(duck) == (4, 3)


def test_partitions_by_month_and_batch_with_undated_apart(tmp_path):
    _, parquet = _both(tmp_path)
    manifest = read_manifest(parquet.path)
    months = sorted({p.split("/")[1] for p in manifest.listed("events")})
    assert months == ["month=2021-01", "month=2024-06", "month=2025-02", "month=undated"]
    assert all(p.split("/")[2].startswith("batch=") for p in manifest.listed("events"))
    articles = sorted({p.split("/")[1] for p in manifest.listed("articles")})
    assert articles == ["month=2024-06", "month=2025-02", "month=undated"]
    assert all((parquet.path / p).is_file() for p in manifest.all_files())


def test_a_rerun_adds_nothing_and_leaves_the_manifest(tmp_path):
    _, parquet = _both(tmp_path)
    before = (parquet.path / MANIFEST).read_bytes()
    counts = parquet.add(_pairs())
    assert (counts.articles_added, counts.articles_unchanged, counts.events_added) == (0, 3, 0)
    assert (parquet.path / MANIFEST).read_bytes() == before
    assert query.count_events(parquet) == 4


def _story(tmp_path: Path, body: str, title: str) -> None:
    (tmp_path / "in").mkdir(exist_ok=True)
    (tmp_path / "in" / "story.txt").write_text(
        f"---\ntitle: {title}\npublished: 2024-05-01\n---\n{body}\n", encoding="utf-8")
    (tmp_path / "in" / "other.txt").write_text(
        "---\ntitle: Other news\npublished: 2024-05-01\n---\nMarkets were calm.\n",
        encoding="utf-8")


def test_an_edited_article_replaces_its_older_version_as_in_duckdb(tmp_path):
    duck, parquet = Store(tmp_path / "s.duckdb"), ParquetStore(tmp_path / "pq")
    _story(tmp_path, "Talks opened in Rome.", "Talks open")
    for store in (duck, parquet):
        first = ingest_paths([tmp_path / "in"], store, workers=1, extract=word_events)
        assert (first.articles_added, first.events_stored) == (2, 4)
    _story(tmp_path, "Talks opened in Rome, and resumed.", "Talks open again today")
    for store in (duck, parquet):
        second = ingest_paths([tmp_path / "in"], store, workers=1, extract=word_events)
        assert (second.articles_added, second.articles_replaced,
                second.articles_unchanged) == (1, 1, 1)
    sql = ("SELECT a.title, count(*) FROM events e JOIN articles a USING (article_id) "
           "GROUP BY 1 ORDER BY 1")
    assert parquet.query_rows(sql) == duck.query_rows(sql) == [
        ("Other news", 2), ("Talks open again today", 4)]
    # The rollup of the older batch was rebuilt without the replaced article's events.
    assert parquet.query_rows("SELECT sum(events) FROM rollup")[0][0] == 6
    assert query.count_events(parquet, query.Filters(date_sources=("publication",))) == \
        query.count_events(duck, query.Filters(date_sources=("publication",)))
    # Replaced files are gone from the folder, not only from the manifest.
    listed = read_manifest(parquet.path).all_files()
    on_disk = {p.relative_to(parquet.path).as_posix()
               for p in parquet.path.rglob("*.parquet")}
    assert on_disk == listed


def test_views_and_notes_on_a_parquet_store(tmp_path):
    _, parquet = _both(tmp_path)
    assert parquet.save_view(view("Kabul", "map", {"countries": ["AFG"]})) is False
    assert parquet.save_view(view("Kabul", "timeline", {"countries": ["AFG", "JPN"]})) is True
    assert parquet.save_view(view("Tokyo", "timeline", {"countries": ["JPN"]})) is False
    saved = query.saved_views(parquet)
    assert [(v.name, v.page, v.filters) for v in saved] == [
        ("Kabul", "timeline", {"countries": ["AFG", "JPN"]}),
        ("Tokyo", "timeline", {"countries": ["JPN"]})]
    assert parquet.delete_view("Tokyo") is True and parquet.delete_view("Tokyo") is False
    first = note(date(2024, 6, 1), None, "Protest day", "ana")
    parquet.add_note(first)
    parquet.add_note(note(date(2025, 2, 1), date(2025, 2, 28), "Talks month"))
    found = query.notes(parquet, date(2024, 1, 1), date(2024, 12, 31))
    assert found["text"].tolist() == ["Protest day"]
    assert parquet.delete_note(first.note_id) is True
    assert query.notes(parquet)["text"].tolist() == ["Talks month"]
    # One file per table: replaced whole, the old one removed.
    assert len(list((parquet.path / "records").glob("views-*.parquet"))) == 1


def test_a_killed_writers_files_are_removed_and_never_read(tmp_path):
    _, parquet = _both(tmp_path)
    # A commit killed after moving a file into a partition, before the manifest swap:
    stray = parquet.path / "events" / "month=2030-01" / "batch=x" / "part-x-0.parquet"
    stray.parent.mkdir(parents=True)
    stray.write_bytes(b"half a file")
    # ... and an ingest killed while staging (its owner lock is gone with it).
    dead = parquet.path / STAGING / "20000101T000000-dead00" / "articles"
    dead.mkdir(parents=True)
    (dead / "task-000000000.parquet").write_bytes(b"partial")
    assert query.count_events(parquet) == 4  # readers only read what the manifest lists
    parquet.add(two_articles())  # the next commit clears both
    assert not stray.exists() and not dead.parent.exists()
    assert query.count_events(parquet) == 4


def test_staged_files_are_written_whole_under_a_temporary_name(tmp_path, monkeypatch):
    store = ParquetStore(tmp_path / "pq")
    written: list[str] = []
    import dashboard.parquet_store as module

    real = module.os.replace

    def spy(source, target):
        written.append(Path(source).name)
        return real(source, target)

    monkeypatch.setattr(module.os, "replace", spy)
    with staging(store.path) as batch:
        write_stage(batch.folder, 0, two_articles())
    assert written[:2] and all(name.endswith(".tmp") for name in written[:2])


def test_a_folder_with_other_files_is_refused(tmp_path):
    (tmp_path / "mine.txt").write_text("not a store", encoding="utf-8")
    with pytest.raises(ParquetStoreError, match="not an Eventline Parquet store"):
        ParquetStore(tmp_path).add(two_articles())
    assert (tmp_path / "mine.txt").exists()


def test_a_repeat_within_one_call_is_stored_once(tmp_path):
    pairs = two_articles()
    counts = ParquetStore(tmp_path / "pq").add([*pairs, pairs[0]])
    assert (counts.articles_added, counts.articles_unchanged, counts.events_added) == (2, 1, 3)


def test_convert_copies_a_duckdb_store(tmp_path):
    duck = Store(tmp_path / "s.duckdb")
    duck.add(_pairs())
    duck.save_view(view("Kabul", "map", {"countries": ["AFG"]}))
    counts = convert_duckdb(duck.path, tmp_path / "pq")
    parquet = ParquetStore(tmp_path / "pq")
    assert (counts.articles_added, counts.events_added) == (3, 4)
    pd.testing.assert_frame_equal(_sorted(query.events(parquet), "event_id"),
                                  _sorted(query.events(duck), "event_id"))
    assert [v.name for v in query.saved_views(parquet)] == ["Kabul"]
    with pytest.raises(ParquetStoreError, match="already holds a store"):
        convert_duckdb(duck.path, tmp_path / "pq")


def test_an_empty_or_missing_store_reads_as_empty(tmp_path):
    store = ParquetStore(tmp_path / "none")
    assert store.is_empty()
    assert query.summary(store) == (0, 0)
    assert query.events(store).empty and list(query.events(store).columns)
    assert query.saved_views(store) == []


@pytest.mark.parametrize("fmt", ["csv", "raw-csv", "jsonl", "parquet"])
def test_streamed_exports_equal_whole_ones(tmp_path, fmt):
    formula = Article(text="=HYPERLINK(1) said the minister.", title="+cmd",
                      published=date(2024, 6, 3), source="@wire")
    pairs = [*_pairs(), (formula, [make_event(formula, 0, date(2024, 6, 2), date(2024, 6, 2),
                                              sentence="=HYPERLINK(1) said the minister.",
                                              actors=("-Minister",))])]
    duck, parquet = _both(tmp_path, pairs)
    whole = export.write(query.events(duck), fmt)
    for store in (duck, parquet):
        frame = query.events(store)
        chunks = [frame.iloc[:2], frame.iloc[2:3], frame.iloc[3:]]  # several chunks
        out = io.BytesIO()
        assert export.write_chunks(iter(chunks), fmt, out) == len(frame) == 5
        if fmt == "parquet":
            pd.testing.assert_frame_equal(pd.read_parquet(io.BytesIO(out.getvalue())),
                                          pd.read_parquet(io.BytesIO(whole)))
        else:
            assert out.getvalue() == whole
        streamed = io.BytesIO()
        export.write_chunks(query.event_chunks(store), fmt, streamed)
        if fmt != "parquet":
            assert streamed.getvalue() == whole
    if fmt == "csv":
        text = whole.decode("utf-8")
        assert "\"'=HYPERLINK(1) said the minister.\"" in text and "\"'+cmd\"" in text
        assert "\"'@wire\"" in text and "\"'-Minister\"" in text


def test_streaming_an_empty_result_writes_the_header(tmp_path):
    store = ParquetStore(tmp_path / "pq")
    out = io.BytesIO()
    assert export.write_chunks(query.event_chunks(store), "csv", out) == 0
    assert out.getvalue().decode("utf-8").lstrip("\ufeff").startswith('"event_id"')


def test_the_manifest_names_its_format(tmp_path):
    _, parquet = _both(tmp_path)
    document = json.loads((parquet.path / MANIFEST).read_text(encoding="utf-8"))
    assert document["format"] == "eventline-parquet" and document["version"] == 1
    (parquet.path / MANIFEST).write_text('{"format": "other"}', encoding="utf-8")
    with pytest.raises(ParquetStoreError, match="not an Eventline Parquet store manifest"):
        query.summary(ParquetStore(parquet.path))


STORY = Path(__file__).resolve().parent / "data" / "stories" / "lake-ferry"


def _happening_tables(store) -> tuple[pd.DataFrame, pd.DataFrame]:
    from dashboard.happenings import query as happening_query

    return (_sorted(happening_query.happenings(store), "happening_id"),
            _sorted(store.query("SELECT * FROM happening_members"), "event_id"))


def test_happenings_are_the_duckdb_stores_batch_after_batch(tmp_path):
    """Two ingests into each store (the second adds later reports of the same story):
    the same happenings, ids, members and key dates."""
    from dashboard.happenings import query as happening_query

    files = sorted(STORY.glob("*.txt"))
    duck, parquet = Store(tmp_path / "s.duckdb"), ParquetStore(tmp_path / "pq")
    for part in (files[:3], files[3:]):
        ingest_paths(part, duck)
        ingest_paths(part, parquet)
    (d_happenings, d_members), (p_happenings, p_members) = (
        _happening_tables(duck), _happening_tables(parquet))
    assert len(d_happenings) > 10
    pd.testing.assert_frame_equal(p_happenings, d_happenings)
    pd.testing.assert_frame_equal(p_members, d_members)
    pd.testing.assert_frame_equal(happening_query.key_dates(parquet),
                                  happening_query.key_dates(duck))


def test_convert_copies_the_happenings(tmp_path):
    duck = Store(tmp_path / "s.duckdb")
    ingest_paths(sorted(STORY.glob("*.txt")), duck)
    convert_duckdb(duck.path, tmp_path / "pq")
    parquet = ParquetStore(tmp_path / "pq")
    for ours, theirs in zip(_happening_tables(parquet), _happening_tables(duck), strict=True):
        pd.testing.assert_frame_equal(ours, theirs)
