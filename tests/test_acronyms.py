"""Names an article defines with a bracketed acronym, and the acronym's later uses."""

from __future__ import annotations

import pytest

from dashboard.extract.actors import find_actors
from dashboard.extract.resources import default_resources


def _actors(text: str, language: str) -> list[tuple[str, str, str | None]]:
    res = default_resources().for_language(language)
    return [(m.text, m.name, m.country) for m in find_actors(text, resources=res)]


@pytest.mark.parametrize(("text", "language", "expected"), [
    # lower-case words inside the name, a place in it giving the country, a later use
    ("Le Syndicat unitaire des dockers de Dakar (SUDD) a appelé à la grève. "
     "Le SUDD réclame une hausse.", "fr",
     [("Syndicat unitaire des dockers de Dakar", "Syndicat unitaire des dockers de Dakar",
       "SEN"), ("SUDD", "Syndicat unitaire des dockers de Dakar", "SEN")]),
    # one letter of the acronym with no word of its own
    ("Le Groupement des entreprises de manutention portuaire (GEMAP) a refusé.", "fr",
     [("Groupement des entreprises de manutention portuaire",
       "Groupement des entreprises de manutention portuaire", None)]),
    ("La Confederación Nacional de Trabajadores (CGTN) convocó una huelga.", "es",
     [("Confederación Nacional de Trabajadores", "Confederación Nacional de Trabajadores",
       None)]),
    # an acronym the tables know keeps their meaning; a name they know keeps its name
    ("La Organización del Tratado del Atlántico Norte (OTAN) se reunió. La OTAN decidió.",
     "es", [("Organización del Tratado del Atlántico Norte", "NATO", None), ("OTAN", "NATO", None),
            ("OTAN", "NATO", None)]),
])
def test_a_bracketed_acronym_defines_the_name_before_it(text, language, expected):
    assert _actors(text, language) == expected


@pytest.mark.parametrize(("text", "language", "absent"), [
    ("DAKAR (AFP) — Les dockers ont cessé le travail.", "fr", "DAKAR"),  # a credit
    ("Les prix ont augmenté en Europe (UE) cette année.", "fr", "Europe"),  # one word
    ("Officials met in the capital (UN officials said) on Monday.", "en", "capital"),
])
def test_a_bracket_whose_initials_spell_no_name_defines_nothing(text, language, absent):
    assert all(absent not in (written, name) for written, name, _ in _actors(text, language))
