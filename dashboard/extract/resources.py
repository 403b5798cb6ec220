"""Everything extraction reads from data files, in one object passed into extraction.

``Resources`` reads the dictionaries (package data, through ``importlib.resources``) the first
time a table is used and keeps it: a worker that never meets a place never parses the
gazetteer. ``extract_events(article)`` and the finders use ``default_resources()``, one
instance per process, unless they are handed another (a test's own folder of files, say). A
missing or unreadable file is an error that names it.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache, cached_property
from importlib.resources.abc import Traversable

from dashboard.extract import actor_tables, credits, language_tables, lexicon, place_tables
from dashboard.extract.verbs import PatternIndex, load_block_defaults, load_patterns
from dashboard.paths import DICTIONARIES

ENGLISH = "en"


class Resources:
    """The extraction tables of one folder of dictionaries, each loaded once, on first use.

    These are the English tables; ``for_language(code)`` gives the tables of another language
    Eventline reads (a ``LanguageResources`` sharing the English ones, made once per language).
    """

    language = ENGLISH

    def __init__(self, folder: Traversable = DICTIONARIES) -> None:
        self.folder = folder
        self._languages: dict[str, Resources] = {}

    def rows(self, name: str) -> Iterator[list[str]]:
        """Rows of a TSV (optionally .gz) in the folder, comment lines skipped."""
        return lexicon.read_rows(self.folder, name)

    def language_rows(self, name: str) -> Iterator[list[str]]:
        """Rows of a file of this language's own folder (none for English)."""
        return iter(())

    def for_language(self, language: str) -> Resources:
        """The tables to read text in ``language`` with: English ones for English and for a
        language without a folder of its own (its names, places and types are still matched
        with the English tables, as before other languages had theirs)."""
        if language == self.language or not (self.folder / language).is_dir():
            return self
        view = self._languages.get(language)
        if view is None:
            view = self._languages[language] = LanguageResources(self, language)
        return view

    # -- per-language word lists (empty for English: its lists are in the modules) ------
    @cached_property
    def words_of_language(self) -> language_tables.LanguageWords:
        return language_tables.LanguageWords()

    @cached_property
    def demonyms(self) -> lexicon.Lexicon:
        """Lower-case country adjectives ("egipcio", "syrienne"): none in English."""
        return lexicon.Lexicon()

    @cached_property
    def event_nouns(self) -> dict[str, str]:
        return {}

    @cached_property
    def agent_glosses(self) -> lexicon.Lexicon:
        """Agent noun -> Agent(sector, English gloss), for languages that name them apart."""
        return lexicon.Lexicon()

    @cached_property
    def country_names(self) -> dict[str, str]:
        """ISO-3 -> English country name, for actors named after a country (other languages)."""
        return {}

    @cached_property
    def own_places(self) -> lexicon.Lexicon:
        """Place names of the language alone (none for English: all are in ``countries``)."""
        return lexicon.Lexicon()

    @cached_property
    def own_actors(self) -> lexicon.Lexicon:
        """Actor names of the language alone (none for English: all are in ``actors``)."""
        return lexicon.Lexicon()

    @cached_property
    def place_rows(self) -> list[list[str]]:
        return []

    @cached_property
    def demonym_forms(self) -> list[tuple[str, str]]:
        return []

    @cached_property
    def verb_rows(self) -> list[list[str]]:
        return []

    @cached_property
    def split_verbs(self) -> dict[str, list[tuple[str, str]]]:
        """Finite stem -> [(particle, root)] of separable verbs (other languages)."""
        return {}

    @cached_property
    def verb_starts(self) -> dict[str, int]:
        """First word of a verb form or light verb -> its most words (other languages)."""
        light = self.words_of_language["light"]
        return language_tables.first_words([*self.verbs, *light])

    @cached_property
    def noun_starts(self) -> dict[str, int]:
        """First word of an event noun -> its most words (other languages)."""
        return language_tables.first_words(self.event_nouns)

    @cached_property
    def inflections(self) -> dict[str, tuple[str, tuple[str, ...]]]:
        return {}

    def is_common_word(
        self, word: str, seen_lower: frozenset[str] = frozenset(), english: bool = True
    ) -> bool:
        """A word of the language, not a name ("Shares", "Gobierno"); in English, web2."""
        return self.is_english_word(word)

    def words(self, name: str) -> frozenset[str]:
        """The first column of a word list."""
        return frozenset(row[0] for row in self.rows(name))

    # -- places -----------------------------------------------------------------------
    @cached_property
    def countries(self) -> lexicon.Lexicon:
        """Country names, demonyms, capitals and our overlay -> candidates."""
        return place_tables.load_countries(self)

    @cached_property
    def gazetteer(self) -> place_tables.Gazetteer:
        """GeoNames towns and regions, ISO 3166-2 subdivisions -> candidates."""
        return place_tables.load_gazetteer(self)

    @cached_property
    def dateline_regions(self) -> dict[str, tuple[str, str]]:
        """Abbreviated region after a dateline's place ("Calif.") -> (ISO-3, region name)."""
        return {row[0]: (row[1], row[2]) for row in self.rows("dateline_regions.tsv")}

    @cached_property
    def common_words(self) -> frozenset[str]:
        """English words that are also town names ("Of", "Split", "Nice", "Mobile")."""
        return place_tables.load_common_words(self)

    @cached_property
    def place_words(self) -> frozenset[str]:
        """Words after a name that make it a place ("Kisii County", "Torkham border")."""
        return self.words("place_words.tsv")

    # -- actors -----------------------------------------------------------------------
    @cached_property
    def actors(self) -> lexicon.Lexicon:
        """Actor alias -> Known(canonical name, ISO-3, kind)."""
        return actor_tables.load_actors(self)

    @cached_property
    def agents(self) -> lexicon.Lexicon:
        """Agent noun (singular and plural) -> CAMEO sector code."""
        return actor_tables.load_agents(self)

    @cached_property
    def place_nouns(self) -> frozenset[str]:
        """Nouns that make the name before them a place ("the Torkham border crossing")."""
        return self.words("place_nouns.tsv")

    @cached_property
    def place_features(self) -> frozenset[str]:
        """Words that open a natural feature's name ("Lake Victoria", "Mount Kenya")."""
        return self.words("place_features.tsv")

    @cached_property
    def english_words(self) -> frozenset[str]:
        """Common English words (web2, lower case): capitalised only at a sentence start."""
        return self.words("english_words.txt.gz")

    @cached_property
    def calendar_names(self) -> frozenset[str]:
        """Days and months, capitalised when text in capitals is re-cased."""
        return self.words("calendar_names.tsv")

    @cached_property
    def credit_patterns(self) -> credits.Patterns:
        """Newswire signatures, credit lines and bylines, compiled."""
        return credits.load_patterns(self)

    # -- event types --------------------------------------------------------------------
    @cached_property
    def verbs(self) -> dict[str, tuple[str, str]]:
        """Verb form -> (CAMEO verb block, root code)."""
        return {form: (block, code) for form, block, code in self.rows("cameo_verbs.tsv")}

    @cached_property
    def verb_pair_heads(self) -> frozenset[str]:
        """First words of the verb forms of two words or more ("called for"): only a word
        among these is looked up together with the next one."""
        return frozenset(form.split(" ", 1)[0] for form in self.verbs if " " in form)

    @cached_property
    def verb_patterns(self) -> PatternIndex:
        """Verb block -> first object word -> (code, words before, words after)."""
        return load_patterns(self._verb_pattern_rows)

    @cached_property
    def verb_defaults(self) -> dict[str, str]:
        """Verb block -> the root most of its patterns give (for blocks without a code)."""
        return load_block_defaults(self._verb_pattern_rows)

    @cached_property
    def _verb_pattern_rows(self) -> list[list[str]]:
        return list(self.rows("cameo_verb_patterns.tsv"))

    def is_english_word(self, word: str) -> bool:
        """True for "shares", "including", "prices": inflections of a common word count too."""
        return lexicon.is_english_word(word, self.english_words)

    def loaded(self) -> list[str]:
        """Names of the tables loaded so far (for tests of laziness)."""
        lazy = {name for name, kind in vars(Resources).items() if isinstance(kind, cached_property)}
        return sorted(lazy & set(vars(self)))


