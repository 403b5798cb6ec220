"""AppTest: what a user of a real store runs into: ingests while the app is open, long actor
lists, odd links, many articles, imported datasets and hostile text in every field."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.app import filters as filters_module
from dashboard.models import Article
from dashboard.store import Store
from tests.app_helpers import run_app
from tests.helpers import make_event, rendered, two_articles

TIMEOUT = 60
HOSTILE = "![x](http://evil.test/p.png) [click](http://evil.test/x) <b>bold</b> www.evil.test"


@pytest.fixture
def open_app(monkeypatch):
    def start(store: Store, page: str | None = None, **params) -> AppTest:
        return run_app(monkeypatch, store.path, page, **params)

    return start


def _store(tmp_path, pairs=None) -> Store:
    store = Store(tmp_path / "views.duckdb")
    store.add(pairs if pairs is not None else two_articles())
    return store


def _later_article() -> list:
    article = Article(text="Talks resumed in Doha.", title="Doha talks",
                      published=date(2026, 3, 2), source="Wire C")
    return [(article, [make_event(article, 0, date(2026, 3, 1), date(2026, 3, 1),
                                  date_text="Sunday", actors=("Taliban",), countries=("QAT",),
                                  sentence=article.text)])]


def _sidebar_text(at: AppTest) -> str:
    return "\n".join(rendered(str(e.value)) for kind in ("caption", "warning")
                     for e in getattr(at.sidebar, kind))


def test_an_ingest_while_the_app_is_open_moves_the_date_range(open_app, tmp_path):
    store = _store(tmp_path)
    at = open_app(store)
    assert at.date_input(key="dates").value == (date(2021, 1, 1), date(2025, 2, 17))
    store.add(_later_article())
    at.run()
    # The old range was "everything": it follows the new bounds instead of filtering.
    assert at.date_input(key="dates").value == (date(2021, 1, 1), date(2026, 3, 1))
    assert "4 events from 3 articles" in at.caption[0].value


def test_a_narrowed_range_is_kept_after_an_ingest_and_shown(open_app, tmp_path):
    store = _store(tmp_path)
    at = open_app(store)
    at.date_input(key="dates").set_value((date(2024, 1, 1), date(2025, 2, 17))).run()
    store.add(_later_article())
    at.run()
    assert at.date_input(key="dates").value == (date(2024, 1, 1), date(2026, 3, 1))
    assert "Showing 2024-01-01 – 2026-03-01" in _sidebar_text(at)


def test_junk_link_dates_are_named_and_a_good_start_is_kept(open_app, tmp_path):
    at = open_app(_store(tmp_path), dates=["2024-01-01", "junk"], type="nonsense",
                  datesrc="guessed")
    notes = _sidebar_text(at)
    assert "date 'junk' (expected YYYY-MM-DD)" in notes
    assert "event types 'nonsense' (not in this store" in notes
    assert "date source 'guessed'" in notes
    assert at.date_input(key="dates").value == (date(2024, 1, 1), date(2025, 2, 17))
    assert "2 events from 2 articles" in at.caption[0].value


def test_a_link_date_outside_the_store_is_clipped_and_named(open_app, tmp_path):
    at = open_app(_store(tmp_path), dates=["2019-05-01", "2024-12-31"])
    assert "date 2019-05-01 (outside the stored 2021-01-01 – 2025-02-17" in _sidebar_text(at)
    assert at.date_input(key="dates").value == (date(2021, 1, 1), date(2024, 12, 31))


def test_an_actor_beyond_the_list_is_found_by_search(open_app, tmp_path, monkeypatch):
    monkeypatch.setattr(filters_module, "MAX_OPTIONS", 1)  # as with 7,000 actors
    at = open_app(_store(tmp_path))
    assert "Yoshimasa Hayashi" not in at.multiselect(key="actor").options
    at.text_input(key="find_actors").input("hayashi").run()
    assert at.multiselect(key="actor").options[0] == "Yoshimasa Hayashi"
    at.multiselect(key="actor").select("Yoshimasa Hayashi").run()
    assert "1 event from 1 article" in at.caption[0].value


def test_actor_options_follow_the_other_filters(open_app, tmp_path, monkeypatch):
    monkeypatch.setattr(filters_module, "MAX_OPTIONS", 2)
    at = open_app(_store(tmp_path))
    at.multiselect(key="country").select("JPN").run()
    at.run()  # options come from the view the other filters gave
    assert at.multiselect(key="actor").options == ["Yoshimasa Hayashi"]


def test_one_article_is_one_ingested_article(open_app, tmp_path):
    one = [(Article(text="Story.", title="Story", source="Wire",
                    published=date(2024, 1, 1)), [])]
    at = open_app(_store(tmp_path, one), page="articles")
    assert at.caption[0].value.startswith("1 ingested article,")


def test_articles_page_pages_and_searches_every_article(open_app, tmp_path):
    many = [(Article(text=f"Story {n}.", title=f"Story {n:03d}", source="Wire",
                     published=date(2024, 1, 1)), []) for n in range(230)]
    at = open_app(_store(tmp_path, many), page="articles")
    assert "230 ingested articles" in at.caption[0].value
    assert at.number_input(key="article_page").max == 3
    at.number_input(key="article_page").set_value(3).run()
    assert len(next(df.value for df in at.dataframe if "title" in df.value.columns)) == 30
    at.text_input(key="article_search").input("story 101").run()
    table = next(df.value for df in at.dataframe if "title" in df.value.columns)
    assert table["title"].tolist() == ["Story 101"]


def test_data_page_opens_with_what_happened_not_ids(open_app, tmp_path):
    at = open_app(_store(tmp_path), page="data")
    columns = list(next(df.value for df in at.dataframe if "event_id" in df.value.columns))
    assert columns[:7] == ["date_start", "date_end", "date_text", "event_name", "actors",
                           "countries", "sentence"]
    assert columns.index("event_id") > columns.index("source")


def _hostile_store(tmp_path) -> Store:
    article = Article(text=f"Talks in Kabul. {HOSTILE}", title=HOSTILE, source=HOSTILE,
                      url="javascript:alert(1)", published=date(2025, 2, 18))
    event = make_event(article, 0, date(2025, 2, 17), date(2025, 2, 17), date_text=HOSTILE,
                       actors=(HOSTILE, "<a href='http://evil.test/x'>Click here</a>"),
                       countries=("AFG",), sentence=f"Talks in Kabul. {HOSTILE}")
    event = replace(event, places=(HOSTILE,), lat=34.5, lon=69.2)
    return _store(tmp_path, [(article, [event])])


def _markdown_sources(at: AppTest) -> list[str]:
    kinds = ("markdown", "caption", "subheader", "warning", "info", "error", "success")
    return [str(e.value) for kind in kinds for e in getattr(at, kind)]


@pytest.mark.parametrize("page", ["timeline", "map", "actors", "articles", "data"])
def test_user_text_is_never_markdown_on_any_page(open_app, tmp_path, page):
    store = _hostile_store(tmp_path)
    article_id = store.query_rows("SELECT article_id FROM articles")[0][0]
    at = open_app(store, page=page, article=article_id)
    sources = _markdown_sources(at)
    assert any("evil" in s for s in sources) or page in ("map", "actors", "data")
    for source in sources:
        # Escaped, the brackets, colons and dots can no longer form an image, a link or an
        # autolink: "\!\[x\]\(http\:\/\/evil\.test...".
        assert "![" not in source and "](" not in source.replace("](https://", "")
        assert "http://" not in source and "www.evil" not in source and "<b>" not in source


@pytest.mark.parametrize("page", ["articles", "data"])
def test_a_javascript_url_is_no_link_in_the_tables(open_app, tmp_path, page):
    at = open_app(_hostile_store(tmp_path), page=page)
    (table,) = [df.value for df in at.dataframe if "url" in df.value.columns]
    assert len(table) == 1
    assert table["url"].isna().all()  # the link column gets nothing to open


def test_event_details_show_hostile_text_as_text(tmp_path, monkeypatch):
    """The Selected events panel: its caption and heading escape every field, and a
    ``javascript:`` URL is not a link."""
    from dashboard import query
    from dashboard.app.views import provenance_markdown

    store = _hostile_store(tmp_path)
    row = query.events(store).to_dict("records")[0]
    line = provenance_markdown(row)
    assert "javascript" not in line and "![" not in line and "](" not in line
    assert rendered(line).startswith(HOSTILE)


def test_the_shared_link_holds_the_page_choices(open_app, tmp_path):
    at = open_app(_store(tmp_path), country="JPN")
    link = at.sidebar.code[0].value
    assert "show=" not in link  # the default is left out of the link
    at.radio(key="show").set_value("mentions").run()
    at.radio(key="colour").set_value("actor").run()
    link = at.sidebar.code[0].value
    assert "country=JPN" in link and "colour=actor" in link and "show=mentions" in link


def test_language_is_shown_and_filters(open_app, tmp_path):
    spanish = Article(text="Los ministros se reunieron el lunes.", title="Reunión",
                      published=date(2025, 2, 18), source="Diario", language="es")
    pairs = two_articles() + [(spanish, [make_event(
        spanish, 0, date(2025, 2, 17), date(2025, 2, 17), date_text="el lunes",
        actors=("Ministros",), countries=("ESP",), sentence=spanish.text)])]
    at = open_app(_store(tmp_path, pairs), lang="es")
    assert at.multiselect(key="lang").value == ["es"]
    assert "1 event from 1 article" in at.caption[0].value
    at.switch_page("screens/articles.py").run()
    table = next(df.value for df in at.dataframe if "title" in df.value.columns)
    assert table.set_index("title").loc["Reunión", "language"] == "es"
