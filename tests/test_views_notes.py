"""Saved views and notes: stored in the store's own tables, managed from the CLI, read by
exports (a view's filters, notes in the sidecar), user text kept as it was typed."""

from __future__ import annotations

import json
from datetime import date

import pytest
from click.testing import CliRunner

from dashboard import query, saved
from dashboard.cli import main
from dashboard.query import Filters
from dashboard.store import Store
from tests.conflict_store import RUS, UKR, build_conflict_store


def _run(*args: str) -> str:
    result = CliRunner().invoke(main, list(args))
    assert result.exit_code == 0, result.output
    return result.output


@pytest.fixture
def conflict(tmp_path):
    return build_conflict_store(tmp_path)


def test_a_view_is_saved_listed_used_and_deleted(conflict):
    db = str(conflict.path)
    out = _run("views", "add", "Ukraine on Russia", "--db", db, "--dyad", f"{UKR}>{RUS}",
               "--min-fatalities", "10", "--colour", "actor")
    assert "saved the view 'Ukraine on Russia' (timeline)" in out
    (view,) = query.saved_views(conflict)
    assert view.choices == {"colour": "actor"}
    assert query.filters_from_dict(view.filters) == Filters(
        source_actors=(UKR,), target_actors=(RUS,), fatalities_min=10)
    listed = json.loads(_run("views", "list", "--db", db, "--json"))
    assert listed["name"] == "Ukraine on Russia" and listed["filters"]["fatalities_min"] == 10
    rows = _run("export", "--db", db, "--view", "Ukraine on Russia", "--format", "jsonl")
    assert [json.loads(line)["event_id"] for line in rows.splitlines()] == ["acled:UKR1"]
    assert "replaced" in _run("views", "add", "Ukraine on Russia", "--db", db)
    assert "deleted the view" in _run("views", "delete", "Ukraine on Russia", "--db", db)
    assert query.saved_views(conflict) == []


def test_an_unknown_view_is_named_with_the_known_ones(conflict):
    _run("views", "add", "Kyiv", "--db", str(conflict.path), "--search", "kyiv")
    result = CliRunner().invoke(main, ["export", "--db", str(conflict.path), "--view", "Kiev"])
    assert result.exit_code == 1 and "no saved view named 'Kiev'" in result.output
    assert "saved views: Kyiv" in result.output
    gone = CliRunner().invoke(main, ["views", "delete", "Kiev", "--db", str(conflict.path)])
    assert gone.exit_code == 1 and "no saved view named 'Kiev'" in gone.output


def test_notes_are_added_listed_exported_and_deleted(conflict, tmp_path):
    db = str(conflict.path)
    out = _run("notes", "add", "2022-02-24", "=Invasion begins <b>", "--db", db,
               "--author", "Ana", "--link", "https://example.org/a")
    note_id = out.split()[1]
    _run("notes", "add", "2023-01-01..2023-01-31", "Much later", "--db", db)
    rows = _run("notes", "list", "--db", db, "--format", "jsonl", "--to", "2022-12-31")
    (note,) = [json.loads(line) for line in rows.splitlines()]
    assert note == {"note_id": note_id, "date_start": "2022-02-24", "date_end": "2022-02-24",
                    "text": "=Invasion begins <b>", "author": "Ana",
                    "link": "https://example.org/a"}
    assert "'=Invasion begins <b>" in _run("notes", "list", "--db", db)  # formula-safe CSV
    out_file = tmp_path / "rows.csv"
    _run("export", "--db", db, "--from", "2022-02-20", "--to", "2022-02-28", "-o",
         str(out_file), "--sidecar")
    meta = json.loads((tmp_path / "rows.csv.meta.json").read_text(encoding="utf-8"))
    assert [n["text"] for n in meta["notes"]] == ["=Invasion begins <b>"]
    assert "deleted" in _run("notes", "delete", note_id, "--db", db)
    assert len(query.notes(conflict)) == 1


@pytest.mark.parametrize("args,message", [
    (["2022-02-30", "x"], "is not a day or period"),
    (["2022-02-24..2022-02-01", "x"], "ends (2022-02-01) before it starts"),
    (["2022-02-24", "  "], "a note needs some text"),
    (["2022-02-24", "x", "--link", "javascript:alert(1)"], "is not a web address"),
])
def test_bad_notes_are_refused_with_the_reason(tmp_path, args, message):
    result = CliRunner().invoke(main, ["notes", "add", *args, "--db",
                                       str(tmp_path / "s.duckdb")])
    assert result.exit_code != 0 and message in result.output, result.output


def test_views_and_notes_survive_reopening_and_old_stores_gain_their_tables(tmp_path):
    import duckdb

    path = tmp_path / "old.duckdb"
    con = duckdb.connect(str(path))  # a store from before saved views and notes
    con.execute("CREATE TABLE articles (article_id VARCHAR PRIMARY KEY, title VARCHAR)")
    con.execute("CREATE TABLE events (event_id VARCHAR PRIMARY KEY, article_id VARCHAR)")
    con.close()
    store = Store(path)
    store.save_view(saved.view("All", "map", Filters().as_dict()))
    store.add_note(saved.note(date(2024, 1, 1), None, "New year"))
    again = Store(path)
    assert [v.name for v in query.saved_views(again)] == ["All"]
    assert query.notes(again)["text"].tolist() == ["New year"]


def test_view_names_are_checked():
    with pytest.raises(ValueError, match="needs a name"):
        saved.view("  ", "timeline", {})
    with pytest.raises(ValueError, match="unknown page 'home'"):
        saved.view("x", "home", {})
