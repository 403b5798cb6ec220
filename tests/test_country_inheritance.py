"""A sentence that names no country inherits its article's home country (the dateline's,
else the one its places name most), flagged as inherited; the flag is stored and exported."""

from __future__ import annotations

from datetime import date

from dashboard.extract.events import extract_events
from dashboard.models import Article

BALTIMORE = Article(
    text=("BALTIMORE — Divers searched the Patapsco River on Tuesday for six workers missing "
          "after the Key Bridge collapse in Maryland.\n"
          "Search and recovery teams resumed at 6 a.m. Wednesday."),
    title="Search resumes", published=date(2024, 3, 27), source="Test Wire")


def _event_with(article: Article, words: str):
    return next(e for e in extract_events(article) if words in e.sentence)


def test_sentence_without_a_country_inherits_the_datelines():
    resumed = _event_with(BALTIMORE, "Search and recovery teams resumed")
    assert resumed.countries == ("USA",)
    assert resumed.country_inherited is True


def test_sentence_with_its_own_country_is_not_flagged():
    divers = _event_with(BALTIMORE, "Divers searched")
    assert "USA" in divers.countries
    assert divers.country_inherited is False


def test_without_a_dateline_the_most_named_country_is_home():
    article = Article(
        text=("Talks in Nairobi ended on Monday. Kenya's president thanked the mediators in "
              "Mombasa on Tuesday. The delegates flew home on Wednesday."),
        published=date(2025, 3, 12))
    home = _event_with(article, "The delegates flew home")
    assert (home.countries, home.country_inherited) == (("KEN",), True)


def test_article_without_any_place_inherits_nothing():
    article = Article(text="The committee met on Monday and agreed a budget.",
                      published=date(2025, 3, 12))
    event = _event_with(article, "committee")
    assert (event.countries, event.country_inherited) == ((), False)


def test_the_flag_is_stored_and_exported(tmp_path):
    from dashboard import query
    from dashboard.store import Store

    store = Store(tmp_path / "s.duckdb")
    store.add([(BALTIMORE, extract_events(BALTIMORE))])
    frame = query.events(store)
    flags = dict(zip(frame.sentence.str[:20], frame.country_inherited, strict=True))
    assert bool(flags["Search and recovery "]) is True
    assert bool(flags["BALTIMORE — Divers s"]) is False
