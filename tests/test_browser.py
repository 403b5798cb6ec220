"""End to end in headless Chromium: one served store per module, real URL round trips.

Covers what AppTest cannot see: widget -> URL, the map's click, the downloads' bytes, and
that the browser makes no request outside the app (the map outlines are served locally).
"""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pyarrow.parquet as pq
import pytest

from dashboard.export import FORMAT_HELP
from dashboard.paths import SAMPLE_ARTICLES
from tests.browser import chromium_page, require_browser, served, settle

pytestmark = pytest.mark.browser

SHOTS = Path("/tmp/eventline-shots")
WAIT = 60_000


ODD_DATES = """---
title: Wheat talks
published: 1987-06-01
source: Wire D
---
Farm ministers met at 1900 hours on Friday, after the 5/14/82 accord ran out in 1986.
"""


@pytest.fixture(scope="module")
def app_url(tmp_path_factory):
    """A store like a user's: the seed article, geo-coded articles, an ACLED and a GDELT
    import, an undated article, an untyped event and a 1987 story with clock times and a
    two-digit year; served once for the module."""
    require_browser()
    from dashboard.pipeline import ingest_paths
    from dashboard.store import Store
    from tests.helpers import geo_articles
    from tests.mixed_store import build_mixed_store

    folder = tmp_path_factory.mktemp("browser")
    store = Store(folder / "browser.duckdb")
    odd = folder / "odd-dates.txt"
    odd.write_text(ODD_DATES, encoding="utf-8")
    ingest_paths([SAMPLE_ARTICLES / "taliban-japan-visit.txt", odd], store)
    store.add(geo_articles())
    build_mixed_store(folder, store)
    with served(store.path) as url:
        yield url


@pytest.fixture
def page(app_url):
    with chromium_page() as page:
        outside: list[str] = []
        page.on("request", lambda r: None if r.url.startswith(app_url) else outside.append(r.url))
        yield page
        assert not outside, f"requests left the app: {outside[:5]}"


SUMMARY = re.compile(r"^[\d,]+ events? from")


def _open(page, url: str, ready: str | re.Pattern = SUMMARY) -> None:
    page.goto(url)
    page.get_by_text(ready).first.wait_for(timeout=WAIT)
    settle(page)


def _shown_total(page) -> int:
    caption = page.get_by_text(SUMMARY).first
    return int(caption.inner_text().split()[0].replace(",", ""))


def _params(page) -> dict[str, list[str]]:
    return parse_qs(urlparse(page.url).query)


def test_country_filter_and_csv_download(page, app_url, tmp_path):
    _open(page, f"{app_url}/?show=mentions")
    total = _shown_total(page)
    # The exact label: "Source actors' countries" and "Target actors' countries" contain it.
    page.locator('[data-testid="stMultiSelect"]').filter(
        has=page.get_by_text("Countries", exact=True)).click()
    page.get_by_role("option", name="JPN").click()
    page.wait_for_url("**country=JPN**", timeout=30_000)
    page.keyboard.press("Escape")
    page.wait_for_function(
        "n => !document.body.innerText.includes(n + ' events from')", arg=f"{total:,}",
        timeout=30_000,
    )
    settle(page)
    shown = _shown_total(page)
    assert 0 < shown < total

    with page.expect_download(timeout=30_000) as info:
        page.get_by_role("button", name="Download these events (CSV)").click()
    path = tmp_path / "download.csv"
    info.value.save_as(path)
    assert "JPN" in info.value.suggested_filename
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
    assert len(rows) == shown
    assert all("JPN" in row["countries"].split("; ") for row in rows)


