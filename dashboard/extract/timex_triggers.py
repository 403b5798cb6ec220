"""Trigger words derived from a rule's regex: words one of which every match must contain.

The finder runs a rule only near its trigger words (or near digits, written "#"), which keeps
tagging cheap; deriving them from the pattern means they can never fall out of step with it.
The pattern is parsed with Python's own regex parser; word tables stand in it as numbered
marker groups (``(?P<_t3>...)``) whose words come from the table. For each sequence of the
pattern the mandatory parts are collected (a table, a literal word, a digit, an alternation
whose every branch has one); the rarest-looking one is kept: a group the rule names, else
words rather than digits, table words rather than literal ones, and long words rather than
short ones (short words are the common ones).
"""

from __future__ import annotations

from dataclasses import dataclass

# Python's own regex parser (private, but stable in what is used here since 3.11).
from re import _constants as sre  # type: ignore[attr-defined]
from re import _parser as sre_parse  # type: ignore[attr-defined]

DIGITS = "#"
MARKER = "_t"


@dataclass(frozen=True)
class Need:
    """One mandatory part: the words that may stand for it, and where they came from."""

    words: frozenset[str]
    from_table: bool = False
    named: str = ""  # the rule's group this part fills, if any

    def rank(self, wanted: str) -> tuple:
        words = [w for w in self.words if w != DIGITS]
        shortest = min((len(w) for w in words), default=0)
        # Words of three letters or more beat digits; digits beat one- or two-letter words.
        quality = 1 if DIGITS in self.words else (2 if shortest >= 3 else 0)
        return (wanted != "" and self.named == wanted, quality, self.from_table, shortest)


def derive(pattern: str, flags: int, tables: dict[int, frozenset[str]], wanted: str = "",
           names: dict[int, str] | None = None) -> frozenset[str]:
    """Trigger words of ``pattern``; ``tables`` maps marker group numbers to their words.

    ``wanted`` names a group to trigger on; ``names`` maps group numbers to rule group names.
    Raises ValueError when the pattern has no mandatory part to trigger on.
    """
    parsed = sre_parse.parse(pattern, flags)
    groups = {index: name for name, index in parsed.state.groupdict.items()}
    walker = _Walker(tables, groups)
    need = walker.best(list(parsed), wanted)
    if need is None or not need.words:
        raise ValueError("no mandatory word, table or digit to trigger the rule on")
    return need.words


def _is_word_char(code: int) -> bool:
    return chr(code).isalnum()


