"""Source and target actors of an event, from the actors' positions around the main verb."""

from __future__ import annotations

from dashboard.extract.lexicon import words
from dashboard.extract.spans import covering
from dashboard.models import ActorMention, PlaceMention


def roles(actors: list[ActorMention], verb_at: int | None, passive: bool) -> tuple[str, str]:
    """(source, target) canonical names; "" where the sentence does not show one.

    Active voice: the nearest actor before the verb acts on the first actor after it.
    Passive voice ("was attacked by X"): the actor after the verb is the source.
    """
    if verb_at is None or not actors:
        return "", ""
    before = [a for a in actors if a.end <= verb_at]
    after = [a for a in actors if a.start > verb_at]
    subject = before[-1].name if before else ""
    obj = after[0].name if after else ""
    if passive:
        subject, obj = obj, subject
    if subject == obj:
        obj = ""
    return subject, obj


# A country named after these words is where something happened, not who did it.
_LOCATION_WORDS = words(
    "in at near inside across throughout within around outside through into over"
)


def country_actors(
    places: list[PlaceMention],
    actors: list[ActorMention],
    text: str,
    locatives: frozenset[str] = frozenset(),
) -> list[ActorMention]:
    """Countries that can act or be acted upon ("Japan has not recognised the Taliban").

    A country name counts unless it sits inside an actor's name ("Japan's Foreign Ministry")
    or follows a location word ("talks in Japan"; ``locatives``: the article language's own,
    "en Siria").
    """
    found = []
    countries = [p for p in places if p.kind == "country"]
    inside = covering(actors, [p.start for p in countries])
    for p, actors_there in zip(countries, inside, strict=True):
        if actors_there:
            continue
        before = text[max(0, p.start - 12) : p.start].split()
        if before and (before[-1].lower() in _LOCATION_WORDS or before[-1].lower() in locatives):
            continue
        found.append(ActorMention(p.start, p.end, p.text, p.name, p.country, "country"))
    return found
