"""SQL of conversations and messages."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import select, text, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from salesbot.models import Conversation, Message, Owner


async def find_open(
    session: AsyncSession, channel: str, external_chat_id: str
) -> Conversation | None:
    result = await session.execute(
        select(Conversation)
        .where(
            Conversation.channel == channel,
            Conversation.external_chat_id == external_chat_id,
            Conversation.closed_at.is_(None),
        )
        .with_for_update()
    )
    return result.scalar_one_or_none()


async def open_conversation(
    session: AsyncSession,
    *,
    channel: str,
    external_chat_id: str,
    external_user_id: str | None,
    now: datetime,
) -> Conversation:
    """Open a conversation, or return the one a concurrent request just opened."""
    statement = (
        insert(Conversation)
        .values(
            id=uuid.uuid4(),
            channel=channel,
            external_chat_id=external_chat_id,
            external_user_id=external_user_id,
            owner=Owner.bot.value,
            state={},
            language="ru",
            last_message_at=now,
            created_at=now,
            updated_at=now,
        )
        .on_conflict_do_nothing(
            index_elements=["channel", "external_chat_id"],
            index_where=text("closed_at IS NULL"),
        )
    )
    await session.execute(statement)
    conversation = await find_open(session, channel, external_chat_id)
    assert conversation is not None  # inserted above or by the concurrent winner
    return conversation


async def close(
    session: AsyncSession, conversation: Conversation, *, reason: str, now: datetime
) -> None:
    conversation.closed_at = now
    conversation.close_reason = reason
    conversation.owner = Owner.closed.value
    await session.flush()


async def insert_message_once(session: AsyncSession, values: dict[str, Any]) -> Message | None:
    """Insert a message; None when the channel already delivered this message id."""
    statement = (
        insert(Message)
        .values(**values)
        .on_conflict_do_nothing(
            index_elements=["channel", "channel_message_id"],
            index_where=text("channel_message_id IS NOT NULL"),
        )
        .returning(Message.id)
    )
    inserted = (await session.execute(statement)).scalar_one_or_none()
    if inserted is None:
        return None
    return await session.get_one(Message, inserted)


async def find_by_channel_id(
    session: AsyncSession, channel: str, channel_message_id: str
) -> Message | None:
    result = await session.execute(
        select(Message).where(
            Message.channel == channel, Message.channel_message_id == channel_message_id
        )
    )
    return result.scalar_one_or_none()


async def last_messages(
    session: AsyncSession, conversation_id: uuid.UUID, limit: int
) -> Sequence[Message]:
    result = await session.execute(
        select(Message)
        .where(Message.conversation_id == conversation_id)
        .order_by(Message.seq.desc())
        .limit(limit)
    )
    return list(reversed(result.scalars().all()))


async def close_idle(session: AsyncSession, *, idle_before: datetime, now: datetime) -> int:
    result = await session.execute(
        update(Conversation)
        .where(Conversation.closed_at.is_(None), Conversation.last_message_at < idle_before)
        .values(closed_at=now, close_reason="expired", owner=Owner.closed.value, updated_at=now)
    )
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


async def list_recent(
    session: AsyncSession, *, include_closed: bool, limit: int, offset: int
) -> Sequence[Conversation]:
    statement = select(Conversation).order_by(Conversation.last_message_at.desc())
    if not include_closed:
        statement = statement.where(Conversation.closed_at.is_(None))
    result = await session.execute(statement.limit(limit).offset(offset))
    return result.scalars().all()
