"""A short readable headline from a member sentence: its main clause, trimmed.

Pure. Drops what a headline can do without (a dateline, a short leading clause such as "On
Monday," or "However,", a trailing ", police said" or ", according to ..."), then shortens at
a clause boundary, else at a word, so it stays under ``MAX_LENGTH`` characters.
"""

from __future__ import annotations

import re
from functools import cache

from dashboard.extract.lexicon import read_rows
from dashboard.paths import DICTIONARIES

MAX_LENGTH = 90
# Asides dropped at most: dropping more takes the main clause too ("X, including Y, against
# Z, staged a protest") and leaves nonsense; a longer sentence is cut at a clause instead.
MAX_ASIDES = 2
_CAPS = "A-ZÀ-ÖØ-Þ"  # capitals, accented ones too ("TRÍPOLI", "BOGOTÁ", "ZÜRICH")
_DATELINE = re.compile(
    rf"^\s*(?:[{_CAPS}][{_CAPS}.'’ -]{{1,40}}[{_CAPS}.])(?:,[^—–\-\n]{{0,40}})?\s*"
    r"(?:\([^)]{1,30}\)\s*)?[—–-]+\s+")
_LEAD = re.compile(r"^\s*((?:[^\s,]+\s+){0,3}[^\s,]+),\s+(?=\S)")
_CLAUSE_BREAKS = ("; ", " — ", " – ", ": ", ", ")


@cache
def _words(kind: str) -> tuple[str, ...]:
    return tuple(row[1] for row in read_rows(DICTIONARIES, "headline_words.tsv") if row[0] == kind)


def dated_aside(sentence: str, date_text: str) -> bool:
    """The date sits in a side clause ("a week after the quake of Sunday"): a word such as
    "after" or "since" comes at most three words before it."""
    if not date_text:
        return False
    at = sentence.find(date_text)
    if at < 0:
        return False
    before = sentence[:at].lower().split()[-4:]
    return any(word in before for word in _words("relation"))


@cache
def _trailers() -> tuple[re.Pattern, re.Pattern]:
    attribution = [re.escape(w) for w in _words("attribution")]
    sources = [re.escape(w) for w in _words("source")]
    said = re.compile(r",\s+[^,]{0,60}?\b(?:" + "|".join(attribution) + r")\b[^,]{0,60}$",
                      re.IGNORECASE)
    cited = re.compile(r",?\s+\b(?:" + "|".join(sources) + r")\b[^,]{0,80}$", re.IGNORECASE)
    return said, cited


@cache
def _coordination() -> re.Pattern:
    joiners = sorted((re.escape(w) for w in _words("coordinator")), key=len, reverse=True)
    return re.compile(r";\s+|,\s+(?:" + "|".join(joiners) + r")\s+", re.IGNORECASE)


def own_statement(sentence: str, date_text: str) -> str:
    """Of a sentence joining statements (", and ...", "; ..."), the one holding the date:
    in "Divers pulled 17 bodies yesterday, and the search went on today", today's news is
    the search. The whole sentence when the date is in none or several, or the part is
    too short to stand alone."""
    if not date_text:
        return sentence
    parts = _coordination().split(sentence)
    holding = [part for part in parts if date_text in part]
    if len(parts) >= 2 and len(holding) == 1 and len(holding[0].split()) >= 4:
        sentence = holding[0]
    return _dated_clause(sentence, date_text)


def _dated_clause(statement: str, date_text: str) -> str:
    """The comma clause holding the date, when it is not the main (first) one: in "Police
    arrested 12 sailors on Tuesday, accusing them of leading last week's mutiny", last
    week's news is the mutiny, not Tuesday's arrests. The statement when the date is in the
    first clause, in several, or the clause is too short to stand alone."""
    clauses = statement.split(", ")
    holding = [clause for clause in clauses if date_text in clause]
    if len(clauses) < 2 or len(holding) != 1 or date_text in clauses[0]:
        return statement
    return holding[0] if len(holding[0].split()) >= 4 else statement


def headline(sentence: str, date_text: str = "", max_length: int = MAX_LENGTH,
             several_dates: bool = False) -> str:
    """``date_text`` is the member's date as written: a leading clause holding it ("On
    Monday,") goes, as does a one-word one ("However,"); "The ferry, carrying ..." stays.
    ``several_dates``: the sentence names other dates too, so only the statement holding
    this one is its headline (``own_statement``)."""
    if several_dates:
        sentence = own_statement(sentence, date_text)
    text = " ".join(sentence.split())
    text = _DATELINE.sub("", text, count=1)
    lead = _LEAD.match(text)
    if lead and len(text) - lead.end() >= 25 and _is_aside(lead.group(1), date_text):
        text = text[lead.end():]
    text = text.rstrip(" .;:")
    for pattern in _trailers():
        trimmed = pattern.sub("", text)
        if len(trimmed) >= 25:
            text = trimmed
    text = _shorten(_without_asides(text.rstrip(" .,;:"), date_text, max_length), max_length)
    return text[:1].upper() + text[1:]


def _without_asides(text: str, date_text: str, max_length: int) -> str:
    """Drop clauses set off by commas on both sides ("Rescue teams, with sniffer dogs and
    gear, arrived"), longest first, while the text is too long. Only when the sentence
    opens with its subject (the first clause has no date: after "Three nights after the
    quake," the next clause is the main one) and never the clause holding the date. A comma
    inside brackets separates nothing ("Bihar state (coded as Patna, Patna)")."""
    parts = _top_level_clauses(text)
    if date_text and date_text in parts[0]:
        return text
    if any(len(part.split()) == 1 for part in parts[1:-1]):
        return text  # "bank, roadways employees and other workers": a list, not asides
    for _ in range(MAX_ASIDES):
        if len(", ".join(parts)) <= max_length or len(parts) < 3:
            break
        middle = [i for i in range(1, len(parts) - 1)
                  if not (date_text and date_text in parts[i])]
        if not middle:
            break
        drop = max(middle, key=lambda i: len(parts[i]))
        parts[drop - 1: drop + 2] = [f"{parts[drop - 1]} {parts[drop + 1]}"]
    return ", ".join(parts)


def _top_level_clauses(text: str) -> list[str]:
    """``text`` split at ", " outside brackets."""
    parts, depth, start = [], 0, 0
    for at, char in enumerate(text):
        if char in "([":
            depth += 1
        elif char in ")]":
            depth = max(0, depth - 1)
        elif char == "," and depth == 0 and text.startswith(", ", at):
            parts.append(text[start:at])
            start = at + 2
    parts.append(text[start:])
    return parts


def _is_aside(lead: str, date_text: str) -> bool:
    """"However", "On Monday", "Last week" can go; "Yesterday's aftershock" is the subject.
    So can a short lead naming a year ("On 28 March 2022," before an imported row's note,
    whose date is not written as the note writes it)."""
    if " " not in lead:
        return True
    if _YEAR.search(lead) and len(lead.split()) <= 5:
        return True
    return bool(date_text) and date_text in lead and len(lead.replace(date_text, " ").split()) <= 1


_YEAR = re.compile(r"(?<!\d)(?:1[89]|20)\d\d(?!\d)")


def _shorten(text: str, max_length: int) -> str:
    if len(text) <= max_length:
        return text
    window = text[: max_length - 1]
    cut = max((window.rfind(mark) for mark in _CLAUSE_BREAKS), default=-1)
    if cut >= max_length // 2:
        return window[:cut].rstrip(" ,;:—–")
    space = window.rfind(" ")
    return (window[:space] if space > 0 else window).rstrip(" ,;:—–") + "…"
