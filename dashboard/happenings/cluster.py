"""Group event mentions into happenings: blocking, then join-or-new, in a fixed order.

Pure and deterministic: the same mentions give the same happenings and ids, whatever order
they arrive in. The method, in two passes:

1. Text-dated mentions are blocked by their exact period ("2025-02-17", "2021", a week ...):
   conflicting dates are never merged or averaged, they make different happenings. Within a
   block, mentions are taken in the fixed order (``Mention.order``: first reported first) and
   each joins the best-scoring happening among the recent ones that share a country or an
   actor with it, or founds a new one; a merge pass then joins happenings that later
   reports showed to be the same. The score weighs sentence similarity (cosine of content
   words), how alike the other outlets' titles are (the same story), actor overlap, the
   CAMEO root and shared places (``Settings``). The same statement (identical content
   words) is always the same happening, and a dated sentence with no event type and no
   actor is a detail of the happening its article was telling that day; so is one dated
   by a time of day ("at noon") that matches no other happening. A statement printed word
   for word on several publication days (page furniture) counts on its first day only.
2. Mentions dated only by their publication day join a text-dated happening of that day or
   of the ``attach_days`` before it when they match it (actors and type, or strong wording);
   the rest group, by the same join-or-new, into "reported" happenings of their publication
   day. Attachments never change how text-dated happenings score, so pass 1 stands alone.

Because a block's outcome depends only on its own mentions (and a publication day's on the
text-dated days just before it), the store can recompute just the blocks an ingest touched
and get what a full run would (see ``dependent_days``).
"""

from __future__ import annotations

import gc
import math
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from itertools import repeat
from operator import attrgetter
from typing import NamedTuple

from dashboard.happenings.model import Mention, block_key, happening_id_for
from dashboard.happenings.words import (
    Centroid,
    Vector,
    centroid_cosine,
    vector,
)


@dataclass(frozen=True)
class Settings:
    """Weights and thresholds of the join score (each part lies in 0..1).

    Chosen on the tuning stories (tests/data/stories/README.md) together with a Reuters
    sample, where they must not merge a whole news day into a few happenings."""

    text: float = 0.4  # cosine of content words with the happening's centroid
    story: float = 0.35  # cosine of the article titles: reports of the same story
    actor: float = 0.25  # share of the mention's actors the happening already has
    type: float = 0.1  # the happening has members of the same CAMEO root
    place: float = 0.05  # a shared place name below country level
    evidence: float = 0.05  # without an actor in common, at least this text cosine
    join: float = 0.2  # join a happening of the same day at this score or above
    join_coarse: float = 0.4  # ... of the same week, month, year (a wider net, more care)
    join_reported: float = 0.5  # ... of the same publication day (undated statements)
    attach: float = 0.4  # a publication-dated mention joins a text-dated happening at this
    attach_days: int = 2  # ... if published on the happening's day or this many days after
    max_span_days: int = 7  # day spans longer than this are not "a day's news" to attach to
    candidates: int = 6  # most recent happenings compared per shared country or actor
    repeat_days: int = 3  # a statement printed word for word on this many publication days


DEFAULT = Settings()


@dataclass(eq=False, slots=True)
class Cluster:
    """A happening being built: its members and the running features it is scored by."""

    founder: Mention
    rank: int = 0  # founding order within its block: ties go to the older happening
    founded: int = 0  # position of its founder in the block's order
    changed: int = 0  # position of its latest member (merges count as later than all)
    members: list[Mention] = field(default_factory=list)
    reported: list[Mention] = field(default_factory=list)  # attached publication-dated ones
    centroid: Centroid = field(default_factory=Centroid)
    titles: Centroid = field(default_factory=Centroid)  # one title per article
    articles: dict[str, Vector] = field(default_factory=dict)  # article id -> title vector
    actors: set[str] = field(default_factory=set)
    countries: set[str] = field(default_factory=set)
    places: set[str] = field(default_factory=set)
    codes: set[str] = field(default_factory=set)
    keys: set[str] = field(default_factory=set)  # its members' index keys (see _Index)

    @property
    def happening_id(self) -> str:
        return happening_id_for(self.founder.event_id)

    def add(self, mention: Mention, vec: Vector, title: Vector, keys: tuple[str, ...],
            dot: float | None = None) -> None:
        """Add a member (``dot``: its vector's dot product with the centroid, if known)."""
        self.members.append(mention)
        self.centroid.add(vec, dot)
        if mention.article_id not in self.articles:
            self.articles[mention.article_id] = title
            self.titles.add(title)
        self.actors.update(mention.actors)
        self.countries.update(mention.countries)
        self.places.update(mention.places)
        if mention.event_code:
            self.codes.add(mention.event_code)
        self.keys.update(keys)

    def absorb(self, other: Cluster) -> None:
        """Take over the members of a later cluster that turned out to report the same."""
        self.members += other.members
        self.centroid.merge(other.centroid)
        for article_id, title in other.articles.items():
            if article_id not in self.articles:
                self.articles[article_id] = title
                self.titles.add(title)
        self.actors.update(other.actors)
        self.countries |= other.countries
        self.places |= other.places
        self.codes |= other.codes
        self.keys.update(other.keys)

    def all_members(self) -> list[Mention]:
        return sorted(self.members + self.reported, key=lambda m: m.order)


