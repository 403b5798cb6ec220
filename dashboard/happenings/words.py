"""Sentence content words as sparse unit vectors, and their cosine with a running centroid.

A small TF-IDF of our own rather than scikit-learn's: mentions arrive one at a time and are
compared with the centroid of a growing cluster, which a dict does in a few microseconds,
while a vectoriser would need the whole corpus up front (and then an incremental ingest
would weigh words differently from a full re-run, so ids would drift). The "IDF" is a list
of words that never tell one happening from another (``stopwords.tsv``: function words,
reporting verbs, date words), which keeps the weights the same for every corpus.

Language-agnostic: words are runs of letters or digits in any script; words are cut to
their first ``STEM`` characters, a crude stemmer that works alike across languages
("visited"/"visiting", "ministerio"/"ministro").

A vector is stored as the list of its words, a word repeated once per unit of weight, with
one scale that makes it a unit vector: sums over it then run in C (``map``), which keeps
clustering fast enough for millions of mentions.
"""

from __future__ import annotations

import math
import re
from functools import cache, lru_cache
from itertools import repeat
from operator import add, mul
from typing import NamedTuple

from dashboard.extract.lexicon import read_rows
from dashboard.paths import DICTIONARIES

STEM = 6
_WORD = re.compile(r"[^\W_]+")
# The same split for ASCII text (most news), a third faster: every other character a space
_ASCII_GAPS = str.maketrans({chr(c): " " for c in range(128) if not chr(c).isalnum()})
_CLAUSE = re.compile(r"[,;:()\[\]—–]|\s-\s")


class Vector(NamedTuple):
    words: tuple[str, ...]  # a word appears once per unit of weight
    scale: float  # 1 / the norm, so the vector has length 1 (0.0 when empty)


EMPTY = Vector((), 0.0)


@cache
def stopwords() -> frozenset[str]:
    return frozenset(row[0].lower() for row in read_rows(DICTIONARIES, "stopwords.tsv"))


@lru_cache(maxsize=1 << 18)
def _stem(word: str) -> str:
    """The word's stem, or '' when it is no content word."""
    if word.isdigit():
        return word if len(word) >= 2 else ""  # "38 dead", "$50 million": evidence too
    if len(word) < 3 or word in stopwords():
        return ""
    if len(word) > 3 and word[-1] == "s" and word[-2] != "s":
        word = word[:-1]  # plurals: "talks", "protestas"; "ferries" -> "ferrie" ...
        if word.endswith("ie"):
            word = word[:-2] + "y"  # ... -> "ferry"
    if len(word) > 4 and word.endswith("ed"):
        word = word[:-2]  # "ended" -> "end", "seized" -> "seiz" ...
    elif len(word) > 5 and word.endswith("ing"):
        word = word[:-3]  # "ending" -> "end", "seizing" -> "seiz" ...
    if len(word) > 3 and word[-1] == "e":
        word = word[:-1]  # ... and "seize" -> "seiz"
    return word[:STEM]


def tokens(text: str) -> list[str]:
    """The text's words in lower case: runs of letters or digits, in any script."""
    lower = text.lower()
    if lower.isascii():
        return lower.translate(_ASCII_GAPS).split()
    return _WORD.findall(lower)


def content_words(text: str) -> list[str]:
    """Distinct stems of the text's content words, in order of first appearance."""
    stems = dict.fromkeys(map(_stem, tokens(text)))
    stems.pop("", None)
    return list(stems)


@cache
def _clause_break() -> re.Pattern[str]:
    """Punctuation that ends a clause, or a word that opens one (``clause_openers.tsv``)."""
    words = sorted({row[0] for row in read_rows(DICTIONARIES, "clause_openers.tsv")},
                   key=len, reverse=True)
    return re.compile(rf"{_CLAUSE.pattern}|\b(?:{'|'.join(map(re.escape, words))})\b",
                      re.IGNORECASE)


