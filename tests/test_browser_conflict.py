"""In headless Chromium, on a store holding the real ACLED sample: ask who did what to whom with
a fatality threshold, save the view, note a date, reload, and download exactly those rows;
the CLI gives the same rows from the saved view."""

from __future__ import annotations

import csv
import io
import json

import pytest
from click.testing import CliRunner

from dashboard.paths import SHARED_DATA
from tests.browser import chromium_page, require_browser, served

pytestmark = pytest.mark.browser
WAIT = 60_000
ACLED = SHARED_DATA / "acled" / "acled_global_2022H1_9000.csv.gz"
UKR = "Military Forces of Ukraine (2019-)"
RUS = "Military Forces of Russia (2000-)"


@pytest.fixture(scope="module")
def acled_app(tmp_path_factory):
    require_browser()
    if not ACLED.exists():
        pytest.skip(f"the ACLED sample is not at {ACLED}")
    from dashboard.importers.acled import import_acled
    from dashboard.store import Store

    store = Store(tmp_path_factory.mktemp("acled") / "acled.duckdb")
    assert import_acled([ACLED], store).events_added > 8000
    with served(store.path) as url:
        yield url, store


def _expand(page, title: str, inside: str) -> None:
    """Open a sidebar expander; a click that lands during a rerun is tried again."""
    sidebar = page.get_by_test_id("stSidebar")
    for _ in range(3):
        if sidebar.get_by_text(inside).first.is_visible():
            return
        sidebar.get_by_text(title).first.click()
        page.wait_for_timeout(1500)
    sidebar.get_by_text(inside).first.wait_for(timeout=WAIT)


def _pick(page, label: str, typed: str, option: str) -> None:
    # the whole label: "Source actors" is also in "Source actors' countries"
    label_text = page.get_by_text(label, exact=True)
    box = page.locator('[data-testid="stMultiSelect"]').filter(has=label_text)
    box.click()
    page.keyboard.type(typed)
    page.get_by_role("option", name=option, exact=True).click()
    page.keyboard.press("Escape")


def _summary(page) -> str:
    return page.get_by_text(" from 1 imported dataset (ACLED)").first.inner_text()


def test_dyad_view_saved_noted_reloaded_and_downloaded(acled_app, tmp_path):
    url, store = acled_app
    with chromium_page() as page:
        page.goto(url)
        page.get_by_text("Colour by").wait_for(timeout=WAIT)
        sidebar = page.get_by_test_id("stSidebar")
        _expand(page, "Who did what to whom", "Source actors")
        _pick(page, "Source actors (who acts)", "Forces of Ukraine", UKR)
        _pick(page, "Target actors (acted on)", "Forces of Russia (2000", RUS)
        _expand(page, "Event details", "Dataset's own type")
        _pick(page, "Dataset's own type (ACLED, GDELT)", "Battles", "Battles")
        low = sidebar.get_by_label("Fatalities (ACLED): at least")
        low.fill("10")
        low.press("Enter")
        page.wait_for_url("**fat_min=10**", timeout=30_000)
        page.get_by_text("6 events from 1 imported dataset (ACLED)").wait_for(timeout=WAIT)

        _expand(page, "Saved views (0)", "Save this view as")
        sidebar.get_by_label("Save this view as").fill("UA on RU, 10+ dead")
        sidebar.get_by_role("button", name="Save view").click()
        sidebar.get_by_text("Saved the view UA on RU, 10+ dead.").wait_for(timeout=WAIT)

        page.get_by_text("Notes on this period (0)").click()
        for part, value in (("year", "2022"), ("month", "02"), ("day", "24")):
            field = page.get_by_role("spinbutton",
                                     name=f"{part}, Day, or first and last day start date")
            field.click()
            page.keyboard.type(value)
        page.get_by_label("Note").fill("Full-scale invasion begins")
        page.get_by_label("Author").fill("Ana")
        page.get_by_role("button", name="Add note").click()
        page.get_by_text("Notes on this period (1)").wait_for(timeout=WAIT)

        page.goto(page.url)  # a reload: the view and the note are in the store
        page.get_by_text("6 events from 1 imported dataset (ACLED)").wait_for(timeout=WAIT)
        page.get_by_text("Notes on this period (1)").wait_for(timeout=WAIT)
        page.locator(".js-plotly-plot .annotation-text").filter(
            has_text="Full-scale invasion").first.wait_for(timeout=WAIT)  # drawn on the chart
        page.get_by_test_id("stSidebar").get_by_text("Saved views (1)").wait_for(timeout=WAIT)

        page.get_by_role("link", name="Data").click()
        page.get_by_text("6 events match the filters").wait_for(timeout=WAIT)
        rows, meta = _download_with_sidecar(page, tmp_path)
    assert len(rows) == 6
    assert all(int(row["fatalities"]) >= 10 for row in rows)
    assert {row["source_actor"] for row in rows} == {UKR}
    assert {row["target_actor"] for row in rows} == {RUS}
    assert [note["text"] for note in meta["notes"]] == ["Full-scale invasion begins"]
    assert meta["notes"][0]["date_start"] == "2022-02-24"

    from dashboard.cli import main

    result = CliRunner().invoke(main, ["export", "--db", str(store.path), "--view",
                                       "UA on RU, 10+ dead", "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    cli_ids = sorted(json.loads(line)["event_id"] for line in result.output.splitlines())
    assert cli_ids == sorted(row["event_id"] for row in rows)


def _download_with_sidecar(page, folder):
    with page.expect_download(timeout=30_000) as info:
        page.get_by_role("button", name="CSV for spreadsheets").click()
    data = folder / info.value.suggested_filename
    info.value.save_as(data)
    with page.expect_download(timeout=30_000) as info:
        page.get_by_role("button", name="sidecar for csv", exact=True).click()
    meta = folder / info.value.suggested_filename
    info.value.save_as(meta)
    rows = list(csv.DictReader(io.StringIO(data.read_text(encoding="utf-8-sig"))))
    return rows, json.loads(meta.read_text(encoding="utf-8"))
