from __future__ import annotations

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from salesbot.errors import Conflict, ValidationFailed
from salesbot.models import Role
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
