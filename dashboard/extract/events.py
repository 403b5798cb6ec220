"""Assemble Event records: one per dated statement, with its actors, countries, places and type.

Pure: the article's text, publication date and id in, events out. A sentence with its own DATE
expression(s) gives one event per distinct date; a sentence without one is dated by the
publication date (or left unresolved when that is unknown).
"""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter
from collections.abc import Iterator
from datetime import date
from operator import attrgetter
from typing import NamedTuple

from dashboard.extract.actors import find_actors
from dashboard.extract.casing import as_written, readable_case
from dashboard.extract.credits import boilerplate_spans
from dashboard.extract.places import find_places
from dashboard.extract.resources import Resources, default_resources
from dashboard.extract.roles import country_actors, roles
from dashboard.extract.spans import covering
from dashboard.extract.text import bounded_sentences
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

    res: Resources
    actors: _Cursor
    places: _Cursor
    times: _Cursor
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


def extract_events(article: Article, resources: Resources | None = None) -> list[Event]:
    """Events of one article, in text order; ids are stable for the same input.

    ``resources``: the dictionaries to match against (default: the process-wide ones).
    """
    text = article.text
    if not text.strip():
        return []
    # An article built without a language ("") is read in the one its text shows.
    language = article.language or _identified(text)
    # Names, places and event types are read with the tables of the article's language.
    res = (resources or default_resources()).for_language(language)
    # Names are matched in a copy whose capitals-only stretches ("UNITED STATES ACCUSES JAPAN")
    # are re-cased; it has the same length, so offsets and sentences are the original's.
    cased, tokens = readable_case(text, tokenise(text), res)
    # The title and outlet help place the text's places ("Lima Evening Star"), no more.
    places = find_places(cased, tokens, res, title=article.title, outlet=article.source)
    actors = as_written(find_actors(cased, places, tokens, res), text, cased)
    places = as_written(places, text, cased)
    starts = [t.start for t in tokens]
    times = _tag(text, article.published, language)
    dateline = next((p for p in places if p.kind == "dateline"), None)
    home = _home_country(places, dateline)
    context = _Context(res, _Cursor(actors), _Cursor(places), _Cursor(times), dateline, home)
    events: list[Event] = []
    seen: set[str] = set()
    # Bounded sentences: no unit of work grows with the text (see text.MAX_SENTENCE).
    for sentence in _news_sentences(text, res):
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


def _identified(text: str) -> str:
    from dashboard.extract.language import identify

    return identify(text).language


def _news_sentences(text: str, res: Resources) -> Iterator[Span]:
    """The bounded sentences of ``text`` outside boilerplate lines ("Copyright 2020 ...",
    "Todos los derechos reservados"): those hold no event, whatever date they show."""
    boilerplate = boilerplate_spans(text, res.credit_patterns)
    if not boilerplate:
        yield from bounded_sentences(text)
        return
    sentences = list(bounded_sentences(text))
    inside = covering(boilerplate, [s.start for s in sentences])
    yield from (s for s, lines in zip(sentences, inside, strict=True) if not lines)


def _tag(text: str, published: date | None, language: str) -> list[TimeExpression]:
    try:
        from dashboard.extract.dates import tag
    except ImportError:  # the date tagger is optional while it is being written
        return []
    # TIME values ("last night", "2:30 p.m. Tuesday") date an event to their day too.
    dated = (t for t in tag(text, published, language) if t.type in ("DATE", "TIME"))
    return sorted(dated, key=lambda t: t.start)


class _Cursor:
    """Mentions sorted by offset, handed out sentence by sentence in text order.

    Each call moves on from where the last one stopped, so every mention is passed once and
    finding all sentences' mentions is linear in the text (bisecting for each was n log n).
    """

    __slots__ = ("at", "items")

    def __init__(self, items: list) -> None:
        self.items = sorted(items, key=attrgetter("start"))
        self.at = 0

    def inside(self, span: Span) -> list:
        """The mentions inside ``span``; spans must come in text order, not overlapping."""
        items, k = self.items, self.at
        while k < len(items) and items[k].start < span.start:
            k += 1
        end = k
        while end < len(items) and items[end].start < span.end:
            end += 1
        self.at = end
        return [x for x in items[k:end] if x.end <= span.end]


