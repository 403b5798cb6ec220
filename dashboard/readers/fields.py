"""Records with named fields (JSON objects, CSV rows) -> articles.

Field names are recognised under their common spellings (``body`` for the text, ``date`` for
the publication date ...); ``--map text=COLUMN`` picks a column explicitly.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping

from dashboard.extract.text import normalise
from dashboard.models import Article
from dashboard.readers.byline import declared_or_byline_date
from dashboard.readers.common import Found, Problem

ALIASES: dict[str, tuple[str, ...]] = {
    "text": ("text", "body", "content", "article", "story", "full_text", "fulltext",
             "article_text", "maintext"),
    "title": ("title", "headline", "heading"),
    "published": ("published", "date", "pubdate", "pub_date", "publication_date",
                  "published_at", "publish_date", "date_published", "datetime", "time"),
    "source": ("source", "publisher", "outlet", "media", "site", "sitename"),
    "url": ("url", "link", "href", "source_url", "permalink"),
    "language": ("language", "lang"),
}
FIELDS = tuple(ALIASES)


def resolve_fields(names: Iterable[str], column_map: Mapping[str, str]) -> dict[str, str]:
    """Article field -> the record's own name for it, for the fields present."""
    by_lower = {name.strip().lower(): name for name in names}
    resolved: dict[str, str] = {}
    for field_name, aliases in ALIASES.items():
        # A mapped name comes first; files of a mixed batch that lack it keep their own.
        wanted = column_map.get(field_name)
        candidates = (wanted, *aliases) if wanted else aliases
        for alias in candidates:
            if alias.lower() in by_lower:
                resolved[field_name] = by_lower[alias.lower()]
                break
    return resolved


def record_article(
    record: Mapping[str, object],
    fields: Mapping[str, str],
    path: str,
    line: int | None,
    where: str,
) -> Iterator[Found | Problem]:
    """One article from a record whose field names were resolved, or a Problem."""
    text_name = fields.get("text", "text")
    body = record.get(text_name)
    if not isinstance(body, str) or not body.strip():
        yield Problem(path, line, _no_text(text_name, text_name in record, body))
        return
    text = normalise(body).strip("\n")
    declared = record.get(fields.get("published", "published"))
    published, published_from, problem = declared_or_byline_date(declared, text, path, line)
    if problem:
        yield problem
    yield Found(
        Article(
            text=text,
            title=_text(record, fields, "title"),
            published=published,
            source=_text(record, fields, "source"),
            url=_text(record, fields, "url"),
            language=_text(record, fields, "language"),  # "": identified from the text
            path=where,
        ),
        published_from,
    )


def _no_text(name: str, present: bool, value: object) -> str:
    """Why a record has no usable text: the field is absent, empty or not a string."""
    if not present:
        return (f'no "{name}" field; expected the article text (name its column with '
                "--map text=COLUMN)")
    if value is None or isinstance(value, str):
        return f'the text ("{name}") is empty; expected the article text'
    return f'the text ("{name}") is a {type(value).__name__}, not text; expected a string'


def _text(record: Mapping[str, object], fields: Mapping[str, str], name: str) -> str:
    value = record.get(fields.get(name, name))
    return "" if value is None else str(value).strip()
