"""Find temporal expressions in news text and normalise them as TimeML TIMEX3.

``tag(text, dct, language)`` is the one entry point. The engine is the same for every
language; what a language says is data in ``dashboard/resources/timex/<code>/`` (word tables,
regex rules with examples, exclusions, tense cues), loaded by ``timex_resources``:

1. candidate finder: one pass over the words finds the trigger words (derived from the
   rules) and digit runs; each wakes the rules that need it, tried only at the few word
   starts before it;
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
from bisect import bisect_left
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import cache
from operator import itemgetter

from dashboard.extract.timex_calendar import interval_of
from dashboard.extract.timex_case import groups_inside, lowered
from dashboard.extract.timex_context import Context
from dashboard.extract.timex_resources import FLAGS, NEUTRAL, Language, available, load
from dashboard.extract.timex_rules import NORMALISERS, Hit
from dashboard.extract.timex_triggers import DIGITS, first_chars, first_pairs
from dashboard.models import TimeExpression

__all__ = ["tag", "tag_with_rules", "resources_for"]

_WORD = re.compile(r"[\w']+")
_DIGIT_RUN = re.compile(r"\d+")


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
    low = lowered(text)
    ctx = Context(text, dct, lang, lower=low)
    candidates, excluded = _candidates(text, low, index)
    found: list[tuple[TimeExpression, str]] = []
    taken_until = 0
    rules, normalisers, leads = index.rules, index.normalisers, index.leads
    for start, minus_end, number, match in candidates:
        end = -minus_end
        if start < taken_until or (excluded and _overlaps(excluded, start, end)):
            continue
        if match.string is not text and not (
                low is not None and index.inside[number] and text[start:end] == low[start:end]):
            # Found on the lower-cased text where the text is not all lower case: normalisers
            # read the real case ("Abril" may be a name), so match again on the text.
            match = rules[number].regex.match(text, start)
            if match is None:
                continue
            end = match.end()
        hit = _safe(normalisers[number], match, ctx)
        if hit is None:
            continue
        lead = hit.lead or (_lead(match) if leads[number] else 0)
        expr = _build(ctx, start + lead, end, hit, taken_until)
        found.append((expr, rules[number].name))
        if hit.anchor:
            _remember(ctx, expr)
        taken_until = expr.end
    return found


# --- the finder ---------------------------------------------------------------------------------


# What a trigger wakes, at a position whose character a match may start with: (rule
# number, lookback, the rule's match function, whether it runs on the lower-cased text);
# bound up front, since the finder's loop is the hot path.
_Waking = tuple[int, int, Callable[..., re.Match[str] | None], int]


@dataclass(frozen=True)
class _Wakes:
    """The rules one trigger wakes, looked up by the first characters of a word start: most
    rules cannot start at most words (a month-day rule at "selon", a duration at
    "semaines"), and a lookup skips them all at once. Each list runs from the longest
    lookback down, so a word too far before the trigger stops the scan."""

    numbers: tuple[int, ...]  # every rule it wakes
    # First character (as written) -> the rules that may match there; or, where the second
    # character (lower-cased) tells more, second character -> those rules, with under ""
    # the rules that may go on with any second character.
    by_char: dict[str, tuple[_Waking, ...] | dict[str, tuple[_Waking, ...]]]
    any_char: tuple[_Waking, ...]  # the rules that may start with any character
    reach: int  # the longest lookback of those rules: no word farther back is tried


# A rule's first characters (None: any) and, on the lower-cased text, the second characters
# each first one may be followed by (None for the rule or a character: any).
_Starts = tuple[frozenset[str] | None, dict[str, frozenset[str] | None] | None]


def _wakes(rules: list[tuple[_Waking, _Starts]]) -> _Wakes:
    shared: dict[tuple, tuple[_Waking, ...]] = {}

    def ordered(wakings: list[_Waking]) -> tuple[_Waking, ...]:
        key = tuple(sorted(wakings, key=lambda w: (-w[1], w[0])))
        return shared.setdefault(key, key)  # one tuple for the many pairs that wake the same

    any_char = [waking for waking, (first, _) in rules if first is None]
    chars = {ch for _, (first, _) in rules if first is not None for ch in first}
    by_char: dict[str, tuple[_Waking, ...] | dict[str, tuple[_Waking, ...]]] = {}
    for ch in chars:
        fitting = [(waking, _seconds(pairs, ch)) for waking, (first, pairs) in rules
                   if first is not None and ch in first]
        any_second = ordered([w for w, seconds in fitting if seconds is None] + any_char)
        by_second = {second: ordered([w for w, seconds in fitting
                                      if seconds is None or second in seconds] + any_char)
                     for second in set().union(*(s for _, s in fitting if s is not None))}
        by_second = {second: wakings for second, wakings in by_second.items()
                     if wakings != any_second}
        by_char[ch] = {"": any_second, **by_second} if by_second else any_second
    reach = max(w[1] for w, _ in rules)
    return _Wakes(tuple(w[0] for w, _ in rules), by_char, ordered(any_char), reach)


def _seconds(pairs: dict[str, frozenset[str] | None] | None, first: str
             ) -> frozenset[str] | None:
    """What may follow ``first`` (as written) in a match on the lower-cased text."""
    if pairs is None or first in "Σσς":  # a final sigma lower-cases to another letter
        return None
    return pairs.get(first.lower(), frozenset())


@dataclass(frozen=True)
class _Finder:
    """The rules each trigger wakes, for one kind of text."""

    by_word: dict[str, _Wakes]  # trigger word -> the rules it wakes
    by_digits: _Wakes | None


@dataclass(frozen=True)
class _Index:
    rules: list  # rules then exclusions, numbered together
    exact: _Finder  # everything on the text as written
    fast: _Finder  # on the lower-cased text wherever a pattern allows (see timex_case)
    n_rules: int  # rules before this number find expressions; the rest are exclusions
    normalisers: list[Callable]  # by rule number (exclusions have none)
    leads: list[bool]  # by rule number: has the rule a group "lead" (see ``_lead``)?
    # By rule number: are all its groups inside its match (see timex_case.groups_inside)?
    inside: list[bool]


@cache
def _index(code: str) -> _Index:
    """The rules of a language by the trigger words (and digit runs) that wake them."""
    lang = load(code)
    rules = [*lang.rules, *lang.exclusions]
    exact = _finder(rules, fast=False)
    fast = _finder(rules, fast=True)
    normalisers = [NORMALISERS[rule.kind] for rule in lang.rules]
    leads = ["lead" in rule.regex.groupindex for rule in rules]
    inside = [groups_inside(rule.regex.pattern, FLAGS) for rule in rules]
    return _Index(rules, exact, fast, len(lang.rules), normalisers, leads, inside)


def _finder(rules: list, fast: bool) -> _Finder:
    by_word: dict[str, list] = {}
    by_digits: list = []
    for number, rule in enumerate(rules):
        on_low = fast and rule.fast is not None
        match_at = rule.fast.match if on_low else rule.regex.match
        pairs = first_pairs(rule.fast.pattern, rule.fast.flags) if on_low else None
        waking = ((number, rule.lookback, match_at, int(on_low)),
                  (first_chars(rule.regex.pattern, FLAGS), pairs))
        for word in rule.triggers:
            if word == DIGITS:
                by_digits.append(waking)
            else:
                by_word.setdefault(word, []).append(waking)
    return _Finder({word: _wakes(wakings) for word, wakings in by_word.items()},
                   _wakes(by_digits) if by_digits else None)


_ORDER = itemgetter(0, 1, 2)


def _candidates(text: str, low: str | None, index: _Index
                ) -> tuple[list[tuple], list[tuple[int, int]]]:
    """Every rule match that starts at a word near one of the rule's trigger words, and the
    spans of exclusion matches.

    Rules are tried only where they can start (a few word starts before a trigger), which
    keeps tagging cheap on text full of numbers and linear on any input. One pass over the
    words finds both the word starts and the triggers (a word of a rule's trigger list, or a
    digit run). Triggers come left to right and a rule's window only moves right, so each
    rule remembers the last trigger it was tried for (every position up to that one has been
    tried or ruled out) instead of keeping a set of attempts.
    Candidates are (start, -end, rule number, match). One found on the lower-cased text
    ``low`` comes with its match on ``low``: the caller matches it again on the text as
    written where the case may matter.
    """
    finder = index.exact if low is None else index.fast
    strings = (text, low if low is not None else text)
    tried_up_to = [-2] * len(index.rules)  # per rule: the last position tried
    found: list[tuple] = []
    excluded: list[tuple[int, int]] = []
    by_word, by_digits = finder.by_word, finder.by_digits
    starts: list[int] = []
    add_start = starts.append
    lower = low is None  # words are looked up lower-cased
    for token in _WORD.finditer(strings[1]):
        start = token.start()
        add_start(start)
        word = token.group()
        if word.isalpha():  # most words: no digit run, no apostrophe inside
            rules = by_word.get(word.lower() if lower else word)
            if rules:
                _try_rules(text, strings, starts, start, rules, index, tried_up_to, found,
                           excluded)
            continue
        if word.isdecimal():  # a number: one digit run, the whole word ("\d" is isdecimal)
            if by_digits:
                _try_rules(text, strings, starts, start, by_digits, index, tried_up_to, found,
                           excluded)
            continue
        for at, rules in _triggers_in(word, start, by_word, by_digits, lower):
            _try_rules(text, strings, starts, at, rules, index, tried_up_to, found, excluded)
    # Leftmost first, then longest, then the rule listed first: candidates are kept as
    # (start, -end, rule number, match), sorted by a key made in C, not a lambda per one.
    found.sort(key=_ORDER)
    excluded.sort()
    return found, excluded


def _triggers_in(word: str, start: int, by_word: dict, by_digits: _Wakes | None, lower: bool
                 ) -> list[tuple[int, _Wakes]]:
    """The triggers inside a word holding digits or apostrophes: each part between
    apostrophes that is a trigger word ("l'année"), else its digit runs ("1er", "A330")."""
    triggers = []
    offset = 0
    for part in word.split("'"):
        if part:
            key = part.lower() if lower else part
            rules = None if part[0].isdigit() else by_word.get(key)
            if rules:
                triggers.append((start + offset, rules))
            elif by_digits and not part.isalpha():
                triggers += [(start + offset + m.start(), by_digits)
                             for m in _DIGIT_RUN.finditer(part)]
        offset += len(part) + 1
    return triggers


def _try_rules(text: str, strings: tuple[str, str], starts: list[int], at: int, wakes: _Wakes,
               index: _Index, tried_up_to: list[int], found: list, excluded: list) -> None:
    """Try the rules a trigger at ``at`` wakes, at the word starts of their lookback."""
    i = len(starts)  # the trigger lies in the last word started
    # The word starts a match may begin at: up to the longest lookback of the rules woken
    # (most triggers wake only rules that look back a word or two).
    window = starts[max(0, i - 1 - wakes.reach) : i]
    words = len(window)  # word starts; then the trigger itself if no word starts there
    if window[-1] != at:
        window.append(at)
    if text[at - 1 : at] == "’":  # "’98": a curly apostrophe starts no word
        window.insert(len(window) - 1, at - 1)
    n_rules = index.n_rules
    by_char, any_char = wakes.by_char, wakes.any_char
    low = strings[1]
    distance = words  # word starts between a position and the trigger's word
    for pos in window:
        distance -= 1
        wakings = by_char.get(text[pos], any_char)
        if isinstance(wakings, dict):  # the second character tells more
            # (Never empty where "" is not: every list holds the rules of "".)
            wakings = wakings.get(low[pos + 1 : pos + 2]) or wakings[""]
        for number, lookback, match_at, on_low in wakings:
            if lookback < distance:
                break  # the rest look back even less far
            if pos <= tried_up_to[number]:
                continue
            match = match_at(strings[on_low], pos)
            if match and match.end() > at:
                if number >= n_rules:
                    excluded.append((match.start(), match.end()))
                else:
                    found.append((pos, -match.end(), number, match))
    # Later triggers' windows never reach back before this one's, and a position skipped
    # for its first character would be skipped again: all up to ``at`` count as tried.
    # (Triggers come left to right, so ``at`` is past every position tried before.)
    for number in wakes.numbers:
        tried_up_to[number] = at


def _overlaps(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    if not spans:
        return False
    i = bisect_left(spans, (end, end))
    for s, e in spans[max(0, i - 4) : i]:  # noqa: SIM110 (a loop: no generator per call)
        if s < end and start < e:
            return True
    return False


def _lead(match: re.Match[str]) -> int:
    """Characters a rule matched to be sure of its reading but that stay outside the extent:
    its group ``lead`` ("terminó " in "terminó la jornada")."""
    if "lead" not in match.re.groupindex or match["lead"] is None:
        return 0
    return match.end("lead") - match.start()


def _safe(normalise, match: re.Match[str], ctx: Context) -> Hit | None:
    """The normaliser's hit; a candidate it cannot value (a day 31 in June ...) is dropped."""
    try:
        return normalise(match, ctx)
    except (ValueError, KeyError, OverflowError, IndexError, TypeError, AssertionError):
        return None


