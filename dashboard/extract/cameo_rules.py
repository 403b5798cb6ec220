"""CAMEO coding conventions the verb dictionary alone misses.

Promised acts are intents (03) or threats (13), refusals are rejections (12), "must" is a
demand (10), violence against unarmed people is assault (18) and against armed opponents a
fight (19), crowds gathering and roads blocked are protests (14), and event nouns ("airstrike",
"clashes", "protest") name the event where the verb is light ("carried out", "took place").
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from dashboard.extract.lexicon import words
from dashboard.extract.tokens import Token
from dashboard.extract.verbs import BE, VerbHit

if TYPE_CHECKING:
    from dashboard.extract.resources import Resources

# Nouns that name an event on their own (ACLED notes): root code.
EVENT_NOUNS: dict[str, str] = {
    "protest": "14",
    "protests": "14",
    "protesters": "14",
    "protestors": "14",
    "demonstration": "14",
    "demonstrations": "14",
    "demonstrators": "14",
    "rally": "14",
    "rallies": "14",
    "sit-in": "14",
    "march": "14",
    "strike": "14",
    "boycott": "14",
    "riot": "14",
    "rioters": "14",
    "rioting": "14",
    "clash": "19",
    "clashes": "19",
    "clashed": "19",
    "battle": "19",
    "fighting": "19",
    "gunfight": "19",
    "firefight": "19",
    "exchange": "19",
    "ambush": "19",
    "offensive": "19",
    "airstrike": "19",
    "airstrikes": "19",
    "air strike": "19",
    "drone strike": "19",
    "shelling": "19",
    "shelled": "19",
    "bombardment": "19",
    "artillery": "19",
    "missile": "19",
    "missiles": "19",
    "rocket": "19",
    "rockets": "19",
    "mortar": "19",
    "strikes": "19",
    "explosion": "18",
    "ied": "18",
    "landmine": "18",
    "grenade": "18",
    "bomb": "18",
    "suicide": "18",
    "abducted": "18",
    "abduction": "18",
    "kidnapped": "18",
    "killed": "18",
    "attack": "19",
    "attacked": "18",
    "shot": "18",
    "stabbed": "18",
    "raped": "18",
    "arrested": "17",
    "detained": "17",
    "arrests": "17",
    "looted": "17",
    "torched": "17",
    "seized": "17",
    "confiscated": "17",
    "agreement": "03",
    "ceasefire": "03",
    "raid": "19",
    "raids": "19",
    "air raid": "19",
    "air raids": "19",
    "shellings": "19",
    "attacks": "19",
    "assault": "18",
    "banner": "14",
    "banners": "14",
    "placard": "14",
    "placards": "14",
    "picket": "14",
    "pickets": "14",
    "shoot-out": "19",
    "shoot-outs": "19",
    "shootout": "19",
    "gunfire": "19",
    "procession": "14",
    "vigil": "14",
    "marches": "14",
}


# Verbs that name no event of their own: "carried out airstrikes", "staged a sit-in".
LIGHT_VERBS = words(
    """
    carry carried carries carrying conduct conducted conducts conducting launch launched
    launches launching stage staged stages staging hold held holds holding organise organised
    organize organized mount mounted undertake undertook perpetrate perpetrated participate
    participated join joined took take takes engage engaged continued continue
    """
)


_GATHER_BLOCKS = frozenset({"assemble", "mobilize", "meet_people", "coordinate"})


_PROTEST_CUES = words(
    """
    protest protests protesting protested demonstrate demonstrating demonstration against
    demand demanding denounce denouncing rally chanting chanted vigil commemorate slogans
    placards banners solidarity
    """
)


# Unarmed victims: CAMEO codes violence against them as assault (18), not as fighting (19).
_VICTIMS = words(
    """
    civilian civilians man men woman women child children boy girl boys girls person people
    villager villagers resident residents farmer farmers student students journalist
    journalists activist activists teacher teachers worker workers passenger passengers trader
    traders shopkeeper family relative worshippers pastor priest imam chief victim victims
    driver drivers thief thieves suspect individual youth youths couple elder elders nun monk
    patient
    """
)


_ARMED = words(
    """
    forces soldiers troops militants rebels army military police policemen militia militiamen
    fighters insurgents gunmen combatants positions position base bases checkpoint checkpoints
    outpost outposts
    """
)


def refine(res: Resources, tokens: list[Token], hit: VerbHit, code: str) -> str:
    """CAMEO conventions the verb dictionary alone misses (intent, demands, refusals, victims)."""
    words = [t.lower for t in tokens]
    window = words[hit.index + 1 : hit.index + 9]
    before = words[max(0, hit.index - 4) : hit.index]
    if hit.block == "engage" and window[:1] == ["with"]:
        code = "04"  # "engage with" partners is dialogue; CAMEO's bare "engage" is combat
    if _happened(tokens, hit.index):
        noun = noun_code(tokens[max(0, hit.index - 8) : hit.index])
        if noun:
            return violence(words, window, before) if noun == "19" else noun
    if tokens[hit.index].lower in LIGHT_VERBS:
        noun = noun_code(tokens[hit.index + 1 : hit.index + 9])
        if noun:
            return violence(words, window, before) if noun == "19" else noun
    if hit.block in _GATHER_BLOCKS and (
        _PROTEST_CUES.intersection(words[hit.index + 1 :])
        or _CROWD.intersection(words[: hit.index])
    ):
        return "14"  # a crowd gathering is a demonstration; officials gathering is a meeting
    if _PROTESTERS.intersection(before) and code[:2] in _PEACEFUL_OR_BLOCKING:
        return "14"
    if hit.block in _BLOCK_BLOCKS and (
        _WAYS.intersection(window) or _PROTEST_CUES.intersection(words)
    ):
        return "14"  # "workers blocked the bridge": a protest blockade (CAMEO 144)
    modal = _modality(before)
    if modal:
        return _MODAL_CODE[modal](code)
    code = _coordinated(res.verbs, tokens, hit, code)
    if tokens[hit.index].lower in _CUT_VERBS and _RELATIONS.intersection(window):
        return "16"  # cutting aid, ties, talks or mediation, expelling envoys: CAMEO 161-166
    if tokens[hit.index].lower in _DESTROY_VERBS and _PROPERTY.intersection(window):
        return "17"  # destroying houses or shops: CAMEO 1712, destroy property
    if code[:2] == "19":
        return violence(words, window, before, hit.block in _PERSONAL_BLOCKS)
    if code[:2] == "18" and _HEAVY.intersection(words):
        return "19"  # air strikes and artillery are conventional force (CAMEO 194, 195)
    return code


# Verb blocks of violence against people (as opposed to taking ground or fighting at large).
_PERSONAL_BLOCKS = frozenset({"kill", "shoot", "physical_conflict", "hurt", "stab", "gunfire"})


_HAPPEN = {"took": "place", "take": "place", "takes": "place", "broke": "out", "breaks": "out"}


_HAPPEN_ALONE = words("erupted erupts occurred occurs ensued happened")


def _happened(tokens: list[Token], k: int) -> bool:
    """ "clashes took place", "fighting broke out": the event is the subject noun."""
    word = tokens[k].lower
    if word in _HAPPEN_ALONE:
        return True
    return k + 1 < len(tokens) and _HAPPEN.get(word) == tokens[k + 1].lower


def _coordinated(
    verbs: dict[str, tuple[str, str]], tokens: list[Token], hit: VerbHit, code: str
) -> str:
    """ "intercepted and killed": the graver of two joined violent verbs names the event."""
    k = hit.index
    if k + 2 >= len(tokens) or tokens[k + 1].lower != "and":
        return code
    entry = verbs.get(tokens[k + 2].lower)
    other = entry[1] if entry else ""
    return other if other >= "15" and other[:2] > code[:2] else code


def _modality(before: list[str]) -> str:
    """'negated', 'must' or 'intent' when the words before the verb say so."""
    near = before[-3:]
    if _NEGATIONS.intersection(near) or (
        len(before) >= 2 and before[-1] == "to" and (before[-2] in _REFUSALS)
    ):
        return "negated"
    if "must" in near:
        return "must"
    if _MODALS.intersection(near) or (
        len(before) >= 2 and before[-1] == "to" and (before[-2] in _INTENT)
    ):
        return "intent"
    return ""


def _as_intent(code: str) -> str:
    # CAMEO: a promised cooperative act is an intent to cooperate (03); a promised hostile
    # act is a threat (13).
    root = code[:2]
    return "03" if "04" <= root <= "08" else "13" if root >= "15" else code


def _as_refusal(code: str) -> str:
    return "12" if "03" <= code[:2] <= "08" else code


_MODAL_CODE = {"negated": _as_refusal, "must": lambda code: "10", "intent": _as_intent}


_NEGATIONS = frozenset({"not", "n't", "never"})


_REFUSALS = frozenset({"refused", "refuses", "refusing", "declined", "declines", "unwilling"})


_MODALS = frozenset({"will", "would", "'ll", "shall"})


_INTENT = words(
    """
    willing ready prepared plans plan planned planning intends intend intended wants want
    pledged pledges promised promises vowed vows offered offers agreed agrees expected hopes
    """
)


_CROWD = words(
    """
    protesters protestors demonstrators people residents citizens supporters workers students
    hundreds thousands dozens families relatives activists farmers teachers villagers locals
    members women mothers traders drivers employees crowd crowds worshippers fans youths
    """
)


_PROTESTERS = words("protesters protestors demonstrators strikers rioters marchers")


_PEACEFUL_OR_BLOCKING = frozenset({"01", "03", "04", "05", "06", "08", "15", "17"})


_BLOCK_BLOCKS = frozenset({"exclude", "blockade", "obstruct", "barricade"})


_WAYS = words(
    """
    road roads street streets highway highways bridge traffic entrance roadway railway avenue
    avenues route motorway
    junction intersection crossing access
    """
)


_CUT_VERBS = words(
    """
    suspended suspends suspend halted halts halt cut cuts reduced reduces ended ends severed
    severs froze freezes frozen downgraded downgrades recalled recalls expelled expels broke
    breaks withdrew withdraws withdrawn
    """
)


_RELATIONS = words(
    """
    aid ties relations links cooperation talks negotiations mediation assistance embassy
    ambassador ambassadors diplomats diplomat envoy envoys inspectors supplies flights trade
    contacts funding loans
    """
)


_DESTROY_VERBS = words(
    """
    destroyed destroys demolished demolishes burned burnt burns torched looted ransacked
    vandalised vandalized razed damaged bulldozed sabotaged set
    """
)


_PROPERTY = words(
    """
    house houses home homes building buildings shop shops property properties vehicle vehicles
    car cars office offices church churches mosque mosques school schools crops structures
    tower towers shelter shelters stores store market farm farms fire
    """
)


_FIGHT_WORDS = words("clashed clash clashes fighting battle battles firefight gunfight exchanged")


_EXPLOSIVES = words(
    """
    bomb bombs bombing bomber explosive explosives ied ieds landmine landmines grenade
    grenades suicide car-bomb
    """
)


_HEAVY = words(
    """
    shelled shelling artillery aircraft airstrike airstrikes air jets helicopter helicopters
    drone drones missile missiles rockets rocket mortar mortars warplanes tanks
    """
)


def violence(words_: list[str], window: list[str], before: list[str], personal: bool = True) -> str:
    """Fight (19) needs an armed opponent or heavy weapons; else it is assault (18, CAMEO 18x):
    bombings, shootings of people, beatings. ``personal``: the verb hurts people (shoot, kill,
    attack); taking a town or fighting in general stays a fight without named victims."""
    if _HEAVY.intersection(words_) or _FIGHT_WORDS.intersection(words_):
        return "19"
    if _ARMED.intersection(window):
        return "19"
    if _EXPLOSIVES.intersection(words_):
        return "18"
    victims = _VICTIMS.intersection(window) or (
        _VICTIMS.intersection(before) and BE.intersection(before[-2:])
    )
    if victims:
        return "18"
    return "18" if personal and not _ARMED.intersection(words_) else "19"


# First words of the event nouns of two words or more: only these are looked up with the next.
_NOUN_HEADS = frozenset(noun.split(" ", 1)[0] for noun in EVENT_NOUNS if " " in noun)


def noun_code(tokens: list[Token]) -> str:
    """The first event noun ("protest", "airstrike"); capitalised words are names ("March")."""
    for i, token in enumerate(tokens):
        if i and token.text[:1].isupper():
            continue
        low = token.lower
        pair = f"{low} {tokens[i + 1].lower}" if low in _NOUN_HEADS and i + 1 < len(tokens) else ""
        code = EVENT_NOUNS.get(pair) or EVENT_NOUNS.get(low)
        if code:
            return code
    return ""
