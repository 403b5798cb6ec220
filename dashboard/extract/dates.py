"""Find temporal expressions in English news text and normalise them as TimeML TIMEX3.

``tag(text, dct)`` is the one entry point. A hand-written regex/lexicon finder proposes
candidates (``timex_rules``); the longest candidate wins at each position, and its normaliser
resolves it against the document creation time ``dct`` (never the clock). Without a ``dct``,
relative expressions are still found but keep an unresolved value ("XXXX-XX-XX").
"""

from __future__ import annotations

import re
from bisect import bisect_right
from datetime import date

from dashboard.extract.timex_calendar import interval_of
from dashboard.extract.timex_context import Context
from dashboard.extract.timex_lexicon import trie_pattern
from dashboard.extract.timex_rules import COMPILED, LOOKBACK, TRIGGERS, Hit
from dashboard.models import TimeExpression

__all__ = ["tag"]

# Words before an expression that belong to it (TimeML includes them in the extent): edge
# words ("early", "the end of") go with dates, quantity words ("more than") with amounts.
_MODIFIER = re.compile(
    r"(?:(?P<edge>early|late|mid|the\s+(?:end|beginning|start|middle|close)\s+of"
    r"|the\s+(?:first|second|latter)\s+half\s+of)"
    r"|(?P<qty>nearly|almost|more\s+than|less\s+than|at\s+least|at\s+most|no\s+more\s+than"
    r"|up\s+to))[\s-]{1,2}$",
    re.IGNORECASE,
)
_APPROX = re.compile(r"\b(?:about|around|roughly|approximately|some)\s+$", re.IGNORECASE)
# An edge word's mod; the others ("late", "the end of", "the second half of") are END.
_EDGE_MODS = {"early": "START", "beginning": "START", "start": "START", "first": "START",
              "mid": "MID", "middle": "MID"}  # fmt: skip
# A quantity word's mod on a duration, and on a date counted back ("more than 40 years ago").
_QTY_MODS = {
    "nearly": ("LESS_THAN", "APPROX"), "almost": ("LESS_THAN", "APPROX"),
    "more": ("MORE_THAN", "BEFORE"), "less": ("LESS_THAN", "AFTER"),
    "least": ("EQUAL_OR_MORE", "ON_OR_BEFORE"), "most": ("EQUAL_OR_LESS", "ON_OR_AFTER"),
    "no": ("EQUAL_OR_LESS", "ON_OR_AFTER"), "up": ("EQUAL_OR_LESS", "ON_OR_AFTER"),
}  # fmt: skip
_COUNTED_BACK = re.compile(r"\b(?:ago|earlier|later)$", re.IGNORECASE)


def tag(text: str, dct: date | None) -> list[TimeExpression]:
    """Temporal expressions in ``text``, sorted by start and non-overlapping.

    Never raises on odd input: anything unexpected inside a normaliser drops that candidate.
    """
    if not text:
        return []
    ctx = Context(text, dct)
    candidates = _candidates(text)
    found: list[TimeExpression] = []
    taken_until = 0
    for start, end, _rule, match, normalise in candidates:
        if start < taken_until:
            continue
        hit = _safe(normalise, match, ctx)
        if hit is None:
            continue
        expr = _build(text, start + hit.lead, end, hit, taken_until)
        found.append(expr)
        if hit.anchor:
            _remember(ctx, expr)
        taken_until = expr.end
    return found


def _build_index() -> tuple[re.Pattern[str], dict[str, list[tuple[int, int]]]]:
    """One regex finding every trigger word or digit run; each wakes (rule, lookback) pairs."""
    index: dict[str, list[tuple[int, int]]] = {}
    for number, (name, _regex, _normalise) in enumerate(COMPILED):
        for word in TRIGGERS[name].split():
            index.setdefault(word, []).append((number, LOOKBACK.get(name, 0)))
    words = [w for w in index if w != "#"]
    return re.compile(rf"\d+|\b{trie_pattern(words)}\b"), index


_TRIGGER, _RULES_FOR = _build_index()
_WORD = re.compile(r"[\w']+")
_NUMBER_RULES = {name: n for n, (name, _r, _f) in enumerate(COMPILED) if "#" in TRIGGERS[name]}
_NUMBER_LOOKBACK = dict(_RULES_FOR["#"])


