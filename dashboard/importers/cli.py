"""``eventline import gdelt|acled FILE...``: event datasets straight into the store."""

from __future__ import annotations

from pathlib import Path

import click

from dashboard.console import fail, say

_files = click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
_db = click.option("--db", "db", type=click.Path(dir_okay=False, path_type=Path),
                   envvar="EVENTLINE_DB", default=None,
                   help="Store file (default: $EVENTLINE_DB or data/eventline.duckdb).")
_errors = click.option("--errors", "errors_file", type=click.Path(dir_okay=False, path_type=Path),
                       help="Also write every problem to this file as JSON Lines.")


@click.group("import")
def import_group() -> None:
    """Import existing event datasets (GDELT, ACLED) into the store."""


@import_group.command("gdelt")
@_files
@_db
@_errors
def gdelt(files: tuple[Path, ...], db: Path | None, errors_file: Path | None) -> None:
    """GDELT 1.0 or 2.0 event exports (tab-separated, optionally .gz)."""
    from dashboard.importers.gdelt import import_gdelt

    _run(import_gdelt, files, db, errors_file, "GDELT")


@import_group.command("acled")
@_files
@_db
@_errors
def acled(files: tuple[Path, ...], db: Path | None, errors_file: Path | None) -> None:
    """ACLED CSV exports (optionally .gz)."""
    from dashboard.importers.acled import import_acled

    _run(import_acled, files, db, errors_file, "ACLED")


def _run(importer, files, db, errors_file, label: str) -> None:
    from dashboard.readers.problems import problem_lines, write_problems
    from dashboard.store import Store, StoreError

    store = Store(db)
    try:
        report = importer(files, store)
    except StoreError as exc:
        raise fail(exc) from exc
    say(
        f"{report.files_read} files, {report.rows_read} {label} rows read: "
        f"{report.events_added} new events, {report.events_replaced} updated, "
        f"{report.sources_added} new sources; stored in {store.path}"
    )
    for line in problem_lines(report.problems):
        say(line, err=True)
    if errors_file:
        write_problems(report.problems, errors_file)
    if report.rows_read == 0:
        raise click.ClickException(f"no {label} row could be read from the given files")
