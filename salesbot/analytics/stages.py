"""The funnel's stages and how lead statuses move a conversation's facts."""

from __future__ import annotations

from enum import StrEnum
from typing import Any


class Merge(StrEnum):
    """How a new value meets the one already in the facts row."""

    first = "first"  # keep the first moment (COALESCE)
    latest = "latest"  # the newest value wins
    greatest = "greatest"  # the furthest stage wins


# Ranks of `conversation_facts.furthest_stage`; the funnel counts rows at or past each.
FUNNEL = ("contacts", "qualified", "brief_completed", "quote_sent", "documents", "won")
RANK = {stage: rank for rank, stage in enumerate(FUNNEL)}

# Lead status → facts it sets: (column, merge, value; None means "the event's moment").
STATUS_FACTS: dict[str, tuple[tuple[str, Merge, Any], ...]] = {
    "new": (),
    "qualified": (
        ("qualified_at", Merge.first, None),
        ("furthest_stage", Merge.greatest, RANK["qualified"]),
    ),
    "brief_completed": (
        ("brief_completed_at", Merge.first, None),
        ("furthest_stage", Merge.greatest, RANK["brief_completed"]),
    ),
    "quote_sent": (
        ("quote_sent_at", Merge.first, None),
        ("furthest_stage", Merge.greatest, RANK["quote_sent"]),
    ),
    "won": (("won_at", Merge.first, None), ("furthest_stage", Merge.greatest, RANK["won"])),
    "lost": (("lost_at", Merge.first, None),),
}
