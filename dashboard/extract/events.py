"""Assemble Event records: one per dated statement, with its actors, countries, places and type.

Pure: the article's text, publication date and id in, events out. A sentence with its own DATE
expression(s) gives one event per distinct date; a sentence without one is dated by the
publication date (or left unresolved when that is unknown).
"""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter
from datetime import date
from typing import NamedTuple

from dashboard.extract.actors import find_actors
from dashboard.extract.places import find_places
from dashboard.extract.roles import country_actors, roles
from dashboard.extract.text import split_sentences
from dashboard.extract.tokens import Token, tokenise
from dashboard.extract.types import classify_tokens
from dashboard.models import (
    ActorMention,
    Article,
    Event,
    EventType,
    PlaceMention,
    Span,
    TimeExpression,
    event_id_for,
)

_SPECIFIC = {"city": 0, "capital": 1, "dateline": 2, "region": 3, "country": 9, "demonym": 9}


class _Context(NamedTuple):
    """What the whole article provides to each sentence."""

    actors: list[ActorMention]
    places: list[PlaceMention]
    times: list[TimeExpression]
    dateline: PlaceMention | None
    home: str  # the article's own country, for sentences that name none


class _DateChoice(NamedTuple):
    """The date part of an event: interval, granularity, text, source and TIMEX3 value."""

    first: date | None
    last: date | None
    granularity: str | None
    text: str
    source: str
    value: str = ""


def extract_events(article: Article) -> list[Event]:
    """Events of one article, in text order; ids are stable for the same input."""
    text = article.text
    if not text.strip():
        return []
    tokens = tokenise(text)
    places = find_places(text, tokens)
    actors = find_actors(text, places, tokens)
    starts = [t.start for t in tokens]
    times = _tag(text, article.published)
    dateline = next((p for p in places if p.kind == "dateline"), None)
    home = _home_country(places, dateline)
    context = _Context(actors, places, times, dateline, home)
    events: list[Event] = []
    seen: set[str] = set()
    for sentence in split_sentences(text):
        own = tokens[bisect_left(starts, sentence.start) : bisect_left(starts, sentence.end)]
        for event in _sentence_events(article, sentence, own, context):
            if event.event_id not in seen:
                seen.add(event.event_id)
                events.append(event)
    return events


def _home_country(places: list[PlaceMention], dateline: PlaceMention | None) -> str:
    """The article's own country: its dateline's, else the one its places name most often."""
    if dateline is not None:
        return dateline.country
    counts = Counter(p.country for p in places)
    return counts.most_common(1)[0][0] if counts else ""


def _tag(text: str, published: date | None) -> list[TimeExpression]:
    try:
        from dashboard.extract.dates import tag
    except ImportError:  # the date tagger is optional while it is being written
        return []
    # TIME values ("last night", "2:30 p.m. Tuesday") date an event to their day too.
    dated = (t for t in tag(text, published) if t.type in ("DATE", "TIME"))
    return sorted(dated, key=lambda t: t.start)


def _inside(items: list, span: Span) -> list:
    """Items (sorted by start) inside the span; bisect keeps long texts linear."""
    starts = _Starts(items)
    lo, hi = bisect_left(starts, span.start), bisect_left(starts, span.end)
    return [x for x in items[lo:hi] if x.end <= span.end]


class _Starts:
    """A read-only view of the items' start offsets, for bisect (no copy)."""

    __slots__ = ("items",)

    def __init__(self, items: list) -> None:
        self.items = items

    def __len__(self) -> int:
        return len(self.items)

    def __getitem__(self, i: int) -> int:
        return self.items[i].start


def _not_actors(places: list[PlaceMention], actors: list[ActorMention]) -> list[PlaceMention]:
    """Drop a "place" that is really part of an actor's name (Hamas is no German village)."""
    return [
        p
        for p in places
        if not any(a.start <= p.start and p.end <= a.end and a.country != p.country for a in actors)
    ]


