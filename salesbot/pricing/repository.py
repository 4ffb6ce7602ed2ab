"""SQL of price lists and quotes."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import func, select, text
from sqlalchemy.ext.asyncio import AsyncSession

from salesbot.models import PriceListVersion, QuoteRecord


async def lock_price_list(session: AsyncSession) -> None:
    """Serialise price-list edits (and the first seeding) across processes."""
    await session.execute(text("SELECT pg_advisory_xact_lock(hashtext('salesbot.price_list'))"))


async def latest(session: AsyncSession) -> PriceListVersion | None:
    result = await session.execute(
        select(PriceListVersion).order_by(PriceListVersion.version.desc()).limit(1)
    )
    return result.scalar_one_or_none()


async def by_version(session: AsyncSession, version: int) -> PriceListVersion | None:
    return await session.get(PriceListVersion, version)


async def versions(session: AsyncSession) -> list[PriceListVersion]:
    result = await session.execute(
        select(PriceListVersion).order_by(PriceListVersion.version.desc())
    )
    return list(result.scalars())


async def add_version(
    session: AsyncSession, version: int, data: dict[str, Any], *, note: str, actor: str
) -> PriceListVersion:
    row = PriceListVersion(version=version, data=data, note=note, created_by=actor)
    session.add(row)
    await session.flush()
    return row


async def quotes_in_conversation(session: AsyncSession, conversation_id: uuid.UUID) -> int:
    value = await session.scalar(
        select(func.count())
        .select_from(QuoteRecord)
        .where(QuoteRecord.conversation_id == conversation_id)
    )
    return int(value or 0)
