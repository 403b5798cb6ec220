"""The ``eventline`` command line (click). Errors become messages here, at the edge."""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
from datetime import date
from pathlib import Path
from typing import Any

import click

from dashboard.console import fail, say
from dashboard.evaluation.cli import eval_group
from dashboard.filter_options import filter_options, filters_from_options, language_option
from dashboard.happenings.cli import happenings_command, key_dates_command
from dashboard.importers.cli import import_group
from dashboard.paths import SAMPLE_ARTICLES
from dashboard.records_cli import notes_group, views_group
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


store_option = click.option(
    "--store", "store_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
    help="A Parquet store folder (written by `eventline ingest --cluster ... --out DIR`), "
         "instead of the DuckDB file.")


def _store(db: Path | None, store_dir: Path | None = None):
    """The DuckDB file (``--db``) or the Parquet store (``--store``) a command reads."""
    from dashboard.store import Store

    if store_dir is None:
        return Store(db)
    if db is not None:
        raise click.UsageError("give --db FILE or --store DIR, not both")
    from dashboard.parquet_store import ParquetStore, is_parquet_store

    if not is_parquet_store(store_dir):
        raise fail(f"no Parquet store at {store_dir}; write one with `eventline ingest PATHS "
                   "--cluster local:N --out DIR`, or give a DuckDB file with --db")
    return ParquetStore(store_dir)


def _as_date(value) -> date | None:
    return value.date() if value is not None else None




@click.group()
@click.version_option(package_name="eventline")
def main() -> None:
    """Eventline: turn news articles into a timeline of dated events."""


@main.command()
@click.argument("paths", nargs=-1, required=True)
@db_option
@click.option("--published", type=ISO_DATE, help="Publication date for every article (YYYY-MM-DD).")
@click.option("--workers", type=click.IntRange(min=1), help="Extraction processes [all cores].")
@click.option("--cluster", metavar="local:N|tcp://HOST:PORT",
              help="Extract on a Dask cluster: N worker processes here, or the workers of a "
                   "running `dask scheduler`; needs --out.")
@click.option("--out", "out", type=click.Path(file_okay=False, path_type=Path),
              help="The Parquet store folder a --cluster ingest writes (created if missing).")
@click.option("--max-size", default="50MB", show_default=True, metavar="SIZE",
              help="Largest file read (e.g. 500KB, 50MB); bigger files are reported.")
@click.option("--map", "mappings", multiple=True, metavar="FIELD=COLUMN",
              help="Column or key holding an article field in CSV/JSON, e.g. --map text=body.")
@click.option("--errors", "errors_file", type=click.Path(dir_okay=False, path_type=Path),
              help="Also write every problem to this file as JSON Lines.")
@click.option("--follow-symlinks", is_flag=True,
              help="Read files that links inside a folder point to outside it.")
@language_option
def ingest(paths: tuple[str, ...], db: Path | None, published, workers, max_size, mappings,
           errors_file, follow_symlinks, language: str, cluster: str | None,
           out: Path | None) -> None:
    """Read articles from files, folders or .zip files, extract their events and store them.

    With --cluster and --out, PATHS may also be globs ("news/*.jsonl") and fsspec URLs
    (s3://bucket/news/, when that filesystem is installed), read by the cluster's workers."""
    from concurrent.futures.process import BrokenProcessPool
    from dataclasses import replace

    from dashboard.pipeline import SetupError
    from dashboard.readers.options import read_options
    from dashboard.readers.problems import printable
    from dashboard.store import StoreError

    try:
        options = replace(read_options(max_size, mappings), follow_symlinks=follow_symlinks,
                          language=language)
    except ValueError as exc:
        raise click.BadParameter(printable(exc)) from exc
    if cluster or out:
        _check_cluster_options(cluster, out, db, workers)
        report, where = _cluster_ingest(paths, cluster or "", out or Path(),
                                        _as_date(published), options)
        _ingest_summary(report, where, errors_file)
        return
    urls = [p for p in paths if "://" in p]
    if urls:
        raise click.UsageError(f"{urls[0]} is a URL: URLs are read by the workers of "
                               "--cluster (with --out DIR); without it give local paths")
    store = _store(db)
    try:
        report = _run_ingest([Path(p) for p in paths], store, _as_date(published), workers,
                             options)
    except SetupError as exc:
        raise fail(f"{exc}. Nothing more was read; run the same command again afterwards "
                   "(what was stored is kept)") from exc
    except StoreError as exc:
        raise fail(exc) from exc
    except BrokenProcessPool as exc:
        raise click.ClickException(
            "an extraction worker process died (out of memory?); what was stored is kept: run "
            "the same command again, perhaps with fewer --workers, to finish") from exc
    _ingest_summary(report, store.path, errors_file)


