"""Issue #9: inputs that used to hang, escape the folder, fool the terminal or be misreported.

Each test fails on the code before the fix: a FIFO blocked the ingest, a symlink out of the
folder was read, a zip member's name reached the terminal raw, and so on.
"""

from __future__ import annotations

import io
import json
import os
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from dashboard import pipeline
from dashboard.cli import main
from dashboard.models import Article, Event
from dashboard.readers import READERS, Blob, Found, Problem, expand_paths, read_file
from dashboard.readers.problems import printable
from dashboard.store import Store

STORY = "---\ntitle: Talks\npublished: 2024-05-01\n---\nTalks were held in Paris.\n"


def no_events(article: Article) -> list[Event]:
    return []


def _ingest(*args: str, db: Path):
    return CliRunner().invoke(main, ["ingest", *args, "--db", str(db), "--workers", "1"])


@pytest.fixture(autouse=True)
def _fast_extractor(monkeypatch):
    monkeypatch.setattr(pipeline, "default_extractor", no_events)


def _messages(paths, follow_symlinks: bool = False) -> list[str]:
    return [str(p) for p in expand_paths(paths, follow_symlinks) if isinstance(p, Problem)]


# -- 3. not a regular file -------------------------------------------------------------------
@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs mkfifo")
def test_a_fifo_is_reported_not_waited_on(tmp_path):
    fifo = tmp_path / "g.txt"
    os.mkfifo(fifo)
    (tmp_path / "ok.txt").write_text(STORY)
    # Given by name and met in a folder: both reported, neither opened (opening blocks).
    assert _messages([fifo]) == [f"{fifo}: a named pipe (FIFO), not a regular file; expected "
                                 "an article file"]
    assert _messages([tmp_path]) == _messages([fifo])
    result = _ingest(str(tmp_path), db=tmp_path / "s.duckdb")
    assert result.exit_code == 0, result.output
    assert "skipped: " in result.stderr and "named pipe" in result.stderr


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs mkfifo")
def test_read_file_refuses_a_fifo_itself(tmp_path):
    # read_file is public: it must not block either, whatever the reader (gzip, zip, plain).
    for name in ("g.jsonl.gz", "g.zip", "g.txt"):
        os.mkfifo(tmp_path / name)
        [problem] = list(read_file(tmp_path / name))
        assert "named pipe" in str(problem)


# -- 4. symbolic links -----------------------------------------------------------------------
@pytest.fixture
def linked(tmp_path: Path) -> Path:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "passwd.txt").write_text("root:x:0:0:root:/root:/bin/bash\n")
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(STORY)
    (folder / "passwd.txt").symlink_to(outside / "passwd.txt")
    (folder / "alias.txt").symlink_to(folder / "a.txt")  # inside: fine
    (folder / "loop.txt").symlink_to(folder / "loop.txt")
    (folder / "gone.txt").symlink_to(folder / "deleted.txt")
    return folder


def test_links_out_of_the_folder_loops_and_dangling_links_are_reported(linked):
    messages = _messages([linked])
    assert messages == [
        f"{linked}/gone.txt: broken symbolic link: {linked}/deleted.txt does not exist",
        f"{linked}/loop.txt: symbolic link loop ({linked}/loop.txt -> {linked}/loop.txt); "
        "expected a link to a file",
        f"{linked}/passwd.txt: symbolic link to {linked.parent}/outside/passwd.txt, outside "
        "the folder; not read (give --follow-symlinks to read it)",
    ]
    files = [p.name for p in expand_paths([linked]) if isinstance(p, Path)]
    assert files == ["a.txt", "alias.txt"]


def test_follow_symlinks_reads_links_out_of_the_folder(linked, tmp_path):
    files = [p.name for p in expand_paths([linked], follow_symlinks=True)
             if isinstance(p, Path)]
    assert "passwd.txt" in files
    result = _ingest(str(linked), db=tmp_path / "s.duckdb")
    assert "outside the folder" in result.stderr
    store = Store(tmp_path / "s.duckdb")
    assert "root:x" not in " ".join(r[0] for r in store.query_rows("SELECT title FROM articles"))
    followed = _ingest(str(linked), "--follow-symlinks", db=tmp_path / "f.duckdb")
    assert "outside the folder" not in followed.stderr


