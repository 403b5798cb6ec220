"""Key dates against a journalist's timeline (tilse format), with tilse's date F1.

Reference: ``YYYY-MM-DD`` lines, each followed by the entry's sentences and a line of dashes
(see ../shared/data/timelines/README.md). With k = the number of distinct reference dates,
each method picks k days; P = shared / picked, R = shared / k, F1 = 2PR / (P + R).

Methods, printed side by side in one run:

- key dates: days ranked by the distinct articles whose text dates a happening there
  (``happenings.keydates``), publication days only as a fallback;
- publication count: the days on which the most articles were published (PUBCOUNT);
- mention count: the days the text-dated event mentions name most often (every mention
  counts, as in news-tls's date-mention baseline, with our tagger).

Below them, the ceiling of all three: the reference dates that any text dates (to the day) or
that an article was published on. A reference date nobody wrote about cannot be picked.

Then the same three within the reference timeline's span, the protocol of the published
figures (news-tls, Ghalandari & Ifrim 2020, whose date F1 the timelines README lists): articles
published outside the span's first..last reference date are left out, and so are picked days
outside it.

Articles: any files Eventline reads; a JSON Lines file (``.jsonl``/``.jsonl.gz``) with
``--topic`` keeps only the records whose ``topic`` field matches (as in the ML-Crisis file).
The extraction is the same for every language, so a language the tagger does not read yet
scores at the publication-count level.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import date
from itertools import islice
from pathlib import Path

import click

from dashboard.evaluation.corpus import jsonl_articles
from dashboard.models import Article

_DAY_LINE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def read_reference(path: Path) -> list[date]:
    """The distinct dates of a tilse-format timeline, in file order."""
    days: dict[date, None] = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        text = line.strip()
        if _DAY_LINE.match(text):
            try:
                days.setdefault(date.fromisoformat(text), None)
            except ValueError as exc:
                raise ValueError(f"{path}:{number}: {text!r} is not a calendar date") from exc
    if not days:
        raise ValueError(f"{path}: no YYYY-MM-DD date lines; expected a tilse-format timeline")
    return list(days)


def date_f1(picked: Sequence[date], reference: Sequence[date]) -> dict:
    shared = len(set(picked) & set(reference))
    precision = shared / len(picked) if picked else 0.0
    recall = shared / len(reference) if reference else 0.0
    f1 = 2 * precision * recall / (precision + recall) if shared else 0.0
    return {"picked": len(picked), "shared": shared, "P": precision, "R": recall, "F1": f1}


Span = tuple[date, date] | None  # first and last day a method may pick, or any


def _first(days: Iterable[date], k: int, span: Span = None) -> list[date]:
    """The first k of ranked days, those inside ``span`` only."""
    if span is not None:
        days = (day for day in days if span[0] <= day <= span[1])
    return list(islice(days, k))


def _top(counts: Counter, k: int, span: Span = None) -> list[date]:
    """The k most counted days; ties go to the earlier day (a fixed, stated rule)."""
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    return _first((day for day, _ in ranked), k, span)


def pubcount_days(articles: Iterable[Article], k: int, span: Span = None) -> list[date]:
    return _top(Counter(a.published for a in articles if a.published), k, span)


def _text_dated_days(mentions: Iterable) -> list[date]:
    """The day of every mention its text dates to one day (one entry per mention)."""
    return [m.date_start for m in mentions
            if m.text_dated and (m.granularity or "day") == "day" and m.date_start == m.date_end]


def mention_count_days(mentions: Iterable, k: int, span: Span = None) -> list[date]:
    return _top(Counter(_text_dated_days(mentions)), k, span)


def key_date_days(happenings, k: int, span: Span = None) -> list[date]:
    from dashboard.happenings.keydates import key_dates

    ranked = key_dates(happenings, limit=k if span is None else len(happenings) + 1,
                       grains=("day",))
    return _first((kd.date_start for kd in ranked if kd.date_start == kd.date_end), k, span)


def score(reference: Sequence[date], articles: Sequence[Article], workers: int = 1) -> dict:
    """{method: figures} for the three methods on one reference timeline."""
    from dashboard.happenings.model import mention_of
    from dashboard.pipeline import extract_found
    from dashboard.readers import Found

    mentions = []
    for item in extract_found((Found(a, "metadata") for a in articles), workers=workers):
        if isinstance(item, tuple):
            found, events = item
            mentions += [mention_of(e, found.article) for e in events]
    results = _methods(reference, articles, mentions, None)
    span = (min(reference), max(reference))
    inside = [a for a in articles if a.published and span[0] <= a.published <= span[1]]
    kept = {a.article_id for a in inside}
    within = _methods(reference, inside, [m for m in mentions if m.article_id in kept], span)
    return {**results, "_within": within}


def _methods(reference: Sequence[date], articles: Sequence[Article], mentions: list,
             span: Span) -> dict:
    from dashboard.happenings.summary import build_happenings

    k = len(reference)
    happenings = build_happenings(mentions)
    dated = set(_text_dated_days(mentions))
    reachable = set(reference) & (dated | {a.published for a in articles if a.published})
    return {
        "key dates (happenings)": date_f1(key_date_days(happenings, k, span), reference),
        "publication count": date_f1(pubcount_days(articles, k, span), reference),
        "mention count": date_f1(mention_count_days(mentions, k, span), reference),
        "_counts": {"articles": len(articles), "events": len(mentions),
                    "happenings": len(happenings), "k": k, "reachable": len(reachable)},
    }


def load_articles(paths: Sequence[Path], topic: str | None) -> list[Article]:
    from dashboard.pipeline import IngestReport, read_articles

    articles: list[Article] = []
    rest = []
    for path in paths:
        if topic and path.name.endswith((".jsonl", ".jsonl.gz")):
            articles += jsonl_articles(path, topic=topic)
        else:
            rest.append(path)
    if rest:
        articles += read_articles(rest, IngestReport())
    return articles


@click.command("tls")
@click.argument("reference", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.argument("articles", nargs=-1, required=True, type=click.Path(exists=True,
                                                                      path_type=Path))
@click.option("--topic", help="Keep only JSON Lines records whose 'topic' is this.")
@click.option("--workers", type=click.IntRange(min=1), default=1, show_default=True,
              help="Extraction processes.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON {method: figures}.")
def tls_command(reference: Path, articles: tuple[Path, ...], topic: str | None, workers: int,
                as_json: bool) -> None:
    """Key dates against a tilse-format REFERENCE timeline: date F1 with k = its number of
    dates, beside the publication-count and mention-count baselines."""
    from dashboard.evaluation.splits import side_by_side

    try:
        days = read_reference(reference)
        found = load_articles(articles, topic)
    except (ValueError, OSError) as exc:
        raise click.ClickException(str(exc)) from exc
    if not found:
        what = f" with topic {topic!r}" if topic else ""
        raise click.ClickException(f"no article{what} in {', '.join(map(str, articles))}")
    results = score(days, found, workers)
    counts = results.pop("_counts")
    within = results.pop("_within")
    within_counts = within.pop("_counts")
    if as_json:
        click.echo(json.dumps({"counts": counts, **results,
                               "within reference span": {"counts": within_counts, **within}},
                              indent=2))
        return
    click.echo(f"{reference.name}: k = {counts['k']} reference dates; {counts['articles']} "
               f"articles, {counts['events']} events, {counts['happenings']} happenings")
    click.echo(side_by_side(results))
    click.echo(f"reference dates that some text dates or that articles were published on: "
               f"{counts['reachable']} of {counts['k']}; no method that picks days from those "
               f"can pass F1 {counts['reachable'] / counts['k']:.4f}")
    click.echo(f"\nwithin the reference span {min(days)} .. {max(days)} (the published "
               f"figures' protocol): {within_counts['articles']} articles published in it, "
               f"days outside it not picked")
    click.echo(side_by_side(within))
    click.echo(f"reachable: {within_counts['reachable']} of {within_counts['k']} (F1 at most "
               f"{within_counts['reachable'] / within_counts['k']:.4f})")
