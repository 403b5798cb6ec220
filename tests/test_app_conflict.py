"""AppTest: the dyad, "all of" and dataset-field widgets, saved views and notes."""

from __future__ import annotations

from datetime import date

import pytest
from streamlit.testing.v1 import AppTest

from dashboard import query, saved
from dashboard.query import Filters
from tests.app_helpers import start_app
from tests.conflict_store import RUS, UKR, build_conflict_store
from tests.helpers import rendered

TIMEOUT = 60


@pytest.fixture
def conflict(tmp_path, monkeypatch):
    store = build_conflict_store(tmp_path)
    monkeypatch.setenv("EVENTLINE_DB", str(store.path))
    return store


def _app(page: str | None = None, **params) -> AppTest:
    return start_app(page, **params)


def _summary(at: AppTest) -> str:
    return at.caption[0].value


def test_dyad_and_fatalities_from_the_link(conflict):
    at = _app(**{"from": UKR, "to": RUS, "fat_min": "10"})
    assert at.multiselect(key="from").value == [UKR]
    assert at.number_input(key="fat_min").value == 10
    assert _summary(at) == "1 event from 1 imported dataset (ACLED)"


def test_dyad_widgets_change_the_view(conflict):
    at = _app()
    assert _summary(at).startswith("5 events")
    at.multiselect(key="from").select(UKR).run()
    assert _summary(at).startswith("2 events")
    at.multiselect(key="to").select(RUS).run()
    at.checkbox(key="both_ways").check().run()
    assert _summary(at).startswith("3 events")


def test_all_of_toggle(conflict):
    at = _app(actor=[UKR, RUS])
    assert _summary(at).startswith("4 events")  # any of them
    at.toggle(key="actor_all").set_value(True).run()
    assert _summary(at).startswith("3 events")  # both of them
    at.multiselect(key="actor").select("Civilians (Ukraine)").run()
    assert any("No event matches these filters" in i.value for i in at.info)


def test_quad_and_dataset_type_widgets(conflict):
    at = _app()
    at.multiselect(key="subtype").select("Battles: Armed clash").run()
    assert _summary(at).startswith("3 events")
    at.multiselect(key="quad").select(4).run()
    assert _summary(at).startswith("3 events")


def test_a_view_is_saved_and_opened_again(conflict):
    at = _app(**{"from": UKR, "to": RUS, "fat_min": "10", "subtype": "Battles: Armed clash"})
    at.radio(key="show").set_value("mentions").run()
    at.radio(key="colour").set_value("actor").run()
    at.text_input(key="view_name").input("Ukraine on Russia, deadly").run()
    at.button(key="view_save").click().run()
    (view,) = query.saved_views(conflict)
    assert view.page == "timeline" and view.choices == {"show": "mentions", "colour": "actor"}
    assert query.filters_from_dict(view.filters) == Filters(
        source_actors=(UKR,), target_actors=(RUS,), fatalities_min=10,
        sub_types=("Battles: Armed clash",))

    fresh = _app(page="map")  # another session, on another page, no filters
    assert fresh.multiselect(key="from").value == []
    fresh.selectbox(key="view_pick").select("Ukraine on Russia, deadly").run()
    fresh.button(key="view_open").click().run()
    assert not fresh.exception, fresh.exception
    assert fresh.multiselect(key="from").value == [UKR]
    assert fresh.number_input(key="fat_min").value == 10
    assert fresh.session_state["colour"] == "actor"
    assert fresh.session_state["show"] == "mentions"
    links = [e for e in fresh.sidebar.get("page_link")]
    assert links and "Timeline" in links[0].proto.label


def test_a_bad_view_name_is_explained(conflict):
    at = _app()
    at.button(key="view_save").click().run()
    assert any("a saved view needs a name" in rendered(c.value) for c in at.sidebar.caption)


def test_a_note_is_added_drawn_and_listed(conflict):
    at = _app()
    at.date_input(key="note_dates").set_value((date(2022, 2, 24),))
    at.text_area(key="note_text").input("Invasion begins ![x](http://evil.test/p.png)")
    at.text_input(key="note_author").input("Ana")
    at.button[[b.label for b in at.button].index("Add note")].click().run()
    assert not at.exception, at.exception
    assert query.notes(conflict)["text"].tolist() == [
        "Invasion begins ![x](http://evil.test/p.png)"]
    figure = at.get("plotly_chart")[0].proto.spec
    assert "Invasion begins\\u2026 (Ana)" in figure  # the label, shortened, with its author
    shown = [m.value for m in at.markdown if "Invasion" in m.value]
    assert shown and "![" not in shown[0] and rendered(shown[0]).endswith("— Ana")


def test_notes_on_the_data_page(conflict):
    conflict.add_note(saved.note(date(2022, 2, 24), None, "Invasion begins", "Ana"))
    at = _app(page="data")
    assert any("Notes on this period (1)" in h.value for h in at.subheader)
    labels = " ".join(b.proto.label for b in at.get("download_button"))
    assert "Notes (CSV)" in labels and "Notes (JSONL)" in labels


def test_event_details_show_the_datasets_own_fields(conflict):
    from dashboard.app.views import dataset_fields

    rows = query.events(conflict, Filters(source_actors=(UKR,), fatalities_min=10))
    assert dataset_fields(rows.iloc[0].to_dict()) == (
        "Battles: Armed clash · 12 fatalities · region Donetsk")


def test_country_dyad_and_region_from_the_link(conflict):
    at = _app(from_country="RUS", to_country="UKR", admin1="Kyiv")
    assert at.multiselect(key="from_country").value == ["RUS"]
    assert at.multiselect(key="admin1").value == ["Kyiv"]
    assert _summary(at) == "1 event from 1 imported dataset (ACLED)"
