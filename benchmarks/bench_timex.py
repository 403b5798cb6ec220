"""Temporal tagger speed: ours against dateparser's search, and the linear-time check.

Run by hand: ``.venv/bin/python benchmarks/bench_timex.py [--dateparser-docs N]``. It prints
documents per second (CPU time) for both taggers on the same TimeML documents, the time per KB
of text at several sizes, and the time on 1 MB adversarial inputs (digit runs, month-name
floods, punctuation floods), which must grow linearly with size.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from datetime import date

from dashboard.evaluation.timeml import dateparser_tagger, read_corpus
from dashboard.extract.dates import tag
from dashboard.paths import SHARED_DATA

SEED = SHARED_DATA.parent / "seed" / "taliban-japan-visit.txt"
DCT = date(2025, 2, 18)


def _seconds(work: Callable[[], object], repeat: int = 3) -> float:
    """CPU seconds, best of ``repeat`` runs: the least disturbed by other work on the machine.

    Both taggers are single-threaded, so CPU time is their cost; wall-clock time on a shared
    machine would mostly measure the other processes.
    """
    best = float("inf")
    for _ in range(repeat):
        began = time.process_time()
        work()
        best = min(best, time.process_time() - began)
    return best


def _documents() -> list[tuple[str, date | None]]:
    corpus = SHARED_DATA / "timeml"
    if corpus.is_dir():
        return [(d.text, d.dct) for d in read_corpus(corpus)]
    return [(SEED.read_text(encoding="utf-8"), DCT)]


def compare(docs: list[tuple[str, date | None]], dateparser_docs: int) -> None:
    ours = _seconds(lambda: [tag(text, dct) for text, dct in docs])
    sample = docs[:dateparser_docs]
    theirs = _seconds(lambda: [dateparser_tagger(text, dct) for text, dct in sample], repeat=1)
    ours_rate, theirs_rate = len(docs) / ours, len(sample) / theirs
    kb = sum(len(text) for text, _ in docs) / 1024
    print(f"eventline : {len(docs):4d} docs  {ours_rate:9.1f} docs/s  {ours * 1000 / kb:.3f} ms/KB")
    print(f"dateparser: {len(sample):4d} docs  {theirs_rate:9.1f} docs/s")
    print(f"speed ratio: {ours_rate / theirs_rate:.0f}x")


def per_kb(base: str) -> None:
    print("\nsize        time      ms/KB")
    for size in (1_000, 10_000, 100_000, 1_000_000):
        text = (base * (size // max(len(base), 1) + 1))[:size]
        seconds = _seconds(lambda text=text: tag(text, DCT))
        print(f"{size:>9,d}  {seconds * 1000:8.1f} ms  {seconds * 1000 / (size / 1024):.3f}")


ADVERSARIAL = {
    "digit run": "7" * 1_000_000,
    "digits and spaces": "12 " * 333_334,
    "month names": "May March June " * 66_667,
    "month-day floods": "Feb. 17, " * 111_112,
    "punctuation flood": ".,;:-/'()" * 111_112,
    "weekday floods": "Monday, Tuesday " * 62_500,
    "number-unit chain": "two days three weeks " * 47_620,
    "hyphen chain": "two-" * 250_000,
}


def adversarial() -> None:
    """Each input at 100 KB and 1 MB: the 1 MB time must be about ten times the 100 KB one."""
    print("\nadversarial input        100 KB      1 MB   ratio")
    for name, text in ADVERSARIAL.items():
        small = _seconds(lambda text=text: tag(text[:100_000], DCT), repeat=2)
        large = _seconds(lambda text=text: tag(text[:1_000_000], DCT), repeat=1)
        print(f"{name:<22} {small * 1000:8.1f} ms {large * 1000:8.1f} ms  {large / small:5.1f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dateparser-docs", type=int, default=60, help="docs for dateparser")
    args = parser.parse_args()
    docs = _documents()
    compare(docs, args.dateparser_docs)
    per_kb("\n".join(text for text, _ in docs))
    adversarial()


if __name__ == "__main__":
    main()