def score(mention: Mention, vec: Vector, title: Vector, cluster: Cluster,
          settings: Settings, text_cosine: float | None = None, own: bool = False,
          beat: float = 0.0) -> float:
    """How well a mention fits a happening, 0..1 (``text_cosine``: already computed;
    ``own``: see ``_story``; ``beat``: the best score so far, see below)."""
    if text_cosine is None:
        text_cosine = cluster.centroid.cosine(vec)
    shared = sum(map(cluster.actors.__contains__, mention.actors)) if cluster.actors else 0
    if text_cosine < settings.evidence and not shared:
        return 0.0  # nothing said in common: the same story and country are not enough
    text = settings.text * text_cosine
    if shared:
        actor = settings.actor * shared / len(mention.actors)
    elif not cluster.countries.isdisjoint(mention.countries):
        actor = settings.actor * 0.5  # no actor in common: a shared country is weaker
    else:
        actor = 0.0
    kind = settings.type if mention.event_code and mention.event_code in cluster.codes else 0.0
    near = bool(mention.places) and not cluster.places.isdisjoint(mention.places)
    place = settings.place if near else 0.0
    # Even a title cosine of 1 would not reach ``beat`` (the margin covers rounding): a
    # losing score, without the title cosine, which costs as much as the rest together.
    if text + settings.story + actor + kind + place < beat - 1e-6:
        return 0.0
    total = text + settings.story * _story(mention, title, cluster, own)
    return total + actor + kind + place  # summed in this order: the same float every time


def _story(mention: Mention, title: Vector, cluster: Cluster, own: bool = False) -> float:
    """Cosine of the mention's article title with the titles of the happening's *other*
    articles: other outlets telling the same story. Within one article the title says
    nothing about which of its dated sentences report the same thing, so it is left out,
    unless ``own``: an article's undated statements mostly tell its one piece of news."""
    titles = cluster.titles
    if not titles.norm or not title.words:
        return 0.0
    dot = titles.dot(title)
    if own or mention.article_id not in cluster.articles:
        return dot / titles.norm
    # Remove its own title (a unit vector t): (C - t)·t = C·t - 1, |C - t|² = |C|² - 2C·t + 1
    rest = titles.norm2 - 2.0 * dot + 1.0
    return (dot - 1.0) / math.sqrt(rest) if rest > 1e-9 else 0.0


def _pair_story(first: Cluster, second: Cluster, own: bool = False) -> float:
    """Title cosine between the articles only one of two happenings has (see ``_story``)."""
    if own:
        return centroid_cosine(first.titles, second.titles)
    if first.articles.keys() == second.articles.keys():
        return 0.0
    if first.articles.keys().isdisjoint(second.articles):
        return centroid_cosine(first.titles, second.titles)
    left, right = Centroid(), Centroid()
    for article_id, title in first.articles.items():
        if article_id not in second.articles:
            left.add(title)
    for article_id, title in second.articles.items():
        if article_id not in first.articles:
            right.add(title)
    return centroid_cosine(left, right)


def pair_score(first: Cluster, second: Cluster, settings: Settings, own: bool = False
               ) -> float:
    """How well two happenings of one block fit together, 0..1 (as ``score``, with the
    second's whole membership in place of one mention)."""
    text_cosine = centroid_cosine(first.centroid, second.centroid)
    shared = sum(map(first.actors.__contains__, second.actors)) if first.actors else 0
    if text_cosine < settings.evidence and not shared:
        return 0.0
    total = settings.text * text_cosine + settings.story * _pair_story(first, second, own)
    if shared:
        total += settings.actor * shared / min(len(first.actors), len(second.actors))
    elif not first.countries.isdisjoint(second.countries):
        total += settings.actor * 0.5
    if not first.codes.isdisjoint(second.codes):
        total += settings.type
    if not first.places.isdisjoint(second.places):
        total += settings.place
    return total


