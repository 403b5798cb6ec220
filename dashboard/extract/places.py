"""Countries and places: names, demonyms, capitals, cities, regions and datelines -> ISO-3.

Candidates come from two lazily loaded tables: country names/aliases (CAMEO Phoenix plus our
overlay) and a GeoNames gazetteer of populated places and first/second-level regions. An
ambiguous name ("Georgia", "Northern", "Santa Cruz") is resolved by the other places in the
same text, then by kind and population.
"""

from __future__ import annotations

import re
from collections import defaultdict
from typing import NamedTuple

from dashboard.extract.lexicon import Lexicon, match_first_capital, words
from dashboard.extract.place_tables import Candidate
from dashboard.extract.resources import ENGLISH, Resources, default_resources
from dashboard.extract.tokens import Token, tokenise
from dashboard.models import PlaceMention

# Capitalised words that start sentences or clauses; never part of a person's name.
FUNCTION_WORDS = words(
    """
    a an the in on at from to for with by after before during near into of and but or as while
    when where since until this that these those his her its their our some many most both all
    several two three four five on monday tuesday wednesday thursday friday saturday sunday
    """
)


# Capitalised words that may precede a place name without being part of a person's name.
QUALIFIERS = words(
    """
    northern southern eastern western central north south east west northeastern northwestern
    southeastern southwestern greater upper lower rural neighbouring neighboring occupied new
    old downtown metropolitan coastal
    """
)


# Locative words after which a capitalised common word is a town ("in Nice", "near Split").
LOCATIVE = words(
    """
    in at near from to outside inside of off toward towards via across through around between
    within throughout along beyond into
    """
)


# "KAMPALA —", "SAN MATEO, Calif. —", "TRINCOMALEE, Sri Lanka (Reuters) -", and the wire's
# own form with the day: "SAN MATEO, Calif., March 2 -".
_DATELINE = re.compile(
    r"^\s*([^\W\d_](?:[^\W\d_]|[.'’ -]){1,40}?)(?:,\s*([^\W\d_](?:[^\W\d_]|[. ]){1,29}?))?"
    r"(?:,\s*[A-Z][A-Za-z]{2,8}\.?\s+\d{1,2})?\s*(?:\([^)]*\)\s*)?[—–-]{1,2}\s"
)
# A dateline's place is the far bigger of its namesakes ("LONDON" is not London, Ontario, even
# in a story about Canada) when it outnumbers every other country's by this factor; otherwise
# the text decides. Measured on Reuters datelines (``eventline eval datelines``).
DOMINANT_POPULATION = 10


_KIND_RANK = {"country": 6, "demonym": 5, "capital": 4, "admin1": 3, "city": 2, "admin2": 1}


def find_places(
    text: str, tokens: list[Token] | None = None, resources: Resources | None = None,
    title: str = "", outlet: str = "",
) -> list[PlaceMention]:
    """Countries and places mentioned in ``text``, each resolved to one ISO-3 country.

    ``title`` and ``outlet`` ("Lima Evening Star") are texts whose places help decide
    between namesakes ("CHALA —" in Peru or Tanzania) but are not mentions."""
    res = resources or default_resources()
    tokens = tokenise(text) if tokens is None else tokens
    raw = _dateline(res, text) + _scan(res, text, tokens)
    hints = _scan(res, title, tokenise(title)) if title.strip() else []
    return resolve(raw, hints + _outlet_places(res, outlet))


# An outlet's name holds the place it reports from ("The Kathmandu Post", "Times of India",
# "Lima Evening Star"): only a country, a capital, a region or a big city counts, so that
# "Star" or "Post" (towns somewhere) do not.
_OUTLET_CITY = 100_000


def _outlet_places(res: Resources, outlet: str) -> list[RawPlace]:
    names = outlet.replace(",", " ").split()
    found, i = [], 0
    while i < len(names):
        step = 1
        for n in (3, 2, 1):
            name = " ".join(names[i:i + n])
            if len(names) < i + n or not name[:1].isupper() or name.lower() in QUALIFIERS:
                continue  # ("South China Morning Post": "South" is no region)
            cands = [c for c in res.countries.get(name) + res.gazetteer.get(name)
                     if c.kind in ("country", "alias", "capital", "admin1")
                     or c.population >= _OUTLET_CITY]
            if cands:
                found.append(RawPlace(0, 0, name, False, cands))
                step = n
                break
        i += step
    return found


class RawPlace(NamedTuple):
    start: int
    end: int
    text: str
    dateline: bool
    candidates: list[Candidate]
    bracketed: bool = False


