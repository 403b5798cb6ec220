"""Plain text and Markdown articles, with an optional front-matter header.

    ---
    title: ...
    published: 2025-02-18
    source: ...
    url: ...
    ---
    article text

Without a ``published`` field the date is looked for in the dateline or byline.
"""

from __future__ import annotations

from collections.abc import Iterator

from dashboard.extract.text import normalise
from dashboard.models import Article
from dashboard.readers.byline import declared_or_byline_date
from dashboard.readers.common import Found, Problem, ReadOptions, title_from_name

FIELDS = ("title", "published", "source", "url", "language")


UNCLOSED = ("front matter opened by --- on line 1 is never closed; expected a --- line after "
            "the header fields; the whole file was read as the article text")


def split_front_matter(text: str) -> tuple[dict[str, tuple[int, str]], str, int]:
    """Return (field -> (line number, value), body, body's first line number).

    Without a closing line the body is the whole text and the first line number is 0 (see
    ``read_text_article``, which reports it).
    """
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
    # No closing line: treat the whole file as text rather than losing it (and say so).
    return {}, text, 0


def read_text_article(name: str, text: str, options: ReadOptions) -> Iterator[Found | Problem]:
    meta, body, first_line = split_front_matter(normalise(text))
    if first_line == 0:
        yield Problem(name, 1, UNCLOSED, skipped=False)
    body = body.strip("\n")
    if not body.strip():
        yield Problem(name, first_line if meta else None,
                      "no article text after the front matter; expected the story below "
                      "the closing ---" if meta else "no article text")
        return
    line, declared = meta.get("published", (None, ""))
    published, published_from, problem = declared_or_byline_date(declared, body, name, line)
    if problem:
        yield problem
    yield Found(
        Article(
            text=body,
            title=meta.get("title", (0, ""))[1] or title_from_name(name),
            published=published,
            source=meta.get("source", (0, ""))[1],
            url=meta.get("url", (0, ""))[1],
            # Empty when not declared: the pipeline identifies it from the text.
            language=meta.get("language", (0, ""))[1],
            path=name,
        ),
        published_from,
    )