def test_a_link_to_a_folder_outside_is_walked_once_when_followed(tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "b.txt").write_text(STORY)
    (outside / "back").symlink_to(outside)  # a cycle through the outside folder
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "out").symlink_to(outside)
    assert [p for p in expand_paths([folder]) if isinstance(p, Path)] == []
    found = [p for p in expand_paths([folder], follow_symlinks=True) if isinstance(p, Path)]
    assert [p.name for p in found] == ["b.txt"]


def test_a_dangling_link_named_on_the_command_line_is_reported(tmp_path):
    (tmp_path / "gone.txt").symlink_to(tmp_path / "nothing.txt")
    assert _messages([tmp_path / "gone.txt"]) == [
        f"{tmp_path}/gone.txt: broken symbolic link: {tmp_path}/nothing.txt does not exist"]


# -- 5. terminal escapes ---------------------------------------------------------------------
NASTY = "\x1b[2J\x1b[31mALL FILES INGESTED OK\x1b[0m\r.txt"


def test_control_characters_in_names_are_escaped_in_every_printed_line(tmp_path):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(NASTY, b"")
        archive.writestr("ok.txt", STORY)
    (tmp_path / "a.zip").write_bytes(buffer.getvalue())
    result = _ingest(str(tmp_path / "a.zip"), db=tmp_path / "s.duckdb")
    assert result.exit_code == 0, result.output
    assert "\x1b" not in result.output and "\r" not in result.output
    assert "/\\x1b[2J\\x1b[31mALL FILES INGESTED OK\\x1b[0m\\r.txt: empty file" in result.stderr


def test_printable_escapes_c0_c1_del_and_bidi_only():
    assert printable("a\x00\x07\t\x7f\x85\u202e\u2066b é ü 東京") == (
        "a\\x00\\x07\\t\\x7f\\x85\\u202e\\u2066b é ü 東京")


def test_the_store_path_in_the_summary_is_escaped_too(tmp_path):
    (tmp_path / "a.txt").write_text(STORY)
    result = _ingest(str(tmp_path / "a.txt"), db=tmp_path / "s\u202e.duckdb")
    assert "\u202e" not in result.output and "s\\u202e.duckdb" in result.stdout


def test_export_and_import_lines_escape_their_paths_too(tmp_path):
    from click.testing import CliRunner

    from dashboard.cli import main
    from tests.mixed_store import ACLED_HEADER, ACLED_ROWS

    (tmp_path / "a.txt").write_text(STORY)
    db = tmp_path / "s.duckdb"
    assert _ingest(str(tmp_path / "a.txt"), db=db).exit_code == 0
    out = tmp_path / "out\u202e\x1b[2J.csv"
    result = CliRunner().invoke(main, ["export", "--db", str(db), "--output", str(out)])
    assert result.exit_code == 0, result.output
    assert "\x1b" not in result.output and "out\\u202e\\x1b[2J.csv" in result.output
    acled = tmp_path / "acled\x1b[31m.csv"
    acled.write_text("\n".join((ACLED_HEADER, *ACLED_ROWS)) + "\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["import", "acled", str(acled), "--db",
                                       str(tmp_path / "s\u202e.duckdb")])
    assert result.exit_code == 0, result.output
    assert "\u202e" not in result.output and "s\\u202e.duckdb" in result.output


# -- 6. unclosed front matter ----------------------------------------------------------------
def test_front_matter_never_closed_is_reported_and_the_text_kept():
    data = b"---\ntitle: Cut\npublished: 2024-01-01\nTalks were held in Paris.\n"
    results = list(read_file(Blob("open.md", data)))
    problem, found = results
    assert isinstance(problem, Problem) and not problem.skipped
    assert str(problem).startswith("open.md:1: front matter opened by --- on line 1 is never "
                                   "closed")
    assert isinstance(found, Found) and "Talks were held" in found.article.text


