from datetime import date
from pathlib import Path

from dashboard.models import Article
from dashboard.readers import Problem, iter_articles
from dashboard.readers.textfile import split_front_matter


def _read(*paths: Path) -> tuple[list[Article], list[Problem]]:
    results = list(iter_articles(paths))
    return (
        [r for r in results if isinstance(r, Article)],
        [r for r in results if isinstance(r, Problem)],
    )


def test_seed_front_matter(seed_file):
    articles, problems = _read(seed_file)
    assert problems == []
    (article,) = articles
    assert article.title.startswith("Taliban officials visit Japan")
    assert article.published == date(2025, 2, 18)
    assert article.source == "(unknown outlet)"
    assert article.text.startswith("TOKYO — Japanese authorities")
    assert not article.text.startswith("---")


def test_front_matter_line_numbers():
    meta, body, first = split_front_matter("---\ntitle: A\npublished: 2020-01-02\n---\nBody")
    assert meta["published"] == (3, "2020-01-02")
    assert body == "Body"
    assert first == 5


def test_markdown_without_front_matter_is_kept_undated(tmp_path):
    path = tmp_path / "note.md"
    path.write_text("Officials met in Paris on Monday.", encoding="utf-8")
    (article,), problems = _read(path)
    assert problems == []
    assert article.published is None
    assert article.title == "note"


def test_impossible_date_keeps_article_and_names_line(tmp_path):
    path = tmp_path / "bad-date.txt"
    path.write_text("---\ntitle: T\npublished: 2025-02-30\n---\nText here.", encoding="utf-8")
    articles, problems = _read(path)
    assert len(articles) == 1 and articles[0].published is None
    (problem,) = problems
    assert problem.line == 3 and not problem.skipped
    assert "'2025-02-30'" in problem.message and "YYYY-MM-DD" in problem.message


def test_jsonl_articles_and_bad_lines(tmp_path):
    path = tmp_path / "batch.jsonl"
    path.write_text(
        '{"title": "A", "text": "Talks began in Kabul.", "published": "2024-05-01", '
        '"source": "S", "url": "https://example.org/a"}\n'
        "\n"
        '{"title": "B", "text": ""}\n'
        "{not json\n"
        '{"title": "C", "text": "No date here."}\n',
        encoding="utf-8",
    )
    articles, problems = _read(path)
    assert [a.title for a in articles] == ["A", "C"]
    assert articles[0].published == date(2024, 5, 1)
    assert articles[0].url == "https://example.org/a"
    assert articles[1].published is None
    assert [(p.line, p.skipped) for p in problems] == [(3, True), (4, True)]
    assert "invalid JSON" in problems[1].message


def test_missing_empty_binary_and_unsupported(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blob.txt").write_bytes(b"\x00\x01\x02binary")
    (tmp_path / "sheet.xlsx").write_bytes(b"PK")
    missing = tmp_path / "missing.txt"
    articles, problems = _read(
        tmp_path / "empty.txt", tmp_path / "blob.txt", tmp_path / "sheet.xlsx", missing
    )
    assert articles == []
    messages = {Path(p.path).name: p.message for p in problems}
    assert "empty" in messages["empty.txt"]
    assert "binary" in messages["blob.txt"]
    assert "unsupported file type '.xlsx'" in messages["sheet.xlsx"]
    assert "no such file" in messages["missing.txt"]


def test_encodings(tmp_path):
    (tmp_path / "latin.txt").write_bytes("Réunion à Genève.".encode("cp1252"))
    (tmp_path / "utf16.txt").write_bytes("Talks in Tokyo.".encode("utf-16"))
    articles, problems = _read(tmp_path / "latin.txt", tmp_path / "utf16.txt")
    assert problems == []
    assert [a.text for a in articles] == ["Réunion à Genève.", "Talks in Tokyo."]


def test_article_id_ignores_whitespace_but_not_url():
    a = Article(text="One  two\nthree")
    b = Article(text="One two three")
    c = Article(text="One two three", url="https://example.org")
    assert a.article_id == b.article_id != c.article_id
