"""Extraction time on hostile text shapes at 0.25, 0.5, 1 and 2 MB: is it linear?

    python benchmarks/bench_hostile.py [--sizes 0.25,0.5,1,2] [--shapes prose,no-spaces,...]

Each shape is one "article" built to the exact size from a repeated unit: prose without a
sentence break, text without spaces or without any break at all, a million commas, digit
runs, all-caps text, runs of capitalised names, a sentence full of dates and so on. For every
shape it prints the CPU seconds per MB at each size side by side and the growth ratio
time(largest) / time(smallest): with sizes 0.25 and 2 MB, 8x means linear and 64x quadratic.
Dictionaries are loaded once before timing. CPU time (not wall time) is measured, so other
processes on the machine disturb the figures less.
"""

from __future__ import annotations

import argparse
import resource
import time
from collections.abc import Callable
from datetime import date

from dashboard.extract.events import extract_events
from dashboard.models import Article

MB = 1024 * 1024

_PROSE = (
    "Japanese and Afghan officials met Taliban envoys in Kabul, Tokyo and Islamabad on Monday "
    "while President Joe Biden of the United States criticised Pakistan's army, "
)
_DATES = "on 3 May 2022, 4 June 2021, last Friday, 1987, 17 February 2025 and 5/14/82, "
_NAMES = "Kabul Tokyo Japan Taliban Biden Hayashi Reuter Ministry Torkham Nippon Zaidan "
_UNKNOWN = "Qwerty Zxcvb Asdfg Poiuy Lkjhg Mnbvc Rtyui Fghjk "


def _repeat(unit: str) -> Callable[[int], str]:
    return lambda size: (unit * (size // len(unit) + 1))[:size]


# name -> builder of a text of exactly ``size`` characters (all ASCII: characters = bytes)
SHAPES: dict[str, Callable[[int], str]] = {
    "prose-one-sentence": _repeat(_PROSE),
    "prose-sentences-one-line": _repeat("Japan met Taliban envoys in Kabul on Monday. "),
    "all-caps-one-sentence": _repeat(_PROSE.upper()),
    "dates-one-sentence": _repeat(_DATES),
    "known-names-no-break": _repeat(_NAMES),
    "unknown-names-no-break": _repeat(_UNKNOWN),
    "titles-run": _repeat("President Minister General "),
    "possessives": _repeat("Japan's Taliban's Kabul's "),
    "no-spaces-letters": _repeat("JapanTalibanKabulTokyo"),
    "no-spaces-hyphens": _repeat("Japan-Taliban-Kabul-"),
    "no-spaces-dots": _repeat("Japan.Taliban.Kabul."),
    "commas": _repeat(","),
    "digits": _repeat("0123456789"),
    "full-stops": _repeat("."),
    "short-sentences": _repeat("Japan. "),
    "initials": _repeat("A. B. "),
    "open-brackets": _repeat("(Kabul "),
    "newlines": _repeat("\n"),
    "lines-of-names": _repeat("Kabul\nTokyo\n"),
}


def _seconds(text: str) -> float:
    started = time.process_time()
    extract_events(Article(text=text, published=date(2025, 2, 18)))
    return time.process_time() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="0.25,0.5,1,2", help="sizes in MB, comma-separated")
    parser.add_argument("--shapes", default=",".join(SHAPES), help="shape names, comma-separated")
    args = parser.parse_args()
    sizes = [float(s) for s in args.sizes.split(",")]
    shapes = args.shapes.split(",")
    unknown = [s for s in shapes if s not in SHAPES]
    if unknown:
        parser.error(f"unknown shape(s) {', '.join(unknown)}; expected some of {', '.join(SHAPES)}")
    _seconds("Japan met Taliban envoys in Kabul on Monday.")  # load the dictionaries
    header = "".join(f"{f's/MB @{s:g}MB':>13}" for s in sizes)
    print(f"{'shape':<26}{header}{'growth':>9}  (x{sizes[-1] / sizes[0]:g} = linear)")
    for name in shapes:
        times = [_seconds(SHAPES[name](int(size * MB))) for size in sizes]
        per_mb = "".join(f"{t / s:>13.2f}" for t, s in zip(times, sizes, strict=True))
        growth = times[-1] / times[0] if times[0] > 0 else float("nan")
        print(f"{name:<26}{per_mb}{growth:>8.1f}x", flush=True)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory {peak_mb:.0f} MB")


if __name__ == "__main__":
    main()
