"""Tuning and check splits of the gold corpora, and the side-by-side report of both.

Rules were tuned by looking at errors on the tuning part; the check part is what regression
floors are set on, so a floor measures how the rules do on text they were not fitted to.

- TimeML: TimeBank is tuning, AQUAINT is check (by subcorpus folder).
- ACLED: data rows 1-4,500 are tuning, rows 4,501 on are check (file order, not shuffled).
- PLOVER: the gold records alternate, 1st, 3rd, 5th ... tuning, 2nd, 4th ... check (161 + 161).
  The file is ordered by PLOVER category, so halves would put AGREE..SUPPORT in one split and
  ASSAULT..THREATEN in the other; alternating keeps every category in both.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import fields
from typing import Any, TypeVar

import click

TUNING, CHECK, TOTAL = "tuning", "check", "total"
SPLITS = (TUNING, CHECK)
SPLIT_CHOICE = click.Choice([TUNING, CHECK, "all"])
TIMEML_SPLITS = {"TimeBank": TUNING, "AQUAINT": CHECK}
ACLED_TUNING_ROWS = 4500

_T = TypeVar("_T")
_S = TypeVar("_S")


def alternate(items: Sequence[_T]) -> dict[str, list[_T]]:
    """Items at even positions (0, 2 ...) for tuning, at odd positions for checking."""
    return {TUNING: list(items[0::2]), CHECK: list(items[1::2])}


def wanted(split: str) -> tuple[str, ...]:
    """The splits a ``--split`` option value asks for."""
    return SPLITS if split == "all" else (split,)


def combine(parts: Sequence[_S]) -> _S:
    """Sum score dataclasses field by field: counts add, lists join, [ok, n] tallies add."""
    total = type(parts[0])()
    for part in parts:
        for f in fields(part):  # type: ignore[arg-type]
            mine, theirs = getattr(total, f.name), getattr(part, f.name)
            if isinstance(theirs, dict):
                for key, tally in theirs.items():
                    into = mine.setdefault(key, [0] * len(tally))
                    into[:] = [a + b for a, b in zip(into, tally, strict=True)]
            elif isinstance(theirs, list):
                mine.extend(theirs)
            else:
                setattr(total, f.name, mine + theirs)
    return total


def _rows(columns: dict[str, dict[str, Any]]) -> list[tuple[str, str | None]]:
    """(figure, sub-key) rows in first-seen order; a nested figure's keys sorted."""
    rows: dict[tuple[str, str | None], None] = {}
    for figures in columns.values():
        for key in figures:
            rows.setdefault((key, None), None)
    result: list[tuple[str, str | None]] = []
    for key, _ in rows:
        nested = [f[key] for f in columns.values() if isinstance(f.get(key), dict)]
        if nested:
            result += [(key, sub) for sub in sorted({k for d in nested for k in d})]
        else:
            result.append((key, None))
    return result


def _cell(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:.4f}"
    return str(value)


def side_by_side(columns: dict[str, dict[str, Any]]) -> str:
    """One row per figure, one column per split (nested figures become "name: key" rows)."""
    rows = _rows(columns)
    labels = [key if sub is None else f"{key}: {sub}" for key, sub in rows]
    label = max(len(text) for text in labels)
    width = max(10, *(len(n) for n in columns))
    lines = [" " * label + "".join(f"  {n:>{width}}" for n in columns)]
    for text, (key, sub) in zip(labels, rows, strict=True):
        values = [f.get(key) if sub is None else (f.get(key) or {}).get(sub)
                  for f in columns.values()]  # fmt: skip
        lines.append(f"{text:<{label}}" + "".join(f"  {_cell(v):>{width}}" for v in values))
    return "\n".join(lines)
