"""A language's temporal resources, read from ``dashboard/resources/timex/<code>/``.

The layout follows HeidelTime's ``resources/<language>/``:

- ``words/<table>.tsv``: word lists with their normalisations (``enero<TAB>1``), one entry a
  line; a table is named in a pattern as ``{table}`` and matches any of its entries (a space
  in an entry matches any run of spaces, a final "." needs no word boundary after it).
- ``rules.toml``: ``[settings]``; ``[fragments]``, regex pieces named in patterns as
  ``{name}``; ``[context]``, the regexes the engine reads around an expression (tense cues,
  modifiers); ``[[rule]]``s, each a pattern, the kind of normaliser that values its match,
  how many words before its trigger a match may start, and examples with counter-examples;
  and ``[[exclude]]``s, patterns whose matches no expression may overlap ("Good Friday").

Everything is loaded once per process and language (``load``). Trigger words are derived
from the patterns (``timex_triggers``), never listed by hand.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from functools import cache, lru_cache
from importlib.resources import files
from importlib.resources.abc import Traversable
from typing import Any

from dashboard.extract.timex_case import fast_variant
from dashboard.extract.timex_lexicon import trie_pattern
from dashboard.extract.timex_triggers import MARKER, derive

FLAGS = re.IGNORECASE
_PLACEHOLDER = re.compile(r"\{([a-z_][a-z0-9_]*)\}")
_WORDS_OF = re.compile(r"[^\W_]+")
NEUTRAL = "xx"  # the resources used for languages Eventline does not read: numbers only
_NO_WORDS: frozenset[str] = frozenset()


def resource_root() -> Traversable:
    return files("dashboard") / "resources" / "timex"


@cache
def available() -> tuple[str, ...]:
    """Codes of the languages with resources (the neutral set excluded), sorted."""
    return tuple(sorted(d.name for d in resource_root().iterdir()
                        if d.is_dir() and d.name != NEUTRAL and (d / "rules.toml").is_file()))


@dataclass(frozen=True)
class Example:
    sentence: str
    text: str  # the expression's extent
    type: str
    value: str
    dct: str


@dataclass
class Rule:
    name: str
    kind: str
    regex: re.Pattern[str]
    lookback: int
    triggers: frozenset[str]
    examples: list[Example] = field(default_factory=list)
    counters: list[str] = field(default_factory=list)
    # The pattern without IGNORECASE, for lower-cased text (see timex_case); None if unsafe.
    fast: re.Pattern[str] | None = None

    def __post_init__(self) -> None:
        self.fast = fast_variant(self.regex)


@dataclass
class Language:
    code: str
    settings: dict[str, Any]
    tables: dict[str, dict[str, str]]
    rows: dict[str, dict[str, list[str]]]
    context: dict[str, re.Pattern[str]]
    rules: list[Rule]
    exclusions: list[Rule]
    # Each table's entries as a set, built once: normalisers test words against them often.
    word_sets: dict[str, frozenset[str]] = field(default_factory=dict)

    # The context regexes without IGNORECASE, for lower-cased text, where that is safe.
    fast_context: dict[str, re.Pattern[str]] = field(default_factory=dict)
    # Per context regex, the words its matches can end with (see ``_ending_words``).
    endings: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.word_sets = {name: frozenset(entries) for name, entries in self.tables.items()}
        self.fast_context = {name: fast for name, regex in self.context.items()
                             if (fast := fast_variant(regex)) is not None}

    def table(self, name: str) -> dict[str, str]:
        return self.tables.get(name, {})

    def words(self, name: str) -> frozenset[str]:
        return self.word_sets.get(name, _NO_WORDS)

    def value(self, name: str, word: str) -> str | None:
        return self.tables.get(name, {}).get(_key(word))

    def number(self, name: str, word: str) -> int:
        """The integer a table gives ``word``; KeyError if it has none."""
        return int(self.tables[name][_key(word)])

    def extra(self, name: str, word: str) -> list[str]:
        """The columns after the value of ``word``'s row in table ``name`` (may be empty)."""
        return self.rows.get(name, {}).get(_key(word), [])

    def relation(self, word: str | None) -> str:
        """A relative word as its canonical relation ("pasado" -> "last"); "" for none."""
        if not word:
            return ""
        key = _key(word)
        relations = self.tables.get("relations", {})
        if key in relations:
            return relations[key]
        last = key.rsplit(" ", 1)[-1]  # "el próximo": the relation is its last word's
        return relations.get(last, key)

    def regex(self, name: str) -> re.Pattern[str] | None:
        return self.context.get(name)

    def fast_regex(self, name: str) -> re.Pattern[str] | None:
        """Context regex ``name`` for lower-cased text (None if it must see the case)."""
        return self.fast_context.get(name)

    def setting(self, name: str, default: Any = None) -> Any:
        return self.settings.get(name, default)


