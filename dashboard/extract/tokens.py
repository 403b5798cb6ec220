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
    tokens: list[Token] = []
    append = tokens.append  # the hot loop of extraction: one pass over every word
    new = tuple.__new__  # a NamedTuple's own constructor is a Python call per token
    # ASCII lower-cases letter by letter, so each word's lower case is a slice of the text's.
    low_text = text.lower() if text.isascii() else None
    for match in _WORD.finditer(text):
        word = match.group()
        start, end = match.span()
        if word[-1] == ".":
            if not _keeps_dot(word):
                word, end = word[:-1], end - 1
        elif (word == "s" or word == "S") and text[start - 1 : start] in _APOSTROPHES:
            continue  # the possessive ending, already flagged on the previous token
        # Only an apostrophe (or the text's end) after the word can make it possessive.
        possessive = text[end : end + 1] in _APOSTROPHE_OR_END and _possessive(text, end, word)
        low = low_text[start:end] if low_text is not None else word.lower().replace("’", "'")
        append(new(Token, (start, end, word, low, possessive)))
    return tokens


_APOSTROPHES = ("'", "’")
_APOSTROPHE_OR_END = ("'", "’", "")


def _possessive(text: str, end: int, word: str) -> bool:
    after = text[end : end + 2]
    return after.startswith(_POSSESSIVE[:2]) or (
        after[:1] in "'’" and word.endswith("s") and not after[1:2].isalpha()
    )


def _keeps_dot(word: str) -> bool:
    # "U.N." and "U.S." keep their final dot; a sentence-final word does not.
    return word.count(".") >= 2 and len(word) <= 6
