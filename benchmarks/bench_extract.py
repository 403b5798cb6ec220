"""Throughput and peak memory of ``extract_events`` on Reuters-21578 stories (one core).

    python benchmarks/bench_extract.py [--n 2000] [--path .../reuters21578.jsonl.gz]

Dictionary loading is timed apart (it happens once, lazily, on the first article). The corpus
is research-only: it is read from the shared folder at run time and never copied.
"""

from __future__ import annotations

import argparse
import gzip
import json
import resource
import time
from datetime import date
from pathlib import Path

from dashboard.extract.events import extract_events
from dashboard.models import Article
from dashboard.paths import SHARED_DATA

DEFAULT = SHARED_DATA / "news" / "reuters21578" / "reuters21578.jsonl.gz"


def load(path: Path, n: int) -> list[Article]:
    articles = []
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        for line in handle:
            story = json.loads(line)
            if not story.get("body"):
                continue
            published = date.fromisoformat(story["date"][:10]) if story.get("date") else None
            articles.append(
                Article(text=story["body"], title=story.get("title", ""), published=published)
            )
            if len(articles) >= n:
                break
    return articles


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=2000)
    parser.add_argument("--path", type=Path, default=DEFAULT)
    args = parser.parse_args()
    articles = load(args.path, args.n)
    started = time.perf_counter()
    extract_events(
        Article(
            text="TOKYO - Japan said on Monday it met Taliban officials.",
            published=date(2025, 2, 18),
        )
    )
    warmup = time.perf_counter() - started
    started, cpu_started = time.perf_counter(), time.process_time()
    events = sum(len(extract_events(a)) for a in articles)
    elapsed = time.perf_counter() - started
    cpu = time.process_time() - cpu_started  # robust to other processes sharing the machine
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        json.dumps(
            {
                "articles": len(articles),
                "events": events,
                "dictionary_load_seconds": round(warmup, 2),
                "seconds": round(elapsed, 2),
                "articles_per_second": round(len(articles) / elapsed, 1),
                "cpu_seconds": round(cpu, 2),
                "articles_per_cpu_second": round(len(articles) / cpu, 1),
                "peak_rss_mb": round(peak_mb, 1),
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
