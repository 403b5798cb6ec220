"""Publication dates stated in an article's opening: the dateline or the byline.

Only a complete date (day, month and year) counts: "TOKYO, Feb 18 -" has no year, and
supplying one would invent a fact. Only the first lines are searched, so a date in the story
("talks began on 3 March 2021") is never taken for the publication date.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime

from dashboard.readers.common import Problem, parse_published

_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_DATE = re.compile(
    rf"\b(?:(?P<dmy>\d{{1,2}} {_MONTH},? \d{{4}})|(?P<mdy>{_MONTH} \d{{1,2}},? \d{{4}})"
    r"|(?P<iso>\d{4}-\d{2}-\d{2}))\b",
    re.IGNORECASE,
)
# Words that mark a line as a byline or dateline rather than story text.
_MARKERS = re.compile(
    r"\b(?:published|updated|posted|by|dated?|filed|reuters|ap|afp)\b|[—–]| - |\(",
    re.IGNORECASE,
)
_OPENING_LINES = 3
_OPENING_CHARS = 300


def byline_date(text: str) -> date | None:
    """The publication date in the article's byline or dateline, if it gives a full one."""
    lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
    for line in lines[:_OPENING_LINES]:
        head = line[:_OPENING_CHARS]
        match = _DATE.search(head)
        if not match:
            continue
        # A date that opens a short line, or sits in a line marked as byline/dateline.
        if match.start() > 0 and len(line) > 80 and not _MARKERS.search(head[: match.start()]):
            continue
        found = _parse(match.group(0))
        if found:
            return found
    return None


def _parse(text: str) -> date | None:
    words = re.sub(r"[.,]", " ", text).replace("Sept", "Sep").split()
    for fmt in ("%d %B %Y", "%d %b %Y", "%B %d %Y", "%b %d %Y", "%Y-%m-%d"):
        try:
            return datetime.strptime(" ".join(words), fmt).date()
        except ValueError:
            continue
    return None


def declared_or_byline_date(
    declared: object, body: str, where: str, line: int | None
) -> tuple[date | None, str | None, Problem | None]:
    """The declared publication date, else one from the dateline or byline.

    Returns (date, where it came from, a warning for a declared date that is not a date);
    the article is kept either way.
    """
    problem = None
    if declared not in (None, ""):
        try:
            return parse_published(declared), "metadata", None
        except ValueError as exc:
            problem = Problem(where, line, f"{exc}; article kept without a date", skipped=False)
    found, source = first_date(("byline", lambda: byline_date(body)))
    return found, source, problem


DateFinder = tuple[str, Callable[[], date | None]]


def first_date(*finders: DateFinder) -> tuple[date | None, str | None]:
    """The first date found, with its label, trying (label, finder) pairs in order.

    Finders are called lazily: a costly one (a whole-page HTML search) runs only when the
    cheaper ones before it found nothing.
    """
    for label, find in finders:
        found = find()
        if found is not None:
            return found, label
    return None, None