# --- building the expression ----------------------------------------------------------------------


def _build(ctx: Context, start: int, end: int, hit: Hit, floor: int) -> TimeExpression:
    text = ctx.text
    start, mod = _extend_left(ctx, start, end, hit, floor)
    mod = hit.mod or mod
    first = last = granularity = None
    if hit.type in ("DATE", "TIME"):
        interval = interval_of(hit.value)
        if interval:
            first, last, granularity = interval
    # Positional: the fields in their declared order (keywords cost more, per expression).
    return TimeExpression(start, end, text[start:end], hit.type, hit.value, mod, first, last,
                          granularity if hit.type == "DATE" else None, hit.relative)


def _extend_left(ctx: Context, start: int, end: int, hit: Hit, floor: int) -> tuple[int, str]:
    """Pull "early", "the end of", "more than" ... into the extent, with their mod.

    The words and their mods are the language's ``edge_modifiers`` and ``quantity_modifiers``
    tables, found by its ``modifier`` context regex just before the expression.
    """
    lang, text = ctx.lang, ctx.text
    begin = max(floor, start - 40)
    window = ctx.lower[begin:start] if ctx.lower is not None else text[begin:start].lower()
    endings = _modifier_endings(lang.code)
    if endings is not None and not _last_word(window).endswith(endings):
        return start, ""  # most expressions: no word a modifier or "about" ends with
    before = _Before(ctx, begin, start)
    m = before.search("modifier")
    if m is None:
        # Annotators leave "about" outside the extent, but the value is still approximate.
        approx = before.search("approx")
        return start, "APPROX" if approx else ""
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


