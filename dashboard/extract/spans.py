"""Offset queries over mentions, without comparing every mention with every other one."""

from __future__ import annotations

from heapq import heappop, heappush
from typing import Protocol, TypeVar


class _Spanned(Protocol):
    @property
    def start(self) -> int: ...

    @property
    def end(self) -> int: ...


S = TypeVar("S", bound=_Spanned)


def covering(spans: list[S], points: list[int]) -> list[list[S]]:
    """For each point, the spans with ``start <= point < end`` (in any order).

    One sweep over both, sorted by offset, keeping only the spans open at the current point:
    O((spans + points) log spans) plus what is returned, instead of spans x points checks.
    Mentions rarely overlap, so each answer holds at most one or two spans.
    """
    ordered = sorted(spans, key=lambda s: s.start)
    found: list[list[S]] = [[] for _ in points]
    open_spans: list[tuple[int, int, S]] = []  # (end, tie-breaker, span): a heap by end
    k = 0
    for index in sorted(range(len(points)), key=points.__getitem__):
        point = points[index]
        while k < len(ordered) and ordered[k].start <= point:
            heappush(open_spans, (ordered[k].end, k, ordered[k]))
            k += 1
        while open_spans and open_spans[0][0] <= point:
            heappop(open_spans)
        found[index] = [span for _, _, span in open_spans]
    return found
