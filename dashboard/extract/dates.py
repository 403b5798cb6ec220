"""Find temporal expressions in news text and normalise them as TimeML TIMEX3.

``tag(text, dct, language)`` is the one entry point. The engine is the same for every
language; what a language says is data in ``dashboard/resources/timex/<code>/`` (word tables,
regex rules with examples, exclusions, tense cues), loaded by ``timex_resources``:

1. candidate finder: one regex finds the trigger words (derived from the rules) and digit
   runs; each wakes the rules that need it, tried only at the few word starts before it;
2. overlap resolution: leftmost, then longest, then the rule listed first; nothing that
   overlaps an exclusion ("Good Friday") is kept;
3. normalisation: the rule's normaliser (``timex_rules``) values the match against the
   document creation time ``dct`` (never the clock), with calendar arithmetic from
   ``timex_calendar`` and tense from ``timex_context`` to place bare weekdays and months.

Without a ``dct``, relative expressions are still found but keep an unresolved value
("XXXX-XX-XX"). A language without resources is read with the neutral set (numeric dates
only), so an unknown language never gets English words read into it.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import cache

from dashboard.extract.timex_calendar import interval_of
from dashboard.extract.timex_context import Context
from dashboard.extract.timex_lexicon import trie_pattern
from dashboard.extract.timex_resources import FLAGS, NEUTRAL, Language, available, load
from dashboard.extract.timex_rules import NORMALISERS, Hit
from dashboard.extract.timex_triggers import DIGITS, first_chars
from dashboard.models import TimeExpression

__all__ = ["tag", "tag_with_rules", "resources_for"]

_WORD = re.compile(r"[\w']+")
_RULES_MAX = 1 << 12  # more rules than any language has


def resources_for(language: str) -> Language:
    """The resources a language is read with: its own, else the neutral (numbers-only) set."""
    return load(language if language in available() else NEUTRAL)


def tag(text: str, dct: date | None, language: str = "en") -> list[TimeExpression]:
    """Temporal expressions in ``text``, sorted by start and non-overlapping.

    Never raises on odd input: anything unexpected inside a normaliser drops that candidate.
    """
    return [expr for expr, _rule in tag_with_rules(text, dct, language)]


def tag_with_rules(
    text: str, dct: date | None, language: str = "en"
) -> list[tuple[TimeExpression, str]]:
    """Like ``tag``, with the name of the rule that found each expression (for tests)."""
    if not text:
        return []
    lang = resources_for(language)
    index = _index(lang.code)
    ctx = Context(text, dct, lang)
    candidates, excluded = _candidates(text, index)
    found: list[tuple[TimeExpression, str]] = []
    taken_until = 0
    for start, end, number, match in candidates:
        if start < taken_until or _overlaps(excluded, start, end):
            continue
        rule = index.rules[number]
        hit = _safe(NORMALISERS[rule.kind], match, ctx)
        if hit is None:
            continue
        expr = _build(text, start + hit.lead, end, hit, taken_until, lang)
        found.append((expr, rule.name))
        if hit.anchor:
            _remember(ctx, expr)
        taken_until = expr.end
    return found


# --- the finder ---------------------------------------------------------------------------------


# What a trigger wakes: (rule number, lookback, the rule's regex.match, the characters a
# match can start with or None); bound up front, since the finder's loop is the hot path.
_Waking = tuple[int, int, Callable[..., re.Match[str] | None], frozenset[str] | None]


@dataclass(frozen=True)
class _Index:
    rules: list  # rules then exclusions, numbered together
    trigger: re.Pattern[str]
    by_word: dict[str, list[_Waking]]  # trigger word -> the rules it wakes
    by_digits: list[_Waking]
    n_rules: int  # rules before this number find expressions; the rest are exclusions
    widest: int  # the largest lookback


@cache
def _index(code: str) -> _Index:
    """One regex finding every trigger word or digit run of a language's rules."""
    lang = load(code)
    rules = [*lang.rules, *lang.exclusions]
    by_word: dict[str, list[_Waking]] = {}
    by_digits: list[_Waking] = []
    for number, rule in enumerate(rules):
        waking = (number, rule.lookback, rule.regex.match, first_chars(rule.regex.pattern, FLAGS))
        for word in rule.triggers:
            if word == DIGITS:
                by_digits.append(waking)
            else:
                by_word.setdefault(word, []).append(waking)
    words = trie_pattern(set(by_word)) if by_word else "(?!)"
    trigger = re.compile(rf"\d+|(?<![\w])(?:{words})(?![\w])", FLAGS)
    widest = max((rule.lookback for rule in rules), default=0)
    return _Index(rules, trigger, by_word, by_digits, len(lang.rules), widest)