def resolve(raw: list[RawPlace], hints: list[RawPlace] | None = None) -> list[PlaceMention]:
    """Pick one candidate per mention, preferring countries the whole text (and ``hints``,
    places of its title and outlet) points to."""
    scores = _country_scores(raw + (hints or []))
    top = max(scores.values(), default=0.0)
    mentions = []
    for r in raw:
        dominant = _dominant(r.candidates) if r.dateline else None
        best = dominant or max(r.candidates, key=lambda c: _rank(c, scores))
        if _stray(best, scores[best.iso3], top):
            continue
        kind = "dateline" if r.dateline else _public_kind(best.kind)
        mentions.append(
            PlaceMention(r.start, r.end, r.text, best.name, best.iso3, kind, best.lat, best.lon)
        )
    return mentions


def _dominant(candidates: list[Candidate]) -> Candidate | None:
    """The most populous candidate, if it outnumbers every other country's many times over
    (a population of 0 is unknown, not small: then the text decides)."""
    biggest = max(candidates, key=lambda c: c.population)
    others = [c.population for c in candidates if c.iso3 != biggest.iso3]
    if others and min(others) > 0 and biggest.population >= DOMINANT_POPULATION * max(others):
        return biggest
    return None


def _stray(best: Candidate, score: float, top: float) -> bool:
    """A small foreign town in a text that clearly points elsewhere is a false match."""
    return (
        best.kind in ("city", "admin2")
        and best.population < 100_000
        and top >= 3.0
        and (score * 3 < top)
    )


def _public_kind(kind: str) -> str:
    return {"alias": "region", "admin1": "region", "admin2": "region"}.get(kind, kind)


def _rank(c: Candidate, scores: defaultdict[str, float]) -> tuple:
    return (round(scores[c.iso3], 3), _KIND_RANK.get(c.kind, 0) >= 4, c.population)


# How strongly a mention of each kind speaks for its country; regions in brackets ("(Oyam,
# Northern)") are ACLED-style locators and count double.
_VOTE = {
    "country": 3.0,
    "alias": 3.0,
    "demonym": 1.5,
    "capital": 2.0,
    "admin1": 2.0,
    "admin2": 1.5,
    "city": 1.0,
}


def _country_scores(raw: list[RawPlace]) -> defaultdict[str, float]:
    """Each mention votes for its candidate countries, split evenly between them."""
    scores: defaultdict[str, float] = defaultdict(float)
    for r in raw:
        weights: dict[str, float] = {}
        for c in r.candidates:
            weights[c.iso3] = max(weights.get(c.iso3, 0.0), _VOTE.get(c.kind, 1.0))
        factor = (2.0 if r.bracketed else 1.0) / len(weights)
        for iso3, weight in weights.items():
            scores[iso3] += weight * factor
    return scores


def _dateline(res: Resources, text: str) -> list:
    match = _DATELINE.match(text)
    if not match or not match.group(1).isupper():
        return []
    words = match.group(1).strip()
    cands = res.countries.get(words.title()) + res.gazetteer.get(words.title())
    cands = [c for c in cands if c.kind != "admin2"]
    region = _region(res, match.group(2))
    if region:  # "SAN MATEO, Calif.": the one in the USA; a town we lack: the region itself
        cands = [c for c in cands if c.iso3 == region[0].iso3] or region
    if not cands:
        return []
    start = match.start(1)
    return [RawPlace(start, start + len(words), words, True, _dateline_preference(cands))]


def _region(res: Resources, qualifier: str | None) -> list[Candidate]:
    """The region or country a dateline names after its place ("Calif.", "Sri Lanka",
    "Ontario"), as candidates of one country; [] when there is none or it is ambiguous
    ("Georgia" spelled out)."""
    if not qualifier or not qualifier.strip():
        return []
    name = qualifier.strip()
    known = res.dateline_regions.get(name)
    if known is not None:
        iso3, name = known
        return [c for c in res.gazetteer.get(name) if c.iso3 == iso3][:1] or [
            Candidate(name, iso3, "admin1", 0, None, None)]
    found = [c for c in res.countries.get(name) + res.gazetteer.get(name)
             if c.kind in ("country", "alias", "admin1")]
    return found if len({c.iso3 for c in found}) == 1 else []


def _dateline_preference(cands: list[Candidate]) -> list[Candidate]:
    """A dateline names a town: of each country's namesakes its towns, if it has any (the
    region only otherwise, so Spanish "TRÍPOLI", listed as Libya's region, still competes
    with a Greek town of that spelling)."""
    towns = {c.iso3 for c in cands if c.kind in _TOWN_KINDS}
    return [c for c in cands if c.iso3 not in towns or c.kind in _TOWN_KINDS]


_TOWN_KINDS = ("capital", "city", "alias")


