"""Score happenings on a story folder: articles with front matter plus a ``gold.json``.

``gold.json`` is a list of real dated happenings::

    {"date": "YYYY" | "YYYY-MM" | "YYYY-MM-DD", "what": "...", "actors": [...],
     "countries": ["ISO3", ...], "articles": ["file names that state it at that precision"],
     "articles_coarser": ["optional: files that state it less precisely"]}

Figures (issue 10):

- found: share of gold entries found as a happening with exactly the gold period, a country
  in common, and dated to that period by the text of one of the listed articles;
- happenings per found entry: how many happenings meet that test per found entry (1.0 means
  the reports of it were not split);
- text-dated happenings per gold entry: happenings dated by the text (not by publication),
  divided by the number of gold entries;
- happenings on no gold date: text-dated happenings whose period is no gold entry's period;
- key-date F1: the top k key dates (k = distinct gold periods) against the gold periods,
  tilse's date F1 on periods;
- one-to-one variants of the first two: each happening counts for the one entry it
  resembles most, so two entries of one day merged into one happening are not both found.
"""

from __future__ import annotations

import calendar
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import click

from dashboard.happenings.keydates import key_dates
from dashboard.happenings.model import TEXT_SOURCES, Happening

GOLD_FILE = "gold.json"
_PERIOD = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


@dataclass(frozen=True)
class GoldEntry:
    first: date
    last: date
    granularity: str
    what: str
    actors: tuple[str, ...]
    countries: frozenset[str]
    articles: frozenset[str]  # file names


def parse_period(text: str) -> tuple[date, date, str]:
    """'2025' -> the year, '2025-02' -> the month, '2025-02-17' -> the day."""
    match = _PERIOD.match(text.strip())
    if not match:
        raise ValueError(f"{text!r} is not a date; expected YYYY, YYYY-MM or YYYY-MM-DD")
    year, month, day = match.groups()
    y = int(year)
    if day:
        first = date(y, int(month), int(day))
        return first, first, "day"
    if month:
        m = int(month)
        return date(y, m, 1), date(y, m, calendar.monthrange(y, m)[1]), "month"
    return date(y, 1, 1), date(y, 12, 31), "year"


