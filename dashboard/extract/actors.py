"""Actors: people, organisations, governments, armed groups and international bodies.

Mentions are found by (1) the actor dictionaries (CAMEO Phoenix + our overlay), (2) a country
name, demonym or possessive followed by an agent noun ("Japanese authorities", "Japan's Foreign
Ministry"), (3) runs of capitalised words not known as places. Titles are kept apart, appositions
("X, the deputy minister for the Taliban") give an affiliation, and within one text a surname
stands for the full name.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import replace
from functools import cache

from dashboard.extract.acronyms import find_definitions, with_definitions
from dashboard.extract.actor_tables import (
    LOCATIVE,
    NAME_CONNECTORS,
    NON_ACTOR_WORDS,
    NOT_NAMES,
    ORG_WORDS,
    STATE_ROLES,
    TITLE_WORDS,
    Known,
)
from dashboard.extract.casing import as_written, readable_case
from dashboard.extract.credits import credit_spans
from dashboard.extract.language_actors import (
    Common,
    is_of,
    language_actor,
    language_name_like,
    line_start,
    place_before,
)
from dashboard.extract.lexicon import match_first_capital
from dashboard.extract.places import FUNCTION_WORDS, capitalised_noun, find_places
from dashboard.extract.places import LOCATIVE as PLACE_LOCATIVE
from dashboard.extract.resources import ENGLISH, Resources, default_resources
from dashboard.extract.spans import covering
from dashboard.extract.tokens import Token, tokenise
from dashboard.models import ActorMention, PlaceMention

_APPOSITION = re.compile(
    r"^,\s+(?:the|a|an)\s+([\w\s'’-]{0,60}?)\b(?:for|of|in|from|at|with)\s+(?:the\s+)?"
    r"([A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*){0,3})"
)


def find_actors(
    text: str,
    places: list[PlaceMention] | None = None,
    tokens: list[Token] | None = None,
    resources: Resources | None = None,
) -> list[ActorMention]:
    """Actor mentions in ``text`` with canonical names, titles and affiliation countries.

    Given ``tokens``, ``text`` is taken as already re-cased (``casing.readable_case``).
    """
    res = resources or default_resources()
    if tokens is None:
        cased, tokens = readable_case(text, None, res)
        places = find_places(cased, tokens, res) if places is None else places
        return as_written(find_actors(cased, places, tokens, res), text, cased)
    places = find_places(text, tokens, res) if places is None else places
    place_at = {p.start: p for p in places}
    common = _common_test(res, tokens)
    mentions = _not_credits(res, text, _scan(res, text, tokens, place_at, common))
    mentions = with_definitions(tokens, mentions, find_definitions(text, tokens, places))
    surnames = {
        m.name.split()[-1].lower() for m in mentions if m.kind == "person" and " " in m.name
    }
    if surnames and res.language != ENGLISH:
        # "Trump Ordena ..." in a headline makes no surname of a verb, nor "El Cairo" of Cairo
        seen = frozenset(t.lower for t in tokens if t.text[:1].islower())
        surnames = {s for s in surnames if not res.is_common_word(s, seen, english=False)}
        taken = sorted({(p.start, p.end) for p in places})
        tokens = [t for t in tokens if not _overlaps(taken, t.start, t.end)]
    if surnames:
        mentions = _add_surnames(tokens, mentions, surnames)
    return merge_aliases(mentions)


def _not_credits(res: Resources, text: str, mentions: list[ActorMention]) -> list[ActorMention]:
    """Drop the names in newswire signatures, bylines and credits ("...said.\n Reuter")."""
    credits = credit_spans(text, res.credit_patterns)
    if not credits:
        return mentions
    around = covering(credits, [m.start for m in mentions])
    return [m for m, inside in zip(mentions, around, strict=True) if not inside]


def _common_test(res: Resources, tokens: list[Token]) -> Common:
    """Is a word a common word, not a name? English: web2. Another language: its tables, or
    the same text writing the word in lower case ("Gobierno" when "el gobierno" occurs)."""
    if res.language == ENGLISH:
        return res.is_english_word
    seen = frozenset(t.lower for t in tokens if t.text[:1].islower())
    return lambda word: res.is_common_word(word, seen)


def _scan(
    res: Resources,
    text: str,
    tokens: list[Token],
    place_at: dict[int, PlaceMention],
    common: Common,
) -> list[ActorMention]:
    mentions: list[ActorMention] = []
    foreign = res.language != ENGLISH
    agent_starts = res.agents.first_len
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if foreign and token.start not in place_at:
            found, used = language_actor(
                res, text, tokens, i, place_at,
                lambda j: _mention_at(res, text, tokens, j, place_at, common),
            )
            if found:
                mentions.append(found)
                i += used
                continue
        if not token.text[:1].isupper() and token.start not in place_at:
            if token.lower not in agent_starts:  # most words: no agent noun starts there
                i += 1
                continue
            found, used = _agent_of(res, text, tokens, i, place_at)
            if found:
                mentions.append(found)
            i += max(used, 1)
            continue
        found, used = _mention_at(res, text, tokens, i, place_at, common)
        if found:
            mentions.append(_with_apposition(res, text, found, place_at))
        elif foreign and used > 1:
            used = _agent_inside(res, text, tokens, i, used, place_at, mentions)
        i += max(used, 1)
    return mentions


def _agent_inside(
    res: Resources,
    text: str,
    tokens: list[Token],
    i: int,
    used: int,
    place_at: dict[int, PlaceMention],
    mentions: list[ActorMention],
) -> int:
    """A run of capitals that is no name may still hold a country's agent: "El Gobierno de
    Egipto" (sentence-initial "El"). Returns how many tokens to move on."""
    for k in range(i + 1, i + used):
        found, n = language_actor(res, text, tokens, k, place_at, lambda j: (None, 0))
        if found:
            mentions.append(found)
            return k - i + n
    return used


