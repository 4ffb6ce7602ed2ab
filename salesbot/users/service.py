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


async def set_active(session: AsyncSession, user_id: uuid.UUID, *, active: bool) -> User:
    user = await get(session, user_id)
    user.is_active = active
    await session.flush()
    return user
