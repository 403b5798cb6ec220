"""Per-language extraction tables (data/dictionaries/<lang>/), built by ``resources`` on first use.

Each language Eventline reads besides English has a folder of data files (see its README):

- ``words.tsv``: word lists by kind (function words, common words, titles, connectors ...);
- ``inflections.tsv``: ending classes that write out a lemma's forms ("atacar" -> "atacó",
  "atacaron", "atacado" ...) and an adjective's ("egipcio" -> "egipcia", "egipcios" ...);
- ``verbs.tsv``: verb lemmas (and irregular forms) -> CAMEO root code;
- ``event_nouns.tsv``: nouns that name an event ("protesta", "bombardeo") -> CAMEO root;
- ``demonyms.tsv``: country adjectives and nationality nouns -> ISO-3;
- ``agents.tsv``: agent nouns ("gobierno", "ejército") -> CAMEO sector and an English gloss;
- ``actors.tsv``: the language's names of organisations and people -> canonical name;
- ``places.tsv`` (ours) and ``cldr_places.tsv`` (built from CLDR): names of countries,
  capitals and towns -> ISO-3 and the English name the gazetteer knows;
- ``credits.tsv``: agencies, credit lines and boilerplate ("Todos los derechos reservados").
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, NamedTuple

from dashboard.extract.lexicon import Lexicon

if TYPE_CHECKING:
    from dashboard.extract.resources import Resources

# The kinds a words.tsv row may have; a test checks every row uses one of them.
WORD_KINDS = (
    "function",  # never a name, nor its first word: articles, prepositions, pronouns, openers
    "common",  # common nouns and adjectives that are capitalised in news ("Gobierno")
    "suffix",  # an ending that marks a common word ("-ción", "-mente"): never a name alone
    "title",  # words of a title before a person's name ("presidente", "primer ministro")
    "connector",  # lower-case words inside a name ("Consejo de Seguridad de la ONU")
    "of",  # "de": "el Gobierno de Egipto"
    "locative",  # "en", "desde": a name after them is a place
    "place_noun",  # "ciudad", "plaza": a name after them (and "de") is a place
    "org",  # first words of an organisation's name ("Ministerio", "Partido")
    "determiner",  # a verb form after these is a noun ("el ataque")
    "passive",  # passive auxiliaries ("fue", "fueron")
    "by",  # the agent's preposition in the passive ("por")
    "negation",  # "no", "nunca": a negated cooperation is a refusal
    "must",  # "debe": a demand
    "intent",  # "va a", "promete": a promise (intent or threat)
    "refusal",  # "se negó a": a refusal
    "light",  # verbs that name no event of their own ("realizar", "llevar a cabo")
    "armed",  # armed opponents: violence against them is fighting (19)
    "heavy",  # heavy weapons: their use is fighting (19)
    "setting",  # a fact about the language ("nouns_capitalised": German)
)


class Agent(NamedTuple):
    sector: str  # CAMEO sector ("GOV", "MIL", "COP", "REB" ...)
    gloss: str  # English noun, for the actor's name ("Government of Egypt")


@dataclass(frozen=True)
class LanguageWords:
    """The word lists of one language; all empty for English (its lists live in code)."""

    kinds: dict[str, frozenset[str]] = field(default_factory=dict)
    titles: Lexicon = field(default_factory=Lexicon)
    suffixes: tuple[str, ...] = ()

    def __getitem__(self, kind: str) -> frozenset[str]:
        return self.kinds.get(kind, frozenset())


def load_words(res: Resources) -> LanguageWords:
    kinds: dict[str, set[str]] = {}
    titles = Lexicon()
    for kind, word in res.language_rows("words.tsv"):
        kinds.setdefault(kind, set()).add(word.lower())
        if kind == "title":
            titles.add(spaced(word), word)
    suffixes = tuple(sorted(kinds.get("suffix", ()), key=len, reverse=True))
    return LanguageWords({k: frozenset(v) for k, v in kinds.items()}, titles, suffixes)


def spaced(phrase: str) -> str:
    """A phrase as the tokens see it: "l'armée de l'air" -> "l armée de l air" (the tokeniser
    splits words at apostrophes, as French and Italian elide)."""
    return phrase.replace("'", " ").replace("’", " ")


def load_inflections(res: Resources) -> dict[str, tuple[str, tuple[str, ...]]]:
    """Class -> (the lemma's ending, the endings that replace it)."""
    table = {}
    for cls, ending, replacements, _example in res.language_rows("inflections.tsv"):
        # an empty replacement is the bare stem ("suspendre" -> "suspend")
        table[cls] = (ending, tuple(r.strip() for r in replacements.split(",")) if replacements
                      else ())
    return table


def inflect(lemma: str, cls: str, table: dict[str, tuple[str, tuple[str, ...]]]) -> list[str]:
    """The forms of ``lemma`` in class ``cls`` ("=": the lemma only, as written)."""
    if cls == "=":
        return [lemma]
    ending, replacements = table[cls]
    if not lemma.endswith(ending):
        raise ValueError(f"{lemma!r} does not end in {ending!r}, the ending of class {cls!r}")
    stem = lemma[: len(lemma) - len(ending)]
    return [lemma, *(stem + r for r in replacements)]


SPLIT = "…"  # "lehnte … ab": a finite stem whose particle comes later in the clause


def load_verbs(res: Resources) -> dict[str, tuple[str, str]]:
    """Verb form -> (lemma, CAMEO root); "" code for light verbs. First lemma wins a form.
    Separable forms ("lehnte … ab") are left to ``load_split_verbs``."""
    table = res.inflections
    verbs: dict[str, tuple[str, str]] = {}
    for lemma, cls, code, extra, _example in res.verb_rows:
        forms = inflect(lemma, cls, table) + [f.strip() for f in extra.split(",") if f.strip()]
        for form in forms:
            if SPLIT not in form:
                verbs.setdefault(" ".join(form.lower().split()), (lemma, code))
    return verbs


def load_split_verbs(res: Resources) -> dict[str, list[tuple[str, str]]]:
    """Finite stem -> [(particle, CAMEO root)] of separable verbs: "lehnte" -> [("ab", "12")]."""
    split: dict[str, list[tuple[str, str]]] = {}
    for _lemma, _cls, code, extra, _example in res.verb_rows:
        for form in extra.split(","):
            if SPLIT in form:
                head, _, particle = (part.strip().lower() for part in form.partition(SPLIT))
                split.setdefault(head, []).append((particle, code))
    return split


def load_event_nouns(res: Resources) -> dict[str, str]:
    nouns: dict[str, str] = {}
    for noun, cls, code, _example in res.language_rows("event_nouns.tsv"):
        for form in inflect(noun, cls, res.inflections):
            nouns.setdefault(form.lower(), code)
    return nouns


def demonym_rows(res: Resources) -> Iterator[tuple[str, str]]:
    """(form, ISO-3) for every written-out form of every demonym."""
    for form, cls, iso3 in res.language_rows("demonyms.tsv"):
        for written in inflect(form, cls, res.inflections):
            yield written, iso3


def load_agents(res: Resources) -> Lexicon:
    """Agent noun (every form given) -> Agent(sector, English gloss)."""
    lexicon = Lexicon()
    for nouns, sector, gloss in res.language_rows("agents.tsv"):
        for noun in nouns.split(","):
            lexicon.add(spaced(noun.strip()), Agent(sector, gloss))
    return lexicon


def first_words(phrases: Iterable[str]) -> dict[str, int]:
    """First word -> the most words of a phrase that starts with it: a token that starts no
    phrase costs one lookup."""
    starts: dict[str, int] = {}
    for phrase in phrases:
        words = phrase.split()
        if words:
            starts[words[0]] = max(starts.get(words[0], 0), len(words))
    return starts
