"""Ingest on a Dask LocalCluster into a Parquet store: 1 against 2 workers, side by side.

    python benchmarks/bench_cluster.py [--articles 2000] [--workers 1,2] [--rounds 1]

Reads the first Reuters-21578 stories (research use only: read at run time from the shared
data folder, never copied into the repository), written as JSON Lines files of 250 stories
in a temporary folder. Each worker count gets its own LocalCluster (one thread per worker
process, the dictionaries loaded at start, as `eventline ingest --cluster local:N` does);
the time of an ingest into a fresh store folder is measured apart from the cluster's start.
"peak MB" is the largest peak resident memory of one worker process (for the embedded
ingest: of this process, which also holds the benchmark itself).
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
import math
import os
import resource
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench_ingest import write_reuters  # noqa: E402  (beside this file)

HEADER = ("run", "workers", "articles", "seconds", "tasks s", "commit s", "worker CPU s",
          "articles/s", "speed-up", "events", "peak MB")


@dataclass
class Run:
    seconds: float  # the whole ingest
    tasks: float  # until the last task was done (reading, extraction, staging)
    cpu: float  # CPU seconds the workers used (below workers x tasks: they waited for a core)
    articles: int
    events: int
    peak_mb: float  # the largest peak resident memory of one worker (or of the process)


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


def _worker_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _peak_mb() -> float:
    """This process's peak resident memory so far (Linux reports kilobytes)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def cluster_ingest(folder: Path, out: Path, client) -> Run:
    from dashboard.cluster import ingest_on_cluster

    last_task = [0.0]

    def progress(_size: int, _total: int | None = None) -> None:
        last_task[0] = time.perf_counter()

    cpu = sum(client.run(_worker_cpu).values())
    start = time.perf_counter()
    report = ingest_on_cluster([str(folder)], out, "local", client=client, on_progress=progress)
    seconds = time.perf_counter() - start
    cpu = sum(client.run(_worker_cpu).values()) - cpu
    # Peak since the worker started: every earlier round on the same cluster included.
    peak = max(client.run(_peak_mb).values())
    return Run(seconds, last_task[0] - start, cpu, report.articles_added, report.events_stored,
               peak)


def embedded_ingest(folder: Path, db: Path) -> Run:
    from dashboard.pipeline import ingest_paths
    from dashboard.store import Store

    start = time.perf_counter()
    report = ingest_paths([folder], Store(db), workers=1)
    seconds = time.perf_counter() - start
    return Run(seconds, float("nan"), float("nan"), report.articles_added,
               report.events_stored, _peak_mb())


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
    runs: dict[str, list[Run]] = {}
    with tempfile.TemporaryDirectory(prefix="eventline-bench-cluster-") as tmp:
        folder = Path(tmp) / "reuters"
        folder.mkdir()
        written = write_reuters(folder, args.articles)
        print(f"Reuters-21578: {written} stories in {len(list(folder.iterdir()))} JSONL files; "
              f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at start "
              "(other work on the machine skews the speed-up)", flush=True)
        clusters = {n: start_cluster(n) for n in counts}
        try:
            for number in range(args.rounds):
                for n in counts:
                    run = cluster_ingest(folder, Path(tmp) / f"pq-{n}-{number}", clusters[n][1])
                    runs.setdefault(f"local:{n}", []).append(run)
                    print(f"  round {number + 1}: local:{n} {run.seconds:.1f} s", flush=True)
                if not args.no_embedded:
                    run = embedded_ingest(folder, Path(tmp) / f"e{number}.duckdb")
                    runs.setdefault("embedded", []).append(run)
                    print(f"  round {number + 1}: embedded {run.seconds:.1f} s", flush=True)
        finally:
            for cluster, client in clusters.values():
                client.close()
                cluster.close()
    print(f"load average {os.getloadavg()[0]:.1f} at the end")
    print(table(rows(runs)))
    if len({(r.articles, r.events) for done in runs.values() for r in done}) > 1:
        print("WARNING: the runs stored different numbers of articles or events")


def _median(done: list[Run], field: str) -> float:
    return statistics.median(getattr(r, field) for r in done)


def rows(runs: dict[str, list[Run]]) -> list[tuple]:
    """One row per kind of run: the medians of its rounds, speed-up against the first."""
    out, base = [], None
    for name, done in runs.items():
        median = partial(_median, done)
        rate = done[0].articles / median("seconds")
        base = base or rate
        workers = name.split(":")[1] if ":" in name else "1 (no Dask)"
        tasks, cpu = median("tasks"), median("cpu")
        out.append((name, workers, done[0].articles, f"{median('seconds'):.1f}",
                    "-" if math.isnan(tasks) else f"{tasks:.1f}",
                    "-" if math.isnan(tasks) else f"{median('seconds') - tasks:.1f}",
                    "-" if math.isnan(cpu) else f"{cpu:.1f}",
                    f"{rate:.1f}", f"{rate / base:.2f}x", done[0].events,
                    f"{max(r.peak_mb for r in done):.0f}"))
    return out


if __name__ == "__main__":
    main()
