"""Finding a sentence's main verb and its CAMEO code from the CAMEO.2.0 verb dictionary.

Verb forms map to a verb block and code; a block's object patterns (``STAGE * DEMONSTRATION
-> 14``) refine the code. A word only counts as a verb where its neighbours allow it ("held a
press conference": "press" follows an article, so it is a noun).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING

from dashboard.extract.lexicon import words
from dashboard.extract.tokens import Token

if TYPE_CHECKING:
    from dashboard.extract.resources import Resources

AUXILIARIES = words(
    """
    has have had having will would was were is are be been being am could should can may might
    must did does do shall
    """
)


_ADVERBS = words(
    """
    not also already reportedly allegedly later then jointly again n't
    """
)


_NOUN_CONTEXT = words(
    """
    a an the this that these those its their his her our my your of for on during at in with
    from into over under about against per any no each every another such
    """
)


REPORTING = words(
    """
    said says say saying told tells stated states announced announces added reported reports
    according noted claimed claims confirmed confirms mentioned explained declared reiterated
    concluded described quoted insisted stressed argued asserted emphasized emphasised
    indicated revealed disclosed
    """
)


@dataclass(frozen=True, slots=True)
class VerbHit:
    index: int
    block: str
    code: str
    strength: int  # 3 finite/after auxiliary, 2 third person -s, 1 other
    reporting: bool


# Verb block -> first object word ("" when none) -> (code, words before, words after).
PatternIndex = dict[str, dict[str, list[tuple[str, list[set[str]], list[set[str]]]]]]


def load_patterns(rows: list[list[str]]) -> PatternIndex:
    """Verb block -> first object word ("" when none) -> (code, words before, words after),
    from the rows of cameo_verb_patterns.tsv."""
    table: PatternIndex = {}
    for block, code, before, after in rows:
        pre, post = _word_sets(before), _word_sets(after)
        if not pre and not post:
            continue
        index = table.setdefault(block, {})
        for first in post[0] if post else {""}:
            index.setdefault(first, []).append((code, pre, post))
    return table


def load_block_defaults(rows: list[list[str]]) -> dict[str, str]:
    """For verb blocks without a code of their own: the root most of their patterns give."""
    counts: dict[str, Counter] = {}
    for block, code, _before, _after in rows:
        counts.setdefault(block, Counter())[code] += 1
    defaults = {}
    for block, counter in counts.items():
        code, n = counter.most_common(1)[0]
        if n >= 3 and n * 5 >= sum(counter.values()) * 2:
            defaults[block] = code
    return defaults


def _word_sets(words: str) -> list[set[str]]:
    """Content words of a pattern side; prepositions and articles are too common to count."""
    sets = [set(w.replace("_", " ").split("|")) for w in words.split()]
    return [alts for alts in sets if not alts <= _PATTERN_STOP]


_PATTERN_STOP = words(
    """
    a an the to in on of for with by at from into against over about as and or that this its
    their his her up out off down back not
    """
)


def first_coded(res: Resources, tokens: list[Token]) -> tuple[VerbHit | None, str]:
    """The best-ranked verb that yields a code (content verbs before reporting verbs)."""
    ranked = _ranked_hits(res, tokens)
    for hit in ranked:
        code = _code_for(res, tokens, hit)
        if code:
            return hit, code
    return (ranked[0] if ranked else None), ""


def _ranked_hits(res: Resources, tokens: list[Token]) -> list[VerbHit]:
    hits = _verb_hits(res, tokens)
    return sorted(hits, key=lambda h: (h.reporting, -h.strength, h.index))


def is_passive(tokens: list[Token], hit: VerbHit) -> bool:
    prev = _previous_content(tokens, hit.index)
    if prev is None or prev.lower not in BE:
        return False
    return any(t.lower == "by" for t in tokens[hit.index + 1 : hit.index + 12])


BE = words(
    """
    was were is are been being be
    """
)


def _verb_hits(res: Resources, tokens: list[Token]) -> list[VerbHit]:
    verbs = res.verbs
    hits = []
    heads, last = res.verb_pair_heads, len(tokens) - 1
    for i, token in enumerate(tokens):
        if not token.text[:1].islower():
            continue  # checked first: it spares the lookups for names and numbers
        low = token.lower
        pair = verbs.get(f"{low} {tokens[i + 1].lower}") if low in heads and i < last else None
        entry = pair or verbs.get(low)
        if entry is None:
            continue
        strength = _verb_strength(verbs, tokens, i)
        if strength:
            hits.append(VerbHit(i, entry[0], entry[1], strength, token.lower in REPORTING))
    return hits


def _verb_strength(verbs: dict[str, tuple[str, str]], tokens: list[Token], i: int) -> int:
    word = tokens[i].lower
    prev = _previous_content(tokens, i)
    if prev is not None and (prev.lower in _NOUN_CONTEXT or prev.possessive):
        return 0  # "a press conference", "the Taliban's trip": nouns
    if prev is not None and prev.lower in AUXILIARIES:
        return 3
    if prev is not None and prev.lower == "to":
        return 1
    if word.endswith("ed") and i + 1 < len(tokens) and tokens[i + 1].lower in _PARTICIPLE_NOUNS:
        return 0  # "armed individuals", "organised crime": an adjective, not the verb
    if word.endswith("ed") and _adjectival(verbs, tokens, i, prev):
        return 0  # "On 8 March 2022, retired teachers", "active and retired workers"
    if (word.endswith("ed") or word in _IRREGULAR_PAST) and _followed_by(tokens, i, "by"):
        return 1  # "teachers organised by the union protested": a participle, not the verb
    if word.endswith("ed") or word in _IRREGULAR_PAST:
        return 3
    if word.endswith("s") and not word.endswith("ss"):
        following = tokens[i + 1].lower if i + 1 < len(tokens) else ""
        return 0 if following in AUXILIARIES else 2  # "forces have retaken": a noun subject
    return 1


def _adjectival(
    verbs: dict[str, tuple[str, str]], tokens: list[Token], i: int, prev: Token | None
) -> bool:
    if prev is None or i + 1 >= len(tokens) or not tokens[i + 1].text[:1].islower():
        return False
    if prev.lower.isdigit() or prev.lower == "former":
        return True
    before_and = tokens[i - 2].lower if i >= 2 else ""
    return prev.lower in ("and", "or") and before_and not in verbs


_PARTICIPLE_NOUNS = words(
    """
    individuals individual men man group groups persons person people assailants attackers
    robbers gang gangs forces force militants gunmen fighters clashes clash conflict violence
    militia militias militiamen police officers personnel soldiers crime criminals wing wings
    separatists rebels opposition settlers drones vehicles
    """
)


def _followed_by(tokens: list[Token], i: int, word: str) -> bool:
    return i + 1 < len(tokens) and tokens[i + 1].lower == word


def _previous_content(tokens: list[Token], i: int) -> Token | None:
    j = i - 1
    while j >= 0 and tokens[j].lower in _ADVERBS:
        j -= 1
    return tokens[j] if j >= 0 else None


_IRREGULAR_PAST = words(
    """
    met held made took gave went came told said sent left brought fought struck shot saw
    thought sought put set cut hit led fled threw stole broke spoke wrote drove rode rose
    chose began won lost sold bought paid laid kept meant stood understood withdrew overthrew
    undertook forbade forgave sank ran
    """
)


def _code_for(res: Resources, tokens: list[Token], hit: VerbHit) -> str:
    """A matching object pattern of the verb's block wins over the verb's own code."""
    after = [t.lower for t in tokens[hit.index + 1 : hit.index + 8]]
    before = [t.lower for t in tokens[max(0, hit.index - 4) : hit.index]]
    index = res.verb_patterns.get(hit.block)
    # a block's majority code is weak evidence: only for verbs that are clearly finite
    default = hit.code or (res.verb_defaults.get(hit.block, "") if hit.strength >= 2 else "")
    if not index:
        return default
    # subject-only patterns ("&MILITARY * -> 19") are weak: they never override a verb's own code
    candidates = [] if hit.code else list(index.get("", ()))
    for word in after[:4]:
        for form in dict.fromkeys((word, word.rstrip("s"), word[:-2])):  # ordered: deterministic
            candidates.extend(index.get(form, ()))
    best, best_len = default, 0
    for code, pre, post in candidates:
        size = len(pre) + len(post)
        if size > best_len and _in_order(post, after) and _in_order(pre, before):
            best, best_len = code, size
    return best


def _in_order(wanted: list[set[str]], words: list[str]) -> bool:
    pos = 0
    for alternatives in wanted:
        while pos < len(words) and not _word_match(words[pos], alternatives):
            pos += 1
        if pos == len(words):
            return False
        pos += 1
    return True


def _word_match(word: str, alternatives: set[str]) -> bool:
    return word in alternatives or word.rstrip("s") in alternatives or word[:-2] in alternatives
