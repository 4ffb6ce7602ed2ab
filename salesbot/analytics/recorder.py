"""Analytics written where things happen, in the transaction of the change that caused them.

Each call is one statement: an event row and, when the event moves the conversation's
facts, an upsert of its `conversation_facts` row (the conversation's channel and start are
read inside the same statement, so the hot path makes no extra round trip). Messages and
reply times are not written here: `fold.py` counts them from the messages after commit.
"""

from __future__ import annotations

import json
import uuid
from datetime import date, datetime
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from salesbot.analytics.stages import STATUS_FACTS, Merge
from salesbot.db.base import utcnow
from salesbot.settings import get_settings

_EVENT = """
INSERT INTO analytics_events (occurred_at, conversation_id, channel, kind, value, data)
SELECT :at, :conversation_id, f.channel, :kind, :value, CAST(:data AS jsonb) FROM f
"""


def _facts_upsert(
    facts: dict[str, tuple[Merge, Any]], day_counter: str | None
) -> tuple[str, dict[str, Any]]:
    """The `f` CTE: insert the conversation's facts row or merge `facts` into it; and the
    `d` CTE: count the event on the conversation's day row (`day_counter` + 1)."""
    shape = tuple((name, merge) for name, (merge, _) in facts.items())
    sql = _facts_sql(shape, day_counter)
    return sql, {f"f_{name}": value for name, (_, value) in facts.items()}


_MERGES = {
    Merge.first: "{0} = COALESCE(cf.{0}, EXCLUDED.{0})",
    Merge.latest: "{0} = EXCLUDED.{0}",
    Merge.greatest: "{0} = GREATEST(cf.{0}, EXCLUDED.{0})",
}


@lru_cache(maxsize=64)
def _facts_sql(shape: tuple[tuple[str, Merge], ...], day_counter: str | None = None) -> str:
    # Column names come from this package's constants, never from a caller's input.
    columns = "".join(f", {name}" for name, _ in shape)
    values = "".join(f", CAST(:f_{name} AS {_type(name)})" for name, _ in shape)
    merges = [_MERGES[merge].format(name) for name, merge in shape]
    action = (
        "DO UPDATE SET " + ", ".join([*merges, "updated_at = EXCLUDED.updated_at"])
        if merges
        else "DO NOTHING"
    )
    facts = (
        "WITH f AS (INSERT INTO conversation_facts AS cf"  # noqa: S608
        f" (conversation_id, channel, started_at, updated_at{columns})"
        f" SELECT c.id, c.channel, c.created_at, :at{values}"
        " FROM conversations c WHERE c.id = :conversation_id"
        f" ON CONFLICT (conversation_id) {action} RETURNING cf.channel)"
    )
    if day_counter is None:
        return facts
    return (
        f"{facts}, d AS (INSERT INTO conversation_days"  # noqa: S608
        f" (conversation_id, day, channel, {day_counter})"
        " SELECT :conversation_id, :day, f.channel, 1 FROM f"
        " ON CONFLICT (conversation_id, day)"
        f" DO UPDATE SET {day_counter} = conversation_days.{day_counter} + 1)"
    )


def _type(column: str) -> str:
    if column.endswith("_at"):
        return "timestamptz"
    if column in ("furthest_stage", "nps"):
        return "smallint"
    return "text"


async def _record(
    session: AsyncSession,
    conversation_id: uuid.UUID,
    kind: str,
    *,
    at: datetime | None = None,
    value: float | int | None = None,
    data: dict[str, Any] | None = None,
    facts: dict[str, tuple[Merge, Any]] | None = None,
    day_counter: str | None = None,
) -> None:
    at = at or utcnow()
    cte, params = _facts_upsert(facts or {}, day_counter)
    if day_counter is not None:
        params["day"] = local_day(at)
    await session.execute(
        text(cte + _EVENT),
        {
            **params,
            "at": at,
            "conversation_id": conversation_id,
            "kind": kind,
            "value": value,
            "data": json.dumps(data or {}, ensure_ascii=False),
        },
    )


# --- what the rest of the product calls ------------------------------------------------------


async def conversation_opened(
    session: AsyncSession, conversation_id: uuid.UUID, *, at: datetime | None = None
) -> None:
    """The conversation's facts row and its `conversation_opened` event, once."""
    await _record(
        session, conversation_id, "conversation_opened", at=at, day_counter="conversations"
    )


async def lead_status(
    session: AsyncSession,
    conversation_id: uuid.UUID,
    *,
    status: str,
    created: bool = False,
    actor: str = "bot",
    at: datetime | None = None,
) -> None:
    """A lead's new status; `created` when the lead was born with it (a lead of the day)."""
    at = at or utcnow()
    facts: dict[str, tuple[Merge, Any]] = {
        "lead_at": (Merge.first, at),
        "lead_status": (Merge.latest, status),
    }
    for column, merge, value in STATUS_FACTS.get(status, ()):
        facts[column] = (merge, at if value is None else value)
    await _record(
        session,
        conversation_id,
        "lead_status",
        at=at,
        data={"status": status, "actor": actor},
        facts=facts,
        day_counter="leads" if created else None,
    )


async def document_generated(
    session: AsyncSession,
    conversation_id: uuid.UUID,
    *,
    kind: str,
    document_id: uuid.UUID,
    at: datetime | None = None,
) -> None:
    at = at or utcnow()
    await _record(
        session,
        conversation_id,
        "document",
        at=at,
        data={"kind": kind, "document_id": str(document_id)},
        facts={"documents_at": (Merge.first, at), "furthest_stage": (Merge.greatest, 4)},
    )


async def consultation_booked(
    session: AsyncSession, conversation_id: uuid.UUID, *, at: datetime | None = None
) -> None:
    at = at or utcnow()
    await _record(
        session,
        conversation_id,
        "consultation_booked",
        at=at,
        facts={"booked_at": (Merge.first, at)},
    )


async def handed_off(
    session: AsyncSession,
    conversation_id: uuid.UUID,
    *,
    by: str,
    reason: str | None,
    at: datetime | None = None,
) -> None:
    """`by` is "bot" (the bot asked for a person), "form" (a contact form waits for one) or
    "manager" (a manager took over)."""
    at = at or utcnow()
    await _record(
        session,
        conversation_id,
        "takeover" if by == "manager" else "handoff",
        at=at,
        data={"by": by, "reason": reason},
        facts={"handed_off_at": (Merge.first, at), "handoff_reason": (Merge.first, reason)},
        day_counter="handoffs",
    )


async def booked(
    session: AsyncSession, conversation_id: uuid.UUID, *, moved: bool, at: datetime | None = None
) -> None:
    """A consultation booked (or moved to another time)."""
    await _record(session, conversation_id, "booking", at=at, data={"moved": moved})


async def nps_recorded(
    session: AsyncSession, conversation_id: uuid.UUID, *, score: int, at: datetime | None = None
) -> None:
    at = at or utcnow()
    await _record(
        session,
        conversation_id,
        "nps",
        at=at,
        value=score,
        facts={"nps": (Merge.latest, score), "nps_at": (Merge.latest, at)},
    )


def local_day(at: datetime) -> date:
    """The calendar day of `at` in TIMEZONE (Europe/Moscow by default)."""
    return at.astimezone(_zone(get_settings().timezone)).date()


@lru_cache(maxsize=8)
def _zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)
