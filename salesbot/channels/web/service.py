"""The website chat's rules, shared by its HTTP API and its socket: who may write to a
session, how much, and what a visitor's message becomes."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from salesbot.channels.attachments.service import AttachmentService
from salesbot.conversations.schemas import ChatMessageOut, message_out
from salesbot.conversations.types import InboundMessage
from salesbot.db.base import utcnow
from salesbot.errors import Forbidden, NotAuthenticated, NotFound, TooManyRequests
from salesbot.models import Channel, Conversation, Message
from salesbot.security.ratelimit import CounterStore
from salesbot.security.tokens import chat_session_of
from salesbot.settings import Settings

ORIGIN_REFUSED = (
    "Чат не подключён для этого сайта. Если вы владелец сайта, добавьте его адрес "
    "в WIDGET_ALLOWED_ORIGINS."
)


class ChatService:
    def __init__(
        self, settings: Settings, counters: CounterStore, attachments: AttachmentService
    ) -> None:
        self.settings = settings
        self.counters = counters
        self.attachments = attachments

    def check_origin(self, origin: str | None) -> None:
        if not self.settings.embedding_allowed(origin):
            raise Forbidden(ORIGIN_REFUSED, code="origin_not_allowed", details={"origin": origin})

    async def authorise(
        self,
        session: AsyncSession,
        session_id: uuid.UUID | None,
        token: str | None,
        *,
        lock: bool = False,
    ) -> Conversation:
        """The open conversation the visitor's token grants (`session_id` must match it);
        `lock`: its row locked until the transaction ends."""
        if not token:
            raise NotAuthenticated("Нужен токен сессии чата.", code="invalid_chat_token")
        granted = chat_session_of(self.settings, token)
        if session_id is not None and granted != session_id:
            raise NotAuthenticated("Токен выдан для другой сессии.", code="invalid_chat_token")
        conversation = await session.get(Conversation, granted, with_for_update=lock or None)
        if conversation is None or conversation.closed_at is not None:
            raise NotFound(
                "Этот чат завершён или не найден. Начните новый.", code="chat_session_not_found"
            )
        return conversation

    async def check_caps(self, conversation: Conversation, ip: str) -> None:
        """Per-conversation and per-visitor-per-day message caps, checked right after the new
        message is stored (its transaction rolls back when a cap is exceeded)."""
        cap = self.settings.chat_max_messages_per_session
        if conversation.customer_messages > cap:  # the message just stored included
            raise TooManyRequests(
                "В этом чате набралось очень много сообщений. Оставьте, пожалуйста, телефон "
                "или почту в форме на сайте — менеджер свяжется с вами.",
                code="session_message_cap",
                retry_after=24 * 3600,
                details={"max": cap},
            )
        now = utcnow().astimezone(ZoneInfo(self.settings.timezone))
        until_midnight = _seconds_to_midnight(now)
        today = await self.counters.incr(
            f"chat:day:{ip}:{now.date().isoformat()}", until_midnight + 3600
        )
        daily = self.settings.chat_max_messages_per_day
        if today > daily:
            raise TooManyRequests(
                "На сегодня лимит сообщений исчерпан. Напишите нам завтра или оставьте "
                "контакты в форме на сайте — менеджер свяжется с вами.",
                code="daily_message_cap",
                retry_after=until_midnight,
                details={"max": daily},
            )

    async def inbound(
        self,
        session: AsyncSession,
        conversation: Conversation,
        text: str,
        *,
        client_message_id: str | None,
        attachment_ids: list[uuid.UUID],
    ) -> InboundMessage:
        attachments = await self.attachments.for_message(session, conversation.id, attachment_ids)
        return InboundMessage(
            channel=Channel.web,
            external_chat_id=conversation.external_chat_id,
            text=text,
            channel_message_id=f"{conversation.id}:{client_message_id}"
            if client_message_id
            else None,
            attachments=attachments,
        )

    async def messages_after(
        self, session: AsyncSession, conversation_id: uuid.UUID, after_seq: int, limit: int = 500
    ) -> list[ChatMessageOut]:
        rows = await session.execute(
            select(Message)
            .where(Message.conversation_id == conversation_id, Message.seq > after_seq)
            .order_by(Message.seq)
            .limit(limit)
        )
        return [self.out(m) for m in rows.scalars()]

    def out(self, message: Message) -> ChatMessageOut:
        """A message as the visitor sees it, with fresh links to attached files."""
        return message_out(message, self.attachments.signed_url)


def _seconds_to_midnight(now: datetime) -> int:
    tomorrow = (now + timedelta(days=1)).replace(hour=0, minute=0, second=0, microsecond=0)
    return max(1, int((tomorrow - now).total_seconds()))
