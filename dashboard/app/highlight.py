"""Article text as HTML with the evidence, dates, actors and places marked. No streamlit.

Marks are found from the stored events (their sentence offsets and date phrases) and the
names they carry, so the page shows what extraction used without re-running it.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable

# Mark kind -> background colour (kept soft so the text stays readable).
COLOURS = {"evidence": "#fff3b0", "date": "#b9e3ff", "actor": "#ffd6a5", "place": "#caffbf"}


def _find_all(text: str, needle: str, within: tuple[int, int] | None = None,
              any_case: bool = False):
    if not needle.strip():
        return
    low, high = within or (0, len(text))
    flags = re.IGNORECASE if any_case else 0
    pattern = re.compile(rf"(?<!\w){re.escape(needle)}(?!\w)", flags)
    for match in pattern.finditer(text, low, high):
        yield match.start(), match.end()


def spans_for(text: str, events: Iterable[dict]) -> list[tuple[int, int, str]]:
    """(start, end, kind) marks for dates, actors and places; no two marks overlap."""
    found: list[tuple[int, int, str]] = []
    names: dict[str, str] = {}
    for event in events:
        window = (int(event["start"]), int(event["end"]))
        found += [(s, e, "date") for s, e in _find_all(text, event.get("date_text") or "", window)]
        names.update({name: "actor" for name in _names(event.get("actors"))})
        names.update({name: "place" for name in _names(event.get("places"))})
    for name, kind in names.items():
        # Places also match in capitals: datelines shout ("TOKYO —").
        found += [(s, e, kind) for s, e in _find_all(text, name, any_case=kind == "place")]
    return _without_overlaps(found)


def _names(value: object) -> list[str]:
    # Lists come from DuckDB as numpy arrays, whose truth value is ambiguous.
    return [str(v) for v in value] if isinstance(value, Iterable) and not isinstance(value, str) \
        else []


def _without_overlaps(spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    kept: list[tuple[int, int, str]] = []
    for span in sorted(spans, key=lambda s: (s[0], -(s[1] - s[0]))):
        if not kept or span[0] >= kept[-1][1]:
            kept.append(span)
    return kept


def to_html(text: str, spans: Iterable[tuple[int, int, str]]) -> str:
    """Escaped text with ``<mark>`` around each span; newlines become line breaks."""
    pieces: list[str] = []
    position = 0
    for start, end, kind in sorted(spans):
        pieces.append(html.escape(text[position:start]))
        colour = COLOURS.get(kind, COLOURS["evidence"])
        pieces.append(f'<mark class="el-{kind}" style="background:{colour}" title="{kind}">'
                      f"{html.escape(text[start:end])}</mark>")
        position = end
    pieces.append(html.escape(text[position:]))
    return "".join(pieces).replace("\n", "<br>")


def evidence_html(text: str, start: int, end: int, context: int = 400) -> str:
    """The evidence sentence marked inside its article, with some text either side."""
    low, high = max(0, start - context), min(len(text), end + context)
    body = to_html(text[low:high], [(start - low, end - low, "evidence")])
    return ("… " if low else "") + body + (" …" if high < len(text) else "")


def legend_html() -> str:
    return " ".join(
        f'<mark style="background:{colour}">{kind}</mark>' for kind, colour in COLOURS.items()
    )
