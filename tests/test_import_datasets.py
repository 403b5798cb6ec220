"""GDELT and ACLED imports: real samples, provenance, idempotence and the query layer."""

from __future__ import annotations

import csv
import gzip
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from dashboard import query
from dashboard.importers.acled import cameo_root, import_acled
from dashboard.importers.common import fips_to_iso3, numeric_to_iso3
from dashboard.importers.gdelt import import_gdelt
from dashboard.query import Filters
from dashboard.store import Store


@pytest.fixture
def gdelt(shared_data: Path) -> Path:
    return shared_data / "gdelt"


@pytest.fixture
def acled_sample(shared_data: Path, tmp_path: Path) -> Path:
    """The first 60 rows of the real ACLED file, kept compressed as ACLED ships it."""
    source = shared_data / "acled" / "acled_global_2022H1_9000.csv.gz"
    with gzip.open(source, "rt", encoding="utf-8", newline="") as handle:
        lines = [next(handle) for _ in range(61)]
    path = tmp_path / "acled.csv.gz"
    with gzip.open(path, "wt", encoding="utf-8", newline="") as out:
        out.writelines(lines)
    return path


def test_lookup_tables():
    assert (fips_to_iso3()["GG"], fips_to_iso3()["UP"], fips_to_iso3()["UK"]) == (
        "GEO", "UKR", "GBR")
    assert (numeric_to_iso3()["268"], numeric_to_iso3()["68"]) == ("GEO", "BOL")


def test_gdelt_versions_and_fields(gdelt: Path, tmp_path: Path):
    store = Store(tmp_path / "g.duckdb")
    report = import_gdelt([gdelt / "fixtures" / "v1_export_sample100_57and58cols.tsv",
                           gdelt / "fixtures" / "v2_export_sample100.tsv"], store)
    assert (report.rows_read, report.events_added, report.problems) == (200, 200, [])
    frame = query.events(store).set_index("event_id")
    v2 = frame.loc["gdelt:410412347"]
    assert (v2["date_start"].date(), v2["granularity"], v2["event_code"], v2["quad_class"]) == (
        date(2014, 2, 18), "day", "04", 1)
    assert list(v2["countries"]) == ["ZAF"]  # ActionGeo "SF" is FIPS for South Africa
    assert v2["url"].startswith("http://www.dailymaverick.co.za/")
    assert (v2["source"], v2["origin"], v2["target_actor"]) == (
        "dailymaverick.co.za", "gdelt", "PRESIDENT")
    v1 = frame.loc["gdelt:253461011"]  # 58 columns; SOURCEURL names a source, not a URL
    assert list(v1["countries"]) == ["AFG", "DZA"]
    assert (v1["title"], v1["url"], v1["source"]) == ("BBC Monitoring", "", "BBC Monitoring")
    extra = store.query_rows(
        "SELECT origin_id, origin_type, goldstein FROM events WHERE event_id = 'gdelt:253461011'")
    assert extra == [("253461011", "043", 2.8)]


def test_gdelt_bad_rows_reported(tmp_path: Path):
    path = tmp_path / "bad.tsv"
    good = ["1", "20200102"] + [""] * 24 + ["190", "190", "19", "4", "-10"] + [""] * 25 + [
        "20200103", "https://example.org/x"]
    bad_date = ["2", "20201340"] + good[2:]
    path.write_text("\n".join(["\t".join(good), "only\tthree\tcells", "\t".join(bad_date)]),
                    encoding="utf-8")
    report = import_gdelt([path, tmp_path / "none.tsv"], Store(tmp_path / "s.duckdb"))
    assert report.rows_read == 1
    assert [str(p).replace(str(tmp_path), "TMP") for p in report.problems] == [
        "TMP/bad.tsv:2: row has 3 columns; expected 57 or 58 (GDELT 1.0) or 61 (GDELT 2.0), "
        "tab-separated",
        "TMP/bad.tsv:3: SQLDATE '20201340' is not a date; expected YYYYMMDD",
        "TMP/none.tsv: no such file",
    ]


def test_import_twice_adds_nothing_and_keeps_provenance_counts(gdelt: Path, tmp_path: Path):
    store = Store(tmp_path / "g.duckdb")
    files = [gdelt / "fixtures" / "v2_export_sample100.tsv"]
    import_gdelt(files, store)
    before = store.query_rows("SELECT * FROM events ORDER BY event_id")
    again = import_gdelt(files, store)
    assert (again.events_added, again.events_replaced, again.sources_added) == (0, 100, 0)
    assert store.query_rows("SELECT * FROM events ORDER BY event_id") == before
    mismatched = store.query_rows(
        "SELECT count(*) FROM articles a WHERE event_count <> "
        "(SELECT count(*) FROM events e WHERE e.article_id = a.article_id)")
    assert mismatched == [(0,)]
    assert store.query_rows("SELECT DISTINCT origin FROM articles") == [("gdelt",)]


