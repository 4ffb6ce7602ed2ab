"""The webhook ledger: store each inbound event once, handle it in a job, replay failures.

An adapter verifies the request, calls `record` in the request's transaction and answers
200; the `webhooks.process` job, deferred in that same transaction, does the work.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from loguru import logger
from sqlalchemy.ext.asyncio import AsyncSession

from salesbot.errors import Conflict, NotFound, ValidationFailed
from salesbot.jobs.app import defer
from salesbot.models import WebhookEvent, WebhookStatus
from salesbot.webhooks import repository

PROCESS_TASK = "webhooks.process"
MAX_PROVIDER_LENGTH = 32
MAX_EXTERNAL_ID_LENGTH = 255
MAX_ORDER_KEY_LENGTH = 128


@dataclass(frozen=True)
class Recorded:
    event: WebhookEvent
    duplicate: bool  # the provider sent this event before; nothing new was queued


async def record(
    session: AsyncSession,
    *,
    provider: str,
    external_id: str,
    payload: dict[str, Any],
    order_key: str | None = None,
) -> Recorded:
    """Store an event and queue its processing, both in the caller's transaction.

    A second delivery of the same (provider, external_id) returns the stored event and queues
    nothing, so a provider's retries never run a handler twice. Events of one provider with
    the same `order_key` (one chat's) are handled one at a time, in the order recorded.
    """
    _validate(provider, external_id)
    if order_key is not None:
        order_key = order_key[:MAX_ORDER_KEY_LENGTH]
    event = await repository.insert_once(
        session, provider=provider, external_id=external_id, payload=payload, order_key=order_key
    )
    if event is None:
        existing = await repository.find(session, provider=provider, external_id=external_id)
        assert existing is not None  # the conflicting row is committed or ours
        logger.bind(provider=provider, webhook_event_id=str(existing.id)).info(
            "webhook event received again; ignored"
        )
        return Recorded(event=existing, duplicate=True)
    await _queue(session, event)
    return Recorded(event=event, duplicate=False)


async def list_events(
    session: AsyncSession,
    *,
    status: WebhookStatus | str | None = None,
    provider: str | None = None,
    limit: int = 50,
    offset: int = 0,
) -> tuple[Sequence[WebhookEvent], int]:
    """Events newest first and the total matching the filters."""
    return await repository.page(
        session,
        status=WebhookStatus(status).value if status is not None else None,
        provider=provider,
        limit=limit,
        offset=offset,
    )


async def get(session: AsyncSession, event_id: uuid.UUID) -> WebhookEvent:
    event = await repository.get(session, event_id)
    if event is None:
        raise _not_found(event_id)
    return event


async def replay(
    session: AsyncSession, event_id: uuid.UUID, *, force: bool = False
) -> WebhookEvent:
    """Queue an event's processing again; attempts keep counting.

    A processed event is refused unless `force`: handling it twice may repeat its effects.
    """
    event = await repository.get(session, event_id, for_update=True)
    if event is None:
        raise _not_found(event_id)
    if event.status == WebhookStatus.processed.value and not force:
        raise Conflict(
            "Это событие уже обработано. Повторить его можно только принудительно.",
            code="webhook_event_processed",
            details={"id": str(event.id), "processed_at": _iso(event)},
        )
    await _reset_and_queue(session, event)
    return event


async def replay_failed(
    session: AsyncSession,
    *,
    provider: str | None = None,
    retryable: tuple[datetime, datetime] | None = None,
) -> int:
    """Queue every failed event (of one provider, or all) again; returns how many.
    `retryable` (received after, failed before): only those whose failure may pass by itself
    (the periodic catch-up)."""
    events = await repository.failed_for_update(session, provider=provider, retryable=retryable)
    for event in events:
        await _reset_and_queue(session, event)
    return len(events)


async def _reset_and_queue(session: AsyncSession, event: WebhookEvent) -> None:
    event.status = WebhookStatus.received.value
    event.processed_at = None
    await session.flush()
    await _queue(session, event)
    logger.bind(provider=event.provider, webhook_event_id=str(event.id)).info(
        "webhook event queued again"
    )


async def _queue(session: AsyncSession, event: WebhookEvent) -> None:
    # The queue runs jobs sharing a lock one at a time, in the order they were queued; a
    # replay keeps the chat's lock, so it waits for the chat's earlier events too.
    lock = f"webhook:{event.provider}:{event.order_key}" if event.order_key else None
    await defer(session, PROCESS_TASK, lock_key=lock, event_id=str(event.id))


def _validate(provider: str, external_id: str) -> None:
    if not provider or not provider.strip() or len(provider) > MAX_PROVIDER_LENGTH:
        raise ValidationFailed(
            f"Укажите поставщика вебхука: непустую строку не длиннее {MAX_PROVIDER_LENGTH} "
            "символов.",
            code="invalid_webhook_provider",
        )
    if not external_id or not external_id.strip() or len(external_id) > MAX_EXTERNAL_ID_LENGTH:
        raise ValidationFailed(
            "Укажите идентификатор события у поставщика: непустую строку не длиннее "
            f"{MAX_EXTERNAL_ID_LENGTH} символов.",
            code="invalid_webhook_external_id",
        )


def _not_found(event_id: uuid.UUID) -> NotFound:
    return NotFound(
        "Событие вебхука не найдено.",
        code="webhook_event_not_found",
        details={"id": str(event_id)},
    )


def _iso(event: WebhookEvent) -> str | None:
    return event.processed_at.isoformat() if event.processed_at else None
