"""Span look-ups in logarithmic time, so that per-document work stays near-linear.

Stages ask many times per document whether a span overlaps or lies inside one
of a list of spans (boilerplate, sentences, mentions). A scan of the list per
question is quadratic in the document's length; :class:`SpanIndex` answers
the same questions with a binary search over the spans sorted by start and
the running maximum of their ends.
"""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Iterable


class SpanIndex:
    """``[start, end)`` spans, for overlap and containment questions (same answers as a scan)."""

    __slots__ = ("_reach", "_starts")

    def __init__(self, spans: Iterable[tuple[int, int]]) -> None:
        ordered = sorted(spans)
        self._starts = [a for a, _ in ordered]
        self._reach = list(itertools.accumulate((b for _, b in ordered), max))  # furthest end so far

    def __len__(self) -> int:
        return len(self._starts)

    def overlaps(self, start: int, end: int) -> bool:
        """Whether some span ``[a, b)`` has ``a < end`` and ``start < b``."""
        k = bisect.bisect_left(self._starts, end)
        return k > 0 and self._reach[k - 1] > start

    def covers(self, start: int, end: int) -> bool:
        """Whether some span ``[a, b)`` has ``a <= start`` and ``end <= b``."""
        k = bisect.bisect_right(self._starts, start)
        return k > 0 and self._reach[k - 1] >= end

    def holds(self, pos: int) -> bool:
        """Whether some span ``[a, b)`` has ``a <= pos < b``."""
        k = bisect.bisect_right(self._starts, pos)
        return k > 0 and self._reach[k - 1] > pos
