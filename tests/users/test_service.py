from __future__ import annotations

import uuid

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from salesbot.errors import Conflict, ValidationFailed
from salesbot.models import Role
from salesbot.security.passwords import verify_password
from salesbot.seed import seed_demo
from salesbot.settings import Settings
from salesbot.users import service


class TestCreate:
    async def test_email_is_normalised_and_unique_case_insensitively(
        self, session: AsyncSession
    ) -> None:
        user = await service.create(
            session, email=" Anna@Example.COM ", password="long-enough", role=Role.manager
        )
        assert user.email == "anna@example.com"
        assert user.password_hash.startswith("$argon2id$")
        with pytest.raises(Conflict):
            await service.create(
                session, email="ANNA@example.com", password="long-enough", role=Role.admin
            )

    @pytest.mark.parametrize(
        ("email", "password", "code"),
        [
            ("not-an-email", "long-enough", "invalid_email"),
            ("a@example.com", "short", "weak_password"),
        ],
    )
    async def test_bad_input_is_explained(
        self, session: AsyncSession, email: str, password: str, code: str
    ) -> None:
        with pytest.raises(ValidationFailed) as excinfo:
            await service.create(session, email=email, password=password, role=Role.manager)
        assert excinfo.value.code == code


class TestSeed:
    async def test_demo_admin_is_created_once(
        self, session: AsyncSession, settings: Settings
    ) -> None:
        first = await seed_demo(session, settings)
        second = await seed_demo(session, settings)
        assert first.admin_created and not second.admin_created
        users = await service.list_users(session)
        assert [u.role for u in users] == ["admin"]


async def _user(session: AsyncSession, email: str, role: Role) -> uuid.UUID:
    user = await service.create(session, email=email, password="long-enough-1", role=role)
    return user.id


class TestAdminsStay:
    async def test_an_admin_cannot_deactivate_themselves(
        self, session: AsyncSession, settings: Settings
    ) -> None:
        boss = await _user(session, "boss@example.com", Role.admin)
        await _user(session, "second@example.com", Role.admin)
        with pytest.raises(Conflict) as refused:
            await service.set_active(session, boss, active=False, actor_id=boss)
        assert refused.value.code == "cannot_deactivate_self"

    async def test_the_last_active_admin_is_never_deactivated_or_demoted(
        self, session: AsyncSession, settings: Settings
    ) -> None:
        boss = await _user(session, "boss@example.com", Role.admin)
        manager = await _user(session, "anna@example.com", Role.manager)
        with pytest.raises(Conflict) as refused:
            await service.set_active(session, boss, active=False, actor_id=None)
        assert refused.value.code == "last_admin"
        with pytest.raises(Conflict) as demoted:
            await service.set_role(session, boss, role=Role.manager)
        assert demoted.value.code == "last_admin"
        # With a second admin both are allowed; a manager comes and goes freely.
        await service.set_role(session, manager, role=Role.admin)
        assert (
            await service.set_active(session, boss, active=False, actor_id=None)
        ).is_active is False
        await service.set_active(session, boss, active=True, actor_id=None)

    async def test_a_password_is_reset_with_the_same_rules(
        self, session: AsyncSession, settings: Settings
    ) -> None:
        boss = await _user(session, "boss@example.com", Role.admin)
        with pytest.raises(ValidationFailed):
            await service.set_password(session, boss, password="short")
        user = await service.set_password(session, boss, password="another-long-one")
        assert verify_password(user.password_hash, "another-long-one")
