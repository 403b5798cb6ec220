"""Text normalisation and sentence splitting that keeps character offsets."""

from __future__ import annotations

import re
from functools import cache

from dashboard.models import Span

# Words after which a full stop does not end a sentence (titles, months, initials' kin).
_ABBREVIATIONS = frozenset(
    {
        "mr", "mrs", "ms", "dr", "prof", "gen", "col", "lt", "sgt", "capt", "cmdr", "adm", "gov",
        "sen", "rep", "rev", "st", "sr", "jr", "vs", "etc", "inc", "ltd", "corp", "co", "no", "nos",
        "fig", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
        "mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun", "u.s", "u.k",
        "u.n", "e.g", "i.e", "a.m", "p.m", "approx", "est", "dept", "univ", "ave", "blvd",
        "mt", "ft", "nr", "b.c", "a.d",
    }
)

# Candidate sentence ends: terminal punctuation, optional closing quotes/brackets, then space.
# A run of marks is tried from its first mark only, and never given back (possessive): else a
# long run ("......") is rescanned from each of its marks, which is quadratic.
# Closing quotes include German “ ‘ and French » › (after a space, as French prints them); a
# line may open with „ « ¿ ¡ or a capital.
_BOUNDARY = re.compile(
    r"(?<![.!?])[.!?]++(?:[\"'”’“‘»›)\]]|[ \u00a0\u202f][»›])*+(?=\s)|\n\s*\n"
    r"|\n(?=\s*[-*•„«‹¿¡]|\s*[A-ZÀ-ÖØ-Þ])"
)
_WORD_BEFORE = re.compile(r"([A-Za-z][A-Za-z.]*)$")
_DAY_NUMBER_BEFORE = re.compile(r"(?<![\w.,:/-])\d{1,2}$")
# The languages we read that write a day as an ordinal with a full stop ("am 1. März").
ORDINAL_DAY_LANGUAGES = ("de",)
_WORD_AFTER = re.compile(r"\s*([^\W\d_]+)")


@cache
def _month_names() -> frozenset[str]:
    """Month names (lower case) of the languages that write ordinal days, from the date
    tagger's tables."""
    from dashboard.extract.lexicon import read_rows
    from dashboard.extract.timex_resources import resource_root

    return frozenset(row[0] for code in ORDINAL_DAY_LANGUAGES
                     for row in read_rows(resource_root() / code / "words", "months.tsv"))


def _is_day_ordinal(text: str, dot: int) -> bool:
    """"am 1. März", "Montag, 3. Oktober": German writes the day as an ordinal with a full
    stop, which ends no sentence when a month name follows."""
    if not _DAY_NUMBER_BEFORE.search(text, max(0, dot - 3), dot):
        return False
    after = _WORD_AFTER.match(text, dot + 1, dot + 40)
    return after is not None and after.group(1).lower() in _month_names()


def normalise(text: str) -> str:
    """Unify line endings and strip the byte-order mark; offsets refer to the result."""
    return text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")


def _is_abbreviation(text: str, dot: int) -> bool:
    # Look back a short window only: searching from the start made long texts quadratic.
    match = _WORD_BEFORE.search(text, max(0, dot - 30), dot)
    if not match:
        return False
    word = match.group(1).lower().rstrip(".")
    # A single capital letter ("J. Smith") is an initial, not a sentence end.
    return word in _ABBREVIATIONS or (len(word) == 1 and text[dot - 1].isupper())


def _next_starts_sentence(text: str, pos: int) -> bool:
    rest = text[pos : pos + 40].lstrip()
    if not rest:
        return True
    first = rest[0]
    # Opening quotes of the languages we read: “ ‘ (English), „ ‚ (German), « ‹ (French ...),
    # and Spanish ¿ ¡, which open a question or an exclamation.
    return first.isupper() or first.isdigit() or first in "\"'“‘„‚«‹¿¡([-—–•*"


def split_sentences(text: str) -> list[Span]:
    """Split text into sentences; each Span's offsets cut its text out of ``text``."""
    spans: list[Span] = []
    begin = 0
    for match in _BOUNDARY.finditer(text):
        end = match.end()
        piece = match.group(0)
        if piece[0] in ".!?":
            if piece[0] == "." and (_is_abbreviation(text, match.start())
                                    or _is_day_ordinal(text, match.start())):
                continue
            if not _next_starts_sentence(text, end):
                continue
        _append_trimmed(spans, text, begin, end)
        begin = end
    _append_trimmed(spans, text, begin, len(text))
    return spans


# The longest piece of text handled as one sentence. Real sentences are far shorter (in
# Reuters-21578's 177k sentences 99.9% are under 340 characters and the longest is 990; in
# 9,000 ACLED notes one reaches 2,387, the next 700), so the bound only cuts text without
# sentence breaks: a table flattened to one line, a list of names, text without spaces. It keeps
# the work of one sentence (its actors, places, dates and the events they make) bounded, so
# extraction stays linear in the length of the text whatever its shape.
MAX_SENTENCE = 1000

# Where an over-long sentence is cut, best first: after a clause mark, else at any space.
_CLAUSE_BREAK = re.compile(r"[;:,)\]]\s")
_SPACE = re.compile(r"\s")


def bounded_sentences(text: str, limit: int = MAX_SENTENCE) -> list[Span]:
    """``split_sentences``, with every sentence longer than ``limit`` cut into pieces.

    Each piece is at most ``limit`` characters and ends at the last clause break (``; , :``)
    or else the last space of its window, provided that leaves it at least half the limit
    (so the pieces stay few); text without either is cut at the limit.
    """
    spans: list[Span] = []
    for sentence in split_sentences(text):
        if len(sentence.text) <= limit:
            spans.append(sentence)
            continue
        start = sentence.start
        while start < sentence.end:
            end = _cut(text, start, sentence.end, limit)
            _append_trimmed(spans, text, start, end)
            start = end
    return spans


def _cut(text: str, start: int, end: int, limit: int) -> int:
    """Where the piece that starts at ``start`` ends (at most ``limit`` characters on)."""
    if end - start <= limit:
        return end
    floor, ceiling = start + limit // 2, start + limit
    for pattern in (_CLAUSE_BREAK, _SPACE):
        last = None
        for last in pattern.finditer(text, floor, ceiling):  # noqa: B007 (the last one counts)
            pass
        if last is not None:
            return last.start() + 1
    return ceiling


def _append_trimmed(spans: list[Span], text: str, start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        spans.append(Span(start, end, text[start:end]))
