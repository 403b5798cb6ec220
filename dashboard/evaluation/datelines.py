"""Datelines against Reuters-21578: is the dateline's place put in the right country?

Each story with a dateline and exactly one country in its ``places`` annotation is read as
its dateline followed by its text ("SAN MATEO, Calif., March 2 - ..."), as wire copy reads. The
figures, for the TRAIN and TEST halves of the corpus's own split (the rules were looked at on
TRAIN) side by side: datelines read, placed, and placed in another country than the story's.

``places`` names the countries a story is about, not where it was filed, so a Toronto story on
a US company counts as "other country": that share is an upper bound of the errors, best read
as a comparison between versions. Reuters-21578 is research-only; it is read from the shared
data folder at run time, never copied.
"""

from __future__ import annotations

import gzip
import json
import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import click

from dashboard.paths import SHARED_DATA

REUTERS = SHARED_DATA / "news" / "reuters21578" / "reuters21578.jsonl.gz"
SPLITS = ("TRAIN", "TEST")
# Reuters' place codes whose English name is not a country name we know
_CODES = {"usa": "USA", "uk": "GBR", "ussr": "RUS", "west-germany": "DEU",
          "east-germany": "DEU", "uae": "ARE", "ivory-coast": "CIV"}
_DAY = re.compile(r",\s*[A-Za-z]{3,9}\.?\s+\d{1,2}(?=\s*-\s*$)")


def without_day(dateline: str) -> str:
    """The dateline as papers print it: "SAN MATEO, Calif., March 2 -" -> "SAN MATEO, Calif. -"."""
    return _DAY.sub("", dateline)


def stories(path: Path, day: bool = True) -> Iterator[tuple[str, str, str, str]]:
    """(split, dateline, text, ISO-3) of each story with a dateline and one known country."""
    from dashboard.extract.places import country_code

    with gzip.open(path, "rt", encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            try:
                story = json.loads(line)
            except json.JSONDecodeError as exc:
                raise ValueError(f"{path}:{number}: invalid JSON ({exc.msg})") from exc
            dateline = (story.get("dateline") or "").strip()
            places = story.get("places") or []
            split = story.get("lewissplit")
            if not dateline or not story.get("body") or len(places) != 1 or split not in SPLITS:
                continue
            code = places[0]
            iso3 = _CODES.get(code) or country_code(code.replace("-", " ").title())
            if iso3:
                written = dateline if day else without_day(dateline)
                yield split, dateline, f"{written} {story['body']}", iso3


def score(path: Path, day: bool = True) -> tuple[dict[str, dict], Counter]:
    """{split: figures} and the most frequent (dateline place, ours, story's) mismatches."""
    from dashboard.extract.places import find_places

    figures: dict[str, Counter] = {split: Counter() for split in SPLITS}
    mismatches: Counter = Counter()
    for split, dateline, text, iso3 in stories(path, day):
        found = next((p for p in find_places(text) if p.kind == "dateline"), None)
        counts = figures[split]
        counts["datelines"] += 1
        if found is None:
            continue
        counts["placed"] += 1
        if found.country != iso3:
            counts["other country"] += 1
            mismatches[(dateline.split(",")[0], found.country, iso3)] += 1
    table = {}
    for split, counts in figures.items():
        placed = counts["placed"]
        table[split] = {"datelines": counts["datelines"], "placed": placed,
                        "other country": counts["other country"],
                        "other country (share of placed)":
                            counts["other country"] / placed if placed else 0.0}
    return table, mismatches


@click.command("datelines")
@click.argument("path", required=False, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--show", type=click.IntRange(min=0), default=10, show_default=True,
              help="Print this many of the most frequent mismatches.")
@click.option("--without-day", is_flag=True,
              help='Drop the day from each dateline ("SAN MATEO, Calif. -"), as papers print it.')
def datelines_command(path: Path | None, show: int, without_day: bool) -> None:
    """Dateline places against Reuters-21578's country annotation (PATH: its JSON Lines
    file, by default the one in ../shared/data/news): TRAIN and TEST side by side."""
    from dashboard.evaluation.splits import side_by_side

    path = path or REUTERS
    if not path.is_file():
        raise click.ClickException(f"{path}: no such file; expected reuters21578.jsonl.gz "
                                   "(see ../shared/data/news/README.md)")
    try:
        table, mismatches = score(path, day=not without_day)
    except (ValueError, OSError) as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(side_by_side(table))
    for (place, ours, story), count in mismatches.most_common(show):
        click.echo(f"{count:>5}  {place}: ours {ours}, the story's {story}")
