"""The date tagger's shortcuts: each skips work, never a match.

The finder tries a rule at a word start only if the word's first two characters can begin a
match (``first_pairs``); tense markers are read only in the sentences that ask for them; a
match found on the lower-cased text is kept where the text is in lower case anyway. Each is
checked against the plain way on all the sentences we have in every language.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from datetime import date

import pytest

from dashboard.extract.dates import tag
from dashboard.extract.timex_case import groups_inside, lowered
from dashboard.extract.timex_context import Context
from dashboard.extract.timex_resources import FLAGS, available, load
from dashboard.extract.timex_triggers import first_chars, first_pairs
from tests.helpers import cased_texts, language_sentences


@pytest.mark.parametrize(("pattern", "pairs"), [
    ("abc", {"a": {"b"}}),
    ("a|b\\w", {"a": None, "b": None}),  # "a" may be the whole match; "\\w" is open
    ("x?y", {"x": {"y"}, "y": None}),
    ("(?:ab){3}", {"a": {"b"}}),
    ("a{0,3}b", {"a": {"a", "b"}, "b": None}),
    ("[a-c]z", {"a": {"z"}, "b": {"z"}, "c": {"z"}}),
    ("(?<![\\w])(?:les\\s+)?(?:\\d+|un)\\s", {"l": {"e"}, "u": {"n"},
                                              **{d: None for d in "0123456789"}}),
])
def test_first_pairs(pattern: str, pairs: dict) -> None:
    found = first_pairs(pattern, 0)
    assert found == {k: None if v is None else frozenset(v) for k, v in pairs.items()}


@pytest.mark.parametrize("pattern", ["", "\\w+", "(?i)ab", ".a", "[^x]y", "a*"])
def test_first_pairs_unknown(pattern: str) -> None:
    assert first_pairs(pattern, 0) is None


def test_first_pairs_of_a_case_insensitive_pattern_are_unknown() -> None:
    assert first_pairs("abc", re.IGNORECASE) is None


@pytest.mark.parametrize("code", available())
def test_first_pairs_keep_every_match(code: str) -> None:
    """Wherever a rule's fast pattern matches, the first two characters are allowed."""
    lang = load(code)
    rules = [(rule, first_pairs(rule.fast.pattern, rule.fast.flags),
              first_chars(rule.regex.pattern, FLAGS))
             for rule in lang.rules + lang.exclusions if rule.fast is not None]
    checked = 0
    for text, low in cased_texts(code):
        for rule, pairs, first in rules:
            if pairs is None:
                continue
            for i in range(len(low)):
                if (first is not None and text[i] not in first
                        or not rule.fast.match(low, i)):
                    continue  # the finder never asks about a character first_chars bars
                assert low[i] in pairs, (code, rule.name, text, i)
                seconds = pairs[low[i]]
                assert seconds is None or low[i + 1 : i + 2] in seconds, (
                    code, rule.name, text, i)
                checked += 1
    assert checked


def _whole_text_tense(ctx: Context, start: int, end: int) -> int:
    """Tense as read from the markers of the whole text, scanned in one go."""
    index = ctx.index
    marks: list[tuple[int, int]] = []
    past = index.tense_re.groupindex.get("past") if index.tense_re is not None else None
    if index.tense_re is not None:
        for m in index.tense_re.finditer(index.text):
            if past is None or m.group(past) is None:
                marks.append((m.start(), 1))
            elif m.group().lower() not in index.not_past:
                marks.append((m.start(), -1))
    if index.phrase_re is not None:
        marks += [(m.start(), 1) for m in index.phrase_re.finditer(index.text)]
    marks.sort()
    positions = [p for p, _ in marks]
    left, right = index.bounds(start, end)
    k = bisect_left(positions, start) - 1
    if k >= 0 and positions[k] >= left:
        return marks[k][1]
    k = bisect_left(positions, end)
    return marks[k][1] if k < len(marks) and positions[k] < right else 0


@pytest.mark.parametrize("code", available())
def test_tense_read_by_sentence_is_tense_of_the_whole_text(code: str) -> None:
    lang = load(code)
    sentences = language_sentences(code)
    text = " ".join(sentences[:300]) + "\n" + "\n".join(sentences[300:400])
    ctx = Context(text, date(2025, 2, 18), lang, lower=lowered(text))
    spans = [(e.start, e.end) for e in tag(text, date(2025, 2, 18), code)]
    assert spans
    for start, end in spans:
        assert ctx.tense(start, end) == _whole_text_tense(ctx, start, end), (start, end)


@pytest.mark.parametrize(("pattern", "inside"), [
    ("(?P<a>x)y", True), ("x(?=y)", True), ("(?<![\\w])(?P<a>b)", True),
    ("x(?=(?P<u>y))", False), ("(?<=(a))b", False), ("(?:a|(?=(?P<z>q)))+", False),
])
def test_groups_inside(pattern: str, inside: bool) -> None:
    assert groups_inside(pattern, 0) is inside


@pytest.mark.parametrize("code", available())
def test_a_lower_case_match_stands_for_the_match_on_the_text(code: str) -> None:
    """Where a rule's groups lie inside its match and the text is in lower case over the
    match, the match on the lower-cased text has the spans and groups of the one on the
    text as written (so the tagger need not match again)."""
    lang = load(code)
    rules = [rule for rule in lang.rules
             if rule.fast is not None and groups_inside(rule.regex.pattern, FLAGS)]
    checked = 0
    for sentence in language_sentences(code):
        for text in (sentence, sentence[:1].upper() + sentence[1:]):
            low = lowered(text)
            if low is None:
                continue
            for rule in rules:
                for i in range(len(text)):
                    fast = rule.fast.match(low, i)
                    if fast is None or text[i : fast.end()] != low[i : fast.end()]:
                        continue
                    exact = rule.regex.match(text, i)
                    assert exact is not None, (code, rule.name, text, i)
                    assert exact.regs == fast.regs, (code, rule.name, text, i)
                    assert exact.groupdict() == fast.groupdict(), (code, rule.name, text, i)
                    checked += 1
    assert checked