# -- 7. empty text ---------------------------------------------------------------------------
@pytest.mark.parametrize("name, data, expected", [
    ("rows.csv", b"title,text\nT,\n", 'rows.csv:2: the text ("text") is empty; expected the '
     "article text"),
    ("rows.jsonl", b'{"title": "T", "body": "  "}\n', 'rows.jsonl:1: the text ("body") is '
     "empty; expected the article text"),
    ("rows.jsonl", b'{"title": "T", "text": null}\n', 'rows.jsonl:1: the text ("text") is '
     "empty; expected the article text"),
    ("rows.jsonl", b'{"title": "T", "text": 42}\n', 'rows.jsonl:1: the text ("text") is a '
     "int, not text; expected a string"),
    ("rows.jsonl", b'{"title": "T"}\n', 'rows.jsonl:1: no "text" field; expected the article '
     "text (name its column with --map text=COLUMN)"),
])
def test_an_empty_text_is_not_blamed_on_the_column_name(name, data, expected):
    assert [str(p) for p in read_file(Blob(name, data))] == [expected]


# -- 8. duplicates within a batch ------------------------------------------------------------
def test_duplicates_within_one_file_are_not_called_already_stored(tmp_path):
    rows = [{"text": "Talks in Oslo."}, {"text": "Talks in Rome."}, {"text": "Talks in Oslo."}]
    (tmp_path / "f.jsonl").write_text("\n".join(map(json.dumps, rows)))
    result = _ingest(str(tmp_path / "f.jsonl"), db=tmp_path / "s.duckdb")
    assert "3 articles read: 2 new, 0 already stored" in result.stdout
    assert f"skipped: {tmp_path}/f.jsonl:3: same text as line 1, earlier in this batch; " \
           "stored once" in result.stderr
    again = _ingest(str(tmp_path / "f.jsonl"), db=tmp_path / "s.duckdb")
    assert "3 articles read: 0 new, 2 already stored" in again.stdout


# -- 1. environment errors in readers --------------------------------------------------------
def test_a_missing_lxml_html_clean_stops_the_run_with_what_to_install(tmp_path, monkeypatch):
    # trafilatura imports lxml.html.clean, which lxml 5.2+ no longer ships.
    def broken_import():
        raise ImportError("lxml.html.clean module is now a separate project lxml_html_clean",
                          name="lxml.html.clean")

    monkeypatch.setattr("dashboard.readers.htmlpage.load_trafilatura", broken_import)
    page = "<html><body><article><p>Talks were held in Paris today.</p></article></body></html>"
    for n in range(3):
        (tmp_path / f"p{n}.html").write_text(page)
    result = _ingest(str(tmp_path), db=tmp_path / "s.duckdb")
    assert result.exit_code == 1
    assert "could not be parsed" not in result.output
    assert "install lxml_html_clean" in result.output


def test_a_parser_bug_is_not_reported_as_a_bad_file(monkeypatch):
    def buggy(name, text, options):
        raise TypeError("a bug, not a bad file")
        yield

    monkeypatch.setitem(READERS, ".txt", buggy)
    with pytest.raises(TypeError):
        list(read_file(Blob("a.txt", b"Talks.")))


def test_a_missing_data_file_makes_the_cli_fail_with_reinstall(tmp_path, monkeypatch):
    def missing(article):
        raise FileNotFoundError(2, "No such file or directory", "/site/resources/en/x.tsv")

    monkeypatch.setattr(pipeline, "default_extractor", missing)
    (tmp_path / "a.txt").write_text(STORY)
    result = _ingest(str(tmp_path / "a.txt"), db=tmp_path / "s.duckdb")
    assert result.exit_code == 1
    assert "0 events stored" not in result.output
    assert "/site/resources/en/x.tsv" in result.output and "reinstall" in result.output
