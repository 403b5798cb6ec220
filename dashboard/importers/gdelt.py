"""GDELT 1.0 and 2.0 event exports: headerless, tab-separated, one event per line.

The version is told by the number of columns: 57 (1.0 back-file, no SOURCEURL), 58 (1.0 daily)
or 61 (2.0, which adds three ADM2 columns). Column names follow GDELT's codebooks.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from functools import cache
from pathlib import Path
from urllib.parse import urlsplit

from dashboard.extract.types import CAMEO_ROOTS
from dashboard.importers.common import (
    Imported,
    ImportReport,
    fips_to_iso3,
    import_files,
    iso3_codes,
    open_lines,
    resource_lines,
    source_article,
    to_float,
    to_int,
)
from dashboard.models import Event
from dashboard.readers.common import Problem
from dashboard.store import Store

_V1_NAMES = """GLOBALEVENTID SQLDATE MonthYear Year FractionDate Actor1Code Actor1Name
Actor1CountryCode
Actor1KnownGroupCode Actor1EthnicCode Actor1Religion1Code Actor1Religion2Code Actor1Type1Code
Actor1Type2Code Actor1Type3Code Actor2Code Actor2Name Actor2CountryCode Actor2KnownGroupCode
Actor2EthnicCode Actor2Religion1Code Actor2Religion2Code Actor2Type1Code Actor2Type2Code
Actor2Type3Code IsRootEvent EventCode EventBaseCode EventRootCode QuadClass GoldsteinScale
NumMentions NumSources NumArticles AvgTone Actor1Geo_Type Actor1Geo_FullName
Actor1Geo_CountryCode Actor1Geo_ADM1Code Actor1Geo_Lat Actor1Geo_Long Actor1Geo_FeatureID
Actor2Geo_Type Actor2Geo_FullName Actor2Geo_CountryCode Actor2Geo_ADM1Code Actor2Geo_Lat
Actor2Geo_Long Actor2Geo_FeatureID ActionGeo_Type ActionGeo_FullName ActionGeo_CountryCode
ActionGeo_ADM1Code ActionGeo_Lat ActionGeo_Long ActionGeo_FeatureID DATEADDED SOURCEURL"""
_V1 = _V1_NAMES.split()
# 2.0 adds an ADM2 code after each ADM1 code.
_V2 = [name for v1 in _V1 for name in ([v1, v1.replace("ADM1", "ADM2")] if "ADM1" in v1 else [v1])]
COLUMNS = {57: _V1[:-1], 58: _V1, 61: _V2}
CONFIDENCE = 0.5  # machine-coded: GDELT's own documentation warns of duplicates and misgeocoding


@cache
def _index(width: int) -> dict[str, int]:
    return {name: i for i, name in enumerate(COLUMNS[width])}


@cache
def event_descriptions() -> dict[str, str]:
    rows = (line.split("\t", 1) for line in resource_lines("cameo_eventcodes.tsv")[1:])
    return {code: text for code, text in rows}


def import_gdelt(paths, store: Store) -> ImportReport:
    return import_files(paths, store, "gdelt", read_gdelt)


def read_gdelt(path: Path) -> Iterator[Imported | Problem]:
    for number, line in enumerate(open_lines(path), start=1):
        line = line.rstrip("\r\n")
        if not line.strip() or line.startswith("GLOBALEVENTID\t"):
            continue
        cells = line.split("\t")
        if len(cells) not in COLUMNS:
            yield Problem(str(path), number, f"row has {len(cells)} columns; expected 57 or 58 "
                          "(GDELT 1.0) or 61 (GDELT 2.0), tab-separated")
            continue
        yield _row(path, number, dict(zip(COLUMNS[len(cells)], cells, strict=True)))


def _row(path: Path, number: int, row: dict[str, str]) -> Imported | Problem:
    day = _yyyymmdd(row["SQLDATE"])
    if day is None:
        return Problem(str(path), number, f"SQLDATE {row['SQLDATE']!r} is not a date; "
                       "expected YYYYMMDD")
    code = row["EventCode"].strip()
    root = (row["EventRootCode"].strip() or code[:2]).zfill(2)[:2]
    article = _source(path, row)
    event = Event(
        event_id=f"gdelt:{row['GLOBALEVENTID']}",
        article_id=article.article_id,
        date_start=day,
        date_end=day,
        granularity="day",
        date_text=row["SQLDATE"],
        date_source="explicit",
        sentence=_sentence(row, code),
        start=0,
        end=0,
        actors=tuple(sorted({n for n in (row["Actor1Name"], row["Actor2Name"]) if n})),
        countries=_countries(row),
        places=(row["ActionGeo_FullName"],) if row["ActionGeo_FullName"] else (),
        event_code=root if root in CAMEO_ROOTS else "",
        event_name=CAMEO_ROOTS.get(root, ""),
        quad_class=to_int(row["QuadClass"]),
        confidence=CONFIDENCE,
        source_actor=row["Actor1Name"],
        target_actor=row["Actor2Name"],
        lat=to_float(row["ActionGeo_Lat"]),
        lon=to_float(row["ActionGeo_Long"]),
        primary_country=fips_to_iso3().get(row["ActionGeo_CountryCode"], ""),
        source_country=_iso3(row["Actor1CountryCode"]),
        target_country=_iso3(row["Actor2CountryCode"]),
        origin="gdelt",
        origin_id=row["GLOBALEVENTID"],
        origin_type=code,
        goldstein=to_float(row["GoldsteinScale"]),
        admin1=_region(row["ActionGeo_FullName"]),
        num_articles=to_int(row.get("NumArticles", "")),
        num_sources=to_int(row.get("NumSources", "")),
    )
    return Imported(event, article)


def _region(full_name: str) -> str | None:
    """"Sucre, Chuquisaca, Bolivia" -> "Chuquisaca": GDELT writes place, region, country."""
    parts = [p.strip() for p in full_name.split(",") if p.strip()]
    return parts[-2] if len(parts) >= 2 else None


def _source(path: Path, row: dict[str, str]):
    url = row.get("SOURCEURL", "").strip()
    if url and "://" not in url:  # 1.0 back-file rows name a source ("BBC Monitoring")
        return source_article("gdelt", f"source:{url}", title=url, source=url, path=path.name)
    if url:
        return source_article("gdelt", url, title=url, url=url, path=path.name,
                              source=urlsplit(url).netloc.removeprefix("www."),
                              published=_dateadded(row["DATEADDED"]))
    return source_article("gdelt", f"file:{path.name}", path=path.name, source="GDELT",
                          title=f"GDELT events without a source URL ({path.name})")


def _dateadded(value: str) -> date | None:
    return _yyyymmdd(value[:8])  # 1.0: YYYYMMDD; 2.0: YYYYMMDDHHMMSS


def _yyyymmdd(value: str) -> date | None:
    # Sliced by hand: strptime took a third of the import time.
    if len(value) != 8 or not value.isdigit():
        return None
    try:
        return date(int(value[:4]), int(value[4:6]), int(value[6:]))
    except ValueError:
        return None


def _iso3(code: str) -> str:
    """An actor's country code when it is ISO-3 ("USA"), not a region such as "AFR"."""
    return code if code in iso3_codes() else ""


def _countries(row: dict[str, str]) -> tuple[str, ...]:
    found = {row[c] for c in ("Actor1CountryCode", "Actor2CountryCode") if row[c] in iso3_codes()}
    action = fips_to_iso3().get(row["ActionGeo_CountryCode"])
    if action:
        found.add(action)
    return tuple(sorted(found))


def _sentence(row: dict[str, str], code: str) -> str:
    """A readable line for the evidence column: who, what (CAMEO text), whom, where."""
    if not code:  # a row without an event code: say so rather than "CAMEO (GDELT )"
        what, tag = "an event of no stated type", "(GDELT)"
    else:
        what = event_descriptions().get(code) or CAMEO_ROOTS.get(code[:2], f"CAMEO {code}")
        tag = f"(GDELT {code})"
    parts = [f"{row['Actor1Name'] or '(unnamed actor)'}: {what}"]
    if row["Actor2Name"]:
        parts.append(f"with {row['Actor2Name']}")
    if row["ActionGeo_FullName"]:
        parts.append(f"in {row['ActionGeo_FullName']}")
    return " ".join(parts) + f" {tag}"

