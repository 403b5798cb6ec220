"""A small ACLED-style store of the first days of the 2022 war in Ukraine (hand-made rows in
ACLED's export format), for dyad, range and "all of" filters with known answers."""

from __future__ import annotations

from pathlib import Path

from dashboard.importers.acled import import_acled
from dashboard.store import Store
from tests.mixed_store import ACLED_HEADER

UKR = "Military Forces of Ukraine (2019-)"
RUS = "Military Forces of Russia (2000-)"
CIV = "Civilians (Ukraine)"


def _row(event_id: str, day: str, kind: str, sub: str, actor1: str, actor2: str,
         fatalities: str, admin1: str, notes: str) -> str:
    cells = [event_id, day, "2022", "1", "Political violence", kind, sub, actor1, "", "1",
             actor2, "", "1", "11", "", "804", "Europe", "Ukraine", admin1, "", "", admin1,
             "48.0", "37.8", "1", "Kyiv Independent", "National", notes, fatalities, "",
             "1650000000"]
    return ",".join(f'"{c}"' for c in cells)


ROWS = (
    _row("UKR1", "2022-02-24", "Battles", "Armed clash", UKR, RUS, "12", "Donetsk",
         "Ukrainian forces clashed with Russian forces near Mariupol."),
    _row("UKR2", "2022-02-25", "Battles", "Armed clash", RUS, UKR, "30", "Kharkiv",
         "Russian forces attacked Ukrainian positions in Kharkiv."),
    _row("UKR3", "2022-02-26", "Battles", "Armed clash", UKR, RUS, "3", "Donetsk",
         "Ukrainian forces repelled a Russian assault."),
    _row("UKR4", "2022-02-26", "Explosions/Remote violence",
         "Shelling/artillery/missile attack", RUS, CIV, "15", "Kyiv",
         "Russian shelling hit a residential district of Kyiv."),
    _row("UKR5", "2022-03-01", "Protests", "Peaceful protest", "Protesters (Ukraine)", "", "0",
         "Lviv", "Residents protested against the invasion in Lviv."),
)


def build_conflict_store(folder: Path) -> Store:
    source = folder / "acled_ukraine.csv"
    source.write_text("\n".join((ACLED_HEADER, *ROWS)) + "\n", encoding="utf-8")
    store = Store(folder / "conflict.duckdb")
    report = import_acled([source], store)
    assert report.problems == [] and report.events_added == len(ROWS), report
    return store
