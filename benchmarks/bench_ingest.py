"""Ingest throughput and memory: Reuters articles with 1 and 2 workers, and the GDELT import.

    python benchmarks/bench_ingest.py [--articles 5000] [--workers 1,2]

Reads the Reuters-21578 stories (research use only: read at run time from the shared data
folder, never copied into the repository) and the 105k-row GDELT 1.0 Georgia sample. Each
measurement runs in a fresh process and a fresh store in a temporary folder, so peak memory
(RSS) is per measurement: the main process, and the largest worker process.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data"
REUTERS = SHARED / "news" / "reuters21578" / "reuters21578.jsonl.gz"
GDELT = SHARED / "gdelt" / "events_v1_georgia_2011-06_2013-05.tsv.gz"
FILE_ROWS = 250  # stories per input file: the ingest streams many files, as users have


def write_reuters(folder: Path, count: int) -> int:
    """The first ``count`` stories with a body, as JSON Lines files (title, body, date)."""
    written, out, number = 0, None, 0
    with gzip.open(REUTERS, "rt", encoding="utf-8") as stories:
        for line in stories:
            story = json.loads(line)
            if not story.get("body", "").strip():
                continue
            if written % FILE_ROWS == 0:
                if out:
                    out.close()
                number += 1
                out = (folder / f"reuters-{number:03d}.jsonl").open("w", encoding="utf-8")
            record = {k: story.get(k) for k in ("title", "body", "date")}
            out.write(json.dumps(record) + "\n")
            written += 1
            if written == count:
                break
    if out:
        out.close()
    return written


def _peak_mb() -> tuple[float, float]:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return own, children


def _cpu_seconds() -> float:
    """CPU time of this process and its finished children (the extraction workers)."""
    total = 0.0
    for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN):
        usage = resource.getrusage(who)
        total += usage.ru_utime + usage.ru_stime
    return total


def _store_mb(db: Path) -> float:
    files = [db, db.with_name(db.name + ".wal")]
    return sum(f.stat().st_size for f in files if f.exists()) / 1024**2


def run_articles(folder: Path, db: Path, workers: int) -> dict:
    from dashboard.pipeline import ingest_paths
    from dashboard.store import Store

    start = time.perf_counter()
    cpu = _cpu_seconds()
    report = ingest_paths([folder], Store(db), workers=workers)
    seconds = time.perf_counter() - start
    own, children = _peak_mb()
    return {"items": report.articles_added, "seconds": seconds, "events": report.events_stored,
            "cpu": _cpu_seconds() - cpu,
            "rss": own, "worker_rss": children, "store": _store_mb(db),
            "problems": len(report.problems)}


def run_gdelt(db: Path) -> dict:
    from dashboard.importers.gdelt import import_gdelt
    from dashboard.store import Store

    start = time.perf_counter()
    cpu = _cpu_seconds()
    report = import_gdelt([GDELT], Store(db))
    seconds = time.perf_counter() - start
    own, children = _peak_mb()
    return {"items": report.rows_read, "seconds": seconds, "events": report.events_added,
            "cpu": _cpu_seconds() - cpu,
            "rss": own, "worker_rss": children, "store": _store_mb(db),
            "problems": len(report.problems)}


def measure(*args: str) -> dict:
    """One measurement in a fresh interpreter (clean peak-memory figures)."""
    command = [sys.executable, str(Path(__file__).resolve()), "--phase", *args]
    # A fixed hash seed: set ordering must not make two runs differ in anything but speed.
    env = dict(os.environ, PYTHONHASHSEED="0")
    output = subprocess.run(command, check=True, capture_output=True, text=True, cwd=ROOT,
                            env=env)
    return json.loads(output.stdout.strip().splitlines()[-1])


def table(rows: list[tuple]) -> str:
    header = ("run", "workers", "items", "seconds", "CPU s", "items/s", "speed-up", "events",
              "peak RSS MB", "worker RSS MB", "store MB")
    lines = [header, *rows]
    widths = [max(len(str(row[i])) for row in lines) for i in range(len(header))]
    fmt = " | ".join(f"{{:>{w}}}" for w in widths)
    rule = "-+-".join("-" * w for w in widths)
    return "\n".join([fmt.format(*header), rule, *(fmt.format(*row) for row in rows)])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=5000)
    parser.add_argument("--workers", default="1,2",
                        help="comma-separated worker counts; speed-up is against the first")
    parser.add_argument("--phase", nargs="*", help=argparse.SUPPRESS)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    if args.phase:
        kind, *rest = args.phase
        result = run_gdelt(Path(rest[0])) if kind == "gdelt" else run_articles(
            Path(rest[0]), Path(rest[1]), int(rest[2]))
        print(json.dumps(result))
        return
    rows, base = [], None
    with tempfile.TemporaryDirectory(prefix="eventline-bench-") as tmp:
        folder = Path(tmp) / "reuters"
        folder.mkdir()
        count = write_reuters(folder, args.articles)
        print(f"Reuters-21578: {count} stories in {len(list(folder.iterdir()))} JSONL files; "
              f"GDELT: {GDELT.name}; {os.cpu_count()} cores, load average "
              f"{os.getloadavg()[0]:.1f} at start (other work skews the speed-up)")
        for workers in (int(w) for w in args.workers.split(",")):
            r = measure("articles", str(folder), str(Path(tmp) / f"a{workers}.duckdb"),
                        str(workers))
            rate = r["items"] / r["seconds"]
            base = base or rate
            rows.append(("articles", workers, r["items"], f"{r['seconds']:.1f}",
                         f"{r['cpu']:.1f}", f"{rate:.1f}",
                         f"{rate / base:.2f}x", r["events"], f"{r['rss']:.0f}",
                         f"{r['worker_rss']:.0f}", f"{r['store']:.1f}"))
        r = measure("gdelt", str(Path(tmp) / "gdelt.duckdb"))
        rows.append(("GDELT import", 1, r["items"], f"{r['seconds']:.1f}", f"{r['cpu']:.1f}",
                     f"{r['items'] / r['seconds']:.0f}", "-", r["events"], f"{r['rss']:.0f}",
                     "-", f"{r['store']:.1f}"))
    print(table(rows))


if __name__ == "__main__":
    main()
