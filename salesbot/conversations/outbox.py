"""The delivery outbox: every outbound message (bot, manager, document, system) is stored
with a delivery state, and its delivery job is deferred in the same transaction.

Channels whose customers read our own store (the website widget syncs by seq) are delivered
by the store itself; the others get a `channels.deliver` job that calls the channel adapter,
retries with back-off and, after MAX_RETRIES, leaves the message dead for a manager to retry.
"""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import ColumnElement, func, update
from sqlalchemy.ext.asyncio import AsyncSession

from salesbot.db.base import utcnow
from salesbot.db.hooks import announce
from salesbot.errors import Conflict, NotFound
from salesbot.jobs.app import defer
from salesbot.models import Conversation, Delivery, Message, Owner

DELIVER_TASK = "channels.deliver"
CHAT_CLOSED = "chat_closed"  # close_reason: the customer blocked the bot
PARTS_DELIVERED = "parts_delivered"  # meta: parts of a message an earlier attempt sent

# Channel names whose stored messages count as delivered; set by the channel registry.
_delivered_on_store: frozenset[str] = frozenset()


def configure(delivered_on_store: frozenset[str]) -> None:
    global _delivered_on_store
    _delivered_on_store = delivered_on_store


async def enqueue(session: AsyncSession, message: Message) -> None:
    """Give a just-stored outbound message its delivery state (and job)."""
    if message.channel in _delivered_on_store:
        message.delivery_status = Delivery.sent.value
        message.delivered_at = message.created_at
        return
    message.delivery_status = Delivery.pending.value
    await defer_delivery(session, message)


async def defer_delivery(session: AsyncSession, message: Message, *, delay: float = 0) -> None:
    # `lock`: one conversation's messages go out one at a time and in order.
    await defer(
        session,
        DELIVER_TASK,
        lock_key=f"deliver:{message.conversation_id}",
        delay_seconds=delay,
        message_id=str(message.id),
    )


async def retry(
    session: AsyncSession, conversation_id: uuid.UUID, message_id: uuid.UUID
) -> Message:
    """A manager asks to deliver a dead (or failed) message again: a fresh set of attempts."""
    message = await session.get(Message, message_id, with_for_update=True)
    if message is None or message.conversation_id != conversation_id:
        raise NotFound("Такого сообщения в этом диалоге нет.", code="message_not_found")
    if message.delivery_status not in (Delivery.dead.value, Delivery.failed.value):
        raise Conflict(
            "Это сообщение не ждёт повторной отправки: оно уже доставлено или в очереди.",
            code="message_not_undelivered",
            details={"delivery_status": message.delivery_status},
        )
    message.delivery_status = Delivery.pending.value
    message.delivery_attempts = 0
    message.delivery_error = None
    await defer_delivery(session, message)
    announce(session, "conversation", conversation_id)
    return message


async def mark_sent(session: AsyncSession, message: Message, external_id: str | None) -> None:
    message.delivery_status = Delivery.sent.value
    message.delivery_attempts += 1
    message.delivered_at = utcnow()
    message.delivery_error = None
    message.external_message_id = external_id
    await session.flush()


async def withhold(session: AsyncSession, message: Message) -> None:
    """A bot reply whose conversation a manager has taken over since: it is never sent."""
    message.delivery_status = Delivery.withheld.value
    message.delivery_error = "Не отправлено: диалог перешёл к менеджеру."
    await session.flush()


async def close_chat(session: AsyncSession, conversation_id: uuid.UUID, error: str) -> None:
    """The customer closed the chat to us: the conversation closes, and its messages still
    waiting are given up (their jobs find them dead and send nothing)."""
    await session.execute(
        update(Conversation)
        .where(Conversation.id == conversation_id, Conversation.closed_at.is_(None))
        .values(closed_at=utcnow(), close_reason=CHAT_CLOSED, owner=Owner.closed.value)
    )
    await session.execute(
        update(Message)
        .where(
            Message.conversation_id == conversation_id,
            Message.delivery_status.in_([Delivery.pending.value, Delivery.failed.value]),
        )
        .values(delivery_status=Delivery.dead.value, delivery_error=error[:1000])
    )


async def mark_failed(
    session: AsyncSession,
    message_id: uuid.UUID,
    error: str,
    *,
    dead: bool,
    parts_delivered: int = 0,
) -> None:
    """Count a failed attempt (in its own transaction, so it survives the job's failure)."""
    await session.execute(
        update(Message)
        .where(Message.id == message_id)
        .values(
            delivery_status=(Delivery.dead if dead else Delivery.failed).value,
            delivery_attempts=Message.delivery_attempts + 1,
            delivery_error=error[:1000],
            meta=_with_progress(parts_delivered),
        )
    )


async def note_progress(session: AsyncSession, message_id: uuid.UUID, parts_delivered: int) -> None:
    """A message paused between its parts: the next attempt starts after what went out."""
    await session.execute(
        update(Message).where(Message.id == message_id).values(meta=_with_progress(parts_delivered))
    )


def _with_progress(parts_delivered: int) -> ColumnElement[Any]:
    # A retry may deliver more parts, never fewer: the count only grows.
    return Message.meta.op("||")(
        func.jsonb_build_object(
            PARTS_DELIVERED,
            func.greatest(
                func.coalesce(Message.meta[PARTS_DELIVERED].as_integer(), 0), parts_delivered
            ),
        )
    )
