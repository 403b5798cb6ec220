"""The happenings of a Parquet store, kept up to date block by block: an append, an edit and a
rerun leave exactly what one ingest of the same articles gives, and however the blocks are
cut into groups (one per Dask task), the groups together give the whole."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from dashboard.parquet_happenings import idle_blocks, members_of_blocks, split_blocks
from dashboard.parquet_store import ParquetStore, read_manifest
from dashboard.pipeline import ingest_paths
from dashboard.store import BLOCK_SQL

STORIES = Path(__file__).resolve().parent / "data" / "stories"


def _story_files(folder: Path) -> list[Path]:
    """Every tuning story's reports, copied into ``folder`` (so a test may edit one)."""
    folder.mkdir(parents=True, exist_ok=True)
    copies = []
    for path in sorted(STORIES.glob("*/*.txt")):
        copy = folder / f"{path.parent.name}-{path.name}"
        copy.write_bytes(path.read_bytes())
        copies.append(copy)
    return copies


def _tables(store: ParquetStore) -> tuple[pd.DataFrame, pd.DataFrame]:
    return (store.query("SELECT * FROM happenings ORDER BY happening_id"),
            store.query("SELECT * FROM happening_members ORDER BY event_id"))


def _assert_same_happenings(ours: ParquetStore, theirs: ParquetStore) -> None:
    for mine, expected in zip(_tables(ours), _tables(theirs), strict=True):
        pd.testing.assert_frame_equal(mine, expected)


@pytest.fixture(scope="module")
def whole(tmp_path_factory) -> tuple[list[Path], ParquetStore]:
    """Every story's reports ingested at once."""
    folder = tmp_path_factory.mktemp("stories")
    files = _story_files(folder / "files")
    store = ParquetStore(folder / "once")
    ingest_paths(files, store)
    assert len(_tables(store)[0]) > 30
    return files, store


@pytest.mark.parametrize("later_first", [False, True])
def test_an_append_in_two_batches_gives_the_happenings_of_one_ingest(whole, tmp_path,
                                                                     later_first):
    files, once = whole
    twice = ParquetStore(tmp_path / "twice")
    # Every other report of each story in each batch, so the second batch regroups blocks
    # the first wrote. Later reports first: their undated statements, stored as reported
    # happenings of their publication days, must then move to the text-dated happenings
    # the earlier reports bring (the publication days that depend on a new day).
    batches = (files[1::2], files[::2]) if later_first else (files[::2], files[1::2])
    first = ingest_paths(batches[0], twice)
    second = ingest_paths(batches[1], twice)
    assert first.articles_added and second.articles_added
    _assert_same_happenings(twice, once)
    listed = read_manifest(twice.path).files
    again = ingest_paths(files, twice)  # a rerun adds nothing and leaves every file
    assert again.articles_added == 0 and again.events_stored == 0
    assert read_manifest(twice.path).files == listed
    _assert_same_happenings(twice, once)


def test_an_edited_report_leaves_the_happenings_of_a_fresh_ingest(whole, tmp_path):
    files, _ = whole
    copies = _story_files(tmp_path / "files")
    edited = ParquetStore(tmp_path / "edited")
    ingest_paths(copies, edited)
    # The report loses its second half: its old events leave their happenings.
    target = copies[1]
    paragraphs = target.read_text(encoding="utf-8").split("\n\n")
    assert len(paragraphs) > 3
    target.write_text("\n\n".join(paragraphs[:len(paragraphs) // 2]), encoding="utf-8")
    report = ingest_paths([target], edited)
    assert report.articles_replaced == 1
    fresh = ParquetStore(tmp_path / "fresh")
    ingest_paths(copies, fresh)
    _assert_same_happenings(edited, fresh)


@pytest.mark.parametrize("parts", [2, 3, 7])
def test_any_cut_of_the_blocks_into_groups_gives_the_whole(whole, parts):
    _, store = whole
    manifest = read_manifest(store.path)
    weights = dict(store.query_rows(f"SELECT {BLOCK_SQL}, count(*) FROM events e GROUP BY 1"))
    job = (str(store.path), manifest.listed("events"), manifest.listed("articles"))
    groups = split_blocks(weights, parts)
    assert len(groups) == parts
    assert sorted(block for group in groups for block in group) == sorted(weights)
    results = [members_of_blocks(*job, group, idle_blocks(group, weights)) for group in groups]
    cut = sorted(row for members, _ in results for row in members)
    members, records = members_of_blocks(*job, sorted(weights), idle_blocks(weights, weights))
    assert cut == sorted(members)
    stored = store.query_rows("SELECT event_id, happening_id, block FROM happening_members")
    assert cut == sorted(stored)
    # The records a group could write whole are those of one run over every block.
    whole_records = {row["happening_id"]: row for row in records}
    assert len(whole_records) == len(set(hid for _, hid, _ in stored))
    summarised = [row for _, rows in results for row in rows]
    assert summarised and len({row["happening_id"] for row in summarised}) == len(summarised)
    assert all(row == whole_records[row["happening_id"]] for row in summarised)


def test_groups_are_runs_of_neighbouring_days_of_about_equal_weight():
    weights = {"p:2025-03-09": 4, "t:day:2025-03-08:2025-03-08": 4, "u:a1": 4,
               "t:year:2025-01-01:2025-12-31": 4, "t:day:2025-03-10:2025-03-10": 4,
               "p:2025-03-11": 4}
    assert split_blocks(weights, 3) == [
        ["t:year:2025-01-01:2025-12-31", "t:day:2025-03-08:2025-03-08"],
        ["p:2025-03-09", "t:day:2025-03-10:2025-03-10"],
        ["p:2025-03-11", "u:a1"]]
    assert len(split_blocks(weights, 1)) == 1
    assert [len(group) for group in split_blocks(weights, 10)] == [1] * 6
    assert split_blocks({}, 4) == []
