"""Properties of the tagger on arbitrary text: never raises, offsets and intervals hold."""

from __future__ import annotations

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from dashboard.extract.dates import tag
from dashboard.extract.timex_lexicon import word_set
from dashboard.models import GRANULARITIES

# Text built from date-like pieces finds many more expressions than random characters.
_WORDS = """Monday Feb. 17 , 2025 2021 last next this week year month the third quarter of ago
    two days a 1990s '80s early late mid- March May may spring fall at 10:35 a.m. every
    daily now since from to 2/17/2025 2025-02-17 fiscal 1998 - . 12 31 the following day
    yesterday today Christmas more than about half an hour years earlier later that same
    quarter period year-ago 25 and Q3 H1 weekend night tonight nineteen ninety-six"""
PIECES = st.sampled_from([*sorted(word_set(_WORDS)), "\n"])
TEXTS = st.one_of(st.text(max_size=200), st.lists(PIECES, max_size=40).map(" ".join))
DCTS = st.one_of(st.none(), st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)))


@settings(max_examples=300, deadline=None)
@given(text=TEXTS, dct=DCTS)
def test_tag_invariants(text: str, dct: date | None) -> None:
    found = tag(text, dct)
    previous_end = 0
    for expr in found:
        assert 0 <= expr.start < expr.end <= len(text)
        assert text[expr.start : expr.end] == expr.text
        assert expr.start >= previous_end  # sorted and non-overlapping
        previous_end = expr.end
        assert expr.type in ("DATE", "TIME", "DURATION", "SET")
        assert (expr.first is None) == (expr.last is None)
        if expr.first is not None:
            assert expr.first <= expr.last
        if expr.type == "DATE" and expr.granularity is not None:
            assert expr.granularity in GRANULARITIES
        if dct is None and expr.relative and expr.first is not None:
            # Without a DCT only an explicit date earlier in the text can anchor a value.
            assert any(not e.relative and e.first for e in found if e.end <= expr.start)


@settings(max_examples=100, deadline=None)
@given(text=TEXTS)
def test_tag_is_deterministic(text: str) -> None:
    assert tag(text, date(2025, 2, 18)) == tag(text, date(2025, 2, 18))
