"""The records that flow through Eventline: plain frozen dataclasses, no I/O.

Extraction (``dashboard.extract``) produces them, the store persists them and the
dashboard shows them. Offsets are character offsets into ``Article.text``, end exclusive.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date

# Granularities, finest first; a year-only mention stays "year" and never gains a day.
GRANULARITIES = ("day", "week", "month", "quarter", "year", "decade")

# Where an event's date came from.
DATE_SOURCES = ("explicit", "relative", "publication", "unresolved")


def article_id_for(text: str, url: str | None = None) -> str:
    """A stable id: hash of the whitespace-normalised text, plus the URL when known."""
    normalised = " ".join(text.split())
    key = normalised if not url else f"{url}\n{normalised}"
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True, slots=True)
class Article:
    """One news article as read from a file; ``published`` may be unknown."""

    text: str
    title: str = ""
    published: date | None = None
    source: str = ""
    url: str = ""
    language: str = "en"
    path: str = ""
    article_id: str = ""

    def __post_init__(self) -> None:
        if not self.article_id:
            object.__setattr__(self, "article_id", article_id_for(self.text, self.url or None))


@dataclass(frozen=True, slots=True)
class Span:
    """A piece of text with its offsets (a sentence, a name, a date phrase)."""

    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class TimeExpression:
    """A temporal expression, normalised as a TimeML TIMEX3.

    ``value`` is the TIMEX3 value ("2025-02-17", "2021", "2025-W07", "P3D", "PRESENT_REF",
    "XXXX-WXX-1" ...). ``first``/``last`` is the interval of days it denotes, or None when it
    denotes no calendar interval (durations, sets, unresolved relative dates).
    ``granularity`` is one of GRANULARITIES for DATE values, else None.
    ``relative`` is True when the value depended on the reference date.
    """

    start: int
    end: int
    text: str
    type: str  # DATE, TIME, DURATION, SET
    value: str
    mod: str = ""  # TimeML modifier: START, MID, END, APPROX, LESS_THAN, MORE_THAN ...
    first: date | None = None
    last: date | None = None
    granularity: str | None = None
    relative: bool = False


@dataclass(frozen=True, slots=True)
class ActorMention:
    """A mention of an actor, resolved to a canonical name and (if known) a country."""

    start: int
    end: int
    text: str
    name: str  # canonical name, e.g. "Yoshimasa Hayashi"
    country: str | None = None  # ISO-3 affiliation, e.g. "JPN"
    kind: str = ""  # person, organisation, government, group, ...
    title: str = ""  # e.g. "Chief Cabinet Secretary"


@dataclass(frozen=True, slots=True)
class PlaceMention:
    """A mention of a country or a place inside one."""

    start: int
    end: int
    text: str
    name: str  # canonical place name ("Japan", "Tokyo")
    country: str  # ISO-3
    kind: str = "country"  # country, demonym, capital, city, dateline, region
    lat: float | None = None
    lon: float | None = None


@dataclass(frozen=True, slots=True)
class EventType:
    """A CAMEO root code ("01".."20") with its name and quad class (1..4)."""

    code: str
    name: str
    quad_class: int


@dataclass(frozen=True, slots=True)
class Event:
    """One dated thing that happened, with the sentence that says so."""

    event_id: str
    article_id: str
    date_start: date | None
    date_end: date | None
    granularity: str | None
    date_text: str
    date_source: str  # one of DATE_SOURCES
    sentence: str
    start: int  # offsets of the evidence sentence in the article
    end: int
    actors: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    places: tuple[str, ...] = ()
    event_code: str = ""
    event_name: str = ""
    quad_class: int | None = None
    confidence: float = 0.5
    source_actor: str = ""
    target_actor: str = ""
    lat: float | None = None
    lon: float | None = None
    # Where it happened: the country of the event's most specific place, else of its first
    # place or actor, else the article's own country (its dateline's).
    primary_country: str = ""
    source_country: str = ""  # ISO-3 affiliation of source_actor, when known
    target_country: str = ""  # ... and of target_actor
    timex_value: str = ""  # TimeML TIMEX3 value of date_text ("2025-02-17", "2021-W07")
    # Place names as the text writes them, where that differs from the name in ``places``.
    places_written: tuple[str, ...] = ()
    # Provenance: "article" for extracted events; imported datasets ("gdelt", "acled") give
    # their own id and type, and GDELT its Goldstein score, ACLED its fatalities.
    origin: str = "article"
    origin_id: str | None = None
    origin_type: str | None = None
    goldstein: float | None = None
    fatalities: int | None = None
    admin1: str | None = None  # first-level region: ACLED admin1, GDELT's action place
    num_articles: int | None = None  # GDELT NumArticles: documents that mention the event
    num_sources: int | None = None  # GDELT NumSources: distinct sources that mention it
    # The sentence names no country: ``countries`` is its article's home country (the
    # dateline's, else the one its places name most), not something the sentence says.
    country_inherited: bool = False


def event_id_for(article_id: str, start: int, end: int, date_text: str) -> str:
    """A stable event id: the same article and evidence always give the same id."""
    key = f"{article_id}:{start}:{end}:{date_text}"
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True, slots=True)
class SavedView:
    """A named view: the page, its filters (``Filters.as_dict()``) and the page's choices
    (such as the timeline's colour). Kept in the store, so views travel with the data."""

    name: str
    page: str
    filters: dict = field(default_factory=dict, hash=False)
    choices: dict = field(default_factory=dict, hash=False)


@dataclass(frozen=True, slots=True)
class Note:
    """An analyst's note on a day or period ("ceasefire announced"), kept with the data.

    The text, author and link are user text: shown as text everywhere, never as markup."""

    date_start: date
    date_end: date
    text: str
    author: str = ""
    link: str = ""
    note_id: str = ""

    def __post_init__(self) -> None:
        if not self.note_id:
            key = f"{self.date_start}:{self.date_end}:{self.author}:{self.text}"
            object.__setattr__(self, "note_id", hashlib.sha1(key.encode()).hexdigest()[:12])
