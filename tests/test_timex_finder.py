"""The date tagger's shortcuts: each skips work, never a match.

The finder tries a rule at a word start only if the word's first two characters can begin a
match (``first_pairs``). Each is checked against the plain way.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from dashboard.extract.timex_case import lowered
from dashboard.extract.timex_resources import FLAGS, available, load
from dashboard.extract.timex_triggers import first_chars, first_pairs

DATA = Path(__file__).resolve().parent / "data"


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


def _sentences(code: str) -> list[str]:
    lang = load(code)
    found = [e.sentence for rule in lang.rules for e in rule.examples]
    found += [s for rule in lang.rules + lang.exclusions for s in rule.counters]
    for name in (f"timex_gold_{code}.tsv", f"timex_traps_{code}.tsv"):
        path = DATA / name
        if path.is_file():
            for line in path.read_text(encoding="utf-8").splitlines():
                if line and not line.startswith("#"):
                    found += [cell for cell in line.split("\t") if " " in cell]
    return found


@pytest.mark.parametrize("code", available())
def test_first_pairs_keep_every_match(code: str) -> None:
    """Wherever a rule's fast pattern matches, the first two characters are allowed."""
    lang = load(code)
    rules = [(rule, first_pairs(rule.fast.pattern, rule.fast.flags),
              first_chars(rule.regex.pattern, FLAGS))
             for rule in lang.rules + lang.exclusions if rule.fast is not None]
    checked = 0
    for sentence in _sentences(code):
        for text in (sentence, sentence.upper()):
            low = lowered(text)
            if low is None:
                continue
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
