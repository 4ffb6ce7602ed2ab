"""Telling the sales team through every route it has: the dashboard shows it live anyway;
the managers' Telegram group hears of it through its job (which only logs when there is no
group), and the managers' mailboxes through the outbox (when SMTP is set up)."""

from __future__ import annotations

import uuid

from sqlalchemy.ext.asyncio import AsyncSession

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
    transaction: they happen if and only if it commits, each retried on its own."""
    await defer(
        session, NOTIFY_TEAM_TASK, conversation_id=str(conversation_id), kind=kind, reason=reason
    )
    await queue_team_alert(
        session,
        settings,
        kind,
        conversation_id=conversation_id,
        reason=reason_label,
        extra=extra,
        dedupe_key=dedupe_key,
    )
