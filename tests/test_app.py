"""AppTest: every page against temporary stores, with filters read from the URL."""

from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from dashboard.app.uploads import MAX_FILES
from dashboard.store import Store
from tests.app_helpers import run_app
from tests.helpers import geo_articles, two_articles, undated_article

TIMEOUT = 60


@pytest.fixture
def app_with(monkeypatch, tmp_path):
    def start(store: Store | None = None, page: str | None = None,
              **params: str | list[str]) -> AppTest:
        path = store.path if store else tmp_path / "empty.duckdb"
        return run_app(monkeypatch, path, page, check=False, **params)

    return start


def _store(tmp_path: Path, pairs=None, name: str = "two") -> Store:
    store = Store(tmp_path / f"{name}.duckdb")
    store.add(pairs if pairs is not None else two_articles())
    return store


def _table(at: AppTest, column: str) -> pd.DataFrame:
    """The first table on the page that has ``column``."""
    return next(df.value for df in at.dataframe if column in df.value.columns)


def _texts(at: AppTest) -> str:
    parts = [e.value for kind in ("caption", "info", "markdown", "success", "warning", "error")
             for e in getattr(at, kind)]
    return "\n".join(str(p) for p in parts)


PAGES = ["timeline", "map", "actors", "articles", "ingest", "data"]


@pytest.mark.parametrize("page", PAGES)
def test_every_page_runs_on_an_empty_store(app_with, page):
    at = app_with(page=page)
    assert not at.exception, at.exception


@pytest.mark.parametrize("page", PAGES)
def test_every_page_runs_with_filters_from_the_url(app_with, tmp_path, page):
    at = app_with(_store(tmp_path, geo_articles()), page=page, country="AFG", actor="Taliban")
    assert not at.exception, at.exception
    assert at.multiselect(key="country").value == ["AFG"]
    assert at.multiselect(key="actor").value == ["Taliban"]


def test_empty_store_explains_what_to_do(app_with):
    at = app_with()
    assert not at.exception
    assert any("No events yet. Ingest articles" in info.value for info in at.info)


def test_a_link_naming_values_no_event_has_says_so_and_the_page_says_why_it_is_empty(
        app_with, tmp_path):
    at = app_with(_store(tmp_path, geo_articles()), country="Japan", lang="xx",
                  actor="Nobody at all")
    assert not at.exception, at.exception
    assert at.multiselect(key="country").value == ["Japan"]  # kept, as the link asked
    warned = " ".join(w.value for w in at.sidebar.warning)
    assert "no stored event has" in warned
    for value in ("countries \\'Japan", "languages \\'xx", "actors \\'Nobody at all"):
        assert value in warned
    assert "did you mean \\'JPN\\'" in warned  # countries are stored as ISO-3 codes
    assert any("No event matches these filters (the store holds" in i.value for i in at.info)


def test_the_mentions_chart_spans_the_dates_the_filters_keep(app_with, tmp_path):
    import json

    at = app_with(_store(tmp_path), show="mentions", source="Wire B")  # Kabul, June 2024
    assert not at.exception, at.exception
    (chart,) = at.get("plotly_chart")
    first, last = json.loads(chart.proto.spec)["layout"]["xaxis"]["range"]
    assert first[:4] == "2024" and last[:4] == "2024", (first, last)  # not 2021 .. 2025


def test_the_story_views_key_dates_are_a_list_whose_headlines_wrap(app_with, tmp_path):
    at = app_with(_store(tmp_path))
    assert not at.exception, at.exception
    (listing,) = [m.value for m in at.markdown if m.value.startswith("1. **")]
    lines = listing.splitlines()
    assert lines[0] == "1. **1 June 2024** — Protest in Kabul · 1 article"
    assert len(lines) == 3


def test_timeline_shows_all_events(app_with, tmp_path):
    at = app_with(_store(tmp_path), show="mentions")
    assert not at.exception
    assert "3 events from 2 articles" in at.caption[0].value
    assert len(_table(at, "sentence")) == 3
    assert at.get("plotly_chart")
    key_dates = _table(at, "as written")
    assert set(key_dates["date"]) == {"2021", "2024-06-01", "2025-02-17"}


