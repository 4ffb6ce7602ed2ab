"""Conversations and messages shared by every channel.

`receive` stores an inbound message exactly once; `add_reply` stores an outbound one and puts
it in the delivery outbox. Both announce the change for the realtime bridge (published after
commit). Services never commit: the request or job that calls them owns the transaction.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import asdict, dataclass, replace
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from salesbot.analytics import fold
from salesbot.conversations import outbox, repository
from salesbot.conversations.types import HistoryItem, InboundMessage, Reply
from salesbot.db.base import utcnow
from salesbot.db.hooks import announce
from salesbot.errors import NotFound, ValidationFailed
from salesbot.models import Author, Conversation, Message
from salesbot.security.sealing import seal
from salesbot.security.text import cleaned
from salesbot.settings import Settings

MAX_SOURCE = 64  # a lead's source, as leads.source holds it


@dataclass(frozen=True)
class Received:
    conversation: Conversation
    message: Message
    duplicate: bool


class ConversationService:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    def validate(self, inbound: InboundMessage) -> None:
        limit = self.settings.max_message_length
        if len(inbound.text) > limit:
            raise ValidationFailed(
                f"Сообщение слишком длинное: {len(inbound.text)} символов, допустимо не более "
                f"{limit}. Разделите его на несколько сообщений.",
                code="message_too_long",
                details={"length": len(inbound.text), "max_length": limit},
            )
        if len(inbound.attachments) > self.settings.max_attachments:
            raise ValidationFailed(
                f"Слишком много вложений: допустимо не более {self.settings.max_attachments}.",
                code="too_many_attachments",
                details={"count": len(inbound.attachments), "max": self.settings.max_attachments},
            )
        if not inbound.text.strip() and not inbound.attachments and not inbound.files:
            raise ValidationFailed(
                "Пустое сообщение: напишите текст или приложите файл.", code="empty_message"
            )

    async def receive(
        self,
        session: AsyncSession,
        inbound: InboundMessage,
        *,
        now: datetime | None = None,
        conversation: Conversation | None = None,
    ) -> Received:
        """Store a customer message once, opening (or re-opening after expiry) its
        conversation; `conversation`, when given, is current and locked by the caller."""
        inbound = replace(inbound, text=cleaned(inbound.text))  # a channel's stray NUL
        self.validate(inbound)
        now = now or utcnow()
        # A resend is caught before a conversation is opened for it; in a known
        # conversation, the insert's own conflict check below catches it.
        if inbound.channel_message_id is not None and conversation is None:
            existing = await repository.find_by_channel_id(
                session, inbound.channel.value, inbound.channel_message_id
            )
            if existing is not None:
                conversation = await session.get_one(Conversation, existing.conversation_id)
                return Received(conversation, existing, duplicate=True)

        if conversation is None:
            conversation = await self._current_conversation(session, inbound, now)
        if (source := inbound.metadata.get("source")) and "source" not in conversation.state:
            conversation.state = {**conversation.state, "source": str(source)[:MAX_SOURCE]}
        message = await repository.insert_message_once(
            session,
            {
                "id": uuid.uuid4(),
                "conversation_id": conversation.id,
                "channel": inbound.channel.value,
                "channel_message_id": inbound.channel_message_id,
                "author": Author.customer.value,
                **seal(inbound.text).columns(),
                "attachments": [asdict(a) for a in inbound.attachments],
                "meta": dict(inbound.metadata),
                "created_at": now,
            },
        )
        if message is None:  # a concurrent delivery of the same message won the race
            assert inbound.channel_message_id is not None
            existing = await repository.find_by_channel_id(
                session, inbound.channel.value, inbound.channel_message_id
            )
            assert existing is not None
            return Received(conversation, existing, duplicate=True)
        conversation.last_message_at = now
        conversation.last_customer_seq = max(conversation.last_customer_seq or 0, message.seq)
        conversation.customer_messages = (conversation.customer_messages or 0) + 1
        await session.flush()
        announce(session, "message", conversation.id, message_id=message.id)
        announce(session, "conversation", conversation.id)
        return Received(conversation, message, duplicate=False)

    async def add_reply(
        self,
        session: AsyncSession,
        conversation: Conversation,
        reply: Reply,
        *,
        author: Author,
        context_used: tuple[str, ...] = (),
        brain: str = "",
        usage: dict[str, Any] | None = None,
    ) -> Message:
        [message] = await self.add_replies(
            session,
            conversation,
            [reply],
            author=author,
            context_used=context_used,
            brain=brain,
            usage=usage,
        )
        return message

    async def add_replies(
        self,
        session: AsyncSession,
        conversation: Conversation,
        replies: Sequence[Reply],
        *,
        author: Author,
        context_used: tuple[str, ...] = (),
        brain: str = "",
        usage: dict[str, Any] | None = None,
        asked_at: datetime | None = None,
    ) -> list[Message]:
        """Store a turn's replies in order, with one write of each kind for them all (a
        turn's latency is mostly round trips to the database). `asked_at`: when the first
        message they answer was stored; the analytics measure the reply time from it."""
        if not replies:
            return []
        now = utcnow()
        messages = [
            Message(
                id=uuid.uuid4(),
                conversation_id=conversation.id,
                channel=conversation.channel,
                author=author.value,
                **seal(reply.text).columns(),
                attachments=[asdict(a) for a in reply.attachments],
                meta={
                    "buttons": [asdict(b) for b in reply.buttons],
                    "context_used": list(context_used),
                    **({"brain": brain} if brain else {}),
                    **({"usage": usage} if usage else {}),
                    **({"sources": [asdict(s) for s in reply.sources]} if reply.sources else {}),
                    **({"contact_button": reply.contact_button} if reply.contact_button else {}),
                },
                created_at=now,
            )
            for reply in replies
        ]
        if asked_at is not None:
            messages[0].meta["turn"] = fold.turn_meta(asked_at, len(messages))
        conversation.last_message_at = now
        if author is Author.manager:  # a person has answered: the hand-off is served
            conversation.handoff_requested_at = None
        for message in messages:
            session.add(message)
            await outbox.enqueue(session, message)
        await session.flush()
        for message in messages:
            announce(session, "message", conversation.id, message_id=message.id)
        announce(session, "conversation", conversation.id)
        return messages

    async def history(
        self, session: AsyncSession, conversation_id: uuid.UUID
    ) -> tuple[HistoryItem, ...]:
        messages = await repository.last_messages(
            session, conversation_id, self.settings.max_context_messages
        )
        return tuple(HistoryItem(m.author, m.readable_text, m.created_at) for m in messages)

    async def get(self, session: AsyncSession, conversation_id: uuid.UUID) -> Conversation:
        conversation = await session.get(Conversation, conversation_id)
        if conversation is None:
            raise NotFound("Диалог не найден.", code="conversation_not_found")
        return conversation

    async def list_recent(
        self,
        session: AsyncSession,
        *,
        include_closed: bool = False,
        limit: int = 50,
        offset: int = 0,
    ) -> list[Conversation]:
        return list(
            await repository.list_recent(
                session, include_closed=include_closed, limit=limit, offset=offset
            )
        )

    async def messages(
        self, session: AsyncSession, conversation_id: uuid.UUID, *, limit: int = 200
    ) -> list[Message]:
        await self.get(session, conversation_id)
        return list(await repository.last_messages(session, conversation_id, limit))

    async def close_expired(self, session: AsyncSession, *, now: datetime | None = None) -> int:
        now = now or utcnow()
        return await repository.close_idle(session, idle_before=now - self._ttl(), now=now)

    def is_current(self, conversation: Conversation, *, now: datetime | None = None) -> bool:
        """Open and not idle past SESSION_TTL_DAYS: a new message continues it."""
        now = now or utcnow()
        return conversation.closed_at is None and conversation.last_message_at >= now - self._ttl()

    def _ttl(self) -> timedelta:
        return timedelta(days=self.settings.session_ttl_days)

    async def _current_conversation(
        self, session: AsyncSession, inbound: InboundMessage, now: datetime
    ) -> Conversation:
        channel = inbound.channel.value
        conversation = await repository.find_open(session, channel, inbound.external_chat_id)
        if conversation is not None and not self.is_current(conversation, now=now):
            await repository.close(session, conversation, reason="expired", now=now)
            conversation = None
        if conversation is None:
            conversation = await repository.open_conversation(
                session,
                channel=channel,
                external_chat_id=inbound.external_chat_id,
                external_user_id=inbound.external_user_id,
                now=now,
            )
        return conversation
