"""A small store mixing what real stores hold, for export and query tests: an ACLED import and
a GDELT import (hand-made rows in the real formats) and ingested articles, one of them
undated with an event that has no type."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

from dashboard.importers.acled import import_acled
from dashboard.importers.gdelt import COLUMNS, import_gdelt
from dashboard.models import Article
from dashboard.store import Store
from tests.helpers import make_event

ACLED_HEADER = (
    "event_id_cnty,event_date,year,time_precision,disorder_type,event_type,sub_event_type,"
    "actor1,assoc_actor_1,inter1,actor2,assoc_actor_2,inter2,interaction,civilian_targeting,"
    "iso,region,country,admin1,admin2,admin3,location,latitude,longitude,geo_precision,source,"
    "source_scale,notes,fatalities,tags,timestamp"
)
# Hand-made rows in ACLED's export format; the second has no fatalities and no sub type.
ACLED_ROWS = (
    "BOL100,2022-03-01,2022,1,Demonstrations,Protests,Peaceful protest,Protesters (Bolivia),,6,"
    ",,,60,,68,South America,Bolivia,La Paz,Murillo,La Paz,La Paz,-16.4955,-68.1336,1,"
    "24 Channel,National,Teachers marched in La Paz.,0,,1646077433",
    "BOL101,2022-03-02,2022,2,Strategic developments,Strategic developments,,Police Forces of "
    "Bolivia (2020-),,1,,,,10,,68,South America,Bolivia,Beni,Cercado,Trinidad,Trinidad,"
    "-14.8333,-64.9,1,24 Channel,National,Police changed their patrols.,,,1646077434",
)


def gdelt_line(**cells: str) -> str:
    """One headerless GDELT 1.0 daily row (58 tab-separated columns)."""
    row = dict.fromkeys(COLUMNS[58], "")
    row.update(cells)
    return "\t".join(row[name] for name in COLUMNS[58])


GDELT_LINES = (
    gdelt_line(GLOBALEVENTID="900001", SQLDATE="20220304", Actor1Name="BOLIVIA",
                Actor1CountryCode="BOL", EventCode="042", EventBaseCode="042",
                EventRootCode="04", QuadClass="1", GoldsteinScale="1.9",
                ActionGeo_FullName="Sucre, Chuquisaca, Bolivia", ActionGeo_CountryCode="BL",
                ActionGeo_Lat="-19.0333", ActionGeo_Long="-65.2627", DATEADDED="20220304",
                SOURCEURL="https://news.example.org/bolivia-visit"),
    # No QuadClass, no Goldstein, no coordinates, no source URL: NULLs everywhere.
    gdelt_line(GLOBALEVENTID="900002", SQLDATE="20220305", EventCode="",
                DATEADDED="20220305"),
)


def _articles() -> list:
    dated = Article(text="Ministers met in Sucre on Friday.", title="Sucre talks",
                    published=date(2022, 3, 5), source="Wire A", url="https://a.example/1")
    undated = Article(text="Officials said talks went well.", title="Undated note",
                      source="Wire B")
    typed = make_event(dated, 0, date(2022, 3, 4), date(2022, 3, 4), date_text="Friday",
                       actors=("Ministers",), countries=("BOL",), sentence=dated.text)
    untyped = replace(
        make_event(undated, 0, None, None, granularity=None, date_text="", code="", name="",
                   sentence=undated.text, date_source="unresolved"),
        quad_class=None, confidence=None)
    return [(dated, [typed]), (undated, [untyped])]


def build_mixed_store(tmp_path: Path, store: Store | None = None,
                      acled_rows: tuple[str, ...] = ACLED_ROWS,
                      gdelt_lines: tuple[str, ...] = GDELT_LINES) -> Store:
    """ACLED rows, GDELT rows and ingested articles (one undated, one event untyped)."""
    acled = tmp_path / "acled.csv"
    acled.write_text("\n".join((ACLED_HEADER, *acled_rows)) + "\n", encoding="utf-8")
    gdelt = tmp_path / "gdelt.export.CSV"
    gdelt.write_text("\n".join(gdelt_lines) + "\n", encoding="utf-8")
    store = store or Store(tmp_path / "mixed.duckdb")
    assert import_acled([acled], store).problems == []
    assert import_gdelt([gdelt], store).problems == []
    store.add(_articles())
    return store
