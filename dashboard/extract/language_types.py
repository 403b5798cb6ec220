"""Event types of sentences in languages other than English, from the language's verb lexicon.

The verbs (data/dictionaries/<lang>/verbs.tsv, every form written out by inflections.tsv) map
to CAMEO roots; the same conventions as in English then apply, with the language's words
(words.tsv): a negated cooperation is a refusal (12), "debe" makes a demand (10), a promised
act is an intent (03) or a threat (13), violence against armed opponents or with heavy
weapons is fighting (19). The main event is the first content verb; reporting verbs (root
01) type a sentence only when nothing else does; a light verb ("realizaron", "hubo") or a
sentence without a verb takes the event noun ("protesta", "bombardeo"). A verb form after a
determiner is a noun ("el ataque").
"""

from __future__ import annotations

from typing import NamedTuple

from dashboard.extract.cameo_rules import _as_intent, _as_refusal
from dashboard.extract.resources import Resources
from dashboard.extract.tokens import Token

_CLITICS = frozenset({"se", "le", "les", "lo", "la", "los", "las", "me", "te", "nos", "si",
                      "ne", "y", "en", "l", "s", "ci", "vi", "sich", "lhe", "lhes"})


class _Hit(NamedTuple):
    at: int  # token index
    size: int  # tokens in the verb form ("llevó a cabo": 3)
    code: str  # "" for a light verb, "01" for a reporting verb


def classify_language(res: Resources, tokens: list[Token]) -> tuple[str, int | None, bool]:
    """(CAMEO root or "", offset of the main verb, passive voice?) of one sentence."""
    hits = _hits(res, tokens)
    content = next((h for h in hits if h.code not in ("", "01")), None)
    if content is not None:
        code = _refined(res, tokens, content)
        return code, tokens[content.at].start, _passive(res, tokens, content)
    light = next((h for h in hits if h.code == ""), None)
    if light is not None:
        noun = noun_code(res, tokens[light.at + light.size : light.at + light.size + 8])
        if noun:
            return _violence(res, tokens, light, noun), tokens[light.at].start, False
    noun = noun_code(res, tokens)
    reporting = next((h for h in hits if h.code == "01"), None)
    verb_at = tokens[reporting.at].start if reporting else None
    if noun:
        return noun, verb_at, False
    return ("01" if reporting else ""), verb_at, False


def _hits(res: Resources, tokens: list[Token]) -> list[_Hit]:
    verbs, words, starts = res.verbs, res.words_of_language, res.verb_starts
    light, determiners, split = words["light"], words["determiner"], res.split_verbs
    hits = []
    i = 0
    while i < len(tokens):
        token = tokens[i]
        longest = starts.get(token.lower)
        if token.lower in split and (i == 0 or token.text[:1].islower()):
            code = _particle_later(split[token.lower], tokens, i)
            if code is not None:
                hits.append(_Hit(i, 1, code))
                i += 1
                continue
        if longest is None or (i and not token.text[:1].islower()):
            i += 1
            continue
        size, code = _verb_at(verbs, light, tokens, i, longest)
        if size and not (i and tokens[i - 1].lower in determiners):
            hits.append(_Hit(i, size, code))
        i += max(size, 1)
    return hits


_CLAUSE = 15  # how far a separable verb's particle may stand from its stem


def _particle_later(candidates: list[tuple[str, str]], tokens: list[Token], i: int) -> str | None:
    """The root of "lehnte ... ab" when the particle follows in the clause ("ab", "an")."""
    later = {t.lower for t in tokens[i + 1 : i + 1 + _CLAUSE]}
    return next((code for particle, code in candidates if particle in later), None)


def _verb_at(
    verbs: dict[str, tuple[str, str]],
    light: frozenset[str],
    tokens: list[Token],
    i: int,
    longest: int,
) -> tuple[int, str]:
    """The longest verb form at token i: (tokens, root code; "" for a light verb)."""
    for n in range(min(longest, len(tokens) - i), 0, -1):
        form = " ".join(t.lower for t in tokens[i : i + n])
        if form in light:
            return n, ""
        entry = verbs.get(form)
        if entry is not None:
            return n, entry[1]
    return 0, ""


def _before(tokens: list[Token], hit: _Hit, n: int = 4) -> str:
    """The words before the verb, skipping clitic pronouns ("no se reunió" -> "no")."""
    words = [t.lower for t in tokens[max(0, hit.at - n - 2) : hit.at]]
    while words and words[-1] in _CLITICS:
        words.pop()
    return " ".join(words[-n:])


def _ends_with(text: str, phrases: frozenset[str]) -> bool:
    return any(text == p or text.endswith(" " + p) for p in phrases)


def _refined(res: Resources, tokens: list[Token], hit: _Hit) -> str:
    """The CAMEO conventions: refusals, demands, intents, fighting or assault."""
    words = res.words_of_language
    before = _before(tokens, hit)
    near = before.split()[-2:]
    code = hit.code
    if _ends_with(before, words["refusal"]) or words["negation"].intersection(near):
        return _as_refusal(code)
    if _ends_with(before, words["must"]):
        return "10"
    if _ends_with(before, words["intent"]):
        return _as_intent(code)
    return _violence(res, tokens, hit, code)


def _violence(res: Resources, tokens: list[Token], hit: _Hit, code: str) -> str:
    """Assault (18) becomes fighting (19) with heavy weapons anywhere or armed opponents
    right after the verb ("atacaron a los soldados")."""
    if code != "18":
        return code
    words = res.words_of_language
    lowered = [t.lower for t in tokens]
    text = " ".join(lowered)
    if any(f" {w} " in f" {text} " for w in words["heavy"]):
        return "19"
    window = lowered[hit.at + hit.size : hit.at + hit.size + 6]
    return "19" if words["armed"].intersection(window) else code


def _passive(res: Resources, tokens: list[Token], hit: _Hit) -> bool:
    """ "fue atacado por los rebeldes": the actor after "por" did it."""
    words = res.words_of_language
    if not _ends_with(_before(tokens, hit, 3), words["passive"]):
        return False
    after = tokens[hit.at + hit.size : hit.at + hit.size + 12]
    return any(t.lower in words["by"] for t in after)


def noun_code(res: Resources, tokens: list[Token]) -> str:
    """The root of the first event noun ("protestas", "ataque aéreo"); not in names."""
    nouns, starts = res.event_nouns, res.noun_starts
    capitalised = "nouns_capitalised" in res.words_of_language["setting"]
    for i, token in enumerate(tokens):
        longest = starts.get(token.lower)
        if longest is None or (i and token.text[:1].isupper() and not capitalised):
            continue
        for n in range(longest, 0, -1):
            code = nouns.get(" ".join(t.lower for t in tokens[i : i + n]))
            if code:
                return code
    return ""
