"""Actors, countries and event types in languages other than English.

There is no public gold for actors and event types in Spanish, French, German, Portuguese or
Italian news at hand, so two measures:

- ``lang-gold``: hand-made sentences (tests/data/extract_<lang>.jsonl, written for Eventline,
  each with the event type, countries and actors expected; the tests run them too): how many
  cases pass, event-type accuracy, country precision/recall, actor recall and how often a
  name that is no actor ("Gobierno", "Protestas") is kept out;
- ``lang-coverage``: on any JSON Lines file of articles (``text``, ``date``, ``lang``), the
  share of events with a type, a country and an actor, and the most frequent actors. It says
  how much is found, not whether it is right: read the top actors and a sample.

Splits: gold sentences and articles alternate between tuning and check (see ``splits``).
"""

from __future__ import annotations

import json
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import click

from dashboard.evaluation.corpus import jsonl_articles
from dashboard.evaluation.splits import (
    SPLIT_CHOICE,
    TOTAL,
    alternate,
    combine,
    side_by_side,
    wanted,
)
from dashboard.extract.actors import find_actors
from dashboard.extract.events import extract_events
from dashboard.extract.resources import default_resources
from dashboard.models import Article, Event
from dashboard.paths import PROJECT_ROOT

GOLD_LANGUAGES = ("es", "fr", "de", "pt", "it")
GOLD_FOLDER = PROJECT_ROOT / "tests" / "data"
_DEFAULT_DAY = date(2011, 3, 1)


def gold_path(lang: str) -> Path:
    return GOLD_FOLDER / f"extract_{lang}.jsonl"


def gold_cases(lang: str) -> list[dict]:
    path = gold_path(lang)
    if not path.is_file():
        raise click.ClickException(
            f"{path} is missing: the gold sentences ship with the source checkout, not the wheel"
        )
    cases = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if line.strip():
            try:
                cases.append(json.loads(line))
            except json.JSONDecodeError as error:
                raise click.ClickException(f"{path}:{number}: not JSON ({error})") from error
    return cases


def _events(lang: str, case: dict) -> list[Event]:
    published = date.fromisoformat(case["published"]) if case.get("published") else _DEFAULT_DAY
    return extract_events(Article(text=case["text"], published=published, language=lang))


def check_case(lang: str, case: dict) -> list[str]:
    """What the case expects and extraction did not give (empty: the case passes)."""
    events = _events(lang, case)
    if case.get("no_events"):
        return [f"expected no event, got {len(events)}"] if events else []
    if not events:
        return ["no event"]
    problems = []
    event = events[0]
    if "code" in case and (event.event_code or None) != case["code"]:
        problems.append(f"event type {event.event_code or None!r}, expected {case['code']!r}")
    countries = {c for e in events for c in e.countries}
    missing = set(case.get("countries", [])) - countries
    if missing:
        problems.append(f"countries {sorted(countries)}, missing {sorted(missing)}")
    names = {a for e in events for a in e.actors}
    mentions = {m.name: m for m in find_actors(case["text"], resources=_resources(lang))}
    for expected in case.get("actors", []):
        mention = mentions.get(expected["name"])
        if expected["name"] not in names or mention is None:
            problems.append(f"actor {expected['name']!r} missing from {sorted(names)}")
            continue
        for key in ("country", "title"):
            if key in expected and getattr(mention, key) != expected[key]:
                problems.append(f"{expected['name']}: {key} {getattr(mention, key)!r}")
    problems.extend(f"{name!r} taken for an actor" for name in case.get("absent", [])
                    if name in names)  # fmt: skip
    return problems


def _resources(lang: str):
    return default_resources().for_language(lang)


@dataclass
class GoldScores:
    cases: int = 0
    passed: int = 0
    typed_gold: int = 0  # cases that give an event type (or none) to check
    type_ok: int = 0
    country_tp: int = 0
    country_fp: int = 0
    country_fn: int = 0
    actors_gold: int = 0
    actors_found: int = 0
    absent_gold: int = 0
    absent_ok: int = 0
    errors: list[dict] = field(default_factory=list)

    def as_dict(self) -> dict:
        def ratio(a: int, b: int) -> float:
            return round(a / b, 4) if b else 0.0

        return {
            "cases": self.cases,
            "cases_passed": ratio(self.passed, self.cases),
            "event_type_accuracy": ratio(self.type_ok, self.typed_gold),
            "country_precision": ratio(self.country_tp, self.country_tp + self.country_fp),
            "country_recall": ratio(self.country_tp, self.country_tp + self.country_fn),
            "actor_recall": ratio(self.actors_found, self.actors_gold),
            "non_actors_kept_out": ratio(self.absent_ok, self.absent_gold),
        }


