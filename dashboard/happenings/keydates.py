"""Key dates: the days and periods most articles date a happening to, in their own text.

Pure. A date counts the distinct articles whose text dates a happening there (not the
mentions, so one long article does not outweigh ten short ones). Publication days are only a
fallback, after every date the texts give, so a quiet week of reporting cannot bury the day
the story is about.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from dashboard.happenings.model import TEXT_SOURCES, Happening
from dashboard.models import GRANULARITIES


@dataclass(frozen=True, slots=True)
class KeyDate:
    date_start: date
    date_end: date
    granularity: str
    articles: int  # distinct articles dating a happening here (or published here, fallback)
    happenings: int
    mentions: int
    headline: str  # of the most reported happening here
    kind: str  # "text" or "publication"
    planned: bool = False  # every happening here lies after its last report: only a plan


def key_dates(happenings: Iterable[Happening], limit: int = 10,
              grains: tuple[str, ...] | None = None) -> list[KeyDate]:
    """The ``limit`` key dates, best first; ``grains`` keeps only those granularities."""
    text: dict[tuple, list[Happening]] = defaultdict(list)
    published: dict[tuple, list[Happening]] = defaultdict(list)
    for h in happenings:
        if h.date_start is None or h.date_end is None:
            continue
        grain = h.granularity or "day"
        if grains is not None and grain not in grains:
            continue
        period = (h.date_start, h.date_end, grain)
        (text if h.date_source in TEXT_SOURCES else published)[period].append(h)
    ranked = _ranked(text, "text", lambda h: h.dated_article_ids)
    seen = {(k.date_start, k.date_end, k.granularity) for k in ranked}
    fallback = [k for k in _ranked(published, "publication", lambda h: h.article_ids)
                if (k.date_start, k.date_end, k.granularity) not in seen]
    return (ranked + fallback)[:limit]


def _ranked(groups: dict[tuple, list[Happening]], kind: str, articles_of) -> list[KeyDate]:
    found = []
    for (first, last, grain), members in groups.items():
        articles = {a for h in members for a in articles_of(h)}
        top = max(members, key=lambda h: (h.articles, h.mentions, h.happening_id))
        found.append(KeyDate(first, last, grain, len(articles), len(members),
                             sum(h.mentions for h in members), top.headline, kind,
                             all(_planned(h) for h in members)))
    # On a tie what happened before what was only planned ("will lift the tariffs from June
    # 1"), then the finer period: a day says more than the year around it.
    return sorted(found, key=lambda k: (-k.articles, k.planned, -k.mentions,
                                        _FINE.get(k.granularity, 9), k.date_start,
                                        k.date_end))


def _planned(happening: Happening) -> bool:
    """Does the happening lie after the last day it was reported on (a plan nobody reported
    as done; "the court will rule on 12 January", then "the court ruled", is not)?"""
    reported = happening.last_reported
    return reported is not None and happening.date_start is not None and (
        happening.date_start > reported)


_FINE = {name: rank for rank, name in enumerate(GRANULARITIES)}
