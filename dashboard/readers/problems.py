"""Problems as the user sees them: summary lines and a JSON Lines file."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

from dashboard.readers.common import Problem

# Characters a terminal acts on instead of showing: C0 controls, DEL, C1 controls and the
# bidirectional overrides/isolates that reorder what is shown. A file or zip member name
# holding ESC [2J could otherwise clear the screen or fake a message.
_UNSAFE = [*range(0x20), *range(0x7F, 0xA0), 0x061C, 0x200E, 0x200F, *range(0x202A, 0x202F),
           *range(0x2066, 0x206A)]
_ESCAPES = {code: (f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}") for code in _UNSAFE}
_ESCAPES.update({9: "\\t", 10: "\\n", 13: "\\r"})


def printable(text: object) -> str:
    """``text`` safe to print: control and bidi characters written as escapes (\\x1b)."""
    return str(text).translate(_ESCAPES)


def problem_lines(problems: Iterable[Problem], collapse: int = 3) -> list[str]:
    """One summary line per problem: 'skipped: FILE:LINE: what was expected'.

    ``collapse`` or more problems in a row with the same file and message (a whole JSON Lines
    file without its text field, a JSON array's items) share one line listing their line or
    item numbers.
    """
    lines: list[str] = []
    for run in _runs(list(problems)):
        label = "skipped" if run[0].skipped else "warning"
        places = [_place(p) for p in run]
        if len(run) < collapse or any(number is None for _, number, _ in places):
            lines.extend(printable(f"{label}: {p}") for p in run)
        else:
            unit, _, message = places[0]
            numbers = _ranges([number for _, number, _ in places if number is not None])
            lines.append(printable(f"{label}: {run[0].path}: {unit}s {numbers} ({len(run)} "
                                   f"{unit}s): {message}"))
    return lines


_ITEM = re.compile(r"item (\d+): (.*)", re.DOTALL)


def _place(problem: Problem) -> tuple[str, int | None, str]:
    """('line', N, message), or ('item', N, the rest) for a JSON array's "item N: ..."."""
    if problem.line is not None:
        return "line", problem.line, problem.message
    item = _ITEM.fullmatch(problem.message)
    if item:
        return "item", int(item.group(1)), item.group(2)
    return "line", None, problem.message


def _runs(problems: list[Problem]) -> Iterator[list[Problem]]:
    run: list[Problem] = []
    for problem in problems:
        if run and _kind(problem) != _kind(run[0]):
            yield run
            run = []
        run.append(problem)
    if run:
        yield run


def _kind(problem: Problem) -> tuple:
    unit, _, message = _place(problem)
    return problem.path, unit, message, problem.skipped


def _ranges(numbers: list[int], most: int = 6) -> str:
    spans: list[list[int]] = []
    for number in numbers:
        if spans and number == spans[-1][1] + 1:
            spans[-1][1] = number
        else:
            spans.append([number, number])
    text = [f"{a}-{b}" if b > a else str(a) for a, b in spans[:most]]
    return ", ".join(text) + (", ..." if len(spans) > most else "")


def write_problems(problems: Iterable[Problem], path: Path) -> None:
    with path.open("w", encoding="utf-8") as handle:
        for problem in problems:
            handle.write(json.dumps(problem.as_dict(), ensure_ascii=False) + "\n")
