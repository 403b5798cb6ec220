"""RSS and Atom feed files (parsed by feedparser): one article per entry.

The file is parsed as given; nothing is fetched. An entry's text is its full content when the
feed carries it, else its summary, with the HTML markup removed.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from dashboard.extract.text import normalise
from dashboard.models import Article
from dashboard.readers.byline import byline_date, first_date
from dashboard.readers.common import Found, Problem, ReadOptions


def read_feed(name: str, text: str, options: ReadOptions) -> Iterator[Found | Problem]:
    import feedparser  # imported here: only feeds need it

    parsed = feedparser.parse(text.encode("utf-8"), response_headers={
        "content-type": "application/xml; charset=utf-8"})
    if not parsed.entries:
        yield Problem(name, _error_line(parsed), _no_entries(parsed))
        return
    if _is_xml_error(parsed):
        yield Problem(name, _error_line(parsed), f"malformed feed ({parsed.bozo_exception}); "
                      "the entries before the error are read", skipped=False)
    source = parsed.feed.get("title", "")
    for index, entry in enumerate(parsed.entries, start=1):
        yield from _entry(name, index, entry, source)


def _entry(name: str, index: int, entry, source: str) -> Iterator[Found | Problem]:
    html = entry.get("content", [{}])[0].get("value") or entry.get("summary", "")
    body = normalise(_strip_html(html)).strip()
    if not body:
        yield Problem(name, None, f"entry {index} has no text; expected a summary or content")
        return
    published, published_from = first_date(
        ("metadata", lambda: _entry_date(entry)), ("byline", lambda: byline_date(body))
    )
    yield Found(
        Article(
            text=body,
            title=entry.get("title", "").strip(),
            published=published,
            source=source,
            url=entry.get("link", "").strip(),
            language="",  # identified from the text by the pipeline
            path=f"{name}#{index}",
        ),
        published_from,
    )


def _entry_date(entry) -> date | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        value = entry.get(key)
        if value:
            return date(value.tm_year, value.tm_mon, value.tm_mday)
    return None


def _strip_html(html: str) -> str:
    if "<" not in html:
        return html
    import lxml.etree
    import lxml.html

    try:
        return lxml.html.fromstring(html).text_content()
    except (lxml.etree.LxmlError, ValueError):  # markup lxml cannot parse: keep the raw text
        return html


def _is_xml_error(parsed) -> bool:
    from xml.sax import SAXException

    return bool(parsed.get("bozo")) and isinstance(parsed.get("bozo_exception"), SAXException)


def _error_line(parsed) -> int | None:
    exc = parsed.get("bozo_exception")
    getter = getattr(exc, "getLineNumber", None)
    return getter() if getter else None


def _no_entries(parsed) -> str:
    exc = parsed.get("bozo_exception")
    if exc is not None and parsed.get("bozo"):
        return f"not a readable feed ({exc}); expected an RSS or Atom feed"
    return "the feed has no entries; expected an RSS or Atom feed with <item> or <entry>"