class _Walker:
    def __init__(self, tables: dict[int, frozenset[str]], groups: dict[int, str]) -> None:
        self.tables = tables
        self.groups = groups

    def best(self, items: list, wanted: str) -> Need | None:
        needs = self.needs(items, wanted)
        return max(needs, key=lambda n: n.rank(wanted)) if needs else None

    def needs(self, items: list, wanted: str) -> list[Need]:
        """The mandatory parts of one sequence of parsed items."""
        found: list[Need] = []
        i = 0
        while i < len(items):
            op, av = items[i]
            if op is sre.LITERAL and _is_word_char(av):
                j = i
                while j < len(items) and items[j][0] is sre.LITERAL and _is_word_char(items[j][1]):
                    j += 1
                word = "".join(chr(c) for _, c in items[i:j]).lower()
                joined = self._prefixed_branch(word, items, i, j)
                if joined:  # "mediodía|medianoche" is parsed as "medi" + (odía|anoche)
                    found.append(joined)
                    i = j + 1
                    continue
                need = self._literal_word(word, items, i, j)
                if need:
                    found.append(need)
                i = j
                continue
            need = self.node(op, av, wanted)
            if need:
                found.append(need)
            i += 1
        return found

    def _prefixed_branch(self, prefix: str, items: list, i: int, j: int) -> Need | None:
        """A literal run followed by an alternation of literal words: the prefixed words."""
        if j >= len(items) or items[j][0] is not sre.BRANCH or not _bounded_before(items, i):
            return None
        words = set()
        for branch in items[j][1][1]:
            branch = list(branch)
            if not branch:  # "vezes|vez" is parsed "vez(?:es|)": the prefix is a word too
                words.add(prefix)
                continue
            k = 0
            while k < len(branch) and branch[k][0] is sre.LITERAL and _is_word_char(
                    branch[k][1]):
                k += 1
            if k == 0 or (k < len(branch) and _may_start_with_word_char(branch[k])):
                return None
            words.add(prefix + "".join(chr(c) for _, c in branch[:k]).lower())
        if j + 1 < len(items) and _may_start_with_word_char(items[j + 1]):
            return None
        return Need(frozenset(words))

    def _literal_word(self, word: str, items: list, i: int, j: int) -> Need | None:
        """A run of literal letters is a trigger only if it is a whole word of the text."""
        if word.isdigit():
            return Need(frozenset({DIGITS}))
        if any(ch.isdigit() for ch in word):
            return None  # "1st": the finder sees its digits first
        if not _bounded_before(items, i):
            return None
        variants = {word}
        if j < len(items) and _optional_letter(items[j]):
            variants.add(word + chr(items[j][1][2][0][1]))
            j += 1
        elif j < len(items) and _letter_class(items[j]):  # "volte|volta" is parsed "volt[ae]"
            variants = {word + chr(c).lower() for _, c in items[j][1]}
            j += 1
        if j < len(items) and _may_start_with_word_char(items[j]):
            return None
        return Need(frozenset(variants))

    def node(self, op, av, wanted: str) -> Need | None:
        if op is sre.SUBPATTERN:
            group, _add, _del, inner = av
            if group in self.tables:
                return Need(self.tables[group], from_table=True, named=self.groups.get(group, ""))
            need = self.best(list(inner), wanted)
            if need and group in self.groups and not self.groups[group].startswith(MARKER):
                return Need(need.words, need.from_table, self.groups[group])
            return need
        if op is sre.BRANCH:
            branches = [self.best(list(b), wanted) for b in av[1]]
            if any(b is None for b in branches):
                return None
            words = frozenset().union(*(b.words for b in branches if b))
            return Need(words, all(b.from_table for b in branches if b))
        if op in (sre.MAX_REPEAT, sre.MIN_REPEAT, getattr(sre, "POSSESSIVE_REPEAT", None)):
            low, _high, inner = av
            return self.best(list(inner), wanted) if low >= 1 else None
        if op is sre.IN and _digits_only(av):
            return Need(frozenset({DIGITS}))
        if op is getattr(sre, "ATOMIC_GROUP", None):
            return self.best(list(av), wanted)
        return None


def _bounded_before(items: list, i: int) -> bool:
    """Is item ``i`` sure to start a word: no word character can come right before it?"""
    for k in range(i - 1, -1, -1):
        op, av = items[k]
        if op in (sre.AT, sre.ASSERT_NOT, sre.ASSERT):
            return True
        if op in (sre.MAX_REPEAT, sre.MIN_REPEAT):
            if _may_end_with_word_char(items[k]):
                return False
            if av[0] >= 1:
                return True
            continue  # optional and ending in a non-word character: look further back
        return not _may_end_with_word_char(items[k])
    return True


def _digits_only(items: list) -> bool:
    for op, av in items:
        if op is sre.CATEGORY and av is sre.CATEGORY_DIGIT:
            continue
        if op is sre.RANGE and chr(av[0]).isdigit() and chr(av[1]).isdigit():
            continue
        if op is sre.LITERAL and chr(av).isdigit():
            continue
        return False
    return bool(items)


def _letter_class(item) -> bool:
    """A class of a few single letters ("[ae]"), which ends a word in several ways."""
    op, av = item
    return (op is sre.IN and 0 < len(av) <= 8
            and all(o is sre.LITERAL and chr(c).isalpha() for o, c in av))


def _optional_letter(item) -> bool:
    op, av = item
    if op is not sre.MAX_REPEAT or av[0] != 0 or av[1] != 1 or len(av[2]) != 1:
        return False
    inner_op, inner_av = av[2][0]
    return inner_op is sre.LITERAL and chr(inner_av).isalpha()