def _ingest_summary(report, where: Path, errors_file: Path | None) -> None:
    from dashboard.pipeline import report_notes
    from dashboard.readers.problems import problem_lines, write_problems

    stored = (f"{report.events_stored} events stored in {where}" if report.articles_read
              else f"nothing stored in {where}")
    say(f"{report.files_read} files, {report.articles_read} articles read: "
        f"{report.articles_added} new, {report.articles_unchanged} already stored; {stored}")
    for line in report_notes(report):
        say(line)
    for line in problem_lines(report.problems):
        say(line, err=True)
    if errors_file:
        write_problems(report.problems, errors_file)
    if report.articles_read == 0:
        raise click.ClickException("no article could be read from the given paths")


def _check_cluster_options(cluster: str | None, out: Path | None, db: Path | None,
                           workers: int | None) -> None:
    if not cluster:
        raise click.UsageError("--out writes a Parquet store on a cluster: give --cluster "
                               "local:N or tcp://HOST:PORT too (or --db FILE without a cluster)")
    if not out:
        raise click.UsageError("--cluster needs --out DIR, the Parquet store folder to write")
    if db is not None:
        raise click.UsageError("--db is the embedded store; a --cluster ingest writes --out DIR")
    if workers is not None:
        raise click.UsageError("--workers sets the processes of an embedded ingest; with "
                               "--cluster the cluster's workers extract (local:N sets N)")
    from dashboard.cluster import parse_cluster

    try:
        parse_cluster(cluster)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--cluster") from exc


def _cluster_ingest(paths, cluster: str, out: Path, published, options):
    """An ingest on a Dask cluster into the Parquet store ``out``, with a progress bar."""
    from dashboard.cluster import ClusterError, ingest_on_cluster
    from dashboard.pipeline import SetupError
    from dashboard.store import StoreError

    try:
        if not sys.stderr.isatty():
            say(f"Ingesting on {cluster} into {out} ...", err=True)
            report = ingest_on_cluster(paths, out, cluster, published, options)
        else:
            with click.progressbar(length=1, label=f"Ingesting on {cluster}", file=sys.stderr,
                                   show_pos=False, show_percent=True) as bar:
                report = ingest_on_cluster(paths, out, cluster, published, options,
                                           on_progress=_bar_progress(bar))
    except SetupError as exc:
        raise fail(f"{exc}. Nothing of this ingest was stored; run the same command again "
                   "afterwards") from exc
    except (ClusterError, StoreError) as exc:
        raise fail(exc) from exc
    return report, out


def _bar_progress(bar):
    """Progress in input bytes; the bar learns the total from the first call."""
    def advance(size: int, total: int | None = None) -> None:
        if total is not None:
            bar.length = max(total, 1)
            return
        bar.update(size)

    return advance


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
@click.option("--map", "mappings", multiple=True, metavar="FIELD=COLUMN",
              help="Column or key holding an article field in CSV/JSON, e.g. --map text=body.")
