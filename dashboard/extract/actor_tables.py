"""Actor tables, built by ``resources.Resources`` on first use, and word lists.

- ``load_actors``: people, organisations, armed groups and IGOs from the CAMEO Phoenix
  dictionaries plus our overlay of newer actors (cameo_actors.tsv, overlay_actors.tsv).
- ``load_agents``: agent nouns ("authorities", "ministry", "forces") with their CAMEO sector.
- word lists that tell names from titles, organisations and places.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

from dashboard.extract.language_tables import spaced
from dashboard.extract.lexicon import Lexicon, words

if TYPE_CHECKING:
    from dashboard.extract.resources import Resources

TITLE_WORDS = words(
    """
    president vice prime minister ministers secretary chief cabinet deputy foreign spokesman
    spokeswoman spokesperson general gen col lt sgt maj capt king queen prince princess crown
    sheikh emir ambassador envoy governor mayor senator sen rep representative chancellor
    premier commander director chairman chairwoman chair head leader speaker mr mrs ms dr prof
    pope cardinal bishop archbishop ayatollah supreme economy finance defense defence interior
    justice health trade state national security adviser advisor attorney judge colonel
    captain major lieutenant admiral marshal sergeant officer lawmaker mp former acting senior
    top army military police opposition party minority majority executive managing founder ceo
    cfo undersecretary under assistant special high commissioner first lady lord sir dame
    """
)


ORG_WORDS = words(
    """
    foundation ministry party army council committee organization organisation union
    association agency bank group front movement forces force corporation company inc ltd
    university institute court parliament assembly government commission office department
    police brigade brigades alliance federation league fund authority service guard network
    times news post administration militia battalion regiment navy corps club church congress
    senate cabinet embassy consulate council corp co spa plc ag gmbh sa nv bv holdings
    industries systems motors works airlines exchange bancorp
    """
)


NOT_NAMES = words(
    """
    january february march april may june july august september october november december
    monday tuesday wednesday thursday friday saturday sunday however meanwhile but it its he
    she they we i you this there here one according also while after before today yesterday
    tomorrow last next earlier later mr mrs ms said says jan feb mar apr jun jul aug sep sept
    oct nov dec co vs inc ltd corp
    """
)


# Lower-case words inside unknown names ("Bank of Japan", "Abu Bakr al-Baghdadi").
NAME_CONNECTORS = words("of the for de al el la du des da del di van von bin ibn")


# Regions, events and other capitalised words that name no actor.
NON_ACTOR_WORDS = words(
    """
    asia europe africa america americas middle east west north south central pacific atlantic
    gulf arab world international internet covid-19 covid coronavirus christmas ramadan eid
    easter olympics
    """
)


class Known(NamedTuple):
    name: str
    iso3: str | None
    kind: str


def load_actors(res: Resources) -> Lexicon:
    """Alias -> Known(canonical name, ISO-3, kind); our overlay wins over the CAMEO entries."""
    lexicon = Lexicon()
    for alias, canonical, iso3, kind in res.rows("overlay_actors.tsv"):
        lexicon.add(alias, Known(canonical, iso3 or None, kind))
    overlay = set(lexicon.entries)
    for alias, canonical, iso3, kind, _code in res.rows("cameo_actors.tsv"):
        key = " ".join(alias.lower().split())
        if key in overlay or (" " not in alias and len(alias) < 4):
            continue
        canonical = canonical.removeprefix("The ")
        same = lexicon.entries.get(key.removeprefix("the ")) if key.startswith("the ") else None
        known = same[0] if same else Known(canonical, iso3 or None, kind)
        lexicon.add(alias, known)
    return lexicon


def load_language_actors(res: Resources) -> Lexicon:
    """A language's names of organisations and people (actors.tsv) -> Known, named as the
    English tables name them ("Hermanos Musulmanes" -> Muslim Brotherhood)."""
    lexicon = Lexicon()
    for alias, canonical, iso3, kind in res.language_rows("actors.tsv"):
        lexicon.add(spaced(alias), Known(canonical, iso3 or None, kind))
    return lexicon


def sectors_of(agents: Lexicon) -> Lexicon:
    """Agent noun -> CAMEO sector, from a table of Agent(sector, gloss) values."""
    lexicon = Lexicon()
    for key, values in agents.entries.items():
        for value in values:
            lexicon.add_key(key, value.sector)
    return lexicon


STATE_ROLES = ("GOV", "MIL", "LEG", "JUD", "COP", "SPY")


def is_organisation_name(name: str) -> bool:
    """ "United States Congress", "Ministry of Defence", "Department of State": by its form."""
    return name.split()[-1].lower() in ORG_WORDS or "department" in name.lower()


def kind_by_name(name: str, kind: str, code: str) -> str:
    """The CAMEO files put agencies among people: "United States Congress" is no person.

    Used where cameo_actors.tsv is built (scripts/build_dictionaries.py), so the file holds
    the true kind; ``code`` is the CAMEO actor code, whose sector says government or not.
    """
    if not is_organisation_name(name):
        return kind
    return "government" if code[3:6] in STATE_ROLES else "organisation"


def load_agents(res: Resources) -> Lexicon:
    """Agent noun (singular and plural) -> CAMEO sector code ("GOV", "MIL", "COP" ...)."""
    lexicon = Lexicon()
    for name in ("cameo_agents.tsv", "overlay_agents.tsv"):
        for noun, sector in res.rows(name):
            lexicon.add(noun, sector)
            lexicon.add(_plural(noun), sector)
    return lexicon


def _plural(noun: str) -> str:
    if noun.endswith("y") and noun[-2:-1] not in ("a", "e", "o", "u"):
        return noun[:-1] + "ies"
    return (
        noun if noun.endswith("s") else noun + ("es" if noun.endswith(("ch", "sh", "x")) else "s")
    )


# An unknown capitalised run after these words, or ending in / followed by a place noun, is a
# place the gazetteer lacks ("in Kongo Trading Center", "Minakulu sub-county"), not an actor.
LOCATIVE = words("in at near around outside inside through into across between")

