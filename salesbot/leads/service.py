"""Leads: created once a customer is qualified or leaves a contact, then moved forward."""

from __future__ import annotations

import uuid
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from salesbot.analytics import recorder as analytics
from salesbot.errors import NotFound
from salesbot.jobs.app import NOTIFY_TEAM_TASK, defer
from salesbot.models import Conversation, ConversationEvent, Lead

STATUS_ORDER = ["new", "qualified", "brief_completed", "quote_sent", "won", "lost"]


async def for_conversation(session: AsyncSession, conversation_id: uuid.UUID) -> Lead | None:
    result = await session.execute(select(Lead).where(Lead.conversation_id == conversation_id))
    return result.scalar_one_or_none()


async def advance(
    session: AsyncSession,
    conversation: Conversation,
    *,
    status: str,
    product: str | None = None,
    contact_id: uuid.UUID | None = None,
    quote_id: uuid.UUID | None = None,
    amount: Decimal | None = None,
) -> Lead:
    """Create the conversation's lead or move it forward; a status never goes back."""
    lead = await for_conversation(session, conversation.id)
    created = lead is None
    moved = lead is None or STATUS_ORDER.index(status) > STATUS_ORDER.index(lead.status)
    if lead is None:
        listing = conversation.state.get("listing")
        lead = Lead(
            id=uuid.uuid4(),
            conversation_id=conversation.id,
            # a deep link's payload ("vk_ads_december") says more than the channel does
            source=conversation.state.get("source") or conversation.channel,
            status=status,
            tags=[f"{conversation.channel}-lead"] if conversation.channel == "avito" else [],
            details={"listing": listing} if listing else {},
        )
        session.add(lead)
    elif moved:
        lead.status = status
    if product:
        lead.product = product
    if contact_id:
        lead.contact_id = contact_id
    if quote_id:
        lead.quote_id, lead.amount = quote_id, amount
    await session.flush()
    if moved:
        await analytics.lead_status(session, conversation.id, status=status, created=created)
    if created:  # the team hears of it (the managers' Telegram group, when there is one)
        await defer(session, NOTIFY_TEAM_TASK, conversation_id=str(conversation.id), kind="lead")
    return lead


async def list_leads(
    session: AsyncSession, *, status: str | None, limit: int, offset: int
) -> list[Lead]:
    statement = select(Lead).order_by(Lead.updated_at.desc())
    if status:
        statement = statement.where(Lead.status == status)
    return list((await session.execute(statement.limit(limit).offset(offset))).scalars())


async def close(
    session: AsyncSession,
    lead_id: uuid.UUID,
    *,
    won: bool,
    tags: list[str],
    reason: str | None,
    actor: str = "manager",
) -> Lead:
    """A manager marks the outcome: won or lost (with a reason), and may tag the lead."""
    lead = await session.get(Lead, lead_id)
    if lead is None:
        raise NotFound("Лид не найден.", code="lead_not_found")
    previous = lead.status
    lead.status = "won" if won else "lost"
    if previous != lead.status:
        record_status_change(session, lead, previous, actor=actor, reason=reason)
        await analytics.lead_status(
            session, lead.conversation_id, status=lead.status, actor="manager"
        )
    lead.tags = list(dict.fromkeys([*lead.tags, *tags]))
    if reason:
        lead.details = {**lead.details, "close_reason": reason}
    await session.flush()
    return lead


def record_status_change(
    session: AsyncSession, lead: Lead, previous: str, *, actor: str, reason: str | None
) -> None:
    """A manager's status change, kept as a conversation event (the lead's timeline)."""
    session.add(
        ConversationEvent(
            conversation_id=lead.conversation_id,
            kind="lead_status",
            actor=actor,
            data={
                "lead_id": str(lead.id),
                "from": previous,
                "to": lead.status,
                **({"reason": reason} if reason else {}),
            },
        )
    )