def _merge_pass(clusters: list[Cluster], settings: Settings, threshold: float, own: bool
                ) -> list[Cluster]:
    """Join-or-new depends on the order mentions come in: a report that matched nothing
    yet may found a happening that later reports show to be the same. So each happening,
    oldest first, is merged into the best older one it fits (same score and threshold);
    the older keeps its id."""
    if len(clusters) < 2:
        return clusters
    index = _Index(settings.candidates)
    kept: list[Cluster] = []
    for cluster in clusters:
        best, best_score = None, threshold
        candidates = index.candidates(cluster.keys)
        alone = len(cluster.members) == 1
        for other in sorted(candidates, key=_RANK):
            if alone and other.changed < cluster.founded:
                continue  # unchanged since this one's mention was scored against it
            value = pair_score(other, cluster, settings, own)
            if value > best_score or (best is None and value >= threshold):
                best, best_score = other, value
        target = best if best is not None else cluster
        if best is None:
            kept.append(cluster)
        else:
            best.absorb(cluster)
            best.changed = len(clusters) + cluster.founded  # later than any founding
        index.add(target, cluster.keys)
    return kept


def _keys(mention: Mention) -> tuple[str, ...]:
    return _keys_of(mention.countries, mention.actors)


@lru_cache(maxsize=1 << 16)
def _keys_of(countries: tuple[str, ...], actors: tuple[str, ...]) -> tuple[str, ...]:
    keys = tuple(f"c:{c}" for c in countries) + tuple(f"a:{a}" for a in actors)
    return keys or ("*",)


class _Index:
    """Clusters by shared country or actor, so a mention is compared with few of them."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.by_key: dict[str, list[Cluster]] = defaultdict(list)

    def add(self, cluster: Cluster, keys: Iterable[str]) -> None:
        for key in keys:
            bucket = self.by_key[key]
            if not bucket or bucket[-1] is not cluster:
                bucket.append(cluster)

    def candidates(self, keys: Iterable[str]) -> list[Cluster]:
        """The most recent ``limit`` clusters per key, oldest first, each once; at most
        twice ``limit`` in all (the most recent), so a busy day costs no more per mention."""
        by_key, limit = self.by_key, self.limit
        buckets = list(filter(None, map(by_key.get, keys)))
        if not buckets:
            return []
        if len(buckets) == 1:
            return buckets[0][-limit:]  # already oldest first, each once
        found: set[Cluster] = set()  # a set, not a dict: the sort by rank fixes the order
        for bucket in buckets:
            found.update(bucket[-limit:])
        return sorted(found, key=_RANK)[-2 * limit:]


_RANK = attrgetter("rank")


def _best(mention: Mention, vec: Vector, title: Vector, candidates: list[Cluster],
          settings: Settings, threshold: float, own: bool
          ) -> tuple[Cluster | None, float | None]:
    """The best-scoring candidate at or above ``threshold``, ties to the oldest
    (``candidates`` come oldest first), and the dot product of ``vec`` with its centroid,
    which ``Centroid.add`` needs next (None when none fits)."""
    best: Cluster | None = None
    best_dot: float | None = None
    best_score = threshold
    words, scale, zero = vec.words, vec.scale, repeat(0.0)
    for cluster in candidates:
        centroid = cluster.centroid
        # Centroid.cosine written out (the hottest line of clustering) to keep the dot
        dot = scale * sum(map(centroid.sums.get, words, zero))
        cosine = dot / centroid.norm if centroid.norm else 0.0
        if cosine < settings.evidence and cluster.actors.isdisjoint(mention.actors):
            continue  # what ``score`` says first (0.0), without the call: most candidates
        value = score(mention, vec, title, cluster, settings, cosine, own, best_score)
        if value > best_score or (best is None and value >= threshold):
            best, best_score, best_dot = cluster, value, dot
    return best, best_dot


class _Item(NamedTuple):
    """A mention with what scoring it needs, computed once per run."""

    mention: Mention
    vec: Vector
    title: Vector
    keys: tuple[str, ...]


_ORDER = attrgetter("order")


def _prepared(mentions: list[Mention], titles: dict[str, Vector]) -> list[_Item]:
    """A block's mentions in the fixed order, vectorised once (``titles``: the title
    vectors met so far; an article's mentions fall in many blocks)."""
    items = []
    for mention in sorted(mentions, key=_ORDER):
        title = titles.get(mention.title)
        if title is None:
            title = titles[mention.title] = vector(mention.title)
        items.append(_Item(mention, vector(mention.sentence, mention.date_text), title,
                           _keys(mention)))
    return items