def _scan(res: Resources, text: str, tokens: list[Token]) -> list:
    found = []
    countries, places, own_places = res.countries, res.gazetteer, res.own_places
    i = 0
    demonyms = res.demonyms  # lower-case country adjectives: none in English
    while i < len(tokens):
        if not tokens[i].text[:1].isupper() or (i == 0 and _in_dateline(text, tokens[0])):
            if tokens[i].lower in demonyms.first_len:
                n, cands = demonyms.match_at(tokens, i, cased=False)
                if n:
                    start, end = tokens[i].start, tokens[i + n - 1].end
                    found.append(RawPlace(start, end, text[start:end], False, cands))
                    i += n
                    continue
            i += 1
            continue
        low = tokens[i].lower
        if (low not in countries.first_len and low not in own_places.first_len
                and low not in places.first_len):
            i += 1  # most capitalised words start no name of any table: nothing to match
            continue
        if _sentence_article(tokens, i, countries, places):
            i += 1
            continue
        n1, c1 = countries.match_at(tokens, i)
        n3, c3 = match_first_capital(own_places, tokens, i)
        if n3 > n1:  # "Arabie saoudite": the language writes the other words in lower case
            n1, c1 = n3, c3
        n2, c2 = places.match_at(tokens, i)
        c2 = _with_bare_name(res, tokens, i, n2, c2)
        n = max(n1, n2)
        cands = (c1 if n1 == n else []) + _gazetteer_extra(
            c2 if n2 == n else [], c1 if n1 == n else []
        )
        cityish = n1 == n and not any(c.kind in ("country", "demonym") for c in c1)
        known = c1 if n1 == n else []
        if n and _accept(res, text, tokens, i, n, cands if n1 != n else None, cityish, known):
            start, end = tokens[i].start, tokens[i + n - 1].end
            found.append(
                RawPlace(start, end, text[start:end], False, cands, _bracketed(text, start))
            )
            i += n
        else:
            i += max(n, 1)
    return found


def _with_bare_name(res: Resources, tokens: list[Token], i: int, n: int,
                    candidates: list[Candidate]) -> list[Candidate]:
    """"Central Region" is Nepal's, Uganda's and Malawi's under that name, and Ghana's under
    "Central": when the name ends in a place word ("Region", "Province", "District"), the
    regions and districts named without it are candidates too, so that the article's own
    country can choose among them."""
    if n < 2 or tokens[i + n - 1].lower not in res.place_words:
        return candidates
    bare = res.gazetteer.get(" ".join(t.text for t in tokens[i:i + n - 1]))
    have = {(c.iso3, c.kind) for c in candidates}
    extra = [c for c in bare if c.kind.startswith("admin") and (c.iso3, c.kind) not in have]
    return candidates + extra if extra else candidates


def _sentence_article(tokens: list[Token], i: int, *tables: Lexicon) -> bool:
    """ "The United States said": the name starts after a sentence's "The", as it does in
    "the United States said" (the alias "The United States" would make it a region)."""
    return tokens[i].lower == "the" and any(t.match_at(tokens, i + 1)[0] for t in tables)


def _gazetteer_extra(gazetteer: list[Candidate], known: list[Candidate]) -> list[Candidate]:
    """A name the country table knows keeps only its big gazetteer namesakes ("Georgia")."""
    if not any(c.kind in ("country", "alias", "demonym") for c in known):
        return gazetteer
    same = {c.iso3 for c in known}
    return [
        c
        for c in gazetteer
        if c.iso3 in same
        or (c.kind in ("admin1", "country") and c.population > 1_000_000)
        or c.population > 300_000
    ]


def _bracketed(text: str, start: int) -> bool:
    """Inside "( ... )" that closes within the next few words: an ACLED-style locator."""
    opened = text.rfind("(", max(0, start - 80), start)
    return opened >= 0 and ")" not in text[opened:start] and ")" in text[start : start + 80]


def _in_dateline(text: str, token: Token) -> bool:
    match = _DATELINE.match(text)
    return bool(match and match.group(1).isupper() and token.start < match.end())


