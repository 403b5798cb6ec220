"""Ingest on a 2-worker Dask LocalCluster: exactly the rows of the embedded ingest, a rerun
adds nothing, a worker killed mid-run still ends with a complete store, and the CLI."""

from __future__ import annotations

import gzip
import json
import os
import signal
import threading
import time
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from dashboard import query
from dashboard.cli import main
from dashboard.cluster import (
    MIN_TASK_BYTES,
    TASK_BYTES,
    Source,
    ingest_on_cluster,
    list_sources,
    parse_cluster,
    plan_tasks,
    resplit,
    same_report_fields,
    task_size,
)
from dashboard.parquet_store import STAGING, ParquetStore, read_manifest
from dashboard.paths import SAMPLE_ARTICLES, SHARED_DATA
from dashboard.pipeline import ingest
from dashboard.readers import ReadOptions
from dashboard.store import Store

REUTERS = SHARED_DATA / "news" / "reuters21578" / "reuters21578.jsonl.gz"
STORIES = 200  # enough for many tasks, few enough for a quick test
SMALL_TASK = 12_000  # small tasks: every worker gets several


def _stories(count: int) -> list[dict]:
    stories = []
    with gzip.open(REUTERS, "rt", encoding="utf-8") as handle:
        for line in handle:
            story = json.loads(line)
            if story.get("body", "").strip():
                stories.append({k: story.get(k) for k in ("title", "body", "date")})
            if len(stories) == count:
                return stories
    return stories


def write_corpus(folder: Path) -> Path:
    """Reuters stories in several files, one big file (read in parts), a repeat of a story
    in another file, a broken line, an undated text, the seed article and an undated copy of it."""
    if not REUTERS.exists():
        pytest.skip(f"Reuters corpus not found at {REUTERS}")
    stories = _stories(STORIES)
    corpus = folder / "corpus"
    (corpus / "notes").mkdir(parents=True)
    for number in range(3):
        lines = stories[number * 40:(number + 1) * 40]
        (corpus / f"reuters-{number}.jsonl").write_text(
            "".join(json.dumps(s) + "\n" for s in lines), encoding="utf-8")
    (corpus / "reuters-big.jsonl").write_text(
        "".join(json.dumps(s) + "\n" for s in stories[120:]), encoding="utf-8")
    (corpus / "repeats.jsonl").write_text(
        json.dumps(stories[3]) + "\n{broken json\n" + json.dumps(stories[150]) + "\n",
        encoding="utf-8")
    (corpus / "notes" / "undated.txt").write_text(
        "Officials met on Monday in Kabul to discuss aid, the ministry said.", encoding="utf-8")
    seed = (SAMPLE_ARTICLES / "taliban-japan-visit.txt").read_text(encoding="utf-8")
    # Its text without the front matter, read first: the dated copy replaces it.
    (corpus / "notes" / "seed-undated.txt").write_text(seed.split("---\n", 2)[2],
                                                       encoding="utf-8")
    (corpus / "seed.txt").write_text(seed, encoding="utf-8")
    return corpus


@pytest.fixture(scope="module")
def client():
    from distributed import Client, LocalCluster

    from dashboard.cluster import WarmUp

    cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                           dashboard_address=":0", silence_logs=50)
    with Client(cluster) as connected:
        connected.register_plugin(WarmUp())
        yield connected
    cluster.close()


@pytest.fixture(scope="module")
def embedded(tmp_path_factory):
    """The corpus, and what the embedded ingest makes of it."""
    folder = tmp_path_factory.mktemp("corpus")
    corpus = write_corpus(folder)
    store = Store(folder / "embedded.duckdb")
    report = ingest([corpus], store, workers=1)
    return corpus, store, report


def _same_rows(parquet: ParquetStore, duck: Store) -> None:
    pd.testing.assert_frame_equal(
        query.events(parquet).sort_values("event_id", ignore_index=True),
        query.events(duck).sort_values("event_id", ignore_index=True))
    for sql in ("SELECT * FROM articles ORDER BY article_id",
                "SELECT * FROM happenings ORDER BY happening_id",
                "SELECT * FROM happening_members ORDER BY event_id"):
        pd.testing.assert_frame_equal(parquet.query(sql), duck.query(sql))


