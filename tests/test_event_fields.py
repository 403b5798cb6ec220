"""Typed provenance on Event instead of the untyped ``extra`` dict (issue 9), stored in the
events table; stores written before these columns existed still open and take new events."""

from __future__ import annotations

from dataclasses import fields
from datetime import date
from pathlib import Path

import duckdb

from dashboard import query
from dashboard.extract.events import extract_events
from dashboard.models import Article, Event
from dashboard.schema import ARTICLE_COLUMNS, EVENT_COLUMNS
from dashboard.store import Store
from tests.mixed_store import build_mixed_store

TEXT = (
    "KYIV - Ukrainian President Volodymyr Zelensky met Japanese officials in Kiev on Monday.\n"
    "Officials said talks would go on."
)
ARTICLE = Article(text=TEXT, title="Kyiv talks", published=date(2025, 2, 18))
NEW_COLUMNS = ("primary_country", "source_country", "target_country", "timex_value",
               "places_written")


def test_every_event_field_is_typed_and_stored():
    """No catch-all dict: each field of Event is a column of the events table."""
    assert {f.name for f in fields(Event)} == {name for name, _ in EVENT_COLUMNS}
    assert all("dict" not in str(f.type) for f in fields(Event))


def test_extracted_events_carry_their_provenance():
    met, said = extract_events(ARTICLE)
    assert (met.source_actor, met.source_country) == ("Volodymyr Zelensky", "UKR")
    assert (met.target_actor, met.target_country) == ("Japanese officials", "JPN")
    assert (met.timex_value, met.primary_country) == ("2025-02-17", "UKR")
    assert met.places == ("Kyiv",) and set(met.places_written) == {"KYIV", "Kiev"}
    assert (met.origin, met.origin_id, met.goldstein, met.fatalities) == (
        "article", None, None, None)
    # no place of its own: where it happened is the article's own country (its dateline's)
    assert (said.primary_country, said.timex_value) == ("UKR", "")


def test_extracted_fields_are_stored(tmp_path: Path):
    store = Store(tmp_path / "events.duckdb")
    store.add([(ARTICLE, extract_events(ARTICLE))])
    rows = store.query_rows(
        "SELECT primary_country, source_country, target_country, timex_value, places_written, "
        "origin FROM events ORDER BY start")
    assert rows[0][:4] == ("UKR", "UKR", "JPN", "2025-02-17")
    assert sorted(rows[0][4]) == ["KYIV", "Kiev"] and rows[0][5] == "article"
    assert rows[1][:4] == ("UKR", "", "", "")


def test_imported_fields_are_stored(tmp_path: Path):
    store = build_mixed_store(tmp_path)
    acled = store.query_rows(
        "SELECT origin, origin_id, origin_type, fatalities, primary_country FROM events "
        "WHERE event_id = 'acled:BOL100'")
    assert acled == [("acled", "BOL100", "Protests: Peaceful protest", 0, "BOL")]
    gdelt = store.query_rows(
        "SELECT origin, origin_id, origin_type, goldstein, primary_country, source_country, "
        "target_country FROM events WHERE event_id = 'gdelt:900001'")
    assert gdelt == [("gdelt", "900001", "042", 1.9, "BOL", "BOL", "")]


def _old_store(path: Path) -> None:
    """A store as the version before these columns wrote it, holding one event."""
    old_columns = [(n, t) for n, t in EVENT_COLUMNS if n not in NEW_COLUMNS]
    con = duckdb.connect(str(path))
    for table, columns in (("articles", ARTICLE_COLUMNS), ("events", old_columns)):
        con.execute(f"CREATE TABLE {table} ("
                    + ", ".join(f'"{name}" {kind}' for name, kind in columns) + ")")
    con.execute("INSERT INTO articles (article_id, title, text, event_count, origin) "
                "VALUES ('old', 'Old story', 'Talks ended.', 1, 'article')")
    con.execute("INSERT INTO events (event_id, article_id, date_start, date_end, granularity, "
                "date_text, date_source, sentence, start, \"end\", origin) VALUES ('e-old', "
                "'old', DATE '2020-01-02', DATE '2020-01-02', 'day', '', 'publication', "
                "'Talks ended.', 0, 12, 'article')")
    con.close()


def test_a_store_from_before_the_typed_fields_opens_and_takes_new_events(tmp_path: Path):
    path = tmp_path / "old.duckdb"
    _old_store(path)
    store = Store(path)
    assert len(query.events(store)) == 1  # read first: the columns are added on opening
    store.add([(ARTICLE, extract_events(ARTICLE))])
    rows = store.query_rows(
        "SELECT event_id, primary_country, timex_value FROM events ORDER BY date_start")
    assert rows[0] == ("e-old", None, None)  # old rows: NULL in the new columns
    assert [r[1] for r in rows[1:]] == ["UKR", "UKR"]
    assert len(query.events(store)) == 3
