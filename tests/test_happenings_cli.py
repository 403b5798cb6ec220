"""`eventline happenings`, `eventline export --happenings`, `eventline key-dates` in-process,
and the happenings writers (JSON Lines fields, formula-safe CSV, TimelineJS)."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

from dashboard.cli import main
from dashboard.export import happenings_timelinejs
from dashboard.happenings import build_happenings
from dashboard.happenings.frame import happenings_frame
from dashboard.pipeline import ingest
from dashboard.schema import HAPPENING_EXPORT_COLUMNS
from dashboard.store import Store
from tests.happening_helpers import mention

STORIES = Path(__file__).resolve().parent / "data" / "stories"
FERRY = sorted(str(p) for p in (STORIES / "lake-ferry").glob("*.txt"))


def _run(*args: str):
    result = CliRunner().invoke(main, list(args))
    assert result.exit_code == 0, result.output
    return result.output


def test_happenings_jsonl_has_exactly_the_fields_and_lists_are_lists():
    rows = [json.loads(line) for line in _run("happenings", *FERRY, "--format",
                                              "jsonl").splitlines()]
    assert rows
    for row in rows:
        assert list(row) == list(HAPPENING_EXPORT_COLUMNS)
        for name in ("actors", "countries", "places", "article_ids", "titles", "event_ids"):
            assert isinstance(row[name], list)
        assert len(row["titles"]) == len(row["article_ids"]) == row["articles"]
        assert len(row["event_ids"]) == row["mentions"]
        assert len(row["headline"]) < 90
    capsized = [r for r in rows if r["date_start"] == "2025-03-08"
                and r["date_source"] != "publication"]
    assert max(r["articles"] for r in capsized) >= 4
    assert all(r["first_reported"] for r in rows)
    assert any(r["places"] == [] for r in rows)  # an empty list stays a list, not null


def test_happenings_csv_is_formula_safe_and_joins_lists(tmp_path):
    article = tmp_path / "formula.txt"
    article.write_text("---\ntitle: =HYPERLINK(\"http://evil\")\npublished: 2025-02-18\n---\n"
                       "TOKYO — Japan's foreign minister met Taliban officials on Monday.\n",
                       encoding="utf-8")
    text = _run("happenings", str(article), "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert rows[0]["titles"].startswith("'=HYPERLINK")
    assert rows[0]["countries"] in ("AFG; JPN", "JPN; AFG")
    raw = list(csv.DictReader(io.StringIO(_run("happenings", str(article), "--format",
                                               "raw-csv"))))
    assert raw[0]["titles"].startswith("=HYPERLINK")


def test_happenings_key_dates_from_files():
    rows = list(csv.DictReader(io.StringIO(
        _run("happenings", *FERRY, "--key-dates", "3", "--format", "raw-csv"))))
    assert [r["date_start"] for r in rows][0] == "2025-03-08"
    assert rows[0]["kind"] == "text" and rows[0]["label"] == "8 March 2025"


def test_happenings_say_when_page_furniture_is_counted_once(tmp_path):
    line = "Havana airport will reopen to international flights on 15 November 2011."
    files = []
    for n in range(3):
        path = tmp_path / f"story{n}.md"
        path.write_text(f"---\ntitle: Story {n}\npublished: 2011-02-2{n}\n---\n"
                        f"Fighting went on in Benghazi for {n + 2} days.\n\n{line}\n",
                        encoding="utf-8")
        files.append(str(path))
    result = CliRunner().invoke(main, ["happenings", *files, "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    assert "2 later printings of statements repeated word for word" in result.stderr
    airport = [json.loads(line) for line in result.stdout.splitlines()
               if "Havana" in line]
    assert [h["articles"] for h in airport] == [1]


def test_happenings_names_an_unreadable_file(tmp_path):
    result = CliRunner().invoke(main, ["happenings", str(tmp_path / "missing.txt")])
    assert result.exit_code != 0
    assert "missing.txt" in result.output


@pytest.fixture(scope="module")
def ferry_db(tmp_path_factory) -> str:
    store = Store(tmp_path_factory.mktemp("cli") / "ferry.duckdb")
    ingest([STORIES / "lake-ferry"], store, workers=1)
    return str(store.path)


def test_export_happenings_jsonl_csv_parquet(ferry_db, tmp_path):
    lines = _run("export", "--db", ferry_db, "--happenings", "--format", "jsonl",
                 "--country", "UGA").splitlines()
    rows = [json.loads(line) for line in lines]
    assert rows and all(list(r) == list(HAPPENING_EXPORT_COLUMNS) for r in rows)
    assert all("UGA" in r["countries"] for r in rows)
    text = _run("export", "--db", ferry_db, "--happenings", "--format", "csv")
    assert text.splitlines()[0].replace('"', "").split(",") == list(HAPPENING_EXPORT_COLUMNS)
    out = tmp_path / "h.parquet"
    _run("export", "--db", ferry_db, "--happenings", "--format", "parquet", "-o", str(out))
    table = pq.read_table(out)
    assert table.column_names == list(HAPPENING_EXPORT_COLUMNS)
    assert pa.types.is_list(table.schema.field("event_ids").type)
    assert pa.types.is_date32(table.schema.field("first_reported").type)


def test_export_happenings_timelinejs(ferry_db):
    document = json.loads(_run("export", "--db", ferry_db, "--happenings", "--format",
                               "timelinejs"))
    slides = document["events"]
    assert slides
    for slide in slides:
        assert slide["display_date"] and "Monday" not in slide["display_date"]
        assert "<a href=\"https://" in slide["text"]["text"]
    monthly = [s for s in slides if "day" not in s["start_date"]]
    assert monthly and all("end_date" in s for s in monthly)  # spans have an end


def test_timelinejs_keeps_the_most_reported_and_warns():
    mentions = [mention(f"e{n}", f"Event number {n} happened in town {n} on Monday.",
                        date(2025, 2, n + 1), article=f"a{n}", title=f"Story {n}")
                for n in range(5)]
    # A second outlet reports the fourth one: it becomes the most reported.
    mentions.append(mention("x", "Event number 3 happened in town 3 on Monday.",
                            date(2025, 2, 4), article="b", title="Story 3", source="Wire B"))
    frame = happenings_frame(build_happenings(mentions))
    assert len(frame) == 5
    data, warning = happenings_timelinejs(frame, max_slides=2)
    slides = json.loads(data)["events"]
    assert len(slides) == 2
    assert warning and "kept the 2 most reported" in warning
    dates = [s["display_date"] for s in slides]
    assert "4 February 2025" in dates and dates == sorted(dates, key=lambda d: int(d[:2]))
    assert happenings_timelinejs(frame, max_slides=5)[1] is None


def test_timelinejs_escapes_and_links_only_web_addresses():
    evil = mention("e", "Talks <b>began</b> on Monday.", date(2025, 2, 17),
                   title="<script>alert(1)</script>")
    frame = happenings_frame(build_happenings([evil]))
    frame.loc[0, "article_urls"] = ["javascript:alert(1)"]
    data, _ = happenings_timelinejs(frame)
    slide = json.loads(data)["events"][0]
    assert "<script>" not in slide["text"]["text"] and "&lt;script&gt;" in slide["text"]["text"]
    assert "href" not in slide["text"]["text"]
    assert "<b>" not in slide["text"]["headline"]


def test_key_dates_command(ferry_db):
    text = _run("key-dates", "--db", ferry_db, "--limit", "3")
    lines = text.splitlines()
    assert len(lines) == 3
    assert lines[0].split()[:4] == ["1.", "8", "March", "2025"]
    rows = [json.loads(line) for line in _run("key-dates", "--db", ferry_db, "--format",
                                              "jsonl").splitlines()]
    assert rows[0]["kind"] == "text"


def test_key_dates_without_a_store(tmp_path):
    result = CliRunner().invoke(main, ["key-dates", "--db", str(tmp_path / "none.duckdb")])
    assert result.exit_code != 0 and "no store" in result.output


def test_undated_article_gives_nulls_not_empty_strings(tmp_path):
    article = tmp_path / "undated.txt"
    article.write_text("Officials met on Monday in Kabul and agreed a ceasefire.\n",
                       encoding="utf-8")
    row = json.loads(_run("happenings", str(article), "--format", "jsonl").splitlines()[0])
    assert (row["date_start"], row["date_end"], row["granularity"], row["first_reported"]) == (
        None, None, None, None)
    assert row["date_source"] == "unresolved"


def test_happenings_reads_files_in_the_language_given(tmp_path):
    # Too short to be identified as Spanish: read as English, "ayer" dates nothing
    path = tmp_path / "corto.txt"
    path.write_text("Ayer dimitió el ministro.\n", encoding="utf-8")
    args = ["happenings", str(path), "--published", "2025-02-18", "--format", "jsonl"]
    told = CliRunner().invoke(main, [*args, "--language", "es"])
    assert told.exit_code == 0, told.output
    assert [json.loads(line)["date_start"] for line in told.output.splitlines()] == [
        "2025-02-17"]
    wrong = CliRunner().invoke(main, [*args, "--language", "klingon"])
    assert wrong.exit_code != 0 and "--language" in wrong.output
