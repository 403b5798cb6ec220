"""The filter options shared by `eventline export` and `eventline views add`.

They build the same ``Filters`` the dashboard's sidebar builds, so the CLI gives the rows a
view shows.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

import click

from dashboard.query import Filters

ISO_DATE = click.DateTime(formats=["%Y-%m-%d"])
DATE_SOURCES = ["explicit", "relative", "publication", "unresolved"]

_OPTIONS = (
    click.option("--from", "date_from", type=ISO_DATE, help="First day (YYYY-MM-DD)."),
    click.option("--to", "date_to", type=ISO_DATE, help="Last day (YYYY-MM-DD)."),
    click.option("--country", "countries", multiple=True, help="ISO-3 code; repeat for more."),
    click.option("--all-countries", is_flag=True,
                 help="Events naming every --country, not any of them."),
    click.option("--actor", "actors", multiple=True, help="Actor name; repeat for more."),
    click.option("--all-actors", is_flag=True, help="Events naming every --actor."),
    click.option("--type", "types", multiple=True, help="CAMEO root code 01-20; repeat."),
    click.option("--source", "sources", multiple=True, help="Article source; repeat for more."),
    click.option("--date-source", "date_sources", multiple=True,
                 type=click.Choice(DATE_SOURCES), help="Where the date came from; repeat."),
    click.option("--search", "text", default="", help="Words that must be in the evidence."),
    click.option("--language", "languages", multiple=True,
                 help="The article's language (ISO 639-1, e.g. es); repeat for more."),
    click.option("--dyad", "dyads", multiple=True, metavar="SOURCE>TARGET",
                 help='Who acted on whom, e.g. "Japan>Taliban"; either side may be empty '
                      '(">Taliban": anyone acting on the Taliban). Repeated, any source '
                      "acting on any target."),
    click.option("--country-dyad", "country_dyads", multiple=True, metavar="SOURCE>TARGET",
                 help='The same by the actors\' countries (ISO-3), e.g. "UKR>RUS".'),
    click.option("--either-direction", is_flag=True,
                 help="--dyad and --country-dyad also match the reverse."),
    click.option("--quad", "quads", multiple=True, type=click.IntRange(1, 4),
                 help="Quad class: 1 verbal cooperation, 2 material cooperation, 3 verbal "
                      "conflict, 4 material conflict; repeat for more."),
    click.option("--sub-type", "sub_types", multiple=True,
                 help='A dataset\'s own type, e.g. "Battles: Armed clash" (ACLED) or a '
                      "GDELT EventCode; repeat for more."),
    click.option("--admin1", "admin1", multiple=True,
                 help="First-level region (ACLED admin1, GDELT's region); repeat for more."),
    click.option("--min-fatalities", type=click.IntRange(min=0),
                 help="ACLED fatalities, at least."),
    click.option("--max-fatalities", type=click.IntRange(min=0),
                 help="ACLED fatalities, at most."),
    click.option("--min-goldstein", type=click.FloatRange(-10, 10),
                 help="GDELT Goldstein scale, at least (-10 to 10)."),
    click.option("--max-goldstein", type=click.FloatRange(-10, 10),
                 help="GDELT Goldstein scale, at most."),
)


def filter_options(command: Callable) -> Callable:
    """Add every filter option to a click command."""
    for option in reversed(_OPTIONS):
        command = option(command)
    return command


def _day(value: datetime | None):
    return value.date() if value is not None else None


def _codes(types: tuple[str, ...]) -> tuple[str, ...]:
    codes = []
    for code in types:
        if not (code.isdigit() and 1 <= int(code) <= 20):
            raise click.BadParameter(f"{code!r} is not a CAMEO root code; expected 01 to 20",
                                     param_hint="--type")
        codes.append(f"{int(code):02d}")
    return tuple(codes)


def _countries(countries: tuple[str, ...]) -> tuple[str, ...]:
    bad = [c for c in countries if not (len(c) == 3 and c.isalpha())]
    if bad:
        raise click.BadParameter(
            f"{bad[0]!r} is not an ISO-3 country code; expected three letters such as JPN",
            param_hint="--country")
    return tuple(c.upper() for c in countries)


def _dyads(dyads: tuple[str, ...], hint: str = "--dyad"
           ) -> tuple[tuple[str, ...], tuple[str, ...]]:
    sources: list[str] = []
    targets: list[str] = []
    for dyad in dyads:
        if dyad.count(">") != 1:
            raise click.BadParameter(f"{dyad!r} is not SOURCE>TARGET; expected e.g. "
                                     '"Japan>Taliban" or ">Taliban"', param_hint=hint)
        source, target = (part.strip() for part in dyad.split(">"))
        if not (source or target):
            raise click.BadParameter(f"{dyad!r} names neither side", param_hint=hint)
        sources += [source] if source else []
        targets += [target] if target else []
    return tuple(dict.fromkeys(sources)), tuple(dict.fromkeys(targets))


def _range(low, high, name: str):
    if low is not None and high is not None and low > high:
        raise click.BadParameter(f"--min-{name} {low} is above --max-{name} {high}",
                                 param_hint=f"--min-{name}")
    return low, high


def filters_from_options(options: dict) -> Filters:
    """The ``Filters`` that the options of ``filter_options`` ask for."""
    sources, targets = _dyads(options["dyads"])
    from_countries, to_countries = _dyads(options["country_dyads"], "--country-dyad")
    fatal_min, fatal_max = _range(options["min_fatalities"], options["max_fatalities"],
                                  "fatalities")
    gold_min, gold_max = _range(options["min_goldstein"], options["max_goldstein"], "goldstein")
    first, last = _day(options["date_from"]), _day(options["date_to"])
    if first and last and first > last:
        raise click.BadParameter(f"--from {first} is after --to {last}", param_hint="--from")
    return Filters(
        date_from=first, date_to=last,
        countries=_countries(options["countries"]),
        all_countries=options["all_countries"], actors=tuple(options["actors"]),
        all_actors=options["all_actors"], event_codes=_codes(options["types"]),
        sources=tuple(options["sources"]), date_sources=tuple(options["date_sources"]),
        text=options["text"], languages=tuple(c.lower() for c in options["languages"]),
        source_actors=sources,
        source_countries=_countries(from_countries), target_countries=_countries(to_countries),
        admin1=tuple(options["admin1"]), target_actors=targets,
        either_direction=options["either_direction"], quad_classes=tuple(options["quads"]),
        sub_types=tuple(options["sub_types"]), fatalities_min=fatal_min,
        fatalities_max=fatal_max, goldstein_min=gold_min, goldstein_max=gold_max,
    )


def _language(ctx: click.Context, param: click.Parameter, value: str | None) -> str:
    """``--language``: an ISO 639-1 code (or a language's name), checked and normalised."""
    from dashboard.extract.language import normalise_code

    if not value:
        return ""
    try:
        return normalise_code(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from exc


# Shared by the commands that read article files (ingest, extract, happenings).
language_option = click.option(
    "--language", "language", callback=_language, metavar="CODE",
    help="Language of every article (ISO 639-1: en, es, fr, de, pt, it ...), instead of a "
         "declared or identified one.",
)
