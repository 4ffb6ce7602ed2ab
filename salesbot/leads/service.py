"""Leads: created once a customer is qualified or leaves a contact, then moved forward."""

from __future__ import annotations

import uuid
from decimal import Decimal

from sqlalchemy import bindparam, select
from sqlalchemy.ext.asyncio import AsyncSession

from salesbot.analytics import recorder as analytics
from salesbot.errors import NotFound
from salesbot.integrations.crm.factory import crm_enabled
from salesbot.integrations.trackers.factory import enabled_trackers
from salesbot.jobs.app import CRM_SYNC_TASK, TRACKER_SYNC_TASK, defer
from salesbot.models import Conversation, ConversationEvent, Lead
from salesbot.models.lead import LEAD_STATUSES
from salesbot.notifications.team import tell_the_team
from salesbot.settings import get_settings

STATUS_ORDER = list(LEAD_STATUSES)
_SYNC_SCHEDULED = "crm_sync_scheduled"  # session.info: leads whose sync this transaction queued


def source_tag(channel: str) -> str:
    """The CRM tag that says where a lead came from: site-lead, telegram-lead, avito-lead."""
    return "site-lead" if channel == "web" else f"{channel}-lead"


async def schedule_sync(session: AsyncSession, lead: Lead) -> None:
    """The CRM and each task tracker hear of the lead's change once the transaction commits
    (a job deferred in it, one per lead, service and transaction; the job sends the lead as
    it is then)."""
    scheduled: set[uuid.UUID] = session.info.setdefault(_SYNC_SCHEDULED, set())
    if lead.id in scheduled:
        return
    scheduled.add(lead.id)
    settings = get_settings()
    if crm_enabled(settings):
        await defer(session, CRM_SYNC_TASK, lock_key=f"crm:lead:{lead.id}", lead_id=str(lead.id))
    for tracker in enabled_trackers(settings):
        await queue_tracker_sync(session, tracker, lead.id)


async def queue_tracker_sync(session: AsyncSession, tracker: str, lead_id: uuid.UUID) -> None:
    """One tracker's card of the lead is brought up to date (one job at a time per card)."""
    await defer(
        session,
        TRACKER_SYNC_TASK,
        lock_key=f"{tracker}:lead:{lead_id}",
        tracker=tracker,
        lead_id=str(lead_id),
    )


async def for_conversation(session: AsyncSession, conversation_id: uuid.UUID) -> Lead | None:
    result = await session.execute(_OF_CONVERSATION, {"conversation_id": conversation_id})
    return result.scalar_one_or_none()


# Built once: the dialog asks for a conversation's lead on most turns.
_OF_CONVERSATION = select(Lead).where(Lead.conversation_id == bindparam("conversation_id"))


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
            tags=[source_tag(conversation.channel)],
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
    if created:  # the team hears of it: the managers' Telegram group, their mailboxes
        await tell_the_team(session, get_settings(), "lead", conversation_id=conversation.id)
    if created or moved or product or contact_id or quote_id:
        await schedule_sync(session, lead)
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
    await schedule_sync(session, lead)
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
