"""The fast path of the date tagger: patterns run case-sensitively on lower-cased text.

``lower_safe`` must accept only patterns whose matches on lower-cased text are those of the
IGNORECASE pattern on the text as written; every rule and context regex of every language is
checked against that promise on all the sentences we have in the language.
"""

from __future__ import annotations

import re
from datetime import date

import pytest

from dashboard.extract.dates import tag_with_rules
from dashboard.extract.timex_case import lower_safe, lowered
from dashboard.extract.timex_resources import NEUTRAL, available, load
from tests.helpers import cased_texts, language_sentences

FLAGS = re.IGNORECASE

SAFE = [
    r"(?<![\w])enero(?![\w])",
    r"\d{1,2}\s+de\s+(?:marzo|abril)",
    r"[a-z]+ed",  # a lower-case class: IGNORECASE adds the capitals, lower-casing removes them
    r"[A-Za-z]+ed",  # both cases listed
    r"[^r]ía",  # a negated lower-case letter leaves out its capital too
    r"(?P<sep>[/.-])\d\d(?P=sep)",
    r"\w{2,}(?<!r)ían?",
]
UNSAFE = [
    r"Enero",  # an upper-case literal never matches lower-cased text
    r"[A-Z]\w+",  # only capitals
    r"[^R]ía",  # a negated capital lets its lower case through
    r"(?-i:[A-Z][a-z]+)",  # case-sensitive on purpose
    r"(?i:enero)",  # switches case-insensitivity: left to the exact path
]


@pytest.mark.parametrize("pattern", SAFE)
def test_safe_patterns(pattern: str) -> None:
    assert lower_safe(pattern, FLAGS)


@pytest.mark.parametrize("pattern", UNSAFE)
def test_unsafe_patterns(pattern: str) -> None:
    assert not lower_safe(pattern, FLAGS)


def test_lowering_that_moves_characters_is_refused() -> None:
    assert lowered("El 3 de Marzo") == "el 3 de marzo"
    assert lowered("İstanbul, 3 de marzo") is None  # "İ" lower-cases to two characters


@pytest.mark.parametrize("code", [*available(), NEUTRAL])
def test_fast_patterns_match_as_the_exact_ones(code: str) -> None:
    """At every position of every sentence (as written and upper-cased), each rule's fast
    pattern on the lower-cased text matches the same span as its exact one."""
    lang = load(code)
    patterns = [(rule.name, rule.regex, rule.fast) for rule in lang.rules + lang.exclusions]
    patterns += [(name, lang.context[name], fast) for name, fast in lang.fast_context.items()]
    checked = 0
    for text, low in cased_texts(code):
        for name, exact, fast in patterns:
            if fast is None:
                continue
            for i in range(len(text)):
                a, b = exact.match(text, i), fast.match(low, i)
                assert (a and a.span()) == (b and b.span()), (code, name, text, i)
                checked += 1
    assert checked


@pytest.mark.parametrize("code", available())
def test_text_that_cannot_be_lowered_is_tagged_the_same(code: str) -> None:
    """A text whose lower-casing would move characters takes the exact path: same results."""
    dct = date(2025, 2, 18)
    for sentence in language_sentences(code)[:40]:
        plain = tag_with_rules(sentence, dct, code)
        marked = tag_with_rules(sentence + " İ", dct, code)  # forces the exact path
        assert [(e.start, e.end, e.value) for e, _ in plain] == [
            (e.start, e.end, e.value) for e, _ in marked if e.end <= len(sentence)], sentence
