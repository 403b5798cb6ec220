"""Score actors' countries and event types on the PLOVER gold-standard records (CAMEO manual).

Gold: ``PLOVER_GSR_CAMEO.txt`` (CC BY-SA 4.0, read at run time, never copied into the project).
Each record is one sentence with source/target actors (CAMEO codes such as ``USAGOV``) and a
PLOVER event category.

- Actor countries: the gold set is the first three letters of every source/target code that is
  a country code (``IGO``, ``NGO``... are not); two typos in the gold codes are read as meant
  (``JAP`` -> JPN, ``ITL`` -> ITA). The system set is the union of the countries of the events
  extracted from the sentence. Micro precision/recall/F1 over (sentence, country) pairs.
- Event type: the CAMEO root of the sentence's first coded event is right when it belongs to
  the gold PLOVER category under this mapping of the 2016 PLOVER categories to CAMEO roots.

Splits (see ``splits``): records alternate between tuning (1st, 3rd ...) and check (2nd, 4th
...); the command reports both side by side with their total.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import click

from dashboard.evaluation.splits import (
    SPLIT_CHOICE,
    TOTAL,
    alternate,
    combine,
    side_by_side,
    wanted,
)
from dashboard.extract.events import extract_events
from dashboard.models import Article, Event
from dashboard.paths import SHARED_DATA

DEFAULT_GOLD = SHARED_DATA / "cameo" / "cc-by-sa" / "PLOVER_GSR_CAMEO.txt"
PLOVER_TO_ROOTS: dict[str, frozenset[str]] = {
    "AGREE": frozenset({"03", "05"}),  # CAMEO 057 "sign formal agreement" sits under root 05
    "CONSULT": frozenset({"04"}),
    "SUPPORT": frozenset({"05"}),
    "COOPERATE": frozenset({"05", "06"}),
    "AID": frozenset({"07"}),
    "CONCEDE": frozenset({"08"}),
    "RETREAT": frozenset({"08"}),
    "INVESTIGATE": frozenset({"09"}),
    "DEMAND": frozenset({"10"}),
    "DISAPPROVE": frozenset({"11"}),
    "REJECT": frozenset({"12"}),
    "THREATEN": frozenset({"13"}),
    "PROTEST": frozenset({"14"}),
    "MOBILIZE": frozenset({"15"}),
    "SANCTION": frozenset({"16"}),
    "COERCE": frozenset({"17"}),
    "ASSAULT": frozenset({"18", "20"}),
    "FIGHT": frozenset({"19"}),
}
_GOLD_TYPOS = {"JAP": "JPN", "ITL": "ITA"}
_NOT_COUNTRIES = frozenset({"IGO", "NGO", "IMG", "MNC", "UIS", "---", ""})
DATE = date(2000, 1, 1)  # the gold records' nominal date


@dataclass
class PloverScores:
    sentences: int = 0
    tp: int = 0
    fp: int = 0
    fn: int = 0
    type_ok: int = 0
    typed: int = 0
    seconds: float = 0.0
    errors: list[dict] = field(default_factory=list)
    by_category: dict[str, list[int]] = field(default_factory=dict)  # PLOVER -> [right, n]
    sources: int = 0  # records whose gold source has a country
    source_found: int = 0  # ... and the first coded event names a source actor
    source_ok: int = 0  # ... whose affiliation is one of the gold source countries

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def type_accuracy(self) -> float:
        return self.type_ok / self.sentences if self.sentences else 0.0

    def as_dict(self) -> dict:
        return {
            "sentences": self.sentences,
            "actor_country_precision": round(self.precision, 4),
            "actor_country_recall": round(self.recall, 4),
            "actor_country_f1": round(self.f1, 4),
            "cameo_root_accuracy": round(self.type_accuracy, 4),
            "sentences_with_type": self.typed,
            "source_actor_coverage": round(self.source_found / self.sources, 4)
            if self.sources
            else 0.0,
            "source_actor_country_precision": round(self.source_ok / self.source_found, 4)
            if self.source_found
            else 0.0,
            "cameo_root_accuracy_by_category": {
                name: round(ok / n, 4) for name, (ok, n) in sorted(self.by_category.items())
            },
            "seconds": round(self.seconds, 2),
        }


def load_gold(path: Path) -> list[dict]:
    records = json.loads(path.read_text(encoding="utf-8"))
    return [r for r in records if r.get("event") in PLOVER_TO_ROOTS and r.get("text")]


def gold_countries(record: dict) -> set[str]:
    found = set()
    for side in ("source", "target"):
        actors = record.get(side) or []
        if isinstance(actors, str):  # a few records hold a stray string here
            continue
        for actor in actors:
            head = str(actor.get("code", ""))[:3].upper()
            head = _GOLD_TYPOS.get(head, head)
            if len(head) == 3 and head not in _NOT_COUNTRIES:
                found.add(head)
    return found


def _score_source(scores: PloverScores, record: dict, events: list[Event]) -> None:
    """Does the first coded event's source actor belong to a gold source country?"""
    gold = gold_countries({"source": record.get("source")})
    if not gold:
        return
    scores.sources += 1
    event = next((e for e in events if e.event_code), None)
    if event is None or not event.source_actor:
        return
    scores.source_found += 1
    scores.source_ok += event.source_country in gold


