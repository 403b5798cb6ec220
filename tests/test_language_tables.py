"""The per-language tables (data/dictionaries/<lang>/): every file is sound, every rule has an
example that it matches, the CLDR names are what Babel gives, and each table is read once."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from datetime import date

import pytest

from dashboard.data_checks import (
    Row,
    check_agents,
    check_demonyms,
    check_event_nouns,
    check_inflections,
    check_language_actors,
    check_language_places,
    check_language_verbs,
    check_language_words,
    check_table,
)
from dashboard.extract.events import extract_events
from dashboard.extract.language_tables import WORD_KINDS, inflect
from dashboard.extract.resources import ENGLISH, LanguageResources, Resources, default_resources
from dashboard.models import Article
from dashboard.paths import DICTIONARIES

LANGUAGES = ("es", "fr", "de", "pt", "it")
CHECKS = {
    "cldr_places.tsv": check_language_places,
    "places.tsv": check_language_places,
    "demonyms.tsv": check_demonyms,
    "inflections.tsv": check_inflections,
    "verbs.tsv": check_language_verbs,
    "event_nouns.tsv": check_event_nouns,
    "agents.tsv": check_agents,
    "actors.tsv": check_language_actors,
}


def _rows(lang: str, name: str) -> list[Row]:
    text = (DICTIONARIES / lang / name).read_text(encoding="utf-8")
    return [
        Row(line, raw.split("\t"))
        for line, raw in enumerate(text.splitlines(), start=1)
        if raw.strip() and not raw.startswith("#")
    ]


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("name", sorted(CHECKS))
def test_language_file_is_sound(lang, name):
    assert CHECKS[name](_rows(lang, name), f"{lang}/{name}") == []


@pytest.mark.parametrize("lang", LANGUAGES)
def test_word_lists_use_known_kinds(lang):
    assert check_language_words(_rows(lang, "words.tsv"), WORD_KINDS, f"{lang}/words.tsv") == []


@pytest.mark.parametrize("lang", LANGUAGES)
def test_credits_use_known_kinds(lang):
    kinds = (re.compile("signature|credit|byline|boilerplate|rights"), "a kind of credits.tsv")
    columns = {"kind": kinds, "phrase": (re.compile(r"\S(?:.*\S)?"), "a phrase")}
    assert check_table(f"{lang}/credits.tsv", _rows(lang, "credits.tsv"), columns) == []


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_inflection_class_is_defined_and_fits(lang):
    """A lemma names a class of inflections.tsv and ends in its ending."""
    table = Resources().for_language(lang).inflections
    for name, lemma_column, class_column in (
        ("verbs.tsv", 0, 1),
        ("demonyms.tsv", 0, 1),
        ("event_nouns.tsv", 0, 1),
    ):
        for row in _rows(lang, name):
            cls = row.cells[class_column]
            assert cls == "=" or cls in table, f"{lang}/{name}:{row.line}: class {cls!r}"
            inflect(row.cells[lemma_column], cls, table)  # raises if the ending does not fit


def _example_words(sentence: str) -> str:
    """The example's words as the tokeniser splits them ("l'aide" -> "l aide")."""
    return " " + " ".join(re.findall(r"[^\W\d_]+(?:-[^\W\d_]+)*", sentence.lower())) + " "


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_verb_has_an_example_that_uses_it(lang):
    res = Resources().for_language(lang)
    for row in _rows(lang, "verbs.tsv"):
        lemma, cls, _code, extra, example = row.cells
        forms = inflect(lemma, cls, res.inflections) + [f for f in extra.split(",") if f]
        words = _example_words(example)
        assert any(_uses(words, form) for form in forms), f"{lang}/verbs.tsv:{row.line}"


def _uses(words: str, form: str) -> bool:
    """The example has the form; a separable one ("lehnte … ab") as its stem, then particle."""
    head, split, particle = (part.strip().lower() for part in form.partition("…"))
    if not split:
        return f" {head} " in words
    at = words.find(f" {head} ")
    return at >= 0 and f" {particle} " in words[at:]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_event_noun_has_an_example_that_uses_it(lang):
    res = Resources().for_language(lang)
    for row in _rows(lang, "event_nouns.tsv"):
        noun, cls, _code, example = row.cells
        words = _example_words(example)
        forms = inflect(noun, cls, res.inflections)
        assert any(f" {f.lower()} " in words for f in forms), f"{lang}/event_nouns.tsv:{row.line}"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_cldr_places_are_what_babel_gives(lang):
    """The shipped file is the builder's output for the installed Babel (the lock pins it)."""
    pytest.importorskip("babel")
    from scripts.build_language_places import build, iso3_by_iso2

    shipped = [tuple(row.cells) for row in _rows(lang, "cldr_places.tsv")]
    assert shipped == build(lang, iso3_by_iso2())


def test_english_has_no_language_view():
    res = Resources()
    assert res.for_language(ENGLISH) is res
    assert res.for_language("sw") is res  # no tables of its own: the English ones


def test_each_language_view_is_made_once_and_shares_the_english_tables():
    res = Resources()
    es = res.for_language("es")
    assert isinstance(es, LanguageResources)
    assert res.for_language("es") is es and es.for_language("fr") is res.for_language("fr")
    assert es.gazetteer is res.gazetteer and es.english_words is res.english_words


class _Counting(Resources):
    """Resources that count how often each file (of any language) is read."""

    def __init__(self) -> None:
        super().__init__()
        self.reads: Counter[str] = Counter()

    def rows(self, name: str) -> Iterator[list[str]]:
        self.reads[name] += 1
        return super().rows(name)

    def for_language(self, language: str) -> Resources:
        view = super().for_language(language)
        if isinstance(view, LanguageResources) and not hasattr(view, "_counted"):
            reads, read = self.reads, view.language_rows

            def counted(name: str, view=view) -> Iterator[list[str]]:
                reads[f"{view.language}/{name}"] += 1
                return read(name)

            view.language_rows = counted  # type: ignore[method-assign]
            view._counted = True  # type: ignore[attr-defined]
        return view


@pytest.mark.parametrize("lang", LANGUAGES)
def test_each_language_table_is_read_once_however_many_articles(lang):
    resources = _Counting()
    text = "Miles de personas protestaron el lunes en El Cairo contra el Gobierno egipcio."
    article = Article(text=text, published=date(2011, 1, 26), language=lang)
    first = extract_events(article, resources)
    mine = {name: n for name, n in resources.reads.items() if name.startswith(f"{lang}/")}
    assert mine and max(mine.values()) == 1, mine
    extract_events(Article(text=text + " Otra vez.", published=date(2011, 1, 27),
                           language=lang), resources)
    assert extract_events(article, resources) == first
    again = {name: n for name, n in resources.reads.items() if name.startswith(f"{lang}/")}
    assert again == mine


def test_the_default_resources_serve_every_language_from_one_instance():
    assert default_resources().for_language("es") is default_resources().for_language("es")
