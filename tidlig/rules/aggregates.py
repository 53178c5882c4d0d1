"""Small-count suppression for aggregates shown without names (discretion, as Danmarks Statistik does)."""

from __future__ import annotations

SUPPRESSION_THRESHOLD = 5


def suppress(count: int, threshold: int = SUPPRESSION_THRESHOLD) -> int | None:
    """A count from 1 to threshold-1 could point to a child and is shown as None ("< 5"); 0 is shown."""
    return count if count == 0 or count >= threshold else None
