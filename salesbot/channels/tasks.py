"""The delivery job: one outbound message through its channel adapter.

Each attempt locks the message row, so a manager's retry and a scheduled attempt never
send it twice; a message already sent is left alone. A retryable failure counts the
attempt and raises, so the queue tries again after the channel's `retry_after` or an
exponential back-off (jobs.app.BackoffRetry); after MAX_RETRIES (or at once on a
permanent refusal) the message is dead: the inbox marks it «не доставлено» and a manager
may retry it.
"""

from __future__ import annotations

import uuid
from datetime import timedelta
from pathlib import Path

from loguru import logger
from sqlalchemy.ext.asyncio import AsyncSession

from salesbot.channels.attachments.service import AttachmentService
from salesbot.channels.base import (
    ChatClosedError,
    ChatRef,
    DeliveryError,
    Outbound,
    OutboundFile,
    RetryableDeliveryError,
)
from salesbot.channels.pacing import forget_idle_lanes
from salesbot.channels.registry import current_registry
from salesbot.conversations import outbox, repository
from salesbot.conversations.types import Attachment, Button
from salesbot.db.base import utcnow
from salesbot.db.hooks import announce
from salesbot.db.runtime import get_database
from salesbot.documents.service import DocumentService
from salesbot.errors import SalesbotError
from salesbot.jobs.app import RETRY, job_app
from salesbot.models import Author, Conversation, Delivery, Document, Message, StoredFile
from salesbot.pricing.service import PricingService
from salesbot.security.masking import mask_text
from salesbot.settings import get_settings


@job_app.task(name=outbox.DELIVER_TASK, retry=RETRY)
async def deliver(message_id: str) -> str:
    """Send one stored message; returns what became of it."""
    settings = get_settings()
    message_uuid = uuid.UUID(message_id)
    failure: DeliveryError
    async with get_database().transaction() as session:
        message = await session.get(Message, message_uuid, with_for_update=True)
        if message is None or message.delivery_status in (
            Delivery.sent,
            Delivery.dead,
            Delivery.withheld,
        ):
            return str(message.delivery_status) if message else "missing"  # nothing left to do
        conversation = await session.get_one(Conversation, message.conversation_id)
        if message.author == Author.bot.value and await repository.taken_over_since(
            session, conversation.id, message.created_at
        ):
            await outbox.withhold(session, message)  # a manager took over after the turn
            return Delivery.withheld.value
        try:
            adapter = current_registry().get(conversation.channel)
            external_id = await adapter.send(_chat(conversation), await _outbound(session, message))
        except DeliveryError as exc:
            failure = exc
        except SalesbotError as exc:  # no adapter for this channel here: nothing will change
            failure = DeliveryError(exc.message)
            failure.retryable = False
        except Exception as exc:  # an adapter's bug or an unexpected network error
            failure = RetryableDeliveryError(f"{type(exc).__name__}: {exc}")
        else:
            await outbox.mark_sent(session, message, external_id)
            announce(session, "conversation", conversation.id)
            return Delivery.sent.value
    attempt = message.delivery_attempts + 1
    counted = failure.counts_as_attempt
    dead = not failure.retryable or (counted and attempt > settings.max_retries)
    async with get_database().transaction() as session:
        if counted:
            await outbox.mark_failed(
                session,
                message_uuid,
                mask_text(str(failure)),
                dead=dead,
                parts_delivered=failure.parts_delivered,
            )
        else:  # only "later": the message is still on its way
            await outbox.note_progress(session, message_uuid, failure.parts_delivered)
        if isinstance(failure, ChatClosedError):
            await outbox.close_chat(session, conversation.id, mask_text(str(failure)))
        announce(session, "conversation", conversation.id)
    if counted:
        logger.bind(
            message_id=message_id, channel=conversation.channel, attempt=attempt, dead=dead
        ).warning("delivery failed: {}", type(failure).__name__)
    if dead:
        return Delivery.dead.value
    failure.attempt = attempt if counted else None
    raise failure  # the queue schedules the next attempt (jobs.app.BackoffRetry)


def _chat(conversation: Conversation) -> ChatRef:
    return ChatRef(
        conversation_id=conversation.id,
        channel=conversation.channel,
        external_chat_id=conversation.external_chat_id,
        external_user_id=conversation.external_user_id,
    )


async def _outbound(session: AsyncSession, message: Message) -> Outbound:
    attachments = tuple(Attachment(**a) for a in message.attachments)
    files = [await _file(session, a) for a in attachments]
    return Outbound(
        message_id=message.id,
        author=message.author,
        text=message.readable_text,
        buttons=tuple(Button(**b) for b in message.meta.get("buttons", [])),
        attachments=attachments,
        files=tuple(f for f in files if f is not None),
        parts_delivered=int(message.meta.get(outbox.PARTS_DELIVERED, 0)),
        contact_button=message.meta.get("contact_button"),
    )


async def _file(session: AsyncSession, attachment: Attachment) -> OutboundFile | None:
    """Where an attachment's bytes are: a document we made, or a file a customer sent."""
    kind, _, key = (attachment.storage_key or "").partition(":")
    settings = get_settings()
    path: Path | None = None
    try:
        if kind == "document" and (document := await session.get(Document, uuid.UUID(key))):
            path = DocumentService(settings, PricingService(settings)).file_path(document)
        elif kind == "file" and (stored := await session.get(StoredFile, uuid.UUID(key))):
            path = AttachmentService(settings).path_of(stored.storage_key)
    except ValueError:  # a malformed key: the link in the message stays the way to the file
        path = None
    if path is None or not path.is_file():
        return None
    return OutboundFile(attachment.name, attachment.content_type, path)


@job_app.periodic(cron="23 * * * *", periodic_id="delete-orphan-uploads")
@job_app.task(name="channels.delete_orphan_uploads", retry=RETRY, queueing_lock="orphan-uploads")
async def delete_orphan_uploads(timestamp: int) -> int:
    """Files uploaded to a chat but never sent in a message, after ORPHAN_UPLOAD_HOURS."""
    settings = get_settings()
    older_than = utcnow() - timedelta(hours=settings.orphan_upload_hours)
    async with get_database().transaction() as session:
        deleted = await AttachmentService(settings).delete_unattached(
            session, older_than=older_than
        )
    if deleted:
        logger.info("deleted {} uploads never attached to a message", deleted)
    return deleted


@job_app.periodic(cron="41 * * * *", periodic_id="forget-idle-send-lanes")
@job_app.task(name="channels.forget_idle_lanes", retry=RETRY, queueing_lock="idle-send-lanes")
async def forget_idle_send_lanes(timestamp: int) -> int:
    """Pacing rows of chats nobody wrote to for an hour: their limits no longer bind."""
    return await forget_idle_lanes(get_database(), idle_for=timedelta(hours=1))