def test_two_workers_give_exactly_the_rows_of_the_embedded_ingest(client, embedded, tmp_path):
    corpus, duck, expected = embedded
    out = tmp_path / "pq"
    report = ingest_on_cluster([str(corpus)], out, "local:2", client=client,
                               task_bytes=SMALL_TASK, part_bytes=4000)
    assert same_report_fields(report) == same_report_fields(expected)
    assert sorted(map(str, report.problems)) == sorted(map(str, expected.problems))
    assert report.languages == expected.languages
    assert report.articles_duplicate >= 2 and report.articles_undated >= 1
    assert report.articles_dated == 1
    parquet = ParquetStore(out)
    _same_rows(parquet, duck)
    # Several tasks ran, and the big file was read in parts.
    sources, _ = list_sources([str(corpus)], ReadOptions(), part_bytes=4000)
    assert len(plan_tasks(sources, SMALL_TASK)) > 4
    assert max(s.parts for s in sources) > 1
    assert not (out / STAGING).exists() or not any((out / STAGING).iterdir())

    again = ingest_on_cluster([str(corpus)], out, "local:2", client=client,
                              task_bytes=SMALL_TASK)
    assert (again.articles_added, again.events_stored) == (0, 0)
    assert again.articles_unchanged == expected.articles_added + expected.articles_dated
    _same_rows(ParquetStore(out), duck)


def test_a_worker_killed_mid_run_still_ends_with_a_complete_store(client, embedded, tmp_path):
    corpus, duck, expected = embedded
    out = tmp_path / "pq"
    pids = list(client.run(os.getpid).values())
    outcome: dict = {}

    def run() -> None:
        outcome["report"] = ingest_on_cluster([str(corpus)], out, "local:2", client=client,
                                              task_bytes=2000, part_bytes=2000)

    worker = threading.Thread(target=run)
    worker.start()
    deadline = time.monotonic() + 120
    staged: list[Path] = []
    while not staged and time.monotonic() < deadline and worker.is_alive():
        staged = list((out / STAGING).glob("*/articles/*.parquet")) if out.exists() else []
        time.sleep(0.01)
    assert staged and worker.is_alive(), "the ingest ended before a worker could be killed"
    os.kill(pids[0], signal.SIGKILL)  # one of the two workers, while tasks remain
    worker.join(timeout=300)
    assert not worker.is_alive()
    report = outcome["report"]
    assert same_report_fields(report) == same_report_fields(expected)
    _same_rows(ParquetStore(out), duck)
    leftovers = [p for p in out.rglob("*") if p.name.endswith(".tmp")]
    assert leftovers == []
    assert set(read_manifest(out).all_files()) == {
        p.relative_to(out).as_posix() for p in out.rglob("*.parquet")}


def test_cluster_specs():
    assert parse_cluster("local:3") == 3
    assert parse_cluster("tcp://10.0.0.5:8786") == "tcp://10.0.0.5:8786"
    for bad in ("local:0", "local", "10.0.0.5:8786", "tcp://host"):
        with pytest.raises(ValueError, match="local:N|no worker"):
            parse_cluster(bad)


@pytest.mark.parametrize(("sizes", "workers", "expected"), [
    ([2_000_000], 2, 250_000),  # 2,000 stories: 8 tasks for 2 workers, not 2
    ([250_000] * 8, 1, 500_000),
    ([50_000_000], 2, TASK_BYTES),  # big inputs: the full task size
    ([10_000], 4, MIN_TASK_BYTES),  # tiny inputs: never below the floor
])
def test_task_size_gives_every_worker_several_tasks(sizes, workers, expected):
    sources = [Source(f"in-{n}.jsonl", size) for n, size in enumerate(sizes)]
    assert task_size(sources, workers) == expected