def _sentence_events(
    article: Article,
    sentence: Span,
    tokens: list[Token],
    context: _Context,
) -> list[Event]:
    own_actors = _inside(context.actors, sentence)
    own_places = _not_actors(_inside(context.places, sentence), own_actors)
    etype, verb_at, passive = classify_tokens(tokens)
    dates = _dates(_inside(context.times, sentence), article.published)
    if not dates[0].text and not etype and not own_actors:
        return []  # no date, no event word, nobody: a caption, table row or aside
    candidates = own_actors + country_actors(own_places, own_actors, article.text)
    source, target = roles(sorted(candidates, key=lambda a: a.start), verb_at, passive)
    # a country becomes one of the event's actors when it is the source or the target
    own_actors = own_actors + [
        c for c in candidates if c.kind == "country" and c.name in (source, target)
    ]
    countries = {a.country for a in own_actors if a.country} | {p.country for p in own_places}
    inherited = not countries and bool(context.home)
    if inherited:  # "Teams resumed at 6 a.m." in a report from Baltimore happened there
        countries = {context.home}
    located = sorted(
        (p for p in own_places if p.lat is not None),
        key=lambda p: (_SPECIFIC.get(p.kind, 5), p.start),
    )
    return [
        _event(
            article,
            sentence,
            d,
            own_actors,
            own_places,
            countries,
            etype,
            source,
            target,
            located[0] if located else None,
            context.home,
            inherited,
        )
        for d in dates
    ]


def _dates(exprs: list[TimeExpression], published: date | None) -> list[_DateChoice]:
    choices: list[_DateChoice] = []
    seen = set()
    for e in exprs:
        key = (e.first, e.last, e.value)
        if key in seen:
            continue
        seen.add(key)
        if e.first is None or e.last is None:
            if e.relative and published is None:
                choices.append(_DateChoice(None, None, None, e.text, "unresolved", e.value))
            continue
        source = "relative" if e.relative else "explicit"
        grain = e.granularity or "day"  # a TIME has no calendar grain of its own
        choices.append(_DateChoice(e.first, e.last, grain, e.text, source, e.value))
    if choices:
        return choices
    if published is None:
        return [_DateChoice(None, None, None, "", "unresolved")]
    return [_DateChoice(published, published, "day", "", "publication")]


def _event(
    article: Article,
    sentence: Span,
    when: _DateChoice,
    actors: list[ActorMention],
    places: list[PlaceMention],
    countries: set[str],
    etype: EventType | None,
    source: str,
    target: str,
    located: PlaceMention | None,
    home: str,
    inherited: bool = False,
) -> Event:
    names = tuple(sorted({a.name for a in actors}))
    place_names = tuple(
        dict.fromkeys(p.name for p in places if p.kind not in ("country", "demonym"))
    )
    return Event(
        event_id=event_id_for(article.article_id, sentence.start, sentence.end, when.text),
        article_id=article.article_id,
        date_start=when.first,
        date_end=when.last,
        granularity=when.granularity,
        date_text=when.text,
        date_source=when.source,
        sentence=sentence.text,
        start=sentence.start,
        end=sentence.end,
        actors=names,
        countries=tuple(sorted(countries)),
        places=place_names,
        event_code=etype.code if etype else "",
        event_name=etype.name if etype else "",
        quad_class=etype.quad_class if etype else None,
        confidence=_confidence(when, etype, names, countries),
        source_actor=source,
        target_actor=target,
        lat=located.lat if located else None,
        lon=located.lon if located else None,
        country_inherited=inherited,
        extra=_extra(
            actors, places, when, located, _primary_country(located, places, actors), home
        ),
    )


def _confidence(when: _DateChoice, etype: EventType | None, names: tuple, countries: set) -> float:
    score = 0.3
    score += 0.25 if when.source in ("explicit", "relative") else 0.05
    score += 0.2 if etype else 0.0
    score += 0.1 if names else 0.0
    score += 0.05 if countries else 0.0
    return round(min(score, 0.95), 2)


def _primary_country(
    located: PlaceMention | None, places: list[PlaceMention], actors: list[ActorMention]
) -> str:
    """Where it happened: the most specific place, else the first place, else an actor's."""
    if located is not None:
        return located.country
    countries = [p.country for p in places] + [a.country for a in actors]
    return next((country for country in countries if country), "")


def _extra(
    actors: list[ActorMention],
    places: list[PlaceMention],
    when: _DateChoice,
    located: PlaceMention | None,
    country: str,
    home: str,
) -> dict:
    """Provenance and detail beyond the Event fields (titles, affiliations, where)."""
    extra: dict = {"country": country} if country else {}
    if not country and home:
        extra.update(country=home, country_source="article")
    titles = {a.name: a.title for a in actors if a.title}
    if titles:
        extra["titles"] = titles
    affiliations = {a.name: a.country for a in actors if a.country}
    if affiliations:
        extra["affiliations"] = affiliations
    if when.value:
        extra["timex"] = when.value
    if located is not None:
        extra["location"] = located.name
    written = [p.text for p in places if p.kind not in ("country", "demonym") and p.text != p.name]
    if written:
        extra["place_text"] = written  # as written, when it differs from the canonical name
    return extra
