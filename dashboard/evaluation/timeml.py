"""Score the temporal tagger on TimeML (.tml) gold files, TempEval-3 style.

Each document's text is the ``<TEXT>`` element with inline tags removed and entities decoded;
its reference date is the TIMEX3 with ``functionInDocument="CREATION_TIME"`` (not scored).
The subcorpora are the splits: TimeBank (tuning) and AQUAINT (check), reported side by side;
a corpus without such subcorpora (the Spanish HourGlass and MEANTIME) is split by alternating
documents in file order (1st, 3rd ... tuning; 2nd, 4th ... check), per folder.
``--lang`` tags in that language (and runs dateparser with ``languages=[lang]``).
Extents are matched strictly (same offsets) and relaxed (overlap, one-to-one); type and value
accuracy are measured over relaxed matches, and value F1 = value accuracy x relaxed F1.
Values compare as strings, except that an unpadded ISO week in the gold ("2000-W7", as some
AQUAINT files write it) equals its padded form. Speed is documents per CPU second of tagging
(reading and scoring excluded), so that other work on the machine does not distort it.
"""

from __future__ import annotations

import json
import re
import time
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

import click

from dashboard.evaluation.splits import SPLITS, TIMEML_SPLITS, TOTAL, side_by_side
from dashboard.extract.dates import tag


@dataclass(frozen=True, slots=True)
class Timex:
    start: int
    end: int
    type: str
    value: str


@dataclass(frozen=True, slots=True)
class Document:
    doc_id: str
    group: str  # first folder under the scored root ("TimeBank", "AQUAINT")
    text: str
    dct: date | None
    gold: tuple[Timex, ...]


@dataclass
class Counts:
    """Running totals for one group of documents."""

    docs: int = 0
    gold: int = 0
    system: int = 0
    strict: int = 0
    relaxed: int = 0
    type_ok: int = 0
    value_ok: int = 0
    seconds: float = 0.0

    def add(self, other: Counts) -> None:
        for name in self.__dataclass_fields__:
            setattr(self, name, getattr(self, name) + getattr(other, name))


@dataclass(frozen=True, slots=True)
class Scores:
    strict_p: float
    strict_r: float
    strict_f1: float
    relaxed_p: float
    relaxed_r: float
    relaxed_f1: float
    type_accuracy: float
    value_accuracy: float
    value_f1: float
    docs_per_second: float


Tagger = Callable[[str, date | None], list[Timex]]


# --- reading TimeML ------------------------------------------------------------------------


def _walk(element: ET.Element, parts: list[str], found: list[Timex], length: list[int]) -> None:
    """Append the element's text to ``parts``, recording TIMEX3 offsets as they go by."""
    start = length[0]
    if element.text:
        parts.append(element.text)
        length[0] += len(element.text)
    for child in element:
        _walk(child, parts, found, length)
        if child.tail:
            parts.append(child.tail)
            length[0] += len(child.tail)
    if element.tag == "TIMEX3":
        found.append(Timex(start, length[0], element.get("type", ""), element.get("value", "")))


def _dct(root: ET.Element) -> date | None:
    for timex in root.iter("TIMEX3"):
        if timex.get("functionInDocument") == "CREATION_TIME":
            try:
                return date.fromisoformat(timex.get("value", "")[:10])
            except ValueError:
                return None
    return None


def read_tml(path: Path, root_dir: Path | None = None) -> Document:
    """One TimeML document: plain text of ``<TEXT>``, its DCT and the gold TIMEX3s in it."""
    root = ET.parse(path).getroot()
    text_element = root.find(".//TEXT")
    parts: list[str] = []
    found: list[Timex] = []
    if text_element is not None:
        # The TEXT element's own tail is outside it; walk only its inside.
        _walk(text_element, parts, found, [0])
    found = [t for t in found if t.end > t.start]
    relative = path.relative_to(root_dir) if root_dir else Path(path.name)
    group = relative.parts[0] if len(relative.parts) > 1 else "(root)"
    return Document(path.stem, group, "".join(parts), _dct(root), tuple(sorted(found, key=_key)))


def _key(t: Timex) -> tuple[int, int]:
    return t.start, t.end


def read_corpus(folder: Path) -> list[Document]:
    paths = sorted(p for p in folder.rglob("*.tml") if not p.name.startswith("._"))
    return _split_unknown_groups([read_tml(p, folder) for p in paths])


def _split_unknown_groups(docs: list[Document]) -> list[Document]:
    """Documents of a folder that is no known subcorpus go alternately to tuning and check."""
    seen: dict[str, int] = {}
    result = []
    for doc in docs:
        if doc.group in TIMEML_SPLITS:
            result.append(doc)
            continue
        position = seen.get(doc.group, 0)
        seen[doc.group] = position + 1
        split = SPLITS[position % 2]
        group = split if doc.group == "(root)" else f"{doc.group} {split}"
        result.append(Document(doc.doc_id, group, doc.text, doc.dct, doc.gold))
    return result


