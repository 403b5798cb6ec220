"""Names an article defines with an acronym: "le Syndicat unitaire des dockers de Dakar (SUDD)".

News introduces an organisation once by its full name with the acronym in brackets, then uses
the acronym. The full name may hold lower-case words (French, Spanish, Italian and Portuguese
names do: "Groupement des entreprises de manutention portuaire"), which the capitals-based
name rules cannot see, so the bracket is the evidence: the words before it whose initials
spell the acronym are the name. Every later (or earlier) use of the acronym is then that
actor, with the country of a place named inside it ("... de Dakar" is Senegal's).

Language-neutral: it reads only capitals, brackets and initials.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from dashboard.extract.tokens import Token
from dashboard.models import ActorMention, PlaceMention

# "(SUDD)", "(GEMAP)", "(CGT-FO)": two to eight capitals (digits and a hyphen may follow).
_BRACKETED = re.compile(r"\(\s*([A-ZÀ-Þ]{2,8}(?:[-&][A-Z0-9]{1,4})?)\s*\)")
MAX_WORDS = 10  # a name longer than this is not taken from its initials
ORGANISATION = "organisation"


@dataclass(frozen=True)
class Definition:
    acronym: str
    bracketed: int  # where the acronym stands in its brackets
    start: int  # of the full name
    end: int
    name: str
    country: str | None


def find_definitions(text: str, tokens: list[Token], places: list[PlaceMention]
                     ) -> list[Definition]:
    """The names the text defines with a bracketed acronym, in text order."""
    ends = {t.end: i for i, t in enumerate(tokens)}
    found: list[Definition] = []
    for match in _BRACKETED.finditer(text):
        acronym = match.group(1)
        last = _token_ending_before(text, ends, match.start())
        if last is None:
            continue
        first = _name_start(text, tokens, last, _letters(acronym))
        if first is None:
            continue
        start, end = tokens[first].start, tokens[last].end
        inside = [p.country for p in places if start <= p.start and p.end <= end]
        found.append(Definition(acronym, match.start(1), start, end, text[start:end],
                                inside[0] if inside else None))
    return found


def with_definitions(tokens: list[Token], mentions: list[ActorMention],
                     definitions: list[Definition]) -> list[ActorMention]:
    """``mentions`` with each defined name as one actor and each use of its acronym as that
    actor. The tables come first: an acronym they know ("OTAN", "CNT") keeps their meaning,
    and a name they found over most of the defined words stays as found (its acronym then
    stands for it); otherwise the defined words replace what was found inside them."""
    at = {m.start: m for m in mentions}
    bracketed = {d.bracketed for d in definitions}
    kept = list(mentions)
    actor_of: dict[str, ActorMention] = {}
    for definition in definitions:
        if definition.acronym in actor_of:
            continue
        inside = [m for m in kept if m.start < definition.end and definition.start < m.end]
        known = at.get(definition.bracketed)
        if known is not None:  # "(OTAN)": the words before it are NATO too
            kept = [m for m in kept if m not in inside] + [_spanning(definition, known)]
            continue
        largest = max(inside, key=lambda m: m.end - m.start, default=None)
        if largest is not None and 2 * (largest.end - largest.start) >= (
                definition.end - definition.start):
            actor_of[definition.acronym] = largest
            continue
        named = ActorMention(definition.start, definition.end, definition.name,
                             definition.name, definition.country, ORGANISATION)
        kept = [m for m in kept if m not in inside] + [named]
        actor_of[definition.acronym] = named
    for token in tokens:
        actor = actor_of.get(token.text)
        if actor is None or token.start in at or token.start in bracketed:
            continue  # not an acronym defined here, or already an actor the tables know
        kept.append(ActorMention(token.start, token.end, token.text, actor.name,
                                 actor.country, actor.kind or ORGANISATION))
    return sorted(kept, key=lambda m: m.start)


def _spanning(definition: Definition, actor: ActorMention) -> ActorMention:
    return ActorMention(definition.start, definition.end, definition.name, actor.name,
                        actor.country, actor.kind, actor.title)


def _token_ending_before(text: str, ends: dict[int, int], bracket: int) -> int | None:
    """The token right before the bracket (only spaces between)."""
    end = bracket
    while end > 0 and text[end - 1] in " \u00a0":
        end -= 1
    return ends.get(end)


def _name_start(text: str, tokens: list[Token], last: int, letters: str) -> int | None:
    """The first token of the longest run of words ending at ``last`` (no punctuation
    between them) that opens with a capital and whose initials spell ``letters`` with at
    most one letter missing; None when there is none."""
    best = None
    for first in range(last, max(-1, last - MAX_WORDS), -1):
        if first < last and text[tokens[first].end:tokens[first + 1].start].strip():
            break  # a comma, dash or bracket between two words: the name cannot go on
        word = tokens[first].text
        if first < last and word[:1].isupper() and _initial(word) == letters[0] \
                and _spelled(tokens[first:last + 1], letters):
            best = first
    return best


def _spelled(words: list[Token], letters: str) -> bool:
    """Do the words' initials spell the letters in order, one letter missing at most? Words
    may be skipped ("Syndicat unitaire des dockers de Dakar" spells SUDD), and a letter of
    the acronym may stand for no word's initial ("Groupement des entreprises de manutention
    portuaire" is GEMAP): the longest common subsequence of the two decides."""
    initials = "".join(_initial(word.text) for word in words)
    return _common_subsequence(initials, letters) >= max(2, len(letters) - 1)


def _common_subsequence(a: str, b: str) -> int:
    row = [0] * (len(b) + 1)
    for x in a:
        previous = 0  # the diagonal: row[j - 1] of the row before
        for j, y in enumerate(b, 1):
            above = row[j]
            row[j] = previous + 1 if x == y else max(row[j], row[j - 1])
            previous = above
    return row[-1]


def _initial(word: str) -> str:
    return _letters(word[:1])


def _letters(text: str) -> str:
    """Upper-case letters without accents: "É" and "E" are the same initial."""
    folded = unicodedata.normalize("NFKD", text)
    return "".join(c for c in folded if c.isalpha()).upper()
