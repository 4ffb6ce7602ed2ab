"""Small factories of conversations, contacts and leads for the inbox and leads tests."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

import httpx

from salesbot.conversations.service import ConversationService
from salesbot.conversations.state import DialogState
from salesbot.conversations.types import InboundMessage, Reply
from salesbot.db.base import utcnow
from salesbot.db.engine import Database
from salesbot.dialog.tools import Tools
from salesbot.documents.service import DocumentService
from salesbot.knowledge.service import KnowledgeService
from salesbot.models import Author, Channel, Contact, Conversation, Lead
from salesbot.pricing.service import PricingService
from salesbot.security.pii import pii_hash
from salesbot.settings import Settings


@dataclass(frozen=True)
class Seeded:
    conversation_id: uuid.UUID
    lead_id: uuid.UUID | None
    last_seq: int


async def seed_conversation(
    database: Database,
    settings: Settings,
    *,
    channel: Channel = Channel.web,
    customer: tuple[str, ...] = ("Здравствуйте!",),
    bot: tuple[str, ...] = (),
    state: dict[str, Any] | None = None,
    owner: str = "bot",
    contact: dict[str, str] | None = None,
    lead: dict[str, Any] | None = None,
    closed: bool = False,
    handoff: bool = False,
    read: bool = False,
    created_at: datetime | None = None,
) -> Seeded:
    service = ConversationService(settings)
    async with database.transaction() as session:
        chat = f"chat-{uuid.uuid4().hex[:10]}"
        conversation: Conversation | None = None
        last_seq = 0
        for text in customer:
            received = await service.receive(session, InboundMessage(channel, chat, text))
            conversation, last_seq = received.conversation, received.message.seq
        assert conversation is not None
        for text in bot:
            message = await service.add_reply(session, conversation, Reply(text), author=Author.bot)
            last_seq = message.seq
        conversation.state = state or {}
        conversation.owner = owner
        if closed:
            conversation.closed_at, conversation.close_reason = utcnow(), "expired"
            conversation.owner = "closed"
        if handoff:
            conversation.handoff_requested_at = utcnow()
        if read:
            conversation.operator_read_seq = last_seq
        contact_id = None
        if contact:
            record = Contact(id=uuid.uuid4())
            for kind, value in contact.items():
                setattr(record, kind, value)
                setattr(record, f"{kind}_hash", pii_hash(kind, value))
            session.add(record)
            await session.flush()
            contact_id = conversation.contact_id = record.id
        lead_id = None
        if lead is not None:
            values = {"status": "new", "source": channel.value, "tags": [], **lead}
            if "amount" in values and values["amount"] is not None:
                values["amount"] = Decimal(str(values["amount"]))
            record_lead = Lead(
                id=uuid.uuid4(), conversation_id=conversation.id, contact_id=contact_id, **values
            )
            if created_at is not None:
                record_lead.created_at = record_lead.updated_at = created_at
            session.add(record_lead)
            lead_id = record_lead.id
        await session.flush()
        return Seeded(conversation.id, lead_id, last_seq)


async def with_quote(database: Database, settings: Settings) -> uuid.UUID:
    """A conversation about ИИ-Менеджер whose brief is complete and priced."""
    seeded = await seed_conversation(database, settings, customer=("Нужен ИИ-Менеджер",))
    pricing = PricingService(settings)
    async with database.transaction() as session:
        conversation = await session.get_one(Conversation, seeded.conversation_id)
        state = DialogState.load(conversation.state)
        tools = Tools(
            session,
            settings,
            conversation,
            state,
            KnowledgeService(settings),
            pricing,
            DocumentService(settings, pricing),
        )
        await tools.set_product("ai-manager")
        tools.update_brief(users=30, integrations=4, hosting="cloud", sla="99.5")
        await tools.calculate_quote()
        conversation.state = state.dump()
    return seeded.conversation_id


async def send_document(
    client: httpx.AsyncClient, headers: dict[str, str], conversation_id: uuid.UUID, kind: str
) -> httpx.Response:
    """A manager sends the conversation's offer, contract or invoice from the inbox."""
    return await client.post(
        f"/api/v1/conversations/{conversation_id}/documents", json={"kind": kind}, headers=headers
    )
