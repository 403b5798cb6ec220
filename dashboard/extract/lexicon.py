"""Reading the dictionaries (data/dictionaries/*.tsv) and longest-match lookup over tokens.

The tables themselves are built and kept by ``resources.Resources``.
"""

from __future__ import annotations

import gzip
import io
from collections.abc import Iterator
from importlib.resources.abc import Traversable
from typing import IO

from dashboard.extract.tokens import Token

MAX_NGRAM = 7


def words(text: str) -> frozenset[str]:
    """A word set written as one whitespace-separated string (easier to read and edit)."""
    return frozenset(text.split())


# Words that may stay lower case inside a capitalised name ("Bank of Japan", "al-Sham").
CONNECTORS = words(
    """
    of the and for de al el la du des da del di van von bin ibn y ez az es as ad ar an ash ath
    ad-dawr wa
    """
)


def read_rows(folder: Traversable, name: str) -> Iterator[list[str]]:
    """Rows of a TSV (optionally .gz) in ``folder``, comment lines skipped."""
    path = folder / name
    if not path.is_file():
        raise FileNotFoundError(f"Eventline's dictionary {path} is missing; reinstall Eventline "
                                "(the wheel or checkout is incomplete)")
    with path.open("rb") as raw, _decompressed(raw, name) as stream, \
            io.TextIOWrapper(stream, encoding="utf-8") as handle:
        for line in handle:
            if line.startswith("#") or not line.strip():
                continue
            yield line.rstrip("\n").split("\t")


def _decompressed(raw: IO[bytes], name: str) -> IO[bytes] | gzip.GzipFile:
    return gzip.GzipFile(fileobj=raw) if name.endswith(".gz") else raw


def key_of(words: list[str] | tuple[str, ...]) -> str:
    return " ".join(words).lower().replace("’", "'")


class Lexicon:
    """Phrase -> values, matched longest-first over (capitalised) token runs.

    ``first_len`` maps each entry's first word to the longest entry starting with it, so a
    token that starts no entry costs one dictionary lookup.
    """

    def __init__(self) -> None:
        self.entries: dict[str, list] = {}
        self.first_len: dict[str, int] = {}

    def add(self, phrase: str, value: object) -> None:
        key = key_of(phrase.split())
        if key:
            self.add_key(key, value)

    def add_key(self, key: str, value: object) -> None:
        """Add under an already normalised key (lower case, single spaces)."""
        bucket = self.entries.get(key)
        if bucket is None:
            self.entries[key] = [value]
            first, _, _ = key.partition(" ")
            n = min(MAX_NGRAM, key.count(" ") + 1)
            if self.first_len.get(first, 0) < n:
                self.first_len[first] = n
        else:
            bucket.append(value)

    def get(self, phrase: str) -> list:
        return self.entries.get(key_of(phrase.split()), [])

    def extended(self, first: Lexicon) -> Lexicon:
        """A new lexicon with this one's entries and ``first``'s; where both have a phrase,
        ``first``'s values come first. Neither is changed (buckets they share are new lists;
        the others are shared, so the result is read-only)."""
        merged = Lexicon()
        merged.entries = dict(self.entries)
        merged.first_len = dict(self.first_len)
        for key, values in first.entries.items():
            merged.entries[key] = list(values) + merged.entries.get(key, [])
        for word, n in first.first_len.items():
            merged.first_len[word] = max(n, merged.first_len.get(word, 0))
        return merged

    def match_at(self, tokens: list[Token], i: int, cased: bool = True) -> tuple[int, list]:
        """Longest entry starting at token i: (number of tokens, values) or (0, [])."""
        if i >= len(tokens):
            return 0, []
        first = tokens[i]
        longest = self.first_len.get(first.lower)
        if longest is None or (cased and not first.text[:1].isupper()):
            return 0, []
        run = _run_length(tokens, i, longest, cased)
        words = [t.lower for t in tokens[i : i + run]]
        for n in range(run, 0, -1):
            if cased and not tokens[i + n - 1].text[:1].isupper():
                continue
            values = self.entries.get(" ".join(words[:n]))
            if values:
                return n, values
        return 0, []


def _run_length(tokens: list[Token], i: int, longest: int, cased: bool) -> int:
    """How many tokens from i can form one name: adjacent, no possessive break, cased."""
    n = 1
    limit = min(longest, len(tokens) - i)
    while n < limit:
        prev, token = tokens[i + n - 1], tokens[i + n]
        if token.start - prev.end > 1 or prev.possessive:
            break
        if cased and not (token.text[:1].isupper() or token.lower in CONNECTORS):
            break
        n += 1
    return n


def is_english_word(word: str, table: frozenset[str]) -> bool:
    """True for "shares", "including", "prices": inflections of a common word count too
    (``table``: the common English words, lower case)."""
    low = word.lower()
    if low in table:
        return True
    for suffix, repl in (
        ("ies", "y"),
        ("es", ""),
        ("s", ""),
        ("ed", ""),
        ("ed", "e"),
        ("ing", ""),
        ("ing", "e"),
        ("ly", ""),
    ):
        if low.endswith(suffix) and low[: -len(suffix)] + repl in table:
            return True
    return False


def match_first_capital(lexicon: Lexicon, tokens: list[Token], i: int) -> tuple[int, list]:
    """Longest entry at token i whose first word has a capital and the others any case
    ("Frères musulmans", "Arabie saoudite", "Conseil de sécurité")."""
    if i >= len(tokens) or not tokens[i].text[:1].isupper():
        return 0, []
    return lexicon.match_at(tokens, i, cased=False)
