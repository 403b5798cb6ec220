"""Derive Eventline's compact actor, country and verb dictionaries from the MIT CAMEO files.

Run by hand when the sources change:

    python scripts/build_dictionaries.py [CAMEO_DIR]

CAMEO_DIR defaults to ``<project>/../shared/data/cameo``. Outputs go to ``data/dictionaries/``
(TSV, one entry a line) together with the upstream MIT licence texts (see NOTICE there).
"""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

from dashboard.data_checks import Row, check_actors, check_countries_dictionary, check_verbs
from dashboard.extract.actor_tables import is_organisation_name, kind_by_name

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "data" / "dictionaries"
DEFAULT_SRC = ROOT.parent / "shared" / "data" / "cameo"

_CODE = re.compile(r"\[([^\]]*)\]")
_SMALL = {"of", "the", "and", "for", "in", "on", "to", "de", "al", "el", "la", "du", "des", "da"}
# CAMEO country-like codes that are not ISO-3; map them or drop them.
_CAMEO_TO_ISO = {"ROM": "ROU", "ZAR": "COD", "TMP": "TLS", "BUR": "MMR", "KSV": "XKX"}
_NON_COUNTRY = {
    "IGO",
    "NGO",
    "IMG",
    "MNC",
    "UIS",
    "AFR",
    "ASA",
    "EUR",
    "MEA",
    "NMR",
    "SAM",
    "SAS",
    "SEA",
    "WAF",
    "EAF",
    "CAF",
    "BLK",
    "CAS",
    "CRB",
    "CEU",
    "LAM",
    "WST",
    "PGS",
    "SCN",
    "BAL",
    "NAF",
    "SAF",
    "EEU",
    "WEU",
    "MDT",
    "DEV",
    "EIN",
    "ABC",
}


def phrase(raw: str) -> str:
    """``YOSHIMASA_HAYASHI_`` -> ``YOSHIMASA HAYASHI`` (upper case, single spaces)."""
    text = raw.strip().lstrip("+").replace("_", " ")
    return " ".join(text.split())


def titled(upper: str) -> str:
    """Upper-case dictionary phrase -> display name ("NIPPON FOUNDATION" -> "Nippon Foundation")."""
    words = []
    for i, word in enumerate(upper.split()):
        low = word.lower()
        if i and low in _SMALL:
            words.append(low)
        elif "." in word or (len(word) <= 4 and not re.search(r"[AEIOUY]", word)):
            words.append(word)  # acronyms such as U.N., NATO-like consonant clusters
        else:
            words.append("-".join(p[:1].upper() + p[1:] for p in low.split("-")))
    return " ".join(words)


def country_of(code: str, isos: set[str]) -> str:
    head = code[:3]
    head = _CAMEO_TO_ISO.get(head, head)
    return head if head in isos and head not in _NON_COUNTRY else ""


def read_blocks(path: Path) -> list[tuple[list[str], list[str]]]:
    """TABARI .actors blocks: (names, codes). Names without codes inherit the next codes seen."""
    blocks: list[tuple[list[str], list[str]]] = []
    names: list[str] = []
    codes: list[str] = []
    for line in path.read_text(encoding="latin-1").splitlines():
        body = line.split("#", 1)[0].rstrip()
        if not body.strip():
            if not line.strip() and names:
                blocks.append((names, codes))
                names, codes = [], []
            continue
        found = _CODE.findall(body)
        text = _CODE.sub(" ", body).strip()
        starts_entry = not line[:1].isspace() and not text.startswith("+")
        if starts_entry and text and codes:
            blocks.append((names, codes))
            names, codes = [], []
        if text:
            names.append(phrase(text))
        codes.extend(c.split()[0] for c in found if c.split())
    if names:
        blocks.append((names, codes))
    return blocks


def iso_codes(src: Path) -> set[str]:
    isos = set()
    for line in (src / "countrynames.txt").read_text(encoding="latin-1").splitlines():
        parts = line.split("\t")
        if len(parts) > 1 and len(parts[1]) >= 3:
            isos.add(parts[1][:3])
    isos.discard("---")
    return isos


