"""Small builders for hand-made records used across tests."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from dashboard.models import Article, Event, event_id_for


def make_event(
    article: Article,
    start: int,
    first: date | None,
    last: date | None,
    *,
    granularity: str | None = "day",
    date_text: str = "",
    actors: tuple[str, ...] = (),
    countries: tuple[str, ...] = (),
    code: str = "04",
    name: str = "Consult",
    sentence: str = "A sentence.",
    date_source: str = "explicit",
) -> Event:
    return Event(
        event_id=event_id_for(article.article_id, start, start + len(sentence), date_text),
        article_id=article.article_id,
        date_start=first,
        date_end=last,
        granularity=granularity,
        date_text=date_text,
        date_source=date_source,
        sentence=sentence,
        start=start,
        end=start + len(sentence),
        actors=actors,
        countries=countries,
        event_code=code,
        event_name=name,
        quad_class=1,
    )


def two_articles() -> list[tuple[Article, list[Event]]]:
    """Two small articles with events of different grains, countries and actors."""
    tokyo = Article(text="Talks in Tokyo. Takeover in 2021.", title="Tokyo talks",
                    published=date(2025, 2, 18), source="Wire A")
    kabul = Article(text="Protest in Kabul.", title="Kabul protest",
                    published=date(2024, 6, 3), source="Wire B")
    return [
        (tokyo, [
            make_event(tokyo, 0, date(2025, 2, 17), date(2025, 2, 17), date_text="Monday",
                       actors=("Yoshimasa Hayashi",), countries=("JPN",),
                       sentence="Talks in Tokyo."),
            make_event(tokyo, 16, date(2021, 1, 1), date(2021, 12, 31), granularity="year",
                       date_text="2021", actors=("Taliban",), countries=("AFG",),
                       code="19", name="Fight", sentence="=Takeover in 2021."),
        ]),
        (kabul, [
            make_event(kabul, 0, date(2024, 6, 1), date(2024, 6, 1), date_text="June 1",
                       actors=("Protesters", "Taliban"), countries=("AFG",), code="14",
                       name="Protest", sentence="Protest in Kabul.", date_source="relative"),
        ]),
    ]


def undated_article() -> list[tuple[Article, list[Event]]]:
    """One article without a publication date: its relative date stays unresolved."""
    article = Article(text="Officials met on Monday in Kabul.", title="Undated report")
    return [(article, [
        make_event(article, 0, None, None, granularity=None, date_text="Monday",
                   actors=("Officials",), countries=("AFG",), sentence=article.text,
                   date_source="unresolved"),
    ])]


def geo_articles() -> list[tuple[Article, list[Event]]]:
    """Two small articles whose events carry coordinates (as imported GDELT rows do)."""
    from dataclasses import replace

    pairs = two_articles()
    coordinates = [(35.68, 139.69), (34.53, 69.17)]
    placed = []
    for (article, events), (lat, lon) in zip(pairs, coordinates, strict=True):
        placed.append((article, [replace(event, lat=lat, lon=lon) for event in events]))
    return placed


def rendered(markdown: str) -> str:
    """What a reader sees of Markdown written by ``dashboard.app.safe.md``: the characters
    without their backslash escapes."""
    return re.sub(r"\\(.)", r"\1", markdown).replace("\u2060", "")


def language_sentences(code: str) -> list[str]:
    """Every sentence we have in a language: its date rules' examples and counter-examples,
    and the sentences of its gold and trap files (tests/data/timex_*_<code>.tsv)."""
    from dashboard.extract.timex_resources import load

    lang = load(code)
    found = [e.sentence for rule in lang.rules for e in rule.examples]
    found += [s for rule in lang.rules + lang.exclusions for s in rule.counters]
    for name in (f"timex_gold_{code}.tsv", f"timex_traps_{code}.tsv"):
        path = Path(__file__).resolve().parent / "data" / name
        if path.is_file():
            for line in path.read_text(encoding="utf-8").splitlines():
                if line and not line.startswith("#"):
                    found += [cell for cell in line.split("\t") if " " in cell]
    return found


def cased_texts(code: str) -> list[tuple[str, str]]:
    """Each sentence of ``language_sentences`` as written and upper-cased, with its
    lower-cased copy, where lower-casing keeps every character in place."""
    from dashboard.extract.timex_case import lowered

    pairs = []
    for sentence in language_sentences(code):
        for text in (sentence, sentence.upper()):
            low = lowered(text)
            if low is not None:
                pairs.append((text, low))
    return pairs