def focus_clause(sentence: str, phrase: str) -> str:
    """The clause of the sentence (between commas, semicolons, dashes, or a word such as
    "since" or "when" that opens a clause) holding the phrase; '' when the phrase is absent
    or the sentence is one clause. A clause opener itself is left out of the clause."""
    if not phrase:
        return ""
    at = sentence.find(phrase)
    if at < 0:
        return ""
    cuts = [m.span() for m in _clause_break().finditer(sentence)]
    if not cuts:
        return ""
    start = max((end for _, end in cuts if end <= at), default=0)
    end = min((begin for begin, _ in cuts if begin >= at + len(phrase)), default=len(sentence))
    return sentence[start:end]


@lru_cache(maxsize=1 << 16)  # a mention is vectorised when attached, again if it is not
def vector(text: str, date_text: str = "") -> Vector:
    """Equal weight per content word (sentences are short: counts add little), and double
    weight for the words of the clause that holds ``date_text`` (in "X arrived today,
    hoping to lift the tariffs imposed in January", January's event is the tariff). The
    date itself is left out: dates are compared as blocks, and "March 10" is no topic."""
    focus = focus_clause(text, date_text)
    if date_text:
        text, focus = text.replace(date_text, " "), focus.replace(date_text, " ")
    words = content_words(text)
    if not words:
        return EMPTY
    extra = [w for w in content_words(focus) if w in words] if focus else []
    if len(extra) == len(words):
        extra = []  # the whole sentence is the clause: no emphasis
    weights = len(words) + 3 * len(extra)  # a doubled word counts 2² = 4 in the norm
    return Vector(tuple(words) + tuple(extra), 1.0 / math.sqrt(weights))


class Centroid:
    """The sum of member vectors, with its norm kept up to date as members join."""

    __slots__ = ("sums", "norm2", "norm")

    def __init__(self) -> None:
        self.sums: dict[str, float] = {}
        self.norm2 = 0.0
        self.norm = 0.0

    def dot(self, vec: Vector) -> float:
        return vec.scale * sum(map(self.sums.get, vec.words, repeat(0.0)))

    def cosine(self, vec: Vector) -> float:
        if not self.norm or not vec.words:
            return 0.0
        # ``dot`` written out (the hottest call of clustering); ``vec`` is a unit vector
        return vec.scale * sum(map(self.sums.get, vec.words, repeat(0.0))) / self.norm

    def add(self, vec: Vector, dot: float | None = None) -> None:
        """Add a member (``dot``: ``self.dot(vec)``, when the caller has just computed it)."""
        if not vec.words:
            return
        self.norm2 += 2.0 * (self.dot(vec) if dot is None else dot) + 1.0
        self.norm = math.sqrt(self.norm2)
        # sums[word] += scale for each word, in C: update() takes one pair at a time, so a
        # word repeated in ``vec.words`` is read back after its first addition (same floats)
        sums = self.sums
        sums.update(zip(vec.words, map(add, map(sums.get, vec.words, repeat(0.0)),
                                       repeat(vec.scale)), strict=True))

    def merge(self, other: Centroid) -> None:
        """Add another centroid's members: ||a+b||² = ||a||² + 2a·b + ||b||²."""
        self.norm2 += 2.0 * _dot(self.sums, other.sums) + other.norm2
        self.norm = math.sqrt(self.norm2)
        sums = self.sums
        for word, weight in other.sums.items():
            sums[word] = sums.get(word, 0.0) + weight


def _dot(a: dict[str, float], b: dict[str, float]) -> float:
    small, large = (a, b) if len(a) <= len(b) else (b, a)
    return sum(map(mul, small.values(), map(large.get, small.keys(), repeat(0.0))))


def centroid_cosine(a: Centroid, b: Centroid) -> float:
    """Cosine between two centroids."""
    if not a.norm or not b.norm:
        return 0.0
    return _dot(a.sums, b.sums) / (a.norm * b.norm)