def test_link_with_filters_reopens_the_view(page, app_url):
    from playwright.sync_api import expect

    _open(page, f"{app_url}/?country=AFG&actor=Taliban&type=Protest+%2814%29")
    page.get_by_text("1 event from 1 article").wait_for(timeout=WAIT)
    sidebar = page.get_by_test_id("stSidebar")
    for label, chip in (("Countries", "AFG"), ("Actors", "Taliban"),
                        ("Event types", "Protest (14)")):
        widget = sidebar.locator('[data-testid="stMultiSelect"]').filter(
            has=page.get_by_text(label, exact=True))
        assert chip in widget.inner_text()
    page.get_by_text("Copy link to this view").click()
    shared = sidebar.locator("code").first
    expect(shared).to_contain_text("country=AFG", timeout=WAIT)
    expect(shared).to_contain_text("actor=Taliban", timeout=WAIT)


def test_search_box_writes_the_url(page, app_url):
    from playwright.sync_api import expect

    _open(page, app_url)
    box = page.get_by_label("Search the evidence")
    box.fill("Kabul")
    box.press("Enter")
    page.wait_for_url("**q=Kabul**", timeout=30_000)
    page.get_by_text("1 event from 1 article").wait_for(timeout=WAIT)
    page.get_by_text("Copy link to this view").click()
    shared = page.get_by_test_id("stSidebar").locator("code").first
    # The link is drawn last, after the page: the previous run's stays until this one ends.
    expect(shared).to_contain_text("q=Kabul", timeout=WAIT)


def test_the_shared_link_keeps_the_colour_choice(page, app_url):
    from playwright.sync_api import expect

    _open(page, f"{app_url}/?show=mentions")
    colour = page.get_by_test_id("stRadio").filter(has=page.get_by_text("Colour by"))
    colour.get_by_text("actor", exact=True).click()
    page.wait_for_url("**colour=actor**", timeout=30_000)
    page.get_by_text("Copy link to this view").click()
    shared = page.get_by_test_id("stSidebar").locator("code").first
    expect(shared).to_contain_text("colour=actor", timeout=30_000)
    expect(shared).to_contain_text("show=mentions", timeout=30_000)
    page.goto(shared.inner_text())
    page.get_by_text(SUMMARY).first.wait_for(timeout=WAIT)
    colour = page.get_by_test_id("stRadio").filter(has=page.get_by_text("Colour by"))
    expect(colour.locator("input:checked")).to_have_value(
        "2", timeout=30_000)  # the third choice, "actor"


def test_a_junk_date_in_a_link_is_named_on_the_page(page, app_url):
    _open(page, f"{app_url}/?dates=2024-01-01&dates=junk")
    page.get_by_text("Ignored from the link").wait_for(timeout=WAIT)
    assert "junk" in page.get_by_test_id("stSidebar").inner_text()
    page.get_by_text("Showing 2024-01-01").wait_for(timeout=WAIT)


def test_clicking_a_country_on_the_map_filters_every_page(page, app_url):
    # Without the event points, which sit on top of the countries they happened in.
    _open(page, f"{app_url}/map?points=false", ready="click a country")
    shapes = page.locator("path.choroplethlocation")
    shapes.first.wait_for(timeout=WAIT)
    shapes.first.click(force=True)  # the most frequent country comes first: AFG
    page.wait_for_url("**country=AFG**", timeout=30_000)
    page.get_by_role("link", name="Timeline").click()
    page.wait_for_url("**country=AFG**", timeout=30_000)
    page.get_by_text(SUMMARY).first.wait_for(timeout=WAIT)
    assert _params(page)["country"] == ["AFG"]


def test_clicking_a_dot_on_the_map_filters_by_its_country(page, app_url):
    _open(page, f"{app_url}/map", ready="click a country")
    dots = page.locator(".scattergeo .point, .scattergeolayer path.point")
    dots.first.wait_for(timeout=WAIT)
    dots.first.click(force=True)
    page.wait_for_url("**country=**", timeout=30_000)
    assert len(_params(page)["country"][0]) == 3