@language_option
def extract(files: tuple[Path, ...], published, fmt: str, mappings: tuple[str, ...],
            language: str) -> None:
    """Print the events found in FILES without storing them."""
    from dashboard.export import write
    from dashboard.pipeline import IngestReport, SetupError, extract_pairs, read_articles
    from dashboard.readers.common import ReadOptions
    from dashboard.readers.options import parse_mappings
    from dashboard.readers.problems import printable, problem_lines
    from dashboard.schema import events_frame

    report = IngestReport()
    try:
        options = ReadOptions(language=language, column_map=parse_mappings(mappings))
    except ValueError as exc:
        raise click.BadParameter(printable(exc), param_hint="--map") from exc
    try:
        articles = read_articles(files, report, _as_date(published), options=options)
        frame = events_frame(extract_pairs(articles))
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


EXPORT_FORMATS = ["csv", "raw-csv", "jsonl", "parquet", "timelinejs"]
BINARY_FORMATS = {"parquet"}


@main.command()
@db_option
@store_option
@filter_options
@click.option("--view", "view_name", metavar="NAME",
              help="Start from a saved view's filters (see `eventline views`); the options "
                   "given here are added to them.")
@click.option(
    "--format", "fmt", type=click.Choice(EXPORT_FORMATS), default="csv", show_default=True,
    help="csv is spreadsheet-safe; raw-csv is for scripts; parquet needs -o.",
)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="File.")
@click.option("--sidecar", is_flag=True,
              help="Also write OUTPUT.meta.json: filters, row count, notes, Eventline version.")
@click.option("--happenings", "as_happenings", is_flag=True,
              help="Write the happenings that match the filters (one row per real-world event "
                   "with its sources), not the event mentions.")
def export(db, store_dir, view_name, fmt, output, sidecar, as_happenings, **options) -> None:
    """Write exactly the events (or, with --happenings, the happenings) that match the
    filters.

    Events in csv, raw-csv, jsonl and parquet are written a chunk of rows at a time, so an
    export of millions of events needs little memory; timelinejs is built whole."""
    from datetime import datetime

    from dashboard import query
    from dashboard.export import sidecar as sidecar_json
    from dashboard.export import sidecar_name
    from dashboard.store import StoreError

    filters = filters_from_options(options)
    if db is not None and not db.exists():
        raise fail(f"no store at {db}; run `eventline ingest` first")
    if (fmt in BINARY_FORMATS or sidecar) and not output:
        raise click.UsageError(f"--format {fmt} and --sidecar need -o FILE")
    store = _store(db, store_dir)
    try:
        if view_name:
            filters = _with_view(store, view_name, filters)
        notes = query.notes(store, filters.date_from, filters.date_to)
        if as_happenings:
            frame, data = _happenings_export(store, filters, fmt)
            rows = len(frame)
            _write_whole(data, output)
        else:
            rows = _write_export(store, filters, fmt, output)
    except StoreError as exc:
        raise fail(exc) from exc
    if not output:
        return
    say(f"{rows} {'happenings' if as_happenings else 'events'} written to {output}", err=True)
    if sidecar:
        meta = output.with_name(sidecar_name(output.name))
        meta.write_bytes(sidecar_json(
            url="", filters=filters.as_dict(), rows=rows, fmt=fmt, data_file=output.name,
            created=datetime.now().astimezone(),
            extraction={"command": _export_command(click.get_current_context())},
            notes=notes))
        say(f"sidecar written to {meta}", err=True)


def _write_whole(data: bytes, output: Path | None) -> None:
    """Bytes built whole to ``output`` (renamed into place when complete), or to stdout."""
    if output is None:
        click.echo(data.decode("utf-8").lstrip("\ufeff"), nl=False)
        return
    partial = output.with_name(f".{output.name}.partial")
    try:
        partial.write_bytes(data)
        os.replace(partial, output)
    finally:
        partial.unlink(missing_ok=True)


