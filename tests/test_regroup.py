"""`eventline regroup`: a store's happenings grouped again with this version's method."""

from __future__ import annotations

from click.testing import CliRunner

from dashboard.cli import main
from dashboard.paths import SAMPLE_ARTICLES
from dashboard.store import Store


def test_regroup_gives_back_the_happenings_an_older_version_left(tmp_path):
    db = tmp_path / "s.duckdb"
    runner = CliRunner()
    assert runner.invoke(main, ["ingest", str(SAMPLE_ARTICLES), "--db", str(db),
                                "--workers", "1"]).exit_code == 0
    store = Store(db)
    fresh = store.query("SELECT happening_id, headline FROM happenings ORDER BY 1")
    with store.connect(read_only=False) as con:  # as an older version might have left them
        con.execute("UPDATE happenings SET headline = 'stale'")
    result = runner.invoke(main, ["regroup", "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert f"{len(fresh)} happenings regrouped" in result.output
    again = store.query("SELECT happening_id, headline FROM happenings ORDER BY 1")
    assert again.equals(fresh) and "stale" not in set(again["headline"])


def test_regroup_rewrites_a_parquet_stores_happenings(tmp_path):
    from dashboard.parquet_store import ParquetStore, read_manifest
    from dashboard.pipeline import IngestReport, extract_pairs, read_articles

    pairs = list(extract_pairs(read_articles([SAMPLE_ARTICLES], IngestReport())))
    parquet = ParquetStore(tmp_path / "pq")
    parquet.add(pairs)
    sql = "SELECT happening_id, headline, mentions FROM happenings ORDER BY 1"
    fresh = parquet.query(sql)
    before = read_manifest(tmp_path / "pq")
    result = CliRunner().invoke(main, ["regroup", "--store", str(tmp_path / "pq")])
    assert result.exit_code == 0, result.output
    assert f"{len(fresh)} happenings regrouped" in result.output
    after = read_manifest(tmp_path / "pq")
    assert after.generation == before.generation + 1  # written anew, in one commit
    assert set(after.listed("happenings")).isdisjoint(before.listed("happenings"))
    assert ParquetStore(tmp_path / "pq").query(sql).equals(fresh)


def test_regroup_names_a_missing_store(tmp_path):
    result = CliRunner().invoke(main, ["regroup", "--db", str(tmp_path / "none.duckdb")])
    assert result.exit_code != 0 and "no store at" in result.output