def test_clicks_on_the_charts(page, app_url):
    """A timeline marker opens its evidence; an actor's bar filters by that actor."""
    _open(page, f"{app_url}/?show=mentions")
    markers = page.locator(".js-plotly-plot .scatterlayer .point")
    markers.first.wait_for(timeout=WAIT)
    markers.first.click(force=True)
    page.get_by_text("published 20").first.wait_for(timeout=WAIT)  # title · source · date
    page.locator("mark").first.wait_for(timeout=WAIT)  # the evidence, marked in its article

    page.get_by_role("link", name="Actors").click()
    bars = page.locator(".js-plotly-plot .barlayer .point path")
    bars.first.wait_for(timeout=WAIT)
    box = bars.first.bounding_box()  # the most frequent actor: Taliban
    page.mouse.click(box["x"] + 8, box["y"] + box["height"] / 2)
    page.wait_for_url("**actor=Taliban**", timeout=30_000)


def _download(page, label: str, folder: Path) -> tuple[Path, str]:
    with page.expect_download(timeout=30_000) as info:
        page.get_by_role("button", name=label, exact=True).click()
    path = folder / info.value.suggested_filename
    info.value.save_as(path)
    return path, info.value.suggested_filename


def test_every_export_format_holds_the_filtered_rows(page, app_url, tmp_path):
    _open(page, f"{app_url}/data?country=JPN", ready="events match the filters")
    shown = int(page.get_by_text("events match the filters").inner_text().split()[0])
    files = {fmt: _download(page, FORMAT_HELP[fmt], tmp_path) for fmt in FORMAT_HELP}
    assert all("JPN" in name for _, name in files.values())
    safe = list(csv.DictReader(io.StringIO(files["csv"][0].read_text(encoding="utf-8-sig"))))
    raw = list(csv.DictReader(io.StringIO(files["raw-csv"][0].read_text(encoding="utf-8"))))
    lines = files["jsonl"][0].read_text(encoding="utf-8").splitlines()
    table = pq.read_table(files["parquet"][0])
    timeline = json.loads(files["timelinejs"][0].read_text(encoding="utf-8"))
    assert len(safe) == len(raw) == len(lines) == table.num_rows == shown
    assert all("JPN" in json.loads(line)["countries"] for line in lines)
    dated = sum(1 for row in raw if row["date_start"])
    assert len(timeline["events"]) == dated

    sidecar, _ = _download(page, "sidecar for csv", tmp_path)
    meta = json.loads(sidecar.read_text(encoding="utf-8"))
    assert meta["rows"] == shown and meta["filters"]["countries"] == ["JPN"]
    assert "country=JPN" in meta["view_url"]


# What each page shows a user once it has drawn: (path, a selector, at least this many).
PAGE_CONTENT = {
    "timeline": ("", ".js-plotly-plot .textpoint text", 3),  # headlines on the chart
    "timeline-mentions": ("?show=mentions", ".js-plotly-plot .scatterlayer .point", 5),
    "map": ("map", "path.choroplethlocation", 3),
    "actors": ("actors", ".js-plotly-plot .barlayer .point", 5),
    "articles": ("articles", '[data-testid="stDataFrame"]', 1),
    "ingest": ("ingest", '[data-testid="stAlert"]', 1),
    "data": ("data", '[data-testid="stDownloadButton"]', 5),
}


