"""Who answers a conversation (bot, human, closed), changed by managers and logged as events,
and the full picture of a conversation for the dashboard."""

from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from salesbot.analytics import recorder as analytics
from salesbot.conversations import repository
from salesbot.conversations.schemas import (
    ConversationContact,
    ConversationDetail,
    ConversationDocument,
    ConversationHandoff,
    ListingOut,
)
from salesbot.conversations.state import DialogState, Stage
from salesbot.db.hooks import announce
from salesbot.errors import Conflict, NotFound
from salesbot.leads import service as leads
from salesbot.models import Contact, Conversation, ConversationEvent, Document, Owner
from salesbot.pricing.service import PricingService


async def _conversation(
    session: AsyncSession, conversation_id: uuid.UUID, *, lock: bool = False
) -> Conversation:
    statement = select(Conversation).where(Conversation.id == conversation_id)
    result = await session.execute(statement.with_for_update() if lock else statement)
    conversation = result.scalar_one_or_none()
    if conversation is None:
        raise NotFound("Диалог не найден.", code="conversation_not_found")
    return conversation


async def set_owner(
    session: AsyncSession,
    conversation_id: uuid.UUID,
    owner: Owner,
    *,
    actor: str,
    actor_name: str | None = None,
) -> bool:
    """Give the conversation to `owner`; False when it already had it. `actor_name` is what
    the customer sees of the manager (announced as joined or left)."""
    # The row lock waits for a turn in progress, so no bot reply slips past the change.
    conversation = await _conversation(session, conversation_id, lock=True)
    if conversation.owner == owner.value:
        return False
    if conversation.closed_at is not None:
        raise Conflict(
            "Диалог уже закрыт: клиент начнёт новый, когда напишет снова.",
            code="conversation_closed",
        )
    state = DialogState.load(conversation.state)
    if owner is Owner.bot:
        state.stage = Stage.brief if state.quote_id is None else Stage.quote
        state.handoff_reason, state.misunderstandings = None, 0
        conversation.handoff_requested_at = None
    else:
        state.stage = Stage.handed_off
        state.handoff_reason = state.handoff_reason or "manager_takeover"
    conversation.owner, conversation.state = owner.value, state.dump()
    session.add(
        ConversationEvent(
            conversation_id=conversation.id,
            kind="release" if owner is Owner.bot else "takeover",
            actor=actor,
            data={"name": actor_name} if actor_name else {},
        )
    )
    await session.flush()
    if actor_name is not None:
        event = "left" if owner is Owner.bot else "joined"
        announce(session, "manager", conversation.id, event=event, name=actor_name)
    announce(session, "conversation", conversation.id)
    if owner is Owner.human:
        await analytics.handed_off(
            session, conversation.id, by="manager", reason=state.handoff_reason
        )
    return True


async def claim(
    session: AsyncSession, conversation_id: uuid.UUID, *, actor: str, actor_name: str
) -> str | None:
    """A manager takes the conversation for themself (from the managers' Telegram group),
    whether the bot still has it or has handed it off; None when it is theirs now, or the
    name of the manager who took it first."""
    conversation = await _conversation(session, conversation_id, lock=True)
    last = await session.scalar(
        select(ConversationEvent)
        .where(
            ConversationEvent.conversation_id == conversation_id,
            ConversationEvent.kind.in_(["takeover", "release", "handoff"]),
        )
        .order_by(ConversationEvent.created_at.desc())
        .limit(1)
    )
    if last is not None and last.kind == "takeover":
        return str(last.data.get("name") or "другой менеджер")
    if conversation.owner == Owner.bot.value or conversation.closed_at is not None:
        await set_owner(session, conversation_id, Owner.human, actor=actor, actor_name=actor_name)
        return None
    # handed off by the bot and waiting: the claim is logged and the customer told who joined
    session.add(
        ConversationEvent(
            conversation_id=conversation.id,
            kind="takeover",
            actor=actor,
            data={"name": actor_name},
        )
    )
    await session.flush()
    announce(session, "manager", conversation.id, event="joined", name=actor_name)
    announce(session, "conversation", conversation.id)
    return None


async def conversation_detail(
    session: AsyncSession, pricing: PricingService, conversation_id: uuid.UUID
) -> ConversationDetail:
    conversation = await _conversation(session, conversation_id)
    state = DialogState.load(conversation.state)
    contact = (
        await session.get(Contact, conversation.contact_id) if conversation.contact_id else None
    )
    quote = await pricing.get(session, uuid.UUID(state.quote_id)) if state.quote_id else None
    lead = await leads.for_conversation(session, conversation.id)
    documents = (
        await session.execute(select(Document).where(Document.conversation_id == conversation.id))
    ).scalars()
    messages = await repository.last_messages(session, conversation.id, 500)
    return ConversationDetail(
        id=conversation.id,
        channel=conversation.channel,
        owner=conversation.owner,
        stage=state.stage.value,
        product=state.product,
        brief=state.brief.model_dump(),
        contact=ConversationContact(name=contact.name, phone=contact.phone, email=contact.email)
        if contact
        else None,
        quote={"id": str(quote.id), **quote.result} if quote else None,
        documents=[ConversationDocument(id=d.id, kind=d.kind, number=d.number) for d in documents],
        lead_id=lead.id if lead else None,
        lead_status=lead.status if lead else None,
        handoff=ConversationHandoff(reason=state.handoff_reason)
        if conversation.owner == Owner.human.value
        else None,
        listing=ListingOut(**state.listing) if state.listing else None,
        messages=[
            {
                "author": m.author,
                "text": m.readable_text,
                "created_at": m.created_at.isoformat(),
                "brain": m.meta.get("brain"),
                "context_used": m.meta.get("context_used", []),
                "id": str(m.id),
                "seq": m.seq,
                "attachments": m.attachments,
                # `sources`: the knowledge passages a bot answer relied on
                "metadata": {k: m.meta[k] for k in ("sources", "buttons", "rating") if k in m.meta},
                "delivery": {
                    "status": m.delivery_status,
                    "attempts": m.delivery_attempts,
                    "error": m.delivery_error,
                }
                if m.delivery_status is not None
                else None,
            }
            for m in messages
        ],
    )