class _Before:
    """The text just before an expression, where context regexes look for a modifier.

    The window and its last word are cut once for the several regexes asked about it."""

    def __init__(self, ctx: Context, begin: int, end: int) -> None:
        self.ctx, self.begin, self.end = ctx, begin, end
        self.window = (ctx.lower[begin:end] if ctx.lower is not None
                       else ctx.text[begin:end].lower())
        self.last = _last_word(self.window)

    def search(self, name: str) -> re.Match[str] | None:
        """Context regex ``name`` (anchored at the end) searched in the window, on the
        lower-cased text if it can; not searched at all when the window's last word is none
        its matches can end with (most expressions have no modifier before them)."""
        ctx = self.ctx
        lang = ctx.lang
        endings = lang.endings.get(name)
        if endings is not None and not self.last.endswith(endings):
            return None
        fast = lang.fast_regex(name) if ctx.lower is not None else None
        if fast is not None:
            return fast.search(self.window)
        regex = lang.regex(name)
        return regex.search(ctx.text[self.begin:self.end]) if regex is not None else None


def _last_word(window: str) -> str:
    tail = window.rstrip().rstrip(".'’-")  # "mid-", "d' ", "début - " end in a word
    return tail.rsplit(None, 1)[-1] if tail.strip() else ""


@cache
def _modifier_endings(code: str) -> tuple[str, ...] | None:
    """The words a language's modifier or "about" can end with; None if any word can."""
    lang = load(code)
    endings: list[str] = []
    for name in ("modifier", "approx"):
        if lang.regex(name) is None:
            continue  # never found
        words = lang.endings.get(name)
        if words is None:
            return None
        endings += words
    return tuple(endings)


_DAY_OF_TIME = re.compile(r"\d{4}-\d\d-\d\dT")


def _remember(ctx: Context, expr: TimeExpression) -> None:
    """Keep the last mentioned day and quarter: "the following day" counts from them."""
    if expr.granularity == "day" and expr.first:
        ctx.last_day = expr.first
        ctx.last_day_end = expr.end
        ctx.note_day(expr.first, expr.start)
    elif expr.type == "TIME" and _DAY_OF_TIME.match(expr.value):  # "la mañana del día 10"
        ctx.last_day = date.fromisoformat(expr.value[:10])
        ctx.last_day_end = expr.end
        ctx.note_day(ctx.last_day, expr.start)
    if expr.granularity == "quarter" and re.fullmatch(r"\d{4}-Q[1-4]", expr.value):
        ctx.last_quarter = (int(expr.value[:4]), int(expr.value[-1]))
        ctx.last_quarter_at = expr.end
    if expr.granularity in ("day", "week", "month", "quarter", "year") and expr.first:
        ctx.last_point = expr.first
        ctx.last_granularity = expr.granularity
        ctx.last_point_end = expr.end