@pytest.mark.parametrize("name", list(PAGE_CONTENT))
def test_each_page_draws_what_it_promises(page, app_url, name):
    """Each page draws its chart, table or message, with no error; a screenshot is kept in
    /tmp/eventline-shots for a person to look at."""
    path, selector, at_least = PAGE_CONTENT[name]
    page.set_viewport_size({"width": 1400, "height": 1800})
    page.goto(f"{app_url}/{path}")
    page.get_by_test_id("stSidebar").get_by_text("Filters", exact=True).wait_for(timeout=WAIT)
    page.locator(selector).nth(at_least - 1).wait_for(timeout=WAIT)
    assert page.locator(selector).count() >= at_least
    assert not page.get_by_test_id("stException").count()
    settle(page)  # the whole page drawn, not the skeletons of a run still going
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def test_the_whole_mixed_store_downloads_in_every_format_without_null_text(page, app_url,
                                                                          tmp_path):
    """ACLED and GDELT imports, undated articles and untyped events: every format downloads
    from the Data page, and no cell reads NaT, NaN, <NA> or None."""
    _open(page, f"{app_url}/data", ready="events match the filters")
    shown = int(page.get_by_text("events match the filters").inner_text().split()[0])
    files = {fmt: _download(page, FORMAT_HELP[fmt], tmp_path)[0] for fmt in FORMAT_HELP}
    for fmt in ("csv", "raw-csv", "jsonl", "timelinejs"):
        text = files[fmt].read_text(encoding="utf-8-sig")
        for junk in ("NaT", "NaN", "<NA>", "None", "nan"):
            assert not re.search(rf"(^|[,\"\[: ]){re.escape(junk)}([,\"\]\n]|$)", text), \
                (fmt, junk)
    table = pq.read_table(files["parquet"])
    assert table.num_rows == shown
    origins = set(table.column("origin").to_pylist())
    assert {"acled", "gdelt", "article"} <= origins
    assert table.column("published").null_count > 0  # imports and the undated article


def test_the_story_reads_without_hovering_and_leads_to_the_article(page, app_url):
    """Default Timeline: headlines written on the chart, the story list below; opening a
    happening shows its mentions and a link that opens the article; a box zooms in."""
    _open(page, f"{app_url}/?country=JPN", ready=re.compile(r"happenings? reported by"))
    labels = page.locator(".js-plotly-plot .textpoint text")
    labels.first.wait_for(timeout=WAIT)
    written = labels.all_text_contents()
    assert any("Hayashi" in text or "Japan" in text for text in written), written
    items = page.get_by_test_id("stExpander").filter(has_text=re.compile(r" — .* · \d+ source"))
    assert items.count() >= 2
    items.filter(has_text="2025-02-17").first.locator("summary").click()
    read = page.get_by_role("link", name=re.compile(r"^Read: "))
    read.first.wait_for(timeout=WAIT)
    settle(page)
    read.first.click()
    page.wait_for_url("**article=**", timeout=30_000)
    page.locator("mark").first.wait_for(timeout=WAIT)  # the evidence, marked in the article

    _open(page, f"{app_url}/?country=JPN", ready=re.compile(r"happenings? reported by"))
    plot = page.locator(".js-plotly-plot .nsewdrag").first
    plot.wait_for(timeout=WAIT)
    box = plot.bounding_box()
    page.mouse.move(box["x"] + box["width"] * 0.3, box["y"] + box["height"] * 0.3)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] * 0.7, box["y"] + box["height"] * 0.7, steps=8)
    page.mouse.up()
    page.wait_for_url("**dates=**", timeout=30_000)
    page.get_by_text(re.compile(r"drawn in \d{4}-\d\d-\d\d – ")).wait_for(timeout=WAIT)


def test_the_happenings_download_holds_the_filtered_happenings(page, app_url, tmp_path):
    _open(page, f"{app_url}/data?country=JPN", ready="Download the happenings")
    heading = page.get_by_text(re.compile(r"^Download the happenings \(\d+\)")).inner_text()
    count = int(re.search(r"\((\d+)\)", heading).group(1))
    lines_file, name = _download(page, "happenings: jsonl", tmp_path)
    rows = [json.loads(line) for line in lines_file.read_text(encoding="utf-8").splitlines()]
    assert "happenings" in name and "JPN" in name
    assert len(rows) == count > 0
    assert all("JPN" in row["countries"] or row["countries"] == [] for row in rows)
    slides, _ = _download(page, "happenings: timelinejs", tmp_path)
    timeline = json.loads(slides.read_text(encoding="utf-8"))
    headlines = {row["headline"] for row in rows}
    assert all(e["text"]["headline"] in headlines for e in timeline["events"])
