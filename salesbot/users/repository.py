from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from salesbot.models import Role, User


async def by_email(session: AsyncSession, email: str) -> User | None:
    result = await session.execute(
        select(User).where(func.lower(User.email) == email.strip().lower())
    )
    return result.scalar_one_or_none()


async def list_all(session: AsyncSession) -> Sequence[User]:
    result = await session.execute(select(User).order_by(User.created_at))
    return result.scalars().all()


async def lock_active_admins(session: AsyncSession) -> list[User]:
    """The active admins, locked: two requests demoting the last two admins at once must
    not both succeed."""
    result = await session.execute(
        select(User)
        .where(User.role == Role.admin.value, User.is_active.is_(True))
        .order_by(User.id)
        .with_for_update()
    )
    return list(result.scalars())
