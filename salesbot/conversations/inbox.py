"""The operators' inbox: the list of conversations with what each row shows, the team's
read marker, and documents a manager sends from the dashboard."""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Row
from sqlalchemy.ext.asyncio import AsyncSession

from salesbot.conversations import repository
from salesbot.conversations.ownership import set_owner
from salesbot.conversations.schemas import ConversationListItem, LastMessageOut
from salesbot.conversations.service import ConversationService
from salesbot.conversations.types import Attachment, Reply
from salesbot.dialog.state import DialogState, Stage
from salesbot.dialog.tools import DOCUMENT_TITLES, Tools
from salesbot.documents.service import DocumentService
from salesbot.errors import Conflict, NotFound
from salesbot.knowledge.service import KnowledgeService
from salesbot.models import Author, Conversation, ConversationEvent, Document, Message, Owner
from salesbot.pricing.service import PricingService
from salesbot.security.pii import pii_hash
from salesbot.settings import Settings

PHONE = re.compile(r"\+?[\d\s().\-]+")
EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")


def search_terms(q: str) -> dict[str, Any]:
    """What `q` is looked up as: a phone or an email goes through its keyed hash; anything
    else is a contact's name (keyed hash of the normalised name) or words of the messages."""
    q = q.strip()
    if EMAIL.fullmatch(q):
        return {"contact_hashes": {"email_hash": pii_hash("email", q)}}
    if PHONE.fullmatch(q) and sum(ch.isdigit() for ch in q) >= 7:
        return {"contact_hashes": {"phone_hash": pii_hash("phone", q)}}
    return {"contact_hashes": {"name_hash": pii_hash("name", q)}, "words": q}


def item(row: Row[Any]) -> ConversationListItem:
    conversation: Conversation = row[0]
    state = conversation.state or {}
    return ConversationListItem(
        id=conversation.id,
        channel=conversation.channel,
        external_chat_id=conversation.external_chat_id,
        owner=conversation.owner,
        language=conversation.language,
        created_at=conversation.created_at,
        last_message_at=conversation.last_message_at,
        closed_at=conversation.closed_at,
        close_reason=conversation.close_reason,
        stage=str(state.get("stage") or Stage.greeting.value),
        product=state.get("product"),
        contact_name=row.contact_name,
        last_message=LastMessageOut(
            author=row.last_author, text=row.last_text, created_at=row.last_created_at
        )
        if row.last_author is not None
        else None,
        unread=int(row.unread or 0),
        handoff_requested=conversation.handoff_requested_at is not None,
        handoff_reason=state.get("handoff_reason"),
        lead_id=row.lead_id,
        lead_status=row.lead_status,
        read_seq=conversation.operator_read_seq,
    )


async def page(
    session: AsyncSession,
    *,
    channel: str | None = None,
    stage: str | None = None,
    owner: str | None = None,
    handoff: bool | None = None,
    unread: bool | None = None,
    q: str | None = None,
    include_closed: bool = False,
    include_silent: bool = False,
    limit: int = 50,
    offset: int = 0,
) -> tuple[list[ConversationListItem], int]:
    where = repository.InboxFilter(
        channel=channel,
        stage=stage,
        owner=owner,
        handoff=handoff,
        unread=unread,
        include_closed=include_closed,
        include_silent=include_silent,
        **(search_terms(q) if q and q.strip() else {}),
    )
    rows, total = await repository.inbox_page(session, where, limit=limit, offset=offset)
    return [item(row) for row in rows], total


async def row_of(session: AsyncSession, conversation_id: uuid.UUID) -> ConversationListItem:
    """One conversation as its inbox row (what the `conversation` socket event carries)."""
    row = await repository.inbox_row(session, conversation_id)
    if row is None:
        raise NotFound("Диалог не найден.", code="conversation_not_found")
    return item(row)


def event_payload(row: ConversationListItem) -> dict[str, Any]:
    return {"conversation_id": str(row.id), **row.model_dump(mode="json")}