def _write_export(store, filters, fmt: str, output: Path | None) -> int:
    """Write the export to ``output`` (stdout without it); returns the number of rows.

    A file is written under a temporary name and renamed when complete, so a failed export
    never leaves a file that looks whole."""
    from dashboard import query
    from dashboard.export import STREAMED, write, write_chunks

    if output is None:
        if fmt in STREAMED:
            stream = sys.stdout.buffer
            rows = write_chunks(query.event_chunks(store, filters), fmt, stream, bom=False)
            stream.flush()
            return rows
        frame = query.events(store, filters)
        click.echo(write(frame, fmt).decode("utf-8").lstrip("\ufeff"), nl=False)
        return len(frame)
    partial = output.with_name(f".{output.name}.partial")
    try:
        with open(partial, "wb") as handle:
            if fmt in STREAMED:
                rows = write_chunks(query.event_chunks(store, filters), fmt, handle)
            else:
                frame = query.events(store, filters)
                handle.write(write(frame, fmt))
                rows = len(frame)
        os.replace(partial, output)
    finally:
        partial.unlink(missing_ok=True)
    return rows


def _with_view(store, name: str, filters):
    """A saved view's filters with the command line's added (tuples joined, values set)."""
    from dataclasses import fields, replace

    from dashboard import query

    views = {view.name: view for view in query.saved_views(store)}
    if name not in views:
        known = ", ".join(sorted(views)) or "none saved yet"
        raise fail(f"no saved view named {name!r} in {store.path}; saved views: {known}")
    base = query.filters_from_dict(views[name].filters)
    changes: dict[str, Any] = {}
    for field in fields(filters):
        value, default = getattr(filters, field.name), getattr(query.Filters(), field.name)
        if value == default:
            continue
        old = getattr(base, field.name)
        changes[field.name] = tuple(dict.fromkeys((*old, *value))) if isinstance(value, tuple) \
            else value
    return replace(base, **changes)


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
        if value is True:  # a flag
            words.append(param.opts[0])
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


def _port_taken(host: str, port: int) -> bool:
    """Is something already listening there? (Streamlit would only say so after our banner.)"""
    import socket

    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError:
            return True
    return False


def _serve(db: Path, port: int, host: str = "127.0.0.1", allow_uploads: bool = False) -> None:
    if _port_taken(host, port):
        raise click.ClickException(f"port {port} on {host} is in use (another Eventline or "
                                   "server?); choose another with --port")
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
@store_option
@click.option("--port", type=click.IntRange(1, 65535), default=8501, show_default=True)
@host_option
@uploads_option
def serve(db: Path | None, store_dir: Path | None, port: int, host: str,
          allow_uploads: bool) -> None:
    """Start the dashboard on a store (on this machine only, unless --host says otherwise)."""
    _serve(_store(db, store_dir).path, port, host, allow_uploads)


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


@main.command()
@db_option
@click.option("--out", "out", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="The new Parquet store folder.")
def convert(db: Path | None, out: Path) -> None:
    """Copy a DuckDB store into a new Parquet store folder (for `serve --store`)."""
    from dashboard.parquet_store import convert_duckdb
    from dashboard.store import StoreError

    source = _store(db).path
    if not source.exists():
        raise fail(f"no store at {source}; run `eventline ingest` first")
    try:
        counts = convert_duckdb(source, out)
    except StoreError as exc:
        raise fail(exc) from exc
    say(f"{counts.articles_added} articles and {counts.events_added} events copied from "
        f"{source} into {out}")


@main.command()
@db_option
@store_option
def regroup(db: Path | None, store_dir: Path | None) -> None:
    """Group every stored event into happenings again, with this version's method.

    An ingest regroups only the dates it touched, so after upgrading Eventline (better
    grouping or headlines) a store keeps its old happenings until this is run."""
    from dashboard.store import StoreError

    store = _store(db, store_dir)
    if not store.path.exists():
        raise fail(f"no store at {store.path}; run `eventline ingest` first")
    try:
        store.recompute_happenings()
        count = store.query_rows("SELECT count(*) FROM happenings")[0][0]
    except StoreError as exc:
        raise fail(exc) from exc
    say(f"{count} happenings regrouped in {store.path}")


main.add_command(eval_group)
main.add_command(views_group)
main.add_command(notes_group)
main.add_command(import_group)
main.add_command(timex)
main.add_command(happenings_command)
main.add_command(key_dates_command)


if __name__ == "__main__":
    main()
