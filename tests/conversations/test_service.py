from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from salesbot.conversations.service import ConversationService
from salesbot.conversations.types import Attachment, InboundMessage
from salesbot.db.base import utcnow
from salesbot.errors import ValidationFailed
from salesbot.models import Channel, Conversation, Message, Owner
from salesbot.settings import Settings


def inbound(
    text: str = "Здравствуйте!", *, chat: str = "chat-1", message_id: str | None = "m-1"
) -> InboundMessage:
    return InboundMessage(
        channel=Channel.telegram, external_chat_id=chat, text=text, channel_message_id=message_id
    )


async def _count(session: AsyncSession, model: type) -> int:
    return int(await session.scalar(select(func.count()).select_from(model)) or 0)


class TestReceive:
    async def test_replayed_webhook_is_stored_once(
        self, session: AsyncSession, settings: Settings
    ) -> None:
        service = ConversationService(settings)
        first = await service.receive(session, inbound(message_id="tg-42"))
        again = await service.receive(session, inbound(message_id="tg-42"))
        assert not first.duplicate and again.duplicate
        assert again.message.id == first.message.id
        assert await _count(session, Message) == 1

    async def test_same_message_id_in_another_channel_is_distinct(
        self, session: AsyncSession, settings: Settings
    ) -> None:
        service = ConversationService(settings)
        await service.receive(session, inbound(message_id="7"))
        other = InboundMessage(
            channel=Channel.avito, external_chat_id="chat-1", text="Привет", channel_message_id="7"
        )
        assert not (await service.receive(session, other)).duplicate
        assert await _count(session, Conversation) == 2

    async def test_messages_without_ids_are_all_kept(
        self, session: AsyncSession, settings: Settings
    ) -> None:
        service = ConversationService(settings)
        for _ in range(3):
            await service.receive(session, inbound(message_id=None))
        assert await _count(session, Message) == 3
        assert await _count(session, Conversation) == 1

    async def test_too_long_text_is_rejected_with_limit(
        self, session: AsyncSession, settings: Settings
    ) -> None:
        service = ConversationService(settings)
        with pytest.raises(ValidationFailed) as excinfo:
            await service.receive(session, inbound("я" * (settings.max_message_length + 1)))
        assert excinfo.value.code == "message_too_long"
        assert excinfo.value.details["max_length"] == 4000
        assert await _count(session, Message) == 0
        ok = await service.receive(session, inbound("я" * settings.max_message_length))
        assert len(ok.message.text) == 4000

    async def test_attachment_limit_and_empty_message(
        self, session: AsyncSession, settings: Settings
    ) -> None:
        service = ConversationService(settings)
        files = tuple(
            Attachment(f"f{i}.pdf", "application/pdf", 10)
            for i in range(settings.max_attachments + 1)
        )
        with pytest.raises(ValidationFailed) as too_many:
            await service.receive(
                session, InboundMessage(Channel.web, "c", "см. файлы", attachments=files)
            )
        assert too_many.value.code == "too_many_attachments"
        with pytest.raises(ValidationFailed) as empty:
            await service.receive(session, inbound("   "))
        assert empty.value.code == "empty_message"


class TestExpiry:
    async def test_message_after_ttl_opens_a_new_conversation(
        self, session: AsyncSession, settings: Settings
    ) -> None:
        service = ConversationService(settings)
        long_ago = utcnow() - timedelta(days=settings.session_ttl_days, minutes=1)
        old = await service.receive(session, inbound(message_id="a"), now=long_ago)
        recent = await service.receive(session, inbound(message_id="b"))
        assert recent.conversation.id != old.conversation.id
        await session.refresh(old.conversation)
        assert old.conversation.close_reason == "expired"
        assert old.conversation.owner == Owner.closed

    async def test_message_within_ttl_continues(
        self, session: AsyncSession, settings: Settings
    ) -> None:
        service = ConversationService(settings)
        earlier = utcnow() - timedelta(days=settings.session_ttl_days - 1)
        first = await service.receive(session, inbound(message_id="a"), now=earlier)
        second = await service.receive(session, inbound(message_id="b"))
        assert first.conversation.id == second.conversation.id

    async def test_periodic_close_expired(self, session: AsyncSession, settings: Settings) -> None:
        service = ConversationService(settings)
        stale = utcnow() - timedelta(days=settings.session_ttl_days + 2)
        await service.receive(session, inbound(chat="old", message_id="x"), now=stale)
        await service.receive(session, inbound(chat="new", message_id="y"))
        assert await service.close_expired(session) == 1
        assert await service.close_expired(session) == 0
        open_chats = await session.scalars(
            select(Conversation.external_chat_id).where(Conversation.closed_at.is_(None))
        )
        assert list(open_chats) == ["new"]