# --- taggers ---------------------------------------------------------------------------------


def eventline_tagger(text: str, dct: date | None, lang: str = "en") -> list[Timex]:
    return [Timex(e.start, e.end, e.type, e.value) for e in tag(text, dct, lang)]


def dateparser_tagger(text: str, dct: date | None, lang: str = "en") -> list[Timex]:
    """dateparser's search as a baseline: every hit is a DATE valued YYYY-MM-DD."""
    from dateparser.search import search_dates  # slow import, only when asked for

    settings = {"RELATIVE_BASE": datetime(dct.year, dct.month, dct.day)} if dct else {}
    try:
        results = search_dates(text, languages=[lang], settings=settings) or []
    except Exception:  # noqa: BLE001 - a baseline failing on one document scores it as empty
        return []
    found, pos = [], 0
    for phrase, moment in results:
        start = text.find(phrase, pos)
        if start < 0:
            continue
        pos = start + len(phrase)
        found.append(Timex(start, pos, "DATE", moment.date().isoformat()))
    return found


# --- matching and scoring ----------------------------------------------------------------------


@dataclass
class Alignment:
    pairs: list[tuple[Timex, Timex]] = field(default_factory=list)
    missed: list[Timex] = field(default_factory=list)
    spurious: list[Timex] = field(default_factory=list)


def align(gold: Iterable[Timex], system: Iterable[Timex]) -> Alignment:
    """One-to-one pairing of overlapping spans, preferring exact matches."""
    gold, free = sorted(gold, key=_key), sorted(system, key=_key)
    result = Alignment()
    for g in gold:
        exact = next((s for s in free if (s.start, s.end) == (g.start, g.end)), None)
        match = exact or next((s for s in free if s.start < g.end and g.start < s.end), None)
        if match is None:
            result.missed.append(g)
        else:
            free.remove(match)
            result.pairs.append((g, match))
    result.spurious = free
    return result


_UNPADDED_WEEK = re.compile(r"-W(\d)(?!\d)")


def same_value(gold: str, system: str) -> bool:
    """Equal TIMEX3 values, allowing for notation only: "2000-W7" is week "2000-W07"."""
    return gold == system or _UNPADDED_WEEK.sub(r"-W0\1", gold) == system


def count(alignment: Alignment, n_gold: int, n_system: int) -> Counts:
    pairs = alignment.pairs
    return Counts(
        docs=1,
        gold=n_gold,
        system=n_system,
        strict=sum((g.start, g.end) == (s.start, s.end) for g, s in pairs),
        relaxed=len(pairs),
        type_ok=sum(g.type == s.type for g, s in pairs),
        value_ok=sum(same_value(g.value, s.value) for g, s in pairs),
    )


def _ratio(a: float, b: float) -> float:
    return a / b if b else 0.0


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def scores(c: Counts) -> Scores:
    sp, sr = _ratio(c.strict, c.system), _ratio(c.strict, c.gold)
    rp, rr = _ratio(c.relaxed, c.system), _ratio(c.relaxed, c.gold)
    value_acc = _ratio(c.value_ok, c.relaxed)
    return Scores(
        sp, sr, _f1(sp, sr), rp, rr, _f1(rp, rr), _ratio(c.type_ok, c.relaxed), value_acc,
        value_acc * _f1(rp, rr), _ratio(c.docs, c.seconds),
    )  # fmt: skip


def evaluate(
    docs: list[Document], tagger: Tagger, errors: list[dict] | None = None
) -> dict[str, Counts]:
    """Counts per group and in total ("total"); mismatches go to ``errors`` when given."""
    groups: dict[str, Counts] = {}
    for doc in docs:
        began = time.process_time()  # CPU time: other work on a shared machine does not count
        system = tagger(doc.text, doc.dct)
        elapsed = time.process_time() - began
        alignment = align(doc.gold, system)
        counts = count(alignment, len(doc.gold), len(system))
        counts.seconds = elapsed
        groups.setdefault(doc.group, Counts()).add(counts)
        if errors is not None:
            errors.extend(mismatches(doc, alignment))
    total = Counts()
    for counts in groups.values():
        total.add(counts)
    groups[TOTAL] = total
    return groups


def _context(text: str, t: Timex, width: int = 60) -> str:
    left = text[max(0, t.start - width) : t.start]
    right = text[t.end : t.end + width]
    return " ".join(f"{left}[{text[t.start : t.end]}]{right}".split())


def _describe(text: str, t: Timex) -> dict:
    return {"text": text[t.start : t.end], "type": t.type, "value": t.value, "start": t.start}