@cache
def default_resources() -> Resources:
    """The process-wide resources: the dictionaries shipped with Eventline."""
    return Resources()



class LanguageResources(Resources):
    """The tables for reading one language other than English (data/dictionaries/<code>/).

    Names of people, places and organisations are shared: this language's countries, towns,
    demonyms and organisation names are added to the English tables (its own spellings win).
    Word lists, verbs, event nouns and agent nouns are the language's own: English verbs
    would read Spanish "plan" or "sale" as events. The big English tables (gazetteer, actor
    dictionaries, web2) are the base's objects, loaded once for all languages.
    """

    def __init__(self, base: Resources, language: str) -> None:
        super().__init__(base.folder)
        self.base = base
        self.language = language

    def language_rows(self, name: str) -> Iterator[list[str]]:
        return lexicon.read_rows(self.folder / self.language, name)

    def for_language(self, language: str) -> Resources:
        return self.base.for_language(language)

    # -- places -------------------------------------------------------------------------
    @cached_property
    def countries(self) -> lexicon.Lexicon:
        return self.base.countries.extended(self.own_places)

    @cached_property
    def own_places(self) -> lexicon.Lexicon:
        """This language's own place names (matched also where only the first word has a
        capital: "Arabie saoudite", "Émirats arabes unis")."""
        return place_tables.load_language_places(self)

    @cached_property
    def gazetteer(self) -> place_tables.Gazetteer:
        return self.base.gazetteer

    @cached_property
    def dateline_regions(self) -> dict[str, tuple[str, str]]:
        return self.base.dateline_regions

    @cached_property
    def common_words(self) -> frozenset[str]:
        words = self.words_of_language
        return self.base.common_words | words["function"] | words["common"]

    @cached_property
    def place_words(self) -> frozenset[str]:
        return self.base.place_words

    @cached_property
    def demonyms(self) -> lexicon.Lexicon:
        return place_tables.load_language_demonyms(self)

    @cached_property
    def place_rows(self) -> list[list[str]]:
        """Rows of cldr_places.tsv and places.tsv: alias, ISO-3, kind, English name."""
        return [*self.language_rows("cldr_places.tsv"), *self.language_rows("places.tsv")]

    @cached_property
    def demonym_forms(self) -> list[tuple[str, str]]:
        """(form, ISO-3) for every written-out form of every demonym."""
        return list(language_tables.demonym_rows(self))

    @cached_property
    def country_names(self) -> dict[str, str]:
        return place_tables.country_names(self.place_rows)

    # -- actors -------------------------------------------------------------------------
    @cached_property
    def actors(self) -> lexicon.Lexicon:
        return self.base.actors.extended(self.own_actors)

    @cached_property
    def own_actors(self) -> lexicon.Lexicon:
        """This language's own names of actors ("Frères musulmans", "Conseil de sécurité")."""
        return actor_tables.load_language_actors(self)

    @cached_property
    def agents(self) -> lexicon.Lexicon:
        """The language's agent nouns -> CAMEO sector (as the English table gives)."""
        return actor_tables.sectors_of(self.agent_glosses)

    @cached_property
    def agent_glosses(self) -> lexicon.Lexicon:
        """Agent noun -> Agent(sector, English gloss)."""
        return language_tables.load_agents(self)

    @cached_property
    def place_nouns(self) -> frozenset[str]:
        return self.base.place_nouns

    @cached_property
    def place_features(self) -> frozenset[str]:
        return self.base.place_features

    @cached_property
    def english_words(self) -> frozenset[str]:
        return self.base.english_words

    @cached_property
    def calendar_names(self) -> frozenset[str]:
        return self.base.calendar_names

    @cached_property
    def credit_patterns(self) -> credits.Patterns:
        return credits.load_patterns(self)

    # -- word lists and event types -----------------------------------------------------
    @cached_property
    def words_of_language(self) -> language_tables.LanguageWords:
        return language_tables.load_words(self)

    @cached_property
    def inflections(self) -> dict[str, tuple[str, tuple[str, ...]]]:
        return language_tables.load_inflections(self)

    @cached_property
    def verbs(self) -> dict[str, tuple[str, str]]:
        """Verb form -> (lemma, CAMEO root)."""
        return language_tables.load_verbs(self)

    @cached_property
    def verb_rows(self) -> list[list[str]]:
        return list(self.language_rows("verbs.tsv"))

    @cached_property
    def split_verbs(self) -> dict[str, list[tuple[str, str]]]:
        """Finite stem -> [(particle, root)] of separable verbs ("lehnte … ab")."""
        return language_tables.load_split_verbs(self)

    @cached_property
    def event_nouns(self) -> dict[str, str]:
        return language_tables.load_event_nouns(self)

    @cached_property
    def _verb_pattern_rows(self) -> list[list[str]]:
        return []

    @cached_property
    def vocabulary(self) -> frozenset[str]:
        """Every lower-case word the language's tables hold: such a word is no name alone."""
        words: set[str] = set()
        for kind, members in self.words_of_language.kinds.items():
            if kind not in ("suffix", "setting"):
                words.update(w for phrase in members for w in phrase.split())
        words.update(w for form in self.verbs for w in form.split())
        words.update(self.event_nouns)
        words.update(w for key in self.agent_glosses.entries for w in key.split())
        words.update(self.demonyms.entries)
        return frozenset(words)

    def is_common_word(
        self, word: str, seen_lower: frozenset[str] = frozenset(), english: bool = True
    ) -> bool:
        """In the language's tables, written in lower case elsewhere in the same text, ending
        like a common noun ("-ción"), or (``english``) a common English word ("Podcast")."""
        low = word.lower().replace("’", "'")
        if low in self.vocabulary or low in seen_lower:
            return True
        if any(low.endswith(s) and len(low) > len(s) + 2 for s in self.words_of_language.suffixes):
            return True
        return english and self.is_english_word(word)
