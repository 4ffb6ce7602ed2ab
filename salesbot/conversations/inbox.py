"""The operators' inbox: the list of conversations with what each row shows, the team's
read marker, and documents a manager sends from the dashboard."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Row
from sqlalchemy.ext.asyncio import AsyncSession

from salesbot.conversations import repository
from salesbot.conversations.documents import document_attachment, make_document
from salesbot.conversations.ownership import set_owner
from salesbot.conversations.schemas import ConversationListItem, LastMessageOut
from salesbot.conversations.service import ConversationService
from salesbot.conversations.state import DialogState, Stage
from salesbot.conversations.types import Reply
from salesbot.documents.kinds import DOCUMENT_TITLES
from salesbot.documents.service import DocumentService
from salesbot.errors import Conflict, NotFound
from salesbot.leads.search import search_terms
from salesbot.models import Author, Conversation, ConversationEvent, Message, Owner
from salesbot.settings import Settings


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
        undelivered=int(row.undelivered or 0),
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


async def rows_of(
    session: AsyncSession, conversation_ids: list[uuid.UUID]
) -> list[ConversationListItem]:
    """Several conversations' inbox rows in one read, in the order asked (a deleted one is
    left out)."""
    found = {row[0].id: item(row) for row in await repository.inbox_rows(session, conversation_ids)}
    return [found[i] for i in conversation_ids if i in found]


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


@dataclass(frozen=True)
class DocumentSender:
    """A manager sends a document from the dashboard, as the bot's tool would make it."""

    settings: Settings
    documents: DocumentService

    async def send(
        self,
        session: AsyncSession,
        conversation_id: uuid.UUID,
        kind: str,
        *,
        actor: str,
        actor_name: str | None = None,
    ) -> Message:
        # Like a manager's reply, sending takes the conversation over from the bot (the
        # take-over is announced to the visitor by set_owner).
        await set_owner(session, conversation_id, Owner.human, actor=actor, actor_name=actor_name)
        conversation = await session.get_one(Conversation, conversation_id)
        state = DialogState.load(conversation.state)
        if state.quote_id is None:
            raise Conflict(
                "Сначала нужен расчёт стоимости: документ составляется по расчёту, а в этом "
                "диалоге его пока нет.",
                code="no_quote",
            )
        document, attachment = await make_document(
            session, self.documents, conversation, state, kind
        )
        state.stage = Stage.handed_off  # a manager holds the conversation
        conversation.state = state.dump()
        text = (
            f"{DOCUMENT_TITLES[kind]} № {document.number} — во вложении. Ссылка на скачивание "
            f"действует {self.settings.document_link_ttl_hours} ч."
        )
        message = await ConversationService(self.settings).add_reply(
            session,
            conversation,
            Reply(text, attachments=(attachment,)),
            author=Author.manager,
        )
        return message

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
