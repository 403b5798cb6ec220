"""The article formats beyond text and JSON Lines: JSON, CSV, HTML, RSS/Atom, zip; dates."""

from __future__ import annotations

import io
import zipfile
from datetime import date
from pathlib import Path

import pytest

from dashboard.readers import Found, Problem, ReadOptions, read_file
from dashboard.readers.byline import byline_date
from dashboard.readers.common import decode, parse_published


def _read(path: Path, **options) -> tuple[list[Found], list[Problem]]:
    results = list(read_file(path, ReadOptions(**options)))
    return ([r for r in results if isinstance(r, Found)],
            [r for r in results if isinstance(r, Problem)])


def test_json_object_and_list_with_aliased_fields(tmp_path):
    one = tmp_path / "one.json"
    one.write_text('{"headline": "A", "body": "Talks in Rome.", "date": "2024-05-01",'
                   ' "link": "https://example.org/a"}', encoding="utf-8")
    many = tmp_path / "many.json"
    many.write_text('[{"text": "First story."}, {"text": "Second story.", "published": '
                    '"26-FEB-1987 15:01:01.79"}]', encoding="utf-8")
    (found,), problems = _read(one)
    assert problems == []
    assert (found.article.title, found.article.text, found.article.url) == (
        "A", "Talks in Rome.", "https://example.org/a")
    assert (found.article.published, found.published_from) == (date(2024, 5, 1), "metadata")
    found, _ = _read(many)
    assert [f.article.path for f in found] == [f"{many}#1", f"{many}#2"]
    assert [f.article.published for f in found] == [None, date(1987, 2, 26)]


def test_csv_columns_detected_or_mapped(tmp_path):
    path = tmp_path / "sheet.csv"
    path.write_text('Headline;Copy;Pub Date\nA;"Talks in Rome.\nSecond line.";2024-05-01\n'
                    "B;Talks in Oslo.;\n", encoding="utf-8")
    found, problems = _read(path, column_map={"text": "Copy", "published": "Pub Date"})
    assert problems == []
    assert [(f.article.title, f.article.published) for f in found] == [
        ("A", date(2024, 5, 1)), ("B", None)]
    assert found[0].article.text == "Talks in Rome.\nSecond line."
    assert [f.article.path for f in found] == [f"{path}:2", f"{path}:4"]  # first line of a row
    _, (problem,) = _read(path)
    assert problem.line == 1 and "--map text=COLUMN" in problem.message


def test_tsv_and_too_many_columns(tmp_path):
    path = tmp_path / "rows.tsv"
    path.write_text("title\ttext\nA\tTalks, in Rome.\nB\tx\ty\n", encoding="utf-8")
    (found,), (problem,) = _read(path)
    assert found.article.text == "Talks, in Rome."
    assert (problem.line, problem.message) == (3, "row has 3 fields; the header has 2")


ARTICLE_HTML = """<html><head><title>Talks in Tokyo | Wire</title>
<meta property="og:title" content="Talks in Tokyo">
<meta property="og:site_name" content="Wire">{meta}
<link rel="canonical" href="https://example.org/tokyo"></head>
<body><nav><a href="/">Home</a> <a href="/world">World</a></nav><article><h1>Talks in Tokyo</h1>
<p>{byline}</p>
<p>TOKYO — Japanese officials confirmed on Monday that a Taliban delegation had visited
Tokyo for talks on governance and human rights, the foreign ministry said in a statement.</p>
<p>The delegation met officials of the foreign ministry and of the Nippon Foundation during a
visit that lasted five days, according to people familiar with the programme.</p>
</article><footer>Copyright Wire 2025. All rights reserved.</footer></body></html>"""


@pytest.mark.parametrize(
    ("meta", "byline", "expected", "origin"),
    [
        ('\n<meta property="article:published_time" content="2025-02-18T09:00:00Z">',
         "By A. Writer", date(2025, 2, 18), "metadata"),
        ("", "By A. Writer | Published 19 February 2025", date(2025, 2, 19), "byline"),
        ("", "By A. Writer", None, None),
    ],
)
def test_html_main_text_and_date_order(tmp_path, meta, byline, expected, origin):
    path = tmp_path / "page.html"
    path.write_text(ARTICLE_HTML.format(meta=meta, byline=byline), encoding="utf-8")
    (found,), problems = _read(path)
    assert problems == []
    article = found.article
    assert "Taliban delegation" in article.text and "Home" not in article.text
    assert "Copyright" not in article.text
    assert (article.title, article.source, article.url) == (
        "Talks in Tokyo", "Wire", "https://example.org/tokyo")
    assert (article.published, found.published_from) == (expected, origin)


RSS = """<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Wire</title>
<item><title>Talks in Rome</title><link>https://example.org/rome</link>
<pubDate>Tue, 18 Feb 2025 09:00:00 GMT</pubDate>
<description>&lt;p&gt;Officials met in &lt;b&gt;Rome&lt;/b&gt; on Monday.&lt;/p&gt;
</description></item>
<item><title>Undated</title><link>https://example.org/x</link><description>No date.</description>
</item></channel></rss>"""

ATOM = """<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">
<title>Atom Wire</title><entry><title>Oslo talks</title><link href="https://example.org/oslo"/>
<updated>2024-03-01T10:00:00Z</updated><content type="html">Talks in Oslo.</content></entry>
</feed>"""