@lru_cache(maxsize=4096)
def _key(word: str) -> str:
    return " ".join(word.lower().replace("’", "'").split())


# --- reading ----------------------------------------------------------------------------------


def _read_tables(folder: Traversable) -> tuple[dict[str, dict[str, str]], dict]:
    tables: dict[str, dict[str, str]] = {}
    rows: dict[str, dict[str, list[str]]] = {}
    words = folder / "words"
    if not words.is_dir():
        return tables, rows
    for path in sorted(words.iterdir(), key=lambda p: p.name):
        if not path.name.endswith(".tsv"):
            continue
        name = path.name[:-4]
        table: dict[str, str] = {}
        extra: dict[str, list[str]] = {}
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            cells = line.split("\t")
            key = _key(cells[0])
            if not key:
                raise ValueError(f"{path}:{number}: empty entry")
            table[key] = cells[1].strip() if len(cells) > 1 else ""
            extra[key] = [c.strip() for c in cells[2:]]
        tables[name] = table
        rows[name] = extra
    return tables, rows


def table_regex(entries: dict[str, str]) -> str:
    """A table's entries as one regex: whole words, any spacing inside multi-word entries."""
    if not entries:
        return "(?!)"  # an empty table matches nothing
    body = trie_pattern(set(entries)).replace("\\ ", r"\s+").replace("'", "['’]")
    return rf"(?:{body})(?:(?<=\.)|(?![\w]))"


class _Expander:
    """Replaces ``{name}`` by its fragment or table, for matching and for trigger analysis."""

    def __init__(self, fragments: dict[str, str], tables: dict[str, dict[str, str]]) -> None:
        self.fragments = fragments
        self.tables = tables
        self.markers: dict[int, frozenset[str]] = {}
        self.marker_names: list[str] = []

    def expand(self, pattern: str, for_analysis: bool = False, depth: int = 0) -> str:
        if depth > 10:
            raise ValueError(f"fragments nest too deeply (a cycle?) in {pattern!r}")

        def replace(m: re.Match[str]) -> str:
            name = m[1]
            if name in self.fragments:
                return f"(?:{self.expand(self.fragments[name], for_analysis, depth + 1)})"
            if name in self.tables:
                if not for_analysis:
                    return table_regex(self.tables[name])
                return self._marker(name)
            raise ValueError(f"unknown fragment or table {{{name}}}")

        return _PLACEHOLDER.sub(replace, pattern)

    def _marker(self, name: str) -> str:
        number = len(self.marker_names)
        self.marker_names.append(name)
        self.markers[number] = table_triggers(self.tables[name],
                                              frozenset(self.tables.get("of_words", ())))
        return f"(?P<{MARKER}{number}>x)"


def table_triggers(entries: dict[str, str], common: frozenset[str] = frozenset()
                   ) -> frozenset[str]:
    """The word the finder wakes on for each entry: its longest word (the rarest-looking);
    of equally long ones the last ("c" of "a. C.": a first letter is more often a word of its
    own, "a" or "d"). Never one of ``common`` (the language's "of" words) when the entry
    has another: "de" in "a. de C." woke the era rules at every "de" of a Spanish text."""
    words: set[str] = set()
    for entry in entries:
        parts = _WORDS_OF.findall(entry)
        if not parts:
            continue
        if parts[0][0].isdigit():
            words.add("#")
            continue
        rare = [part for part in parts if part.lower() not in common] or parts
        words.add(max(reversed(rare), key=len))
    return frozenset(words)