def mismatches(doc: Document, alignment: Alignment) -> list[dict]:
    """Missed, spurious and wrong-value/type/extent records, for tuning by kind."""
    base = {"doc": doc.doc_id, "group": doc.group, "dct": str(doc.dct)}
    rows = [{**base, "kind": "missed", "gold": _describe(doc.text, g), "context":
             _context(doc.text, g)} for g in alignment.missed]  # fmt: skip
    rows += [{**base, "kind": "spurious", "system": _describe(doc.text, s), "context":
              _context(doc.text, s)} for s in alignment.spurious]  # fmt: skip
    for g, s in alignment.pairs:
        kinds = [k for k, bad in (("value", not same_value(g.value, s.value)),
                 ("type", g.type != s.type),
                 ("extent", (g.start, g.end) != (s.start, s.end))) if bad]  # fmt: skip
        if kinds:
            rows.append({**base, "kind": "wrong_" + "+".join(kinds),
                         "gold": _describe(doc.text, g), "system": _describe(doc.text, s),
                         "context": _context(doc.text, g)})  # fmt: skip
    return rows


# --- the command -----------------------------------------------------------------------------


def _column_name(group: str) -> str:
    split = TIMEML_SPLITS.get(group)
    return f"{group} ({split})" if split else group


def _split_of(group: str) -> str | None:
    if group in TIMEML_SPLITS:
        return TIMEML_SPLITS[group]
    last = group.rsplit(" ", 1)[-1]
    return last if last in SPLITS else None


def _order(group: str) -> tuple[str, int, str]:
    """Per folder tuning first, then check, then any other folder; the total last."""
    if group == TOTAL:
        return ("~", 3, group)
    split = _split_of(group)
    folder = group.rsplit(" ", 1)[0] if " " in group and group not in TIMEML_SPLITS else ""
    return (folder, SPLITS.index(split) if split else 2, group)


def figures_of(c: Counts) -> dict[str, float | int]:
    s = scores(c)
    return {
        "docs": c.docs, "gold": c.gold, "system": c.system,
        "strict P": s.strict_p, "strict R": s.strict_r, "strict F1": s.strict_f1,
        "relaxed P": s.relaxed_p, "relaxed R": s.relaxed_r, "relaxed F1": s.relaxed_f1,
        "type accuracy": s.type_accuracy, "value accuracy": s.value_accuracy,
        "value F1": s.value_f1, "docs per CPU second": round(s.docs_per_second),
    }  # fmt: skip


def format_table(title: str, groups: dict[str, Counts]) -> str:
    """The figures of each split (TimeBank tuning, AQUAINT check) side by side, and the total."""
    names = sorted(groups, key=_order)
    columns = {_column_name(n): figures_of(groups[n]) for n in names}
    return f"{title}\n{side_by_side(columns)}"


@click.command("timeml")
@click.argument("folder", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option(
    "--baseline",
    type=click.Choice(["dateparser"]),
    default=None,
    help="Also score this baseline on the same documents and compare speed.",
)
@click.option(
    "--errors",
    "errors_path",
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    default=None,
    help="Write Eventline's mismatches (missed, spurious, wrong value/type/extent) as JSONL.",
)
@click.option(
    "--lang",
    "lang",
    default="en",
    show_default=True,
    metavar="CODE",
    help="Language of the corpus (ISO 639-1: en, es, fr, de, pt, it).",
)
def timeml_command(folder: Path, baseline: str | None, errors_path: Path | None,
                   lang: str) -> None:
    """Score the temporal tagger on the TimeML (.tml) files under FOLDER (recursively)."""
    from functools import partial

    from dashboard.extract.language import is_read, normalise_code

    try:
        lang = normalise_code(lang)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--lang") from exc
    if not is_read(lang):
        raise click.BadParameter(f"Eventline has no date resources for {lang!r}",
                                 param_hint="--lang")
    docs = read_corpus(folder)
    if not docs:
        raise click.ClickException(f"no .tml files under {folder}; expected TimeML documents")
    errors: list[dict] | None = [] if errors_path else None
    # Load each tagger's data before the clock runs: speed is per document, not per start-up.
    warm_up = docs[0].text[:500]
    eventline_tagger(warm_up, docs[0].dct, lang)
    ours = evaluate(docs, partial(eventline_tagger, lang=lang), errors)
    click.echo(format_table("eventline", ours))
    if errors_path and errors is not None:
        with errors_path.open("w", encoding="utf-8") as out:
            for row in errors:
                out.write(json.dumps(row, ensure_ascii=False) + "\n")
        click.echo(f"{len(errors)} mismatches written to {errors_path}")
    if baseline == "dateparser":
        dateparser_tagger(warm_up, docs[0].dct, lang)
        theirs = evaluate(docs, partial(dateparser_tagger, lang=lang))
        click.echo("")
        click.echo(format_table("dateparser", theirs))
        ratio = _ratio(ours["total"].docs / max(ours["total"].seconds, 1e-9),
                       theirs["total"].docs / max(theirs["total"].seconds, 1e-9))  # fmt: skip
        click.echo(f"\nspeed ratio (eventline docs/s / dateparser docs/s): {ratio:.1f}x")