@dataclass(frozen=True)
class ReadMarker:
    seq: int
    moved: bool


async def mark_read(session: AsyncSession, conversation_id: uuid.UUID, seq: int) -> ReadMarker:
    """The team has read the conversation up to `seq`; the marker never moves back."""
    moved = await repository.mark_read(session, conversation_id, seq)
    if moved is not None:
        return ReadMarker(moved, True)
    conversation = await session.get(Conversation, conversation_id)
    if conversation is None:
        raise NotFound("Диалог не найден.", code="conversation_not_found")
    return ReadMarker(conversation.operator_read_seq, False)


def document_attachment(documents: DocumentService, document: Document) -> Attachment:
    url, _ = documents.signed_url(document)
    return Attachment(
        name=f"{DOCUMENT_TITLES[document.kind]} {document.number}.pdf",
        content_type="application/pdf",
        size=document.size_bytes,
        url=url,
        storage_key=f"document:{document.id}",
    )


@dataclass(frozen=True)
class Sent:
    message: Message
    took_over: bool


@dataclass(frozen=True)
class DocumentSender:
    """A manager sends a document from the dashboard, as the bot's tool would make it."""

    settings: Settings
    knowledge: KnowledgeService
    pricing: PricingService
    documents: DocumentService

    async def send(
        self, session: AsyncSession, conversation_id: uuid.UUID, kind: str, *, actor: str
    ) -> Sent:
        # Like a manager's reply, sending takes the conversation over from the bot.
        took_over = await set_owner(session, conversation_id, Owner.human, actor=actor)
        conversation = await session.get_one(Conversation, conversation_id)
        state = DialogState.load(conversation.state)
        if state.quote_id is None:
            raise Conflict(
                "Сначала нужен расчёт стоимости: документ составляется по расчёту, а в этом "
                "диалоге его пока нет.",
                code="no_quote",
            )
        tools = Tools(
            session,
            self.settings,
            conversation,
            state,
            self.knowledge,
            self.pricing,
            self.documents,
        )
        number, _ = await tools.create_document(kind)
        state.stage = Stage.handed_off  # a manager holds the conversation
        conversation.state = state.dump()
        text = (
            f"{DOCUMENT_TITLES[kind]} № {number} — во вложении. Ссылка на скачивание "
            f"действует {self.settings.document_link_ttl_hours} ч."
        )
        message = await ConversationService(self.settings).add_reply(
            session,
            conversation,
            Reply(text, attachments=(tools.created[-1],)),
            author=Author.manager,
        )
        return Sent(message, took_over)

    async def resend(self, session: AsyncSession, document_id: uuid.UUID, *, actor: str) -> Message:
        """The document again, as a message in its conversation (the channel delivers it)."""
        document = await self.documents.get(session, document_id)
        if document.conversation_id is None:
            raise Conflict(
                "Документ создан вне диалога: отправить его клиенту некуда. Скачайте файл "
                "и отправьте его письмом.",
                code="document_without_conversation",
            )
        conversation = await session.get_one(
            Conversation, document.conversation_id, with_for_update=True
        )
        if conversation.closed_at is not None:
            raise Conflict(
                "Диалог с клиентом уже закрыт: отправить в него документ нельзя. Скачайте "
                "файл и отправьте его письмом.",
                code="conversation_closed",
            )
        title = DOCUMENT_TITLES.get(document.kind, "Документ")
        text = (
            f"Отправляем ещё раз: {title} № {document.number} — во вложении. Ссылка на "
            f"скачивание действует {self.settings.document_link_ttl_hours} ч."
        )
        message = await ConversationService(self.settings).add_reply(
            session,
            conversation,
            Reply(text, attachments=(document_attachment(self.documents, document),)),
            author=Author.manager,
        )
        session.add(
            ConversationEvent(
                conversation_id=conversation.id,
                kind="document_resent",
                actor=actor,
                data={"document_id": str(document.id), "number": document.number},
            )
        )
        await session.flush()
        return message