_OPEN_ENDED = re.compile(r"\\[wWSDd.]|\[\^|[a-zA-Z0-9]-[a-zA-Z0-9]|(?<!\\)\.")


def _ending_words(pattern: str, fragments: dict[str, str], tables: dict[str, dict[str, str]],
                  depth: int = 0) -> set[str] | None:
    """Every word of a pattern's literal text and of the tables and fragments it names: a
    match can only end with one of them (a superset, which is all a filter needs). None when
    the pattern has open classes ("\\w", "\\d", "[^...]", "a-z") that could end it with any word."""
    if depth > 10:
        return None
    words: set[str] = set()
    for name in _PLACEHOLDER.findall(pattern):
        if name in fragments:
            inner = _ending_words(fragments[name], fragments, tables, depth + 1)
            if inner is None:
                return None
            words |= inner
        elif name in tables:
            words |= {w.lower() for entry in tables[name] for w in _WORDS_OF.findall(entry)}
    literal = _PLACEHOLDER.sub(" ", pattern)
    if _OPEN_ENDED.search(literal):
        return None
    words |= {w.lower() for w in _WORDS_OF.findall(re.sub(r"\\[a-zA-Z]|\(\?P?<?[a-z_]*>?", " ",
                                                         literal))}
    return words


def _compile_rule(spec: dict, expander: _Expander, where: str) -> Rule:
    name = spec["name"]
    pattern = spec["pattern"]
    try:
        regex = re.compile(expander.expand(pattern), FLAGS)
        expander.markers.clear()
        expander.marker_names.clear()
        analysis = expander.expand(pattern, for_analysis=True)
        # Marker groups are numbered after the rule's own: map their numbers to the words.
        probe = re.compile(analysis, FLAGS)
        tables = {probe.groupindex[f"{MARKER}{n}"]: words for n, words in expander.markers.items()}
        triggers = derive(analysis, FLAGS, tables, spec.get("trigger", ""))
    except (re.error, ValueError) as exc:
        raise ValueError(f"{where}: rule {name!r}: {exc}") from exc
    examples = [Example(*_example(e, spec, where)) for e in spec.get("examples", [])]
    return Rule(name, spec.get("kind", name), regex, int(spec.get("lookback", 0)), triggers,
                examples, list(spec.get("counter", [])))


def _example(raw: list, spec: dict, where: str) -> tuple[str, str, str, str, str]:
    if not isinstance(raw, list) or len(raw) not in (4, 5):
        raise ValueError(f"{where}: rule {spec['name']!r}: an example is [sentence, text, "
                         f"type, value] or [..., dct]; got {raw!r}")
    dct = raw[4] if len(raw) == 5 else spec.get("_dct", "")
    return raw[0], raw[1], raw[2], raw[3], dct


@cache
def load(code: str) -> Language:
    """The resources of language ``code`` (ISO 639-1), read once per process."""
    folder = resource_root() / code
    rules_file = folder / "rules.toml"
    if not rules_file.is_file():
        raise FileNotFoundError(f"no temporal resources for language {code!r} at {rules_file}")
    spec = tomllib.loads(rules_file.read_text(encoding="utf-8"))
    tables, rows = _read_tables(folder)
    fragments = dict(spec.get("fragments", {}))
    expander = _Expander(fragments, tables)
    settings = dict(spec.get("settings", {}))
    dct = str(settings.get("example_dct", ""))
    context = {name: re.compile(expander.expand(pattern), FLAGS)
               for name, pattern in spec.get("context", {}).items()}
    endings = {name: tuple(sorted(words)) for name, pattern in spec.get("context", {}).items()
               if (words := _ending_words(pattern, fragments, tables)) is not None}
    where = f"{rules_file}"
    rules = [_compile_rule({**r, "_dct": dct}, expander, where) for r in spec.get("rule", [])]
    # An exclusion's examples are sentences in which it must fire (kept as its counters).
    exclusions = [_compile_rule({**r, "kind": "exclude", "examples": [],
                                 "counter": r.get("examples", [])}, expander, where)
                  for r in spec.get("exclude", [])]
    return Language(code, settings, tables, rows, context, rules, exclusions, endings=endings)
