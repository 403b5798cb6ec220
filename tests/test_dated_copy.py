"""The same text read once without a publication date and once with one: the dated copy is the
one kept, whether both come in one batch or the dated one in a later run; "on Monday" is then
dated from its publication day."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner

from dashboard.cli import main
from dashboard.parquet_store import ParquetStore
from dashboard.pipeline import IngestReport, extract_pairs, read_articles
from dashboard.store import Store

TEXT = "OSLO — Norway's foreign minister met the delegation on Monday, officials said.\n"
DATED = f"---\ntitle: Talks in Oslo\npublished: 2025-02-18\nsource: Oslo Post\n---\n{TEXT}"


def _ingest(*paths: Path, db: Path):
    result = CliRunner().invoke(main, ["ingest", *map(str, paths), "--db", str(db),
                                       "--workers", "1"])
    assert result.exit_code == 0, result.output
    return result


def _stored(db: Path) -> list[tuple]:
    return Store(db).query_rows(
        "SELECT a.published, a.title, min(e.date_start), count(e.event_id) "
        "FROM articles a LEFT JOIN events e USING (article_id) GROUP BY ALL")


def _write(folder: Path) -> tuple[Path, Path]:
    (folder / "a").mkdir()
    (folder / "b").mkdir()
    undated, dated = folder / "a" / "talks.txt", folder / "b" / "talks.txt"
    undated.write_text(TEXT, encoding="utf-8")
    dated.write_text(DATED, encoding="utf-8")
    return undated, dated


def test_in_one_batch_the_dated_copy_is_kept(tmp_path):
    undated, dated = _write(tmp_path)
    result = _ingest(undated, dated, db=tmp_path / "s.duckdb")
    [(published, title, first_day, events)] = _stored(tmp_path / "s.duckdb")
    assert str(published) == "2025-02-18" and title == "Talks in Oslo"
    assert str(first_day) == "2025-02-17" and events >= 1  # "on Monday"
    assert "same text as" not in result.output
    assert "2 articles read: 1 new, 0 already stored" in result.output
    assert "1 articles without a publication date were replaced by a copy" in result.output


def test_a_later_run_dates_an_undated_stored_article_and_a_third_changes_nothing(tmp_path):
    undated, dated = _write(tmp_path)
    db = tmp_path / "s.duckdb"
    _ingest(undated, db=db)
    [(published, _, _, _)] = _stored(db)
    assert published is None
    _ingest(dated, db=db)
    [(published, _, first_day, _)] = _stored(db)
    assert str(published) == "2025-02-18" and str(first_day) == "2025-02-17"
    again = _ingest(undated, dated, db=db)
    assert "0 new, 2 already stored" in again.output and "replaced" not in again.output
    [(published, _, _, _)] = _stored(db)
    assert str(published) == "2025-02-18"


def test_an_undated_copy_never_replaces_a_dated_one(tmp_path):
    undated, dated = _write(tmp_path)
    db = tmp_path / "s.duckdb"
    result = _ingest(dated, undated, db=db)
    assert "same text as" in result.output
    _ingest(undated, db=db)
    [(published, title, _, _)] = _stored(db)
    assert str(published) == "2025-02-18" and title == "Talks in Oslo"


# -- the same rules in the Parquet store (``ingest --cluster ... --out``) ----------------------
def _pair(path: Path):
    [pair] = extract_pairs(read_articles([path], IngestReport()))
    return pair


def _rows(store) -> list[tuple]:
    return [tuple(map(str, row)) for row in store.query_rows(
        "SELECT a.published, a.title, e.date_start, e.sentence FROM articles a "
        "JOIN events e USING (article_id) ORDER BY e.event_id")]


@pytest.mark.parametrize("runs", [
    ["undated dated"],  # in one commit
    ["undated", "dated", "undated dated"],  # a later run dates it; a third changes nothing
    ["dated undated", "undated"],  # an undated copy never replaces a dated one
    ["undated undated", "dated dated"],
])
def test_the_parquet_store_keeps_the_dated_copy_as_the_duckdb_store_does(tmp_path, runs):
    undated, dated = _write(tmp_path)
    copies = {"undated": _pair(undated), "dated": _pair(dated)}
    duck, parquet = Store(tmp_path / "s.duckdb"), ParquetStore(tmp_path / "pq")
    for run in runs:
        pairs = [copies[name] for name in run.split()]
        # (the Parquet store's commit does not count the happening blocks it redid)
        assert parquet.add(pairs) == replace(duck.add(pairs), happening_blocks=0), run
    assert _rows(parquet) == _rows(duck)
    published = {row[0] for row in _rows(parquet)}
    assert published == ({"None"} if "dated" not in " ".join(runs).split() else {"2025-02-18"})
