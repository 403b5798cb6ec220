"""In headless Chromium: user text carrying Markdown images, links and HTML, in every field of
an ingested article, an ACLED import and a GDELT import, never makes a page request another
host and never becomes an outside or ``javascript:`` link.

The hostile strings point at http://evil.test, which does not resolve here; a request to it
still shows as a request event, which is what these tests catch.
"""

from __future__ import annotations

import csv
import io
import json

import pytest

from tests.browser import chromium_page, require_browser, served, settle

pytestmark = pytest.mark.browser
WAIT = 60_000
IMAGE = "![x](http://evil.test/pixel.png)"
LINK = "[click](http://evil.test/link)"
HTML = "<a href='http://evil.test/html'>Click here</a><img src='http://evil.test/img.png'>"
HOSTILE = f"{IMAGE} {LINK} {HTML} www.evil.test"
JS_URL = "javascript:alert(document.domain)"
LEGIT_LINKS: set[str] = set()

ARTICLE = f"""---
title: "{IMAGE} {LINK} Talks"
source: "{HTML} Wire"
url: "{JS_URL}"
published: 2025-02-18
---
KABUL — Taliban officials met Japanese diplomats in Kabul on Monday. {HOSTILE}
The Taliban took control of Afghanistan in 2021. {IMAGE}
"""


def _acled_rows() -> tuple[str, ...]:
    """ACLED rows whose actor, notes and source carry the hostile text (CSV-quoted)."""
    from tests.mixed_store import ACLED_ROWS

    rows = []
    for line in ACLED_ROWS:
        cells = next(csv.reader(io.StringIO(line)))
        cells[7] = f"{HTML} Protesters"  # actor1
        cells[25] = f"{IMAGE} Channel"  # source
        cells[27] = f"Teachers marched. {HOSTILE}"  # notes
        out = io.StringIO()
        csv.writer(out, lineterminator="").writerow(cells)
        rows.append(out.getvalue())
    return tuple(rows)


def _gdelt_lines() -> tuple[str, ...]:
    from tests.mixed_store import gdelt_line

    return (gdelt_line(GLOBALEVENTID="900101", SQLDATE="20220304", Actor1Name=HTML,
                       Actor1CountryCode="BOL", EventCode="042", EventBaseCode="042",
                       EventRootCode="04", QuadClass="1", GoldsteinScale="1.9",
                       ActionGeo_FullName=IMAGE, ActionGeo_CountryCode="BL",
                       ActionGeo_Lat="-19.0333", ActionGeo_Long="-65.2627",
                       DATEADDED="20220304", SOURCEURL=JS_URL),)


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    require_browser()
    from dashboard.pipeline import ingest_paths
    from dashboard.store import Store
    from tests.mixed_store import build_mixed_store

    folder = tmp_path_factory.mktemp("hostile")
    store = Store(folder / "hostile.duckdb")
    story = folder / "hostile.md"
    story.write_text(ARTICLE, encoding="utf-8")
    report = ingest_paths([story], store)
    assert report.events_stored > 0, report
    build_mixed_store(folder, store, acled_rows=_acled_rows(), gdelt_lines=_gdelt_lines())
    article_id = store.query_rows(
        "SELECT article_id FROM articles WHERE title LIKE '%Talks%'")[0][0]
    # Web addresses in url fields are the only outside links the pages may show.
    LEGIT_LINKS.update(u for (u,) in store.query_rows("SELECT url FROM articles")
                       if u and u.startswith(("http://", "https://")))
    with served(store.path) as url:
        yield url, article_id


@pytest.fixture
def page(hostile):
    url, _ = hostile
    with chromium_page() as page:
        outside: list[str] = []
        page.on("request", lambda r: None if r.url.startswith(url) else outside.append(r.url))
        yield page
        assert not outside, f"requests left the app: {outside[:5]}"


def _links(page) -> list[str]:
    """Every link target on the page, HTML and SVG (Plotly draws SVG anchors)."""
    return page.evaluate("""() => [...document.querySelectorAll('a')].map(
        a => a.getAttribute('href') || a.getAttribute('xlink:href') || '')""")


def _check_links(page, app_url: str) -> None:
    for target in _links(page):
        if target.startswith("#"):  # a heading's own anchor, on this page
            continue
        assert not target.lower().startswith("javascript"), target
        assert "evil" not in target, target
        assert not target.startswith("http") or target.startswith(app_url) or \
            target.startswith("https://streamlit.io") or target in LEGIT_LINKS, target


