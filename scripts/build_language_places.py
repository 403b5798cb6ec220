"""Derive ``data/dictionaries/<lang>/cldr_places.tsv``: country and city names per language.

Run by hand when Babel (and so CLDR) is upgraded:

    python scripts/build_language_places.py

Source: the Unicode CLDR data shipped inside Babel (BSD-3-Clause; CLDR under the Unicode
License), read offline through Babel's API:

- ``Locale(lang).territories``: the country names of each language and its regional
  variants (``es_419`` writes "Arabia Saudita" where ``es`` writes "Arabia Saudí");
- the time-zone exemplar cities (``get_timezone_location(zone, locale, return_city=True)``):
  capitals and big towns as each language writes them ("El Cairo", "Moscú", "Le Caire").

Rows: alias, ISO-3, kind (``country`` or ``city``), the English name (the country's name in
dashboard/resources/countries.tsv, or the city's CLDR English name as the gazetteer knows it;
places load with the gazetteer's coordinates for that name). A city whose name is the same in
English is left out (the gazetteer already has it), and so is one whose name the gazetteer
gives a town of another country (German "Norfolk" for Norfolk Island would take Norfolk,
Virginia). Every row is checked before the file is written.
"""

from __future__ import annotations

import re
import sys
from functools import cache
from pathlib import Path

from babel import Locale
from babel.core import get_global
from babel.dates import get_timezone_location

from dashboard.data_checks import Row, check_language_places
from dashboard.extract.place_tables import Gazetteer
from dashboard.extract.resources import Resources
from dashboard.importers.common import countries

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "data" / "dictionaries"

# Each language with the regional variants whose names are added to its own.
LOCALES = {
    "es": ("es", "es_419", "es_MX", "es_AR", "es_US"),
    "fr": ("fr", "fr_CA", "fr_BE", "fr_CH"),
    "de": ("de", "de_AT", "de_CH"),
    "pt": ("pt", "pt_PT", "pt_AO", "pt_MZ"),
    "it": ("it", "it_CH"),
}
# Antarctic research stations ("Palmer", "Casey"): surnames far more often than places.
_NO_TOWNS = frozenset({"AQ", "UM"})
_BRACKETED = re.compile(r"\s*[(\[].*?[)\]]\s*")


def iso3_by_iso2() -> dict[str, str]:
    return {row["iso2"]: row["iso3"] for row in countries()}


def english_names() -> dict[str, str]:
    """ISO-2 -> the English name of dashboard/resources/countries.tsv (GeoNames: "Russia",
    "Turkey"), the name imported GDELT and ACLED events give the country too."""
    return {row["iso2"]: row["name"] for row in countries()}


def _elsewhere(name: str, iso3: str, english: str) -> bool:
    """The gazetteer knows the name as a town of another country at least as big: German
    "Norfolk" (the island) would steal Norfolk, Virginia; Spanish "Trípoli" (Libya) stays,
    though a Greek town of 26,000 has the name."""
    own = max((c.population for c in _gazetteer().get(english) if c.iso3 == iso3), default=0)
    return any(c.iso3 != iso3 and c.population >= own for c in _gazetteer().get(name))


@cache
def _gazetteer() -> Gazetteer:
    return Resources().gazetteer


def clean(name: str) -> str:
    """ "Tripoli (Libye)" -> "Tripoli"; curly apostrophes straight ("Côte d'Ivoire"), and
    non-breaking hyphens plain ("Saint-Kitts-et-Nevis")."""
    plain = name.replace("’", "'").replace("\u2011", "-").replace("\u00ad", "")
    return " ".join(_BRACKETED.sub(" ", plain).split())


def country_rows(lang: str, iso3: dict[str, str]) -> list[tuple[str, str, str, str]]:
    english = {**Locale("en").territories, **english_names()}
    rows = []
    for code in LOCALES[lang]:
        for territory, name in Locale.parse(code).territories.items():
            if territory in iso3 and territory in english:
                # "Hong Kong, RAE da China" -> "Hong Kong"
                local = clean(name.split(",")[0])
                rows.append((local, iso3[territory], "country", clean(english[territory])))
    return rows


def city_rows(lang: str, iso3: dict[str, str]) -> list[tuple[str, str, str, str]]:
    zones = get_global("zone_territories")
    rows = []
    for zone, territory in sorted(zones.items()):
        if territory not in iso3 or zone.count("/") != 1 or territory in _NO_TOWNS:
            continue  # "America/Indiana/Knox": a county seat, no town the news names
        english = clean(get_timezone_location(zone, locale="en", return_city=True))
        for code in LOCALES[lang]:
            name = clean(get_timezone_location(zone, locale=code, return_city=True))
            # "Beulah, Dakota del Norte": a qualified town, no name as text writes it
            same = name.lower() == english.lower()
            if not same and "," not in name and not _elsewhere(name, iso3[territory], english):
                rows.append((name, iso3[territory], "city", english))
    return rows


def build(lang: str, iso3: dict[str, str]) -> list[tuple[str, str, str, str]]:
    rows = country_rows(lang, iso3) + city_rows(lang, iso3)
    unique = sorted(set(rows), key=lambda r: (r[2] != "country", r[1], r[0]))
    problems = check_language_places([Row(n, list(r)) for n, r in enumerate(unique, 1)])
    if problems:
        raise SystemExit("\n".join(problems))
    return unique


def write(lang: str, rows: list[tuple[str, str, str, str]]) -> Path:
    import babel

    path = OUT / lang / "cldr_places.tsv"
    path.parent.mkdir(parents=True, exist_ok=True)
    header = (
        f"# Country and city names in {lang!r} from Unicode CLDR, as shipped in Babel "
        f"{babel.__version__} (BSD-3-Clause; CLDR data under the Unicode License).\n"
        "# Built by scripts/build_language_places.py; do not edit by hand (add names to "
        "places.tsv).\n"
        "# alias\tiso3\tkind\tEnglish name (the gazetteer's, for coordinates)\n"
    )
    path.write_text(header + "".join("\t".join(r) + "\n" for r in rows), encoding="utf-8")
    return path


def main(argv: list[str]) -> None:
    iso3 = iso3_by_iso2()
    for lang in argv or list(LOCALES):
        path = write(lang, build(lang, iso3))
        print(f"wrote {path}")


if __name__ == "__main__":
    main(sys.argv[1:])
