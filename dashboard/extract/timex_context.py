"""What a normaliser needs beside the match: the reference date, tense and earlier anchors.

Tense cues are the language's data (``[context]`` of its rules.toml): ``tense`` finds words
that point ahead (group ``future``) or back (group ``past``; words in the ``not_past`` table
are no verbs, "hundred" is no past tense), ``future_phrase`` intent ("is to resume"),
``deadline`` words after which a day is still to come ("until Friday").
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from datetime import date

from dashboard.extract.timex_resources import Language

_WORD = re.compile(r"[\w']+")
# "[.!?]\s|\n", written to start with one character class: the regex engine then skips to
# the next candidate character instead of trying the pattern at every position.
_SENTENCE_END = re.compile(r"[\n.!?](?:(?<=\n)|\s)")
_WINDOW = 250
# The last word before a position, matched on the text reversed: one match, no search.
_LAST_WORD_REVERSED = re.compile(r"[\s-]*([\w.$#']+)")
_NEXT_WORD = re.compile(r"\s*([\w'$%]+)")


_CHUNK = 4096  # characters scanned for tense markers at a time


class _TenseIndex:
    """Tense markers of the text, found piece by piece as expressions ask for them.

    A piece is the part of a sentence inside one chunk of the text. Each is scanned once,
    and only the pieces an expression that needs tense looks into (tense is read within
    the expression's sentence): tagging stays linear on any text (a flood of weekdays with
    no full stop rescans nothing) and cheap on long texts with few relative dates; in
    date-dense text most sentences need no tense and are never scanned.
    """

    def __init__(self, text: str, lang: Language, lower: str | None = None) -> None:
        self.length = len(text)
        # Markers are found on the lower-cased text where the patterns allow (timex_case).
        tense_fast, phrase_fast = lang.fast_regex("tense"), lang.fast_regex("future_phrase")
        both_fast = lower is not None and (tense_fast or not lang.regex("tense")) and (
            phrase_fast or not lang.regex("future_phrase"))
        if both_fast:
            self.text = lower or text
            self.tense_re, self.phrase_re = tense_fast, phrase_fast
        else:
            self.text = text
            self.tense_re, self.phrase_re = lang.regex("tense"), lang.regex("future_phrase")
        self.not_past = lang.words("not_past")
        self.pieces: dict[tuple[int, int], tuple[list[int], list[int]]] = {}
        # Sentence breaks of the whole text: one fast scan, then bisected per expression.
        spans = [m.span() for m in _SENTENCE_END.finditer(text)]
        self.break_starts = [start for start, _ in spans]
        self.break_ends = [end for _, end in spans]

    def sentence_start(self, position: int) -> int:
        """Where the sentence holding ``position`` starts (not cut to a window)."""
        i = bisect_right(self.break_ends, position)
        return self.break_ends[i - 1] if i else 0

    def bounds(self, start: int, end: int) -> tuple[int, int]:
        """The sentence around [start, end), cut to _WINDOW characters on each side."""
        left, right, _, _ = self._around(start, end)
        return left, right

    def _around(self, start: int, end: int) -> tuple[int, int, int, int]:
        """``bounds``, and the numbers of the sentences holding ``start`` and ``end``."""
        i = bisect_right(self.break_ends, start)
        left = self.break_ends[i - 1] if i else 0
        j = bisect_left(self.break_starts, end)
        right = self.break_starts[j] + 1 if j < len(self.break_starts) else self.length
        return max(left, start - _WINDOW), min(right, end + _WINDOW, self.length), i, j

    def _piece(self, sentence: int, number: int) -> tuple[list[int], list[int]]:
        """The markers that start in sentence ``sentence`` and in chunk ``number``."""
        key = (sentence, number)
        if key not in self.pieces:
            first = self.break_ends[sentence - 1] if sentence else 0
            last = (self.break_starts[sentence] + 1 if sentence < len(self.break_starts)
                    else self.length)
            begin, end = max(first, number * _CHUNK), min(last, (number + 1) * _CHUNK)
            self.pieces[key] = self._markers(begin, end) if begin < end else ([], [])
        return self.pieces[key]

    def _markers(self, begin: int, end: int) -> tuple[list[int], list[int]]:
        """Positions and signs (+1 ahead, -1 back) of the markers that start in [begin, end),
        sorted by position."""
        stop = min(self.length, end + 40)  # a word that starts inside may end outside
        positions: list[int] = []
        signs: list[int] = []
        if self.tense_re is not None:
            past = self.tense_re.groupindex.get("past")
            not_past = self.not_past
            for m in self.tense_re.finditer(self.text, begin, stop):
                at = m.start()
                if at >= end:
                    break
                if past is None or m.group(past) is None:
                    positions.append(at)
                    signs.append(1)
                elif m.group().lower() not in not_past:  # "hundred" is no past tense
                    positions.append(at)
                    signs.append(-1)
        if self.phrase_re is not None:
            ahead = [at for m in self.phrase_re.finditer(self.text, begin, stop)
                     if (at := m.start()) < end]
            if ahead:  # both lists come sorted: merge them only when there is a phrase
                marks = sorted([*zip(positions, signs, strict=True),
                                *((at, 1) for at in ahead)])
                positions, signs = [p for p, _ in marks], [s for _, s in marks]
        return positions, signs

    def tense(self, start: int, end: int) -> int:
        left, right, before, after = self._around(start, end)
        # The nearest marker before the expression, in its sentence ...
        for number in range(min(start, self.length - 1) // _CHUNK, left // _CHUNK - 1, -1):
            positions, signs = self._piece(before, number)
            k = bisect_left(positions, start) - 1
            if k >= 0 and positions[k] >= left:
                return signs[k]
            if k >= 0:
                break  # the sentence's marker before the expression lies outside the window
        # ... failing one, the nearest after it.
        for number in range(end // _CHUNK, (max(right, 1) - 1) // _CHUNK + 1):
            positions, signs = self._piece(after, number)
            k = bisect_left(positions, end)
            if k < len(positions):
                return signs[k] if positions[k] < right else 0
        return 0


@dataclass
class Context:
    """Per-document state: the text, the reference date, the language and the last dates."""

    text: str
    dct: date | None
    lang: Language
    lower: str | None = None  # the text lower-cased, if that keeps every character in place
    last_day: date | None = None
    last_day_end: int = 0  # where the expression that set last_day ends
    last_quarter: tuple[int, int] | None = None
    last_quarter_at: int = -(10**9)
    last_point: date | None = None
    last_granularity: str = ""  # of the last point: "day", "month", "quarter" ...
    last_point_end: int = 0  # where the expression that set last_point ends
    lead_day: date | None = None  # the first day named in the last sentence that named one
    lead_day_sentence: int = -1  # where that sentence starts
    _index: _TenseIndex | None = field(default=None, repr=False)

    @property
    def index(self) -> _TenseIndex:
        if self._index is None:
            self._index = _TenseIndex(self.text, self.lang, self.lower)
        return self._index

    def sentence_bounds(self, start: int, end: int) -> tuple[int, int]:
        return self.index.bounds(start, end)

    def deadline_before(self, start: int) -> bool:
        """For "as early as Tuesday", "until Friday": a day still to come."""
        deadline = self.lang.regex("deadline")
        return bool(deadline and deadline.search(self.text, max(0, start - 20), start))

    def tense(self, start: int, end: int) -> int:
        """+1 if the sentence around [start, end) points ahead, -1 back, 0 if it does not say.

        The nearest marker before the expression decides; failing one, the nearest after.
        """
        return self.index.tense(start, end)

    def mentions(self, start: int, end: int, words: frozenset[str]) -> bool:
        """Does the sentence around [start, end) contain one of ``words``?"""
        left, right = self.sentence_bounds(start, end)
        return any(w.lower() in words for w in _WORD.findall(self.text, left, right))

    def word_before(self, start: int, keep_case: bool = False) -> str:
        m = _LAST_WORD_REVERSED.match(self.text[max(0, start - 30) : start][::-1])
        if not m:
            return ""
        word = m.group(1)[::-1]
        return word if keep_case else word.lower()

    def word_after(self, end: int) -> str:
        m = _NEXT_WORD.match(self.text, end, end + 30)
        return m.group(1) if m else ""

    def note_day(self, day: date, start: int) -> None:
        """Remember a day named at ``start``: the first one of each sentence leads it."""
        sentence = self.index.sentence_start(start)
        if sentence != self.lead_day_sentence:
            self.lead_day, self.lead_day_sentence = day, sentence

    def day_of_time(self, start: int) -> date | None:
        """The day a time of day that names none is on. In a sentence that named a day, the
        last one; after it, the first day of the last sentence that named one, which its main
        clause holds ("resumed at dawn on Wednesday after it was called off on Tuesday.
        Three more bodies were found by midday": Wednesday)."""
        if self.lead_day is None or self.index.sentence_start(start) == self.lead_day_sentence:
            return self.anchor_for("day")
        return self.lead_day

    def anchor_for(self, unit: str) -> date | None:
        """What "that day" / "the following year" counts from: the last date of that kind."""
        if unit == "day":
            return self.last_day or self.dct
        return self.last_point or self.dct