def _candidates(text: str, index: _Index) -> tuple[list[tuple], list[tuple[int, int]]]:
    """Every rule match that starts at a word near one of the rule's trigger words, and the
    spans of exclusion matches.

    Rules are tried only where they can start (a few word starts before a trigger), which
    keeps tagging cheap on text full of numbers and linear on any input.
    """
    starts = [m.start() for m in _WORD.finditer(text)]
    tried: set[int] = set()  # rule number + position * _RULES_MAX, for each attempt made
    found = []
    excluded: list[tuple[int, int]] = []
    n_rules = index.n_rules
    by_word, by_digits = index.by_word, index.by_digits
    for trigger in index.trigger.finditer(text):
        at = trigger.start()
        word = trigger.group()
        rules = by_digits if word[0].isdigit() else by_word.get(word.lower(), ())
        i = bisect_right(starts, at)
        curly = text[at - 1 : at] == "’"  # "’98": a curly apostrophe starts no word
        # The word starts a match may begin at: up to the widest lookback before the trigger.
        window = starts[max(0, i - 1 - index.widest) : i]
        words = len(window)  # word starts; then the trigger itself if no word starts there
        if not window or window[-1] != at:
            window.append(at)
        if curly:
            window.append(at - 1)
        for number, lookback, match_at, first in rules:
            for pos in window[words - lookback - 1 if words > lookback + 1 else 0 :]:
                if first is not None and text[pos] not in first:
                    continue
                key = number + pos * _RULES_MAX
                if key in tried:
                    continue
                tried.add(key)
                match = match_at(text, pos)
                if match and match.end() > at:
                    if number >= n_rules:
                        excluded.append((match.start(), match.end()))
                    else:
                        found.append((pos, match.end(), number, match))
    # Leftmost first, then longest, then the rule listed first.
    found.sort(key=lambda c: (c[0], -c[1], c[2]))
    excluded.sort()
    return found, excluded


def _overlaps(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    if not spans:
        return False
    i = bisect_left(spans, (end, end))
    return any(s < end and start < e for s, e in spans[max(0, i - 4) : i])


def _safe(normalise, match: re.Match[str], ctx: Context) -> Hit | None:
    """The normaliser's hit; a candidate it cannot value (a day 31 in June ...) is dropped."""
    try:
        return normalise(match, ctx)
    except (ValueError, KeyError, OverflowError, IndexError, TypeError, AssertionError):
        return None


# --- building the expression ----------------------------------------------------------------------


def _build(text: str, start: int, end: int, hit: Hit, floor: int, lang: Language
           ) -> TimeExpression:
    start, mod = _extend_left(text, start, end, hit, floor, lang)
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


def _extend_left(text: str, start: int, end: int, hit: Hit, floor: int, lang: Language
                 ) -> tuple[int, str]:
    """Pull "early", "the end of", "more than" ... into the extent, with their mod.

    The words and their mods are the language's ``edge_modifiers`` and ``quantity_modifiers``
    tables, found by its ``modifier`` context regex just before the expression.
    """
    window = text[max(floor, start - 40) : start]
    modifier = lang.regex("modifier")
    m = modifier.search(window) if modifier else None
    if m is None:
        # Annotators leave "about" outside the extent, but the value is still approximate.
        approx = lang.regex("approx")
        return start, "APPROX" if approx and approx.search(window) else ""
    if m["edge"]:
        if hit.type == "DURATION":
            return start, ""
        return start - len(m.group(0)), lang.value("edge_modifiers", m["edge"]) or "END"
    counted_back = lang.regex("counted_back")
    back = hit.type == "DATE" and counted_back is not None and bool(
        counted_back.search(text, start, end))
    if hit.type != "DURATION" and not back:
        return start, ""
    mods = [lang.value("quantity_modifiers", m["qty"]) or "", *lang.extra(
        "quantity_modifiers", m["qty"])]
    return start - len(m.group(0)), mods[1 if back else 0]


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