def _may_start_with_word_char(item) -> bool:
    op, av = item
    if op is sre.LITERAL:
        return _is_word_char(av)
    if op is sre.NOT_LITERAL or op is sre.ANY:
        return True
    if op is sre.IN:
        return not all(_class_is_not_word(x) for x in av)
    if op in (sre.AT, sre.ASSERT, sre.ASSERT_NOT):
        return False
    if op is sre.SUBPATTERN:
        inner = list(av[3])
        return bool(inner) and _may_start_with_word_char(inner[0])
    if op is sre.BRANCH:
        return any(b and _may_start_with_word_char(list(b)[0]) for b in av[1])
    if op in (sre.MAX_REPEAT, sre.MIN_REPEAT):
        inner = list(av[2])
        return bool(inner) and _may_start_with_word_char(inner[0])
    return True


def _may_end_with_word_char(item) -> bool:
    op, av = item
    if op is sre.LITERAL:
        return _is_word_char(av)
    if op is sre.IN:
        return not all(_class_is_not_word(x) for x in av)
    if op in (sre.AT, sre.ASSERT, sre.ASSERT_NOT):
        return False
    if op in (sre.MAX_REPEAT, sre.MIN_REPEAT):
        inner = list(av[2])
        return bool(inner) and _may_end_with_word_char(inner[-1])
    if op is sre.SUBPATTERN:
        inner = list(av[3])
        return bool(inner) and _may_end_with_word_char(inner[-1])
    return False  # groups and alternations: assumed to end at a word's end


def _class_is_not_word(item) -> bool:
    op, av = item
    if op is sre.CATEGORY:
        return av in (sre.CATEGORY_SPACE, sre.CATEGORY_NOT_WORD)
    if op is sre.LITERAL:
        return not _is_word_char(av)
    if op is sre.NEGATE:
        return False
    return False


_ANY = None  # "could start with any character"
_MAX_FIRST = 400  # a larger set saves nothing over trying the regex


def first_chars(pattern: str, flags: int) -> frozenset[str] | None:
    """The characters a match of ``pattern`` can start with (both cases), or None for any.

    The finder skips a rule at a position whose character is not among them, which saves a
    regex call at most of the word starts it tries.
    """
    chars = _first(list(sre_parse.parse(pattern, flags)))
    if chars is _ANY or chars[1]:  # a pattern that can match the empty string
        return None
    found = frozenset(c for ch in chars[0] for c in (ch, ch.lower(), ch.upper()))
    return found if len(found) <= _MAX_FIRST else None


def _first(items: list) -> tuple[set[str], bool] | None:
    """(first characters, can the sequence match empty), or None when any may start it."""
    result: set[str] = set()
    for op, av in items:
        node = _first_of(op, av)
        if node is _ANY:
            return _ANY
        chars, empty = node
        result |= chars
        if not empty:
            return result, False
    return result, True


def _first_of(op, av) -> tuple[set[str], bool] | None:
    if op is sre.LITERAL:
        return {chr(av)}, False
    if op in (sre.AT, sre.ASSERT, sre.ASSERT_NOT):
        return set(), True  # zero width
    if op is sre.IN:
        chars: set[str] = set()
        for item_op, item_av in av:
            if item_op is sre.LITERAL:
                chars.add(chr(item_av))
            elif item_op is sre.RANGE and item_av[1] - item_av[0] < 300:
                chars.update(chr(c) for c in range(item_av[0], item_av[1] + 1))
            elif item_op is sre.CATEGORY and item_av is sre.CATEGORY_DIGIT:
                chars.update("0123456789")
            else:
                return _ANY  # a negated class, \w, \s ...
        return chars, False
    if op is sre.SUBPATTERN:
        return _first(list(av[3]))
    if op is getattr(sre, "ATOMIC_GROUP", None):
        return _first(list(av))
    if op is sre.BRANCH:
        union: set[str] = set()
        empty = False
        for branch in av[1]:
            node = _first(list(branch))
            if node is _ANY:
                return _ANY
            union |= node[0]
            empty = empty or node[1]
        return union, empty
    if op in (sre.MAX_REPEAT, sre.MIN_REPEAT, getattr(sre, "POSSESSIVE_REPEAT", None)):
        node = _first(list(av[2]))
        if node is _ANY:
            return _ANY
        return node[0], node[1] or av[0] == 0
    return _ANY


# --- the first two characters -------------------------------------------------------------

