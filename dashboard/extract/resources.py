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

from dashboard.extract import actor_tables, credits, lexicon, place_tables
from dashboard.extract.verbs import PatternIndex, load_block_defaults, load_patterns
from dashboard.paths import DICTIONARIES


class Resources:
    """The extraction tables of one folder of dictionaries, each loaded once, on first use."""

    def __init__(self, folder: Traversable = DICTIONARIES) -> None:
        self.folder = folder

    def rows(self, name: str) -> Iterator[list[str]]:
        """Rows of a TSV (optionally .gz) in the folder, comment lines skipped."""
        return lexicon.read_rows(self.folder, name)

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

