"""Which language an article is written in: declared by the user, else identified from its text.

Identification uses py3langid (a naive Bayes model over byte n-grams for about 140 languages
that ships inside the package; nothing is downloaded). The text is looked at as its words only
(digits, punctuation and odd spaces dropped), and in a text written mostly in Latin letters
only those count: quoted tweets in Arabic made a Spanish story look Moroccan Arabic. Close
varieties the model confuses with a language we read are folded into it (``languages.tsv``:
Nigerian Pidgin took English market reports). Short texts are where such models go wrong
("Madrid" looks Swedish, "hier" Breton), so:

- fewer than ``MIN_LETTERS`` letters: too short to tell, the article is read as English;
- the most likely language wins when its probability is at least ``CONFIDENT``;
- otherwise the languages Eventline reads are compared among themselves, and one that holds
  ``CLEAR_LEAD`` of their probability wins; failing that the article is read as English.

English is the fallback because it is what Eventline read before it knew other languages.
Only the first ``SAMPLE_CHARS`` characters are looked at: more adds time, not accuracy.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

DEFAULT = "en"
MIN_LETTERS = 30
CONFIDENT = 0.5
CLEAR_LEAD = 0.8
SAMPLE_CHARS = 4000

_CODE = re.compile(r"[a-z]{2,3}")
_NOT_LETTERS = re.compile(r"[\W\d_]+")
_NOT_LATIN = re.compile(r"[^\u0000-\u024f]+")  # outside Basic Latin to Latin Extended-B
_NO_LANGUAGE = "zxx"  # the model's label for "no linguistic content"


@dataclass(frozen=True, slots=True)
class Identified:
    """A language code and how it was chosen: "declared", "detected" or a fallback reason."""

    language: str
    how: str
    confidence: float = 1.0


@cache
def _table() -> tuple[tuple[str, ...], dict[str, str], dict[str, str]]:
    """The languages read (in file order), every accepted name or code -> ISO 639-1, and the
    model's labels of close varieties -> the language they are folded into."""
    path = files("dashboard") / "resources" / "languages.tsv"
    read: list[str] = []
    names: dict[str, str] = {}
    folded: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        code, long_codes, spelled, varieties = line.split("\t")
        read.append(code)
        for name in (code, *long_codes.split(","), *spelled.split(",")):
            names[name.strip()] = code
        folded.update({v.strip(): code for v in varieties.split(",") if v.strip()})
    return tuple(read), names, folded


def read_languages() -> tuple[str, ...]:
    """ISO 639-1 codes of the languages Eventline has date resources for."""
    return _table()[0]


def is_read(language: str) -> bool:
    return language in _table()[0]


def normalise_code(raw: str) -> str:
    """A user's language value as an ISO 639-1 code: "es", "ES", "es-MX", "spa", "Spanish".

    Raises ValueError naming the value and the accepted forms.
    """
    value = raw.strip().lower().replace("_", "-")
    names = _table()[1]
    if value in names:
        return names[value]
    head = value.split("-", 1)[0]
    if head in names:
        return names[head]
    if len(head) == 2 and _CODE.fullmatch(head):
        return head  # a language we do not read: stored and flagged, never refused
    raise ValueError(
        f"language {raw!r} is not understood; expected an ISO 639-1 code such as en, es, fr, "
        f"de, pt, it (a region such as es-MX is allowed) or one of their names"
    )


@cache
def _identifier():
    # Imported on first use: loading the model takes about half a second.
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def identify(text: str) -> Identified:
    """The language of ``text`` by its words; English when the text cannot tell (see above)."""
    sample = _letters_only(text[:SAMPLE_CHARS])
    if len(sample.replace(" ", "")) < MIN_LETTERS:
        return Identified(DEFAULT, "too short to identify")
    ranking = _folded(_identifier().rank(sample))
    best, probability = ranking[0]
    if probability >= CONFIDENT:
        return Identified(_base(best), "detected", probability)
    read = [(code, p) for code, p in ranking if code in read_languages()]
    total = sum(p for _, p in read)
    if read and total and read[0][1] / total >= CLEAR_LEAD:
        return Identified(read[0][0], "detected", read[0][1])
    return Identified(DEFAULT, "uncertain", probability)


def _letters_only(text: str) -> str:
    """The words of ``text``; only its Latin ones when most of its letters are Latin."""
    words = _NOT_LETTERS.sub(" ", text).strip()
    latin = _NOT_LATIN.sub(" ", words)
    if 2 * len(latin.replace(" ", "")) >= len(words.replace(" ", "")):
        return " ".join(latin.split())
    return words


def _folded(ranking: list[tuple[str, float]]) -> list[tuple[str, float]]:
    """The ranking with close varieties added to their language and "no language" left out."""
    folded = _table()[2]
    merged: dict[str, float] = {}
    for code, probability in ranking:
        if code != _NO_LANGUAGE:
            key = folded.get(code, code)
            merged[key] = merged.get(key, 0.0) + probability
    return sorted(merged.items(), key=lambda item: item[1], reverse=True)


def _base(code: str) -> str:
    """py3langid's labels are ISO 639-1 where one exists; keep only the language part."""
    return code.split("-", 1)[0].lower()


def settle(declared: str, text: str) -> Identified:
    """The language to read an article in: the declared one if any, else the identified one."""
    if declared:
        return Identified(normalise_code(declared), "declared")
    return identify(text)
