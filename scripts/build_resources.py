"""Derive the importers' lookup tables in dashboard/resources/ from the GDELT lookup files.

Run by hand when the sources change:

    python scripts/build_resources.py [LOOKUPS_DIR]

LOOKUPS_DIR defaults to ``<project>/../shared/data/gdelt/lookups`` (see its README for
provenance; dashboard/resources/README.md for the licences). Only columns are picked and
renamed; every row is checked (dashboard/data_checks.py) before anything is written, so a
header row read as data or a malformed code stops the build with the file, line and value.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

from dashboard.data_checks import Row, check_countries, check_event_codes

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "dashboard" / "resources"
DEFAULT_SRC = ROOT.parent / "shared" / "data" / "gdelt" / "lookups"

# output column <- source column
COUNTRY_COLUMNS = {
    "fips": "fips",
    "iso2": "ISO",
    "iso3": "ISO3",
    "iso_numeric": "ISO-Numeric",
    "name": "Country",
}
EVENT_CODE_COLUMNS = {"code": "CAMEOEVENTCODE", "description": "EVENTDESCRIPTION"}


def picked(path: Path, columns: dict[str, str]) -> list[Row]:
    """The wanted columns of a tab-separated file with one header line, numbered as there."""
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        missing = [c for c in columns.values() if c not in (reader.fieldnames or [])]
        if missing:
            sys.exit(f"{path}: no column {', '.join(missing)}; the header is {reader.fieldnames}")
        return [
            Row(reader.line_num, [(record[c] or "").strip() for c in columns.values()])
            for record in reader
        ]


def write(name: str, columns: dict[str, str], rows: list[Row]) -> None:
    lines = ["\t".join(columns)] + ["\t".join(row.cells) for row in rows]
    (OUT / name).write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{(OUT / name).relative_to(ROOT)}: {len(rows)} rows")


def main(src: Path) -> None:
    countries = picked(src / "geonames_countryInfo_fips_iso.txt", COUNTRY_COLUMNS)
    codes = picked(src / "CAMEO.eventcodes.txt", EVENT_CODE_COLUMNS)
    problems = check_countries(countries, "geonames_countryInfo_fips_iso.txt") + check_event_codes(
        codes, "CAMEO.eventcodes.txt"
    )
    if problems:  # nothing is written: the shipped files stay as they were
        sys.exit("the lookup files gave unsound rows:\n" + "\n".join(problems[:50]))
    write("countries.tsv", COUNTRY_COLUMNS, countries)
    write("cameo_eventcodes.tsv", EVENT_CODE_COLUMNS, codes)


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_SRC)