def test_rss_and_atom_entries(tmp_path):
    rss, atom = tmp_path / "wire.rss", tmp_path / "wire.atom"
    rss.write_text(RSS, encoding="utf-8")
    atom.write_text(ATOM, encoding="utf-8")
    found, problems = _read(rss)
    assert problems == []
    assert [(f.article.title, f.article.text, f.article.published, f.article.source)
            for f in found] == [
        ("Talks in Rome", "Officials met in Rome on Monday.", date(2025, 2, 18), "Wire"),
        ("Undated", "No date.", None, "Wire")]
    (entry,), _ = _read(atom)
    assert (entry.article.url, entry.article.published) == (
        "https://example.org/oslo", date(2024, 3, 1))


def test_zip_members_read_by_type(tmp_path):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("a/story.txt", "---\npublished: 2024-01-02\n---\nTalks in Rome.")
        archive.writestr("b.jsonl", '{"text": "Talks in Oslo."}\n')
        archive.writestr("__MACOSX/._story.txt", "junk")
    path = tmp_path / "bundle.zip"
    path.write_bytes(buffer.getvalue())
    found, problems = _read(path)
    assert problems == []
    assert [(f.article.path, f.article.text) for f in found] == [
        (f"{path}/a/story.txt", "Talks in Rome."), (f"{path}/b.jsonl:1", "Talks in Oslo.")]


def test_text_without_front_matter_dated_by_its_byline(tmp_path):
    path = tmp_path / "wire.txt"
    path.write_text("KABUL, March 3, 2024 (Wire) - Talks resumed on Monday.", encoding="utf-8")
    (found,), _ = _read(path)
    assert (found.article.published, found.published_from) == (date(2024, 3, 3), "byline")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("By Jane Doe | Published 18 February 2025\nStory.", date(2025, 2, 18)),
        ("TOKYO, Sept. 18, 2025 (Reuters) - Talks.", date(2025, 9, 18)),
        ("Updated: 2024-03-03 10:00\nStory.", date(2024, 3, 3)),
        ("TOKYO, Feb 18 (Reuters) - no year, so no date.", None),
        ("A long opening sentence of the story itself that mentions talks held on 3 March "
         "2021 in Doha between the parties.", None),
        ("Line one.\nLine two.\nLine three.\nPublished 1 May 2024", None),  # too far down
    ],
)
def test_byline_dates(text, expected):
    assert byline_date(text) == expected


def test_decode_variants():
    assert decode("Grüße".encode("utf-16-le")).text == "Grüße"  # no BOM
    assert decode("Grüße".encode("utf-16-be")).text == "Grüße"
    assert decode("\ufeffGrüße".encode()).text == "Grüße"
    mixed = decode("a ü\n".encode() + "b ü\n".encode("cp1252"))
    assert (mixed.text, mixed.fallback_lines) == ("a ü\nb ü\n", (2,))
    assert decode("only ü".encode("cp1252")).fallback_lines == ()
    # A Windows-1252 file with ASCII lines and a final newline is not mixed: ASCII fits both
    plain = decode("Title\n\nLe président à Genève.\nÇa coûte 5 €.\n".encode("cp1252"))
    assert plain.fallback_lines == () and "président" in plain.text and "€" in plain.text


@pytest.mark.parametrize(
    ("value", "expected"),
    [("2025-02-18", date(2025, 2, 18)), ("2025-02-18T23:30:00Z", date(2025, 2, 18)),
     ("Tue, 18 Feb 2025 09:00:00 GMT", date(2025, 2, 18)), ("February 18, 2025",
                                                            date(2025, 2, 18)),
     ("18 Feb 2025", date(2025, 2, 18)), ("26-FEB-1987 15:01:01.79", date(1987, 2, 26))],
)
def test_publication_date_forms(value, expected):
    assert parse_published(value) == expected


def test_impossible_publication_date_names_the_value():
    with pytest.raises(ValueError, match="'2025-02-30' is not a valid date; expected YYYY-MM-DD"):
        parse_published("2025-02-30")


def test_a_mapping_applies_where_its_column_exists(tmp_path):
    sheet, lines = tmp_path / "s.csv", tmp_path / "l.jsonl"
    sheet.write_text("title,Copy\nA,Talks in Rome.\n", encoding="utf-8")
    lines.write_text('{"body": "Talks in Oslo."}\n', encoding="utf-8")
    texts = [f.article.text for path in (sheet, lines)
             for f in _read(path, column_map={"text": "Copy"})[0]]
    assert texts == ["Talks in Rome.", "Talks in Oslo."]


def test_gzip_compressed_files_and_their_size_cap(tmp_path):
    import gzip

    path = tmp_path / "stories.jsonl.gz"
    path.write_bytes(gzip.compress(b'{"text": "Talks in Bern."}\n' * 3))
    found, problems = _read(path)
    assert problems == [] and [f.article.path for f in found] == [
        f"{path}:1", f"{path}:2", f"{path}:3"]
    _, (problem,) = _read(path, max_bytes=40)
    assert problem.message == ("unpacks to more than 40 bytes, the limit (raise it with "
                               "--max-size)")
