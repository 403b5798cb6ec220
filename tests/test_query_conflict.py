"""Dyads, "all of", quad classes, datasets' own types and fatality/Goldstein ranges: each
filter's SQL against a small store with known answers, and the CLI giving the same rows."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from dashboard import query
from dashboard.cli import main
from dashboard.query import Filters
from tests.conflict_store import CIV, RUS, UKR, build_conflict_store
from tests.helpers import two_articles


@pytest.fixture
def conflict(tmp_path):
    return build_conflict_store(tmp_path)


def _ids(store, **fields) -> list[str]:
    return sorted(query.events(store, Filters(**fields))["event_id"])


def test_a_dyad_is_source_acting_on_target(conflict):
    assert _ids(conflict, source_actors=(UKR,), target_actors=(RUS,)) == [
        "acled:UKR1", "acled:UKR3"]
    assert _ids(conflict, source_actors=(RUS,)) == ["acled:UKR2", "acled:UKR4"]
    assert _ids(conflict, target_actors=(CIV,)) == ["acled:UKR4"]


def test_either_direction_takes_the_reverse_too(conflict):
    assert _ids(conflict, source_actors=(UKR,), target_actors=(RUS,),
                either_direction=True) == ["acled:UKR1", "acled:UKR2", "acled:UKR3"]


def test_fatality_ranges_are_inclusive(conflict):
    assert _ids(conflict, fatalities_min=12) == ["acled:UKR1", "acled:UKR2", "acled:UKR4"]
    assert _ids(conflict, fatalities_min=3, fatalities_max=12) == ["acled:UKR1", "acled:UKR3"]
    assert _ids(conflict, fatalities_max=0) == ["acled:UKR5"]


def test_the_done_when_question(conflict):
    """Battles with at least 10 fatalities where Ukraine's forces act on Russia's."""
    filters = Filters(source_actors=(UKR,), target_actors=(RUS,), fatalities_min=10,
                      sub_types=("Battles: Armed clash",))
    assert query.events(conflict, filters)["event_id"].tolist() == ["acled:UKR1"]


def test_quad_classes_and_sub_types(conflict):
    material_conflict = _ids(conflict, quad_classes=(4,))
    assert "acled:UKR5" not in material_conflict and "acled:UKR1" in material_conflict
    assert _ids(conflict, sub_types=("Protests: Peaceful protest",)) == ["acled:UKR5"]
    assert _ids(conflict, sub_types=("Battles",)) == ["acled:UKR1", "acled:UKR2", "acled:UKR3"]
    assert _ids(conflict, sub_types=("Battles: Peaceful protest",)) == []


def test_all_of_needs_every_value(tmp_path, conflict):
    either = _ids(conflict, actors=(UKR, CIV))
    both = _ids(conflict, actors=(UKR, RUS), all_actors=True)
    assert either == ["acled:UKR1", "acled:UKR2", "acled:UKR3", "acled:UKR4"]
    assert both == ["acled:UKR1", "acled:UKR2", "acled:UKR3"]
    assert _ids(conflict, actors=(UKR, CIV), all_actors=True) == []


def test_all_countries_on_articles(tmp_path):
    from dashboard.store import Store

    store = Store(tmp_path / "a.duckdb")
    store.add(two_articles())
    assert len(query.events(store, Filters(countries=("AFG", "JPN")))) == 3
    assert len(query.events(store, Filters(countries=("AFG", "JPN"), all_countries=True))) == 0


def test_without_clears_the_all_flag_with_its_values():
    filters = Filters(actors=("A",), all_actors=True)
    assert filters.without("actors") == Filters()


def test_goldstein_range_reads_imported_gdelt_rows(tmp_path):
    from tests.mixed_store import build_mixed_store

    mixed = build_mixed_store(tmp_path)
    assert query.events(mixed, Filters(goldstein_min=1.5))["event_id"].tolist() == [
        "gdelt:900001"]
    assert query.events(mixed, Filters(goldstein_max=1.0)).empty


def _export(db, *args: str) -> list[str]:
    result = CliRunner().invoke(main, ["export", "--db", str(db), "--format", "jsonl", *args])
    assert result.exit_code == 0, result.output
    return sorted(json.loads(line)["event_id"] for line in result.output.splitlines())


def test_the_cli_gives_the_same_rows(conflict):
    assert _export(conflict.path, "--dyad", f"{UKR}>{RUS}", "--min-fatalities", "10",
                   "--sub-type", "Battles: Armed clash") == ["acled:UKR1"]
    assert _export(conflict.path, "--dyad", f"{UKR}>{RUS}", "--either-direction") == [
        "acled:UKR1", "acled:UKR2", "acled:UKR3"]
    assert _export(conflict.path, "--dyad", f">{CIV}") == ["acled:UKR4"]
    assert _export(conflict.path, "--actor", UKR, "--actor", RUS, "--all-actors",
                   "--quad", "4") == ["acled:UKR1", "acled:UKR2", "acled:UKR3"]


@pytest.mark.parametrize("args,message", [
    (["--dyad", "Japan"], "is not SOURCE>TARGET"),
    (["--dyad", ">"], "names neither side"),
    (["--min-fatalities", "10", "--max-fatalities", "2"], "--min-fatalities 10 is above"),
    (["--quad", "5"], "5 is not in the range 1<=x<=4"),
    (["--from", "2022-03-01", "--to", "2022-02-01"], "is after --to"),
])
def test_bad_filter_options_name_the_value(conflict, args, message):
    result = CliRunner().invoke(main, ["export", "--db", str(conflict.path), *args])
    assert result.exit_code == 2 and message in result.output, result.output


def test_country_dyads_use_the_actors_countries(conflict):
    assert _ids(conflict, source_countries=("UKR",), target_countries=("RUS",)) == [
        "acled:UKR1", "acled:UKR3"]
    assert _ids(conflict, source_countries=("RUS",), target_countries=("UKR",)) == [
        "acled:UKR2", "acled:UKR4"]  # Russian forces on Ukrainian forces and civilians
    assert _ids(conflict, source_countries=("UKR",), target_countries=("RUS",),
                either_direction=True) == ["acled:UKR1", "acled:UKR2", "acled:UKR3",
                                           "acled:UKR4"]
    assert _ids(conflict, source_actors=(RUS,), target_countries=("UKR",)) == [
        "acled:UKR2", "acled:UKR4"]


def test_admin1_regions(conflict):
    assert _ids(conflict, admin1=("Donetsk",)) == ["acled:UKR1", "acled:UKR3"]
    assert _export(conflict.path, "--admin1", "Kyiv", "--country-dyad", "RUS>UKR") == [
        "acled:UKR4"]


def test_gdelt_rows_keep_their_region_and_counts(tmp_path):
    from tests.mixed_store import build_mixed_store

    row = query.events(build_mixed_store(tmp_path), Filters(admin1=("Chuquisaca",)))
    assert row["event_id"].tolist() == ["gdelt:900001"]


DETAIL_LISTS = (("source_actors", "source_actor"), ("target_actors", "target_actor"),
                ("source_countries", "source_country"), ("target_countries", "target_country"),
                ("sub_types", "origin_type"), ("admin1", "admin1"))


@pytest.mark.parametrize("scope", [Filters(), Filters(admin1=("Donetsk",)),
                                   Filters(source_actors=(RUS,)), Filters(text="forces")])
@pytest.mark.parametrize("limit", [1, 1000])
def test_the_sidebars_detail_lists_from_one_scan_are_the_facet_counts(conflict, scope, limit):
    """The "who did what to whom" and "event details" lists come from one facet_tops scan:
    each must be what facet_counts gives for its column (values, counts, order)."""
    from dashboard.app.more_filters import LISTS

    assert tuple(LISTS) == DETAIL_LISTS
    tops = query.facet_tops(conflict, DETAIL_LISTS, scope, limit=limit)
    assert len(tops) > 2
    for field, column in DETAIL_LISTS:
        mine = tops[tops["facet"] == field][["value", "events"]].values.tolist()
        assert mine == query.facet_counts(conflict, column, scope, limit=limit).values.tolist()