def _join_or_new(items: list[_Item], settings: Settings, threshold: float,
                 own: bool = False) -> list[Cluster]:
    """Join-or-new over one block, in the fixed order (``own``: see ``_story``)."""
    clusters: list[Cluster] = []
    index = _Index(settings.candidates)
    said: dict[tuple[str, ...], Cluster] = {}
    last_of_article: dict[str, Cluster] = {}  # the happening its previous mention joined
    for position, (mention, vec, title, keys) in enumerate(items):
        statement = fingerprint(vec)
        cluster = said.get(statement) if statement else None
        if cluster is None and _detail(mention):
            cluster = last_of_article.get(mention.article_id)
        dot = None  # of ``vec`` with the centroid it joins, when ``_best`` has it
        if cluster is None:
            cluster, dot = _best(mention, vec, title, index.candidates(keys), settings,
                                 threshold, own)
        if cluster is None and _time_of_day(mention):
            cluster = last_of_article.get(mention.article_id)
        if cluster is None:
            cluster = Cluster(founder=mention, rank=len(clusters), founded=position)
            clusters.append(cluster)
        if statement:
            said.setdefault(statement, cluster)
        cluster.add(mention, vec, title, keys, dot)
        cluster.changed = position
        index.add(cluster, keys)
        last_of_article[mention.article_id] = cluster
    return _merge_pass(clusters, settings, threshold, own)


def _detail(mention: Mention) -> bool:
    """A dated sentence with no event type and nobody in it ("Dozens were still missing
    late on Saturday") adds a detail to the happening its article was telling on that day
    (the same block), rather than standing as a happening of its own."""
    return not mention.event_code and not mention.actors


def _time_of_day(mention: Mention) -> bool:
    """A statement dated by a time of day ("walked down the gangway at noon", "three more
    bodies were found by midday") goes on with the day its article is telling: unless it
    matches another happening, it joins the one its article last told in the block."""
    return _TIME_OF_DAY.match(mention.timex_value) is not None


# A TIMEX3 time of a day ("2025-03-12T12:00", "2025-03-12TEV"), not "PRESENT_REF" or "PT2H".
_TIME_OF_DAY = re.compile(r"[\dX]{4}-[\dX]{2}-[\dX]{2}T")


def fingerprint(vec: Vector) -> tuple[str, ...] | None:
    """The same statement (the same content words, as a reissued or copied story repeats
    it) is the same happening, whoever prints it; too short a sentence proves nothing."""
    return vec.words if len(vec.words) >= 4 else None


def _first_printing(items: list[_Item], repeat_days: int) -> list[_Item]:
    """The block's items without the later printings of a statement repeated word for word
    on ``repeat_days`` or more publication days: a site's "related news" links and stock
    paragraphs ("Airport to reopen on 15 November" under 27 Libya stories in a month) are
    page furniture, not 27 reports. The first day's copies stay, so a boilerplate
    background line still dates its happening once; the events themselves stay stored."""
    days: dict[tuple[str, ...], set[date]] = defaultdict(set)
    for item in items:
        statement = fingerprint(item.vec)
        if statement and item.mention.published:
            days[statement].add(item.mention.published)
    first = {statement: min(seen) for statement, seen in days.items()
             if len(seen) >= repeat_days}
    if not first:
        return items
    return [item for item in items
            if (statement := fingerprint(item.vec)) not in first
            or item.mention.published == first[statement]]


def _threshold(key: str, settings: Settings) -> float:
    if key.startswith("p:"):
        return settings.join_reported
    if key.startswith("t:day:") or key.startswith("u:"):
        return settings.join
    return settings.join_coarse


def attachable(cluster: Cluster, settings: Settings) -> bool:
    """A day (or a few days) of news that later reports may describe without a date."""
    first = cluster.founder
    if first.granularity not in (None, "day") or first.date_start is None:
        return False
    assert first.date_end is not None
    return (first.date_end - first.date_start).days < settings.max_span_days


def _attach_candidates(by_day: dict[date, list[Cluster]], day: date,
                       settings: Settings) -> list[Cluster]:
    seen: dict[int, Cluster] = {}
    for back in range(settings.attach_days + 1):
        for cluster in by_day.get(day - timedelta(days=back), ()):
            seen.setdefault(id(cluster), cluster)
    return list(seen.values())


