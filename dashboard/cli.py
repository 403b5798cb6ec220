"""The ``eventline`` command line (click). Errors become messages here, at the edge."""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
from datetime import date
from pathlib import Path

import click

from dashboard.evaluation.cli import eval_group
from dashboard.happenings.cli import happenings_command, key_dates_command
from dashboard.importers.cli import import_group
from dashboard.paths import SAMPLE_ARTICLES
from dashboard.timex_cli import timex

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


def say(text: object, err: bool = False) -> None:
    """Print one line with control characters escaped (names come from files and zips), and
    flush, so that stdout and stderr keep their order when both go to one pipe."""
    from dashboard.readers.problems import printable

    click.echo(printable(text), err=err)
    (sys.stderr if err else sys.stdout).flush()


def fail(text: object) -> click.ClickException:
    from dashboard.readers.problems import printable

    return click.ClickException(printable(text))


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@db_option
@click.option("--published", type=ISO_DATE, help="Publication date for every article (YYYY-MM-DD).")
@click.option("--workers", type=click.IntRange(min=1), help="Extraction processes [all cores].")
@click.option("--max-size", default="50MB", show_default=True, metavar="SIZE",
              help="Largest file read (e.g. 500KB, 50MB); bigger files are reported.")
@click.option("--map", "mappings", multiple=True, metavar="FIELD=COLUMN",
              help="Column or key holding an article field in CSV/JSON, e.g. --map text=body.")
@click.option("--errors", "errors_file", type=click.Path(dir_okay=False, path_type=Path),
              help="Also write every problem to this file as JSON Lines.")
@click.option("--follow-symlinks", is_flag=True,
              help="Read files that links inside a folder point to outside it.")
def ingest(paths: tuple[Path, ...], db: Path | None, published, workers, max_size, mappings,
           errors_file, follow_symlinks) -> None:
    """Read articles from files, folders or .zip files, extract their events and store them."""
    from concurrent.futures.process import BrokenProcessPool
    from dataclasses import replace

    from dashboard.pipeline import SetupError, report_notes
    from dashboard.readers.options import read_options
    from dashboard.readers.problems import printable, problem_lines, write_problems
    from dashboard.store import StoreError

    try:
        options = replace(read_options(max_size, mappings), follow_symlinks=follow_symlinks)
    except ValueError as exc:
        raise click.BadParameter(printable(exc)) from exc
    store = _store(db)
    try:
        report = _run_ingest(paths, store, _as_date(published), workers, options)
    except SetupError as exc:
        raise fail(f"{exc}. Nothing more was read; run the same command again afterwards "
                   "(what was stored is kept)") from exc
    except StoreError as exc:
        raise fail(exc) from exc
    except BrokenProcessPool as exc:
        raise click.ClickException(
            "an extraction worker process died (out of memory?); what was stored is kept: run "
            "the same command again, perhaps with fewer --workers, to finish") from exc
    say(f"{report.files_read} files, {report.articles_read} articles read: "
        f"{report.articles_added} new, {report.articles_unchanged} already stored; "
        f"{report.events_stored} events stored in {store.path}")
    for line in report_notes(report):
        say(line)
    for line in problem_lines(report.problems):
        say(line, err=True)
    if errors_file:
        write_problems(report.problems, errors_file)
    if report.articles_read == 0:
        raise click.ClickException("no article could be read from the given paths")


def _run_ingest(paths, store, published, workers, options):
    """Ingest with progress in bytes read (one JSON Lines file of 2,000 stories moves the
    bar as it goes); a plain "Ingesting ..." line when stderr is not a terminal."""
    from dashboard.pipeline import ingest, source_size
    from dashboard.readers import expand_paths

    # Counted, not kept: folders can be huge.
    total = sum(source_size(item) for item in expand_paths(paths, options.follow_symlinks))
    if not sys.stderr.isatty():
        say(f"Ingesting {_megabytes(total)} ...", err=True)
        return ingest(paths, store, published, workers=workers, options=options)
    with click.progressbar(length=max(total, 1), label="Ingesting", file=sys.stderr,
                           show_pos=False, show_percent=True) as bar:
        return ingest(paths, store, published, on_progress=bar.update, workers=workers,
                      options=options)


