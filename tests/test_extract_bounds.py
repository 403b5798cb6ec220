"""Extraction does bounded work per piece of text, whatever the text's shape (issue 9).

Nothing here is timed. The properties checked make the work linear in the text's length:
no sentence handed on to the per-sentence matchers exceeds ``text.MAX_SENTENCE``, and finding
which actor covers which place costs a few operations per mention, not one per pair. Speed on
hostile shapes is measured by hand with ``python benchmarks/bench_hostile.py``.
"""

from __future__ import annotations

import subprocess
import sys
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dashboard.extract import events as events_module
from dashboard.extract.events import _not_actors, extract_events
from dashboard.extract.roles import country_actors
from dashboard.extract.text import MAX_SENTENCE, bounded_sentences, split_sentences
from dashboard.models import ActorMention, Article, PlaceMention

PUBLISHED = date(2025, 2, 18)

_PROSE = (
    "Japanese and Afghan officials met Taliban envoys in Kabul, Tokyo and Islamabad on Monday "
    "while President Joe Biden of the United States criticised Pakistan's army, "
)

# Text shapes without a sentence break, each a repeated unit.
HOSTILE = {
    "prose-one-sentence": _PROSE,
    "all-caps-one-sentence": _PROSE.upper(),
    "dates-one-sentence": "on 3 May 2022, 4 June 2021, last Friday, 1987 and 5/14/82, ",
    "no-spaces": "JapanTalibanKabulTokyo",
    "no-spaces-dots": "Japan.Taliban.Kabul.",
    "names-no-break": "Kabul Tokyo Japan Taliban Biden Hayashi Ministry ",
    "commas": ",",
    "digits": "0123456789",
    "full-stops": ".",
}


def _hostile(unit: str, size: int) -> str:
    return (unit * (size // len(unit) + 1))[:size]


@pytest.mark.parametrize("shape", sorted(HOSTILE))
def test_no_sentence_handed_on_exceeds_the_bound(shape, monkeypatch):
    """Before the fix a 60 KB line without a break was one 60 KB "sentence"."""
    seen: list[int] = []
    original = events_module._sentence_events

    def recording(article, sentence, tokens, context):
        seen.append(len(sentence.text))
        return original(article, sentence, tokens, context)

    monkeypatch.setattr(events_module, "_sentence_events", recording)
    text = _hostile(HOSTILE[shape], 60_000)
    extract_events(Article(text=text, published=PUBLISHED))
    assert max(seen, default=0) <= MAX_SENTENCE


@settings(max_examples=80, deadline=None)
@given(
    st.text(alphabet=st.sampled_from("ab ,;.\n"), max_size=400),
    st.integers(min_value=4, max_value=60),
)
def test_bounded_sentences_cut_long_sentences_only(text, limit):
    pieces = bounded_sentences(text, limit)
    previous_end = 0
    for piece in pieces:
        assert text[piece.start : piece.end] == piece.text
        assert piece.text and piece.text.strip() == piece.text
        assert len(piece.text) <= limit
        assert piece.start >= previous_end
        previous_end = piece.end
    # nothing is lost: the pieces hold every non-space character of the text, in order
    assert "".join("".join(p.text for p in pieces).split()) == "".join(text.split())
    short = [s for s in split_sentences(text) if len(s.text) <= limit]
    assert all(s in pieces for s in short)  # a sentence within the bound is never cut


def test_long_sentence_is_cut_at_a_clause_break():
    clause = "Officials met envoys in Kabul on Monday, "
    text = clause * 40
    pieces = bounded_sentences(text, 200)
    assert all(p.text.endswith(",") for p in pieces[:-1])
    assert all(100 <= len(p.text) <= 200 for p in pieces[:-1])


class _CountingSpan:
    """A mention that counts how often its attributes are read (shared counter)."""

    reads = 0

    def __init__(self, start: int, end: int, country: str) -> None:
        self._values = {"start": start, "end": end, "country": country, "name": "x", "kind": "p"}

    def __getattr__(self, name: str):
        if name.startswith("_"):
            raise AttributeError(name)
        _CountingSpan.reads += 1
        return self._values[name]


def _interleaved(n: int) -> tuple[list[PlaceMention], list]:
    places = [
        PlaceMention(10 * i + 5, 10 * i + 8, "Abc", "Abc", "AAA", "country") for i in range(n)
    ]
    actors = [_CountingSpan(10 * i, 10 * i + 3, "BBB") for i in range(n)]
    return places, actors


def test_places_inside_actors_are_found_without_comparing_every_pair():
    """The old loop compared each of 1,000 places with each of 1,000 actors (a million reads)."""
    places, actors = _interleaved(1000)
    _CountingSpan.reads = 0
    kept = _not_actors(places, actors)
    assert kept == places
    assert _CountingSpan.reads <= 10 * (len(places) + len(actors))


def test_country_actors_do_not_compare_every_pair():
    places, actors = _interleaved(1000)
    text = "x" * (10 * len(places) + 10)
    _CountingSpan.reads = 0
    found = country_actors(places, actors, text)
    assert len(found) == len(places)
    assert _CountingSpan.reads <= 10 * (len(places) + len(actors))


def test_offset_index_keeps_the_old_answers():
    actors = [
        ActorMention(0, 20, "Japan's Foreign Ministry", "Japan's Foreign Ministry", "JPN", "gov"),
        ActorMention(30, 35, "Hamas", "Hamas", "PSE", "group"),
    ]
    places = [
        PlaceMention(0, 5, "Japan", "Japan", "JPN", "country"),  # inside, same country: kept
        PlaceMention(30, 35, "Hamas", "Hamas", "DEU", "city"),  # inside, another country: dropped
        PlaceMention(40, 45, "Kabul", "Kabul", "AFG", "capital"),
    ]
    assert _not_actors(places, actors) == [places[0], places[2]]
    text = "Japan's Foreign Ministry ...  Hamas ....Japan"
    countries = places + [PlaceMention(40, 45, "Japan", "Japan", "JPN", "country")]
    assert [a.start for a in country_actors(countries, actors, text)] == [40]


_ONE_MB_SCRIPT = """
import sys
from datetime import date
from dashboard.extract.events import extract_events
from dashboard.models import Article
for unit in sys.argv[1:]:
    text = (unit * (2**20 // len(unit) + 1))[: 2**20]
    events = extract_events(Article(text=text, published=date(2025, 2, 18)))
    assert all(text[e.start : e.end] == e.sentence for e in events)
    print(len(events))
"""


def test_one_megabyte_hostile_lines_extract():
    """Run apart so that a regression fails instead of hanging the suite: the timeout is a
    guard (minutes, against seconds of work), not a speed measurement."""
    shapes = ["prose-one-sentence", "no-spaces", "full-stops", "commas"]
    done = subprocess.run(
        [sys.executable, "-c", _ONE_MB_SCRIPT, *(HOSTILE[s] for s in shapes)],
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    counts = [int(n) for n in done.stdout.split()]
    assert len(counts) == len(shapes) and counts[0] > 0  # prose still gives events