_PAIR = 2
_MAX_CLASS = 64  # a larger class is taken as open: enumerating it saves nothing
_OPEN = ("", False)  # nothing known from here on: any character may follow


def first_pairs(pattern: str, flags: int) -> dict[str, frozenset[str] | None] | None:
    """For each character a match of the case-sensitive ``pattern`` can start with, the
    characters that can come second (None: any, or the match may be one character long);
    None when the first character is not known.

    The finder tries a rule at a word start only if the word's first two letters can begin
    a match: a first letter alone lets most words through ("selon" for "semaines").
    """
    parsed = sre_parse.parse(pattern, flags)
    if parsed.state.flags & sre.SRE_FLAG_IGNORECASE:  # given, or "(?i)" in the pattern
        return None
    prefixes = _prefixes(list(parsed), _PAIR)
    pairs: dict[str, set[str] | None] = {}
    for text, _complete in prefixes:
        if not text:
            return None  # a match may start with anything
        seconds = pairs.setdefault(text[0], set())
        if len(text) == 1:
            pairs[text[0]] = None
        elif seconds is not None:
            seconds.add(text[1])
    return {first: None if seconds is None else frozenset(seconds)
            for first, seconds in pairs.items()}


def _prefixes(items: list, size: int) -> set[tuple[str, bool]]:
    """The texts up to ``size`` characters a sequence's matches can begin with, each with
    whether the sequence ends there (True) or anything may follow (False)."""
    found: set[tuple[str, bool]] = {("", True)}
    for op, av in items:
        if not any(complete and len(text) < size for text, complete in found):
            break  # every text is full or open: later items change nothing
        grown: set[tuple[str, bool]] = set()
        for text, complete in found:
            if not complete or len(text) >= size:
                grown.add((text, False))
                continue
            for more, more_complete in _node_prefixes(op, av, size - len(text)):
                joined = text + more
                grown.add((joined[:size], more_complete and len(joined) < size))
        found = grown
    return found


def _node_prefixes(op, av, size: int) -> set[tuple[str, bool]]:
    if op is sre.LITERAL:
        return {(chr(av), True)}
    if op in (sre.AT, sre.ASSERT, sre.ASSERT_NOT):
        return {("", True)}  # zero width: ignoring what it asserts only lets more through
    if op is sre.IN:
        chars = _class_chars(av, first=size == _PAIR)
        return {_OPEN} if chars is None else {(ch, True) for ch in chars}
    if op is sre.SUBPATTERN:
        _group, add_flags, _del_flags, inner = av
        if add_flags & sre.SRE_FLAG_IGNORECASE:
            return {_OPEN}
        return _prefixes(list(inner), size)
    if op is getattr(sre, "ATOMIC_GROUP", None):
        return _prefixes(list(av), size)
    if op is sre.BRANCH:
        return set().union(*(_prefixes(list(branch), size) for branch in av[1]))
    if op in (sre.MAX_REPEAT, sre.MIN_REPEAT, getattr(sre, "POSSESSIVE_REPEAT", None)):
        low, high, inner = av
        body = list(inner)
        found = {("", True)} if low == 0 else set()
        # Repeats beyond ``size`` add nothing new within the first ``size`` characters;
        # fewer than ``low`` are only the start of a match, so anything may follow them.
        for times in range(1, min(high, size) + 1):
            reps = _prefixes(body * times, size)
            found |= reps if times >= low else {(text, False) for text, _ in reps}
        return found
    return {_OPEN}  # any other construct: assume anything may follow


def _class_chars(items: list, first: bool) -> set[str] | None:
    """The characters of a small class, or None for an open one (\\w, \\s, [^...], wide ranges).

    A first character "\\d" is 0-9, as ``first_chars`` reads it: the finder asks about the
    second character only after the first was one ``first_chars`` allows."""
    chars: set[str] = set()
    for op, av in items:
        if op is sre.LITERAL:
            chars.add(chr(av))
        elif op is sre.RANGE and av[1] - av[0] < _MAX_CLASS:
            chars.update(chr(c) for c in range(av[0], av[1] + 1))
        elif first and op is sre.CATEGORY and av is sre.CATEGORY_DIGIT:
            chars.update("0123456789")
        else:
            return None
        if len(chars) > _MAX_CLASS:
            return None
    return chars
