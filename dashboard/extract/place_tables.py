"""The place tables, built by ``resources.Resources`` on first use: country names and
aliases, and the gazetteer.

- ``load_countries``: CAMEO Phoenix country names, demonyms, capitals and regions, plus our
  overlay of newer names (data/dictionaries/cameo_countries.tsv, overlay_places.tsv).
- ``load_gazetteer``: GeoNames towns and regions and ISO 3166-2 subdivisions
  (geonames_places.tsv.gz, iso_subdivisions.tsv), parsed lazily name by name.
- ``load_common_words``: English words that are also town names.
"""

from __future__ import annotations

import gzip
from typing import TYPE_CHECKING, NamedTuple

from dashboard.extract.language_tables import spaced
from dashboard.extract.lexicon import Lexicon
from dashboard.extract.tokens import Token

if TYPE_CHECKING:
    from dashboard.extract.resources import Resources


class Candidate(NamedTuple):
    name: str
    iso3: str
    kind: str
    population: int
    lat: float | None
    lon: float | None
    common: bool = False  # the name is also an English word ("Nice", "Split")


def load_countries(res: Resources) -> Lexicon:
    lexicon = Lexicon()
    for alias, iso3, kind, canonical in res.rows("cameo_countries.tsv"):
        kind = _alias_kind(alias, kind, iso3, res.gazetteer)
        lexicon.add(alias, Candidate(canonical, iso3, kind, 0, None, None))
    for row in res.rows("overlay_places.tsv"):
        alias, iso3, kind, canonical = row[:4]
        lat, lon = (float(row[4]), float(row[5])) if len(row) > 5 and row[4] else (None, None)
        lexicon.add(alias, Candidate(canonical, iso3, kind, 0, lat, lon))
    return lexicon


def _alias_kind(alias: str, kind: str, iso3: str, gazetteer: Gazetteer) -> str:
    """Country, demonym-like ("Japanese", "Greek", "Nippon") or a place ("Isfahan", "Tokyo").

    A one-word alias that the gazetteer knows as a place in the same country is a place; any
    other one-word alias names the country or its people ("Canadian" (Texas) is not Canada).
    """
    if kind == "country":
        return "country"
    if " " in alias:
        return "alias"
    return "alias" if any(c.iso3 == iso3 for c in gazetteer.get(alias)) else "demonym"


def load_language_places(res: Resources) -> Lexicon:
    """A language's names of countries (CLDR), towns and regions (CLDR cities and ours) and
    its demonyms, as candidates with the coordinates of the place the gazetteer knows by the
    English name ("El Cairo" -> Cairo, EGY, capital)."""
    lexicon = Lexicon()
    for alias, iso3, kind, english in res.place_rows:
        candidate = _language_candidate(res.gazetteer, alias, iso3, kind, english)
        lexicon.add(spaced(alias), candidate)
    countries = res.country_names
    for form, iso3 in res.demonym_forms:
        lexicon.add(form, Candidate(countries.get(iso3, iso3), iso3, "demonym", 0, None, None))
    return lexicon


def country_names(rows: list[list[str]]) -> dict[str, str]:
    """ISO-3 -> the country's English name (cldr_places.tsv: "Syria", "Russia")."""
    return {iso3: english for _alias, iso3, kind, english in rows if kind == "country"}


def load_language_demonyms(res: Resources) -> Lexicon:
    """Lower-case demonyms ("egipcio", "syriennes", "ägyptischen"), matched in any case."""
    countries = res.country_names
    lexicon = Lexicon()
    for form, iso3 in res.demonym_forms:
        if form[:1].islower():
            lexicon.add(form, Candidate(countries.get(iso3, iso3), iso3, "demonym", 0, None, None))
    return lexicon


def _language_candidate(
    gazetteer: Gazetteer, alias: str, iso3: str, kind: str, english: str
) -> Candidate:
    if kind == "country":
        return Candidate(english, iso3, kind, 0, None, None)
    known = [c for c in gazetteer.get(english) if c.iso3 == iso3 and c.lat is not None]
    if not known:
        return Candidate(english, iso3, kind, 0, None, None)
    best = max(known, key=lambda c: c.population)
    # a CLDR city is the gazetteer's capital or town; our regions keep their own kind
    kind = best.kind if kind == "city" else kind
    return Candidate(best.name, iso3, kind, best.population, best.lat, best.lon)


class Gazetteer(Lexicon):
    """The GeoNames table, kept as raw lines and parsed only for names that are looked up.

    Parsing 400k rows up front costs seconds; a text touches a few hundred names.
    """

    def __init__(self) -> None:
        super().__init__()
        self.parsed: dict[str, list[Candidate]] = {}

    def get(self, phrase: str) -> list:
        return self._candidates(" ".join(phrase.split()).lower().replace("’", "'"))

    def match_at(self, tokens: list[Token], i: int, cased: bool = True) -> tuple[int, list]:
        n, _raw = super().match_at(tokens, i, cased)
        if not n:
            return 0, []
        key = " ".join(t.lower for t in tokens[i : i + n])
        return n, self._candidates(key)

    def _candidates(self, key: str) -> list[Candidate]:
        found = self.parsed.get(key)
        if found is None:
            found = [_parse(raw) for raw in self.entries.get(key, ())]
            self.parsed[key] = found
        return found


def _parse(raw: str | Candidate) -> Candidate:
    if isinstance(raw, Candidate):
        return raw
    name, iso3, kind, pop, lat, lon, canonical, common = raw.split("\t")
    if kind == "country":
        return Candidate(canonical or name, iso3, kind, int(pop), None, None, common.strip() == "1")
    return Candidate(canonical or name, iso3, kind, int(pop), float(lat), float(lon),
                     common.strip() == "1")


def load_gazetteer(res: Resources) -> Gazetteer:
    lexicon = Gazetteer()
    path = res.folder / "geonames_places.tsv.gz"
    if not path.is_file():
        # A gazetteer that silently went missing would drop every place: fail and name it.
        raise FileNotFoundError(f"Eventline's gazetteer {path} is missing; reinstall Eventline")
    banned = {row[0] for row in res.rows("not_places.tsv")}
    for line in gzip.decompress(path.read_bytes()).decode("utf-8").splitlines():
        if line.startswith("#"):
            continue
        key = line[: line.index("\t")].lower()
        if key not in banned:
            lexicon.add_key(key, line)
    for name, iso3, kind, canonical in res.rows("iso_subdivisions.tsv"):
        key = name.lower()
        if not any(c.iso3 == iso3 for c in lexicon.get(key)):
            lexicon.add_key(key, Candidate(canonical or name, iso3, kind, 0, None, None))
            lexicon.parsed.pop(key, None)
    return lexicon


def load_common_words(res: Resources) -> frozenset[str]:
    """Lower-case English words that are also town names ("Of", "Split", "Nice", "Mobile")."""
    words = {row[0] for row in res.rows("common_words.tsv")}
    words |= {form for form in res.verbs if " " not in form}
    return frozenset(words)
