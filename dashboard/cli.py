"""The ``eventline`` command line (click). Errors become messages here, at the edge."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import click

from dashboard.evaluation.cli import eval_group
from dashboard.paths import SAMPLE_ARTICLES

ISO_DATE = click.DateTime(formats=["%Y-%m-%d"])
APP_MAIN = Path(__file__).resolve().parent / "app" / "main.py"

# Settings the app needs wherever `serve` is started (config.toml is read from the cwd only).
SERVE_FLAGS = (
    "--server.headless=true",
    "--server.enableStaticServing=true",
    "--browser.gatherUsageStats=false",
    "--client.disableDataExport=true",
    "--client.toolbarMode=minimal",
)

db_option = click.option(
    "--db",
    "db",
    type=click.Path(dir_okay=False, path_type=Path),
    envvar="EVENTLINE_DB",
    default=None,
    help="Store file (default: $EVENTLINE_DB or data/eventline.duckdb).",
)


def _store(db: Path | None):
    from dashboard.store import Store

    return Store(db)


def _as_date(value) -> date | None:
    return value.date() if value is not None else None


@click.group()
@click.version_option(package_name="eventline")
def main() -> None:
    """Eventline: turn news articles into a timeline of dated events."""


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@db_option
@click.option("--published", type=ISO_DATE, help="Publication date for every article (YYYY-MM-DD).")
def ingest(paths: tuple[Path, ...], db: Path | None, published) -> None:
    """Read articles from files or folders, extract their events and store them."""
    from dashboard.pipeline import ingest_paths
    from dashboard.readers import expand_paths
    from dashboard.store import StoreError

    files = list(expand_paths(paths))
    store = _store(db)
    try:
        with click.progressbar(length=len(files), label="Ingesting", file=sys.stderr) as bar:
            report = ingest_paths(
                paths, store, _as_date(published), on_file=lambda _: bar.update(1)
            )
    except StoreError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(
        f"{report.files_read} files, {report.articles_read} articles read: "
        f"{report.articles_added} new, {report.articles_unchanged} already stored; "
        f"{report.events_stored} events stored in {store.path}"
    )
    for problem in report.problems:
        label = "skipped" if problem.skipped else "warning"
        click.echo(f"{label}: {problem}", err=True)
    if report.articles_read == 0:
        raise click.ClickException("no article could be read from the given paths")


@main.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--published", type=ISO_DATE, help="Publication date (YYYY-MM-DD) for all files.")
@click.option(
    "--format", "fmt", type=click.Choice(["csv", "raw-csv", "jsonl"]), default="csv",
    show_default=True, help="csv is spreadsheet-safe; raw-csv is for scripts.",
)
def extract(files: tuple[Path, ...], published, fmt: str) -> None:
    """Print the events found in FILES without storing them."""
    from dashboard.export import write
    from dashboard.pipeline import IngestReport, extract_pairs, read_articles
    from dashboard.schema import events_frame

    report = IngestReport()
    frame = events_frame(extract_pairs(read_articles(files, report, _as_date(published))))
    for problem in report.problems:
        click.echo(f"{'skipped' if problem.skipped else 'warning'}: {problem}", err=True)
    if report.articles_read == 0:
        raise click.ClickException("no article could be read from the given files")
    click.echo(write(frame, fmt).decode("utf-8").lstrip("\ufeff"), nl=False)


def _filters(date_from, date_to, countries, actors, types):
    from dashboard.query import Filters

    bad = [c for c in countries if not (len(c) == 3 and c.isalpha())]
    if bad:
        raise click.BadParameter(
            f"{bad[0]!r} is not an ISO-3 country code; expected three letters such as JPN",
            param_hint="--country",
        )
    codes = []
    for code in types:
        if not (code.isdigit() and 1 <= int(code) <= 20):
            raise click.BadParameter(
                f"{code!r} is not a CAMEO root code; expected 01 to 20", param_hint="--type"
            )
        codes.append(f"{int(code):02d}")
    return Filters(
        date_from=_as_date(date_from),
        date_to=_as_date(date_to),
        countries=tuple(c.upper() for c in countries),
        actors=tuple(actors),
        event_codes=tuple(codes),
    )


@main.command()
@db_option
@click.option("--from", "date_from", type=ISO_DATE, help="First day (YYYY-MM-DD).")
@click.option("--to", "date_to", type=ISO_DATE, help="Last day (YYYY-MM-DD).")
@click.option("--country", "countries", multiple=True, help="ISO-3 code; repeat for more.")
@click.option("--actor", "actors", multiple=True, help="Actor name; repeat for more.")
@click.option("--type", "types", multiple=True, help="CAMEO root code 01-20; repeat for more.")
@click.option(
    "--format", "fmt", type=click.Choice(["csv", "raw-csv", "jsonl"]), default="csv",
    show_default=True, help="csv is spreadsheet-safe; raw-csv is for scripts.",
)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="File.")
def export(db, date_from, date_to, countries, actors, types, fmt, output) -> None:
    """Write exactly the events that match the filters."""
    from dashboard import query
    from dashboard.export import write
    from dashboard.store import StoreError

    filters = _filters(date_from, date_to, countries, actors, types)
    if db is not None and not db.exists():
        raise click.ClickException(f"no store at {db}; run `eventline ingest` first")
    try:
        frame = query.events(_store(db), filters)
    except StoreError as exc:
        raise click.ClickException(str(exc)) from exc
    data = write(frame, fmt)
    if output:
        output.write_bytes(data)
        click.echo(f"{len(frame)} events written to {output}", err=True)
    else:
        click.echo(data.decode("utf-8").lstrip("\ufeff"), nl=False)


def _serve(db: Path, port: int) -> None:
    env = dict(os.environ, EVENTLINE_DB=str(db.resolve()))
    command = [sys.executable, "-m", "streamlit", "run", str(APP_MAIN), f"--server.port={port}"]
    click.echo(f"Eventline on http://localhost:{port} (store {db}); Ctrl+C stops it.", err=True)
    try:
        code = subprocess.call([*command, *SERVE_FLAGS], env=env)
    except KeyboardInterrupt:
        code = 0
    sys.exit(code)


@main.command()
@db_option
@click.option("--port", type=click.IntRange(1, 65535), default=8501, show_default=True)
def serve(db: Path | None, port: int) -> None:
    """Start the dashboard on a store."""
    _serve(_store(db).path, port)


@main.command()
@db_option
@click.option("--port", type=click.IntRange(1, 65535), default=8501, show_default=True)
def demo(db: Path | None, port: int) -> None:
    """Ingest the bundled sample articles (if the store is empty), then serve them."""
    from dashboard.pipeline import ingest_paths

    store = _store(db)
    if store.is_empty():
        report = ingest_paths([SAMPLE_ARTICLES], store)
        click.echo(f"Sample data: {report.articles_added} articles, {report.events_stored} events.")
    _serve(store.path, port)


main.add_command(eval_group)


if __name__ == "__main__":
    main()
