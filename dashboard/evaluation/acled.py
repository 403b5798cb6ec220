"""Score dates, countries, places and event types on ACLED event notes.

Gold: an ACLED export (CSV, optionally gzipped; read at run time, never copied). Each row's
``notes`` is treated as an article published seven days after ``event_date``. Data rows
1-4,500 are the tuning split, rows 4,501 on the check split (see ``splits``); the command
reports both side by side with their total.

- date exact: ``event_date`` equals the start of the article's main event (its first event
  dated by the text itself; else its first event) and that date is a single day.
- country: the main event's primary country (that of its most specific place, else its first
  country) equals the row's country (``country`` name mapped to ISO-3).
- place recall: ``location`` or ``admin1`` is among the places found in the note (accents,
  case and region suffixes ignored).
- event type: the main event's CAMEO root lies in the set below for the row's ACLED type.
  Riots count as protest (14), assault (18) or fight (19); explosions/remote violence as 18 or 19
  (CAMEO puts bombings under 18, shelling and air strikes under 19); violence against
  civilians as 18 or 20 (and 17 for abductions and arrests, which CAMEO codes as coercion);
  strategic developments by sub-event type. "Other" accepts any coded event.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import time
import unicodedata
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

import click

from dashboard.evaluation.splits import (
    ACLED_TUNING_ROWS,
    CHECK,
    SPLIT_CHOICE,
    TOTAL,
    TUNING,
    combine,
    side_by_side,
    wanted,
)
from dashboard.extract.events import extract_events
from dashboard.extract.places import country_code
from dashboard.models import Article, Event
from dashboard.paths import SHARED_DATA

DEFAULT_GOLD = SHARED_DATA / "acled" / "acled_global_2022H1_9000.csv.gz"
ALL_ROOTS = frozenset(f"{n:02d}" for n in range(1, 21))
TYPE_TO_ROOTS: dict[str, frozenset[str]] = {
    "Protests": frozenset({"14"}),
    "Riots": frozenset({"14", "18", "19"}),
    "Battles": frozenset({"19"}),
    "Explosions/Remote violence": frozenset({"18", "19"}),
    "Violence against civilians": frozenset({"17", "18", "20"}),
}
SUB_TYPE_TO_ROOTS: dict[str, frozenset[str]] = {
    "Agreement": frozenset({"03", "04", "05", "06"}),
    "Arrests": frozenset({"17"}),
    "Change to group/activity": frozenset({"01", "02", "03", "05", "08", "15", "16"}),
    "Disrupted weapons use": frozenset({"15", "17"}),
    "Headquarters or base established": frozenset({"15", "19"}),
    "Looting/property destruction": frozenset({"17", "18"}),
    "Non-violent transfer of territory": frozenset({"08", "19"}),
    "Other": ALL_ROOTS,
}


def expected_roots(event_type: str, sub_event_type: str) -> frozenset[str]:
    if event_type == "Strategic developments":
        return SUB_TYPE_TO_ROOTS.get(sub_event_type, ALL_ROOTS)
    return TYPE_TO_ROOTS.get(event_type, frozenset())


@dataclass
class AcledScores:
    rows: int = 0
    date_ok: int = 0
    country_ok: int = 0
    place_ok: int = 0
    type_ok: int = 0
    seconds: float = 0.0
    errors: list[dict] = field(default_factory=list)
    by_type: dict[str, list[int]] = field(default_factory=dict)  # type -> [agreed, rows]

    def rate(self, hits: int) -> float:
        return round(hits / self.rows, 4) if self.rows else 0.0

    def as_dict(self) -> dict:
        return {
            "rows": self.rows,
            "date_exact": self.rate(self.date_ok),
            "country_accuracy": self.rate(self.country_ok),
            "place_recall": self.rate(self.place_ok),
            "event_type_agreement": self.rate(self.type_ok),
            "event_type_agreement_by_type": {
                name: round(ok / n, 4) for name, (ok, n) in sorted(self.by_type.items())
            },
            "seconds": round(self.seconds, 2),
        }


def read_rows(path: Path) -> dict[str, list[dict]]:
    """The rows with notes, by split; a row's split is fixed by its place in the file."""
    raw = path.read_bytes()
    text = gzip.decompress(raw).decode("utf-8") if path.suffix == ".gz" else raw.decode("utf-8")
    rows: dict[str, list[dict]] = {TUNING: [], CHECK: []}
    for number, row in enumerate(csv.DictReader(io.StringIO(text)), start=1):
        if row.get("notes"):
            rows[TUNING if number <= ACLED_TUNING_ROWS else CHECK].append(row)
    return rows


