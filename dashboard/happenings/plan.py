"""What an incremental update must recompute when some blocks' events changed. Pure.

A changed block is recomputed whole. A changed day-level text block also changes which
publication-dated mentions of the next ``attach_days`` days attach to it, so those
publication days are recomputed too; and every recomputed publication day needs, as read-only
context, the text-dated days it may attach to (see ``cluster.context_days``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from dashboard.happenings.cluster import DEFAULT, Settings, context_days, dependent_days


@dataclass(frozen=True)
class RefreshPlan:
    blocks: tuple[str, ...]  # blocks whose memberships are recomputed and rewritten
    context: tuple[tuple[date, date], ...]  # day ranges whose text-dated days are read too


def parse_text_block(key: str) -> tuple[str, date, date]:
    """'t:day:2025-02-17:2025-02-17' -> ('day', 2025-02-17, 2025-02-17)."""
    _, grain, first, last = key.split(":")
    return grain, date.fromisoformat(first), date.fromisoformat(last)


def plan_refresh(changed: Iterable[str], settings: Settings = DEFAULT) -> RefreshPlan:
    blocks = set(changed)
    for key in list(blocks):
        if key.startswith("t:"):
            grain, first, last = parse_text_block(key)
            blocks.update(f"p:{day.isoformat()}"
                          for day in dependent_days(first, last, grain, settings))
    return RefreshPlan(tuple(sorted(blocks)), context_of(blocks, settings))


def context_of(blocks: Iterable[str], settings: Settings = DEFAULT
               ) -> tuple[tuple[date, date], ...]:
    """The day ranges of text-dated days that the publication days among ``blocks`` may
    attach to: what recomputing those blocks must read besides their own mentions."""
    days = sorted(date.fromisoformat(key[2:]) for key in blocks if key.startswith("p:"))
    return _merged([context_days(d, settings) for d in days])


def _merged(ranges: list[tuple[date, date]]) -> tuple[tuple[date, date], ...]:
    """Overlapping or touching day ranges joined, so the store reads few ranges."""
    merged: list[tuple[date, date]] = []
    for first, last in sorted(ranges):
        if merged and first <= merged[-1][1] + timedelta(days=1):
            merged[-1] = (merged[-1][0], max(merged[-1][1], last))
        else:
            merged.append((first, last))
    return tuple(merged)
