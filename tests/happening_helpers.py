"""Builders for hand-made mentions used by the happenings tests."""

from __future__ import annotations

from datetime import date

from dashboard.happenings.model import Mention


def mention(
    event_id: str,
    sentence: str,
    day: date | None,
    *,
    article: str = "a1",
    published: date | None = date(2025, 2, 18),
    source: str = "Wire A",
    title: str = "Talks in Tokyo",
    last: date | None = None,
    grain: str | None = "day",
    how: str = "relative",
    date_text: str = "on Monday",
    actors: tuple[str, ...] = (),
    countries: tuple[str, ...] = ("JPN",),
    places: tuple[str, ...] = (),
    code: str = "04",
    start: int = 0,
) -> Mention:
    """A mention; ``how="publication"`` dates it by ``published`` (no date in the text)."""
    if how == "publication":
        day, last, grain, date_text = published, published, "day", ""
    return Mention(
        event_id=event_id, article_id=article, published=published, source=source,
        title=title, url=f"https://example.org/{article}", date_start=day,
        date_end=last or day, granularity=grain if day else None, date_source=how,
        date_text=date_text, sentence=sentence, start=start, actors=actors,
        countries=countries, places=places, event_code=code, event_name="Consult",
    )
