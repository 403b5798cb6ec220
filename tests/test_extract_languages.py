"""Actors, countries and event types in Spanish, French, German, Portuguese and Italian, on
hand-made sentences (tests/data/extract_<lang>.jsonl, written for Eventline).

A case gives the sentence and what must come out of it: the event type (``code``; null for
none), countries and actors the event must name (with the actor's country and title where
given), names that must not be actors (``absent``), or that the line gives no event at all
(``no_events``). ``eventline eval lang-gold`` scores the same files.
"""

from __future__ import annotations

import pytest

from dashboard.evaluation.languages import GOLD_LANGUAGES, check_case, gold_cases

CASES = [(lang, case) for lang in GOLD_LANGUAGES for case in gold_cases(lang)]


@pytest.mark.parametrize(
    ("lang", "case"), CASES, ids=[f"{lang}:{case['text'][:40]}" for lang, case in CASES]
)
def test_gold_sentence(lang, case):
    assert check_case(lang, case) == []


@pytest.mark.parametrize("lang", GOLD_LANGUAGES)
def test_every_language_has_twenty_gold_sentences(lang):
    assert len(gold_cases(lang)) >= 20


def test_coverage_counts_articles_whose_events_name_a_country_and_an_actor():
    from datetime import date

    from dashboard.evaluation.languages import coverage
    from dashboard.models import Article

    day = date(2011, 2, 1)
    articles = [
        Article(text="El Gobierno egipcio cortó internet en todo el país.", published=day,
                language="es"),
        Article(text="Miles de personas protestaron el lunes.", published=day, language="es"),
        Article(text="", published=day, language="es"),
    ]
    result = coverage(articles)
    assert (result.articles, result.articles_with_event) == (3, 2)
    assert result.articles_with_country_and_actor == 1
    assert result.actors["Government of Egypt"] == [1]