def _attach_day(items: list[_Item], candidates: list[Cluster], settings: Settings
                ) -> list[_Item]:
    """Attach what fits a text-dated happening; return the rest, in order.

    To fit, an undated statement must have the happening's actors and type, or wording close
    enough to stand for them (cosine >= 0.5), and then score at least ``attach``."""
    for order, candidate in enumerate(candidates):
        candidate.rank = order  # attach to the earliest listed on a tie
    index = _Index(settings.candidates)
    for candidate in candidates:
        index.add(candidate, candidate.keys)
    rest: list[_Item] = []
    zero = repeat(0.0)
    near: dict[tuple[str, ...], list[Cluster]] = {}  # keys -> candidates: the index is fixed
    decided: dict[tuple[str, ...], Cluster | None] = {}  # the same statement goes together
    for item in items:
        mention, vec, title, keys = item
        statement = fingerprint(vec)
        if statement and statement in decided:
            chosen = decided[statement]
            if chosen is None:
                rest.append(item)
            else:
                chosen.reported.append(mention)
            continue
        best, best_score = None, settings.attach
        found = near.get(keys)
        if found is None:
            found = near[keys] = index.candidates(keys)
        for cluster in found:
            centroid = cluster.centroid  # Centroid.cosine written out, as in ``_best``
            cosine = (vec.scale * sum(map(centroid.sums.get, vec.words, zero)) / centroid.norm
                      if centroid.norm else 0.0)
            if cosine < 0.5 and not (
                    mention.actors and mention.event_code in cluster.codes
                    and cluster.actors.issuperset(mention.actors)):
                continue
            value = score(mention, vec, title, cluster, settings, cosine, beat=best_score)
            if value > best_score or (best is None and value >= settings.attach):
                best, best_score = cluster, value
        if statement:
            decided[statement] = best
        if best is None:
            rest.append(item)
        else:
            best.reported.append(mention)
    return rest


def cluster_mentions(mentions: Iterable[Mention], settings: Settings = DEFAULT) -> list[Cluster]:
    """All happenings of the mentions (text-dated, reported and undated), as clusters."""
    with _collector_paused():
        return _clusters(mentions, settings)


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Clustering builds millions of small lists, dicts and sets that make no reference
    cycles (reference counting frees them all the same); the cyclic collector would walk
    the whole growing heap again and again: 18% of the CPU time at 100k and at 1M mentions.
    Its state is restored on the way out, whatever happens."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if not gc.get_freeze_count():  # (a caller's frozen objects must stay frozen)
            # What was built is long-lived: freeze + unfreeze hands it all to the oldest
            # generation at once (a list splice) rather than have the next young collection
            # walk millions of objects (5% of the time at 300k mentions).
            gc.freeze()
            gc.unfreeze()
        if enabled:
            gc.enable()


def _clusters(mentions: Iterable[Mention], settings: Settings) -> list[Cluster]:
    blocks: dict[str, list[Mention]] = defaultdict(list)
    for mention in mentions:
        blocks[block_key(mention)].append(mention)
    titles: dict[str, Vector] = {}
    text_clusters: list[Cluster] = []
    other: list[Cluster] = []
    for key in sorted(blocks):
        if key.startswith(("t:", "u:")):
            items = _prepared(blocks[key], titles)
            if key.startswith("t:"):
                items = _first_printing(items, settings.repeat_days)
            found = _join_or_new(items, settings, _threshold(key, settings))
            (text_clusters if key.startswith("t:") else other).extend(found)
    # Candidates in a fixed order (by block, then founding), so ties break the same way.
    by_day: dict[date, list[Cluster]] = defaultdict(list)
    for cluster in text_clusters:
        if attachable(cluster, settings):
            first, last = cluster.founder.date_start, cluster.founder.date_end
            assert first is not None and last is not None
            for offset in range((last - first).days + 1):
                by_day[first + timedelta(days=offset)].append(cluster)
    for key in sorted(k for k in blocks if k.startswith("p:")):
        day = date.fromisoformat(key[2:])
        rest = _attach_day(_prepared(blocks[key], titles),
                           _attach_candidates(by_day, day, settings), settings)
        other.extend(_join_or_new(rest, settings, _threshold(key, settings), own=True))
    return text_clusters + other


def dependent_days(first: date, last: date, granularity: str | None,
                   settings: Settings = DEFAULT) -> list[date]:
    """Publication days whose mentions may attach to a text-dated block of this period:
    they must be recomputed when that block changes."""
    if granularity not in (None, "day") or (last - first).days >= settings.max_span_days:
        return []
    return [first + timedelta(days=n) for n in range((last - first).days
                                                     + settings.attach_days + 1)]


def context_days(day: date, settings: Settings = DEFAULT) -> tuple[date, date]:
    """The text-dated days a publication day's mentions may attach to (first, last)."""
    return day - timedelta(days=settings.attach_days), day
