"""User text on pages: always shown as text, never as Markdown, HTML or a link.

Titles, sources, actors, sentences and notes come from the user's files and from imported
datasets. Streamlit renders captions and markdown as Markdown, so ``![x](http://host/p.png)``
in a title would make every viewer's browser fetch that URL, and a bare ``http://host``
becomes a link. ``md`` escapes every character Markdown (and Streamlit's ``:colour[...]``,
``:emoji:`` and ``$maths$`` extensions) gives a meaning to; ``http_url`` lets only web
addresses become links.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from dashboard.readers.problems import printable

# Every ASCII punctuation character may be backslash-escaped in CommonMark: images, links,
# emphasis, HTML and Streamlit's directives then stay text.
_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")
_LINE_BREAKS = re.compile(r"[\r\n\u2028\u2029]+")
# GFM turns "http://host", "www.host" and "name@host" into links after escapes are read
# (measured in Chromium: "http\:\/\/host" still became a link), so an invisible WORD JOINER
# goes where each of those patterns needs two characters side by side.
_JOINER = "\u2060"
_AUTOLINKS = re.compile(r"(?i)(?<=:)(?=//)|(?<=www)(?=\.)|(?<=@)(?=\w)")


def md(value: object, max_length: int | None = None) -> str:
    """``value`` as Markdown that displays its characters (on one line), and never an image,
    a link or markup. (Web addresses gain an invisible word joiner.)"""
    text = printable(_LINE_BREAKS.sub(" ", "" if value is None else str(value)))
    text = _AUTOLINKS.sub(_JOINER, text)
    if max_length is not None and len(text) > max_length:
        text = text[: max_length - 1] + "…"
    return _PUNCTUATION.sub(r"\\\1", text)


def http_url(value: object) -> str | None:
    """The URL when it is an http(s) address with a host, else None (``javascript:``,
    ``data:``, ``=HYPERLINK(...)`` and relative paths never become links)."""
    if not isinstance(value, str):
        return None
    url = value.strip()
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    if any(ch.isspace() or ord(ch) < 32 for ch in url):
        return None
    return url


def md_link(label: object, url: object) -> str:
    """A Markdown link with an escaped label when ``url`` is a web address, else the label."""
    target = http_url(url)
    if target is None:
        return md(label)
    # Parentheses and spaces would end the link target early; percent-encode them.
    target = target.replace("(", "%28").replace(")", "%29").replace(" ", "%20")
    return f"[{md(label)}]({target})"
