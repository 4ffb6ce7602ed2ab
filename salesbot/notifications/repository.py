"""SQL of the mail outbox."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from salesbot.models import MailStatus, OutgoingMail, Role, User


async def insert_once(
    session: AsyncSession,
    *,
    dedupe_key: str,
    template: str,
    recipients: Sequence[str],
    context: dict[str, Any],
    attachment_ids: list[str],
) -> OutgoingMail | None:
    """Store a mail; None when one with this `dedupe_key` is stored already (ON CONFLICT makes
    two concurrent queuings safe: exactly one inserts)."""
    values = {
        "id": uuid.uuid4(),
        "dedupe_key": dedupe_key,
        "template": template,
        "recipients": "\n".join(recipients),
        "context": context,
        "attachment_ids": attachment_ids,
        "status": MailStatus.pending.value,
        "attempts": 0,
        "retryable": False,
    }
    statement = (
        insert(OutgoingMail)
        .values(**values)
        .on_conflict_do_nothing(index_elements=["dedupe_key"])
        .returning(OutgoingMail.id)
    )
    inserted = (await session.execute(statement)).scalar_one_or_none()
    if inserted is None:
        return None
    return await session.get_one(OutgoingMail, inserted)


async def find(session: AsyncSession, dedupe_key: str) -> OutgoingMail | None:
    result = await session.execute(
        select(OutgoingMail).where(OutgoingMail.dedupe_key == dedupe_key)
    )
    return result.scalar_one_or_none()


async def get(
    session: AsyncSession, mail_id: uuid.UUID, *, for_update: bool = False
) -> OutgoingMail | None:
    # populate_existing: a locked read must see the row as it is now, not a cached copy.
    return await session.get(
        OutgoingMail, mail_id, with_for_update=for_update, populate_existing=for_update
    )


async def page(
    session: AsyncSession, *, status: str | None, limit: int, offset: int
) -> tuple[Sequence[OutgoingMail], int]:
    """Mails newest first, and how many match in all."""
    conditions = [OutgoingMail.status == status] if status is not None else []
    total = (
        await session.execute(select(func.count()).select_from(OutgoingMail).where(*conditions))
    ).scalar_one()
    rows = await session.execute(
        select(OutgoingMail)
        .where(*conditions)
        .order_by(OutgoingMail.created_at.desc(), OutgoingMail.id)
        .limit(limit)
        .offset(offset)
    )
    return rows.scalars().all(), int(total)


async def resendable(session: AsyncSession, *, since: datetime) -> Sequence[OutgoingMail]:
    """Mails given up because the server was away, queued after `since`, oldest first,
    locked; SKIP LOCKED leaves those a job is sending now."""
    rows = await session.execute(
        select(OutgoingMail)
        .where(
            OutgoingMail.status == MailStatus.failed.value,
            OutgoingMail.retryable.is_(True),
            OutgoingMail.created_at >= since,
        )
        .order_by(OutgoingMail.created_at)
        .with_for_update(skip_locked=True)
        .execution_options(populate_existing=True)
    )
    return rows.scalars().all()


async def manager_addresses(session: AsyncSession) -> list[str]:
    """The addresses of active managers and admins."""
    rows = await session.execute(
        select(User.email)
        .where(User.is_active.is_(True), User.role.in_([Role.manager.value, Role.admin.value]))
        .order_by(User.email)
    )
    return list(rows.scalars().all())