def test_country_filter_from_url(app_with, tmp_path):
    at = app_with(_store(tmp_path), country="JPN", show="mentions")
    assert not at.exception
    assert at.multiselect(key="country").value == ["JPN"]
    table = _table(at, "sentence")
    assert len(table) == 1 and table.iloc[0]["date_text"] == "Monday"


def test_every_filter_from_url(app_with, tmp_path):
    at = app_with(_store(tmp_path), actor="Taliban", source="Wire B", datesrc="relative",
                  q="kabul", dates=["2024-01-01", "2024-12-31"], show="mentions")
    assert not at.exception
    assert at.text_input(key="q").value == "kabul"
    table = _table(at, "sentence")
    assert table["sentence"].tolist() == ["Protest in Kabul."]


def test_event_type_from_url_uses_the_label(app_with, tmp_path):
    at = app_with(_store(tmp_path), type="Protest (14)", show="mentions")
    assert at.multiselect(key="type").value == ["14"]
    assert _table(at, "sentence")["event_name"].tolist() == ["Protest"]


def test_filter_widgets_change_the_view(app_with, tmp_path):
    at = app_with(_store(tmp_path), show="mentions")
    at.multiselect(key="actor").select("Taliban").run()
    assert len(_table(at, "sentence")) == 2
    at.multiselect(key="type").select("14").run()
    table = _table(at, "sentence")
    assert len(table) == 1 and table.iloc[0]["event_name"] == "Protest"


def test_facet_counts_follow_the_other_filters(app_with, tmp_path):
    at = app_with(_store(tmp_path), country="JPN")
    captions = [c.value for c in at.sidebar.caption]
    assert "Yoshimasa Hayashi 1" in captions  # actors counted within JPN only
    assert any(c.startswith("AFG 2") for c in captions)  # countries ignore their own filter


def test_lists_and_captions_count_under_the_other_filters(app_with, tmp_path):
    """Each list offers its values as ``facet_counts`` ranks them under the other filters
    of the run before, and writes its first five under this run's: both now come from
    one cached count per scope, which must not change them."""
    from dashboard import query
    from dashboard.query import Filters

    store = _store(tmp_path, geo_articles())
    at = app_with(store, country="JPN")
    at.run()  # the lists follow the filters of the run before: now JPN
    chosen = Filters(countries=("JPN",))
    for key, field, column in (("country", "countries", "countries"),
                               ("actor", "actors", "actors"), ("source", "sources", "source")):
        counts = query.facet_counts(store, column, chosen.without(field), limit=1000)
        offered = at.multiselect(key=key).options
        assert offered[:len(counts)] == counts["value"].tolist(), key
        top = " · ".join(f"{v} {n:,}" for v, n in counts.head(5).itertuples(index=False))
        assert top in [c.value for c in at.sidebar.caption], key


def test_share_link_holds_the_filters(app_with, tmp_path):
    at = app_with(_store(tmp_path), country="JPN")
    assert "country=JPN" in at.sidebar.code[0].value


def test_map_uses_local_outlines_and_counts_countries(app_with, tmp_path):
    at = app_with(_store(tmp_path, geo_articles()), page="map")
    assert not at.exception
    chart = at.get("plotly_chart")[0].proto
    assert '"topojsonURL": "/app/static/"' in chart.spec or "/app/static/" in chart.config
    counts = _table(at, "country")
    assert dict(zip(counts["country"], counts["events"], strict=True)) == {"AFG": 2, "JPN": 1}


def test_actors_page_ranks_actors(app_with, tmp_path):
    at = app_with(_store(tmp_path), page="actors")
    assert not at.exception
    counts = _table(at, "actor")
    assert counts.iloc[0].tolist() == ["Taliban", 2]


def test_articles_page_lists_articles_with_counts(app_with, tmp_path):
    at = app_with(_store(tmp_path), page="articles")
    assert not at.exception
    table = _table(at, "title")
    assert set(table["title"]) == {"Tokyo talks", "Kabul protest"}
    assert table.set_index("title").loc["Tokyo talks", "events"] == 2