def build_countries(src: Path, isos: set[str]) -> tuple[list[str], set[str]]:
    """Country blocks of Phoenix.Countries: header name + synonyms -> ISO-3."""
    rows, seen = [], set()
    country_names = set()
    for names, codes in read_blocks(src / "Phoenix.Countries.actors.txt"):
        latest = _latest_code(codes)  # e.g. UKR after [USRUKR <910824] [UKR >911221]
        if len(latest) != 3 or len(names) < 2:
            continue
        iso = country_of(latest, isos)
        if not iso:
            continue
        canonical = titled(names[0])
        country_names.add(names[0])
        for i, name in enumerate(names):
            key = (name, iso)
            if key not in seen:
                seen.add(key)
                rows.append(
                    f"{titled(name)}\t{iso}\t{'country' if i == 0 else 'alias'}\t{canonical}"
                )
    return rows, country_names


def _latest_code(codes: list[str]) -> str:
    real = [c for c in codes if c != "---" and not c.startswith("~")]
    return real[-1] if real else ""


def build_actors(src: Path, isos: set[str], country_names: set[str]) -> list[str]:
    """Actor rows with their true kind: the CAMEO country files list agencies among people
    ("United States Congress", "Ministry of Defence"), so such names are filed here as
    government or organisation by their form, once, instead of each time they load."""
    rows = []
    files = [
        ("Phoenix.Countries.actors.txt", "person"),
        ("Phoenix.International.actors.txt", "organisation"),
        ("Phoenix.MilNonState.actors.txt", "group"),
    ]
    for filename, kind in files:
        for names, codes in read_blocks(src / filename):
            code = _latest_code(codes)
            if not code or (names and names[0] in country_names):
                continue
            canonical = titled(names[0])
            true_kind = kind_by_name(canonical.removeprefix("The "), kind, code)
            for name in dict.fromkeys(names):
                if len(name) > 2:
                    rows.append(
                        f"{titled(name)}\t{canonical}\t{country_of(code, isos)}\t{true_kind}"
                        f"\t{code}"
                    )
    return rows


def build_agents(src: Path) -> list[str]:
    """Agent nouns (officials, police, ministry ...) -> CAMEO sector code."""
    text = (src / "Phoenix.agents.txt").read_text(encoding="latin-1")
    subs = {
        m.group(1): [w.strip() for w in m.group(2).split(",")]
        for m in re.finditer(r"^(!\w+!)\s*=\s*(.+)$", text, re.M)
    }
    rows = set()
    for line in text.splitlines():
        body = line.split("#", 1)[0]
        match = re.match(r"^([A-Z!_\-' ]+?)\s*\[~?(\w+)\]", body)
        if not match or "=" in body:
            continue
        raw, sector = match.group(1).strip(), match.group(2)
        for form in _expand_subs(raw, subs):
            rows.add(f"{phrase(form).lower()}\t{sector}")
    return sorted(rows)


def _expand_subs(raw: str, subs: dict[str, list[str]]) -> list[str]:
    for key, values in subs.items():
        if key in raw:
            return [f for v in values for f in _expand_subs(raw.replace(key, v, 1), subs)]
    return [raw]


# ---- verbs -----------------------------------------------------------------------------


def root_of(code: str) -> str:
    for part in code.split(":"):
        part = part.strip()
        if part[:2].isdigit():
            return part[:2]
    return ""


def regular_forms(base: str) -> list[str]:
    """Regular English inflections of a lower-case verb (over-generation is harmless)."""
    forms = {base, base + "s", base + "ed", base + "ing"}
    if base.endswith("e"):
        forms |= {base + "d", base[:-1] + "ing"}
    if base.endswith(("s", "sh", "ch", "x", "z", "o")):
        forms.add(base + "es")
    if base.endswith("y") and len(base) > 2 and base[-2] not in "aeiou":
        forms |= {base[:-1] + "ies", base[:-1] + "ied"}
    if re.search(r"[^aeiou][aeiou][bdgklmnprt]$", base):
        forms |= {base + base[-1] + "ed", base + base[-1] + "ing"}
    return sorted(forms)


def read_synsets(lines: list[str]) -> dict[str, list[str]]:
    sets: dict[str, list[str]] = {}
    current = ""
    for line in lines:
        body = line.split("#", 1)[0].strip()
        if body.startswith("&"):
            current = body.rstrip("_")
            sets[current] = []
        elif body.startswith("+") and current:
            sets[current].append(phrase(body).lower())
        elif body.startswith("---"):
            break
    return sets


