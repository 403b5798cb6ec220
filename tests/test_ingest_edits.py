"""Re-ingesting: unchanged files add nothing; an edited file replaces its article's events."""

from __future__ import annotations

from pathlib import Path

from dashboard.pipeline import ingest_paths
from dashboard.store import Store
from tests.test_pipeline_workers import word_events


def _write(path: Path, title: str, body: str) -> None:
    path.write_text(f"---\ntitle: {title}\npublished: 2024-05-01\n---\n{body}\n",
                    encoding="utf-8")


def test_edited_file_replaces_its_article_and_events(tmp_path: Path):
    story, other = tmp_path / "story.txt", tmp_path / "other.txt"
    _write(story, "Talks open", "Talks opened in Rome.")
    _write(other, "Other news", "Markets were calm.")
    store = Store(tmp_path / "s.duckdb")
    first = ingest_paths([tmp_path], store, workers=1, extract=word_events)
    assert (first.articles_added, first.events_stored) == (2, 4)

    _write(story, "Talks open again today", "Talks opened in Rome, and resumed.")
    second = ingest_paths([tmp_path], store, workers=1, extract=word_events)
    assert (second.articles_added, second.articles_replaced, second.articles_unchanged) == (
        1, 1, 1)
    titles = store.query_rows("SELECT a.title, count(*) FROM events e JOIN articles a "
                              "USING (article_id) GROUP BY 1 ORDER BY 1")
    assert titles == [("Other news", 2), ("Talks open again today", 4)]

    third = ingest_paths([tmp_path], store, workers=1, extract=word_events)
    assert (third.articles_added, third.articles_unchanged) == (0, 2)