def _digit_rules(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The number rules a digit run can start, judged by its length and the next character."""
    after = text[end : end + 1]
    size = end - start
    names = []
    if size == 4:
        names.append("year")
        if after == "-":
            names.append("iso")
    if size <= 2:
        names.append("slash" if after == "/" else "day_list")
    if size == 2 and text[start - 1 : start] in ("'", "’"):
        names.append("apos_year")
    if size <= 2 or (size == 4 and after == " "):
        names.append("clock")
    if size in (2, 4) and after in ("s", "'"):
        names.append("decade")
    return [(_NUMBER_RULES[n], _NUMBER_LOOKBACK[_NUMBER_RULES[n]]) for n in names]


def _candidates(text: str) -> list[tuple]:
    """Every rule match that starts at a word near one of the rule's trigger words.

    Rules are tried only where they can start (a few word starts before a trigger), which
    keeps tagging cheap on text full of numbers and linear on any input.
    """
    starts = [m.start() for m in _WORD.finditer(text)]
    tried: set[tuple[int, int]] = set()
    found = []
    for trigger in _TRIGGER.finditer(text.lower()):
        at = trigger.start()
        word = trigger.group()
        rules = (
            _digit_rules(text, at, trigger.end())
            if word[0].isdigit()
            else _RULES_FOR.get(word, [])
        )
        i = bisect_right(starts, at)
        for number, lookback in rules:
            _name, regex, normalise = COMPILED[number]
            positions = starts[max(0, i - 1 - lookback) : i]
            if not positions or positions[-1] != at:
                positions.append(at)
            if text[at - 1 : at] == "’":
                positions.append(at - 1)  # "’98": a curly apostrophe starts no word
            for pos in positions:
                if (number, pos) in tried:
                    continue
                tried.add((number, pos))
                match = regex.match(text, pos)
                if match and match.end() > at:
                    found.append((pos, match.end(), number, match, normalise))
    # Leftmost first, then longest, then the rule listed first.
    found.sort(key=lambda c: (c[0], -c[1], c[2]))
    return found


def _safe(normalise, match: re.Match[str], ctx: Context) -> Hit | None:
    """The normaliser's hit; a candidate it cannot value (a day 31 in June ...) is dropped."""
    try:
        return normalise(match, ctx)
    except (ValueError, KeyError, OverflowError, IndexError, TypeError, AssertionError):
        return None


def _build(text: str, start: int, end: int, hit: Hit, floor: int) -> TimeExpression:
    start, mod = _extend_left(text, start, end, hit, floor)
    mod = hit.mod or mod
    first = last = granularity = None
    if hit.type in ("DATE", "TIME"):
        interval = interval_of(hit.value)
        if interval:
            first, last, granularity = interval
    return TimeExpression(
        start=start,
        end=end,
        text=text[start:end],
        type=hit.type,
        value=hit.value,
        mod=mod,
        first=first,
        last=last,
        granularity=granularity if hit.type == "DATE" else None,
        relative=hit.relative,
    )


def _extend_left(text: str, start: int, end: int, hit: Hit, floor: int) -> tuple[int, str]:
    """Pull "early", "the end of", "more than" ... into the extent, with their mod."""
    window = text[max(floor, start - 30) : start]
    m = _MODIFIER.search(window)
    if m is None:
        # Annotators leave "about" outside the extent, but the value is still approximate.
        return start, "APPROX" if _APPROX.search(window) else ""
    words = m.group(0).lower().replace("-", " ").split()
    if m["edge"]:
        if hit.type == "DURATION":
            return start, ""
        key = words[0] if words[0] != "the" else words[1]
        return start - len(m.group(0)), _EDGE_MODS.get(key, "END")
    counted_back = hit.type == "DATE" and _COUNTED_BACK.search(text, start, end) is not None
    if hit.type != "DURATION" and not counted_back:
        return start, ""
    key = words[1] if words[0] == "at" else words[0]
    return start - len(m.group(0)), _QTY_MODS[key][1 if counted_back else 0]


def _remember(ctx: Context, expr: TimeExpression) -> None:
    """Keep the last mentioned day and quarter: "the following day" counts from them."""
    if expr.granularity == "day" and expr.first:
        ctx.last_day = expr.first
        ctx.last_day_end = expr.end
    if expr.granularity == "quarter" and re.fullmatch(r"\d{4}-Q[1-4]", expr.value):
        ctx.last_quarter = (int(expr.value[:4]), int(expr.value[-1]))
        ctx.last_quarter_at = expr.end
    if expr.granularity in ("day", "week", "month", "quarter", "year") and expr.first:
        ctx.last_point = expr.first