def _megabytes(size: int) -> str:
    return f"{size / 1024 / 1024:.1f} MB" if size >= 100_000 else f"{size:,} bytes"


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
    from dashboard.pipeline import IngestReport, SetupError, extract_pairs, read_articles
    from dashboard.readers.problems import problem_lines
    from dashboard.schema import events_frame

    report = IngestReport()
    try:
        frame = events_frame(extract_pairs(read_articles(files, report, _as_date(published))))
    except SetupError as exc:
        raise fail(exc) from exc
    except (ImportError, OSError) as exc:  # raised by the extractor here, not in a worker
        from dashboard.pipeline import setup_error

        raise fail(setup_error(exc)) from exc
    for line in problem_lines(report.problems, collapse=10**9):
        say(line, err=True)
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


EXPORT_FORMATS = ["csv", "raw-csv", "jsonl", "parquet", "timelinejs"]
BINARY_FORMATS = {"parquet"}


@main.command()
@db_option
@click.option("--from", "date_from", type=ISO_DATE, help="First day (YYYY-MM-DD).")
@click.option("--to", "date_to", type=ISO_DATE, help="Last day (YYYY-MM-DD).")
@click.option("--country", "countries", multiple=True, help="ISO-3 code; repeat for more.")
@click.option("--actor", "actors", multiple=True, help="Actor name; repeat for more.")
@click.option("--type", "types", multiple=True, help="CAMEO root code 01-20; repeat for more.")
@click.option("--source", "sources", multiple=True, help="Article source; repeat for more.")
@click.option("--date-source", "date_sources", multiple=True,
              type=click.Choice(["explicit", "relative", "publication", "unresolved"]),
              help="Where the date came from; repeat for more.")
@click.option("--search", "text", default="", help="Words that must appear in the evidence.")
@click.option(
    "--format", "fmt", type=click.Choice(EXPORT_FORMATS), default="csv", show_default=True,
    help="csv is spreadsheet-safe; raw-csv is for scripts; parquet needs -o.",
)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="File.")
@click.option("--sidecar", is_flag=True,
              help="Also write OUTPUT.meta.json: filters, row count, Eventline version.")
@click.option("--happenings", "as_happenings", is_flag=True,
              help="Write the happenings that match the filters (one row per real-world event "
                   "with its sources), not the event mentions.")
def export(db, date_from, date_to, countries, actors, types, sources, date_sources, text, fmt,
           output, sidecar, as_happenings) -> None:
    """Write exactly the events (or, with --happenings, the happenings) that match the
    filters."""
    from dataclasses import replace
    from datetime import datetime

    from dashboard import query
    from dashboard.export import sidecar as sidecar_json
    from dashboard.export import sidecar_name, write
    from dashboard.store import StoreError

    filters = replace(_filters(date_from, date_to, countries, actors, types),
                      sources=tuple(sources), date_sources=tuple(date_sources), text=text)
    if db is not None and not db.exists():
        raise fail(f"no store at {db}; run `eventline ingest` first")
    if (fmt in BINARY_FORMATS or sidecar) and not output:
        raise click.UsageError(f"--format {fmt} and --sidecar need -o FILE")
    try:
        if as_happenings:
            frame, data = _happenings_export(_store(db), filters, fmt)
        else:
            frame = query.events(_store(db), filters)
            data = write(frame, fmt)
    except StoreError as exc:
        raise click.ClickException(str(exc)) from exc
    if not output:
        click.echo(data.decode("utf-8").lstrip("\ufeff"), nl=False)
        return
    output.write_bytes(data)
    click.echo(f"{len(frame)} {'happenings' if as_happenings else 'events'} written to {output}",
               err=True)
    if sidecar:
        meta = output.with_name(sidecar_name(output.name))
        meta.write_bytes(sidecar_json(
            url="", filters=filters.as_dict(), rows=len(frame), fmt=fmt, data_file=output.name,
            created=datetime.now().astimezone(),
            extraction={"command": _export_command(click.get_current_context())}))
        click.echo(f"sidecar written to {meta}", err=True)


def _happenings_export(store, filters, fmt: str):
    """The filtered happenings and their bytes; a TimelineJS cut is reported on stderr."""
    from dashboard.export import write_happenings
    from dashboard.happenings import query as happening_query

    frame = happening_query.happenings(store, filters)
    data, warning = write_happenings(frame, fmt)
    if warning:
        say(f"warning: {warning}", err=True)
    return frame, data