def _ready(page, url: str, text: str) -> None:
    page.goto(url)
    page.get_by_test_id("stSidebar").get_by_text("Filters", exact=True).wait_for(timeout=WAIT)
    page.get_by_text(text).first.wait_for(timeout=WAIT)
    settle(page)
    page.wait_for_timeout(1500)  # images and links, if any were made, would be in by now


def _select_all_points(page) -> int:
    """Click every mark, holding Shift after the first, as a user selecting them all (a
    box drag is not delivered to Plotly by synthetic mouse events here). A bar is clicked
    near its start, where no marker of the same lane sits on it: a second click on the same
    marker would unselect it."""
    marks = page.locator(".js-plotly-plot .point")
    count = marks.count()
    for index in range(count):
        mark = marks.nth(index)
        box = mark.bounding_box()
        is_bar = mark.evaluate("e => !!e.closest('.barlayer')")
        x = box["x"] + min(4, box["width"] / 2) if is_bar else box["x"] + box["width"] / 2
        if index:
            page.keyboard.down("Shift")
        page.mouse.click(x, box["y"] + box["height"] / 2)
        if index:
            page.keyboard.up("Shift")
        page.wait_for_timeout(400)
    return count


@pytest.mark.parametrize("colour", ["event type", "actor"])
def test_timeline_with_every_point_selected(page, hostile, colour):
    url, _ = hostile
    query = "?show=mentions" if colour == "event type" else "?show=mentions&colour=actor"
    _ready(page, f"{url}/{query}", "Colour by")
    page.locator(".js-plotly-plot .point").first.wait_for(timeout=WAIT)
    assert _select_all_points(page) >= 5
    page.get_by_text("ACLED · source:").first.wait_for(timeout=WAIT)
    page.get_by_text("published 2025-02-18").first.wait_for(timeout=WAIT)
    body = page.get_by_test_id("stMain").inner_text().replace("\u2060", "")
    assert "![x](http://evil.test/pixel.png)" in body  # shown as the text it is
    assert "ACLED · source:" in body or "GDELT · source:" in body or "Talks" in body
    _check_links(page, url)


def test_story_view_with_every_happening_opened(page, hostile):
    url, _ = hostile
    _ready(page, f"{url}/?dates=2000-01-01&dates=2030-12-31", "reported by")
    items = page.get_by_test_id("stExpander").filter(has_text=" · ")
    count = items.count()
    assert count >= 3
    for index in range(count):
        items.nth(index).locator("summary").click()
        settle(page)
    page.get_by_text("published 2025-02-18").first.wait_for(timeout=WAIT)
    page.wait_for_timeout(1500)
    body = page.get_by_test_id("stMain").inner_text().replace("\u2060", "")
    assert "![x](http://evil.test/pixel.png)" in body  # shown as the text it is
    _check_links(page, url)


def test_article_view(page, hostile):
    url, article_id = hostile
    _ready(page, f"{url}/articles?article={article_id}", "Worth a look")
    main = page.get_by_test_id("stMain").inner_text().replace("\u2060", "")
    assert "![x](http://evil.test/pixel.png) [click](http://evil.test/link) Talks" in main
    _check_links(page, url)


@pytest.mark.parametrize("path,text", [("actors", "Who appears with whom"),
                                       ("data", "events match the filters"),
                                       ("map", "Outlines: Natural Earth")])
def test_other_pages(page, hostile, path, text):
    url, _ = hostile
    _ready(page, f"{url}/{path}", text)
    _check_links(page, url)


def test_the_csv_download_neutralises_formulas_and_keeps_text(page, hostile, tmp_path):
    url, _ = hostile
    _ready(page, f"{url}/data", "events match the filters")
    with page.expect_download(timeout=30_000) as info:
        page.get_by_role("button", name="CSV for spreadsheets").click()
    path = tmp_path / "rows.csv"
    info.value.save_as(path)
    text = path.read_text(encoding="utf-8-sig")
    assert "evil.test" in text  # the data is kept, as text
    rows = list(csv.DictReader(io.StringIO(text)))
    assert rows and all(not str(v).startswith(("=", "+", "@")) for r in rows for v in r.values())
    assert json.dumps(rows)  # well-formed rows
