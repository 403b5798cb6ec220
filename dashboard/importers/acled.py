"""ACLED CSV exports (one event per row, with a header), mapped onto CAMEO root codes.

ACLED's types are not CAMEO's, so each (event type, sub-event type) gets the CAMEO root that
describes the act itself; ``origin_type`` keeps ACLED's own "type: sub type" for filtering.

| ACLED event type / sub type | CAMEO root |
|---|---|
| Battles (all sub types) | 19 Fight |
| Explosions/Remote violence: Air/drone strike; Shelling/artillery/missile attack | 19 Fight |
| Explosions/Remote violence: Suicide bomb; Remote explosive/landmine/IED; Grenade | 18 Assault |
| Explosions/Remote violence: Chemical weapon | 20 Unconventional mass violence |
| Protests: Peaceful protest; Protest with intervention | 14 Protest |
| Protests: Excessive force against protesters | 17 Coerce (violent repression, 175) |
| Riots: Violent demonstration | 14 Protest (145, protest violently) |
| Riots: Mob violence | 18 Assault |
| Violence against civilians (all sub types) | 18 Assault |
| Strategic developments: Agreement | 05 Diplomatic cooperation (057) |
| Strategic developments: Arrests; Looting/property destruction; Disrupted weapons use | 17 Coerce |
| Strategic developments: Headquarters or base established | 15 Exhibit force posture |
| Strategic developments: Non-violent transfer of territory | 08 Yield |
| Strategic developments: Change to group/activity; Other | none (no CAMEO equivalent) |
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

from dashboard.extract.types import CAMEO_ROOTS, QUAD_CLASS
from dashboard.importers.common import (
    Imported,
    ImportReport,
    import_files,
    iso3_codes,
    name_to_iso3,
    numeric_to_iso3,
    open_lines,
    source_article,
    to_float,
    to_int,
)
from dashboard.models import Event
from dashboard.readers.common import Problem, parse_published
from dashboard.store import Store

BY_TYPE = {
    "Battles": "19",
    "Explosions/Remote violence": "19",
    "Protests": "14",
    "Riots": "14",
    "Violence against civilians": "18",
    "Strategic developments": "",
}
BY_SUB_TYPE = {
    "Suicide bomb": "18",
    "Remote explosive/landmine/IED": "18",
    "Grenade": "18",
    "Chemical weapon": "20",
    "Excessive force against protesters": "17",
    "Mob violence": "18",
    "Agreement": "05",
    "Arrests": "17",
    "Looting/property destruction": "17",
    "Disrupted weapons use": "17",
    "Headquarters or base established": "15",
    "Non-violent transfer of territory": "08",
}
REQUIRED = ("event_id_cnty", "event_date", "event_type")
CONFIDENCE = 1.0  # coded by ACLED's researchers from the cited reports


def cameo_root(event_type: str, sub_type: str) -> str:
    """The CAMEO root code for an ACLED type and sub type ("" when none fits)."""
    return BY_SUB_TYPE.get(sub_type, BY_TYPE.get(event_type, ""))


def import_acled(paths, store: Store) -> ImportReport:
    return import_files(paths, store, "acled", read_acled)


def read_acled(path: Path) -> Iterator[Imported | Problem]:
    rows = csv.reader(open_lines(path))
    header: list[str] = next(rows, [])
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        yield Problem(str(path), 1, f"no column {', '.join(missing)} in the header; expected an "
                      "ACLED CSV export (event_id_cnty, event_date, event_type, ...)")
        return
    start = rows.line_num + 1
    for cells in rows:
        if len(cells) != len(header):
            yield Problem(str(path), start, f"row has {len(cells)} fields; the header has "
                          f"{len(header)}")
        elif any(cells):
            yield _row(path, start, dict(zip(header, cells, strict=True)))
        start = rows.line_num + 1


def _row(path: Path, line: int, row: dict[str, str]) -> Imported | Problem:
    try:
        day = parse_published(row["event_date"])
    except ValueError:
        return Problem(str(path), line, f"event_date {row['event_date']!r} is not a date; "
                       "expected YYYY-MM-DD or 23 February 2022")
    first, last, grain = _interval(day, row.get("time_precision", "1"))
    code = cameo_root(row["event_type"], row.get("sub_event_type", ""))
    outlet = row.get("source", "").strip() or "ACLED"
    article = source_article("acled", outlet, title=outlet, source=outlet, path=path.name)
    actor1, actor2 = row.get("actor1", "").strip(), row.get("actor2", "").strip()
    countries = _country(row)
    event = Event(
        event_id=f"acled:{row['event_id_cnty']}",
        article_id=article.article_id,
        date_start=first,
        date_end=last,
        granularity=grain,
        date_text=row["event_date"],
        date_source="explicit",
        sentence=row.get("notes", "").strip() or f"{row['event_type']}: {actor1}",
        start=0,
        end=0,
        actors=_actors(row),
        countries=countries,
        places=tuple(p for p in (row.get("location", "").strip(),) if p),
        event_code=code,
        event_name=CAMEO_ROOTS.get(code, ""),
        quad_class=QUAD_CLASS.get(code),
        confidence=CONFIDENCE,
        source_actor=actor1,
        target_actor=actor2,
        lat=to_float(row.get("latitude", "")),
        lon=to_float(row.get("longitude", "")),
        primary_country=countries[0] if countries else "",
        origin="acled",
        origin_id=row["event_id_cnty"],
        origin_type=f"{row['event_type']}: {row.get('sub_event_type', '')}",
        fatalities=to_int(row.get("fatalities", "")),
        admin1=row.get("admin1", "").strip() or None,
        source_country=actor_country(actor1),
        target_country=actor_country(actor2),
    )
    return Imported(event, article)


# ACLED names state forces "Military Forces of Ukraine (2019-)" and other actors "Civilians
# (Ukraine)" (ACLED codebook, actor names): the country is in the name.
_OF_COUNTRY = re.compile(r"\b(?:Forces|Government|Police|Military|Navy|Army) of "
                         r"(?P<name>[A-Z][^()]*?)\s*(?:\(|$)")
_IN_BRACKETS = re.compile(r"\((?P<name>[A-Z][^()0-9]*)\)\s*$")


def actor_country(name: str) -> str:
    """ISO-3 of the country an ACLED actor name carries, or ""."""
    for pattern in (_OF_COUNTRY, _IN_BRACKETS):
        found = pattern.search(name)
        if found:
            iso3 = name_to_iso3().get(found["name"].strip().lower(), "")
            if iso3:
                return iso3
    return ""


def _interval(day: date, precision: str) -> tuple[date, date, str]:
    """time_precision 1 is the day itself; 2 and 3 place the event within that week."""
    if precision.strip() in ("", "1"):
        return day, day, "day"
    return day - timedelta(days=3), day + timedelta(days=3), "week"


def _actors(row: dict[str, str]) -> tuple[str, ...]:
    names = [row.get("actor1", ""), row.get("actor2", "")]
    for column in ("assoc_actor_1", "assoc_actor_2"):
        names.extend(row.get(column, "").split(";"))
    return tuple(sorted({n.strip() for n in names if n.strip()}))


def _country(row: dict[str, str]) -> tuple[str, ...]:
    iso3 = row.get("iso3", "").strip().upper()
    if iso3 not in iso3_codes():
        iso3 = numeric_to_iso3().get(row.get("iso", "").strip().lstrip("0") or "-", "")
    iso3 = iso3 or name_to_iso3().get(row.get("country", "").strip().lower(), "")
    return (iso3,) if iso3 else ()

