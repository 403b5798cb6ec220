import csv
import io
import json

from click.testing import CliRunner

from dashboard.cli import main


def _csv_rows(text: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))


def test_extract_seed_as_csv(seed_file):
    result = CliRunner().invoke(main, ["extract", str(seed_file), "--format", "csv"])
    assert result.exit_code == 0, result.output
    rows = _csv_rows(result.stdout)
    year = [r for r in rows if r["granularity"] == "year" and r["date_start"] == "2021-01-01"]
    assert year and year[0]["date_end"] == "2021-12-31"
    assert any("AFG" in r["countries"].split("; ") and "Taliban" in r["actors"] for r in year)
    monday = [r for r in rows if r["date_start"] == "2025-02-17"]
    assert any("JPN" in r["countries"] and "Yoshimasa Hayashi" in r["actors"] for r in monday)
    assert any("Nippon Zaidan" in r["actors"].split("; ") for r in rows)
    countries = {c for r in rows for c in r["countries"].split("; ") if c}
    assert {"JPN", "AFG"} <= countries
    for column in ("event_id", "article_id", "title", "published", "date_text", "date_source",
                   "event_code", "sentence", "start", "end"):
        assert column in rows[0]


def test_extract_jsonl_with_published_override(seed_file):
    result = CliRunner().invoke(
        main, ["extract", str(seed_file), "--published", "2025-02-25", "--format", "jsonl"]
    )
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert {r["published"] for r in rows} == {"2025-02-25"}
    assert isinstance(rows[0]["actors"], list)
    # "on Monday" now points at the Monday before 2025-02-25.
    assert any(r["date_start"] == "2025-02-24" for r in rows)


def test_extract_bad_date_names_value():
    result = CliRunner().invoke(main, ["extract", "x.txt", "--published", "17/02/2025"])
    assert result.exit_code == 2
    assert "17/02/2025" in result.output and "%Y-%m-%d" in result.output


def test_ingest_summary_idempotent_and_export(tmp_path, seed_file):
    db = tmp_path / "store.duckdb"
    runner = CliRunner()
    first = runner.invoke(main, ["ingest", str(seed_file.parent), "--db", str(db)])
    assert first.exit_code == 0, first.output
    assert "1 articles read: 1 new" in first.stdout
    again = runner.invoke(main, ["ingest", str(seed_file), "--db", str(db)])
    assert "0 new, 1 already stored; 0 events stored" in again.stdout

    everything = _csv_rows(runner.invoke(main, ["export", "--db", str(db)]).stdout)
    japan = runner.invoke(main, ["export", "--db", str(db), "--country", "jpn",
                                 "--format", "raw-csv"])
    rows = _csv_rows(japan.stdout)
    assert 0 < len(rows) < len(everything)
    assert all("JPN" in r["countries"].split("; ") for r in rows)

    out = tmp_path / "y2021.jsonl"
    result = runner.invoke(main, ["export", "--db", str(db), "--from", "2021-01-01",
                                  "--to", "2021-12-31", "--format", "jsonl", "-o", str(out)])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert rows and all(r["date_start"] <= "2021-12-31" <= r["date_end"] or
                        r["date_start"].startswith("2021") for r in rows)


def test_ingest_reports_skipped_and_fails_when_nothing_read(tmp_path):
    (tmp_path / "empty.txt").write_text("")
    result = CliRunner().invoke(
        main, ["ingest", str(tmp_path / "empty.txt"), str(tmp_path / "nope.md"),
               "--db", str(tmp_path / "s.duckdb")]
    )
    assert result.exit_code == 1
    assert "empty.txt: empty file" in result.output
    assert "nope.md: no such file" in result.output
    assert "no article could be read" in result.output


def test_export_rejects_bad_filters(tmp_path):
    runner = CliRunner()
    bad_country = runner.invoke(main, ["export", "--country", "Japan"])
    assert bad_country.exit_code == 2 and "'Japan'" in bad_country.output
    assert "ISO-3" in bad_country.output
    bad_type = runner.invoke(main, ["export", "--type", "99"])
    assert bad_type.exit_code == 2 and "01 to 20" in bad_type.output
    missing = runner.invoke(main, ["export", "--db", str(tmp_path / "none.duckdb")])
    assert missing.exit_code == 1 and "no store" in missing.output


def test_undated_article_keeps_relative_dates_unresolved(tmp_path):
    path = tmp_path / "undated.md"
    path.write_text("The minister visited Tokyo on Monday. The war began in 2021.\n")
    result = CliRunner().invoke(main, ["extract", str(path), "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    by_text = {r["date_text"]: r for r in rows}
    monday = next(r for t, r in by_text.items() if "Monday" in t)
    assert monday["date_start"] is None and monday["date_source"] == "unresolved"
    year = next(r for t, r in by_text.items() if "2021" in t)
    assert year["date_start"] == "2021-01-01" and year["date_source"] == "explicit"