def _not_actors(places: list[PlaceMention], actors: list[ActorMention]) -> list[PlaceMention]:
    """Drop a "place" that is really part of an actor's name (Hamas is no German village)."""
    if not places or not actors:
        return places  # most sentences: nothing to compare
    around = covering(actors, [p.start for p in places])
    return [
        p
        for p, actors_there in zip(places, around, strict=True)
        if not any(p.end <= a.end and a.country != p.country for a in actors_there)
    ]


def _sentence_events(
    article: Article,
    sentence: Span,
    tokens: list[Token],
    context: _Context,
) -> list[Event]:
    own_actors = context.actors.inside(sentence)
    own_places = _not_actors(context.places.inside(sentence), own_actors)
    etype, verb_at, passive = classify_tokens(tokens, context.res)
    dates = _dates(context.times.inside(sentence), article.published)
    if not dates[0].text and not etype and not own_actors:
        return []  # no date, no event word, nobody: a caption, table row or aside
    locatives = context.res.words_of_language["locative"]
    candidates = own_actors + country_actors(own_places, own_actors, article.text, locatives)
    source, target = roles(sorted(candidates, key=lambda a: a.start), verb_at, passive)
    # a country becomes one of the event's actors when it is the source or the target
    own_actors = own_actors + [
        c for c in candidates if c.kind == "country" and c.name in (source, target)
    ]
    countries = {a.country for a in own_actors if a.country} | {p.country for p in own_places}
    inherited = not countries and bool(context.home)
    if inherited:  # "Teams resumed at 6 a.m." in a report from Baltimore happened there
        countries = {context.home}
    located = min(
        (p for p in own_places if p.lat is not None),
        key=lambda p: (_SPECIFIC.get(p.kind, 5), p.start),
        default=None,
    )
    # Who and where are the same for every date of the sentence: work them out once.
    named = [p for p in own_places if p.kind not in ("country", "demonym")]
    affiliation = {a.name: a.country for a in own_actors if a.country}
    who = _Who(
        actors=tuple(sorted({a.name for a in own_actors})),
        countries=tuple(sorted(countries)),
        places=tuple(dict.fromkeys(p.name for p in named)),
        places_written=tuple(dict.fromkeys(p.text for p in named if p.text != p.name)),
        source=source,
        target=target,
        source_country=affiliation.get(source, ""),
        target_country=affiliation.get(target, ""),
        located=located,
        primary_country=_primary_country(located, own_places, own_actors) or context.home,
        inherited=inherited,
    )
    return [_event(article, sentence, d, etype, who) for d in dates]


class _Who(NamedTuple):
    """The part of a sentence's events that does not depend on their date."""

    actors: tuple[str, ...]
    countries: tuple[str, ...]
    places: tuple[str, ...]
    places_written: tuple[str, ...]
    source: str
    target: str
    source_country: str
    target_country: str
    located: PlaceMention | None
    primary_country: str
    inherited: bool  # the countries are the article's home country, not the sentence's


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
    etype: EventType | None,
    who: _Who,
) -> Event:
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
        actors=who.actors,
        countries=who.countries,
        places=who.places,
        event_code=etype.code if etype else "",
        event_name=etype.name if etype else "",
        quad_class=etype.quad_class if etype else None,
        confidence=_confidence(when, etype, who.actors, who.countries),
        source_actor=who.source,
        target_actor=who.target,
        lat=who.located.lat if who.located else None,
        lon=who.located.lon if who.located else None,
        primary_country=who.primary_country,
        source_country=who.source_country,
        target_country=who.target_country,
        timex_value=when.value,
        places_written=who.places_written,
        country_inherited=who.inherited,
    )


def _confidence(
    when: _DateChoice, etype: EventType | None, names: tuple, countries: tuple
) -> float:
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
