"""`eventline views` and `eventline notes`: the analyst's saved views and notes, kept in the
store beside the data (the dashboard reads and writes the same tables)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import click

from dashboard import query, saved
from dashboard.console import fail, say
from dashboard.filter_options import filter_options, filters_from_options

_db = click.option(
    "--db", "db", type=click.Path(path_type=Path), envvar="EVENTLINE_DB",
    help="The store (default: $EVENTLINE_DB, else the project's data/eventline.duckdb); a "
         "folder is a Parquet store.")


def db_option(command):
    return _db(click.option(
        "--store", "store_dir", type=click.Path(file_okay=False, path_type=Path),
        help="A Parquet store folder instead of the DuckDB file.")(command))


def _store(db: Path | None, store_dir: Path | None = None):
    from dashboard.parquet_store import open_store
    from dashboard.store import default_db_path

    if db is not None and store_dir is not None:
        raise click.UsageError("give --db FILE or --store DIR, not both")
    return open_store(store_dir or db or default_db_path())


@click.group("views")
def views_group() -> None:
    """Saved views: named filters, page and colour, stored with the data."""


@views_group.command("list")
@db_option
@click.option("--json", "as_json", is_flag=True, help="One JSON object per view.")
def list_views(db: Path | None, store_dir: Path | None, as_json: bool) -> None:
    """List the saved views with their filters."""
    for view in query.saved_views(_store(db, store_dir)):
        if as_json:
            say(json.dumps({"name": view.name, "page": view.page, "filters": view.filters,
                            "choices": view.choices}, ensure_ascii=False))
            continue
        chosen = {k: v for k, v in view.filters.items() if v not in (None, [], "", False)}
        say(f"{view.name}\t{view.page}\t{json.dumps(chosen, ensure_ascii=False)}"
            f"{chr(9) + json.dumps(view.choices) if view.choices else ''}")


@views_group.command("add")
@db_option
@click.argument("name")
@click.option("--page", type=click.Choice(saved.PAGES), default="timeline",
              show_default=True)
@click.option("--colour", type=click.Choice(["event type", "country", "actor"]),
              help="The timeline's colour.")
@filter_options
def add_view(db: Path | None, store_dir: Path | None, name: str, page: str,
             colour: str | None, **options) -> None:
    """Save the filters given as options under NAME (replacing a view of that name)."""
    filters = filters_from_options(options)
    try:
        view = saved.view(name, page, filters.as_dict(),
                                {"colour": colour} if colour else {})
    except ValueError as exc:
        raise fail(exc) from exc
    replaced = _store(db, store_dir).save_view(view)
    say(f"{'replaced' if replaced else 'saved'} the view {view.name!r} ({view.page})")


@views_group.command("delete")
@db_option
@click.argument("name")
def delete_view(db: Path | None, store_dir: Path | None, name: str) -> None:
    """Delete the saved view NAME."""
    if not _store(db, store_dir).delete_view(name):
        raise fail(f"no saved view named {name!r}")
    say(f"deleted the view {name!r}")


@click.group("notes")
def notes_group() -> None:
    """Notes on days or periods ("ceasefire announced"), drawn on the timeline."""


def _period(value: str) -> tuple[date, date]:
    first, _, last = value.partition("..")
    try:
        start = date.fromisoformat(first)
        end = date.fromisoformat(last) if last else start
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a day or period; expected YYYY-MM-DD or "
                                 "YYYY-MM-DD..YYYY-MM-DD", param_hint="WHEN") from None
    return start, end


@notes_group.command("add")
@db_option
@click.argument("when")
@click.argument("text")
@click.option("--author", default="", help="Who wrote the note.")
@click.option("--link", default="", help="A web address (http or https).")
def add_note(db: Path | None, store_dir: Path | None, when: str, text: str, author: str,
             link: str) -> None:
    """Add a note on WHEN (YYYY-MM-DD or YYYY-MM-DD..YYYY-MM-DD)."""
    start, end = _period(when)
    try:
        note = saved.note(start, end, text, author, link)
    except ValueError as exc:
        raise fail(exc) from exc
    _store(db, store_dir).add_note(note)
    say(f"note {note.note_id} added on {start}{'' if end == start else f'..{end}'}")


@notes_group.command("list")
@db_option
@click.option("--from", "date_from", help="First day (YYYY-MM-DD).")
@click.option("--to", "date_to", help="Last day (YYYY-MM-DD).")
@click.option("--format", "fmt", type=click.Choice(["csv", "jsonl"]), default="csv",
              show_default=True)
def list_notes(db: Path | None, store_dir: Path | None, date_from: str | None,
               date_to: str | None, fmt: str) -> None:
    """Write the notes overlapping the dates (CSV is spreadsheet-safe)."""
    from dashboard.export import write_notes

    first = _period(date_from)[0] if date_from else None
    last = _period(date_to)[0] if date_to else None
    data = write_notes(query.notes(_store(db, store_dir), first, last), fmt)
    click.echo(data.decode("utf-8").lstrip("\ufeff"), nl=False)


@notes_group.command("delete")
@db_option
@click.argument("note_id")
def delete_note(db: Path | None, store_dir: Path | None, note_id: str) -> None:
    """Delete the note NOTE_ID (see `eventline notes list`)."""
    if not _store(db, store_dir).delete_note(note_id):
        raise fail(f"no note with the id {note_id!r}")
    say(f"deleted the note {note_id}")
