"""HTML pages: the main text and metadata by trafilatura, the date by htmldate.

The publication date is taken, in order, from the page's metadata (meta tags, JSON-LD), then
from the dateline or byline of the extracted text, then from a search of the whole page.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

from dashboard.extract.text import normalise
from dashboard.models import Article
from dashboard.readers.byline import byline_date, first_date
from dashboard.readers.common import Found, Problem, ReadOptions, title_from_name

MIN_WORDS = 5  # fewer words is a menu or a link list, not an article


def load_trafilatura() -> Any:
    """trafilatura, imported on first use: it loads slowly and only HTML needs it.

    An ImportError here (lxml without lxml_html_clean) is the installation's fault: it is
    not caught, so the run stops and says what to install (see pipeline.setup_error).
    """
    import trafilatura

    return trafilatura


def read_html(name: str, text: str, options: ReadOptions) -> Iterator[Found | Problem]:
    trafilatura = load_trafilatura()
    document = trafilatura.bare_extraction(
        text,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        date_extraction_params={"extensive_search": False, "original_date": True},
    )
    fields = _fields(document)
    body = normalise(fields.get("text") or "").strip()
    if len(body.split()) < MIN_WORDS:
        yield Problem(name, None, "no article text found in the HTML page; expected a page "
                      "with a main text (an article, not a menu or an index)")
        return
    published, published_from = first_date(
        ("metadata", lambda: _date(fields.get("date"))),
        ("byline", lambda: byline_date(body)),
        ("html", lambda: _page_date(text)),
    )
    yield Found(
        Article(
            text=body,
            title=(fields.get("title") or title_from_name(name)).strip(),
            published=published,
            source=(fields.get("sitename") or "").strip(),
            url=(fields.get("url") or "").strip(),
            # A page's lang attribute often belongs to its template, not its story: the
            # language is identified from the text (language="") like any undeclared one.
            language="",
            path=name,
        ),
        published_from,
    )


def _fields(document: object) -> dict[str, Any]:
    """trafilatura's result as a dict: it returns a Document, a dict or None by version."""
    if document is None:
        return {}
    if isinstance(document, dict):
        return document
    as_dict = getattr(document, "as_dict", None)
    return as_dict() if callable(as_dict) else dict(vars(document))


def _page_date(html: str) -> date | None:
    import htmldate

    found = _date(htmldate.find_date(html, extensive_search=True, original_date=True))
    if found and (found.month, found.day) == (1, 1) and not _names_new_year(html, found.year):
        return None  # htmldate's fallback for a bare year (a copyright line): no day known
    return found


def _names_new_year(html: str, year: int) -> bool:
    forms = (f"{year}-01-01", f"01/01/{year}", f"1 January {year}", f"January 1, {year}",
             f"Jan 1, {year}", f"1 Jan {year}")
    return any(form in html for form in forms)


def _date(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None
