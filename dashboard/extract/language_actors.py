"""Actors in languages other than English: titles, agent nouns and demonyms in their order.

Spanish, French, Portuguese and Italian write titles and agent nouns in lower case and put
the country adjective after the noun: "el presidente sirio, Bashar al Asad", "le
gouvernement égyptien", "las fuerzas de seguridad sirias". German writes every noun with a
capital. The English rules (actors.py) read capitals; these read the language's word lists
(data/dictionaries/<lang>/words.tsv, agents.tsv):

- title (+ demonym or "de" + country) (+ comma) + name -> that person, titled, with the
  country: "el presidente egipcio, Hosni Mubarak" -> Hosni Mubarak, EGY;
- agent noun + demonym, or agent noun + "de" + country -> the country's government, army,
  police ...: "el Gobierno egipcio", "el Gobierno de Egipto" -> Government of Egypt (EGY);
- an agent noun alone ("el Gobierno", "Ejército") names no actor.
"""

from __future__ import annotations

from collections.abc import Callable

from dashboard.extract.actor_tables import STATE_ROLES
from dashboard.extract.lexicon import match_first_capital
from dashboard.extract.resources import Resources
from dashboard.extract.tokens import Token
from dashboard.models import ActorMention, PlaceMention

Common = Callable[[str], bool]  # is this word a common word of the text's language?
NameAt = Callable[[int], tuple[ActorMention | None, int]]  # the name starting at token j

_COUNTRY_KINDS = ("country", "demonym")
_LEADER = "leader"  # the country of "el régimen de Bashar al Asad"


def is_of(res: Resources, word: str) -> bool:
    """ "of", or the language's "de", "del", "von"."""
    return word == "of" or word in res.words_of_language["of"]


def language_actor(
    res: Resources,
    text: str,
    tokens: list[Token],
    i: int,
    place_at: dict[int, PlaceMention],
    name_at: NameAt,
) -> tuple[ActorMention | None, int]:
    """The titled person or the country's agent that starts at token i, if any."""
    titles, agents_table = res.words_of_language.titles, res.agent_glosses
    word = tokens[i].lower
    if word not in titles.first_len and word not in agents_table.first_len:
        return None, 1

    n, _ = titles.match_at(tokens, i, cased=False)
    if n:
        found, used = _titled(res, text, tokens, i, n, place_at, name_at)
        if found:
            return found, used
    n, agents = agents_table.match_at(tokens, i, cased=False)
    if n:
        sector, gloss = agents[-1]
        return agent_actor(res, text, tokens, i, n, sector, gloss, place_at)
    return None, 1


def _country_after(
    res: Resources, tokens: list[Token], k: int, place_at: dict[int, PlaceMention]
) -> tuple[PlaceMention | None, int]:
    """A demonym at token k ("sirio"), or "de" + a country ("de Siria"): (place, tokens)."""
    if k >= len(tokens) or tokens[k].start - tokens[k - 1].end > 1:
        return None, 0
    place = place_at.get(tokens[k].start)
    if place is not None and place.kind in _COUNTRY_KINDS:
        return place, _tokens_in(tokens, k, place.end)
    if k + 1 < len(tokens) and is_of(res, tokens[k].lower):
        # "de l'Égypte", "della Siria": an article may stand between "de" and the country
        skip = 1 if tokens[k + 1].lower in res.words_of_language["determiner"] else 0
        if k + 1 + skip >= len(tokens):
            return None, 0
        place = place_at.get(tokens[k + 1 + skip].start)
        if place is not None and place.kind == "country":
            return place, 1 + skip + _tokens_in(tokens, k + 1 + skip, place.end)
        return _leader_country(res, tokens, k + 1)
    return None, 0


def _leader_country(
    res: Resources, tokens: list[Token], k: int
) -> tuple[PlaceMention | None, int]:
    """ "el régimen de Bashar al Asad": the country of the known person or government."""
    n, known = res.actors.match_at(tokens, k)
    own_n, own = match_first_capital(res.own_actors, tokens, k)
    if own_n > n:  # "Bachar al-Assad"
        n, known = own_n, own
    if not known or not known[0].iso3 or known[0].kind not in ("person", "government"):
        return None, 0
    iso3 = known[0].iso3
    name = res.country_names.get(iso3, iso3)
    # the person stays a mention of their own: only "de" is taken with the agent
    first, last = tokens[k], tokens[k + n - 1]
    return PlaceMention(first.start, last.end, name, name, iso3, _LEADER), 1


