"""Newswire signatures, bylines and credit lines: text that credits a story, not its actors;
and boilerplate lines (copyright notices, "All rights reserved") that hold no news at all.

"...officials said.\\n Reuter" ends every Reuters-21578 story; "TOKYO, Feb 18 (Reuters) -" opens
a modern one; "(Reporting by Jane Doe; Editing by John Roe)" closes it. The names in them are
the story's authors and distributors, never the actors of its events. The phrases are data
(data/dictionaries/credits.tsv); the same agency named in running text stays an actor.
"""

from __future__ import annotations

import re
from itertools import chain
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from dashboard.extract.resources import Resources

# A byline is one of the first lines of a story, and short.
_BYLINE_LINES = 5
_BYLINE_MAX = 120
# Lower-case words a byline may hold between its names ("By Jane Doe and John Roe in Tokyo").
_BYLINE_JOINERS = frozenset({"and", "in", "for", "of", "the", "&"})


class Credit(NamedTuple):
    start: int
    end: int


class Patterns(NamedTuple):
    signature_line: re.Pattern[str]
    signature_bracket: re.Pattern[str]
    credit: re.Pattern[str]
    byline: re.Pattern[str]
    boilerplate: re.Pattern[str]


_NEVER = "(?!)"  # an alternation of no phrases matches nothing


def load_patterns(res: Resources) -> Patterns:
    """The phrases of data/dictionaries/credits.tsv, compiled."""
    phrases: dict[str, list[str]] = {}
    for kind, phrase in chain(res.rows("credits.tsv"), res.language_rows("credits.tsv")):
        phrases.setdefault(kind, []).append(phrase)

    def alternatives(kind: str) -> str:
        longest_first = sorted(phrases.get(kind, []), key=len, reverse=True)
        return "|".join(r"\s+".join(map(re.escape, p.split())) for p in longest_first) or _NEVER

    signatures, credits, bylines, openers, rights = (
        alternatives(k) for k in ("signature", "credit", "byline", "boilerplate", "rights")
    )
    return Patterns(
        # the agency alone on its line, with punctuation at most: " Reuter", "-- AFP"
        re.compile(rf"^[^\w\n]*(?:{signatures})[^\w\n]*$", re.M | re.I),
        re.compile(rf"\(\s*(?:{signatures})\s*\)", re.I),
        # "(Reporting by ...; Editing by ...)", or such a line without brackets
        re.compile(
            rf"\(\s*(?:{credits})\b[^()\n]{{0,300}}\)|^[^\S\n]*(?:{credits})\b[^\n]{{0,300}}$",
            re.M | re.I,
        ),
        re.compile(rf"^[^\S\n]*(?:{bylines})[^\S\n]+([^\n]{{1,{_BYLINE_MAX}}})$", re.M | re.I),
        # a line opened by a boilerplate phrase, or holding a copyright or rights notice
        re.compile(
            rf"^[^\S\n]*(?:{openers})(?!\w)[^\n]*$|^[^\n]*?(?:{rights})[^\n]*$", re.M | re.I
        ),
    )


def credit_spans(text: str, patterns: Patterns) -> list[Credit]:
    """Offsets of the signatures, bylines and credit lines in ``text``, in text order
    (``patterns``: ``Resources.credit_patterns``)."""
    found = [
        Credit(m.start(), m.end())
        for pattern in (patterns.signature_line, patterns.signature_bracket, patterns.credit)
        for m in pattern.finditer(text)
    ]
    head_end = _end_of_line(text, _BYLINE_LINES)
    for m in patterns.byline.finditer(text, 0, head_end):
        if _names_only(m.group(1)):
            found.append(Credit(m.start(), m.end()))
    return sorted(found)


def boilerplate_spans(text: str, patterns: Patterns) -> list[Credit]:
    """The lines of ``text`` that are no news: copyright and rights notices, "Etiquetas: ...",
    "Leer más" (the ``boilerplate`` and ``rights`` phrases of credits.tsv), in text order."""
    return [Credit(m.start(), m.end()) for m in patterns.boilerplate.finditer(text)]


def _end_of_line(text: str, lines: int) -> int:
    end = -1
    for _ in range(lines):
        end = text.find("\n", end + 1)
        if end < 0:
            return len(text)
    return end


def _names_only(rest: str) -> bool:
    """ "Jane Doe and John Roe, Associated Press Writers": capitalised words and joiners only
    ("By Monday, the army had left" is a sentence, not a byline)."""
    words = rest.replace(",", " ").split()
    return bool(words) and all(w[:1].isupper() or w.lower() in _BYLINE_JOINERS for w in words)