def first_code(events: list[Event]) -> str:
    return next((e.event_code for e in events if e.event_code), "")


def score(records: list[dict]) -> PloverScores:
    scores = PloverScores()
    started = time.perf_counter()
    for record in records:
        events = extract_events(Article(text=record["text"], published=DATE))
        predicted = {c for e in events for c in e.countries}
        gold = gold_countries(record)
        code = first_code(events)
        type_ok = code in PLOVER_TO_ROOTS[record["event"]]
        scores.sentences += 1
        scores.tp += len(predicted & gold)
        scores.fp += len(predicted - gold)
        scores.fn += len(gold - predicted)
        scores.type_ok += type_ok
        scores.typed += bool(code)
        _score_source(scores, record, events)
        tally = scores.by_category.setdefault(record["event"], [0, 0])
        tally[0] += type_ok
        tally[1] += 1
        if predicted != gold or not type_ok:
            scores.errors.append(
                {
                    "id": record.get("id"),
                    "text": record["text"],
                    "gold_event": record["event"],
                    "code": code,
                    "gold_countries": sorted(gold),
                    "countries": sorted(predicted),
                    "eventText": record.get("eventText", ""),
                }
            )
    scores.seconds = time.perf_counter() - started
    return scores


@click.command("plover")
@click.argument(
    "path", required=False, type=click.Path(exists=True, dir_okay=False, path_type=Path)
)
@click.option(
    "--split",
    type=SPLIT_CHOICE,
    default="all",
    help="Score the tuning half, the check half or both (default).",
)
@click.option("--json", "as_json", is_flag=True, help="Print JSON {split: figures}.")
@click.option(
    "--errors",
    "errors_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the mismatching sentences here as JSON lines.",
)
def plover_command(path: Path | None, split: str, as_json: bool, errors_path: Path | None) -> None:
    """Actor-country P/R/F1 and CAMEO root accuracy on PLOVER_GSR_CAMEO.txt, per split."""
    path = path or DEFAULT_GOLD
    if not path.exists():
        raise click.BadParameter(f"{path} not found; expected PLOVER_GSR_CAMEO.txt (JSON list)")
    parts = alternate(load_gold(path))
    results = {name: score(parts[name]) for name in wanted(split)}
    if len(results) > 1:
        results[TOTAL] = combine(list(results.values()))
    figures = {name: result.as_dict() for name, result in results.items()}
    click.echo(json.dumps(figures, indent=2) if as_json else side_by_side(figures))
    if errors_path:
        with errors_path.open("w", encoding="utf-8") as out:
            for name in wanted(split):
                for row in results[name].errors:
                    out.write(json.dumps({"split": name, **row}, ensure_ascii=False) + "\n")