def _tokens_in(tokens: list[Token], k: int, end: int) -> int:
    n = 0
    while k + n < len(tokens) and tokens[k + n].end <= end:
        n += 1
    return max(n, 1)


def _titled(
    res: Resources,
    text: str,
    tokens: list[Token],
    i: int,
    n: int,
    place_at: dict[int, PlaceMention],
    name_at: NameAt,
) -> tuple[ActorMention | None, int]:
    """ "el presidente (sirio|de Siria)(,) Bashar al Asad": the person with title and country."""
    place, used = _country_after(res, tokens, i + n, place_at)
    j = i + n + used
    if used:  # "le ministre russe des Affaires étrangères": the title goes on
        j += res.words_of_language.titles.match_at(tokens, j, cased=False)[0]
    if j >= len(tokens) or not tokens[j].text[:1].isupper() or tokens[j].start in place_at:
        return None, 0
    gap = text[tokens[j - 1].end : tokens[j].start]
    if gap.strip() not in ("", ",") or "\n" in gap:
        return None, 0
    found, name_used = name_at(j)
    if found is None or found.kind not in ("person", "international"):
        return None, 0
    title = " ".join(text[tokens[i].start : tokens[j - 1].end].split())
    country = found.country or (place.country if place else None)
    mention = ActorMention(
        found.start, found.end, found.text, found.name, country, found.kind, title
    )
    return mention, j - i + name_used


def agent_actor(
    res: Resources,
    text: str,
    tokens: list[Token],
    i: int,
    n: int,
    sector: str,
    gloss: str,
    place_at: dict[int, PlaceMention],
) -> tuple[ActorMention | None, int]:
    """ "el Gobierno egipcio", "las fuerzas sirias", "el Ejército de Siria": the country's
    government, forces, army ... named "<Gloss> of <Country>"."""
    place, used = _country_after(res, tokens, i + n, place_at)
    if place is None:
        return None, n  # "el Gobierno" alone: no actor
    end = tokens[i + n - 1 if place.kind == _LEADER else i + n + used - 1].end
    kind = "government" if sector in STATE_ROLES else "group"
    name = f"{gloss} of {res.country_names.get(place.country, place.name)}"
    return ActorMention(tokens[i].start, end, text[tokens[i].start : end], name, place.country,
                        kind), n + used


def place_before(res: Resources, tokens: list[Token], k: int, nouns_only: bool = False) -> bool:
    """The word before token k (or before its "de") makes it a place: "en Alepo", "la plaza
    Tahrir", "la localidad de Duma". ``nouns_only``: a place noun, not "en" (a known actor
    stays one in "en el Consejo de Seguridad", not in "la localidad de Duma")."""
    words = res.words_of_language
    if k and tokens[k - 1].lower in words["determiner"]:
        k -= 1  # "en la Plaza Tahrir"
    before = tokens[k - 1].lower if k else ""
    if before in words["place_noun"] or (not nouns_only and before in words["locative"]):
        return True
    return k >= 2 and is_of(res, before) and tokens[k - 2].lower in words["place_noun"]


def line_start(text: str, start: int) -> bool:
    """Only spaces between the start of a line (or of the text) and ``start``."""
    line = text.rfind("\n", 0, start) + 1
    return not text[line:start].strip()


def language_name_like(
    res: Resources, text: str, run: list[Token], titled: bool, common: Common
) -> bool:
    """A run of capitalised words is a name when one of its words is not a common word of the
    language: "Fuerzas Armadas", "Derechos Humanos", "Protestas" are words; in German, where
    every noun has a capital, a single word is a name only after a title. A single word that
    opens a line ("Conéctate con nosotros", "Ordena bombardear ...") is no name either, nor
    a hashtag ("#AMLOTrackingPoll")."""
    words = res.words_of_language
    first = run[0].lower
    if first in words["function"] or text[run[0].start - 1 : run[0].start] == "#":
        return False
    if len(run) == 1 and not titled and (
        "nouns_capitalised" in words["setting"] or line_start(text, run[0].start)
    ):
        return False
    connectors = words["connector"]
    content = [t for t in run if t.lower not in connectors]
    return titled or not all(common(t.text) for t in content)