def score_gold(lang: str, cases: list[dict]) -> GoldScores:
    scores = GoldScores()
    for case in cases:
        scores.cases += 1
        problems = check_case(lang, case)
        scores.passed += not problems
        if problems:
            scores.errors.append({"lang": lang, "text": case["text"], "problems": problems})
        if case.get("no_events"):
            continue
        events = _events(lang, case)
        code = events[0].event_code if events else ""
        if "code" in case:
            scores.typed_gold += 1
            scores.type_ok += (code or None) == case["code"]
        found = {c for e in events for c in e.countries}
        gold = set(case.get("countries", []))
        if gold:  # a case that lists no countries does not say there are none
            scores.country_tp += len(found & gold)
            scores.country_fp += len(found - gold)
            scores.country_fn += len(gold - found)
        names = {a for e in events for a in e.actors}
        scores.actors_gold += len(case.get("actors", []))
        scores.actors_found += sum(a["name"] in names for a in case.get("actors", []))
        scores.absent_gold += len(case.get("absent", []))
        scores.absent_ok += sum(name not in names for name in case.get("absent", []))
    return scores


@click.command("lang-gold")
@click.option("--lang", "languages", multiple=True, type=click.Choice(GOLD_LANGUAGES),
              help="Languages to score (default: all).")
@click.option("--split", type=SPLIT_CHOICE, default="all",
              help="Score the tuning half, the check half or both (default).")
@click.option("--errors", is_flag=True, help="List the failing sentences after the table.")
def lang_gold_command(languages: tuple[str, ...], split: str, errors: bool) -> None:
    """Actors, countries and event types on the hand-made sentences of each language
    (tests/data/extract_<lang>.jsonl)."""
    columns: dict[str, dict] = {}
    failures: list[dict] = []
    for lang in languages or GOLD_LANGUAGES:
        parts = alternate(gold_cases(lang))
        scored = [score_gold(lang, parts[name]) for name in wanted(split)]
        for name, scores in zip(wanted(split), scored, strict=True):
            columns[f"{lang} {name}"] = scores.as_dict()
        total = combine(scored)
        columns[f"{lang} {TOTAL}"] = total.as_dict()
        failures += total.errors
    click.echo(side_by_side(columns))
    if errors:
        for failure in failures:
            click.echo(f"{failure['lang']}: {failure['text']}\n    " +
                       "; ".join(failure["problems"]))


@dataclass
class Coverage:
    articles: int = 0
    events: int = 0
    typed: int = 0
    with_country: int = 0
    with_actor: int = 0
    articles_with_event: int = 0
    articles_with_country_and_actor: int = 0  # an event naming both a country and an actor
    seconds: float = 0.0
    actors: dict[str, list[int]] = field(default_factory=dict)  # name -> [count]

    def as_dict(self) -> dict:
        def share(n: int) -> float:
            return round(n / self.events, 4) if self.events else 0.0

        return {
            "articles": self.articles,
            "events": self.events,
            "share_typed": share(self.typed),
            "share_with_country": share(self.with_country),
            "share_with_actor": share(self.with_actor),
            "articles_with_event": self.articles_with_event,
            "articles_with_country_and_actor": self.articles_with_country_and_actor,
            "seconds": round(self.seconds, 2),
        }


def coverage(articles: list[Article]) -> Coverage:
    result = Coverage()
    started = time.perf_counter()
    counts: Counter[str] = Counter()
    for article in articles:
        result.articles += 1
        events = extract_events(article)
        result.articles_with_event += bool(events)
        result.articles_with_country_and_actor += any(e.countries and e.actors for e in events)
        for event in events:
            result.events += 1
            result.typed += bool(event.event_code)
            result.with_country += bool(event.countries)
            result.with_actor += bool(event.actors)
            counts.update(event.actors)
    result.seconds = time.perf_counter() - started
    result.actors = {name: [n] for name, n in counts.items()}
    return result


@click.command("lang-coverage")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--language", default=None,
              help="Read every article in this language (default: the file's lang field).")
@click.option("--top", default=30, show_default=True, help="How many top actors to list.")
@click.option("--split", type=SPLIT_CHOICE, default="all",
              help="Score the tuning half, the check half or both (default).")
def lang_coverage_command(path: Path, language: str | None, top: int, split: str) -> None:
    """Share of events with a type, a country and an actor, and the top actors, on a JSON
    Lines file of articles (no gold: what is found, not whether it is right)."""
    try:
        parts = alternate(list(jsonl_articles(path, language=language)))
    except ValueError as exc:
        raise click.ClickException(str(exc)) from exc
    scored = {name: coverage(parts[name]) for name in wanted(split)}
    columns = {name: scores.as_dict() for name, scores in scored.items()}
    total = combine(list(scored.values()))
    columns[TOTAL] = total.as_dict()
    click.echo(side_by_side(columns))
    ranked = sorted(total.actors.items(), key=lambda item: (-item[1][0], item[0]))[:top]
    click.echo(f"\ntop {len(ranked)} actors ({TOTAL}):")
    for name, (n,) in ranked:
        click.echo(f"  {n:6d}  {name}")
