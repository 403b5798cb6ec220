"""Query latency of the timeline page: the DuckDB file against the Parquet store, side by side.

    python benchmarks/bench_store_queries.py [--events 10000000] [--changes 40] [--folder DIR]

Builds (once, kept in ``--folder``) a DuckDB store of about ``--events`` GDELT-derived events
(as benchmarks/bench_dashboard.py does: the GDELT 1.0 sample in ../shared/data, repeated with
each copy shifted back two years), converts it into a Parquet store (`eventline convert`),
then runs the timeline page's queries (counts, timeline bins, key dates, the first table
page, the sidebar's facet tops) for each of ``--changes`` filter changes on both stores,
alternating, and prints the median, 95th percentile and worst time of each, and their
ratio. The issue's target: p95 under 0.5 s with 10,000,000 events on the Parquet store.

Run by hand; it is not part of the test suite.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench_dashboard import (  # noqa: E402  (beside this file)
    SAMPLE,
    _as_filters,
    _time_query_set,
    build_store,
    filter_changes,
)

from dashboard.parquet_store import ParquetStore, convert_duckdb, read_manifest  # noqa: E402


def parquet_copy(duck_path: Path, folder: Path) -> ParquetStore:
    """The Parquet store converted from the DuckDB file (kept when it already holds it)."""
    if not (folder.exists() and read_manifest(folder).listed("events")):
        started = time.perf_counter()
        counts = convert_duckdb(duck_path, folder)
        print(f"converted into {folder}: {counts.events_added:,} events in "
              f"{time.perf_counter() - started:.1f} s", flush=True)
    return ParquetStore(folder)


def percentile_95(timings: list[float]) -> float:
    return statistics.quantiles(timings, n=20, method="inclusive")[18]


def _size_mb(path: Path) -> float:
    if path.is_file():
        return path.stat().st_size / 1024**2
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / 1024**2


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--events", type=int, default=10_000_000)
    parser.add_argument("--changes", type=int, default=40,
                        help="filter changes (at most 20 distinct, then repeated: the store "
                             "has no query cache, so a repeat costs the same)")
    parser.add_argument("--folder", type=Path,
                        default=Path(tempfile.gettempdir()) / "eventline-bench-stores")
    args = parser.parse_args()
    if not SAMPLE.exists():
        raise SystemExit(f"GDELT sample not found at {SAMPLE}")
    args.folder.mkdir(parents=True, exist_ok=True)
    label = f"{args.events // 1000}k"
    duck = build_store(args.folder / f"events-{label}.duckdb", args.events)
    parquet = parquet_copy(duck.path, args.folder / f"events-{label}-parquet")
    changes = filter_changes(duck, 20)
    changes = [changes[i % len(changes)] for i in range(args.changes)]
    stores = {"DuckDB file": duck, "Parquet store": parquet}
    timings: dict[str, list[float]] = {name: [] for name in stores}
    for store in stores.values():  # warm-up: imports, first file opens
        _time_query_set(store, _as_filters({}))
    for params in changes:  # alternating, so a burst of other work hits both alike
        for name, store in stores.items():
            timings[name].append(_time_query_set(store, _as_filters(params)))
    from dashboard import query

    print(f"{query.summary(duck)[0]:,} events; {os.cpu_count()} CPUs, load average "
          f"{os.getloadavg()[0]:.1f} at the end; seconds per filter change (all the "
          "timeline page's queries)")
    base = None
    for name, done in timings.items():
        p95 = percentile_95(done)
        base = base or p95
        size = _size_mb(duck.path if name == "DuckDB file" else parquet.path)
        print(f"  {name:>13}: median {statistics.median(done):.3f}, p95 {p95:.3f}, worst "
              f"{max(done):.3f} ({len(done)} changes; {size:,.0f} MB on disk); p95 "
              f"{p95 / base:.2f}x the DuckDB file's")


if __name__ == "__main__":
    main()
