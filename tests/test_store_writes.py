"""Store writes: edited articles replace their old events; older stores gain new columns."""

from __future__ import annotations

from datetime import date

import duckdb

from dashboard.models import Article
from dashboard.store import Store
from tests.helpers import make_event


def _pair(text: str, url: str = "", path: str = "story.txt", published=date(2024, 5, 1)):
    article = Article(text=text, title="T", url=url, path=path, published=published)
    return article, [make_event(article, 0, published, published, sentence=text)]


def test_edited_article_with_same_url_replaces_its_events(tmp_path):
    store = Store(tmp_path / "s.duckdb")
    store.add([_pair("Talks in Rome.", url="https://example.org/a")])
    counts = store.add([_pair("Talks in Rome, updated.", url="https://example.org/a")])
    assert (counts.articles_added, counts.articles_replaced) == (1, 1)
    rows = store.query_rows("SELECT a.text, e.sentence FROM articles a JOIN events e "
                            "USING (article_id)")
    assert rows == [("Talks in Rome, updated.", "Talks in Rome, updated.")]
    assert store.query_rows("SELECT count(*) FROM events") == [(1,)]


def test_same_path_without_url_replaces_but_other_paths_do_not(tmp_path):
    store = Store(tmp_path / "s.duckdb")
    store.add([_pair("First text.", path="a.txt"), _pair("Other text.", path="b.txt")])
    counts = store.add([_pair("First text, edited.", path="a.txt")])
    assert counts.articles_replaced == 1
    texts = store.query_rows("SELECT text FROM articles ORDER BY text")
    assert texts == [("First text, edited.",), ("Other text.",)]


def test_undated_articles_are_flagged(tmp_path):
    store = Store(tmp_path / "s.duckdb")
    store.add([_pair("Dated.", path="a.txt"), _pair("Undated.", path="b.txt", published=None)])
    rows = store.query_rows("SELECT path, undated, published_from FROM articles ORDER BY path")
    assert rows == [("a.txt", False, "metadata"), ("b.txt", True, None)]
    assert list(store.articles().query("undated")["path"]) == ["b.txt"]


def test_store_from_an_older_version_gains_the_new_columns(tmp_path):
    path = tmp_path / "old.duckdb"
    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE articles (article_id VARCHAR PRIMARY KEY, title VARCHAR, "
                "published DATE, source VARCHAR, url VARCHAR, language VARCHAR, path VARCHAR, "
                "text VARCHAR, event_count INTEGER)")
    con.execute("INSERT INTO articles VALUES ('x', 'Old', NULL, '', '', 'en', 'old.txt', "
                "'Old text.', 0)")
    con.close()
    store = Store(path)
    assert store.query_rows("SELECT origin, doc_key, undated FROM articles") == [
        ("article", "old.txt", True)]
    counts = store.add([_pair("Old text, edited.", path="old.txt")])
    assert counts.articles_replaced == 1
