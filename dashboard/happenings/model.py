"""Records of the happenings engine: the mention it groups and the happening it builds.

Pure: no pandas, no files, no clock. A ``Mention`` is an extracted ``Event`` seen together with
the article that reports it (its publication day, outlet and title), since grouping needs both.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date

from dashboard.models import Article, Event

TEXT_SOURCES = ("explicit", "relative")  # the text itself dates the mention


@dataclass(frozen=True, slots=True)
class Mention:
    """One event mention with what its article says about it (who published it, when)."""

    event_id: str
    article_id: str
    published: date | None
    source: str
    title: str
    url: str
    date_start: date | None
    date_end: date | None
    granularity: str | None
    date_source: str
    date_text: str
    sentence: str
    start: int
    actors: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    places: tuple[str, ...] = ()
    event_code: str = ""
    event_name: str = ""
    lat: float | None = None
    lon: float | None = None
    sentence_dates: int = 1  # events from the same sentence (one per date it names)
    timex_value: str = ""  # TIMEX3 value of date_text: "2025-03-12T12:00" is a time of day

    @property
    def text_dated(self) -> bool:
        return self.date_source in TEXT_SOURCES and self.date_start is not None

    @property
    def order(self) -> tuple:
        """The fixed processing order: first reported first, then place in the article.

        Undated articles come last; the event id breaks the last ties (two dates in one
        sentence), so the order never depends on the order the input arrived in."""
        return (self.published or date.max, self.article_id, self.start, self.event_id)


def mention_of(event: Event, article: Article) -> Mention:
    return Mention(
        event_id=event.event_id, article_id=event.article_id, published=article.published,
        source=article.source, title=article.title, url=article.url,
        date_start=event.date_start, date_end=event.date_end, granularity=event.granularity,
        date_source=event.date_source, date_text=event.date_text, sentence=event.sentence,
        start=event.start, actors=event.actors, countries=event.countries,
        places=event.places, event_code=event.event_code, event_name=event.event_name,
        lat=event.lat, lon=event.lon, timex_value=event.timex_value,
    )


def with_sentence_dates(mentions: Iterable[Mention]) -> list[Mention]:
    """The mentions with ``sentence_dates`` counted: a sentence naming two dates ("the
    court on Friday sentenced the men who attacked the port on 14 June") is mainly about
    one of them, which matters when choosing a headline."""
    found = list(mentions)
    counts = Counter((m.article_id, m.start) for m in found)
    return [m if counts[m.article_id, m.start] == m.sentence_dates
            else replace(m, sentence_dates=counts[m.article_id, m.start]) for m in found]


def block_key(mention: Mention) -> str:
    """The block a mention is grouped in; mentions of different blocks never share a text
    happening. Text-dated: its exact period (conflicting dates stay apart); dated by the
    publication day: that day; undated: its own article. ``store.BLOCK_SQL`` is the same
    function in SQL (a test checks they agree)."""
    if mention.date_start is None or mention.date_end is None:
        return f"u:{mention.article_id}"
    if mention.date_source == "publication":
        return f"p:{mention.date_start.isoformat()}"
    grain = mention.granularity or "day"
    return f"t:{grain}:{mention.date_start.isoformat()}:{mention.date_end.isoformat()}"


def happening_id_for(founder_event_id: str) -> str:
    """A happening is named after its founding member: the first in the fixed order."""
    return hashlib.sha1(f"happening:{founder_event_id}".encode()).hexdigest()[:16]


@dataclass(frozen=True, slots=True)
class Happening:
    """A real-world event as reported by one or more mentions (see DESIGN.md, "Happening")."""

    happening_id: str
    date_start: date | None
    date_end: date | None
    granularity: str | None
    date_source: str  # explicit / relative / publication / unresolved
    date_text: str  # the date as most members write it ("Monday", "17 February")
    headline: str
    event_code: str
    event_name: str
    actors: tuple[str, ...]
    countries: tuple[str, ...]
    places: tuple[str, ...]
    lat: float | None
    lon: float | None
    mentions: int
    articles: int
    sources: int
    first_reported: date | None
    article_ids: tuple[str, ...]
    titles: tuple[str, ...]
    event_ids: tuple[str, ...]
    outlets: tuple[str, ...]  # distinct sources, for the source filter
    dated_article_ids: tuple[str, ...]  # articles that date it in their text (key dates)
    article_sources: tuple[str, ...] = ()  # per article id: its source, for links
    article_urls: tuple[str, ...] = ()  # per article id: its URL
    last_reported: date | None = None  # not stored: the store computes it when ranking