def test_acled_rows_mapped_to_cameo(acled_sample: Path, tmp_path: Path):
    store = Store(tmp_path / "a.duckdb")
    report = import_acled([acled_sample], store)
    assert (report.rows_read, report.problems) == (60, [])
    frame = query.events(store).set_index("event_id")
    row = frame.loc["acled:UGA7752"]  # Riots / Mob violence, one fatality
    assert (row["event_code"], row["event_name"], row["quad_class"]) == ("18", "Assault", 4)
    assert list(row["countries"]) == ["UGA"] and row["source"] == "URN (Uganda)"
    assert row["sentence"].startswith("On 23 February 2022, a group of locals")
    assert store.query_rows("SELECT fatalities, origin_type FROM events "
                            "WHERE event_id = 'acled:UGA7752'") == [(1, "Riots: Mob violence")]
    assert query.count_events(store, Filters(countries=("BOL",), event_codes=("14",))) >= 1


def test_every_acled_category_has_a_documented_root(shared_data: Path):
    path = shared_data / "acled" / "acled_event_categories.csv"
    with path.open(encoding="utf-8") as handle:
        pairs = [(r["event_type"], r["sub_event_type"]) for r in csv.DictReader(handle)]
    codes = {pair: cameo_root(*pair) for pair in pairs}
    assert {codes[("Protests", "Peaceful protest")], codes[("Riots", "Violent demonstration")]} \
        == {"14"}
    assert codes[("Battles", "Armed clash")] == "19"
    assert codes[("Explosions/Remote violence", "Air/drone strike")] == "19"
    assert codes[("Violence against civilians", "Attack")] == "18"
    assert codes[("Strategic developments", "Arrests")] == "17"
    unmapped = sorted(sub for (kind, sub), code in codes.items() if not code)
    assert unmapped == ["Change to group/activity", "Other"]


def test_import_cli(gdelt: Path, acled_sample: Path, tmp_path: Path):
    from dashboard.cli import main

    db = tmp_path / "cli.duckdb"
    runner = CliRunner()
    first = runner.invoke(main, ["import", "gdelt", str(gdelt / "fixtures" /
                                                         "v2_export_sample100.tsv"),
                                 "--db", str(db)])
    assert first.exit_code == 0, first.output
    assert first.stdout.startswith("1 files, 100 GDELT rows read: 100 new events, 0 updated")
    second = runner.invoke(main, ["import", "acled", str(acled_sample), "--db", str(db)])
    assert "60 ACLED rows read: 60 new events" in second.stdout
    none = runner.invoke(main, ["import", "acled", str(tmp_path / "nothing.csv"), "--db",
                                str(db)])
    assert none.exit_code == 1 and "no such file" in none.output
    counts = Store(db).query_rows("SELECT origin, count(*) FROM events GROUP BY 1 ORDER BY 1")
    assert counts == [("acled", 60), ("gdelt", 100)]


def test_acled_older_date_format_and_week_precision(tmp_path: Path):
    path = tmp_path / "acled.csv"
    path.write_text(
        "event_id_cnty,event_date,time_precision,event_type,sub_event_type,actor1,actor2,"
        "iso,country,location,latitude,longitude,source,notes,fatalities\n"
        "XYZ1,23 February 2022,2,Protests,Peaceful protest,Protesters (Georgia),,268,Georgia,"
        "Tbilisi,41.7,44.8,Civil.ge,Protesters rallied in Tbilisi.,0\n"
        "XYZ2,31 February 2022,1,Battles,Armed clash,A,B,268,Georgia,Gori,42,44,X,Clash.,2\n",
        encoding="utf-8")
    store = Store(tmp_path / "s.duckdb")
    report = import_acled([path], store)
    assert [str(p).replace(str(tmp_path), "TMP") for p in report.problems] == [
        "TMP/acled.csv:3: event_date '31 February 2022' is not a date; expected YYYY-MM-DD or "
        "23 February 2022"]
    rows = store.query_rows("SELECT date_start, date_end, granularity, countries, event_code "
                            "FROM events")
    assert rows == [(date(2022, 2, 20), date(2022, 2, 26), "week", ["GEO"], "14")]


def test_a_gdelt_row_without_an_event_code_reads_as_untyped(tmp_path: Path):
    from tests.mixed_store import GDELT_LINES

    path = tmp_path / "rows.tsv"
    path.write_text("\n".join(GDELT_LINES) + "\n", encoding="utf-8")
    store = Store(tmp_path / "s.duckdb")
    import_gdelt([path], store)
    (sentence,), = store.query_rows(
        "SELECT sentence FROM events WHERE coalesce(event_code, '') = ''")
    assert sentence.startswith("(unnamed actor): an event of no stated type")
    assert sentence.endswith("(GDELT)") and "CAMEO" not in sentence
