"""A folder of damaged files: every one is reported on its own line, the rest is stored."""

from __future__ import annotations

import gzip
import io
import json
import os
import zipfile
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from dashboard import pipeline
from dashboard.cli import main
from dashboard.models import Article, Event, event_id_for


def one_event(article: Article) -> list[Event]:
    """A stand-in extractor: one event per article, dated by its publication date."""
    return [Event(event_id=event_id_for(article.article_id, 0, 1, ""),
                  article_id=article.article_id, date_start=article.published,
                  date_end=article.published, granularity="day", date_text="",
                  date_source="publication", sentence=article.text[:40], start=0, end=1)]


def _zip(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


GOOD = "---\ntitle: Good\npublished: 2024-05-01\n---\nTalks were held in Paris.\n"

DAMAGED: dict[str, bytes] = {
    "a-empty.txt": b"",
    "b-blank.md": b"  \n\n\t \n",
    "c-binary.txt": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00",
    "d-truncated.json": b'{"title": "Cut", "text": "The story was cut o',
    "e-list.json": b'[{"text": "Talks in Rome."}, 42, {"title": "no text here"}]',
    "f-lines.jsonl": (b'{"text": "Talks in Oslo.", "published": "2024-01-02"}\n'
                      b'{"text": "half a li\n'
                      b"[1, 2]\n"
                      b'{"title": "no body"}\n'),
    "g-rows.csv": (b"title,body,date\n"
                   b"Fine,Talks in Madrid.,2024-03-04\n"
                   b"Wide,Talks in Lisbon.,2024-03-05,extra\n"
                   b"Odd date,Talks in Porto.,2024-02-30\n"),
    "h-headline-only.csv": b"headline,when\nTalks,2024-01-01\n",
    "i-bad-date.txt": b"---\ntitle: T\npublished: 2025-02-30\n---\nTalks in Tokyo.\n",
    "j-header-only.md": b"---\ntitle: Nothing below\n---\n\n",
    "k-sheet.xlsx": b"PK\x03\x04 not really a spreadsheet",
    "l-broken.zip": b"PK\x03\x04 truncated archive",
    "m-bundle.zip": _zip({"good.txt": GOOD.encode(), "inner/empty.txt": b"",
                          "notes.docx": b"PK"}),
    "n-menu.html": b"<html><body><nav><a href='/'>Home</a></nav></body></html>",
    "o-feed.rss": b"<?xml version='1.0'?><rss><channel><title>Wire</title><item><title>",
    "p-mixed.txt": "Talks in Zürich.\n".encode() + "Caf\u00e9 talks.\n".encode("cp1252"),
    "q-latin1.txt": "Réunion à Genève.".encode("latin-1"),
    "r-utf16.txt": "Talks in Kyiv.".encode("utf-16"),
    "s-locked.txt": b"Talks in Vienna.",
    "t-cut.jsonl.gz": gzip.compress(b'{"text": "Talks in Bern."}\n')[:-12],
    "z-good.txt": GOOD.encode(),
    ".hidden.txt": b"",
}

EXPECTED = [
    "skipped: DIR/a-empty.txt: empty file; expected article text",
    "skipped: DIR/b-blank.md: empty file; expected article text",
    "skipped: DIR/c-binary.txt: binary file (not text); expected UTF-8, UTF-16 or Latin-1 text",
    "skipped: DIR/d-truncated.json:1: invalid JSON (Unterminated string starting at, column 26);"
    ' expected one article object or a list of them, each with a "text" field',
    "skipped: DIR/e-list.json: item 2 is a JSON int; expected one article object or a list of "
    'them, each with a "text" field',
    'skipped: DIR/e-list.json: item 3: no "text" field; expected the article text '
    "(name its column with --map text=COLUMN)",
    "skipped: DIR/f-lines.jsonl:2: invalid JSON (Unterminated string starting at); expected "
    "one object per line",
    'skipped: DIR/f-lines.jsonl:3: expected a JSON object with a "text" field',
    'skipped: DIR/f-lines.jsonl:4: no "text" field; expected the article text (name '
    "its column with --map text=COLUMN)",
    "skipped: DIR/g-rows.csv:3: row has 4 fields; the header has 3",
    "warning: DIR/g-rows.csv:4: publication date '2024-02-30' is not a valid date; expected "
    "YYYY-MM-DD (or an ISO 8601 timestamp, or a date such as 18 February 2025); article kept "
    "without a date",
    "skipped: DIR/h-headline-only.csv:1: no text column (text, body, content ...) in the "
    "header 'headline, when'; expected one, or name it with --map text=COLUMN",
    "warning: DIR/i-bad-date.txt:3: publication date '2025-02-30' is not a valid date; expected"
    " YYYY-MM-DD (or an ISO 8601 timestamp, or a date such as 18 February 2025); article kept "
    "without a date",
    "skipped: DIR/j-header-only.md:4: no article text after the front matter; expected the "
    "story below the closing ---",
    "skipped: DIR/k-sheet.xlsx: unsupported file type '.xlsx'; expected .atom, .csv, .htm, "
    ".html, .json, .jsonl, .markdown, .md, .ndjson, .rss, .tsv, .txt, .xhtml, .xml, .zip (or "
    "one of them compressed, as .gz)",
    "skipped: DIR/l-broken.zip: not a readable zip archive (File is not a zip file); expected a"
    " .zip of article files",
    "skipped: DIR/m-bundle.zip/inner/empty.txt: empty file; expected article text",
    "skipped: DIR/m-bundle.zip/notes.docx: unsupported file type '.docx' in the archive",
    "skipped: DIR/n-menu.html: no article text found in the HTML page; expected a page with a "
    "main text (an article, not a menu or an index)",
    "warning: DIR/o-feed.rss:1: malformed feed (<unknown>:1:84: no element found); the "
    "entries before the error are read",
    "skipped: DIR/o-feed.rss: entry 1 has no text; expected a summary or content",
    "warning: DIR/p-mixed.txt:2: mixed encodings: line(s) 2 are not UTF-8 and were read as "
    "Windows-1252; expected one encoding per file",
    "skipped: DIR/s-locked.txt: permission denied: cannot read the file",
    "skipped: DIR/t-cut.jsonl.gz: not a readable gzip file (Compressed file ended before the "
    "end-of-stream marker was reached); expected a .gz of article files",
    "skipped: DIR/y-huge.txt: file is 52,428,801 bytes; the limit is 52,428,800 bytes (raise it"
    " with --max-size)",
    "skipped: DIR/z-good.txt: same text as DIR/m-bundle.zip/good.txt, earlier in this batch;"
    " stored once",
    "skipped: TMP/missing.txt: no such file or folder",
]


@pytest.fixture
def damaged(tmp_path: Path, monkeypatch) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    for name, data in DAMAGED.items():
        (folder / name).write_bytes(data)
    with (folder / "y-huge.txt").open("wb") as handle:  # sparse: 50 MB + 1 byte, instantly
        handle.truncate(50 * 1024 * 1024 + 1)
    locked = folder / "s-locked.txt"
    locked.chmod(0)
    if os.geteuid() == 0:  # root reads anything: simulate the refusal an ordinary user gets
        real_open = Path.open

        def refuse(self, *args, **kwargs):
            if self.name == locked.name:
                raise PermissionError(13, "Permission denied", str(self))
            return real_open(self, *args, **kwargs)

        monkeypatch.setattr(Path, "open", refuse)
    monkeypatch.setattr(pipeline, "default_extractor", one_event)
    return folder


def _run(folder: Path, *extra: str):
    db = folder.parent / "store.duckdb"
    errors = folder.parent / "errors.jsonl"
    args = ["ingest", str(folder), str(folder.parent / "missing.txt"), "--db", str(db),
            "--workers", "1", "--errors", str(errors), *extra]
    result = CliRunner().invoke(main, args)
    return result, errors


def test_summary_names_every_damaged_file_line_and_expectation(damaged: Path):
    result, errors = _run(damaged)
    assert result.exit_code == 0, result.output
    lines = [line.replace(str(damaged), "DIR").replace(str(damaged.parent), "TMP")
             for line in result.stderr.splitlines()
             if line.startswith(("skipped:", "warning:"))]
    assert lines == EXPECTED
    assert result.stdout.splitlines()[0].startswith(
        "22 files, 10 articles read: 9 new, 0 already stored; 9 events stored in ")
    records = [json.loads(line) for line in errors.read_text("utf-8").splitlines()]
    assert len(records) == len(EXPECTED)
    assert records[0] == {"path": str(damaged / "a-empty.txt"), "line": None,
                          "message": "empty file; expected article text", "skipped": True}


def test_damaged_batch_twice_adds_nothing(damaged: Path):
    _run(damaged)
    again, _ = _run(damaged)
    assert "10 articles read: 0 new, 9 already stored; 0 events stored" in again.stdout


def test_encodings_read_right_and_dates_kept(damaged: Path):
    from dashboard.readers import iter_articles

    found = {Path(a.path).name: a for a in iter_articles([damaged]) if isinstance(a, Article)}
    assert found["q-latin1.txt"].text == "Réunion à Genève."
    assert found["r-utf16.txt"].text == "Talks in Kyiv."
    assert found["p-mixed.txt"].text == "Talks in Zürich.\nCafé talks."
    assert found["z-good.txt"].published == date(2024, 5, 1)
    assert found["i-bad-date.txt"].published is None


def test_max_size_is_configurable(damaged: Path):
    size = len(GOOD.encode())
    result, _ = _run(damaged, "--max-size", f"{size - 1}B")
    assert (f"skipped: {damaged / 'z-good.txt'}: file is {size} bytes; the limit is {size - 1} "
            "bytes (raise it with --max-size)") in result.stderr
    bad = CliRunner().invoke(main, ["ingest", str(damaged), "--max-size", "lots"])
    assert bad.exit_code == 2 and "'lots' is not understood" in bad.output
