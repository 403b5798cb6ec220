"""Event type of a sentence: CAMEO root code ("01".."20"), its name and quad class.

The code comes from the sentence's main verb (``verbs``: CAMEO.2.0 verb forms and object
patterns, with the neighbours deciding what is a verb) and the CAMEO conventions in
``cameo_rules`` (intent, refusals, violence against civilians, event nouns such as "airstrike"
in ACLED-style notes). Reporting verbs ("said") give a statement (01) only when nothing else
happened.
"""

from __future__ import annotations

from dashboard.extract.cameo_rules import noun_code, refine, violence
from dashboard.extract.language_types import classify_language
from dashboard.extract.resources import ENGLISH, Resources, default_resources
from dashboard.extract.tokens import Token, tokenise
from dashboard.extract.verbs import first_coded, is_passive
from dashboard.models import EventType

CAMEO_ROOTS: dict[str, str] = {
    "01": "Make public statement",
    "02": "Appeal",
    "03": "Express intent to cooperate",
    "04": "Consult",
    "05": "Engage in diplomatic cooperation",
    "06": "Engage in material cooperation",
    "07": "Provide aid",
    "08": "Yield",
    "09": "Investigate",
    "10": "Demand",
    "11": "Disapprove",
    "12": "Reject",
    "13": "Threaten",
    "14": "Protest",
    "15": "Exhibit force posture",
    "16": "Reduce relations",
    "17": "Coerce",
    "18": "Assault",
    "19": "Fight",
    "20": "Use unconventional mass violence",
}


# Quad class: 1 verbal cooperation, 2 material cooperation, 3 verbal conflict, 4 material conflict.
QUAD_CLASS: dict[str, int] = {
    code: 1 if code <= "05" else 2 if code <= "09" else 3 if code <= "14" else 4
    for code in CAMEO_ROOTS
}


def classify(sentence: str, resources: Resources | None = None) -> EventType | None:
    """The CAMEO root of the sentence's main event, or None when no event is recognised."""
    return classify_tokens(tokenise(sentence), resources)[0]


def classify_tokens(
    tokens: list[Token], resources: Resources | None = None
) -> tuple[EventType | None, int | None, bool]:
    """(event type, offset of the main verb (as in the tokens), passive voice?)."""
    res = resources or default_resources()
    if res.language != ENGLISH:
        code, verb_at, passive = classify_language(res, tokens)
        return (event_type(code) if code else None), verb_at, passive
    hit, code = first_coded(res, tokens)
    if not code or (hit and hit.reporting):
        noun = noun_code(tokens)
        lowered = [t.lower for t in tokens]
        code = violence(lowered, lowered, []) if noun == "19" else noun or code
    elif hit:
        code = refine(res, tokens, hit, code)
    if hit is None:
        return (event_type(code) if code else None), None, False
    return (event_type(code) if code else None), tokens[hit.index].start, is_passive(tokens, hit)


def event_type(code: str) -> EventType:
    root = code[:2]
    return EventType(root, CAMEO_ROOTS[root], QUAD_CLASS[root])

