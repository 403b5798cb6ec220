"""AppTest: the Timeline's story view (happenings) opens by default, follows the filters and
leads from a happening to its mentions and articles."""

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.happenings import query as happening_query
from dashboard.query import Filters
from dashboard.store import Store
from tests.app_helpers import run_app
from tests.helpers import geo_articles, two_articles, undated_article


@pytest.fixture
def story_app(monkeypatch, tmp_path):
    def start(pairs, **params) -> tuple[AppTest, Store]:
        store = Store(tmp_path / "story.duckdb")
        store.add(pairs)
        return run_app(monkeypatch, store.path, **params), store

    return start


def _story_items(at: AppTest) -> list[str]:
    return [e.label for e in at.expander if " — " in e.label]


def _captions(at: AppTest) -> str:
    return "\n".join(c.value for c in at.caption)


def test_the_story_is_the_default_view(story_app):
    at, _ = story_app(two_articles())
    assert at.radio(key="show").value == "happenings"
    assert "3 happenings reported by 3 mentions in 2 articles" in _captions(at)
    items = _story_items(at)
    assert items[1:] == ["2024-06-01 — Protest in Kabul · 1 source",
                         "2025-02-17 — Talks in Tokyo · 1 source"]
    # The year 2021 lies far before the window: named at the chart's edge and in the list.
    assert items[0].startswith("2021 — ") and "Takeover in 2021" in items[0]
    assert "2 happenings drawn" in _captions(at)
    assert "1 more named at the edges (before or after)" in _captions(at)
    assert at.get("plotly_chart")
    labels = [b.proto.label for b in at.get("download_button")]
    assert labels == ["Download these happenings (CSV)"]


def test_the_date_range_chooses_the_window(story_app):
    at, _ = story_app(two_articles(), dates=["2025-01-01", "2025-12-31"])
    assert _story_items(at) == ["2025-02-17 — Talks in Tokyo · 1 source"]
    assert "1 happening drawn in 2025-01-01 – 2025-02-17" in _captions(at)


def test_a_capped_chart_says_how_many_happenings_it_leaves_out(story_app, monkeypatch):
    from dashboard.app import story

    monkeypatch.setattr(story, "MAX_MARKS", 1)
    at, _ = story_app(two_articles(), dates=["2024-01-01", "2025-12-31"])
    assert "1 of the 2 happenings in this period drawn (the most reported) in " \
        "2024-01-01 – 2025-02-17" in _captions(at)
    assert len(_story_items(at)) == 1


def test_a_year_is_a_happening_of_its_own(story_app):
    at, _ = story_app(two_articles(), dates=["2020-01-01", "2021-12-31"])
    (item,) = _story_items(at)
    assert item.startswith("2021 — ") and "Takeover in 2021" in item


def test_filters_reach_the_happenings_through_their_mentions(story_app):
    at, _ = story_app(geo_articles(), country="JPN")
    items = _story_items(at)
    assert items and all("Kabul" not in item for item in items)


def test_opening_a_happening_shows_its_mentions_and_a_link_to_the_article(story_app):
    at, store = story_app(two_articles())
    found = happening_query.happenings(store, Filters())
    tokyo = found.loc[found["headline"] == "Talks in Tokyo", "happening_id"].iloc[0]
    assert not at.get("page_link") or all("Read" not in p.proto.label
                                           for p in at.get("page_link"))
    at.session_state[f"h_{tokyo}"] = True
    at.run()
    assert not at.exception, at.exception
    (item,) = [e for e in at.expander if "Tokyo" in e.label]
    assert item.markdown, "the mention's evidence is shown inside the happening"
    (link,) = [p.proto for p in at.get("page_link") if p.proto.label.startswith("Read")]
    assert link.label == "Read: Tokyo talks"
    assert link.page == "articles" and link.query_string.startswith("article=")


def test_undated_articles_say_why_nothing_is_drawn(story_app):
    at, _ = story_app(undated_article())
    assert any("has a date: their articles have no publication date" in i.value for i in at.info)


def test_every_mention_is_one_click_away(story_app):
    at, _ = story_app(two_articles())
    at.radio(key="show").set_value("mentions").run()
    assert not at.exception, at.exception
    assert at.radio(key="colour").value == "event type"
    assert "Selected events" in [h.value for h in at.subheader]


def test_the_data_page_offers_the_happenings_in_every_format(story_app):
    at, _ = story_app(two_articles(), country="AFG")
    at.switch_page("screens/data.py").run()
    assert not at.exception, at.exception
    assert "Download the happenings (2)" in [h.value for h in at.subheader]
    labels = [b.proto.label for b in at.get("download_button") if "happenings" in b.proto.label]
    assert labels == [f"happenings: {fmt}" for fmt in
                      ("csv", "raw-csv", "jsonl", "parquet", "timelinejs")]