def pattern_words(pattern: str, synsets: dict[str, list[str]]) -> tuple[str, str]:
    """``- &MILITARY * EXERCISES (IN X)`` -> ("military|army|...", "exercises in x")."""
    before, _, after = pattern.partition("*")

    def words(part: str) -> str:
        out = []
        for token in re.sub(r"[{}()$^%=]", " ", part).split():
            if token.startswith("&"):
                members = synsets.get(token.rstrip("_"), [])
                alts = [m.replace(" ", "_") for m in members if " " not in m] or [token[1:].lower()]
                out.append("|".join(alts))
            elif re.match(r"^[A-Z][A-Z'\-]*$", token):
                out.append(token.lower())
        return " ".join(out)

    return words(before.lstrip("- ")), words(after)


def build_verbs(src: Path) -> tuple[list[str], list[str]]:
    lines = (src / "CAMEO.2.0.txt").read_text(encoding="latin-1").splitlines()
    synsets = read_synsets(lines)
    verbs: dict[str, tuple[str, str]] = {}
    patterns: list[str] = []
    block_code, lemma_block = "", ""
    started = False
    for line in lines:
        header = re.match(r"^---\s+(\S+)\s+\[([^\]]*)\]", line)
        if header:
            started, lemma_block, block_code = True, header.group(1), root_of(header.group(2))
            continue
        if not started:
            continue
        body = line.split("#", 1)[0].rstrip()
        if not body.strip():
            continue
        codes = _CODE.findall(body)
        code = root_of(codes[-1]) if codes else ""
        if body.startswith("~"):
            continue  # a PETRARCH transformation rule ("~ a (a b ATTACK) SAY = ..."), no verb
        if body.startswith("-"):
            pre, post = pattern_words(_CODE.sub("", body), synsets)
            if code and (pre or post):
                patterns.append(f"{lemma_block.lower()}\t{code}\t{pre}\t{post}")
            continue
        _add_verb_line(verbs, _CODE.sub("", body), code or block_code, lemma_block.lower())
    verb_rows = [f"{form}\t{lemma}\t{code}" for form, (lemma, code) in sorted(verbs.items())]
    return verb_rows, patterns


def _add_verb_line(verbs: dict, body: str, code: str, block: str) -> None:
    # "{+WAS_DETERMINED , +BE_DETERMINED}": forms are separated by spaces and commas
    irregular = [part.replace(",", " ") for part in re.findall(r"\{([^}]*)\}", body)]
    head = re.sub(r"\{[^}]*\}", " ", body).split()
    if not head:
        return
    base = phrase(head[0]).lower()
    if base.startswith("+") or " " in base:
        forms = [base] + [phrase(f).lower() for f in " ".join(irregular).split()]
    else:
        forms = regular_forms(base) + [f.lower() for f in " ".join(irregular).split()]
    for form in forms:
        form = form.lstrip("+").strip()
        if form and (form not in verbs or (code and not verbs[form][1])):
            verbs[form] = (block, code)


def write(name: str, header: str, rows: list[str]) -> None:
    path = OUT / name
    path.write_text(f"# {header}\n" + "\n".join(rows) + "\n", encoding="utf-8")
    print(f"{path.relative_to(ROOT)}: {len(rows)} rows")


def numbered(rows: list[str]) -> list[Row]:
    """Rows as the checks see them, numbered as in the written file (line 1 is the header)."""
    return [Row(line, row.split("\t")) for line, row in enumerate(rows, start=2)]


def main(src: Path) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    isos = iso_codes(src)
    countries, country_names = build_countries(src, isos)
    actors = build_actors(src, isos, country_names)
    verbs, patterns = build_verbs(src)
    problems = (
        check_countries_dictionary(numbered(countries))
        + check_actors(numbered(actors), is_organisation_name)
        + check_verbs(numbered(verbs))
    )
    if problems:  # nothing is written: the shipped files stay as they were
        sys.exit("the CAMEO sources gave unsound rows:\n" + "\n".join(problems[:50]))
    write(
        "cameo_countries.tsv", "alias\tiso3\tkind\tcountry (from Phoenix.Countries, MIT)", countries
    )
    write("cameo_actors.tsv", "alias\tcanonical\tiso3\tkind\tcameo_code (Phoenix, MIT)", actors)
    write("cameo_agents.tsv", "agent noun\tsector (Phoenix.agents, MIT)", build_agents(src))
    write("cameo_verbs.tsv", "form\tverb block\troot code (CAMEO.2.0, MIT)", verbs)
    write("cameo_verb_patterns.tsv", "verb block\troot\tbefore\tafter (CAMEO.2.0, MIT)", patterns)
    for licence in ("LICENSE.petrarch2.txt", "LICENSE.text_to_CAMEO.txt"):
        shutil.copyfile(src / licence, OUT / licence)


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_SRC)
