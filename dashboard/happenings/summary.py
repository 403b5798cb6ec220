"""A happening's record from its members: date, headline, type, who, where, counts.

Pure. The record is a function of the member mentions alone, so the store can rebuild one
happening from its stored members without re-clustering anything.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date

from dashboard.happenings.cluster import DEFAULT, Cluster, Settings, cluster_mentions
from dashboard.happenings.headline import dated_aside, headline
from dashboard.happenings.model import Happening, Mention, with_sentence_dates
from dashboard.happenings.words import Centroid, vector


def _ranked(values: Iterable[str]) -> tuple[str, ...]:
    """Distinct values, most frequent first, then in order of first appearance."""
    counts: dict[str, int] = {}
    for value in values:
        if value:
            counts[value] = counts.get(value, 0) + 1
    if len(counts) < 2:
        return tuple(counts)
    order = {value: n for n, value in enumerate(counts)}  # dicts keep first appearance
    return tuple(sorted(counts, key=lambda v: (-counts[v], order[v])))


ASIDE_PENALTY = 0.3  # a sentence with the date in a side clause is about something else
SHARED_PENALTY = 0.15  # a sentence naming two dates is often mainly about the other one


def _representative(members: Sequence[Mention]) -> Mention:
    """The member closest to what all of them say, unless its date sits in a side clause
    (the first one on a tie)."""
    if len(members) == 1:
        return members[0]  # most happenings: nothing to weigh
    vectors = [vector(m.sentence, m.date_text) for m in members]
    centroid = Centroid()
    for vec in vectors:
        centroid.add(vec)
    best, best_score = members[0], -1.0
    for member, vec in zip(members, vectors, strict=True):
        value = (centroid.cosine(vec)
                 - ASIDE_PENALTY * dated_aside(member.sentence, member.date_text)
                 - SHARED_PENALTY * (member.sentence_dates > 1))
        if value > best_score + 1e-9:
            best, best_score = member, value
    return best


def _date_source(dated: Sequence[Mention]) -> str:
    return "explicit" if any(m.date_source == "explicit" for m in dated) else "relative"


def summarise(happening_id: str, members: Sequence[Mention]) -> Happening:
    """The record of one happening; ``members`` in any order."""
    members = sorted(members, key=lambda m: m.order)
    dated = [m for m in members if m.text_dated]
    core = dated or members  # what the text itself dates decides date, type and headline
    first = core[0]
    if dated:
        date_source = _date_source(dated)
    else:
        date_source = "publication" if first.date_start is not None else "unresolved"
    code = _ranked(m.event_code for m in core)[:1]
    names = {m.event_code: m.event_name for m in reversed(core) if m.event_code}
    lead = _representative(core)
    located = next((m for m in core if m.lat is not None and m.lon is not None), None)
    article_ids = tuple(dict.fromkeys(m.article_id for m in members))
    by_article = {m.article_id: m for m in members}
    outlet_keys = {m.source.strip().lower() or f"#{m.article_id}" for m in members}
    published = [m.published for m in members if m.published is not None]
    return Happening(
        happening_id=happening_id,
        date_start=first.date_start,
        date_end=first.date_end,
        granularity=first.granularity or ("day" if first.date_start else None),
        date_source=date_source,
        date_text=next(iter(_ranked(m.date_text for m in dated)), ""),
        headline=headline(lead.sentence, lead.date_text,
                          several_dates=lead.sentence_dates > 1),
        event_code=code[0] if code else "",
        event_name=names.get(code[0], "") if code else "",
        actors=_ranked(a for m in members for a in m.actors),
        countries=_ranked(c for m in members for c in m.countries),
        places=_ranked(p for m in members for p in m.places),
        lat=located.lat if located else None,
        lon=located.lon if located else None,
        mentions=len(members),
        articles=len(article_ids),
        sources=len(outlet_keys),
        first_reported=min(published) if published else None,
        article_ids=article_ids,
        titles=tuple(by_article[a].title for a in article_ids),
        event_ids=tuple(m.event_id for m in members),
        outlets=_ranked(m.source.strip() for m in members),
        dated_article_ids=tuple(dict.fromkeys(m.article_id for m in dated)),
        article_sources=tuple(by_article[a].source for a in article_ids),
        article_urls=tuple(by_article[a].url for a in article_ids),
        last_reported=max(published) if published else None,
    )


def happenings_of(clusters: Iterable[Cluster]) -> list[Happening]:
    return [summarise(c.happening_id, c.all_members()) for c in clusters]


def build_happenings(mentions: Iterable[Mention], settings: Settings = DEFAULT
                     ) -> list[Happening]:
    """Cluster and summarise, ordered by date (undated last), then most reported first."""
    found = happenings_of(cluster_mentions(with_sentence_dates(mentions), settings))
    return sorted(found, key=sort_key)


def sort_key(happening: Happening) -> tuple:
    return (happening.date_start or date.max, -happening.articles, -happening.mentions,
            happening.happening_id)


def assignments(clusters: Iterable[Cluster]) -> dict[str, str]:
    """event id -> happening id."""
    return {m.event_id: c.happening_id for c in clusters for m in c.all_members()}
