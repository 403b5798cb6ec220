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


# -- issue #9: serve binds to this machine; uploads only when asked for ----------------------
def test_serve_command_listens_on_localhost_by_default(tmp_path):
    from dashboard.cli import serve_command

    command, env = serve_command(tmp_path / "s.duckdb", 8501)
    at = command.index("--server.address")
    assert command[at + 1] == "127.0.0.1"
    assert "EVENTLINE_ALLOW_UPLOADS" not in env
    _, env = serve_command(tmp_path / "s.duckdb", 8501, allow_uploads=True)
    assert env["EVENTLINE_ALLOW_UPLOADS"] == "1"


def _serve(monkeypatch, tmp_path, *args: str):
    import dashboard.cli as cli

    ran = {}

    def execve(path, argv, env):
        ran.update(argv=argv, env=env)
        raise SystemExit(0)

    monkeypatch.setattr(cli.os, "execve", execve)
    monkeypatch.setattr(cli, "_port_taken", lambda host, port: False)  # whatever runs here
    monkeypatch.setenv("EVENTLINE_ALLOW_UPLOADS", "1")  # a stray variable turns nothing on
    result = CliRunner().invoke(main, ["serve", "--db", str(tmp_path / "s.duckdb"), *args])
    assert result.exit_code == 0, result.output
    return result, ran


def test_serve_warns_when_exposed_and_passes_uploads_on_only_when_asked(monkeypatch, tmp_path):
    quiet, ran = _serve(monkeypatch, tmp_path)
    assert "warning" not in quiet.stderr and "127.0.0.1" in ran["argv"]
    assert "EVENTLINE_ALLOW_UPLOADS" not in ran["env"]
    loud, ran = _serve(monkeypatch, tmp_path, "--host", "0.0.0.0", "--allow-uploads")
    assert "warning: listening on 0.0.0.0:8501 without authentication" in loud.stderr
    assert "add articles with the Ingest page" in loud.stderr
    assert ran["argv"][ran["argv"].index("--server.address") + 1] == "0.0.0.0"
    assert ran["env"]["EVENTLINE_ALLOW_UPLOADS"] == "1"


def test_extract_writes_whole_numbers_even_where_a_row_has_none(tmp_path):
    # one sentence is typed (quad_class 4), the other not: the column must not become 4.0
    path = tmp_path / "two.txt"
    path.write_text("Police arrested 12 protesters in Paris on Monday. The weather was mild "
                    "on Tuesday.\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["extract", str(path), "--published", "2025-02-18",
                                       "--format", "raw-csv"])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.output)))
    assert {row["quad_class"] for row in rows} == {"4", ""}
    assert all("." not in row["start"] for row in rows)


def test_an_ingest_that_reads_nothing_stores_nothing_and_says_so(tmp_path):
    result = CliRunner().invoke(main, ["ingest", str(tmp_path / "missing"), "--db",
                                       str(tmp_path / "s.duckdb")])
    assert result.exit_code != 0
    assert "nothing stored in" in result.output and "events stored" not in result.output
    assert not (tmp_path / "s.duckdb").exists()


def test_extract_reads_columns_named_with_map(tmp_path):
    path = tmp_path / "semi.csv"
    path.write_text('Texto;Fecha\n"Protesters marched in Paris on Monday.";2025-02-18\n',
                    encoding="utf-8")
    result = CliRunner().invoke(main, ["extract", str(path), "--map", "text=Texto",
                                       "--map", "published=Fecha", "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output.splitlines()[0])["date_start"] == "2025-02-17"
    bad = CliRunner().invoke(main, ["extract", str(path), "--map", "nonsense"])
    assert bad.exit_code != 0 and "expected FIELD=COLUMN" in bad.output


def test_serve_on_a_port_in_use_says_so_before_starting(tmp_path):
    import socket

    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = CliRunner().invoke(main, ["serve", "--db", str(tmp_path / "s.duckdb"),
                                           "--port", str(port)])
    assert result.exit_code != 0
    assert f"port {port} on 127.0.0.1 is in use" in result.output
    assert "Eventline on http" not in result.output


# -- issue #9: progress in bytes, and in order when not a terminal ---------------------------
def test_progress_moves_within_one_big_file(tmp_path):
    from dashboard import pipeline
    from dashboard.store import Store

    rows = [json.dumps({"text": f"Story number {n} about talks."}) for n in range(200)]
    path = tmp_path / "many.jsonl"
    path.write_text("\n".join(rows))
    steps: list[int] = []
    pipeline.ingest([path], Store(tmp_path / "s.duckdb"), on_progress=steps.append,
                    workers=1, extract=lambda a: [])
    assert len(steps) >= 200 and sum(steps) == path.stat().st_size
    assert sum(steps[:100]) < path.stat().st_size * 0.6  # not one jump from 0 to 100%


def test_ingesting_line_comes_before_the_summary_in_a_pipe(tmp_path):
    import subprocess
    import sys
    from pathlib import Path

    (tmp_path / "a.txt").write_text("Talks were held in Paris on 3 March 2024.")
    (tmp_path / "b.txt").write_text("")
    script = ("import sys; from dashboard import pipeline; "
              "pipeline.default_extractor = lambda a: []; "
              "from dashboard.cli import main; main()")
    out = subprocess.run(
        [sys.executable, "-c", script, "ingest", str(tmp_path), "--workers", "1",
         "--db", str(tmp_path / "s.duckdb")],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, check=True,
        cwd=Path(__file__).resolve().parents[1]).stdout.decode()
    lines = out.splitlines()
    assert lines[0].startswith("Ingesting"), out
    assert lines[1].startswith("2 files, 1 articles read"), out
    assert lines[2].startswith("skipped: ") and "b.txt: empty file" in lines[2], out


def test_a_bad_option_value_is_printed_escaped(tmp_path):
    result = CliRunner().invoke(main, ["ingest", str(tmp_path), "--max-size", "\x1b[2J"])
    assert result.exit_code == 2 and "\x1b" not in result.output and "\\x1b[2J" in result.output
