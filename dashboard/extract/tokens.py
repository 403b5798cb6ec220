"""Word tokens with offsets, shared by the actor, place and event-type matchers."""

from __future__ import annotations

import re
from typing import NamedTuple

# Words (letters/digits, inner hyphens, dots and apostrophes); "Japan’s" -> "Japan" + possessive.
_WORD = re.compile(r"[^\W_]+(?:[-.][^\W_]+)*\.?")
_POSSESSIVE = ("'s", "’s", "'", "’")


class Token(NamedTuple):
    start: int
    end: int
    text: str
    lower: str
    possessive: bool  # followed by 's


def tokenise(text: str) -> list[Token]:
    """Words with their offsets; ``lower`` has straight apostrophes for dictionary keys."""
    tokens = []
    for match in _WORD.finditer(text):
        word = match.group(0)
        end = match.end()
        if word in ("s", "S") and text[match.start() - 1 : match.start()] in ("'", "’"):
            continue  # the possessive ending, already flagged on the previous token
        if word.endswith(".") and not _keeps_dot(word):
            word, end = word[:-1], end - 1
        after = text[end : end + 2]
        possessive = after.startswith(_POSSESSIVE[:2]) or (
            after[:1] in "'’" and word.endswith("s") and not after[1:2].isalpha()
        )
        tokens.append(Token(match.start(), end, word, word.lower().replace("’", "'"), possessive))
    return tokens


def _keeps_dot(word: str) -> bool:
    # "U.N." and "U.S." keep their final dot; a sentence-final word does not.
    return word.count(".") >= 2 and len(word) <= 6