def main_event(events: list[Event]) -> Event | None:
    dated = [e for e in events if e.date_source in ("explicit", "relative")]
    chosen = dated or events
    return chosen[0] if chosen else None


def primary_country(event: Event) -> str:
    return event.primary_country or (event.countries[0] if event.countries else "")


def fold(name: str) -> str:
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return " ".join(ascii_name.lower().replace("-", " ").split())


def place_found(row: dict, events: list[Event]) -> bool:
    found = {fold(p) for e in events for p in e.places + e.places_written}
    wanted = {fold(row.get("location", "")), fold(row.get("admin1", ""))} - {""}
    return any(w == f or (f.startswith(w + " ") and len(w) > 3) for w in wanted for f in found)


def score_row(row: dict, scores: AcledScores) -> None:
    when = date.fromisoformat(row["event_date"])
    article = Article(text=row["notes"], published=when + timedelta(days=7))
    events = extract_events(article)
    main = main_event(events)
    gold_country = country_code(row["country"]) or ""
    got = {
        "date": str(main.date_start) if main else "",
        "country": primary_country(main) if main else "",
        "code": main.event_code if main else "",
    }
    checks = {
        "date": main is not None and main.date_start == when and main.date_end == when,
        "country": bool(gold_country) and got["country"] == gold_country,
        "place": place_found(row, events),
        "type": got["code"] in expected_roots(row["event_type"], row["sub_event_type"]),
    }
    scores.rows += 1
    scores.date_ok += checks["date"]
    scores.country_ok += checks["country"]
    scores.place_ok += checks["place"]
    scores.type_ok += checks["type"]
    tally = scores.by_type.setdefault(row["event_type"], [0, 0])
    tally[0] += checks["type"]
    tally[1] += 1
    if not all(checks.values()):
        scores.errors.append(
            {
                "id": row.get("event_id_cnty"),
                "failed": [k for k, ok in checks.items() if not ok],
                "notes": row["notes"],
                "event_date": row["event_date"],
                "country": gold_country,
                "location": row.get("location"),
                "admin1": row.get("admin1"),
                "event_type": row["event_type"],
                "sub_event_type": row["sub_event_type"],
                "got": got,
                "places": sorted({p for e in events for p in e.places}),
            }
        )


def score(rows: list[dict]) -> AcledScores:
    scores = AcledScores()
    started = time.perf_counter()
    for row in rows:
        score_row(row, scores)
    scores.seconds = time.perf_counter() - started
    return scores


@click.command("acled")
@click.argument(
    "path", required=False, type=click.Path(exists=True, dir_okay=False, path_type=Path)
)
@click.option(
    "--limit",
    type=click.IntRange(min=1),
    default=None,
    help="Score the first N rows of each split.",
)
@click.option(
    "--split",
    type=SPLIT_CHOICE,
    default="all",
    help="Score the tuning rows (1-4,500), the check rows (4,501 on) or both (default).",
)
@click.option("--json", "as_json", is_flag=True, help="Print JSON {split: figures}.")
@click.option(
    "--errors",
    "errors_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the mismatching rows here as JSON lines.",
)
def acled_command(
    path: Path | None, limit: int | None, split: str, as_json: bool, errors_path: Path | None
) -> None:
    """Date, country, place and event-type agreement on ACLED notes, per split."""
    path = path or DEFAULT_GOLD
    if not path.exists():
        raise click.BadParameter(f"{path} not found; expected an ACLED CSV export (.csv/.csv.gz)")
    rows = read_rows(path)
    results = {name: score(rows[name][:limit] if limit else rows[name]) for name in wanted(split)}
    if len(results) > 1:
        results[TOTAL] = combine(list(results.values()))
    figures = {name: result.as_dict() for name, result in results.items()}
    click.echo(json.dumps(figures, indent=2) if as_json else side_by_side(figures))
    if errors_path:
        with errors_path.open("w", encoding="utf-8") as out:
            for name in wanted(split):
                for row in results[name].errors:
                    out.write(json.dumps({"split": name, **row}, ensure_ascii=False) + "\n")
