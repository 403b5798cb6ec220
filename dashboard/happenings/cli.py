"""`eventline happenings` (files in, happenings out, no store) and `eventline key-dates`."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from dashboard.filter_options import filter_options, filters_from_options, language_option

ISO_DATE = click.DateTime(formats=["%Y-%m-%d"])


def mentions_from_files(files, published, report, language: str = ""):
    """Read and extract the files; every event as a ``Mention`` (errors are the caller's)."""
    from dashboard.happenings.model import mention_of
    from dashboard.pipeline import extract_pairs, read_articles
    from dashboard.readers.common import ReadOptions

    articles = read_articles(files, report, published.date() if published else None,
                             options=ReadOptions(language=language))
    return [mention_of(event, article)
            for article, events in extract_pairs(articles) for event in events]


def _extracted(files, published, language: str = ""):
    from dashboard.cli import fail, say
    from dashboard.pipeline import IngestReport, SetupError, setup_error
    from dashboard.readers.problems import problem_lines

    report = IngestReport()
    try:
        mentions = mentions_from_files(files, published, report, language)
    except SetupError as exc:
        raise fail(exc) from exc
    except (ImportError, OSError) as exc:
        raise fail(setup_error(exc)) from exc
    for line in problem_lines(report.problems, collapse=10**9):
        say(line, err=True)
    if report.articles_read == 0:
        raise click.ClickException("no article could be read from the given files")
    return mentions


@click.command("happenings")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--published", type=ISO_DATE, help="Publication date (YYYY-MM-DD) for all files.")
@click.option("--format", "fmt", type=click.Choice(["csv", "raw-csv", "jsonl"]), default="csv",
              show_default=True, help="csv is spreadsheet-safe; raw-csv is for scripts.")
@click.option("--key-dates", "key_dates", type=click.IntRange(min=1), metavar="N",
              help="Print the N key dates instead of the happenings.")
@language_option
def happenings_command(files: tuple[Path, ...], published, fmt: str, key_dates: int | None,
                       language: str) -> None:
    """Print the happenings reported in FILES (one row per real-world event, however many
    sentences and articles report it), without storing anything."""
    from dashboard.cli import say
    from dashboard.export import write, write_happenings
    from dashboard.happenings.frame import happenings_frame, key_dates_frame
    from dashboard.happenings.keydates import key_dates as rank_dates
    from dashboard.happenings.summary import build_happenings

    mentions = _extracted(files, published, language)
    found = build_happenings(mentions)
    left_out = len(mentions) - sum(len(h.event_ids) for h in found)
    if left_out:  # said, so that nobody counts the rows and wonders where they went
        say(f"{left_out} later printings of statements repeated word for word on several "
            "publication days (page furniture) are counted on their first day only; "
            "`eventline extract` lists every one", err=True)
    if key_dates:
        data = write(key_dates_frame(rank_dates(found, key_dates)), fmt)
    else:
        data, _ = write_happenings(happenings_frame(found), fmt)
    click.echo(data.decode("utf-8").lstrip("\ufeff"), nl=False)


@click.command("key-dates")
@click.option("--db", "db", type=click.Path(dir_okay=False, path_type=Path),
              envvar="EVENTLINE_DB", default=None,
              help="Store file (default: $EVENTLINE_DB or data/eventline.duckdb).")
@filter_options
@click.option("--limit", type=click.IntRange(min=1), default=10, show_default=True,
              help="How many key dates to print.")
@click.option("--format", "fmt", type=click.Choice(["text", "csv", "raw-csv", "jsonl"]),
              default="text", show_default=True,
              help="text is a ranked list to read; csv is spreadsheet-safe; raw-csv and jsonl "
                   "are for scripts.")
def key_dates_command(db, limit, fmt, **options) -> None:
    """The key dates of a store: days and periods ranked by how many articles date a
    happening there in their text (publication days only after those)."""
    from dashboard.cli import _store, fail
    from dashboard.export import write
    from dashboard.happenings import query as happening_query
    from dashboard.store import StoreError

    filters = filters_from_options(options)
    if db is not None and not db.exists():
        raise fail(f"no store at {db}; run `eventline ingest` first")
    try:
        frame = happening_query.key_dates(_store(db), filters, limit)
    except StoreError as exc:
        raise fail(exc) from exc
    if fmt != "text":
        click.echo(write(frame, fmt).decode("utf-8").lstrip("\ufeff"), nl=False)
        return
    for rank, row in enumerate(frame.itertuples(), start=1):
        kind = "" if row.kind == "text" else "  (publication day)"
        click.echo(f"{rank:>3}. {row.label:<24} {row.articles:>4} articles  "
                   f"{row.headline}{kind}")
    sys.stdout.flush()
