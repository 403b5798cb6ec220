"""Case-insensitive matching done fast: patterns run case-sensitively on lower-cased text.

Every pattern of the temporal resources is compiled with IGNORECASE. Python's regex engine
then compares each character through a case-folding call and loses its quick test of an
alternative's first letter, which makes the big word alternations (months, numbers, units)
several times slower to reject a position. A pattern whose literals are all lower case finds
the same matches when it runs without IGNORECASE on the text lower-cased, as long as
lower-casing keeps every character in place (``lowered``). ``lower_safe`` tells which
patterns qualify; the others (``(?-i:...)`` parts, upper-case literals) keep IGNORECASE.
"""

from __future__ import annotations

import re

# Python's own regex parser (private, but stable in what is used here since 3.11).
from re import _constants as sre  # type: ignore[attr-defined]
from re import _parser as sre_parse  # type: ignore[attr-defined]

_REPEATS = tuple(op for op in (sre.MAX_REPEAT, sre.MIN_REPEAT,
                               getattr(sre, "POSSESSIVE_REPEAT", None)) if op is not None)
_ASSERTS = (sre.ASSERT, sre.ASSERT_NOT)
_LARGEST_RANGE = 2000  # wider character ranges are checked by their ends only


def lowered(text: str) -> str | None:
    """``text`` lower-cased, or None when that would move characters ("İ" becomes two)."""
    low = text.lower()
    return low if len(low) == len(text) else None


def fast_variant(pattern: re.Pattern[str]) -> re.Pattern[str] | None:
    """``pattern`` compiled case-sensitively, for lower-cased text; None if it may differ."""
    if not lower_safe(pattern.pattern, pattern.flags):
        return None
    return re.compile(pattern.pattern, pattern.flags & ~re.IGNORECASE)


def lower_safe(pattern: str, flags: int) -> bool:
    """Does ``pattern`` match lower-cased text without IGNORECASE exactly as it matches any
    text with it? True when no literal, range or class needs an upper-case letter and no
    part switches case sensitivity on or off."""
    try:
        return _items_safe(list(sre_parse.parse(pattern, flags)))
    except (re.error, TypeError, ValueError):
        return False


def _items_safe(items: list) -> bool:
    return all(_node_safe(op, av) for op, av in items)


def _cased(code: int) -> bool:
    char = chr(code)
    return char.lower() != char


def _node_safe(op, av) -> bool:
    if op in (sre.LITERAL, sre.NOT_LITERAL):
        return not _cased(av)
    if op is sre.IN:
        return _class_safe(av)
    if op is sre.SUBPATTERN:
        _group, add_flags, del_flags, inner = av
        if (add_flags | del_flags) & re.IGNORECASE:
            return False  # "(?-i:[A-Z])" wants the case the text was written in
        return _items_safe(list(inner))
    if op is sre.BRANCH:
        return all(_items_safe(list(branch)) for branch in av[1])
    if op in _REPEATS:
        return _items_safe(list(av[2]))
    if op in _ASSERTS:
        return _items_safe(list(av[1]))
    if op is getattr(sre, "ATOMIC_GROUP", None):
        return _items_safe(list(av))
    if op is sre.GROUPREF_EXISTS:
        _group, yes, no = av
        return _items_safe(list(yes)) and (no is None or _items_safe(list(no)))
    return op in (sre.AT, sre.ANY, sre.GROUPREF, sre.CATEGORY)


def _class_safe(items: list) -> bool:
    """A class is safe when each upper-case letter it holds has its lower case in it too."""
    chars: set[str] = set()
    negated = False
    for op, av in items:
        if op is sre.NEGATE:
            negated = True
        elif op is sre.LITERAL:
            chars.add(chr(av))
        elif op is sre.RANGE:
            low, high = av
            if high - low > _LARGEST_RANGE:
                if _cased(low) or _cased(high):
                    return False
                continue
            chars.update(chr(c) for c in range(low, high + 1))
        elif op is not sre.CATEGORY:
            return False
    cased = [c for c in chars if c.lower() != c]
    if negated:  # "[^r]" leaves out "R" too, which lower-cased text never holds
        return not cased
    return all(len(c.lower()) == 1 and c.lower() in chars for c in cased)


def groups_inside(pattern: str, flags: int) -> bool:
    """Do all of ``pattern``'s groups lie inside its match (none in a lookahead or a
    lookbehind)? Then a match found on the lower-cased text is the match on the text as
    written wherever the two agree over the match: the same spans, the same group texts."""
    try:
        return not _group_in_assert(list(sre_parse.parse(pattern, flags)), inside=False)
    except (re.error, TypeError, ValueError):
        return False


def _group_in_assert(items: list, inside: bool) -> bool:
    for op, av in items:
        if op is sre.SUBPATTERN:
            group, _add, _del, inner = av
            if (inside and group is not None) or _group_in_assert(list(inner), inside):
                return True
        elif op in _ASSERTS:
            if _group_in_assert(list(av[1]), inside=True):
                return True
        elif op is sre.BRANCH:
            if any(_group_in_assert(list(branch), inside) for branch in av[1]):
                return True
        elif op in _REPEATS:
            if _group_in_assert(list(av[2]), inside):
                return True
        elif op is getattr(sre, "ATOMIC_GROUP", None):
            if _group_in_assert(list(av), inside):
                return True
        elif op is sre.GROUPREF_EXISTS:
            _group, yes, no = av
            if _group_in_assert(list(yes), inside) or (
                    no is not None and _group_in_assert(list(no), inside)):
                return True
    return False
