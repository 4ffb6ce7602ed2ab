"""Telling the sales team through every route it has: the dashboard shows it live anyway;
the managers' Telegram group hears of it through its job (which only logs when there is no
group), and the managers' mailboxes through the outbox (when SMTP is set up)."""

from __future__ import annotations

import uuid

from sqlalchemy.ext.asyncio import AsyncSession

from salesbot.booking.hours import Schedule
from salesbot.db.base import utcnow
from salesbot.jobs.app import NOTIFY_TEAM_TASK, defer
from salesbot.notifications.service import queue_team_alert
from salesbot.settings import Settings


async def tell_the_team(
    session: AsyncSession,
    settings: Settings,
    kind: str,
    *,
    conversation_id: uuid.UUID,
    reason: str | None = None,
    reason_label: str | None = None,
    extra: dict[str, str] | None = None,
    dedupe_key: str | None = None,
) -> None:
    """`kind`: lead, handoff, alert or booking. `reason`: its code (customer_request,
    large_deal…); `reason_label`: the words managers read; `extra`: what the mail shows besides
    (e.g. `when` of a booking). Both routes are queued in the caller's
    transaction: they happen if and only if it commits, each retried on its own. Outside
    working hours they wait for work to start (TEAM_ALERTS_OFF_HOURS)."""
    delay = seconds_until_work(settings)
    await defer(
        session,
        NOTIFY_TEAM_TASK,
        delay_seconds=delay,
        conversation_id=str(conversation_id),
        kind=kind,
        reason=reason,
    )
    await queue_team_alert(
        session,
        settings,
        kind,
        conversation_id=conversation_id,
        reason=reason_label,
        extra=extra,
        dedupe_key=dedupe_key,
        delay_seconds=delay,
    )


def seconds_until_work(settings: Settings) -> float:
    """0 in working hours (or when alerts go at any hour); else the wait until work starts."""
    if settings.team_alerts_off_hours == "send":
        return 0.0
    now = utcnow()
    return (Schedule.from_settings(settings).next_opening(now) - now).total_seconds()
