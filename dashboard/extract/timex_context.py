"""What a normaliser needs beside the match: the reference date, tense and earlier anchors."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from datetime import date

from dashboard.extract.timex_lexicon import trie_pattern, word_set

# Words that make a sentence point ahead or back; the one nearest the expression wins.
_FUTURE = word_set(
    """will 'll shall would tomorrow next upcoming scheduled expected plans intends intend
    soon plan planning expires begins starts opens resumes reopens convenes reconvenes
    arrives departs meets"""
)
_PAST = word_set(
    """was were had did said says told ago yesterday last earlier reported announced since
    began died killed came went took gave made met left fell rose won lost saw held"""
)
# -ed words that are not past-tense verbs.
_NOT_PAST = word_set("need speed feed seed bed red indeed hundred united limited based")
_WORD = re.compile(r"[A-Za-z']+")
_SENTENCE_END = re.compile(r"[.!?]\s|\n")

_WINDOW = 250
# "is to resume", "set to meet": an infinitive of intent points ahead whatever the main verb.
_FUTURE_PHRASE = re.compile(r"\b(?:is|are|set|due|ready|going|poised)\s+to\b", re.IGNORECASE)
_DEADLINE = re.compile(
    r"\b(?:as\s+(?:early|soon)\s+as|until|till|deadline\s+of|ahead\s+of)\s+(?:the\s+)?$", re.I
)
_LAST_WORD = re.compile(r"([\w.$#']+)[\s-]*$")


# One pass finds every marker; per-word Python checks would cost more than the tagging itself.
_MARKER = re.compile(
    rf"(?<![\w'])(?:(?P<future>{trie_pattern(_FUTURE)})|(?P<past>{trie_pattern(_PAST)}"
    r"|[A-Za-z]{3,}ed))(?![\w'])|(?<=[A-Za-z])(?P<future_ll>'ll)(?![\w])",
    re.IGNORECASE,
)


def _sign(m: re.Match[str]) -> int:
    """+1 for a future marker, -1 for a past one, 0 for an -ed word that is no verb."""
    if m.lastgroup != "past":
        return 1
    return 0 if m.group().lower() in _NOT_PAST else -1


class _TenseIndex:
    """Tense markers and sentence breaks of a whole text, found in one pass and bisected.

    One pass keeps tagging linear: asking each expression's sentence for its markers would
    rescan the same words once per expression (costly on lists of dates without full stops).
    """

    def __init__(self, text: str) -> None:
        marks = [(m.start(), _sign(m)) for m in _MARKER.finditer(text)]
        marks = [(p, s) for p, s in marks if s]
        marks += [(m.start(), 1) for m in _FUTURE_PHRASE.finditer(text)]
        marks.sort()
        self.positions = [p for p, _ in marks]
        self.signs = [s for _, s in marks]
        breaks = list(_SENTENCE_END.finditer(text))
        self.break_starts = [m.start() for m in breaks]
        self.break_ends = [m.end() for m in breaks]
        self.length = len(text)

    def bounds(self, start: int, end: int) -> tuple[int, int]:
        """The sentence around [start, end), cut to _WINDOW characters on each side."""
        i = bisect_right(self.break_ends, start)
        left = self.break_ends[i - 1] if i else 0
        j = bisect_left(self.break_starts, end)
        right = self.break_starts[j] + 1 if j < len(self.break_starts) else self.length
        return max(left, start - _WINDOW), min(right, end + _WINDOW, self.length)

    def tense(self, start: int, end: int) -> int:
        left, right = self.bounds(start, end)
        k = bisect_left(self.positions, start) - 1
        if k >= 0 and self.positions[k] >= left:
            return self.signs[k]
        k = bisect_left(self.positions, end)
        if k < len(self.positions) and self.positions[k] < right:
            return self.signs[k]
        return 0


@dataclass
class Context:
    """Per-document state: the text, the reference date and the last dates mentioned."""

    text: str
    dct: date | None
    last_day: date | None = None
    last_day_end: int = 0  # where the expression that set last_day ends
    last_quarter: tuple[int, int] | None = None
    last_quarter_at: int = -(10**9)
    last_point: date | None = None
    _index: _TenseIndex | None = field(default=None, repr=False)

    @property
    def index(self) -> _TenseIndex:
        if self._index is None:
            self._index = _TenseIndex(self.text)
        return self._index

    def sentence_bounds(self, start: int, end: int) -> tuple[int, int]:
        return self.index.bounds(start, end)

    def deadline_before(self, start: int) -> bool:
        """For "as early as Tuesday", "until Friday": a day still to come."""
        return bool(_DEADLINE.search(self.text, max(0, start - 20), start))

    def tense(self, start: int, end: int) -> int:
        """+1 if the sentence around [start, end) points ahead, -1 back, 0 if it does not say.

        The nearest marker before the expression decides; failing one, the nearest after.
        """
        return self.index.tense(start, end)

    def mentions(self, start: int, end: int, words: tuple[str, ...]) -> bool:
        """Does the sentence around [start, end) contain one of ``words``?"""
        left, right = self.sentence_bounds(start, end)
        found = {w.lower() for w in _WORD.findall(self.text, left, right)}
        return any(w in found for w in words)

    def word_before(self, start: int, keep_case: bool = False) -> str:
        m = _LAST_WORD.search(self.text, max(0, start - 30), start)
        if not m:
            return ""
        return m.group(1) if keep_case else m.group(1).lower()

    def word_after(self, end: int) -> str:
        m = re.match(r"\s*([\w'$%]+)", self.text[end : end + 30])
        return m.group(1) if m else ""

    def anchor_for(self, unit: str) -> date | None:
        """What "that day" / "the following year" counts from: the last date of that kind."""
        if unit == "day":
            return self.last_day or self.dct
        return self.last_point or self.dct