def _agent_of(
    res: Resources, text: str, tokens: list[Token], i: int, place_at: dict[int, PlaceMention]
) -> tuple[ActorMention | None, int]:
    """ "the military forces of Russia", "the government of Japan": agent + of + country."""
    if tokens[i].lower not in res.agents.first_len:
        return None, 1
    n, sectors = res.agents.match_at(tokens, i, cased=False)
    k = i + n
    if not n or k + 1 >= len(tokens) or not is_of(res, tokens[k].lower):
        return None, max(n, 1)
    place = place_at.get(tokens[k + 1].start)
    if place is None or place.kind not in ("country", "demonym"):
        return None, max(n, 1)
    end = place.end
    surface = text[tokens[i].start : end]
    kind = "government" if sectors[-1] in STATE_ROLES else "group"
    name = clean(surface)
    return ActorMention(
        tokens[i].start, end, surface, name[:1].upper() + name[1:], place.country, kind
    ), k + 2 - i


def _add_surnames(
    tokens: list[Token], mentions: list[ActorMention], surnames: set[str]
) -> list[ActorMention]:
    """A lone surname the first scan skipped (e.g. sentence-initial "Hayashi said")."""
    spans = sorted({(m.start, m.end) for m in mentions})
    extra = [
        ActorMention(t.start, t.end, t.text, t.text, None, "person")
        for t in tokens
        if t.lower in surnames and t.text[:1].isupper() and not _overlaps(spans, t.start, t.end)
    ]
    return sorted(mentions + extra, key=lambda m: m.start) if extra else mentions