def _export_command(ctx: click.Context) -> str:
    """The export command line that gives the same rows (for the sidecar)."""
    words = ["eventline", "export"]
    for param in ctx.command.params:
        value = ctx.params.get(param.name)
        if param.name in ("output", "sidecar") or value in (None, (), "", False):
            continue
        values = value if isinstance(value, tuple) else (value,)
        for item in values:
            text = item.date().isoformat() if hasattr(item, "date") else str(item)
            words += [param.opts[0], shlex.quote(text)]
    return " ".join(words)


LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")
host_option = click.option(
    "--host", default="127.0.0.1", show_default=True,
    help="Address to listen on. The dashboard has no log-in: anything but 127.0.0.1 lets "
         "everyone who can reach it read the store.")
uploads_option = click.option(
    "--allow-uploads", is_flag=True,
    help="Turn on uploads and pasted text on the Ingest page (off by default).")


def serve_command(db: Path, port: int, host: str = "127.0.0.1",
                  allow_uploads: bool = False) -> tuple[list[str], dict[str, str]]:
    """The Streamlit command line and environment that `serve` runs."""
    from dashboard.app.uploads import ALLOW_UPLOADS_ENV

    env = dict(os.environ, EVENTLINE_DB=str(db.resolve()))
    env.pop(ALLOW_UPLOADS_ENV, None)  # only the flag turns uploads on, not a stray variable
    if allow_uploads:
        env[ALLOW_UPLOADS_ENV] = "1"
    command = [sys.executable, "-m", "streamlit", "run", str(APP_MAIN), f"--server.port={port}",
               "--server.address", host, *SERVE_FLAGS]
    return command, env


def exposure_warning(host: str, port: int, allow_uploads: bool) -> str | None:
    """The warning printed when the dashboard listens beyond this machine."""
    if host in LOCAL_HOSTS:
        return None
    what = "read every stored article and event"
    if allow_uploads:
        what += " and add articles with the Ingest page"
    return (f"warning: listening on {host}:{port} without authentication: anyone who can "
            f"reach it can {what}. Put it behind a reverse proxy with a log-in, or use the "
            "default --host 127.0.0.1.")


def _serve(db: Path, port: int, host: str = "127.0.0.1", allow_uploads: bool = False) -> None:
    command, env = serve_command(db, port, host, allow_uploads)
    warning = exposure_warning(host, port, allow_uploads)
    if warning:
        say(warning, err=True)
    shown = f"[{host}]" if ":" in host else host
    uploads = "on" if allow_uploads else "off (--allow-uploads turns them on)"
    say(f"Eventline on http://{shown}:{port} (store {db}; uploads {uploads}); Ctrl+C stops it.",
        err=True)
    if os.name == "posix":
        # Become the server rather than wait for it: stopping `eventline serve` then stops
        # Streamlit too, instead of leaving it running without a parent.
        os.execve(sys.executable, command, env)
    try:
        code = subprocess.call(command, env=env)
    except KeyboardInterrupt:
        code = 0
    sys.exit(code)


@main.command()
@db_option
@click.option("--port", type=click.IntRange(1, 65535), default=8501, show_default=True)
@host_option
@uploads_option
def serve(db: Path | None, port: int, host: str, allow_uploads: bool) -> None:
    """Start the dashboard on a store (on this machine only, unless --host says otherwise)."""
    _serve(_store(db).path, port, host, allow_uploads)


@main.command()
@db_option
@click.option("--port", type=click.IntRange(1, 65535), default=8501, show_default=True)
@host_option
@uploads_option
def demo(db: Path | None, port: int, host: str, allow_uploads: bool) -> None:
    """Ingest the bundled sample articles (if the store is empty), then serve them."""
    from dashboard.pipeline import SetupError, ingest

    store = _store(db)
    if store.is_empty():
        try:
            report = ingest([SAMPLE_ARTICLES], store)
        except SetupError as exc:
            raise fail(exc) from exc
        say(f"Sample data: {report.articles_added} articles, {report.events_stored} events.")
    _serve(store.path, port, host, allow_uploads)


main.add_command(eval_group)
main.add_command(import_group)
main.add_command(timex)
main.add_command(happenings_command)
main.add_command(key_dates_command)


if __name__ == "__main__":
    main()
