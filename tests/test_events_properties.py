"""Properties of extract_events on arbitrary text, and lazy dictionary loading."""

from __future__ import annotations

import subprocess
import sys
from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from dashboard.extract.events import extract_events
from dashboard.extract.lexicon import words
from dashboard.models import Article

_WORDS = st.sampled_from(
    sorted(
        words(
            "On 3 May 2022 , Japan Tokyo police Taliban attacked met said in the Nice ( Oyam "
            "Northern ) Monday last week . ’s Mr. Hayashi protest 2021 and of Georgia Jordan"
        )
    )
)
_TEXTS = st.one_of(st.text(max_size=200), st.lists(_WORDS, max_size=40).map(" ".join))


@settings(max_examples=60, deadline=None)
@given(_TEXTS, st.one_of(st.none(), st.dates(date(1990, 1, 1), date(2030, 12, 31))))
def test_events_are_well_formed(text, published):
    article = Article(text=text, published=published)
    events = extract_events(article)
    assert len({e.event_id for e in events}) == len(events)
    for e in events:
        assert text[e.start : e.end] == e.sentence
        assert list(e.actors) == sorted(set(e.actors))
        assert list(e.countries) == sorted(set(e.countries))
        assert all(len(c) == 3 and c.isupper() for c in e.countries)
        assert (e.date_start is None) == (e.date_source == "unresolved")
        if e.date_start is not None:
            assert e.date_end is not None and e.date_start <= e.date_end
    assert extract_events(article) == events


def test_dictionaries_load_lazily_not_at_import():
    code = (
        "import dashboard.extract.events\n"
        "from dashboard.extract.resources import default_resources\n"
        "assert default_resources().loaded() == [], default_resources().loaded()\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