def load_gold(path: Path) -> list[GoldEntry]:
    """The gold entries; a bad entry raises ValueError naming the file, entry and field."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise ValueError(f"{path}: cannot read the gold list ({exc}); expected a JSON list "
                         "of entries") from exc
    if not isinstance(data, list):
        raise ValueError(f"{path}: expected a JSON list of entries, got {type(data).__name__}")
    entries = []
    for number, item in enumerate(data, start=1):
        try:
            first, last, grain = parse_period(str(item["date"]))
            entries.append(GoldEntry(first, last, grain, str(item.get("what", "")),
                                     tuple(item.get("actors") or ()),
                                     frozenset(item.get("countries") or ()),
                                     frozenset(item["articles"])))
        except (KeyError, TypeError, ValueError) as exc:
            raise ValueError(f"{path}: entry {number}: {exc}; expected date, countries and "
                             "articles") from exc
    return entries


def story_files(folder: Path) -> list[Path]:
    """The article files of a story folder (everything but gold.json, READMEs, hidden)."""
    return sorted(p for p in folder.iterdir() if p.is_file() and p.name != GOLD_FILE
                  and not p.name.startswith(".") and not p.name.lower().startswith("readme"))


def _matches(h: Happening, entry: GoldEntry, ids: frozenset[str]) -> bool:
    return (h.date_start == entry.first and h.date_end == entry.last
            and bool(entry.countries.intersection(h.countries))
            and bool(ids.intersection(h.dated_article_ids)))


def score_story(gold: Sequence[GoldEntry], happenings: Sequence[Happening],
                file_of: dict[str, str], sentences: dict[str, str] | None = None) -> dict:
    """The figures for one story; ``file_of`` maps article ids to their file names,
    ``sentences`` event ids to their evidence (for the one-to-one figures)."""
    ids_of: dict[str, set[str]] = {}
    for article_id, name in file_of.items():
        ids_of.setdefault(name, set()).add(article_id)
    text = [h for h in happenings if h.date_source in TEXT_SOURCES]
    hits: list[list[Happening]] = []
    for entry in gold:
        ids = frozenset(a for name in entry.articles for a in ids_of.get(name, ()))
        hits.append([h for h in text if _matches(h, entry, ids)])
    found = sum(1 for found_hits in hits if found_hits)
    per_found = sum(len(found_hits) for found_hits in hits)
    own = _one_to_one(gold, hits, sentences or {})
    own_found = sum(1 for mine in own if mine)
    periods = {(g.first, g.last) for g in gold}
    off = sum(1 for h in text if (h.date_start, h.date_end) not in periods)
    picked = [(k.date_start, k.date_end) for k in key_dates(happenings, limit=len(periods))]
    shared = len(periods.intersection(picked))
    return {
        "gold entries": len(gold),
        "found (share)": found / len(gold) if gold else None,
        "happenings per found entry": per_found / found if found else None,
        "text-dated happenings per gold entry": len(text) / len(gold) if gold else None,
        "happenings on no gold date": off,
        "key-date F1": _f1(shared, len(picked), len(periods)),
        "found, one-to-one (share)": own_found / len(gold) if gold else None,
        "happenings per found entry, one-to-one": (
            sum(len(mine) for mine in own) / own_found if own_found else None),
        "happenings (all)": len(happenings),
        "text-dated happenings": len(text),
    }


def _one_to_one(gold: Sequence[GoldEntry], hits: list[list[Happening]],
                sentences: dict[str, str]) -> list[list[Happening]]:
    """Each happening counted for one gold entry only: the one whose description it
    resembles most (content words of ``what`` and ``actors`` found in its members'
    sentences; the first listed on a tie). The issue's figures let one happening stand
    for two entries of the same day; these do not, so merging two of them shows."""
    from dashboard.happenings.words import content_words

    wanted = [set(content_words(" ".join([g.what, *g.actors]))) for g in gold]
    best: dict[str, tuple[float, int]] = {}
    for number, found in enumerate(hits):
        for h in found:
            said = set(content_words(" ".join(sentences.get(e, "") for e in h.event_ids)))
            overlap = len(wanted[number] & said) / (len(wanted[number]) or 1)
            if h.happening_id not in best or overlap > best[h.happening_id][0]:
                best[h.happening_id] = (overlap, number)
    return [[h for h in found if best[h.happening_id][1] == number]
            for number, found in enumerate(hits)]


def _f1(shared: int, picked: int, reference: int) -> float | None:
    if not picked or not reference:
        return None
    precision, recall = shared / picked, shared / reference
    return 0.0 if not shared else 2 * precision * recall / (precision + recall)


def run_story(folder: Path) -> dict:
    """Read, extract, group and score one story folder."""
    from dashboard.happenings.model import mention_of
    from dashboard.happenings.summary import build_happenings
    from dashboard.pipeline import IngestReport, extract_pairs, read_articles

    gold = load_gold(folder / GOLD_FILE)
    report = IngestReport()
    pairs = list(extract_pairs(read_articles(story_files(folder), report)))
    if report.skipped:
        raise ValueError(f"{folder}: an article could not be read: {report.skipped[0]}")
    file_of = {article.article_id: Path(article.path).name for article, _ in pairs}
    listed = {name for entry in gold for name in entry.articles}
    missing = sorted(listed - set(file_of.values()))
    if missing:
        raise ValueError(f"{folder / GOLD_FILE}: lists {missing[0]!r}, which is not an article "
                         f"file of {folder}")
    happenings = build_happenings(mention_of(e, a) for a, events in pairs for e in events)
    sentences = {e.event_id: e.sentence for _, events in pairs for e in events}
    figures = score_story(gold, happenings, file_of, sentences)
    figures["articles"] = len(pairs)
    figures["events"] = sum(len(events) for _, events in pairs)
    return figures


@click.command("story")
@click.argument("folders", nargs=-1, required=True,
                type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print JSON {story: figures}.")
def story_command(folders: tuple[Path, ...], as_json: bool) -> None:
    """Happenings against a story's gold.json: found entries, splitting, over-generation,
    key-date F1 (one column per story folder)."""
    from dashboard.evaluation.splits import side_by_side

    results = {}
    for folder in folders:
        try:
            results[folder.name] = run_story(folder)
        except ValueError as exc:
            raise click.ClickException(str(exc)) from exc
    click.echo(json.dumps(results, indent=2) if as_json else side_by_side(results))