def test_resplit_cuts_only_json_lines_files_and_keeps_their_order():
    sources = [Source("a.jsonl", 1000, 0, 2), Source("a.jsonl", 1000, 1, 2),
               Source("b.txt", 900), Source("c.ndjson", 900)]
    parts = resplit(sources, 300)
    assert [(s.location, s.part, s.parts) for s in parts] == [
        ("a.jsonl", 0, 4), ("a.jsonl", 1, 4), ("a.jsonl", 2, 4), ("a.jsonl", 3, 4),
        ("b.txt", 0, 1), ("c.ndjson", 0, 3), ("c.ndjson", 1, 3), ("c.ndjson", 2, 3)]


def test_globs_and_missing_inputs_are_listed_with_problems(embedded):
    corpus, _, _ = embedded
    sources, problems = list_sources([str(corpus / "reuters-*.jsonl"), str(corpus / "nope"),
                                      str(corpus / "*.xyz")], ReadOptions())
    assert sorted(Path(s.location).name for s in sources if s.part == 0) == [
        "reuters-0.jsonl", "reuters-1.jsonl", "reuters-2.jsonl", "reuters-big.jsonl"]
    assert sorted(p.message for p in problems) == ["no file matches this pattern",
                                                   "no such file or folder"]


def test_cli_ingest_on_a_local_cluster_then_export_and_views(tmp_path):
    corpus = tmp_path / "in"
    corpus.mkdir()
    (corpus / "seed.txt").write_bytes((SAMPLE_ARTICLES / "taliban-japan-visit.txt").read_bytes())
    out = tmp_path / "pq"
    runner = CliRunner()
    result = runner.invoke(main, ["ingest", str(corpus), "--cluster", "local:1", "--out",
                                  str(out)])
    assert result.exit_code == 0, result.output
    assert "1 new, 0 already stored" in result.output and str(out) in result.output
    duck = Store(tmp_path / "s.duckdb")
    ingest([corpus], duck, workers=1)
    exported = runner.invoke(main, ["export", "--store", str(out), "--format", "raw-csv"])
    assert exported.exit_code == 0, exported.output
    expected = runner.invoke(main, ["export", "--db", str(duck.path), "--format", "raw-csv"])
    assert exported.output == expected.output and exported.output.count("\n") > 3
    saved = runner.invoke(main, ["views", "add", "Japan", "--store", str(out), "--country",
                                 "JPN"])
    assert saved.exit_code == 0, saved.output
    listed = runner.invoke(main, ["views", "list", "--store", str(out)])
    assert listed.output.startswith("Japan") and "timeline" in listed.output
    by_view = runner.invoke(main, ["export", "--store", str(out), "--view", "Japan",
                                   "--format", "jsonl"])
    assert by_view.exit_code == 0 and all('"JPN"' in line
                                          for line in by_view.output.splitlines())


@pytest.mark.parametrize(("args", "message"), [
    (["--cluster", "local:2"], "--cluster needs --out DIR"),
    (["--out", "X"], "give --cluster"),
    (["--cluster", "local:0", "--out", "X"], "asks for no worker"),
    (["--cluster", "local:2", "--out", "X", "--workers", "2"], "--workers sets"),
])
def test_cli_cluster_options_are_checked(tmp_path, args, message):
    result = CliRunner().invoke(main, ["ingest", str(tmp_path), *args])
    assert result.exit_code == 2 and message in result.output


def test_cli_refuses_a_url_without_a_cluster(tmp_path):
    result = CliRunner().invoke(main, ["ingest", "s3://bucket/news/", "--db",
                                       str(tmp_path / "s.duckdb")])
    assert result.exit_code == 2 and "URLs are read by the workers" in result.output


def test_serve_and_export_name_a_missing_parquet_store(tmp_path):
    result = CliRunner().invoke(main, ["export", "--store", str(tmp_path / "none")])
    assert result.exit_code == 1 and "no Parquet store at" in result.output
