"""Datelines: the region after the place, the wire's form with the day, the far bigger namesake,
and `eventline eval datelines` on a tiny corpus in Reuters' format."""

from __future__ import annotations

import gzip
import json

import pytest
from click.testing import CliRunner

from dashboard.cli import main
from dashboard.evaluation.datelines import without_day
from dashboard.extract.lexicon import read_rows
from dashboard.extract.places import find_places
from dashboard.paths import DICTIONARIES


def _dateline_country(text: str) -> str | None:
    found = next((p for p in find_places(text) if p.kind == "dateline"), None)
    return found.country if found else None


REGIONS = [tuple(row) for row in read_rows(DICTIONARIES, "dateline_regions.tsv")]


@pytest.mark.parametrize(("abbreviation", "iso3", "region", "example"), REGIONS)
def test_every_abbreviated_region_puts_its_example_in_its_country(abbreviation, iso3, region,
                                                                   example):
    assert abbreviation in example
    assert _dateline_country(example) == iso3


@pytest.mark.parametrize(("text", "iso3"), [
    # the region decides between namesakes, whatever is more populous
    ("SAN MATEO, Calif. — Oracle said on Monday its profit rose.", "USA"),
    ("LONDON, Ont. — The plant closed on Monday.", "CAN"),
    ("TRINCOMALEE, Sri Lanka — Fishermen were back at work on Monday.", "LKA"),
    # a town the gazetteer lacks is still in its region's country
    ("ZXQVILLE, Kan. — The plant closed on Monday.", "USA"),
    # the wire's own form, with the day (the day is also a date for the tagger)
    ("SAN MATEO, Calif., March 2 - Oracle said its profit rose.", "USA"),
    ("NEW YORK, MARCH 20 - Shares rose.", "USA"),
    # far bigger than every namesake: the text's other countries do not move it
    ("LONDON — Canadian banks in Toronto and Montreal said Canada's economy grew.", "GBR"),
    ("PARIS, March 3 - U.S. officials in Washington said the United States would act.", "FRA"),
])
def test_dateline_country(text, iso3):
    assert _dateline_country(text) == iso3


def test_a_sentence_is_no_dateline():
    assert _dateline_country("Officials said, March 2 - a date - was chosen.") is None


def test_without_day_prints_the_dateline_as_papers_do():
    assert without_day("SAN MATEO, Calif., March 2 -") == "SAN MATEO, Calif. -"
    assert without_day("NEW YORK, MARCH 20 -") == "NEW YORK -"


def test_eval_datelines_counts_each_split(tmp_path):
    path = tmp_path / "reuters.jsonl.gz"
    stories = [
        {"dateline": "SAN MATEO, Calif., March 2 -", "body": "Oracle said profit rose.",
         "places": ["usa"], "lewissplit": "TRAIN"},
        {"dateline": "TORONTO, March 3 -", "body": "The U.S. company said sales fell.",
         "places": ["usa"], "lewissplit": "TEST"},
        {"dateline": "PARIS, March 3 -", "body": "Prices rose.", "places": ["france", "uk"],
         "lewissplit": "TEST"},  # two countries: left out
    ]
    with gzip.open(path, "wt", encoding="utf-8") as handle:
        handle.write("\n".join(json.dumps(s) for s in stories) + "\n")
    result = CliRunner().invoke(main, ["eval", "datelines", str(path)])
    assert result.exit_code == 0, result.output
    rows = {line.split("  ")[0].strip(): line.split()[-2:] for line in result.output.splitlines()}
    assert rows["datelines"] == ["1", "1"] and rows["placed"] == ["1", "1"]
    assert rows["other country"] == ["0", "1"]
    assert "TORONTO: ours CAN, the story's USA" in result.output
    missing = CliRunner().invoke(main, ["eval", "datelines", str(tmp_path / "none.gz")])
    assert missing.exit_code != 0 and "none.gz: no such file" in missing.output


def test_the_outlet_and_title_help_place_a_dateline_with_namesakes():
    text = "CHALA — Three nights after the earthquake, families still sleep in the open."
    found = find_places(text, outlet="Lima Evening Star", title="Survivors sleep outdoors")
    assert [(p.text, p.country) for p in found] == [("CHALA", "PER")]  # the hint is no mention
    found = find_places(text, title="In Chala, Peru, survivors sleep outdoors")
    assert [(p.text, p.country) for p in found] == [("CHALA", "PER")]


@pytest.mark.parametrize(("outlet", "places"), [
    ("Lima Evening Star", ["Lima"]),
    ("The New York Times", ["New York"]),
    ("Times of India", ["India"]),
    ("South China Morning Post", ["China"]),
    ("Equator Post", []),
    ("Reuters", []),
])
def test_places_named_in_an_outlet(outlet, places):
    from dashboard.extract.places import _outlet_places
    from dashboard.extract.resources import default_resources

    assert [p.text for p in _outlet_places(default_resources(), outlet)] == places


@pytest.mark.parametrize(("text", "language", "iso3"), [
    ("TRÍPOLI — Los rebeldes tomaron la ciudad el lunes.", "es", "LBY"),
    ("BOGOTÁ, Colombia — El gobierno anunció un plan.", "es", "COL"),
    ("ZÜRICH — Die Polizei nahm zwölf Personen fest.", "de", "CHE"),
])
def test_accented_datelines(text, language, iso3):
    from dashboard.extract.resources import default_resources
    from dashboard.happenings.headline import headline

    res = default_resources().for_language(language)
    found = next(p for p in find_places(text, resources=res) if p.kind == "dateline")
    assert found.country == iso3
    assert not headline(text).isupper() and "—" not in headline(text)  # the dateline goes