def _accept(
    res: Resources,
    text: str,
    tokens: list[Token],
    i: int,
    n: int,
    gazetteer: list[Candidate] | None,
    cityish: bool = False,
    known: list[Candidate] | None = None,
) -> bool:
    """Reject names that are part of a person's or organisation's name, or common words.

    ``gazetteer`` holds the candidates when only the gazetteer knows the name; ``known`` the
    country table's (a language's own town names come with the gazetteer's population).
    """
    if (gazetteer is not None or cityish) and _part_of_longer_name(
        res, text, tokens, i, n, check_next=True
    ):
        return False
    if gazetteer is None and not cityish and _part_of_longer_name(res, text, tokens, i, n, False):
        return _is_demonym(res, tokens, i)
    if cityish and n == 1 and not _locative_context(res, text, tokens, i, n):
        # a lone alias ("Reagan", "Delta") needs context unless it is a big city
        big = res.gazetteer.match_at(tokens, i)[1] + (known or [])
        return any(c.population >= 100_000 for c in big) or tokens[i].text.isupper()
    if gazetteer is None:
        return True
    word = tokens[i]
    if word.text.isupper() and n == 1:
        return False  # "NATO", "SUD", "BJP": acronyms of organisations, not towns
    if word.lower in QUALIFIERS:
        # "Western": a place only as a bracketed locator ("(Oyam, Northern)")
        return n > 1 or _bracketed(text, word.start)
    located = _locative_context(res, text, tokens, i, n)
    common = all(c.common for c in gazetteer) or word.lower in res.common_words
    if n == 1 and (common or word.text.isupper()) and not located:
        return False
    if not located and max(c.population for c in gazetteer) < 100_000:
        return False  # a small town named without "in", "near" or brackets: likely a surname
    return located or not _sentence_initial(text, tokens[i]) or n > 1


def _part_of_longer_name(
    res: Resources, text: str, tokens: list[Token], i: int, n: int, check_next: bool
) -> bool:
    prev = tokens[i - 1] if i else None
    if (
        prev
        and prev.text[:1].isupper()
        and prev.lower not in FUNCTION_WORDS
        and prev.lower not in res.words_of_language["function"]
        and prev.lower not in QUALIFIERS
        and not capitalised_noun(res, prev.text)  # "Gefechte Aleppo" is no one name
        and tokens[i].start - prev.end == 1
        and not (res.language != ENGLISH and text[prev.end] == "\n")
        and not prev.possessive
        and not any(c.kind in ("country", "demonym") for c in res.countries.get(prev.text))
    ):
        return True  # "Michael Jordan", "Paris Hilton"
    nxt = tokens[i + n] if i + n < len(tokens) else None
    return bool(
        check_next
        and nxt
        and nxt.lower not in res.place_words
        and nxt.text[:1].isupper()
        and not capitalised_noun(res, nxt.text)  # "in Sanaa Dutzende Aktivisten"
        and nxt.start - tokens[i + n - 1].end == 1
        and not (res.language != ENGLISH and text[nxt.start - 1] == "\n")
        and not tokens[i + n - 1].possessive
    )


def capitalised_noun(res: Resources, word: str) -> bool:
    """A common noun of a language that capitalises every noun (German "Dutzende",
    "Luftangriffe"): it is no part of a name of a place or an actor."""
    return (
        res.language != ENGLISH
        and "nouns_capitalised" in res.words_of_language["setting"]
        and res.is_common_word(word, english=False)
    )


def _is_demonym(res: Resources, tokens: list[Token], i: int) -> bool:
    """ "Senior Hungarian officials": a demonym after a capitalised word is still a demonym."""
    return any(c.kind == "demonym" for c in res.countries.match_at(tokens, i)[1])


def _locative_context(res: Resources, text: str, tokens: list[Token], i: int, n: int) -> bool:
    """ "in X", "X district", "(X, Y)", "X, Alabama": the words around make X a place."""
    before = text[max(0, tokens[i].start - 2) : tokens[i].start]
    if "(" in before or (i and tokens[i - 1].lower in LOCATIVE):
        return True
    if i and tokens[i - 1].lower in res.words_of_language["locative"]:
        return True  # "en Alepo", "à Benghazi"
    if i + n < len(tokens) and tokens[i + n].lower in res.place_words:
        return True
    if _bracketed(text, tokens[i].start):
        return True
    after = text[tokens[i + n - 1].end : tokens[i + n - 1].end + 2]
    if after.startswith(",") and i + n < len(tokens) and _is_place_word(res, tokens, i + n):
        return True  # "Mobile, Alabama"
    return (
        after.startswith((")", ",")) and "(" in text[max(0, tokens[i].start - 60) : tokens[i].start]
    )


def _is_place_word(res: Resources, tokens: list[Token], j: int) -> bool:
    n, cands = res.gazetteer.match_at(tokens, j)
    return any(c.kind in ("admin1", "country") for c in cands) or bool(
        res.countries.match_at(tokens, j)[0]
    )


def _sentence_initial(text: str, token: Token) -> bool:
    before = text[max(0, token.start - 3) : token.start].strip()
    return not before or before[-1] in '.!?"“—–-:\n'


def country_code(name: str, resources: Resources | None = None) -> str | None:
    """ISO-3 for a country's name ("Democratic Republic of Congo" -> "COD"), else None."""
    res = resources or default_resources()
    cands = res.countries.get(name) + res.gazetteer.get(name)
    ranked = sorted(cands, key=lambda c: (c.kind not in ("country", "alias"), -c.population))
    return ranked[0].iso3 if ranked else None
