"""Plain text and Markdown articles, with an optional front-matter header.

    ---
    title: ...
    published: 2025-02-18
    source: ...
    url: ...
    ---
    article text
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from dashboard.extract.text import normalise
from dashboard.models import Article
from dashboard.readers.common import Problem, parse_published

FIELDS = ("title", "published", "source", "url", "language")


def split_front_matter(text: str) -> tuple[dict[str, tuple[int, str]], str, int]:
    """Return (field -> (line number, value), body, body's first line number)."""
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        return {}, text, 1
    meta: dict[str, tuple[int, str]] = {}
    for number, line in enumerate(lines[1:], start=2):
        if line.strip() == "---":
            return meta, "\n".join(lines[number:]), number + 1
        key, sep, value = line.partition(":")
        if sep:
            meta[key.strip().lower()] = (number, value.strip().strip("\"'"))
    # No closing line: treat the whole file as text rather than losing it.
    return {}, text, 1


def read_text_article(path: Path, text: str) -> Iterator[Article | Problem]:
    meta, body, _ = split_front_matter(normalise(text))
    body = body.strip("\n")
    if not body.strip():
        yield Problem(str(path), None, "no article text after the front matter")
        return
    published = None
    if "published" in meta:
        line, value = meta["published"]
        try:
            published = parse_published(value) if value else None
        except ValueError as exc:
            yield Problem(str(path), line, f"{exc}; article kept without a date", skipped=False)
    yield Article(
        text=body,
        title=meta.get("title", (0, ""))[1] or path.stem.replace("-", " ").replace("_", " "),
        published=published,
        source=meta.get("source", (0, ""))[1],
        url=meta.get("url", (0, ""))[1],
        language=meta.get("language", (0, "en"))[1] or "en",
        path=str(path),
    )
