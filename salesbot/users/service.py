"""Operator accounts."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from email_validator import EmailNotValidError, validate_email
from sqlalchemy.ext.asyncio import AsyncSession

from salesbot.errors import Conflict, NotFound, ValidationFailed
from salesbot.models import Role, User
from salesbot.security.passwords import hash_password
from salesbot.users import repository

MIN_PASSWORD_LENGTH = 8


def normalise_email(email: str) -> str:
    try:
        return validate_email(email.strip(), check_deliverability=False).normalized.lower()
    except EmailNotValidError as exc:
        raise ValidationFailed(f"Некорректный email: {exc}", code="invalid_email") from exc


def check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ValidationFailed(
            f"Пароль слишком короткий: нужно не менее {MIN_PASSWORD_LENGTH} символов.",
            code="weak_password",
        )


async def create(
    session: AsyncSession, *, email: str, password: str, role: Role, full_name: str = ""
) -> User:
    email = normalise_email(email)
    check_password(password)
    if await repository.by_email(session, email) is not None:
        raise Conflict(f"Пользователь {email} уже существует.", code="user_exists")
    user = User(
        id=uuid.uuid4(),
        email=email,
        full_name=full_name,
        password_hash=hash_password(password),
        role=role.value,
        is_active=True,
    )
    session.add(user)
    await session.flush()
    return user


async def ensure(
    session: AsyncSession, *, email: str, password: str, role: Role, full_name: str = ""
) -> tuple[User, bool]:
    """Create the user unless it exists; returns the user and whether it was created."""
    existing = await repository.by_email(session, email)
    if existing is not None:
        return existing, False
    return await create(
        session, email=email, password=password, role=role, full_name=full_name
    ), True


async def get(session: AsyncSession, user_id: uuid.UUID) -> User:
    user = await session.get(User, user_id)
    if user is None:
        raise NotFound("Пользователь не найден.", code="user_not_found")
    return user


async def list_users(session: AsyncSession) -> Sequence[User]:
    return await repository.list_all(session)


async def set_active(
    session: AsyncSession, user_id: uuid.UUID, *, active: bool, actor_id: uuid.UUID | None
) -> User:
    """Activate or deactivate an account; `actor_id` is who asks (None: the CLI)."""
    if not active and user_id == actor_id:
        raise Conflict(
            "Нельзя отключить собственную учётную запись: попросите другого администратора.",
            code="cannot_deactivate_self",
        )
    user = await get(session, user_id)
    if not active:
        await _keep_an_admin(session, user)
    user.is_active = active
    await session.flush()
    return user


async def set_role(session: AsyncSession, user_id: uuid.UUID, *, role: Role) -> User:
    user = await get(session, user_id)
    if role is not Role.admin:
        await _keep_an_admin(session, user)
    user.role = role.value
    await session.flush()
    return user


async def set_password(session: AsyncSession, user_id: uuid.UUID, *, password: str) -> User:
    check_password(password)
    user = await get(session, user_id)
    user.password_hash = hash_password(password)
    await session.flush()
    return user


async def by_email(session: AsyncSession, email: str) -> User:
    user = await repository.by_email(session, normalise_email(email))
    if user is None:
        raise NotFound(f"Пользователь {email} не найден.", code="user_not_found")
    return user


async def _keep_an_admin(session: AsyncSession, leaving: User) -> None:
    """Refuse a change that would leave no active admin to manage the system."""
    admins = await repository.lock_active_admins(session)
    if [admin.id for admin in admins] == [leaving.id]:
        raise Conflict(
            "Это последний активный администратор: сначала назначьте другого, иначе "
            "управлять системой будет некому.",
            code="last_admin",
        )
