"""Demo data for `make run`: a working admin login. Never runs in production."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from salesbot.errors import ConfigurationError
from salesbot.models import Role
from salesbot.settings import Settings
from salesbot.users import service as users


@dataclass(frozen=True)
class SeedReport:
    admin_email: str
    admin_created: bool


async def seed_demo(session: AsyncSession, settings: Settings) -> SeedReport:
    if settings.is_production:
        raise ConfigurationError(
            "Демо-данные не создаются в production: заведите пользователей командой "
            "`salesbot users create`."
        )
    _, created = await users.ensure(
        session,
        email=settings.demo_admin_email,
        password=settings.demo_admin_password.get_secret_value(),
        role=Role.admin,
        full_name="Демо-администратор",
    )
    return SeedReport(settings.demo_admin_email, created)
