"""SQL of the webhook ledger."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from salesbot.models import WebhookEvent, WebhookStatus


async def insert_once(
    session: AsyncSession,
    *,
    provider: str,
    external_id: str,
    payload: dict[str, Any],
    order_key: str | None = None,
) -> WebhookEvent | None:
    """Store an event; None when (provider, external_id) is already stored.

    ON CONFLICT makes two concurrent deliveries of one event safe: exactly one inserts.
    """
    statement = (
        insert(WebhookEvent)
        .values(
            id=uuid.uuid4(),
            provider=provider,
            external_id=external_id,
            payload=payload,
            order_key=order_key,
            status=WebhookStatus.received.value,
            attempts=0,
        )
        .on_conflict_do_nothing(index_elements=["provider", "external_id"])
        .returning(WebhookEvent.id)
    )
    inserted = (await session.execute(statement)).scalar_one_or_none()
    if inserted is None:
        return None
    return await session.get_one(WebhookEvent, inserted)


async def find(session: AsyncSession, *, provider: str, external_id: str) -> WebhookEvent | None:
    result = await session.execute(
        select(WebhookEvent).where(
            WebhookEvent.provider == provider, WebhookEvent.external_id == external_id
        )
    )
    return result.scalar_one_or_none()


async def get(
    session: AsyncSession, event_id: uuid.UUID, *, for_update: bool = False
) -> WebhookEvent | None:
    # populate_existing: a locked read must see the row as it is now, not a cached copy.
    return await session.get(
        WebhookEvent, event_id, with_for_update=for_update, populate_existing=for_update
    )


async def page(
    session: AsyncSession,
    *,
    status: str | None,
    provider: str | None,
    limit: int,
    offset: int,
) -> tuple[Sequence[WebhookEvent], int]:
    """Events newest first, and how many match the filters in all."""
    conditions = []
    if status is not None:
        conditions.append(WebhookEvent.status == status)
    if provider is not None:
        conditions.append(WebhookEvent.provider == provider)
    total = (
        await session.execute(select(func.count()).select_from(WebhookEvent).where(*conditions))
    ).scalar_one()
    rows = await session.execute(
        select(WebhookEvent)
        .where(*conditions)
        .order_by(WebhookEvent.received_at.desc(), WebhookEvent.id)
        .limit(limit)
        .offset(offset)
    )
    return rows.scalars().all(), int(total)


async def failed_for_update(
    session: AsyncSession,
    *,
    provider: str | None,
    retryable: tuple[datetime, datetime] | None = None,
) -> Sequence[WebhookEvent]:
    """Failed events, oldest first, locked; SKIP LOCKED leaves those a job is handling now.
    `retryable` (received after, failed before): only those whose failure may pass by
    itself, within those moments."""
    statement = select(WebhookEvent).where(WebhookEvent.status == WebhookStatus.failed.value)
    if provider is not None:
        statement = statement.where(WebhookEvent.provider == provider)
    if retryable is not None:
        received_after, failed_before = retryable
        statement = statement.where(
            WebhookEvent.retryable.is_(True),
            WebhookEvent.received_at >= received_after,
            WebhookEvent.failed_at <= failed_before,
        )
    rows = await session.execute(
        statement.order_by(WebhookEvent.received_at)
        .with_for_update(skip_locked=True)
        .execution_options(populate_existing=True)
    )
    return rows.scalars().all()