def _overlaps(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    """Does [start, end) overlap one of the sorted spans? (bisect: linear in the text)"""
    k = bisect_right(spans, (start, end))
    near = spans[max(0, k - 2) : k + 1]
    return any(s < end and start < e for s, e in near)


def _mention_at(
    res: Resources,
    text: str,
    tokens: list[Token],
    i: int,
    place_at: dict[int, PlaceMention],
    common: Common,
) -> tuple[ActorMention | None, int]:
    token = tokens[i]
    place = place_at.get(token.start)
    if place is not None:
        return _country_led(res, text, tokens, i, place, common)
    if not token.text[:1].isupper():
        return None, 1
    function_word = token.lower in res.words_of_language["function"]
    title_n = 0 if function_word else _title_length(tokens, i)
    n, known = res.actors.match_at(tokens, i + title_n)
    own_n, own = match_first_capital(res.own_actors, tokens, i + title_n)
    if own_n > n:  # "Frères musulmans", "Conseil de sécurité de l'ONU"
        n, known = own_n, own
    if function_word and n < 2:
        return None, 1  # "La Unión Europea": the name starts after the article; "Un" is no UN
    # a known name of several words may open with a function word: "Al Qaeda" (Spanish "al")
    if known and not (res.language != ENGLISH and place_before(res, tokens, i, True)):
        return _known(text, tokens, i, title_n, n, known[0]), title_n + n
    if not title_n and capitalised_noun(res, token.text):
        return None, 1  # "Luftangriffe der NATO": the name, if any, starts after the noun
    return _unknown(res, text, tokens, i, title_n, place_at, common)



def _title_length(tokens: list[Token], i: int) -> int:
    n = 0
    while (
        i + n < len(tokens)
        and tokens[i + n].text[:1].isupper()
        and (tokens[i + n].lower.rstrip(".") in TITLE_WORDS)
    ):
        n += 1
    return n if n and _adjacent(tokens, i, i + n + 1) else 0


def _adjacent(tokens: list[Token], i: int, j: int) -> bool:
    window = tokens[i : min(j, len(tokens))]
    return all(
        b.start - a.end <= 1 and not a.possessive for a, b in zip(window, window[1:], strict=False)
    )


def _known(
    text: str, tokens: list[Token], i: int, title_n: int, n: int, known: Known
) -> ActorMention:
    first, last = tokens[i + title_n], tokens[i + title_n + n - 1]
    title = text[tokens[i].start : tokens[i + title_n - 1].end] if title_n else ""
    return ActorMention(
        first.start,
        last.end,
        text[first.start : last.end],
        known.name,
        known.iso3,
        known.kind,
        title,
    )


def _country_led(
    res: Resources, text: str, tokens: list[Token], i: int, place: PlaceMention, common: Common
) -> tuple[ActorMention | None, int]:
    """ "Japanese authorities", "Japan's Foreign Ministry", "Afghan Taliban"."""
    j = i
    while j < len(tokens) and tokens[j].end <= place.end:
        j += 1
    gap = tokens[j].start - tokens[j - 1].end if j < len(tokens) else 99
    if place.kind == "dateline" or gap > (3 if tokens[j - 1].possessive else 1):
        return None, j - i
    n, known = res.actors.match_at(tokens, j)
    if known:
        k = known[0]
        mention = ActorMention(
            tokens[i].start,
            tokens[j + n - 1].end,
            text[tokens[i].start : tokens[j + n - 1].end],
            k.name,
            k.iso3 or place.country,
            k.kind,
        )
        return mention, j + n - i
    n, sectors = res.agents.match_at(tokens, j, cased=False)
    if not sectors or place.kind == "dateline":
        return None, j - i
    foreign = res.language != ENGLISH
    if _followed_by_name(tokens, j + n):
        # "der ägyptische Präsident Hosni Mubarak": the language's titles are no English ones
        return _titled_person(res, text, tokens, i, j + n if foreign else j, place, common)
    end = tokens[j + n - 1].end
    name = clean(text[tokens[i].start : end])
    if foreign:  # "die ägyptische Regierung" -> Government of Egypt, as in every language
        gloss = res.agent_glosses.match_at(tokens, j, cased=False)[1][-1].gloss
        name = f"{gloss} of {res.country_names.get(place.country, place.name)}"
    kind = "government" if sectors[-1] in ("GOV", "MIL", "COP", "JUD", "LEG") else "group"
    return ActorMention(
        tokens[i].start, end, text[tokens[i].start : end], name, place.country, kind
    ), j + n - i


def _followed_by_name(tokens: list[Token], k: int) -> bool:
    return (
        k < len(tokens)
        and tokens[k].text[:1].isupper()
        and tokens[k].start - tokens[k - 1].end == 1
        and tokens[k].lower not in NOT_NAMES
    )


def _titled_person(
    res: Resources,
    text: str,
    tokens: list[Token],
    i: int,
    j: int,
    place: PlaceMention,
    common: Common,
) -> tuple[ActorMention | None, int]:
    """ "Ukrainian President Volodymyr Zelensky": the person, titled, with the country."""
    found, used = _mention_at(res, text, tokens, j, {}, common)
    if found is None:
        return None, j - i
    title = text[tokens[i].start : found.start].strip()
    return replace(found, title=title, country=found.country or place.country), j - i + used


def _unknown(
    res: Resources,
    text: str,
    tokens: list[Token],
    i: int,
    title_n: int,
    place_at: dict[int, PlaceMention],
    common: Common,
) -> tuple[ActorMention | None, int]:
    """A run of capitalised words that is no place: a person or an organisation."""
    start = i + title_n
    j = start
    connectors = _connectors(res.words_of_language["connector"])
    foreign = res.language != ENGLISH
    while (
        j < len(tokens)
        and (tokens[j].text[:1].isupper() or (tokens[j].lower in connectors and j > start))
        and tokens[j].start not in place_at
    ):
        if j > start and (tokens[j].start - tokens[j - 1].end > 1 or tokens[j - 1].possessive):
            break
        if j > start and foreign and "\n" in text[tokens[j - 1].end : tokens[j].start]:
            break  # a heading's last word and the next line's first are no one name
        j += 1
    while j > start and tokens[j - 1].lower in connectors:
        j -= 1
    run = tokens[start:j]
    if len(run) == 1 and _acronym_agent(res, tokens, run[0], j):
        return _acronym_actor(res, text, tokens, run[0], j), j - i + 1
    while run and not title_n and _sentence_start_word(text, run[0], common, foreign):
        run = run[1:]  # "Although BankAmerica", "Shares of ChemLawn": drop the opener
    while run and run[0].lower in connectors:
        run = run[1:]
    if (
        not run
        or not _name_like(res, text, run, title_n > 0, common)
        or _placey(res, tokens, run)
    ):
        return None, max(j - i, 1)
    org = run[-1].lower.rstrip(".") in ORG_WORDS or run[0].lower in res.words_of_language["org"]
    surface = text[run[0].start : run[-1].end]
    title = clean(text[tokens[i].start : tokens[start - 1].end]) if title_n else ""
    kind = "organisation" if org else "person"
    return ActorMention(
        run[0].start, run[-1].end, surface, clean(surface), None, kind, title
    ), j - i


@cache
def _connectors(own: frozenset[str]) -> frozenset[str]:
    """The name connectors with a language's own: one union per language, not per name."""
    return NAME_CONNECTORS | own


def clean(name: str) -> str:
    """One line, single spaces, straight apostrophes: "U.S.\nNavy" -> "U.S. Navy"."""
    return " ".join(name.split()).replace("’", "'")


def _acronym_agent(res: Resources, tokens: list[Token], token: Token, j: int) -> bool:
    """ "NRF forces", "ADF militants": an acronym named by the agent noun after it."""
    return (
        token.text.isupper()
        and 2 <= len(token.text) <= 8
        and j < len(tokens)
        and bool(res.agents.match_at(tokens, j, cased=False)[0])
    )


def _acronym_actor(
    res: Resources, text: str, tokens: list[Token], token: Token, j: int
) -> ActorMention:
    n, sectors = res.agents.match_at(tokens, j, cased=False)
    kind = "government" if sectors[-1] in ("GOV", "COP", "JUD", "LEG") else "group"
    end = tokens[j + n - 1].end
    return ActorMention(token.start, end, text[token.start : end], token.text, None, kind)


def _placey(res: Resources, tokens: list[Token], run: list[Token]) -> bool:
    """ "in Kongo Trading Center", "Minakulu sub-county", "the Torkham border crossing",
    "Lake Victoria": a place (known or not), not an actor; so is a known place's name after
    any locative word ("supplies from Torkham")."""
    k = bisect_left(tokens, run[0].start, key=lambda t: t.start)
    before = tokens[k - 1].lower if k else ""
    after_index = k + len(run)
    after = tokens[after_index].lower if after_index < len(tokens) else ""
    nouns = res.place_nouns
    if before in LOCATIVE or after in nouns or run[-1].lower in nouns:
        return True
    if (run[0].lower in res.place_features and len(run) > 1
            and run[-1].lower.rstrip(".") not in ORG_WORDS):
        return True  # "Lake Victoria", "Mount Kenya"; not "Mount Sinai Hospital"
    if res.language != ENGLISH and place_before(res, tokens, k):
        return True  # "la localidad de Duma", "la plaza Tahrir", "en Alepo"
    return before in PLACE_LOCATIVE and _known_place(res, " ".join(t.text for t in run))


def _known_place(res: Resources, name: str) -> bool:
    return bool(res.gazetteer.get(name) or res.countries.get(name))


def _sentence_start_word(text: str, token: Token, common: Common, foreign: bool) -> bool:
    before = text[max(0, token.start - 3) : token.start].strip()
    at_start = not before or before[-1] in '.!?"“—–:\n¿¡«'
    if foreign and not at_start:  # a line is a sentence: a heading, a caption, a list item
        at_start = line_start(text, token.start)
    return at_start and common(token.text)


def _name_like(
    res: Resources, text: str, run: list[Token], titled: bool, common: Common
) -> bool:
    words = [t.lower for t in run]
    if any(w in NOT_NAMES or w in FUNCTION_WORDS for w in words[:1]) and len(run) == 1:
        return False
    if words[0] in FUNCTION_WORDS or words[0] in NOT_NAMES:
        return False
    if res.language != ENGLISH and not language_name_like(res, text, run, titled, common):
        return False
    if all(w in TITLE_WORDS or w in ORG_WORDS for w in words):
        return False
    if any(w in NON_ACTOR_WORDS or w.split("-")[0] in NON_ACTOR_WORDS for w in words):
        return False
    if any(ch.isdigit() for t in run for ch in t.text):
        return False
    if sum(len(t.text) > 1 and t.text.isupper() for t in run) >= 2:
        return False  # "UND MAY UNC", "DURUM WHEAT": a headline or table in capitals
    if len(run) == 1 and len(run[0].text) <= 3 and not run[0].text.isupper():
        return False  # "Co", "Vs", "Feb"
    if len(run) == 1 and not titled:
        before = text[max(0, run[0].start - 3) : run[0].start].strip()
        if not before or before[-1] in '.!?"“—–:\n¿¡«' or run[0].text.isupper():
            return False
        return not common(run[0].text)  # "Gold", "Operations": words, not names
    return True


def _with_apposition(
    res: Resources, text: str, mention: ActorMention, place_at: dict[int, PlaceMention]
) -> ActorMention:
    """ "Latif Nazari, the deputy economy minister for the Taliban" -> AFG, title kept."""
    if mention.country or mention.kind != "person":
        return mention
    match = _APPOSITION.match(text[mention.end : mention.end + 140])
    if not match:
        return mention
    head = match.group(2)
    country = _country_of_phrase(res, head, mention.end + match.start(2), place_at)
    if not country:
        return mention
    title = mention.title or match.group(1).strip()
    return replace(mention, country=country, title=title)


def _country_of_phrase(
    res: Resources, phrase: str, start: int, place_at: dict[int, PlaceMention]
) -> str | None:
    if start in place_at:
        return place_at[start].country
    tokens = tokenise(phrase)
    n, known = res.actors.match_at(tokens, 0)
    return known[0].iso3 if known else None


def merge_aliases(mentions: list[ActorMention]) -> list[ActorMention]:
    """Within one text a surname (or other last word) stands for the full name seen elsewhere."""
    full: dict[str, ActorMention] = {}
    for m in mentions:
        parts = m.name.split()
        if m.kind == "person" and len(parts) > 1:
            full.setdefault(parts[-1].lower(), m)
    merged = []
    for m in mentions:
        other = full.get(m.name.lower()) if " " not in m.name else None
        if other is not None and other.name != m.name:
            m = ActorMention(
                m.start,
                m.end,
                m.text,
                other.name,
                m.country or other.country,
                other.kind,
                m.title or "",
            )
        merged.append(m)
    known: dict[str, str] = {}
    for m in merged:
        if m.country:
            known.setdefault(m.name, m.country)
    return [
        m if m.country or m.name not in known else replace(m, country=known[m.name]) for m in merged
    ]
