"""Text written in capitals, re-cased so that names can be told from words again.

In "UNITED STATES ACCUSES JAPAN OF DUMPING ON MONDAY" every word looks like a name: the actor
scanner took "STATES ACCUSES JAPAN OF DUMPING ON MONDAY" for one person, and "JAPAN" became an
actor apart from "Japan". Before matching, each stretch of such text is re-cased, word by word:

1. names of two words or more that the dictionaries know are written as names
   ("United States", "Bank of Japan");
2. else a word is written as the same text writes it elsewhere ("HAYASHI" -> "Hayashi" when
   the body says "Hayashi", "ACCUSES" -> "accuses");
3. else a one-word country, place or actor the dictionaries know is written as a name
   ("JAPAN" -> "Japan"; "US", "EU" and other names of up to three letters stay as they are);
4. else days and months ("MONDAY" -> "Monday") and titles ("PRESIDENT") get a capital,
   common words (English words, function words, verb forms) are written in lower case;
5. else the word stays in capitals: an unknown word of a headline or table ("GENCORP",
   "UNCH") is no evidence of a name, and the actor scanner takes no run of capitals for one.

The re-cased text has the same length as the original, so every offset still points into it.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from typing import TypeVar

from dashboard.extract.actor_tables import NOT_NAMES, TITLE_WORDS
from dashboard.extract.lexicon import CONNECTORS
from dashboard.extract.places import FUNCTION_WORDS
from dashboard.extract.resources import Resources, default_resources
from dashboard.extract.tokens import Token, tokenise
from dashboard.extract.verbs import AUXILIARIES, REPORTING
from dashboard.models import ActorMention, PlaceMention

# A stretch is "written in capitals" when it holds this many capitalised words of two letters
# or more with no lower-case word between them, or at least two that fill their line(s)
# (a headline: "JAPAN PROTESTS"). Fewer are acronyms in running text ("the US and EU").
_RUN_WORDS = 4
_LINE_WORDS = 2
_ACRONYM_MAX = 3  # "US", "UN", "ADF": short words keep their capitals
_NAME_KINDS = ("country", "alias", "capital", "demonym", "city", "admin1")


def readable_case(
    text: str, tokens: list[Token] | None = None, resources: Resources | None = None
) -> tuple[str, list[Token]]:
    """(text, tokens) with every stretch written in capitals re-cased; the same when none."""
    tokens = tokenise(text) if tokens is None else tokens
    stretches = _stretches(text, tokens)
    if not stretches:
        return text, tokens
    res = resources or default_resources()
    seen = _cases_seen(tokens, stretches)
    pieces: list[str] = []
    done = 0
    for first, last in stretches:
        for token, word in _recased(res, tokens, first, last, seen):
            pieces.append(text[done : token.start])
            pieces.append(word)
            done = token.end
    pieces.append(text[done:])
    cased = "".join(pieces)
    return cased, tokenise(cased)


M = TypeVar("M", ActorMention, PlaceMention)


def as_written(mentions: list[M], original: str, cased: str) -> list[M]:
    """Mentions found in the re-cased text, with their text as the original writes it."""
    if cased is original:
        return mentions
    return [replace(m, text=original[m.start : m.end]) for m in mentions]


def _shape(token: Token) -> str:
    """ "upper" (a capitalised word of 2+ letters), "lower" (has a lower-case letter) or ""."""
    word = token.text
    # Fast paths first (called for every token): most words end in a lower-case letter.
    if word[-1:].islower() or any(c.islower() for c in word):
        return "lower"
    if word.isalpha():
        return "upper" if len(word) >= 2 else ""
    return "upper" if sum(c.isalpha() for c in word) >= 2 else ""


def _stretches(text: str, tokens: list[Token]) -> list[tuple[int, int]]:
    """Token index ranges [first, last) of the stretches written in capitals."""
    found = []
    i = 0
    while i < len(tokens):
        if tokens[i].text[-1:].islower() or _shape(tokens[i]) != "upper":  # most: "lower"
            i += 1
            continue
        j, upper = i, 0
        while j < len(tokens) and _shape(tokens[j]) != "lower":
            upper += _shape(tokens[j]) == "upper"
            j += 1
        if upper >= _RUN_WORDS or (upper >= _LINE_WORDS and _fills_lines(text, tokens, i, j)):
            found.append((i, j))
        i = j
    return found


def _fills_lines(text: str, tokens: list[Token], i: int, j: int) -> bool:
    """No lower-case word shares a line with the stretch tokens[i:j]."""
    before = tokens[i - 1].end if i else 0
    after = tokens[j].start if j < len(tokens) else len(text)
    starts_line = i == 0 or "\n" in text[before : tokens[i].start]
    ends_line = j == len(tokens) or "\n" in text[tokens[j - 1].end : after]
    return starts_line and ends_line


def _cases_seen(tokens: list[Token], stretches: list[tuple[int, int]]) -> dict[str, str]:
    """lower-case word -> how the text writes it outside the capitals (its commonest form)."""
    inside: set[int] = set()
    for first, last in stretches:
        inside.update(range(first, last))
    counts: dict[str, Counter[str]] = {}
    for k, token in enumerate(tokens):
        if k in inside or _shape(token) != "lower":
            continue
        counts.setdefault(token.lower, Counter())[token.text] += 1
    return {word: forms.most_common(1)[0][0] for word, forms in counts.items()}


def _recased(
    res: Resources, tokens: list[Token], first: int, last: int, seen: dict[str, str]
) -> list[tuple[Token, str]]:
    out: list[tuple[Token, str]] = []
    k = first
    while k < last:
        n = _known_name_length(res, tokens, k, last)
        if n >= 2:
            out.extend((t, _in_name(t, lead=t is tokens[k])) for t in tokens[k : k + n])
            k += n
            continue
        token = tokens[k]
        out.append((token, _recased_word(res, token, seen)))
        k += 1
    return out


def _known_name_length(res: Resources, tokens: list[Token], k: int, last: int) -> int:
    """Tokens in the longest dictionary name that starts at k and ends inside the stretch."""
    best = 0
    for table in (res.countries, res.actors, res.gazetteer):
        n, _values = table.match_at(tokens, k, cased=False)
        if best < n <= last - k:
            best = n
    return best


def _recased_word(res: Resources, token: Token, seen: dict[str, str]) -> str:
    low = token.lower
    written = seen.get(low)
    if written is not None and len(written) == len(token.text):
        return written
    if _one_word_name(res, token):
        return _acronym_or_name(token)
    if low in res.calendar_names or low in TITLE_WORDS:
        return _capitalised(token.text)
    if _common(res, low):
        return _same_length(token.text, token.text.lower())
    return token.text  # unknown ("GENCORP", "UNCH"): kept in capitals, so it makes no name


def _one_word_name(res: Resources, token: Token) -> bool:
    """ "JAPAN", "KABUL", "TALIBAN"; of the names that are words too only countries ("CHAD",
    "CHINA"), not "BUFFALO" or "CORK"."""
    kinds = {c.kind for c in res.countries.get(token.text)}
    if not _common(res, token.lower):
        return bool(kinds & set(_NAME_KINDS)) or bool(res.actors.get(token.text))
    return "country" in kinds


def _common(res: Resources, low: str) -> bool:
    return (
        low in FUNCTION_WORDS
        or low in CONNECTORS
        or low in NOT_NAMES
        or low in AUXILIARIES
        or low in REPORTING
        or low in res.verbs
        or low in res.common_words
        or res.is_english_word(low)
        or res.is_common_word(low)  # the article's language's own words ("ORDENA")
    )


def _in_name(token: Token, lead: bool) -> str:
    """A word of a known name of several words: "of", "al" stay small inside it, and so
    does a leading "the" ("THE UNITED STATES" -> "the United States", as running text has it)."""
    if (not lead and token.lower in CONNECTORS) or token.lower == "the":
        return _same_length(token.text, token.text.lower())
    return _capitalised(token.text)


def _acronym_or_name(token: Token) -> str:
    """A one-word name: "US", "EU", "ADF" keep their capitals, "JAPAN" becomes "Japan"."""
    if sum(c.isalpha() for c in token.text) <= _ACRONYM_MAX:
        return token.text
    return _capitalised(token.text)


def _capitalised(word: str) -> str:
    """ "AL-QAIDA" -> "Al-Qaida", "O'NEIL" -> "O'Neil" (a capital after each non-letter)."""
    return _same_length(word, word.title())


def _same_length(word: str, cased: str) -> str:
    # A few letters change length with their case ("ß".upper() is "SS"): keep those words.
    return cased if len(cased) == len(word) else word
