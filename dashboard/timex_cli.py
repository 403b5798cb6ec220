"""``eventline timex --jsonl``: tag temporal expressions for other programs, one line at a time.

Each input line is a JSON object ``{"text": ..., "dct": "YYYY-MM-DD", "lang": "es", "doc_id":
...}``; each answer is one line holding a JSON list of ``{"start", "end", "type", "value"}``.
``lang`` is optional: an ISO 639-1 code (or a language's name); without it the language is
identified from the text (English when the text is too short to tell). A bad line gets a
message on stderr naming its number and an empty answer, so the caller's lines stay in step.
"""

from __future__ import annotations

import json
import sys
from datetime import date
from typing import IO

import click

from dashboard.extract.dates import tag


class BadLine(ValueError):
    """An input line that is not the expected JSON object."""


def parse_line(line: str) -> tuple[str, date | None, str]:
    """Text, reference date and language of one input line, or BadLine saying what was
    expected."""
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        raise BadLine(f"not JSON ({exc.msg}); expected an object like "
                      '{"text": "...", "dct": "YYYY-MM-DD"}') from exc  # fmt: skip
    if not isinstance(record, dict):
        raise BadLine(f'got a JSON {type(record).__name__}; expected an object with a "text"')
    text = record.get("text", "")
    if not isinstance(text, str):
        raise BadLine(f'"text" is a {type(text).__name__}; expected a string')
    return text, _parse_dct(record.get("dct")), _parse_lang(record.get("lang"), text)


def _parse_lang(raw: object, text: str) -> str:
    from dashboard.extract.language import identify, normalise_code

    if raw in (None, ""):
        return identify(text).language
    if not isinstance(raw, str):
        raise BadLine(f'"lang" is {raw!r}; expected a language code such as "en" or "es"')
    try:
        return normalise_code(raw)
    except ValueError as exc:
        raise BadLine(f'"lang" {exc}') from exc


def _parse_dct(raw: object) -> date | None:
    if raw in (None, ""):
        return None
    if not isinstance(raw, str):
        raise BadLine(f'"dct" is {raw!r}; expected a date string YYYY-MM-DD or null')
    try:
        return date.fromisoformat(raw[:10])
    except ValueError as exc:
        raise BadLine(f'"dct" is {raw!r}; expected a date YYYY-MM-DD') from exc


def answer(text: str, dct: date | None, lang: str = "en") -> list[dict]:
    return [
        {"start": e.start, "end": e.end, "type": e.type, "value": e.value}
        for e in tag(text, dct, lang)
    ]


def serve_lines(source: IO[str], sink: IO[str], errors: IO[str]) -> None:
    """Answer every line of ``source`` on ``sink``, flushing each answer at once."""
    for number, line in enumerate(source, start=1):
        if not line.strip():
            result: list[dict] = []
        else:
            try:
                result = answer(*parse_line(line))
            except BadLine as exc:
                errors.write(f"eventline timex: line {number}: {exc}\n")
                errors.flush()
                result = []
        sink.write(json.dumps(result) + "\n")
        sink.flush()


@click.command("timex")
@click.option(
    "--jsonl",
    is_flag=True,
    required=True,
    help='Read {"text", "dct", "lang", "doc_id"} objects, one per line on stdin; answer one '
    "line each.",
)
def timex(jsonl: bool) -> None:
    """Find and normalise temporal expressions (TimeML TIMEX3) for each line on stdin."""
    serve_lines(sys.stdin, sys.stdout, sys.stderr)
