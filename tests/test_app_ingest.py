"""AppTest: the Ingest page (issue #9): off unless allowed, the CLI's pipeline, honest limits."""

from __future__ import annotations

from datetime import date

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.app import safe, uploads
from dashboard.store import Store
from tests.app_helpers import start_app
from tests.helpers import rendered

TIMEOUT = 60
STORY = b"---\ntitle: \n---\nTalks began in Kabul on Monday.\n"


@pytest.fixture
def page(monkeypatch, tmp_path):
    def start(allowed: bool = True) -> tuple[AppTest, Store]:
        store = Store(tmp_path / "s.duckdb")
        monkeypatch.setenv("EVENTLINE_DB", str(store.path))
        if allowed:
            monkeypatch.setenv(uploads.ALLOW_UPLOADS_ENV, "1")
        else:
            monkeypatch.delenv(uploads.ALLOW_UPLOADS_ENV, raising=False)
        return start_app("ingest"), store

    return start


def _upload(at: AppTest, files: list[tuple[str, bytes]], published: date | None = None):
    at.file_uploader(key="files").set_value([(n, d, "text/plain") for n, d in files])
    if published:
        at.date_input(key="files_published").set_value(published)
    next(b for b in at.button if b.label == "Ingest files").click().run()
    assert not at.exception, at.exception
    return at


def _rows(store: Store) -> list[tuple]:
    return store.query_rows("SELECT title, path, published_from FROM articles ORDER BY path")


def test_uploads_are_off_unless_allowed_and_the_page_says_how(page):
    at, _ = page(allowed=False)
    assert len(at.file_uploader) == 0 and len(at.text_area) == 0
    assert any("--allow-uploads" in info.value for info in at.info)


def test_a_too_big_upload_is_named_with_the_limit(page):
    at, store = page()
    big = b"x" * (6 * 1024 * 1024)
    _upload(at, [("huge.txt", big)])
    assert any("huge.txt is 6.0 MB; the limit is 5 MB" in rendered(e.value) for e in at.error)
    assert _rows(store) == []


def test_an_upload_is_titled_by_its_name_and_replaced_when_uploaded_again(page):
    at, store = page()
    _upload(at, [("../../x.txt", STORY)])
    assert _rows(store) == [("x", "upload:x.txt", None)]
    edited = STORY.replace(b"Kabul", b"Herat")
    _upload(at, [("x.txt", edited)])
    assert any("1 new" in s.value for s in at.success)
    [(title, path, _)] = _rows(store)  # replaced, not added beside the first version
    assert (title, path) == ("x", "upload:x.txt")
    text = store.query_rows("SELECT count(*) FROM articles WHERE title = 'x'")
    assert text == [(1,)]


def test_a_batch_date_is_recorded_as_batch_like_the_cli(page):
    at, store = page()
    _upload(at, [("a.txt", STORY)], published=date(2024, 3, 5))
    assert _rows(store) == [("a", "upload:a.txt", "batch")]


def test_a_pasted_byline_date_is_recorded_as_byline(page):
    at, store = page()
    at.text_area(key="paste_text").input(
        "KABUL, March 3, 2024 (Reuters) - Officials met in Kabul on Monday.")
    at.text_input(key="paste_title").input("Pasted")
    next(b for b in at.button if b.label == "Ingest text").click().run()
    assert not at.exception, at.exception
    assert _rows(store) == [("Pasted", "paste:Pasted", "byline")]


def test_names_are_shown_as_text_not_markdown_or_terminal_codes():
    shown = safe.md("skipped: ![x](http://host/p.png)\x1b[2J.txt: empty")
    assert "![" not in shown and "\\!\\[x\\]" in shown and "\x1b" not in shown
