"""Checks for the analyst's own records (saved views and notes) before they are stored.

Each check raises ``ValueError`` naming the value and what was expected, for the CLI and the
pages to show as they are.
"""

from __future__ import annotations

from datetime import date
from urllib.parse import urlsplit

from dashboard.models import Note, SavedView

PAGES = ("timeline", "map", "actors", "articles", "data")
MAX_NAME = 80
MAX_NOTE = 2000
MAX_AUTHOR = 80


def view(name: str, page: str, filters: dict, choices: dict | None = None) -> SavedView:
    name = " ".join(name.split())
    if not name:
        raise ValueError("a saved view needs a name")
    if len(name) > MAX_NAME:
        raise ValueError(f"the view name {name[:30]!r}... is {len(name)} characters; "
                         f"expected at most {MAX_NAME}")
    if page not in PAGES:
        raise ValueError(f"unknown page {page!r}; expected one of {', '.join(PAGES)}")
    return SavedView(name, page, dict(filters), dict(choices or {}))


def note(date_start: date, date_end: date | None, text: str, author: str = "",
         link: str = "") -> Note:
    date_end = date_end or date_start
    text, author, link = text.strip(), " ".join(author.split()), link.strip()
    if date_end < date_start:
        raise ValueError(f"the note ends ({date_end}) before it starts ({date_start})")
    if not text:
        raise ValueError("a note needs some text")
    if len(text) > MAX_NOTE:
        raise ValueError(f"the note is {len(text):,} characters; expected at most {MAX_NOTE:,}")
    if len(author) > MAX_AUTHOR:
        raise ValueError(f"the author {author[:30]!r}... is too long; expected at most "
                         f"{MAX_AUTHOR} characters")
    if link and not _is_web_address(link):
        raise ValueError(f"the link {link!r} is not a web address; expected http://... or "
                         "https://...")
    return Note(date_start, date_end, text, author, link)


def _is_web_address(link: str) -> bool:
    try:
        parts = urlsplit(link)
    except ValueError:
        return False
    return parts.scheme.lower() in ("http", "https") and bool(parts.hostname) and \
        not any(ch.isspace() for ch in link)
