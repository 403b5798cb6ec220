"""Ingest on a Dask LocalCluster into a Parquet store: 1 against 2 workers, side by side.

    python benchmarks/bench_cluster.py [--articles 2000] [--workers 1,2] [--rounds 1]

Reads the first Reuters-21578 stories (research use only: read at run time from the shared
data folder, never copied into the repository), written as JSON Lines files of 250 stories
in a temporary folder. Each worker count gets its own LocalCluster (one thread per worker
process, the dictionaries loaded at start, as `eventline ingest --cluster local:N` does);
the time of an ingest into a fresh store folder is measured apart from the cluster's start.
With ``--rounds`` above 1 the worker counts take turns and the median is shown, so a burst
of other work on a shared machine does not land on one count only. The embedded ingest
(`eventline ingest --db`, one process) is measured in the same run for reference; its time
includes loading the dictionaries, which the cluster's workers did when they started.

The issue's target is a speed-up of at least 1.8x with 2 workers on 20,000 articles: run
``--articles 20000`` on a machine with two free cores to check it.
"""

from __future__ import annotations

import argparse
import logging
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench_ingest import write_reuters  # noqa: E402  (beside this file)

HEADER = ("run", "workers", "articles", "seconds", "articles/s", "speed-up", "events")


def start_cluster(workers: int):
    """A LocalCluster as `--cluster local:N` makes it, and a client with the warm-up."""
    from distributed import Client, LocalCluster

    from dashboard.cluster import WORKER_MEMORY, WarmUp

    cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                           dashboard_address=":0", silence_logs=logging.ERROR,
                           memory_limit=WORKER_MEMORY)
    client = Client(cluster)
    client.register_plugin(WarmUp())
    return cluster, client


def cluster_ingest(folder: Path, out: Path, client) -> tuple[float, int, int]:
    from dashboard.cluster import ingest_on_cluster

    start = time.perf_counter()
    report = ingest_on_cluster([str(folder)], out, "local", client=client)
    return time.perf_counter() - start, report.articles_added, report.events_stored


def embedded_ingest(folder: Path, db: Path) -> tuple[float, int, int]:
    from dashboard.pipeline import ingest_paths
    from dashboard.store import Store

    start = time.perf_counter()
    report = ingest_paths([folder], Store(db), workers=1)
    return time.perf_counter() - start, report.articles_added, report.events_stored


def table(rows: list[tuple]) -> str:
    lines = [HEADER, *rows]
    widths = [max(len(str(row[i])) for row in lines) for i in range(len(HEADER))]
    fmt = " | ".join(f"{{:>{w}}}" for w in widths)
    rule = "-+-".join("-" * w for w in widths)
    return "\n".join([fmt.format(*HEADER), rule, *(fmt.format(*row) for row in rows)])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--workers", default="1,2",
                        help="comma-separated worker counts; speed-up is against the first")
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--no-embedded", action="store_true",
                        help="leave out the embedded ingest")
    args = parser.parse_args()
    counts = [int(w) for w in args.workers.split(",")]
    import distributed  # noqa: F401  (sets up its loggers, which are quietened next)

    logging.getLogger("distributed").setLevel(logging.ERROR)  # its closing messages
    with tempfile.TemporaryDirectory(prefix="eventline-bench-cluster-") as tmp:
        folder = Path(tmp) / "reuters"
        folder.mkdir()
        written = write_reuters(folder, args.articles)
        print(f"Reuters-21578: {written} stories in {len(list(folder.iterdir()))} JSONL files; "
              f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at start "
              "(other work on the machine skews the speed-up)", flush=True)
        clusters = {n: start_cluster(n) for n in counts}
        seconds: dict[str, list[float]] = {}
        results: dict[str, tuple[int, int]] = {}
        try:
            for number in range(args.rounds):
                for n in counts:
                    took, added, events = cluster_ingest(
                        folder, Path(tmp) / f"pq-{n}-{number}", clusters[n][1])
                    seconds.setdefault(f"cluster {n}", []).append(took)
                    results[f"cluster {n}"] = (added, events)
                    print(f"  round {number + 1}: local:{n} {took:.1f} s", flush=True)
                if not args.no_embedded:
                    took, added, events = embedded_ingest(folder, Path(tmp) / f"e{number}.duckdb")
                    seconds.setdefault("embedded", []).append(took)
                    results["embedded"] = (added, events)
                    print(f"  round {number + 1}: embedded {took:.1f} s", flush=True)
        finally:
            for cluster, client in clusters.values():
                client.close()
                cluster.close()
    print(f"load average {os.getloadavg()[0]:.1f} at the end")
    rows, base = [], None
    for name, runs in seconds.items():
        median = statistics.median(runs)
        added, events = results[name]
        rate = added / median
        base = base or rate
        rows.append((name, name.split()[-1] if name != "embedded" else "1 (no Dask)", added,
                     f"{median:.1f}", f"{rate:.1f}", f"{rate / base:.2f}x", events))
    print(table(rows))
    distinct = {results[name] for name in results}
    if len(distinct) > 1:
        print(f"WARNING: the runs stored different numbers of articles/events: {results}")


if __name__ == "__main__":
    main()