def test_article_from_url_is_shown_highlighted(app_with, tmp_path):
    store = _store(tmp_path)
    tokyo = two_articles()[0][0]
    at = app_with(store, page="articles", article=tokyo.article_id)
    assert not at.exception
    assert any(h.value == "Tokyo talks" for h in at.subheader)
    assert len(_table(at, "sentence")) == 2
    page_html = " ".join(str(e.proto.body) for e in at.get("html"))
    assert '<mark class="el-date" style="background:#b9e3ff" title="date">2021</mark>' in page_html


def test_choosing_only_undated_happenings_says_so_instead_of_an_empty_chart(app_with, tmp_path):
    store = _store(tmp_path, [*two_articles(), *undated_article()], name="mixed")
    at = app_with(store, datesrc="unresolved")
    assert not at.exception, at.exception
    assert any("This happening has a date: their articles" in i.value for i in at.info)
    assert not at.get("plotly_chart"), "no empty chart with numeric axes"


def test_undated_article_is_listed_not_guessed(app_with, tmp_path):
    store = _store(tmp_path, undated_article(), name="undated")
    at = app_with(store)
    assert not at.exception
    assert "1 event from 1 article" in at.caption[0].value
    assert any("has a date: their articles have no publication date" in i.value for i in at.info)
    at.radio(key="show").set_value("mentions").run()
    assert _table(at, "sentence")["date_source"].tolist() == ["unresolved"]
    at.switch_page("screens/articles.py").run()
    assert _table(at, "title")["title"].tolist() == ["Undated report"]
    assert any("1 without a publication date" in c.value for c in at.caption)


def test_data_page_pages_rows_and_offers_every_format(app_with, tmp_path):
    at = app_with(_store(tmp_path), page="data", country="AFG")
    assert not at.exception
    assert len(_table(at, "event_id")) == 2
    labels = " ".join(b.proto.label for b in at.get("download_button"))
    for word in ("spreadsheets", "raw CSV for scripts", "JSON Lines", "Parquet", "TimelineJS"):
        assert word in labels
    assert "sidecar" in labels


def _submit(at: AppTest, label: str) -> AppTest:
    button = next(b for b in at.button if b.label == label)
    return button.click().run()


def test_pasted_article_appears_without_restart(app_with, tmp_path, monkeypatch):
    monkeypatch.setenv("EVENTLINE_ALLOW_UPLOADS", "1")  # off unless `serve --allow-uploads`
    store = _store(tmp_path)
    at = app_with(store, page="ingest")
    at.text_area(key="paste_text").input("Officials protested in Kabul on 3 March 2024.")
    at.text_input(key="paste_title").input("Pasted")
    _submit(at, "Ingest text")
    assert not at.exception, at.exception
    assert any("1 new" in s.value for s in at.success)
    at.switch_page("screens/articles.py").run()
    assert "Pasted" in set(_table(at, "title")["title"])


def test_upload_is_ingested_and_limits_are_explained(app_with, tmp_path, monkeypatch):
    monkeypatch.setenv("EVENTLINE_ALLOW_UPLOADS", "1")  # off unless `serve --allow-uploads`
    at = app_with(_store(tmp_path), page="ingest")
    text = b"---\ntitle: Uploaded story\npublished: 2024-05-01\n---\nTalks began on Monday.\n"
    too_many = [(f"story{i}.txt", text, "text/plain") for i in range(MAX_FILES + 1)]
    at.file_uploader(key="files").set_value(too_many)
    _submit(at, "Ingest files")
    assert any(f"the limit is {MAX_FILES} per batch" in e.value for e in at.error)
    at.file_uploader(key="files").set_value([("story.txt", text, "text/plain")])
    _submit(at, "Ingest files")
    assert not at.exception, at.exception
    assert any("1 new" in s.value for s in at.success)
    at.switch_page("screens/articles.py").run()
    assert "Uploaded story" in set(_table(at, "title")["title"])


def test_seed_store_offers_seed_filters(app_with, seed_store):
    at = app_with(seed_store)
    assert not at.exception
    assert {"JPN", "AFG"} <= set(at.multiselect(key="country").options)
