"""End to end in headless Chromium: serve the seed store, filter by country, download CSV."""

import csv
import io

import pytest

from tests.browser import chromium_page, require_browser, served

pytestmark = pytest.mark.browser


def test_country_filter_and_csv_download(seed_store, tmp_path):
    require_browser()
    with served(seed_store.path) as url, chromium_page() as page:
        page.goto(url)
        page.get_by_text("events from 1 articles").wait_for(timeout=60_000)
        total = int(page.get_by_text("events from 1 articles").inner_text().split()[0])

        page.locator('[data-testid="stMultiSelect"]').filter(has_text="Countries").click()
        page.get_by_role("option", name="JPN").click()
        page.wait_for_url("**country=JPN**", timeout=30_000)
        page.keyboard.press("Escape")
        caption = page.get_by_text("events from 1 articles")
        page.wait_for_function(
            "n => !document.body.innerText.includes(n + ' events from')", arg=str(total),
            timeout=30_000,
        )
        shown = int(caption.inner_text().split()[0])
        assert 0 < shown < total

        with page.expect_download(timeout=30_000) as info:
            page.get_by_role("button", name="Download these events (CSV)").click()
        path = tmp_path / "download.csv"
        info.value.save_as(path)
        page.screenshot(path=str(tmp_path / "timeline.png"), full_page=True)

    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
    assert len(rows) == shown
    assert all("JPN" in row["countries"].split("; ") for row in rows)
